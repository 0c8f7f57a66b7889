package org.jmojo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's "Mojom in another Maven project" works from a project outside this build: a fresh
 * Maven project whose pom holds exactly the README's snippet generates Java from its own
 * {@code src/main/mojom} and {@code src/test/mojom} and compiles it, and the README's Java example of
 * "Mojom to Java", compiled in that project, sends a generated struct over a pipe and decodes it.
 *
 * <p>The jmojo artifacts it needs are copied, as {@code ./jmojo install} would install them, into a
 * Maven repository of the test's own under {@code target/outside-project}, never into the user's
 * {@code ~/.m2}; everything else (Maven's plugins, JavaPoet, picocli) comes from the local repository
 * this build already filled, read as a remote through a mirror, so the test needs no network. Runs in
 * the {@code integration-test} phase, after the reactor has packaged the jars.
 */
class OutsideProjectIT {
    private static final Path ROOT = Path.of(System.getProperty("jmojo.root")).toAbsolutePath().normalize();
    private static final String VERSION = System.getProperty("jmojo.version");
    private static final Path WORK = Path.of(System.getProperty("outside.work")).toAbsolutePath();
    private static final List<String> INSTALLED = List.of("jmojo-core", "jmojo-bindings", "jmojom", "jmojom-maven-plugin");

    private record Run(int status, String output) {}

    @Test
    void readmeSnippet_buildsAProjectOutsideTheReactor_andItsGeneratedCodeRuns() throws Exception {
        deleteRecursively(WORK);
        Path repo = installArtifacts(WORK.resolve("repo"));
        Path settings = writeSettings(WORK.resolve("settings.xml"));
        Path project = writeProject(WORK.resolve("project"));

        Run build = run(project, List.of(mavenExecutable(), "-B", "-ntp", "-q", "-Dstyle.color=never",
                "-s", settings.toString(), "-Dmaven.repo.local=" + repo, "test-compile"));

        assertThat(build.status()).as("mvn test-compile of the outside project:%n%s", build.output()).isZero();
        assertThat(project.resolve("target/generated-sources/mojom/org/jmojo/examples/mojom/Greeting.java"))
                .as("goal generate ran on src/main/mojom").isRegularFile();
        assertThat(project.resolve("target/generated-test-sources/mojom/outside/mojom/Ping.java"))
                .as("goal test-generate ran on src/test/mojom").isRegularFile();
        assertThat(project.resolve("target/test-classes/outside/PingUse.class")).isRegularFile();

        String classPath = String.join(java.io.File.pathSeparator, project.resolve("target/classes").toString(),
                artifact(repo, "jmojo-bindings", "jar").toString(), artifact(repo, "jmojo-core", "jar").toString());
        Run example = run(project, List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", classPath, "outside.ReadmeExample"));

        assertThat(example.status()).as("the README's example:%n%s", example.output()).isZero();
        assertThat(example.output()).contains("received Greeting{text=hello, sequence=7");
    }

    /** Lays the jmojo artifacts out as {@code mvn install} would, with the parent pom. */
    private static Path installArtifacts(Path repo) throws IOException {
        copy(ROOT.resolve("pom.xml"), artifact(repo, "jmojo-parent", "pom"));
        for (String module : INSTALLED) {
            Path jar = ROOT.resolve(module).resolve("target").resolve(module + "-" + VERSION + ".jar");
            assertThat(jar).as("built by the reactor before this test").isRegularFile();
            copy(jar, artifact(repo, module, "jar"));
            copy(ROOT.resolve(module).resolve("pom.xml"), artifact(repo, module, "pom"));
        }
        return repo;
    }

    private static Path artifact(Path repo, String artifactId, String extension) {
        return repo.resolve("org/jmojo").resolve(artifactId).resolve(VERSION)
                .resolve(artifactId + "-" + VERSION + "." + extension);
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Every repository mirrored by the local repository this build uses, read as a remote one. */
    private static Path writeSettings(Path file) throws IOException {
        Path local = Path.of(System.getProperty("outside.mirror")).toAbsolutePath();
        Files.createDirectories(file.getParent());
        return Files.writeString(file, """
                <settings>
                  <mirrors>
                    <mirror>
                      <id>this-build</id>
                      <mirrorOf>*</mirrorOf>
                      <url>%s</url>
                    </mirror>
                  </mirrors>
                </settings>
                """.formatted(local.toUri()));
    }

    private static Path writeProject(Path project) throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        String snippet = block(readme, "### Mojom in another Maven project", "```xml");
        assertThat(snippet).contains("<artifactId>jmojom-maven-plugin</artifactId>", "<version>" + VERSION + "</version>");
        // What every project adds anyway, and the README says so: Java 25, and plugin versions (the ones
        // this build uses, already in the local repository) instead of Maven 3.8's old defaults.
        String pom = """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>outside</groupId>
                  <artifactId>outside</artifactId>
                  <version>1</version>
                  <properties>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                    <maven.compiler.release>25</maven.compiler.release>
                  </properties>
                %s
                </project>
                """.formatted(snippet.replace("<build>", """
                <build>
                  <pluginManagement>
                    <plugins>
                      <plugin>
                        <artifactId>maven-compiler-plugin</artifactId>
                        <version>%s</version>
                      </plugin>
                      <plugin>
                        <artifactId>maven-resources-plugin</artifactId>
                        <version>%s</version>
                      </plugin>
                    </plugins>
                  </pluginManagement>""".formatted(System.getProperty("outside.compilerPluginVersion"),
                System.getProperty("outside.resourcesPluginVersion"))));
        write(project.resolve("pom.xml"), pom);
        copy(ROOT.resolve("examples/src/test/mojom/org/jmojo/examples/greeting.mojom"),
                project.resolve("src/main/mojom/greeting.mojom"));
        write(project.resolve("src/test/mojom/ping.mojom"), """
                [JavaPackage="outside.mojom"]
                module outside;
                struct Ping { int32 n; };
                """);
        write(project.resolve("src/test/java/outside/PingUse.java"), """
                package outside;
                final class PingUse {
                    static int n() { return new outside.mojom.Ping().setN(3).getN(); }
                }
                """);
        String example = block(readme, "## Mojom to Java", "```java");
        write(project.resolve("src/main/java/outside/ReadmeExample.java"), """
                package outside;

                import java.lang.foreign.MemorySegment;
                import org.jmojo.examples.mojom.Greeting;
                import org.jmojo.system.Core;
                import org.jmojo.system.Message;
                import org.jmojo.system.MessagePipe;

                /** The README's example of "Mojom to Java", verbatim between the braces of the try. */
                public final class ReadmeExample {
                    public static void main(String[] args) throws Exception {
                        try (MessagePipe pipe = Core.instance().createMessagePipe()) {
                %s
                            if (!received.equals(sent)) {
                                throw new AssertionError("sent " + sent + ", received " + received);
                            }
                            System.out.println("received " + received);
                        }
                    }
                }
                """.formatted(example));
        return project;
    }

    /** The first fenced block opened by {@code fence} after the line {@code heading}. */
    private static String block(String markdown, String heading, String fence) {
        List<String> lines = markdown.lines().toList();
        int at = lines.indexOf(heading);
        assertThat(at).as("README.md has the heading %s", heading).isNotNegative();
        int open = at + 1;
        while (open < lines.size() && !lines.get(open).strip().equals(fence)) {
            open++;
        }
        int close = open + 1;
        while (close < lines.size() && !lines.get(close).strip().equals("```")) {
            close++;
        }
        assertThat(close).as("a %s block after %s", fence, heading).isLessThan(lines.size());
        return String.join("\n", lines.subList(open + 1, close));
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static String mavenExecutable() {
        Path mvn = Path.of(System.getProperty("maven.home"), "bin", "mvn");
        assertThat(mvn).as("the Maven running this build").isExecutable();
        return mvn.toString();
    }

    private static Run run(Path dir, List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(WORK, "run", ".log");
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("MAVEN_OPTS", "--sun-misc-unsafe-memory-access=allow -Djansi.noreset=true");
        Process p = pb.start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("%s ends", command).isTrue();
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

package org.jmojo.mojom.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the goals the way Maven does (parameters injected, then {@code execute}) on a project laid
 * out in a temporary directory, then compiles what they wrote with javac against the runtime.
 */
class GenerateMojoTest {

    @TempDir
    Path base;

    private MavenProject project;
    private final List<String> errors = new ArrayList<>();
    private final List<String> infos = new ArrayList<>();

    /** Records what the goal logs. */
    private final SystemStreamLog log = new SystemStreamLog() {
        @Override
        public void error(CharSequence content) {
            errors.add(content.toString());
        }

        @Override
        public void info(CharSequence content) {
            infos.add(content.toString());
        }

        @Override
        public void warn(CharSequence content) {
            infos.add("warn: " + content);
        }
    };

    @BeforeEach
    void setUp() throws IOException {
        project = new MavenProject();
        project.setFile(base.resolve("pom.xml").toFile());
        write("src/main/mojom/demo/geometry.mojom", """
                module demo.geometry;
                struct Point { int32 x; int32 y; };
                """);
        write("src/main/mojom/demo/shapes.mojom", """
                module demo.shapes;
                import "demo/geometry.mojom";
                union Shape { demo.geometry.Point dot; array<demo.geometry.Point> polygon; };
                interface Canvas { Draw(Shape shape) => (bool ok); };
                """);
    }

    private Path write(String relative, String text) throws IOException {
        Path p = base.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    private GenerateMojo generate() {
        GenerateMojo mojo = new GenerateMojo();
        mojo.project = project;
        mojo.sourceDirectory = base.resolve("src/main/mojom").toFile();
        mojo.outputDirectory = base.resolve("target/generated-sources/mojom").toFile();
        mojo.setLog(log);
        return mojo;
    }

    private TestGenerateMojo testGenerate() {
        TestGenerateMojo mojo = new TestGenerateMojo();
        mojo.project = project;
        mojo.sourceDirectory = base.resolve("src/test/mojom").toFile();
        mojo.mainSourceDirectory = base.resolve("src/main/mojom").toFile();
        mojo.outputDirectory = base.resolve("target/generated-test-sources/mojom").toFile();
        mojo.setLog(log);
        return mojo;
    }

    private static List<Path> javaFiles(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    @Test
    void generate_mojomTree_writesJavaRegistersRootAndResources() throws Exception {
        generate().execute();
        Path out = base.resolve("target/generated-sources/mojom");
        assertThat(javaFiles(out)).extracting(p -> out.relativize(p).toString().replace(File.separatorChar, '/'))
                .containsExactly("demo/geometry/GeometryCodecs.java", "demo/geometry/Point.java", "demo/shapes/Canvas.java",
                        "demo/shapes/Shape.java", "demo/shapes/ShapesCodecs.java");
        assertThat(project.getCompileSourceRoots()).contains(out.toString());
        assertThat(project.getResources()).extracting(Resource::getDirectory)
                .contains(base.resolve("src/main/mojom").toString());
    }

    @Test
    void generate_generatedJava_compilesWithoutWarnings() throws Exception {
        generate().execute();
        List<Path> sources = javaFiles(base.resolve("target/generated-sources/mojom"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("-Xlint:all", "-Werror", "-d", base.resolve("classes").toString(),
                "-cp", System.getProperty("java.class.path")));
        sources.forEach(p -> args.add(p.toString()));
        int status = javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new));
        assertThat(status).as(diagnostics.toString(java.nio.charset.StandardCharsets.UTF_8)).isZero();
        assertThat(base.resolve("classes/demo/shapes/Canvas.class")).exists();
    }

    @Test
    void generate_nothingChanged_skipsWork() throws Exception {
        generate().execute();
        Path marker = write("target/generated-sources/mojom/marker.txt", "left alone when nothing changed");
        generate().execute();
        assertThat(marker).exists();
        assertThat(infos).anyMatch(m -> m.contains("up to date"));
    }

    @Test
    void generate_inputChanged_regenerates() throws Exception {
        generate().execute();
        Path marker = write("target/generated-sources/mojom/marker.txt", "removed by a regeneration");
        Path geometry = write("src/main/mojom/demo/geometry.mojom", """
                module demo.geometry;
                struct Point { int32 x; int32 y; int32 z; };
                """);
        Files.setLastModifiedTime(geometry, FileTime.fromMillis(System.currentTimeMillis() + 10_000));
        generate().execute();
        assertThat(marker).doesNotExist();
        assertThat(Files.readString(base.resolve("target/generated-sources/mojom/demo/geometry/Point.java")))
                .contains("getZ()");
    }

    @Test
    void classesStamp_changesWhenTheCompilerIsRebuilt() throws IOException {
        Path classes = base.resolve("compiler-classes");
        Path generator = write("compiler-classes/org/jmojo/mojom/gen/Generator.class", "old");
        Files.setLastModifiedTime(generator, FileTime.fromMillis(1_000_000));
        String before = AbstractGenerateMojo.classesStamp(classes);
        assertThat(AbstractGenerateMojo.classesStamp(classes)).isEqualTo(before);

        Files.writeString(generator, "new");
        Files.setLastModifiedTime(generator, FileTime.fromMillis(2_000_000));
        assertThat(AbstractGenerateMojo.classesStamp(classes)).isNotEqualTo(before);

        Path jar = write("compiler.jar", "jar");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_000_000));
        String jarBefore = AbstractGenerateMojo.classesStamp(jar);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(3_000_000));
        assertThat(AbstractGenerateMojo.classesStamp(jar)).isNotEqualTo(jarBefore);
        assertThat(AbstractGenerateMojo.compilerStamp()).isNotEqualTo("unknown");
    }

    @Test
    void generate_syntaxError_failsBuildWithFileAndLine() throws IOException {
        write("src/main/mojom/demo/broken.mojom", """
                module demo.broken;
                struct Bad { int32 x };
                """);
        assertThatThrownBy(() -> generate().execute())
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("broken.mojom:2:");
        assertThat(errors).anyMatch(e -> e.contains("broken.mojom:2:") && e.contains("error"));
    }

    @Test
    void testGenerate_importsMainMojom_registersTestRoot() throws Exception {
        write("src/test/mojom/demo/fixtures.mojom", """
                module demo.fixtures;
                import "demo/geometry.mojom";
                struct Fixture { demo.geometry.Point origin; };
                """);
        testGenerate().execute();
        Path out = base.resolve("target/generated-test-sources/mojom");
        assertThat(out.resolve("demo/fixtures/Fixture.java")).exists();
        assertThat(out.resolve("demo/geometry/Point.java")).doesNotExist();
        assertThat(project.getTestCompileSourceRoots()).contains(out.toString());
        assertThat(project.getCompileSourceRoots()).doesNotContain(out.toString());
    }

    @Test
    void generate_noSourceDirectory_nothingToDo() throws Exception {
        GenerateMojo mojo = generate();
        mojo.sourceDirectory = base.resolve("src/none").toFile();
        mojo.execute();
        assertThat(base.resolve("target/generated-sources/mojom")).doesNotExist();
        assertThat(project.getCompileSourceRoots()).isEmpty();
    }

    @Test
    void generate_skip_doesNothing() throws Exception {
        GenerateMojo mojo = generate();
        mojo.skip = true;
        mojo.execute();
        assertThat(base.resolve("target/generated-sources/mojom")).doesNotExist();
    }
}

package org.jmojo.mojom.maven;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.jmojo.mojom.JavaGenerator;
import org.jmojo.mojom.MojomCompiler;
import org.jmojo.mojom.model.CompilationResult;
import org.jmojo.mojom.model.Diagnostic;
import org.jmojo.mojom.model.MojomFile;

/**
 * Shared work of {@code generate} and {@code test-generate}: find the {@code .mojom} files under a
 * source directory, compile them with jmojom, write Java into an output directory and register it
 * as a source root.
 *
 * <p>Work is skipped when nothing changed: a stamp file beside the output records a digest of every
 * input file's path, size and modification time, the import paths, the enabled features and the
 * plugin version, and the size and time of the compiler's jar or class directory (a rebuilt SNAPSHOT
 * compiler regenerates). A compile error fails the build with every diagnostic logged as
 * {@code file:line:column: error: ...}.
 */
public abstract class AbstractGenerateMojo extends AbstractMojo {

    /** The project being built (injected by Maven). */
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    /** Extra import roots, searched before the source directory. */
    @Parameter
    protected List<File> importPaths = new ArrayList<>();

    /** Features that switch on {@code [EnableIf=...]} elements. */
    @Parameter
    protected List<String> features = new ArrayList<>();

    /** Skips this goal. */
    @Parameter(property = "jmojom.skip", defaultValue = "false")
    protected boolean skip;

    /** The root of the {@code .mojom} files (also an import root). */
    protected abstract File sourceDirectory();

    /** Where the Java goes; registered as a source root. */
    protected abstract File outputDirectory();

    /** Registers {@code dir} as a (test) compile source root of the project. */
    protected abstract void addSourceRoot(String dir);

    /** Import roots in addition to the source directory and {@link #importPaths}. */
    protected List<File> defaultImportPaths() {
        return List.of();
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("jmojom: skipped");
            return;
        }
        Path source = sourceDirectory().toPath();
        Path output = outputDirectory().toPath();
        if (!Files.isDirectory(source)) {
            getLog().info("jmojom: no " + source + ", nothing to generate");
            return;
        }
        addSourceRoot(output.toString());
        try {
            List<Path> files = mojomFiles(source);
            if (files.isEmpty()) {
                getLog().info("jmojom: no .mojom files under " + source);
                return;
            }
            List<Path> roots = new ArrayList<>();
            importPaths.forEach(f -> roots.add(f.toPath()));
            roots.add(source);
            defaultImportPaths().forEach(f -> roots.add(f.toPath()));
            Path stamp = output.resolveSibling(output.getFileName() + ".jmojom-stamp");
            String digest = digest(files, roots);
            if (Files.isDirectory(output) && Files.isRegularFile(stamp) && Files.readString(stamp).equals(digest)) {
                getLog().info("jmojom: " + files.size() + " .mojom file(s) unchanged, generated sources up to date");
                return;
            }
            generate(files, roots, output);
            Files.writeString(stamp, digest, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MojoExecutionException("jmojom: I/O error generating from " + source + " into " + output, e);
        }
    }

    private void generate(List<Path> files, List<Path> roots, Path output) throws IOException, MojoFailureException {
        CompilationResult result = MojomCompiler.compile(files, roots, new LinkedHashSet<>(features));
        for (Diagnostic d : result.warnings()) {
            getLog().warn(d.toString());
        }
        if (result.hasErrors()) {
            for (Diagnostic d : result.errors()) {
                getLog().error(d.toString());
            }
            throw new MojoFailureException(result.errors().size() + " error(s) in .mojom files; first: "
                    + result.errors().getFirst());
        }
        JavaGenerator generator = ServiceLoader.load(JavaGenerator.class, JavaGenerator.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("jmojom on the plugin class path has no Java generator"));
        deleteTree(output);
        Files.createDirectories(output);
        for (MojomFile f : result.files()) {
            generator.generate(f, result, output);
        }
        getLog().info("jmojom: generated Java for " + files.size() + " .mojom file(s) into " + output);
    }

    static List<Path> mojomFiles(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".mojom"))
                    .sorted().toList();
        }
    }

    private String digest(List<Path> files, List<Path> roots) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
        StringBuilder in = new StringBuilder("jmojom-maven-plugin ")
                .append(getClass().getPackage().getImplementationVersion()).append('\n')
                .append("compiler ").append(compilerStamp()).append('\n');
        for (Path f : files) {
            in.append(f).append(' ').append(Files.size(f)).append(' ').append(Files.getLastModifiedTime(f).toMillis())
                    .append('\n');
        }
        in.append("roots ").append(roots).append("\nfeatures ").append(features).append('\n');
        for (Path root : roots) {
            if (Files.isDirectory(root) && !files.isEmpty()) {
                // Imported files outside the source directory change the output too.
                for (Path f : mojomFiles(root)) {
                    in.append("import ").append(f).append(' ').append(Files.getLastModifiedTime(f).toMillis())
                            .append('\n');
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest(in.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Where the compiler's classes come from, with their size and modification time: a rebuilt
     * SNAPSHOT compiler (same version, new generator) must regenerate, or the project would compile
     * against Java the new runtime no longer accepts.
     */
    static String compilerStamp() throws IOException {
        java.security.CodeSource source = MojomCompiler.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null || !"file".equals(source.getLocation().getProtocol())) {
            return "unknown";
        }
        Path location;
        try {
            location = Path.of(source.getLocation().toURI());
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            return source.getLocation().toString();
        }
        return classesStamp(location);
    }

    /** A jar's size and time, or a class directory's file count and newest time, after its path. */
    static String classesStamp(Path location) throws IOException {
        if (Files.isRegularFile(location)) {
            return location + " " + Files.size(location) + " " + Files.getLastModifiedTime(location).toMillis();
        }
        // A class directory (a build inside the reactor): its newest file and how many there are.
        try (Stream<Path> walk = Files.walk(location)) {
            long[] newestAndCount = {0, 0};
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                newestAndCount[0] = Math.max(newestAndCount[0], Files.getLastModifiedTime(f).toMillis());
                newestAndCount[1]++;
            }
            return location + " " + newestAndCount[1] + " " + newestAndCount[0];
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

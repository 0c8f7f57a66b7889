package org.jmojo.mojom.gen;

import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.jmojo.mojom.JavaGenerator;
import org.jmojo.mojom.model.CompilationResult;
import org.jmojo.mojom.model.MojomFile;

/**
 * The jmojo Java generator: writes, for each struct, union, enum and interface of a {@code .mojom}
 * file, the public Java type a user programs against (an immutable struct with a builder, a sealed
 * union of records, a Java {@code enum}, an interface's constants and parameter structs), and one
 * package-private codecs class that encodes and decodes them with the
 * {@code org.jmojo.bindings.runtime} package and holds the schemas the validator checks.
 *
 * <p>The Java package is the module's {@code [JavaPackage]}, else the module name. Output is
 * deterministic: the same input gives byte-identical files. Thread-safe.
 */
public final class JavaSourceGenerator implements JavaGenerator {

    /** Creates the generator (also the {@link java.util.ServiceLoader} entry point). */
    public JavaSourceGenerator() {}

    @Override
    public void generate(MojomFile file, CompilationResult result, Path outputDirectory) throws IOException {
        Objects.requireNonNull(outputDirectory, "outputDirectory");
        List<JavaFile> files = javaFiles(file, result);
        // JavaPoet creates package directories, but not the root for a file without a module.
        Files.createDirectories(outputDirectory);
        for (JavaFile f : files) {
            f.writeToPath(outputDirectory);
        }
    }

    /**
     * The Java sources for one file, as {@code (relative path, text)} pairs in definition order.
     *
     * @throws IllegalArgumentException if {@code result} has errors
     */
    public List<Source> sources(MojomFile file, CompilationResult result) {
        return javaFiles(file, result).stream()
                .map(f -> new Source((f.packageName().isEmpty() ? "" : f.packageName().replace('.', '/') + "/")
                        + f.typeSpec().name() + ".java", f.toString()))
                .toList();
    }

    private List<JavaFile> javaFiles(MojomFile file, CompilationResult result) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(result, "result");
        if (result.hasErrors()) {
            throw new IllegalArgumentException("cannot generate Java from a compilation with errors: "
                    + result.errors().getFirst());
        }
        return new Emitters(registry(result), file).emitFile();
    }

    /**
     * The names of one compilation, built once however many of its files are generated: the last
     * compilation's registry is kept, so generating each file of a compilation in turn costs time
     * linear in its definitions, not in the compilation's.
     */
    private synchronized TypeRegistry registry(CompilationResult result) {
        if (last == null || last.result() != result) {
            last = new TypeRegistry(result);
        }
        return last;
    }

    /** The registry of the compilation generated last; guarded by {@code this}. */
    private TypeRegistry last;

    /**
     * One generated Java source file.
     *
     * @param path the path below the output directory, e.g. {@code jmojo/golden/Point.java}
     * @param text the source text
     */
    public record Source(String path, String text) {}
}

package org.jmojo.mojom.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.jmojo.mojom.MojomCompiler;
import org.jmojo.mojom.gen.JavaSourceGenerator;
import org.jmojo.mojom.model.CompilationResult;
import org.jmojo.mojom.model.MojomFile;

/**
 * The property every compiler fuzz input is checked against: a {@code .mojom} text either
 * compiles to Java, or gets diagnostics each located at a line of the input; nothing throws. For
 * a sample of inputs the generated Java is also written to disk and compiled with javac, which
 * must report no error.
 *
 * <p>Input layout: byte 0 below {@link #RAW_BELOW} means the rest is the text itself (UTF-8);
 * otherwise the rest drives {@link MojomMutator} over one of the repository's own
 * {@code .mojom} files ({@link #SEEDS}), chosen by the input too. Whether javac runs is another
 * choice, true for about one input in 256 (never for an input too short to make it).
 *
 * <p>A broken property is an {@link AssertionError} that names the seed and holds the input in
 * hex and the mutated text. The seeds are read once per JVM; {@link #check} is thread-safe.
 */
final class CompilerFuzzTarget {

    /** Inputs whose first byte is below this are raw text. */
    static final int RAW_BELOW = 32;

    /** The value of the javac choice that makes an input compile its Java (any other value does not). */
    private static final int JAVAC_CHOICE = 173;

    /** Features enabled for every compilation, so {@code EnableIf} branches of the seeds are taken. */
    private static final Set<String> FEATURES = Set.of("is_linux", "use_extra");

    /**
     * One seed: a repository {@code .mojom} file and the import roots it compiles under.
     *
     * @param file the file, whose name the mutant keeps
     * @param roots import roots: its directory, and the directory of the set it belongs to
     * @param text its content
     */
    record Seed(Path file, List<Path> roots, String text) {}

    /** The repository's {@code .mojom} files, in a fixed order. */
    static final List<Seed> SEEDS = loadSeeds();

    private static final List<String> SEED_TEXTS = SEEDS.stream().map(Seed::text).toList();

    /**
     * What one input did.
     *
     * @param accepted whether the (mutated) text compiled without errors
     * @param javacRan whether its Java was compiled with javac
     */
    record Outcome(boolean accepted, boolean javacRan) {}

    private CompilerFuzzTarget() {}

    /** Checks the property on one fuzz input; throws {@link AssertionError} if it is broken. */
    static Outcome check(byte[] input) {
        if (input.length == 0) {
            return new Outcome(false, false);
        }
        ByteChoices c = new ByteChoices(input, 1);
        if ((input[0] & 0xFF) < RAW_BELOW) {
            String text = new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
            return check(SEEDS.getFirst(), text, false, input);
        }
        Seed seed = SEEDS.get(c.pick(SEEDS.size()));
        boolean javac = c.pick(256) == JAVAC_CHOICE;
        String text = MojomMutator.mutate(seed.text(), SEED_TEXTS, 6, c);
        return check(seed, text, javac, input);
    }

    /**
     * Checks the property on {@code text} compiled in place of {@code seed}.
     *
     * @param javac whether to compile the generated Java too
     * @param input the fuzz input, shown when the property is broken (may be null)
     */
    static Outcome check(Seed seed, String text, boolean javac, byte[] input) {
        Path name = seed.file();
        CompilationResult r;
        try {
            r = MojomCompiler.compileSource(name, text, seed.roots(), FEATURES);
        } catch (Throwable e) {
            throw broken("the compiler threw", seed, text, input, e);
        }
        long lines = text.lines().count() + 1;
        for (org.jmojo.mojom.model.Diagnostic d : r.diagnostics()) {
            if (d.message().isBlank()) {
                throw broken("a diagnostic has no message: " + d, seed, text, input, null);
            }
            if (d.position().file().equals(name) && d.position().line() > lines) {
                throw broken("a diagnostic is located after the last line: " + d, seed, text, input, null);
            }
        }
        if (r.hasErrors()) {
            return new Outcome(false, false);
        }
        List<MojomFile> files = new ArrayList<>(r.files());
        files.addAll(r.importedFiles());
        JavaSourceGenerator generator = new JavaSourceGenerator();
        if (!javac) {
            for (MojomFile f : files) {
                try {
                    generator.sources(f, r);
                } catch (Throwable e) {
                    throw broken("the generator threw on " + f.importName(), seed, text, input, e);
                }
            }
            return new Outcome(true, false);
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("jmojom-fuzz-");
            Path src = dir.resolve("src");
            for (MojomFile f : files) {
                try {
                    generator.generate(f, r, src);
                } catch (Throwable e) {
                    throw broken("the generator threw on " + f.importName(), seed, text, input, e);
                }
            }
            List<String> errors = javacErrors(src, dir.resolve("classes"));
            if (!errors.isEmpty()) {
                throw broken("javac rejects the generated Java: " + String.join("\n", errors), seed, text, input, null);
            }
            return new Outcome(true, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use a temporary directory for javac", e);
        } finally {
            deleteTree(dir);
        }
    }

    /** Compiles every {@code .java} file under {@code src} (which may not exist); returns javac's errors. */
    static List<String> javacErrors(Path src, Path classes) throws IOException {
        List<Path> sources;
        if (!Files.isDirectory(src)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(src)) {
            sources = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        if (sources.isEmpty()) {
            return List.of(); // a file without definitions generates no class
        }
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-proc:none", "-implicit:none", "-d", classes.toString(),
                    "-classpath", runtimeClassPath());
            Boolean ok = javac.getTask(null, fm, diagnostics, options, null, fm.getJavaFileObjectsFromPaths(sources)).call();
            List<String> errors = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    errors.add((d.getSource() == null ? "" : d.getSource().getName() + ":" + d.getLineNumber() + ": ")
                            + d.getMessage(Locale.ROOT));
                }
            }
            if (!ok && errors.isEmpty()) {
                errors.add("javac failed without an error diagnostic");
            }
            return errors;
        }
    }

    /** The class path generated code compiles against: jmojo-bindings and jmojo-core. */
    private static String runtimeClassPath() {
        try {
            return Path.of(org.jmojo.bindings.runtime.Encoder.class.getProtectionDomain().getCodeSource().getLocation()
                    .toURI()) + java.io.File.pathSeparator
                    + Path.of(org.jmojo.system.Handle.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the runtime classes have no file location", e);
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    private static AssertionError broken(String what, Seed seed, String text, byte[] input, Throwable cause) {
        String shown = text.length() > 4000 ? text.substring(0, 4000) + "\n[... " + text.length() + " chars]" : text;
        return new AssertionError(what + "\nseed: " + seed.file().getFileName()
                + (input == null ? "" : "\ninput: " + HexFormat.of().formatHex(input)) + "\ntext:\n" + shown, cause);
    }

    // ---- seeds ---------------------------------------------------------------------------------

    private static List<Seed> loadSeeds() {
        Path repo = repositoryRoot();
        Path parse = repo.resolve("jmojom/src/test/resources/parse");
        List<Path> dirs = List.of(parse, parse.resolve("imported"), parse.resolve("imported/deep"),
                repo.resolve("jmojom/src/test/resources/gen"), repo.resolve("jmojom/src/test/resources/compat"),
                repo.resolve("jmojom/src/test/resources/errors"), repo.resolve("jmojom/src/test/resources/accepted"),
                repo.resolve("jmojo-conformance/src/test/resources/chromium"),
                repo.resolve("jmojo-conformance/src/test/resources/chromium/golden"),
                repo.resolve("jmojo-conformance/src/test/resources/golden-extra"),
                repo.resolve("jmojo-conformance/src/test/resources/extra-validation"),
                repo.resolve("jmojo-conformance/src/test/mojom"), repo.resolve("jmojo-benchmarks/src/main/mojom"),
                repo.resolve("examples/src/test/mojom/org/jmojo/examples"));
        List<Seed> seeds = new ArrayList<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.list(dir)) {
                for (Path f : s.filter(p -> p.toString().endsWith(".mojom")).sorted().toList()) {
                    seeds.add(new Seed(f, List.of(f.getParent(), parse), Files.readString(f, StandardCharsets.UTF_8)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the seeds in " + dir, e);
            }
        }
        if (seeds.size() < 20) {
            throw new IllegalStateException("only " + seeds.size() + " seed .mojom files found under " + repo);
        }
        return List.copyOf(seeds);
    }

    /** The repository root: the nearest directory above the working directory holding jmojom/pom.xml. */
    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("jmojom/pom.xml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no jmojom/pom.xml above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** Choices read from fuzz input bytes; once the bytes run out every choice is 0. */
    static final class ByteChoices implements MojomMutator.Choices {
        private final byte[] data;
        private int pos;

        ByteChoices(byte[] data, int start) {
            this.data = data;
            this.pos = start;
        }

        @Override
        public int pick(int bound) {
            if (bound <= 1) {
                return 0;
            }
            int bytes = bound <= 256 ? 1 : bound <= 65536 ? 2 : 4;
            long v = 0;
            for (int i = 0; i < bytes; i++) {
                v = (v << 8) | (pos < data.length ? data[pos++] & 0xFF : 0);
            }
            return (int) (v % bound);
        }
    }
}

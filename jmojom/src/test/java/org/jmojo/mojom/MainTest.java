package org.jmojo.mojom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.jmojo.mojom.model.CompilationResult;
import org.jmojo.mojom.model.MojomFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: exit codes and diagnostic format. */
class MainTest {
    /** A generator that fails as a compiler bug would: installed only by {@link #withGenerator}. */
    public static final class OverflowingGenerator implements JavaGenerator {
        /** Creates the generator (ServiceLoader needs a public constructor). */
        public OverflowingGenerator() {}

        @Override
        public void generate(MojomFile file, CompilationResult result, Path outputDirectory) {
            throw new StackOverflowError();
        }
    }

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void compile_validFiles_exitZero() {
        Path dir = TestFiles.resourceDir("parse");
        int rc = run("compile", "--java-out", "target/unused", "-I", dir.toString(), "--enable", "is_linux",
                dir.resolve("interfaces.mojom").toString());
        assertThat(rc).isZero();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void compile_threeErrors_exitOne_reportsEachAsFileLineColumn() {
        Path file = TestFiles.resourceDir("errors").resolve("three_errors.mojom");
        int rc = run("compile", "--java-out", "target/unused", file.toString());
        assertThat(rc).isEqualTo(1);
        assertThat(err.toString().lines().toList()).containsExactly(
                file + ":4:3: error: unknown type 'Unknown'",
                file + ":8:7: error: enum value A = 4294967296 is out of the int32 range",
                file + ":12:4: error: [Sync] method e.Third.NoReply must declare a response ('=> (...)')",
                "3 error(s)");
        assertThat(err.toString()).doesNotContain("Exception");
    }

    @Test
    void compile_warningsOnly_exitZero_printsWarnings() {
        Path dir = TestFiles.resourceDir("parse");
        int rc = run("compile", dir.resolve("legacy.mojom").toString());
        assertThat(rc).isZero();
        assertThat(err.toString()).contains("legacy.mojom:3:2: warning: unknown attribute 'DartPackage'");
    }

    @Test
    void compile_missingFile_exitOne_noStackTrace() {
        int rc = run("compile", "no/such/file.mojom");
        assertThat(rc).isEqualTo(1);
        assertThat(err.toString()).startsWith("no/such/file.mojom:1:1: error: cannot read no/such/file.mojom");
        assertThat(err.toString()).doesNotContain("\tat ");
    }

    @Test
    void noArguments_usageError_exitTwo() {
        assertThat(run("compile")).isEqualTo(2);
        assertThat(err.toString()).contains("FILE.mojom");
    }

    @Test
    void dump_printsPackedLayout() {
        Path dir = TestFiles.resourceDir("parse");
        int rc = run("dump", dir.resolve("no_module.mojom").toString());
        assertThat(rc).isZero();
        assertThat(out.toString()).contains("struct Lonely num_bytes=16", "@0 x: int32 offset=8");
    }

    @Test
    void compile_noWarnings_printsErrorsButNotWarnings() {
        Path dir = TestFiles.resourceDir("parse");
        int rc = run("compile", "--no-warnings", dir.resolve("legacy.mojom").toString());
        assertThat(rc).isZero();
        assertThat(err.toString()).isEmpty();

        Path broken = TestFiles.resourceDir("errors").resolve("three_errors.mojom");
        assertThat(run("compile", "--no-warnings", broken.toString())).isEqualTo(1);
        assertThat(err.toString()).contains(broken + ":4:3: error: unknown type 'Unknown'", "3 error(s)");
    }

    @Test
    void everyCommand_answersHelpAndVersion_underTheNameJmojo() {
        for (String command : new String[] {"compile", "dump", "check-compat"}) {
            out.getBuffer().setLength(0);
            assertThat(run(command, "--help")).isZero();
            assertThat(out.toString()).startsWith("Usage: jmojo " + command + " ");

            out.getBuffer().setLength(0);
            assertThat(run(command, "--version")).isZero();
            assertThat(out.toString().strip()).isEqualTo("jmojo " + ToolVersion.VERSION);
        }
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void noSubcommand_usageGoesToTheGivenErrorStream() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).startsWith("Usage: jmojo ");
    }

    @Test
    void compile_internalError_exitThree_namesInput_noStackTrace(@TempDir Path tmp) throws IOException {
        Path file = TestFiles.resourceDir("parse").resolve("no_module.mojom");
        int rc = withGenerator(tmp, OverflowingGenerator.class,
                () -> run("compile", "--java-out", tmp.resolve("out").toString(), file.toString()));
        assertThat(rc).isEqualTo(Main.INTERNAL_ERROR).isEqualTo(3);
        assertThat(err.toString()).startsWith("jmojo: internal compiler error while processing " + file
                + ": StackOverflowError");
        assertThat(err.toString()).doesNotContain("\tat ").doesNotContain("Exception in");
        assertThat(err.toString().lines()).hasSize(1);
    }

    @Test
    void compile_outputNotWritable_exitFour_noStackTrace(@TempDir Path tmp) throws IOException {
        Path file = TestFiles.resourceDir("parse").resolve("no_module.mojom");
        Path notADirectory = Files.writeString(tmp.resolve("plain-file"), "x");
        int rc = run("compile", "--java-out", notADirectory.toString(), file.toString());
        assertThat(rc).isEqualTo(Main.OUTPUT_ERROR).isEqualTo(4);
        assertThat(err.toString()).startsWith("jmojo: cannot write the generated Java to " + notADirectory + ": ");
        assertThat(err.toString()).doesNotContain("\tat ");
    }

    @Test
    void help_listsTheExitCodes() {
        assertThat(run("compile", "--help")).isZero();
        assertThat(out.toString()).contains("Exit codes:", "1   the input has errors", "3   internal compiler error",
                "4   the generated Java could not be written");
    }

    /** Runs {@code body} with a context class loader whose only {@link JavaGenerator} is {@code generator}. */
    private static int withGenerator(Path tmp, Class<? extends JavaGenerator> generator, java.util.function.IntSupplier body)
            throws IOException {
        String service = "META-INF/services/" + JavaGenerator.class.getName();
        Path file = Files.writeString(tmp.resolve("services"), generator.getName() + "\n");
        ClassLoader parent = MainTest.class.getClassLoader();
        ClassLoader loader = new ClassLoader(parent) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                return name.equals(service) ? Collections.enumeration(List.of(file.toUri().toURL()))
                        : super.getResources(name);
            }
        };
        Thread t = Thread.currentThread();
        ClassLoader saved = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        try {
            return body.getAsInt();
        } finally {
            t.setContextClassLoader(saved);
        }
    }
}

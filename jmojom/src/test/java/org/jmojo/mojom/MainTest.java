package org.jmojo.mojom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The command line: exit codes and diagnostic format. */
class MainTest {
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
}

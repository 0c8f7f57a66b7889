package org.jmojo.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jmojo.mojom.ToolVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code ./jmojo} launcher's own commands: {@code --help} prints that command's usage and does
 * nothing else (no build, no Maven, no demo), {@code --version} prints the version. These answers come
 * from the script before it looks for a JDK, so the test runs bash only.
 */
class LauncherTest {
    private static final Path ROOT = Path.of(System.getProperty("jmojo.root"));

    private record Run(int status, String out, String err) {}

    private static Run launcher(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("jmojo").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("launcher", ".out");
        Path err = Files.createTempFile("launcher", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the launcher answers at once").isTrue();
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "test", "build", "install", "bench"})
    void help_printsOnlyThatCommandsUsage(String command) throws Exception {
        for (String help : List.of("--help", "-h")) {
            Run r = launcher(command, help);

            assertThat(r.status()).isZero();
            assertThat(r.out()).startsWith("Usage: jmojo " + command);
            // Nothing ran: no build message, no Maven usage, no demo output.
            assertThat(r.err()).isEmpty();
            assertThat(r.out()).doesNotContain("usage: mvn", "[main]", "building");
        }
    }

    @Test
    void test_helpAmongMavenArguments_isNotPassedToMaven() throws Exception {
        Run r = launcher("test", "-pl", "jmojo-core", "--help");

        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("Usage: jmojo test").doesNotContain("usage: mvn");
    }

    @Test
    void version_printsTheProjectVersion() throws Exception {
        for (String flag : List.of("--version", "-V")) {
            Run r = launcher(flag);

            assertThat(r.status()).isZero();
            assertThat(r.out().strip()).isEqualTo("jmojo " + ToolVersion.VERSION);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "test", "build", "install", "bench"})
    void commandVersion_printsTheProjectVersion_andRunsNothing(String command) throws Exception {
        Run r = launcher(command, "--version");

        assertThat(r.status()).isZero();
        assertThat(r.out().strip()).isEqualTo("jmojo " + ToolVersion.VERSION);
        assertThat(r.err()).isEmpty();
    }

    @Test
    void help_listsEveryCommand_underOneProgramName() throws Exception {
        Run r = launcher("--help");

        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("Usage: jmojo <command>").contains("demo", "test", "build", "install", "bench",
                "compile", "check-compat", "conformance", "validate", "decode");
    }

    @Test
    void unknownCommand_isAUsageError() throws Exception {
        Run r = launcher("frobnicate");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("jmojo: unknown command 'frobnicate'");
    }
}

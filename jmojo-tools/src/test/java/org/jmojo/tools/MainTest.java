package org.jmojo.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jmojo.conformance.DataFile;
import org.jmojo.conformance.DataFileException;
import org.jmojo.mojom.ToolVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainTest {

    private static final String MOJOM = """
            module t;
            struct Point { int32 x; int32 y; };
            enum Color { RED, GREEN };
            interface Shapes {
              Draw(Point p, Color c, handle<message_pipe>? h);
              Area(Point p) => (double area);
            };
            """;

    // Draw(Point{x=1,y=2}, GREEN, handle #0): v0 header, params of 24 bytes, then the Point.
    private static final String DRAW = """
            [handles]1
            [u4]24 [u4]0 [u4]0 [u4]0 [u4]0 [u4]0
            [u4]24 [u4]0 [dist8]p [u4]1 [u4]0
            [anchr]p [u4]16 [u4]0 [s4]1 [s4]2
            """;

    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {}

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void validate_validRequest_printsPassAndExitsZero() throws IOException {
        Path mojom = write("t.mojom", MOJOM);
        Path data = write("draw.data", DRAW);

        Run r = run("validate", "--mojom", mojom.toString(), "--interface", "Shapes", "--request", data.toString());

        assertThat(r.out().strip()).isEqualTo("PASS");
        assertThat(r.status()).isZero();
    }

    @Test
    void validate_requestReadAsResponse_printsErrorAndExitsOne() throws IOException {
        Path mojom = write("t.mojom", MOJOM);
        Path data = write("draw.data", DRAW);

        Run r = run("validate", "--mojom", mojom.toString(), "--interface", "Shapes", "--response", data.toString());

        assertThat(r.out().strip()).isEqualTo("VALIDATION_ERROR_MESSAGE_HEADER_INVALID_FLAGS");
        assertThat(r.status()).isEqualTo(1);
    }

    @Test
    void decode_validRequest_printsMethodAndFields() throws IOException {
        Path mojom = write("t.mojom", MOJOM);
        Path data = write("draw.data", DRAW);

        Run r = run("decode", "--mojom", mojom.toString(), "--interface", "t.Shapes", "--request", data.toString());

        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("t.Shapes.Draw request", "p: t.Point {", "x: 1", "y: 2", "c: t.Color.GREEN",
                "h: handle #0");
    }

    @Test
    void validate_brokenDataFile_exitsTwo() throws IOException {
        Path mojom = write("t.mojom", MOJOM);
        Path data = write("bad.data", "[u1]256");

        Run r = run("validate", "--mojom", mojom.toString(), "--interface", "Shapes", "--request", data.toString());

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("not a valid .data file");
    }

    @Test
    void validate_missingSide_isUsageError() throws IOException {
        Path mojom = write("t.mojom", MOJOM);
        Path data = write("draw.data", DRAW);

        Run r = run("validate", "--mojom", mojom.toString(), "--interface", "Shapes", data.toString());

        assertThat(r.status()).isEqualTo(2);
    }

    @Test
    void conformance_directoryWithOneFailingCase_reportsCountsAndExitsOne() throws IOException {
        write("v.mojom", MOJOM.replace("interface Shapes", "interface ConformanceTestInterface"));
        write("conformance_draw_good.data", DRAW);
        write("conformance_draw_good.expected", "PASS\n");
        write("conformance_draw_wrong.data", DRAW);
        write("conformance_draw_wrong.expected", "VALIDATION_ERROR_ILLEGAL_HANDLE\n");

        Run r = run("conformance", dir.toString());

        assertThat(r.out()).contains("conformance_draw_good: PASS (expected PASS) ok",
                "conformance_draw_wrong: PASS (expected VALIDATION_ERROR_ILLEGAL_HANDLE) FAIL",
                "1 passed, 1 failed");
        assertThat(r.status()).isEqualTo(1);
    }

    @Test
    void conformance_goldenControlMessageCase_matchesAndExitsZero() throws IOException {
        write("c.mojom", "module c; struct QueryVersion {}; union RunInput { QueryVersion query_version; };\n"
                + "struct RunMessageParams { RunInput input; };\n");
        write("001-query.json", "{\"type\": \"RunMessageParams\", \"header\": {\"name\": \"0xFFFFFFFF\", "
                + "\"flags\": 1, \"request_id\": \"1\"}, \"value\": {\"input\": {\"query_version\": {}}}}");
        write("001-query.hex", """
                0000: 20 00 00 00 01 00 00 00  # header v1
                0008: 00 00 00 00 ff ff ff ff  # interface 0, name 0xFFFFFFFF (Run)
                0016: 01 00 00 00 00 00 00 00  # expects response
                0024: 01 00 00 00 00 00 00 00  # request_id 1
                0032: 18 00 00 00 00 00 00 00  # RunMessageParams
                0040: 10 00 00 00 00 00 00 00  # union: size 16, tag 0
                0048: 08 00 00 00 00 00 00 00  # -> 56
                0056: 08 00 00 00 00 00 00 00  # QueryVersion
                """);

        Run r = run("conformance", dir.toString());

        assertThat(r.out()).contains("001-query: match (expected match) ok", "1 passed, 0 failed");
        assertThat(r.status()).isZero();
    }

    @Test
    void conformance_chromiumGoldenDirectory_allPass() {
        Path golden = Path.of(System.getProperty("jmojo.chromium.dir"), "golden");
        assertThat(golden).as("Chromium's golden cases in the repository").isDirectory();

        Run r = run("conformance", golden.toString());

        assertThat(r.out()).contains(" 0 failed");
        assertThat(r.status()).isZero();
    }

    // ---- --help and --version ---------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"compile", "check-compat", "conformance", "validate", "decode"})
    void help_printsTheSubcommandsOwnUsageUnderTheNameJmojo_andRunsNothing(String command) throws IOException {
        Path out = dir.resolve("out");
        String mojom = write("t.mojom", MOJOM).toString();
        String data = write("draw.data", DRAW).toString();
        // Arguments that would make each command do its job, then --help.
        String[] job = switch (command) {
            case "compile" -> new String[] {"--java-out", out.toString(), mojom};
            case "check-compat" -> new String[] {mojom, mojom};
            case "conformance" -> new String[] {dir.toString()};
            default -> new String[] {"--mojom", mojom, "--interface", "Shapes", "--request", data};
        };
        String[] args = new String[job.length + 2];
        args[0] = command;
        System.arraycopy(job, 0, args, 1, job.length);
        args[job.length + 1] = "--help";

        Run r = run(args);

        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("Usage: jmojo " + command + " ").doesNotContain("jmojom");
        assertThat(r.err()).isEmpty();
        assertThat(out).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--version", "compile --version", "check-compat --version", "conformance --version",
        "validate --version", "decode --version"})
    void version_printsTheProjectVersion(String args) {
        Run r = run(args.split(" "));

        assertThat(r.status()).isZero();
        assertThat(r.out().strip()).isEqualTo("jmojo " + ToolVersion.VERSION);
        assertThat(ToolVersion.VERSION).matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void noSubcommand_usageOnStandardError_exitsTwo() {
        Run r = run();

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("Usage: jmojo ").contains("compile", "validate");
    }

    // ---- raw binary messages ------------------------------------------------------------------------

    /** Runs {@code command} on the interface Shapes of {@link #MOJOM}, with {@code args} after that. */
    private Run onShapes(String command, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(command, "--mojom", write("t.mojom", MOJOM).toString(),
                "--interface", "Shapes"));
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    private Path rawDraw() throws IOException, DataFileException {
        return Files.write(dir.resolve("draw.bin"), DataFile.parse(DRAW).bytes());
    }

    @Test
    void validate_rawMessageWithItsHandleCount_passes() throws Exception {
        Run r = onShapes("validate", "--request", "--raw", "--handles", "1", rawDraw().toString());

        assertThat(r.out().strip()).isEqualTo("PASS");
        assertThat(r.status()).isZero();
    }

    @Test
    void validate_rawMessageWithoutItsHandle_isIllegalHandle() throws Exception {
        Run r = onShapes("validate", "--request", "--raw", rawDraw().toString());

        assertThat(r.out().strip()).isEqualTo("VALIDATION_ERROR_ILLEGAL_HANDLE");
        assertThat(r.status()).isEqualTo(1);
    }

    @Test
    void decode_rawMessage_printsFields() throws Exception {
        Run r = onShapes("decode", "--request", "--raw", "--handles", "1", rawDraw().toString());

        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("t.Shapes.Draw request", "x: 1", "y: 2", "h: handle #0");
    }

    @Test
    void validate_binaryFileAsDataText_saysItIsNotTextAndSuggestsRaw() throws Exception {
        Path garbage = Files.write(dir.resolve("garbage.bin"), new byte[] {(byte) 0xe3, 0x28, (byte) 0xa1, 0, 7});

        Run r = onShapes("validate", "--request", garbage.toString());

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains(garbage + " is not a .data text file: byte 0xe3 at offset 0 is not UTF-8 text",
                "--raw").doesNotContain("Exception");
    }

    @Test
    void validate_rawMessageAsDataText_namesTheNulByte() throws Exception {
        Run r = onShapes("validate", "--request", rawDraw().toString());

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("is not a .data text file: it holds a NUL byte at offset 1", "--raw");
    }

    @Test
    void validate_rawGarbage_isAValidationErrorNotACrash() throws Exception {
        Path garbage = Files.write(dir.resolve("garbage.bin"), new byte[] {(byte) 0xe3, 0x28, (byte) 0xa1});

        Run r = onShapes("validate", "--request", "--raw", garbage.toString());

        assertThat(r.out().strip()).isEqualTo("VALIDATION_ERROR_ILLEGAL_MEMORY_RANGE");
        assertThat(r.status()).isEqualTo(1);
    }

    @Test
    void validate_handlesWithoutRaw_isAUsageError() throws IOException {
        Run r = onShapes("validate", "--request", "--handles", "1", write("draw.data", DRAW).toString());

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("--handles goes with --raw");
    }

    @Test
    void validate_missingMessageFile_namesIt() throws IOException {
        Run r = onShapes("validate", "--request", dir.resolve("none.data").toString());

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("jmojo validate: no such file: " + dir.resolve("none.data"));
    }

    // ---- a directory whose .mojom files do not compile ----------------------------------------------

    @Test
    void conformance_mojomWithErrors_oneLocatedErrorPerLine() throws IOException {
        Path mojom = write("v.mojom", "module v;\nstruct S { int32 x; bogus y; };\nstruct T { S s; nothere z; };\n");
        write("conformance_x_good.data", DRAW);
        write("conformance_x_good.expected", "PASS\n");

        Run r = run("conformance", dir.toString());

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().lines().toList()).containsExactly(
                "jmojo conformance: the .mojom files for " + dir + " do not compile (1 file(s), 2 error(s)):",
                mojom + ":2:21: error: unknown type 'bogus'",
                mojom + ":3:17: error: unknown type 'nothere'");
    }
}

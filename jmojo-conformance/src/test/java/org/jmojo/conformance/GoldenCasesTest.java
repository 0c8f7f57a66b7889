package org.jmojo.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The message extensions of the golden format (golden-extra/README.md): associated endpoints in
 * v2 headers, {@code header.name} / {@code header.interface_id} and messages whose parameter
 * struct is named directly, each through {@link ConformanceRunner#discover} on a scratch
 * directory, with the failures a wrong case must produce.
 */
class GoldenCasesTest {

    private static final String MOJOM = """
            module t;
            interface Peer {};
            interface Assoc {
              Bind(pending_associated_remote<Peer> remote, pending_associated_receiver<Peer>? receiver);
            };
            struct Holder { pending_associated_receiver<Peer>? r; };
            struct Ping { uint32 n; };
            """;

    /** Assoc.Bind(remote = ID 0x80000001 version 2, receiver = ID 0x80000002), derived from §2.3 and §10. */
    private static final String BIND_HEX = """
            # 001-case  type: Assoc.Bind request
            0000: 30 00 00 00 02 00 00 00  # header v2
            0008: 00 00 00 00 00 00 00 00  # interface_id 0, name 0
            0016: 00 00 00 00 00 00 00 00  # flags 0
            0024: 00 00 00 00 00 00 00 00  # request_id 0
            0032: 10 00 00 00 00 00 00 00  # payload -> 48
            0040: 20 00 00 00 00 00 00 00  # interface-ID array -> 72
            0048: 18 00 00 00 00 00 00 00  # params (24, v0)
            0056: 00 00 00 00 02 00 00 00  # remote: ID index 0, version 2
            0064: 01 00 00 00 00 00 00 00  # receiver: ID index 1
            0072: 10 00 00 00 02 00 00 00  # array<uint32>, 2 IDs
            0080: 01 00 00 80 02 00 00 80  # 0x80000001 0x80000002
            """;

    private static final String BIND_VALUE =
            "{\"remote\": {\"$associated\": \"0x80000001\", \"version\": 2}, \"receiver\": {\"$associated\": 2147483650}}";

    /** Ping{n: 5} as a pipe-control RunOrClosePipe message (interface_id 0xFFFFFFFF, v0 header). */
    private static final String PING_HEX = """
            0000: 18 00 00 00 00 00 00 00  # header v0
            0008: ff ff ff ff fe ff ff ff  # interface_id 0xFFFFFFFF, name 0xFFFFFFFE
            0016: 00 00 00 00 00 00 00 00  # flags 0
            0024: 10 00 00 00 00 00 00 00  # Ping (16, v0)
            0032: 05 00 00 00 00 00 00 00  # n = 5
            """;

    @TempDir
    Path dir;

    private CaseResult run(String json, String hex) throws IOException {
        Files.writeString(dir.resolve("t.mojom"), MOJOM);
        Files.writeString(dir.resolve("001-case.json"), json);
        Files.writeString(dir.resolve("001-case.hex"), hex);
        List<ConformanceCase> cases = ConformanceRunner.discover(dir);
        assertThat(cases).hasSize(1);
        return cases.getFirst().run();
    }

    @Test
    void associatedEndpoints_idsInSlotOrder_match() throws IOException {
        CaseResult r = run("{\"type\": \"Assoc.Bind request\", \"value\": " + BIND_VALUE + "}", BIND_HEX);

        assertThat(r.passed()).as(r.line()).isTrue();
    }

    @Test
    void associatedEndpoints_idsSwapped_failAtTheInterfaceIdArray() throws IOException {
        String swapped = BIND_VALUE.replace("0x80000001", "0x80000002").replace("2147483650", "2147483649");

        CaseResult r = run("{\"type\": \"Assoc.Bind request\", \"value\": " + swapped + "}", BIND_HEX);

        assertThat(r.passed()).isFalse();
        assertThat(r.got()).isEqualTo("byte 80 is 02, want 01 (encoded 88 bytes, want 88)");
    }

    @Test
    void associatedEndpoint_givenAsRemoteLabel_isABrokenCase() throws IOException {
        String labelled = BIND_VALUE.replace("\"$associated\": \"0x80000001\"", "\"$remote\": \"r\"");

        CaseResult r = run("{\"type\": \"Assoc.Bind request\", \"value\": " + labelled + "}", BIND_HEX);

        assertThat(r.passed()).isFalse();
        assertThat(r.got()).startsWith("broken case file: Assoc.Bind.remote: expected {\"$associated\": ...}");
    }

    @Test
    void associatedId_outOfUint32Range_isABrokenCase() throws IOException {
        String tooBig = BIND_VALUE.replace("0x80000001", "0x100000000");

        CaseResult r = run("{\"type\": \"Assoc.Bind request\", \"value\": " + tooBig + "}", BIND_HEX);

        assertThat(r.got()).startsWith("broken case file: Assoc.Bind.remote.$associated: 4294967296 is out of range");
    }

    @Test
    void headerName_contradictingTheMethodOrdinal_isABrokenCase() throws IOException {
        CaseResult r = run("{\"type\": \"Assoc.Bind request\", \"header\": {\"name\": 7}, \"value\": " + BIND_VALUE
                + "}", BIND_HEX);

        assertThat(r.passed()).isFalse();
        assertThat(r.got()).isEqualTo("broken case file: header.name 7 contradicts the ordinal 0 of Assoc.Bind");
    }

    @Test
    void header_unknownKey_isABrokenCase() throws IOException {
        CaseResult r = run("{\"type\": \"Assoc.Bind request\", \"header\": {\"nonce\": 1}, \"value\": " + BIND_VALUE
                + "}", BIND_HEX);

        assertThat(r.got()).startsWith("broken case file: header: unknown key 'nonce'");
    }

    @Test
    void bareStruct_withAnAssociatedEndpoint_isABrokenCase() throws IOException {
        CaseResult r = run("{\"type\": \"Holder\", \"value\": {\"r\": {\"$associated\": \"5\"}}}",
                "0000: 10 00 00 00 00 00 00 00\n0008: 00 00 00 00 00 00 00 00\n");

        assertThat(r.passed()).isFalse();
        assertThat(r.got()).startsWith("broken case file: associated endpoints need a message");
    }

    @Test
    void structMessage_withHeaderName_matchesAPipeControlMessage() throws IOException {
        CaseResult r = run("{\"type\": \"Ping\", \"header\": {\"name\": \"0xFFFFFFFE\", \"interface_id\": "
                + "\"0xFFFFFFFF\"}, \"value\": {\"n\": 5}}", PING_HEX);

        assertThat(r.passed()).as(r.line()).isTrue();
    }

    @Test
    void requestId_withoutAResponseFlag_isNotInTheV0HeaderSoTheDecodedHeaderDiffers() throws IOException {
        CaseResult r = run("{\"type\": \"Ping\", \"header\": {\"name\": \"0xFFFFFFFE\", \"interface_id\": "
                + "\"0xFFFFFFFF\", \"request_id\": \"5\"}, \"value\": {\"n\": 5}}", PING_HEX);

        assertThat(r.passed()).isFalse();
        assertThat(r.got()).isEqualTo("decoded header interface_id 0xffffffff name 0xfffffffe flags 0x0 request_id 0, "
                + "want 0xffffffff 0xfffffffe 0x0 5");
    }

    @Test
    void structMessage_wrongName_failsAtTheNameField() throws IOException {
        CaseResult r = run("{\"type\": \"Ping\", \"header\": {\"name\": \"0xFFFFFFFF\", \"interface_id\": "
                + "\"0xFFFFFFFF\"}, \"value\": {\"n\": 5}}", PING_HEX);

        assertThat(r.passed()).isFalse();
        assertThat(r.got()).isEqualTo("byte 12 is ff, want fe (encoded 40 bytes, want 40)");
    }

    @Test
    void structCase_withHeaderButNoName_isABrokenCase() throws IOException {
        CaseResult r = run("{\"type\": \"Ping\", \"header\": {\"flags\": 0}, \"value\": {\"n\": 5}}", PING_HEX);

        assertThat(r.got()).startsWith("broken case file: a struct case has no header fields, unless header.name");
    }

    @Test
    void structCase_withAnEmptyHeader_isABareStruct() throws IOException {
        CaseResult r = run("{\"type\": \"Ping\", \"header\": {}, \"value\": {\"n\": 5}}",
                "0000: 10 00 00 00 00 00 00 00\n0008: 05 00 00 00 00 00 00 00\n");

        assertThat(r.passed()).as(r.line()).isTrue();
    }

    @Test
    void structMessage_expectedBytesWithABadIdArray_failValidation() throws IOException {
        // Same bytes as BIND_HEX, but decoded as a directly named message: an ID of 0 is illegal (§10).
        String hex = BIND_HEX.replace("0080: 01 00 00 80 02 00 00 80", "0080: 00 00 00 00 02 00 00 80");
        Files.writeString(dir.resolve("t.mojom"), MOJOM + "struct BindParams { pending_associated_remote<Peer> "
                + "remote; pending_associated_receiver<Peer>? receiver; };\n");
        Files.writeString(dir.resolve("001-case.json"), "{\"type\": \"BindParams\", \"header\": {\"name\": 0}, "
                + "\"value\": " + BIND_VALUE.replace("\"0x80000001\"", "0") + "}");
        Files.writeString(dir.resolve("001-case.hex"), hex);

        CaseResult r = ConformanceRunner.discover(dir).getFirst().run();

        assertThat(r.passed()).isFalse();
        assertThat(r.got()).startsWith("expected bytes fail validation: ").contains("ILLEGAL_INTERFACE_ID");
    }
}

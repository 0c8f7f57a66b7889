package org.jmojo.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jmojo.bindings.runtime.InterfaceSchema;
import org.jmojo.bindings.runtime.MessageBuilder;
import org.jmojo.bindings.runtime.MessageHeader;
import org.jmojo.bindings.runtime.ValueCodec;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every passing validation case is decoded, re-encoded with jmojo's
 * encoder and validated again; the re-encoded message must pass and decode to the same values
 * (byte equality is not required: padding and junk may differ).
 */
class GoodCaseRoundTripTest {

    @TestFactory
    Stream<DynamicTest> passingCases_decodeReencodeValidate_sameValues() throws IOException {
        Path dir = ChromiumData.dir().resolve("validation");
        SchemaAdapter schemas = ConformanceRunner.compile(dir);
        List<DynamicTest> tests = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path data : files.filter(p -> p.toString().endsWith(".data")).sorted().toList()) {
                String name = data.getFileName().toString().replace(".data", "");
                if (!ValidationCases.readExpected(dir.resolve(name + ".expected")).equals("PASS")) {
                    continue;
                }
                for (ValidationCases.Chain chain : ValidationCases.chainsFor(name)) {
                    InterfaceSchema iface = schemas.iface(chain.interfaceName()).orElseThrow();
                    boolean response = chain.direction() == ValidationCases.Direction.RESPONSE;
                    tests.add(DynamicTest.dynamicTest(name + " " + chain.direction() + " round trip",
                            () -> roundTrip(data, iface, response)));
                }
            }
        }
        assertThat(tests).as("passing cases").isNotEmpty();
        return tests.stream();
    }

    private static void roundTrip(Path data, InterfaceSchema iface, boolean response) throws Exception {
        DataFile parsed = DataFile.parse(Files.readString(data));
        List<String> handles = IntStream.range(0, parsed.handleCount()).mapToObj(i -> "h" + i).toList();
        MessageBuilder.Decoded first = MessageBuilder.decode(MemorySegment.ofArray(parsed.bytes()), handles, iface,
                response);
        MessageHeader h = first.header();
        ValueCodec.Encoded again = MessageBuilder.encode(h.interfaceId(), h.name(), h.flags(), h.requestId(),
                response ? first.method().response() : first.method().request(), first.params());

        MessageBuilder.Decoded second = MessageBuilder.decode(MemorySegment.ofArray(again.bytes()), again.handles(),
                iface, response);

        assertThat(second.params()).isEqualTo(first.params());
        assertThat(second.method()).isEqualTo(first.method());
    }
}

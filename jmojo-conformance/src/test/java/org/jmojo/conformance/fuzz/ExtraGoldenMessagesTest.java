package org.jmojo.conformance.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jmojo.bindings.runtime.Decoder;
import org.jmojo.bindings.runtime.FieldSchema;
import org.jmojo.bindings.runtime.InterfaceSchema;
import org.jmojo.bindings.runtime.MessageBuilder;
import org.jmojo.bindings.runtime.MessageHeader;
import org.jmojo.bindings.runtime.MethodSchema;
import org.jmojo.bindings.runtime.MojomKind;
import org.jmojo.bindings.runtime.StructSchema;
import org.jmojo.bindings.runtime.UnionSchema;
import org.jmojo.bindings.runtime.ValueCodec;
import org.jmojo.bindings.runtime.Validator;
import org.jmojo.conformance.ConformanceRunner;
import org.jmojo.conformance.GoldenCases;
import org.jmojo.conformance.SchemaAdapter;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The golden message cases of {@code golden-extra/messages} (golden-extra/README.md), which
 * {@link GoldenCases} cannot run: messages with associated endpoints (v2 headers) and interface
 * control messages (method ordinals {@code 0xFFFFFFFF} / {@code 0xFFFFFFFE}). Each case encodes
 * its value with {@link MessageBuilder#encode}, compares the bytes with the hand-derived
 * {@code .hex}, validates the expected bytes and decodes them back to the value.
 *
 * <p>JSON beyond golden/README.md: {@code {"$associated": "ID", "version": N}} for an associated
 * endpoint (its interface ID; {@code version} for remotes only), and, for control messages, a
 * struct name as {@code type} with {@code header.name} (and optionally {@code header.interface_id})
 * given explicitly.
 */
class ExtraGoldenMessagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> messageCases_encodeValidateDecode_matchHandDerivedBytes()
            throws IOException, URISyntaxException {
        Path dir = Path.of(ExtraGoldenMessagesTest.class.getResource("/golden-extra/messages").toURI());
        SchemaAdapter schemas = ConformanceRunner.compile(dir);
        List<Path> cases;
        try (var files = Files.list(dir)) {
            cases = files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        assertThat(cases).as("cases in " + dir).isNotEmpty();
        return cases.stream().map(json -> DynamicTest.dynamicTest(json.getFileName().toString(),
                () -> runCase(json, schemas)));
    }

    private static void runCase(Path jsonFile, SchemaAdapter schemas) throws Exception {
        JsonNode root = JSON.readTree(Files.readString(jsonFile, StandardCharsets.UTF_8));
        Path hexFile = jsonFile.resolveSibling(jsonFile.getFileName().toString().replace(".json", ".hex"));
        GoldenCases.HexFile expected = GoldenCases.HexFile.parse(Files.readString(hexFile, StandardCharsets.UTF_8));
        String type = root.get("type").textValue();
        JsonNode header = root.path("header");
        int flags = header.path("flags").asInt(0);
        long requestId = header.has("request_id") ? integer(header.get("request_id")) : 0;
        int interfaceId = header.has("interface_id") ? (int) integer(header.get("interface_id")) : 0;

        boolean isMethod = type.endsWith(" request") || type.endsWith(" response");
        boolean response = type.endsWith(" response");
        InterfaceSchema iface = null;
        StructSchema params;
        int name;
        if (isMethod) {
            String target = type.substring(0, type.lastIndexOf(' '));
            iface = schemas.interfaceSchema(target.substring(0, target.lastIndexOf('.')));
            MethodSchema method = iface.method(target.substring(target.lastIndexOf('.') + 1)).orElseThrow();
            params = response ? method.response() : method.request();
            name = method.ordinal();
        } else {
            params = schemas.structSchema(type);
            name = (int) integer(header.get("name"));
        }
        Map<String, Object> value = struct(root.get("value"), params);

        ValueCodec.Encoded encoded = MessageBuilder.encode(interfaceId, name, flags, requestId, params, value);
        assertThat(HexFormat.of().formatHex(encoded.bytes())).as("encoded bytes")
                .isEqualTo(HexFormat.of().formatHex(expected.bytes()));
        assertThat(encoded.handles()).as("attached handles").hasSize(expected.handles().size());

        MemorySegment message = MemorySegment.ofArray(expected.bytes());
        Map<String, Object> decoded;
        if (isMethod) {
            decoded = MessageBuilder.decode(message, expected.handles(), iface, response).params();
        } else {
            MessageHeader h = Validator.validateHeader(message);
            assertThat(h.isControlMessage()).as("control message").isTrue();
            // An interface validator lets control messages through (wire-format.md §12.10/§12.11).
            InterfaceSchema any = schemas.interfaceSchema("Assoc");
            Validator.validateRequest(message, h, 0, any);
            Validator.validateResponse(message, h, 0, any);
            Validator.validatePayload(message, h, expected.handles().size(), params);
            decoded = ValueCodec.decodeStruct(new Decoder(message), h.payloadOffset(), params, expected.handles(),
                    List.of());
        }
        assertThat(decoded).as("decoded value").isEqualTo(value);
    }

    private static long integer(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        String text = node.textValue();
        BigInteger n = text.startsWith("0x") ? new BigInteger(text.substring(2), 16) : new BigInteger(text);
        return n.longValue();
    }

    /** JSON to the canonical value tree of {@link ValueCodec} (the form its decoder produces). */
    private static Map<String, Object> struct(JsonNode node, StructSchema schema) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (FieldSchema f : schema.fields()) {
            JsonNode v = node.get(f.name());
            out.put(f.name(), v == null
                    ? (f.defaultValue() != null ? f.defaultValue() : ValueCodec.zero(f.kind()))
                    : value(v, f.kind()));
        }
        return out;
    }

    private static Object value(JsonNode node, MojomKind kind) {
        if (node.isNull()) {
            return null;
        }
        return switch (kind) {
            case MojomKind.Primitive p when p.type() == MojomKind.PrimitiveType.BOOL -> node.booleanValue();
            case MojomKind.Primitive p -> {
                long bits = integer(node);
                yield switch (p.type()) {
                    case UINT8 -> bits & 0xFF;
                    case UINT16 -> bits & 0xFFFF;
                    case UINT32 -> bits & 0xFFFF_FFFFL;
                    default -> bits;
                };
            }
            case MojomKind.Str ignored -> node.textValue();
            case MojomKind.Struct s -> struct(node, s.schema().get());
            case MojomKind.Union u -> {
                String field = node.fieldNames().next();
                UnionSchema.Field f = u.schema().get().byName(field).orElseThrow();
                yield new ValueCodec.UnionValue(field, value(node.get(field), f.kind()));
            }
            case MojomKind.Array a -> {
                List<Object> out = new ArrayList<>();
                node.forEach(e -> out.add(value(e, a.element())));
                yield out;
            }
            case MojomKind.Endpoint ep when ep.type().associated() -> {
                Long id = integer(node.get("$associated")) & 0xFFFF_FFFFL;
                yield ep.type().hasVersion() ? new ValueCodec.RemoteValue(id, node.path("version").asInt(0)) : id;
            }
            default -> throw new IllegalArgumentException("the message cases do not use " + kind.mojomName());
        };
    }
}

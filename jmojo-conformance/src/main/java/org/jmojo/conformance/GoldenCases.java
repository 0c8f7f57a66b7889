package org.jmojo.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jmojo.bindings.ValidationException;
import org.jmojo.bindings.runtime.Decoder;
import org.jmojo.bindings.runtime.InterfaceSchema;
import org.jmojo.bindings.runtime.MessageBuilder;
import org.jmojo.bindings.runtime.MessageHeader;
import org.jmojo.bindings.runtime.MethodSchema;
import org.jmojo.bindings.runtime.MojomKind;
import org.jmojo.bindings.runtime.StructSchema;
import org.jmojo.bindings.runtime.ValueCodec;
import org.jmojo.bindings.runtime.Validator;

/**
 * Golden-encoding cases: {@code NNN-name.json} (a value) + {@code NNN-name.hex} (the bytes and
 * handle order Chromium writes for it), in the format of the chromium/README.md of this module's test
 * resources ("The golden value format"). Each case encodes the value, compares
 * bytes and handle order, then validates and decodes the expected bytes and compares the value
 * (NaN equals NaN).
 *
 * <p>Beyond that format (documented in jmojo-conformance's
 * {@code src/test/resources/golden-extra/README.md}): associated endpoints as
 * {@code {"$associated": ID, "version": N}} (v2 headers with an interface-ID array),
 * {@code header.interface_id}, and {@code header.name}, which with a struct name as
 * {@code type} makes a message with that parameter struct, as the interface control messages
 * are (docs/wire-format.md §14).
 */
public final class GoldenCases {

    /** What a passing golden case reports. */
    public static final String MATCH = "match";

    private static final ObjectMapper JSON = new ObjectMapper();

    private GoldenCases() {}

    /**
     * The bytes and handle labels of a {@code .hex} file.
     *
     * @param bytes the encoded bytes
     * @param handles the labels of the attached handles in index order
     */
    public record HexFile(byte[] bytes, List<String> handles) {

        /** Parses the {@code .hex} format (chromium/README.md, "The golden value format"). */
        public static HexFile parse(String text) {
            StringBuilder hex = new StringBuilder();
            List<String> handles = new ArrayList<>();
            for (String raw : text.split("\r?\n")) {
                String line = raw.strip();
                if (line.startsWith("#")) {
                    String comment = line.substring(1).strip();
                    if (comment.startsWith("handles:")) {
                        handles.addAll(Arrays.asList(comment.substring("handles:".length()).strip().split("\\s+")));
                    }
                    continue;
                }
                int hash = line.indexOf('#');
                if (hash >= 0) {
                    line = line.substring(0, hash);
                }
                int colon = line.indexOf(':');
                if (colon >= 0) {
                    line = line.substring(colon + 1);
                }
                hex.append(line.replaceAll("\\s+", ""));
            }
            return new HexFile(HexFormat.of().parseHex(hex), handles);
        }
    }

    /** The golden cases of {@code dir}, sorted by name. */
    public static List<ConformanceCase> discover(Path dir, SchemaResolver schemas) throws IOException {
        List<Path> jsonFiles;
        try (var stream = Files.list(dir)) {
            jsonFiles = stream.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        List<ConformanceCase> cases = new ArrayList<>();
        for (Path json : jsonFiles) {
            String file = json.getFileName().toString();
            String name = file.substring(0, file.length() - ".json".length());
            Path hex = dir.resolve(name + ".hex");
            if (!Files.exists(hex)) {
                cases.add(new ConformanceCase(name, MATCH,
                        () -> fail(name, "broken case: " + hex.getFileName() + " is missing")));
                continue;
            }
            cases.add(new ConformanceCase(name, MATCH, () -> run(name, json, hex, schemas)));
        }
        return cases;
    }

    private static CaseResult fail(String name, String why) {
        return new CaseResult(name, why, MATCH, false);
    }

    static CaseResult run(String name, Path jsonFile, Path hexFile, SchemaResolver schemas) {
        JsonNode root;
        HexFile expected;
        try {
            root = JSON.readTree(Files.readString(jsonFile, StandardCharsets.UTF_8));
            expected = HexFile.parse(Files.readString(hexFile, StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            return fail(name, "broken case file: " + e.getMessage());
        }
        JsonNode typeNode = root.get("type");
        JsonNode valueNode = root.get("value");
        if (typeNode == null || !typeNode.isTextual() || valueNode == null) {
            return fail(name, "broken case file: needs \"type\" and \"value\"");
        }
        String type = typeNode.textValue();
        try {
            Header header = Header.parse(root.get("header"));
            if (type.endsWith(" request") || type.endsWith(" response")) {
                return runMethodMessage(name, type, header, valueNode, expected, schemas);
            }
            Optional<StructSchema> struct = schemas.struct(type);
            if (struct.isEmpty()) {
                return fail(name, "no struct named " + type);
            }
            if (header.name() != null) {
                return runStructMessage(name, type, header, struct.get(), valueNode, expected);
            }
            if (root.has("header") && !root.get("header").isEmpty()) {
                return fail(name, "broken case file: a struct case has no header fields, unless header.name makes "
                        + "it a message with " + type + " as its parameters");
            }
            Map<String, Object> value = JsonValues.struct(valueNode, struct.get(), type);
            ValueCodec.Encoded encoded = ValueCodec.encodeStruct(struct.get(), value);
            if (!encoded.associatedEndpoints().isEmpty()) {
                return fail(name, "broken case file: associated endpoints need a message (an interface-ID array), "
                        + "so give header.name or a \"Interface.Method request|response\" type");
            }
            String mismatch = compareEncoding(encoded, expected);
            if (mismatch != null) {
                return fail(name, mismatch);
            }
            MemorySegment bytes = MemorySegment.ofArray(expected.bytes());
            Validator.validateStruct(bytes, expected.handles().size(), struct.get());
            Map<String, Object> decoded = ValueCodec.decodeStruct(new Decoder(bytes), 0, struct.get(),
                    expected.handles(), List.of());
            return compareDecoded(name, value, decoded);
        } catch (JsonValues.BadValueException e) {
            return fail(name, "broken case file: " + e.getMessage());
        } catch (ValidationException e) {
            return fail(name, "expected bytes fail validation: " + e.getMessage());
        } catch (RuntimeException e) {
            return fail(name, "error: " + e);
        }
    }

    /**
     * The {@code header} object of a message case: the golden format's {@code flags} and
     * {@code request_id}, plus golden-extra/README.md's {@code name} and {@code interface_id}.
     *
     * @param name the method ordinal, or {@code null} when the case's type names the method
     */
    record Header(int flags, long requestId, int interfaceId, Integer name) {

        private static final Set<String> KEYS = Set.of("flags", "request_id", "interface_id", "name");

        static Header parse(JsonNode node) throws JsonValues.BadValueException {
            if (node == null) {
                return new Header(0, 0, 0, null);
            }
            if (!node.isObject()) {
                throw new JsonValues.BadValueException("header", "expected an object");
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!KEYS.contains(key)) {
                    throw new JsonValues.BadValueException("header", "unknown key '" + key + "' (known: " + KEYS + ")");
                }
            }
            return new Header(uint32(node, "flags"), uint(node, "request_id", MojomKind.PrimitiveType.UINT64),
                    uint32(node, "interface_id"), node.has("name") ? uint32(node, "name") : null);
        }

        private static int uint32(JsonNode node, String key) throws JsonValues.BadValueException {
            return (int) uint(node, key, MojomKind.PrimitiveType.UINT32);
        }

        private static long uint(JsonNode node, String key, MojomKind.PrimitiveType type)
                throws JsonValues.BadValueException {
            JsonNode v = node.get(key);
            return v == null ? 0 : JsonValues.integer(v, type, "header." + key);
        }

        /** Null when {@code got} carries these fields (with {@code wantName} as the name); else both sets. */
        String mismatch(MessageHeader got, int wantName) {
            if (got.interfaceId() != interfaceId || got.name() != wantName || got.flags() != flags
                    || got.requestId() != requestId) {
                return String.format("decoded header interface_id 0x%x name 0x%x flags 0x%x request_id %s, want "
                        + "0x%x 0x%x 0x%x %s", got.interfaceId(), got.name(), got.flags(),
                        Long.toUnsignedString(got.requestId()), interfaceId, wantName, flags,
                        Long.toUnsignedString(requestId));
            }
            return null;
        }
    }

    private static CaseResult runMethodMessage(String name, String type, Header header, JsonNode valueNode,
            HexFile expected, SchemaResolver schemas) throws JsonValues.BadValueException, ValidationException {
        boolean response = type.endsWith(" response");
        String target = type.substring(0, type.lastIndexOf(' '));
        int dot = target.lastIndexOf('.');
        if (dot < 0) {
            return fail(name, "broken case file: message type must be \"Interface.Method request|response\"");
        }
        Optional<InterfaceSchema> iface = schemas.iface(target.substring(0, dot));
        if (iface.isEmpty()) {
            return fail(name, "no interface named " + target.substring(0, dot));
        }
        Optional<MethodSchema> method = iface.get().method(target.substring(dot + 1));
        if (method.isEmpty()) {
            return fail(name, "no method " + target);
        }
        StructSchema params = response ? method.get().response() : method.get().request();
        if (params == null) {
            return fail(name, "method " + target + " has no response");
        }
        int ordinal = method.get().ordinal();
        if (header.name() != null && header.name() != ordinal) {
            return fail(name, "broken case file: header.name " + Integer.toUnsignedString(header.name())
                    + " contradicts the ordinal " + ordinal + " of " + target);
        }
        Map<String, Object> value = JsonValues.struct(valueNode, params, target);
        ValueCodec.Encoded encoded = MessageBuilder.encode(header.interfaceId(), ordinal, header.flags(),
                header.requestId(), params, value);
        String mismatch = compareEncoding(encoded, expected);
        if (mismatch != null) {
            return fail(name, mismatch);
        }
        MessageBuilder.Decoded decoded = MessageBuilder.decode(MemorySegment.ofArray(expected.bytes()),
                expected.handles(), iface.get(), response);
        String headerMismatch = header.mismatch(decoded.header(), ordinal);
        if (headerMismatch != null) {
            return fail(name, headerMismatch);
        }
        return compareDecoded(name, value, decoded.params());
    }

    /**
     * A message whose parameter struct the case names directly, with the method ordinal in
     * {@code header.name}: the interface control messages (docs/wire-format.md §14), which belong to no
     * method of an interface. The expected bytes pass the header validator and the payload
     * validator for that struct; the payload decodes against the header's interface-ID array.
     */
    private static CaseResult runStructMessage(String name, String type, Header header, StructSchema params,
            JsonNode valueNode, HexFile expected) throws JsonValues.BadValueException, ValidationException {
        Map<String, Object> value = JsonValues.struct(valueNode, params, type);
        ValueCodec.Encoded encoded = MessageBuilder.encode(header.interfaceId(), header.name(), header.flags(),
                header.requestId(), params, value);
        String mismatch = compareEncoding(encoded, expected);
        if (mismatch != null) {
            return fail(name, mismatch);
        }
        MemorySegment message = MemorySegment.ofArray(expected.bytes());
        MessageHeader decodedHeader = Validator.validateHeader(message);
        Validator.validatePayload(message, decodedHeader, expected.handles().size(), params);
        String headerMismatch = header.mismatch(decodedHeader, header.name());
        if (headerMismatch != null) {
            return fail(name, headerMismatch);
        }
        Map<String, Object> decoded = ValueCodec.decodeStruct(new Decoder(message), decodedHeader.payloadOffset(),
                params, expected.handles(), interfaceIds(message, decodedHeader));
        return compareDecoded(name, value, decoded);
    }

    /** The payload interface-ID array of a validated message (empty without one), as {@link Long}s. */
    static List<Long> interfaceIds(MemorySegment message, MessageHeader header) {
        if (header.interfaceIdsOffset() == 0) {
            return List.of();
        }
        Decoder d = new Decoder(message);
        long count = d.getUInt32(header.interfaceIdsOffset() + 4);
        List<Long> ids = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            ids.add(d.getUInt32(header.interfaceIdsOffset() + 8 + 4 * i));
        }
        return ids;
    }

    /** Null when bytes and handle labels match; else the first difference. */
    static String compareEncoding(ValueCodec.Encoded encoded, HexFile expected) {
        byte[] got = encoded.bytes();
        byte[] want = expected.bytes();
        int mismatch = Arrays.mismatch(got, want);
        if (mismatch >= 0) {
            if (mismatch >= got.length || mismatch >= want.length) {
                return "encoded " + got.length + " bytes, want " + want.length;
            }
            return String.format("byte %d is %02x, want %02x (encoded %d bytes, want %d)", mismatch,
                    got[mismatch] & 0xFF, want[mismatch] & 0xFF, got.length, want.length);
        }
        List<String> labels = encoded.handles().stream().map(String::valueOf).toList();
        if (!labels.equals(expected.handles())) {
            return "handles " + labels + ", want " + expected.handles();
        }
        return null;
    }

    private static CaseResult compareDecoded(String name, Object want, Object got) {
        if (!want.equals(got)) {
            return fail(name, "decoded " + got + ", want " + want);
        }
        return new CaseResult(name, MATCH, MATCH, true);
    }
}

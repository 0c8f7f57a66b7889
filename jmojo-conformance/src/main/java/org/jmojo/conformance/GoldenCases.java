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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jmojo.bindings.ValidationException;
import org.jmojo.bindings.runtime.Decoder;
import org.jmojo.bindings.runtime.InterfaceSchema;
import org.jmojo.bindings.runtime.MessageBuilder;
import org.jmojo.bindings.runtime.MethodSchema;
import org.jmojo.bindings.runtime.StructSchema;
import org.jmojo.bindings.runtime.ValueCodec;
import org.jmojo.bindings.runtime.Validator;

/**
 * Golden-encoding cases: {@code NNN-name.json} (a value) + {@code NNN-name.hex} (the bytes and
 * handle order Chromium writes for it), golden/README.md. Each case encodes the value, compares
 * bytes and handle order, then validates and decodes the expected bytes and compares the value
 * (NaN equals NaN).
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

        /** Parses the {@code .hex} format of golden/README.md. */
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
            if (type.endsWith(" request") || type.endsWith(" response")) {
                return runMessage(name, type, root, valueNode, expected, schemas);
            }
            Optional<StructSchema> struct = schemas.struct(type);
            if (struct.isEmpty()) {
                return fail(name, "no struct named " + type);
            }
            Map<String, Object> value = JsonValues.struct(valueNode, struct.get(), type);
            ValueCodec.Encoded encoded = ValueCodec.encodeStruct(struct.get(), value);
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

    private static CaseResult runMessage(String name, String type, JsonNode root, JsonNode valueNode,
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
        JsonNode header = root.get("header");
        int flags = header != null && header.has("flags") ? header.get("flags").intValue() : 0;
        long requestId = 0;
        if (header != null && header.has("request_id")) {
            requestId = new java.math.BigInteger(header.get("request_id").asText()).longValue();
        }
        Map<String, Object> value = JsonValues.struct(valueNode, params, target);
        ValueCodec.Encoded encoded = MessageBuilder.encode(0, method.get().ordinal(), flags, requestId, params, value);
        String mismatch = compareEncoding(encoded, expected);
        if (mismatch != null) {
            return fail(name, mismatch);
        }
        MessageBuilder.Decoded decoded = MessageBuilder.decode(MemorySegment.ofArray(expected.bytes()),
                expected.handles(), iface.get(), response);
        return compareDecoded(name, value, decoded.params());
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

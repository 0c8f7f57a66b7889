package org.jmojo.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jmojo.bindings.runtime.EnumSchema;
import org.jmojo.bindings.runtime.FieldSchema;
import org.jmojo.bindings.runtime.MojomKind;
import org.jmojo.bindings.runtime.StructSchema;
import org.jmojo.bindings.runtime.UnionSchema;
import org.jmojo.bindings.runtime.ValueCodec;

/**
 * Converts golden-case JSON (chromium/README.md, "The golden value format") into the value tree of
 * {@link ValueCodec}, in the canonical form the decoder produces: every struct field present
 * (missing keys become the field's default), integers as {@link Long} with unsigned kinds below 64
 * bits as their unsigned value, enums as {@link Integer}, handles as their label strings.
 */
final class JsonValues {

    private JsonValues() {}

    /** A JSON value that does not fit the schema. */
    static final class BadValueException extends Exception {
        private static final long serialVersionUID = 1L;

        BadValueException(String path, String message) {
            super(path + ": " + message);
        }
    }

    static Map<String, Object> struct(JsonNode node, StructSchema schema, String path) throws BadValueException {
        if (!node.isObject()) {
            throw new BadValueException(path, "expected an object for struct " + schema.name());
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (schema.field(key).isEmpty()) {
                throw new BadValueException(path, "struct " + schema.name() + " has no field '" + key + "'");
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (FieldSchema f : schema.fields()) {
            JsonNode v = node.get(f.name());
            out.put(f.name(), v == null ? defaultOf(f) : value(v, f.kind(), path + "." + f.name()));
        }
        return out;
    }

    private static Object defaultOf(FieldSchema f) {
        return f.defaultValue() != null ? f.defaultValue() : ValueCodec.zero(f.kind());
    }

    static Object value(JsonNode node, MojomKind kind, String path) throws BadValueException {
        if (node.isNull()) {
            if (!kind.nullable()) {
                throw new BadValueException(path, "null for non-nullable " + kind.mojomName());
            }
            return null;
        }
        return switch (kind) {
            case MojomKind.Primitive p -> primitive(node, p.type(), path);
            case MojomKind.Enum e -> enumValue(node, e.schema(), path);
            case MojomKind.Str ignored -> {
                if (!node.isTextual()) {
                    throw new BadValueException(path, "expected a string");
                }
                yield node.textValue();
            }
            case MojomKind.Array a -> {
                if (!node.isArray()) {
                    throw new BadValueException(path, "expected an array");
                }
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < node.size(); i++) {
                    out.add(value(node.get(i), a.element(), path + "[" + i + "]"));
                }
                yield out;
            }
            case MojomKind.MapKind m -> {
                if (!node.isArray()) {
                    throw new BadValueException(path, "expected an array of [key, value] pairs");
                }
                List<Map.Entry<Object, Object>> out = new ArrayList<>();
                for (int i = 0; i < node.size(); i++) {
                    JsonNode pair = node.get(i);
                    if (!pair.isArray() || pair.size() != 2) {
                        throw new BadValueException(path + "[" + i + "]", "expected a [key, value] pair");
                    }
                    out.add(new AbstractMap.SimpleImmutableEntry<>(value(pair.get(0), m.key(), path + "[" + i + "].key"),
                            value(pair.get(1), m.value(), path + "[" + i + "].value")));
                }
                yield out;
            }
            case MojomKind.Struct s -> struct(node, s.schema().get(), path);
            case MojomKind.Union u -> union(node, u.schema().get(), path);
            case MojomKind.Handle ignored -> label(node, "$handle", path);
            case MojomKind.Endpoint ep -> endpoint(node, ep, path);
        };
    }

    /**
     * A pending remote or receiver: {@code {"$remote": "label", "version": N}} or
     * {@code {"$receiver": "label"}}; associated ones name the interface ID that lands in the
     * message's interface-ID array instead of a label, {@code {"$associated": ID, "version": N}}
     * (golden-extra/README.md), and become that ID as a {@link Long}, as the decoder gives it.
     */
    private static Object endpoint(JsonNode node, MojomKind.Endpoint kind, String path) throws BadValueException {
        String key = kind.type().associated() ? "$associated" : kind.type().hasVersion() ? "$remote" : "$receiver";
        if (!node.isObject() || !node.has(key)) {
            throw new BadValueException(path, "expected {\"" + key + "\": ...} for " + kind.mojomName());
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!k.equals(key) && !(k.equals("version") && kind.type().hasVersion())) {
                throw new BadValueException(path, "unexpected key '" + k + "' for " + kind.mojomName());
            }
        }
        Object endpoint = kind.type().associated()
                ? integer(node.get(key), MojomKind.PrimitiveType.UINT32, path + "." + key)
                : label(node, key, path);
        if (!kind.type().hasVersion()) {
            return endpoint;
        }
        JsonNode version = node.get("version");
        int v = version == null ? 0
                : integer(version, MojomKind.PrimitiveType.UINT32, path + ".version").intValue();
        return new ValueCodec.RemoteValue(endpoint, v);
    }

    private static String label(JsonNode node, String key, String path) throws BadValueException {
        JsonNode label = node.get(key);
        if (label == null || !label.isTextual()) {
            throw new BadValueException(path, "expected {\"" + key + "\": \"label\"}");
        }
        return label.textValue();
    }

    private static ValueCodec.UnionValue union(JsonNode node, UnionSchema schema, String path)
            throws BadValueException {
        if (!node.isObject() || node.size() != 1) {
            throw new BadValueException(path, "a union value is an object with exactly one key");
        }
        String name = node.fieldNames().next();
        UnionSchema.Field field = schema.byName(name).orElseThrow(
                () -> new BadValueException(path, "union " + schema.name() + " has no field '" + name + "'"));
        return new ValueCodec.UnionValue(name, value(node.get(name), field.kind(), path + "." + name));
    }

    private static Integer enumValue(JsonNode node, EnumSchema schema, String path) throws BadValueException {
        if (node.isTextual()) {
            return schema.byName(node.textValue()).map(EnumSchema.Value::value).orElseThrow(
                    () -> new BadValueException(path, "enum " + schema.name() + " has no value " + node.textValue()));
        }
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        throw new BadValueException(path, "expected an enumerator name or an int32 for enum " + schema.name());
    }

    private static Object primitive(JsonNode node, MojomKind.PrimitiveType type, String path)
            throws BadValueException {
        return switch (type) {
            case BOOL -> {
                if (!node.isBoolean()) {
                    throw new BadValueException(path, "expected true or false");
                }
                yield node.booleanValue();
            }
            case FLOAT -> (float) floating(node, path, true);
            case DOUBLE -> floating(node, path, false);
            default -> integer(node, type, path);
        };
    }

    private static double floating(JsonNode node, String path, boolean single) throws BadValueException {
        if (node.isNumber()) {
            return single ? (double) (float) node.doubleValue() : node.doubleValue();
        }
        if (node.isTextual()) {
            switch (node.textValue()) {
                case "NaN" -> {
                    return Double.NaN;
                }
                case "Infinity" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-Infinity" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                case "-0.0" -> {
                    return -0.0;
                }
                default -> { }
            }
        }
        throw new BadValueException(path, "expected a number, \"NaN\", \"Infinity\", \"-Infinity\" or \"-0.0\"");
    }

    /**
     * An integer of {@code type}: a JSON integer, or a decimal or {@code 0x} hex string, range
     * checked; unsigned kinds below 64 bits give their unsigned value, {@code uint64} its bits.
     */
    static Long integer(JsonNode node, MojomKind.PrimitiveType type, String path) throws BadValueException {
        BigInteger n;
        if (node.isIntegralNumber()) {
            n = node.bigIntegerValue();
        } else if (node.isTextual()) {
            String text = node.textValue();
            try {
                boolean negative = text.startsWith("-");
                String digits = negative ? text.substring(1) : text;
                n = digits.startsWith("0x") || digits.startsWith("0X")
                        ? new BigInteger(digits.substring(2), 16) : new BigInteger(digits);
                if (negative) {
                    n = n.negate();
                }
            } catch (NumberFormatException e) {
                throw new BadValueException(path, "not an integer: '" + text + "' (" + e.getMessage() + ")");
            }
        } else {
            throw new BadValueException(path, "expected an integer");
        }
        int bits = switch (type) {
            case INT8, UINT8 -> 8;
            case INT16, UINT16 -> 16;
            case INT32, UINT32 -> 32;
            default -> 64;
        };
        boolean signed = type == MojomKind.PrimitiveType.INT8 || type == MojomKind.PrimitiveType.INT16
                || type == MojomKind.PrimitiveType.INT32 || type == MojomKind.PrimitiveType.INT64;
        BigInteger min = signed ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
        BigInteger max = signed ? BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE)
                : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        if (n.compareTo(min) < 0 || n.compareTo(max) > 0) {
            throw new BadValueException(path, n + " is out of range for " + type.mojomName());
        }
        return n.longValue();
    }
}

package org.jmojo.conformance;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jmojo.bindings.runtime.EnumSchema;
import org.jmojo.bindings.runtime.FieldSchema;
import org.jmojo.bindings.runtime.MojomKind;
import org.jmojo.bindings.runtime.StructSchema;
import org.jmojo.bindings.runtime.UnionSchema;
import org.jmojo.bindings.runtime.ValueCodec;

/**
 * Random values for any runtime schema, in the canonical form the decoder produces. Nullable
 * references become null past a small depth, so recursive types stay finite. Handles are unique
 * label strings.
 */
public final class RandomValues {

    private final Random r;
    private int handles;

    public RandomValues(Random r) {
        this.r = r;
    }

    public Map<String, Object> struct(StructSchema schema, int depth) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (FieldSchema f : schema.fields()) {
            out.put(f.name(), value(f.kind(), depth));
        }
        return out;
    }

    Object value(MojomKind kind, int depth) {
        if (kind.nullable() && (depth > 3 || r.nextInt(4) == 0)) {
            return null;
        }
        return switch (kind) {
            case MojomKind.Primitive p -> primitive(p.type());
            case MojomKind.Enum e -> enumValue(e.schema());
            case MojomKind.Str ignored -> string();
            case MojomKind.Array a -> {
                int n = a.fixedLength() != 0 ? (int) a.fixedLength() : r.nextInt(depth > 2 ? 2 : 6);
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    out.add(value(a.element(), depth + 1));
                }
                yield out;
            }
            case MojomKind.MapKind m -> {
                int n = r.nextInt(depth > 2 ? 2 : 5);
                List<Map.Entry<Object, Object>> out = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    out.add(new AbstractMap.SimpleImmutableEntry<>(value(m.key(), depth + 1),
                            value(m.value(), depth + 1)));
                }
                yield out;
            }
            case MojomKind.Struct s -> struct(s.schema().get(), depth + 1);
            case MojomKind.Union u -> {
                UnionSchema schema = u.schema().get();
                UnionSchema.Field f = schema.fields().get(r.nextInt(schema.fields().size()));
                yield new ValueCodec.UnionValue(f.name(), value(f.kind(), depth + 1));
            }
            case MojomKind.Handle ignored -> "h" + handles++;
            case MojomKind.Endpoint ep -> {
                if (ep.type().associated()) {
                    throw new IllegalArgumentException("associated endpoints need a message: " + ep.mojomName());
                }
                String label = "e" + handles++;
                yield ep.type().hasVersion() ? new ValueCodec.RemoteValue(label, r.nextInt(4)) : label;
            }
        };
    }

    private Object primitive(MojomKind.PrimitiveType type) {
        long bits = r.nextLong();
        return switch (type) {
            case BOOL -> r.nextBoolean();
            case INT8 -> (long) (byte) bits;
            case UINT8 -> bits & 0xFF;
            case INT16 -> (long) (short) bits;
            case UINT16 -> bits & 0xFFFF;
            case INT32 -> (long) (int) bits;
            case UINT32 -> bits & 0xFFFF_FFFFL;
            case INT64, UINT64 -> bits;
            case FLOAT -> r.nextInt(8) == 0 ? Float.NaN : Float.intBitsToFloat((int) bits);
            case DOUBLE -> r.nextInt(8) == 0 ? -0.0 : Double.longBitsToDouble(bits);
        };
    }

    private Integer enumValue(EnumSchema schema) {
        if (schema.extensible() && (schema.values().isEmpty() || r.nextInt(4) == 0)) {
            return r.nextInt();
        }
        if (schema.values().isEmpty()) {
            throw new IllegalArgumentException("no valid value for empty enum " + schema.name());
        }
        return schema.values().get(r.nextInt(schema.values().size())).value();
    }

    private String string() {
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(8);
        while (b.codePointCount(0, b.length()) < n) {
            int cp = r.nextInt(3) == 0 ? r.nextInt(Character.MAX_CODE_POINT + 1) : r.nextInt(0x80);
            if (cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE) {
                b.appendCodePoint(cp);
            }
        }
        return b.toString();
    }
}

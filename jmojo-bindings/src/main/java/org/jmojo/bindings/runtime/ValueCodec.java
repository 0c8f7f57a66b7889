package org.jmojo.bindings.runtime;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Schema-driven encoding and decoding of generic value trees, for tools and tests (the golden
 * runner, {@code jmojo decode}); generated code uses {@link Encoder} and {@link Decoder} directly
 * with the same layout rules.
 *
 * <p>The value tree:
 * <ul>
 *   <li>{@code bool}: {@link Boolean}; integers: any {@link Number} when encoding, {@link Long} when
 *       decoded ({@code uint32} as its unsigned value, {@code uint64} as its two's-complement
 *       bits); {@code float}: {@link Float}; {@code double}: {@link Double}; enums: {@link Integer};
 *   <li>{@code string}: {@link String} (UTF-8 on the wire; decoding replaces malformed input);
 *   <li>arrays: {@link List}; maps: a {@link List} of {@link Map.Entry} in wire order (encoding
 *       also takes a {@link Map}); structs: {@code Map<String, Object>} by field name, where a
 *       missing key means "not set" and encodes the field's default; unions: {@link UnionValue};
 *   <li>handles and pending receivers: the caller's handle object, appended to the message's
 *       handle list in encoding order; pending remotes: {@link RemoteValue}; associated endpoints:
 *       the same, indexing the associated-endpoint list; {@code null} for any null.
 * </ul>
 *
 * <p>Encoding follows docs/wire-format.md §11 (depth-first, fields in ordinal order) and rejects values
 * that do not fit the schema with {@link IllegalArgumentException} naming the field. Decoding
 * expects a message that passed the {@link Validator}. Stateless and thread-safe.
 */
public final class ValueCodec {

    /** The active member of a union. */
    public record UnionValue(String field, Object value) {
        public UnionValue {
            Objects.requireNonNull(field, "field");
        }
    }

    /** A {@code pending_remote} or {@code pending_associated_remote}: the endpoint and its version. */
    public record RemoteValue(Object endpoint, int version) {
        public RemoteValue {
            Objects.requireNonNull(endpoint, "endpoint");
        }
    }

    /**
     * Bytes of one encoded struct or message, with what it attaches in index order. The byte array
     * is not copied: the record hands over the encoder's output to its one consumer.
     */
    public record Encoded(byte[] bytes, List<Object> handles, List<Object> associatedEndpoints) {
        public Encoded {
            Objects.requireNonNull(bytes, "bytes");
            handles = List.copyOf(handles);
            associatedEndpoints = List.copyOf(associatedEndpoints);
        }
    }

    private ValueCodec() {}

    /** Encodes a struct value as a standalone object at offset 0. */
    public static Encoded encodeStruct(StructSchema schema, Map<String, ?> value) {
        Encoder encoder = new Encoder();
        encodeStruct(encoder, schema, value);
        return new Encoded(encoder.toByteArray(), encoder.handles(), encoder.associatedEndpoints());
    }

    /** Allocates and writes a struct at the end of {@code encoder}; returns its offset. */
    public static int encodeStruct(Encoder encoder, StructSchema schema, Map<String, ?> value) {
        Objects.requireNonNull(value, () -> "value of struct " + schema.name());
        for (String key : value.keySet()) {
            if (schema.field(key).isEmpty()) {
                throw new IllegalArgumentException("struct " + schema.name() + " has no field '" + key + "'");
            }
        }
        StructSchema.VersionSize latest = schema.latest();
        int at = encoder.allocate(latest.numBytes());
        encoder.putStructHeader(at, latest.numBytes(), latest.version());
        for (FieldSchema f : schema.fields()) {
            Object v = value.containsKey(f.name()) ? value.get(f.name()) : f.defaultValue();
            String what = schema.name() + "." + f.name();
            if (f.kind() instanceof MojomKind.Primitive p && p.type() == MojomKind.PrimitiveType.BOOL) {
                encoder.putBool(at + f.offset(), f.bit(), v != null && bool(v, what));
            } else {
                writeSlot(encoder, at + f.offset(), f.kind(), v, false, what);
            }
        }
        return at;
    }

    private static boolean bool(Object v, String what) {
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(what + ": expected a Boolean, got " + describe(v));
    }

    private static Number number(Object v, String what) {
        if (v instanceof Number n) {
            return n;
        }
        throw new IllegalArgumentException(what + ": expected a Number, got " + describe(v));
    }

    private static String describe(Object v) {
        return v == null ? "null" : v.getClass().getSimpleName() + " " + v;
    }

    private static void writeSlot(Encoder e, long slot, MojomKind kind, Object v, boolean inUnion, String what) {
        if (v == null && !kind.nullable() && !(kind instanceof MojomKind.Primitive)
                && !(kind instanceof MojomKind.Enum)) {
            throw new IllegalArgumentException(what + ": null for non-nullable " + kind.mojomName());
        }
        switch (kind) {
            case MojomKind.Primitive p -> writePrimitive(e, slot, p.type(), v, what);
            case MojomKind.Enum ignored -> e.putInt32(slot, v == null ? 0 : number(v, what).intValue());
            case MojomKind.Handle ignored -> e.putInt32(slot, v == null ? Encoder.INVALID_INDEX : e.appendHandle(v));
            case MojomKind.Endpoint ep -> writeEndpoint(e, slot, ep, v, what);
            case MojomKind.Str ignored -> {
                if (v != null) {
                    if (!(v instanceof String s)) {
                        throw new IllegalArgumentException(what + ": expected a String, got " + describe(v));
                    }
                    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                    int at = e.allocateArray(bytes.length, 8);
                    e.putBytes(DataHeader.elementsOffset(at), bytes);
                    e.putPointer(slot, at);
                }
            }
            case MojomKind.Array a -> {
                if (v != null) {
                    e.putPointer(slot, writeArray(e, a, list(v, what), what));
                }
            }
            case MojomKind.MapKind m -> {
                if (v != null) {
                    e.putPointer(slot, writeMap(e, m, v, what));
                }
            }
            case MojomKind.Struct s -> {
                if (v != null) {
                    if (!(v instanceof Map<?, ?> map)) {
                        throw new IllegalArgumentException(what + ": expected a Map for struct " + s.name()
                                + ", got " + describe(v));
                    }
                    e.putPointer(slot, encodeStruct(e, s.schema().get(), stringKeys(map, what)));
                }
            }
            case MojomKind.Union u -> {
                if (inUnion) {
                    if (v != null) {
                        int at = e.allocate(UnionLayout.SIZE);
                        e.putPointer(slot, at);
                        writeUnionBody(e, at, u, v, what);
                    }
                } else if (v != null) {
                    writeUnionBody(e, slot, u, v, what);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> stringKeys(Map<?, ?> map, String what) {
        for (Object k : map.keySet()) {
            if (!(k instanceof String)) {
                throw new IllegalArgumentException(what + ": struct keys must be field names, got " + describe(k));
            }
        }
        return (Map<String, ?>) map;
    }

    private static List<?> list(Object v, String what) {
        if (v instanceof List<?> l) {
            return l;
        }
        throw new IllegalArgumentException(what + ": expected a List, got " + describe(v));
    }

    private static void writePrimitive(Encoder e, long slot, MojomKind.PrimitiveType type, Object v, String what) {
        switch (type) {
            case BOOL -> e.putBool(slot, 0, v != null && bool(v, what));
            case INT8, UINT8 -> e.putInt8(slot, v == null ? 0 : number(v, what).byteValue());
            case INT16, UINT16 -> e.putInt16(slot, v == null ? 0 : number(v, what).shortValue());
            case INT32, UINT32 -> e.putInt32(slot, v == null ? 0 : number(v, what).intValue());
            case INT64, UINT64 -> e.putInt64(slot, v == null ? 0 : number(v, what).longValue());
            case FLOAT -> e.putFloat(slot, v == null ? 0 : number(v, what).floatValue());
            case DOUBLE -> e.putDouble(slot, v == null ? 0 : number(v, what).doubleValue());
        }
    }

    private static void writeEndpoint(Encoder e, long slot, MojomKind.Endpoint ep, Object v, String what) {
        if (v == null) {
            e.putInt32(slot, Encoder.INVALID_INDEX);
            return;
        }
        Object endpoint = v;
        int version = 0;
        if (ep.type().hasVersion()) {
            if (!(v instanceof RemoteValue r)) {
                throw new IllegalArgumentException(what + ": expected a RemoteValue for " + ep.mojomName()
                        + ", got " + describe(v));
            }
            endpoint = r.endpoint();
            version = r.version();
        }
        int index = ep.type().associated() ? e.appendAssociatedEndpoint(endpoint) : e.appendHandle(endpoint);
        e.putInt32(slot, index);
        if (ep.type().hasVersion()) {
            e.putInt32(slot + MojomKind.INTERFACE_VERSION_OFFSET, version);
        }
    }

    private static void writeUnionBody(Encoder e, long at, MojomKind.Union kind, Object v, String what) {
        UnionSchema schema = kind.schema().get();
        if (!(v instanceof UnionValue uv)) {
            throw new IllegalArgumentException(what + ": expected a UnionValue for union " + schema.name()
                    + ", got " + describe(v));
        }
        UnionSchema.Field field = schema.byName(uv.field()).orElseThrow(() -> new IllegalArgumentException(
                what + ": union " + schema.name() + " has no field '" + uv.field() + "'"));
        e.putInt32(at + UnionLayout.SIZE_OFFSET, UnionLayout.SIZE);
        e.putInt32(at + UnionLayout.TAG_OFFSET, field.tag());
        writeSlot(e, at + UnionLayout.DATA_OFFSET, field.kind(), uv.value(), true, what + "." + field.name());
    }

    private static int elementBits(MojomKind element) {
        return element.elementSize() == 0 ? 1 : element.elementSize() * 8;
    }

    private static int writeArray(Encoder e, MojomKind.Array a, List<?> values, String what) {
        if (a.fixedLength() != 0 && values.size() != a.fixedLength()) {
            throw new IllegalArgumentException(what + ": " + a.mojomName() + " needs exactly " + a.fixedLength()
                    + " elements, got " + values.size());
        }
        MojomKind element = a.element();
        int at = e.allocateArray(values.size(), elementBits(element));
        int size = element.elementSize();
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            String elementWhat = what + "[" + i + "]";
            if (size == 0) {
                e.putBool(DataHeader.elementsOffset(at) + i / 8, i % 8, v != null && bool(v, elementWhat));
            } else {
                writeSlot(e, DataHeader.elementsOffset(at) + (long) i * size, element, v, false, elementWhat);
            }
        }
        return at;
    }

    private static int writeMap(Encoder e, MojomKind.MapKind m, Object v, String what) {
        Collection<? extends Map.Entry<?, ?>> entries;
        if (v instanceof Map<?, ?> map) {
            entries = map.entrySet();
        } else {
            List<Map.Entry<?, ?>> list = new ArrayList<>();
            for (Object o : list(v, what)) {
                if (!(o instanceof Map.Entry<?, ?> entry)) {
                    throw new IllegalArgumentException(what + ": map entries must be Map.Entry, got " + describe(o));
                }
                list.add(entry);
            }
            entries = list;
        }
        List<Object> keys = new ArrayList<>(entries.size());
        List<Object> values = new ArrayList<>(entries.size());
        for (Map.Entry<?, ?> entry : entries) {
            keys.add(entry.getKey());
            values.add(entry.getValue());
        }
        int at = e.allocate(DataHeader.MAP_SIZE);
        e.putStructHeader(at, DataHeader.MAP_SIZE, 0);
        e.putPointer(at + DataHeader.MAP_KEYS_OFFSET,
                writeArray(e, new MojomKind.Array(m.key(), 0, false), keys, what + " keys"));
        e.putPointer(at + DataHeader.MAP_VALUES_OFFSET, writeArray(e, new MojomKind.Array(m.value(), 0, false), values, what + " values"));
        return at;
    }

    // ---- decoding -------------------------------------------------------------------------------

    /**
     * Decodes the validated struct at {@code pos}. Fields newer than the struct's version decode
     * to their defaults; an unknown tag of an extensible union decodes to its {@code [Default]}
     * member with that member's zero value.
     *
     * @param handles the attached handles, indexed by handle slots
     * @param associatedEndpoints the associated endpoints (for messages: the interface IDs of the
     *     payload interface-ID array), indexed by associated slots
     */
    public static Map<String, Object> decodeStruct(Decoder d, long pos, StructSchema schema, List<?> handles,
            List<?> associatedEndpoints) {
        return new Reader(d, handles, associatedEndpoints).struct(pos, schema);
    }

    private record Reader(Decoder d, List<?> handles, List<?> associated) {

        Map<String, Object> struct(long pos, StructSchema schema) {
            long version = d.getUInt32(pos + DataHeader.VERSION_OFFSET);
            Map<String, Object> out = new LinkedHashMap<>();
            for (FieldSchema f : schema.fields()) {
                if (f.minVersion() > version) {
                    out.put(f.name(), zeroOrDefault(f));
                } else if (f.kind() instanceof MojomKind.Primitive p && p.type() == MojomKind.PrimitiveType.BOOL) {
                    out.put(f.name(), d.getBool(pos + f.offset(), f.bit()));
                } else {
                    out.put(f.name(), slot(pos + f.offset(), f.kind(), false));
                }
            }
            return out;
        }

        Object zeroOrDefault(FieldSchema f) {
            if (f.defaultValue() != null) {
                return f.defaultValue();
            }
            return zero(f.kind());
        }

        Object slot(long slot, MojomKind kind, boolean inUnion) {
            return switch (kind) {
                case MojomKind.Primitive p -> primitive(slot, p.type());
                case MojomKind.Enum ignored -> d.getInt32(slot);
                case MojomKind.Handle ignored -> handle(slot, handles);
                case MojomKind.Endpoint ep -> {
                    Object endpoint = handle(slot, ep.type().associated() ? associated : handles);
                    if (endpoint == null || !ep.type().hasVersion()) {
                        yield endpoint;
                    }
                    yield new RemoteValue(endpoint, d.getInt32(slot + MojomKind.INTERFACE_VERSION_OFFSET));
                }
                case MojomKind.Str ignored -> {
                    long at = d.pointerTarget(slot);
                    yield at < 0 ? null
                            : new String(d.getBytes(DataHeader.elementsOffset(at),
                                    d.getInt32(at + DataHeader.NUM_ELEMENTS_OFFSET)), StandardCharsets.UTF_8);
                }
                case MojomKind.Array a -> {
                    long at = d.pointerTarget(slot);
                    yield at < 0 ? null : array(at, a.element());
                }
                case MojomKind.MapKind m -> {
                    long at = d.pointerTarget(slot);
                    yield at < 0 ? null : map(at, m);
                }
                case MojomKind.Struct s -> {
                    long at = d.pointerTarget(slot);
                    yield at < 0 ? null : struct(at, s.schema().get());
                }
                case MojomKind.Union u -> {
                    if (inUnion) {
                        long at = d.pointerTarget(slot);
                        yield at < 0 ? null : union(at, u.schema().get());
                    }
                    yield d.getInt32(slot) == 0 ? null : union(slot, u.schema().get());
                }
            };
        }

        Object handle(long slot, List<?> list) {
            long index = d.getUInt32(slot);
            if (index == 0xFFFF_FFFFL) {
                return null;
            }
            if (index >= list.size()) {
                throw new IndexOutOfBoundsException("index " + index + " at offset " + slot + " but only "
                        + list.size() + " attached");
            }
            return list.get((int) index);
        }

        Object primitive(long slot, MojomKind.PrimitiveType type) {
            return switch (type) {
                case BOOL -> d.getBool(slot, 0);
                case INT8 -> (long) d.getInt8(slot);
                case UINT8 -> (long) Byte.toUnsignedInt(d.getInt8(slot));
                case INT16 -> (long) d.getInt16(slot);
                case UINT16 -> (long) Short.toUnsignedInt(d.getInt16(slot));
                case INT32 -> (long) d.getInt32(slot);
                case UINT32 -> d.getUInt32(slot);
                case INT64, UINT64 -> d.getInt64(slot);
                case FLOAT -> d.getFloat(slot);
                case DOUBLE -> d.getDouble(slot);
            };
        }

        UnionValue union(long at, UnionSchema schema) {
            long tag = d.getUInt32(at + UnionLayout.TAG_OFFSET);
            UnionSchema.Field field = schema.byTag(tag).orElse(null);
            if (field == null) {
                UnionSchema.Field fallback = schema.byTag(schema.defaultTag()).orElseThrow(
                        () -> new IllegalStateException("union " + schema.name() + ": unknown tag " + tag
                                + " and no [Default] member to map it to"));
                return new UnionValue(fallback.name(), zero(fallback.kind()));
            }
            return new UnionValue(field.name(), slot(at + UnionLayout.DATA_OFFSET, field.kind(), true));
        }

        List<Object> array(long at, MojomKind element) {
            long n = d.getUInt32(at + DataHeader.NUM_ELEMENTS_OFFSET);
            List<Object> out = new ArrayList<>();
            int size = element.elementSize();
            for (long i = 0; i < n; i++) {
                if (size == 0) {
                    out.add(d.getBool(DataHeader.elementsOffset(at) + i / 8, (int) (i % 8)));
                } else {
                    out.add(slot(DataHeader.elementsOffset(at) + i * size, element, false));
                }
            }
            return out;
        }

        List<Map.Entry<Object, Object>> map(long at, MojomKind.MapKind m) {
            List<Object> keys = array(d.pointerTarget(at + DataHeader.MAP_KEYS_OFFSET), m.key());
            List<Object> values = array(d.pointerTarget(at + DataHeader.MAP_VALUES_OFFSET), m.value());
            List<Map.Entry<Object, Object>> out = new ArrayList<>(keys.size());
            for (int i = 0; i < keys.size(); i++) {
                out.add(new AbstractMap.SimpleImmutableEntry<>(keys.get(i), values.get(i)));
            }
            return out;
        }
    }

    /** The value a field of {@code kind} has when nothing is written: 0, false or null. */
    public static Object zero(MojomKind kind) {
        return switch (kind) {
            case MojomKind.Primitive p -> switch (p.type()) {
                case BOOL -> false;
                case FLOAT -> 0.0f;
                case DOUBLE -> 0.0;
                default -> 0L;
            };
            case MojomKind.Enum ignored -> 0;
            default -> null;
        };
    }
}

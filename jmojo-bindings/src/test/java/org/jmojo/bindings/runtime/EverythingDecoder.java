package org.jmojo.bindings.runtime;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jmojo.bindings.ValidationException;
import org.jmojo.system.Handle;
import org.jmojo.system.MessagePipeEndpoint;

/**
 * A validating decoder of {@link TestSchemas#EVERYTHING} written by hand the way jmojom generates
 * one (the same {@link ValidatingReader} calls, in the same order), producing the canonical values
 * of {@link ValueCodec#decodeStruct}: so a test can check that the reader's decoding path gives
 * exactly the {@link Validator}'s answer and the generic decoder's values.
 *
 * <p>Handles come back as the name {@code names} gives the handle at the same index.
 */
final class EverythingDecoder {

    private static final StructSchema S = TestSchemas.EVERYTHING;

    private final ValidatingReader reader;
    private final Decoder d;
    private final List<? extends Handle> handles;
    private final List<Object> names;

    private EverythingDecoder(ValidatingReader reader, List<? extends Handle> handles, List<Object> names) {
        this.reader = reader;
        this.d = reader.decoder();
        this.handles = handles;
        this.names = names;
    }

    /** Decodes the struct at {@code at} read by {@code reader}, whose handles are {@code handles}, named by {@code names}. */
    static Map<String, Object> decode(ValidatingReader reader, long at, List<? extends Handle> handles,
            List<Object> names) throws ValidationException {
        return new EverythingDecoder(reader, handles, names).everything(at);
    }

    private Object name(Handle h) {
        return h == null ? null : names.get(handles.indexOf(h));
    }

    private Map<String, Object> everything(long at) throws ValidationException {
        reader.structHeader(at, S);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("b", d.getBool(at + 8, 0));
        v.put("i8", (long) d.getInt8(at + 9));
        v.put("u16", (long) (d.getInt16(at + 10) & 0xFFFF));
        v.put("i32", (long) d.getInt32(at + 12));
        v.put("i64", d.getInt64(at + 16));
        v.put("f", d.getFloat(at + 24));
        v.put("color", reader.enumField(at, S, 6));
        v.put("d", d.getDouble(at + 32));
        v.put("s", reader.string(at + 40, true, "s"));
        long ints = reader.arrayField(at, S, 9);
        List<Object> intList = null;
        if (ints >= 0) {
            intList = new ArrayList<>();
            for (int x : d.intArray(ints).toIntArray()) {
                intList.add((long) x);
            }
        }
        v.put("ints", intList);
        long bools = reader.arrayField(at, S, 10);
        List<Object> boolList = null;
        if (bools >= 0) {
            boolList = new ArrayList<>();
            org.jmojo.bindings.BooleanList read = d.booleanArray(bools);
            for (int i = 0; i < read.size(); i++) {
                boolList.add(read.getBoolean(i));
            }
        }
        v.put("bools", boolList);
        v.put("dict", dict(at));
        long point = reader.struct(at + 72, true, "point");
        Map<String, Object> p = null;
        if (point >= 0) {
            p = point(reader, point);
            reader.leaveStruct();
        }
        v.put("point", p);
        int tag = reader.unionTag(at, S, 13);
        v.put("value", tag == -1 ? null : value(at + 80, tag));
        reader.field(at, S, 14);
        v.put("h", name(reader.handle(at + 96, Handle.class, "handle?")));
        reader.field(at, S, 15);
        MessagePipeEndpoint remote = reader.handle(at + 100, MessagePipeEndpoint.class, "pending_remote<t.Calc>?");
        v.put("r", remote == null ? null : new ValueCodec.RemoteValue(name(remote), d.getInt32(at + 104)));
        long points = reader.arrayField(at, S, 16);
        List<Object> pointList = null;
        if (points >= 0) {
            pointList = new ArrayList<>();
            int n = d.getInt32(points + 4);
            for (int i = 0; i < n; i++) {
                long e = reader.structElement(points + 8 + 8L * i, true, i);
                Map<String, Object> element = null;
                if (e >= 0) {
                    element = point(reader, e);
                    reader.leaveStruct();
                }
                pointList.add(element);
            }
        }
        v.put("points", pointList);
        return v;
    }

    private List<Object> dict(long at) throws ValidationException {
        long map = reader.mapField(at, S, 11);
        if (map < 0) {
            return null;
        }
        long keys = reader.mapKeys(map, S, 11);
        int n = d.getInt32(keys + 4);
        String[] k = new String[n];
        for (int i = 0; i < n; i++) {
            k[i] = reader.stringElement(keys + 8 + 8L * i, false, i);
        }
        long values = reader.mapValues(map, S, 11);
        reader.mapEnd(map, keys, values);
        List<Object> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            entries.add(new AbstractMap.SimpleImmutableEntry<Object, Object>(k[i], (long) d.getInt32(values + 8 + 4L * i)));
        }
        return entries;
    }

    private static Map<String, Object> point(ValidatingReader r, long at) throws ValidationException {
        r.structHeader(at, TestSchemas.POINT);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("x", (long) r.decoder().getInt32(at + 8));
        p.put("y", (long) r.decoder().getInt32(at + 12));
        return p;
    }

    /** {@code union Value}, tag checked by {@link ValidatingReader#unionTag}. */
    private ValueCodec.UnionValue value(long slot, int tag) throws ValidationException {
        if (tag == 1) {
            return new ValueCodec.UnionValue("text", reader.unionString(slot, TestSchemas.VALUE, 1));
        }
        reader.unionMember(slot, TestSchemas.VALUE, tag);
        return switch (tag) {
            case 0 -> new ValueCodec.UnionValue("num", (long) d.getInt32(slot + 8));
            case 2 -> new ValueCodec.UnionValue("inner", inner(d.pointerTarget(slot + 8)));
            case 3 -> {
                long p = d.pointerTarget(slot + 8);
                yield new ValueCodec.UnionValue("p", point(reader.recheck(p), p));
            }
            case 4 -> new ValueCodec.UnionValue("h", name(reader.handle(slot + 8, MessagePipeEndpoint.class,
                    "handle<message_pipe>?")));
            case 5 -> {
                long p = d.pointerTarget(slot + 8);
                yield new ValueCodec.UnionValue("maybe", p < 0 ? null : inner(p));
            }
            default -> throw new IllegalStateException("a checked union t.Value has tag " + tag);
        };
    }

    /** {@code union Inner} at {@code slot}, already checked. */
    private ValueCodec.UnionValue inner(long slot) {
        return switch (d.getInt32(slot + 4)) {
            case 0 -> new ValueCodec.UnionValue("big", d.getInt64(slot + 8));
            case 1 -> new ValueCodec.UnionValue("name", d.getString(slot + 8));
            default -> throw new IllegalStateException("a checked union t.Inner has tag " + d.getInt32(slot + 4));
        };
    }
}

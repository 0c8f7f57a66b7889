package org.jmojo.benchmarks.codec;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's order encoded with protobuf-java, written by hand the way {@code protoc}'s Java
 * output does it (there is no {@code protoc} here): sizes first, then
 * {@link CodedOutputStream}; {@link CodedInputStream} with a tag loop to parse, strings checked as
 * UTF-8 as proto3 does. The equivalent {@code .proto}:
 *
 * <pre>
 * message Attribute { string key = 1; string value = 2; }
 * message Order {
 *   uint64 id = 1; string customer = 2; Kind kind = 3; double total = 4;
 *   repeated string tags = 5; repeated int32 quantities = 6;   // packed
 *   repeated Attribute attributes = 7; map&lt;string, int64&gt; counters = 8;
 *   oneof payload { string text = 9; bytes blob = 10; int64 number = 11; }
 *   bool urgent = 12;
 * }
 * </pre>
 *
 * <p>A mutable value, not thread-safe, like the generated Mojom struct it is compared with.
 */
public final class ProtoOrder {
    long id;
    String customer = "";
    int kind;
    double total;
    List<String> tags = new ArrayList<>();
    int[] quantities = new int[0];
    List<String[]> attributes = new ArrayList<>();
    Map<String, Long> counters = new LinkedHashMap<>();
    /** 0 = unset, 9 = text, 10 = blob, 11 = number: the field number of the active oneof member. */
    int payloadCase;
    Object payload;
    boolean urgent;

    private static int attributeSize(String[] a) {
        return CodedOutputStream.computeStringSize(1, a[0]) + CodedOutputStream.computeStringSize(2, a[1]);
    }

    private static int entrySize(Map.Entry<String, Long> e) {
        return CodedOutputStream.computeStringSize(1, e.getKey()) + CodedOutputStream.computeInt64Size(2, e.getValue());
    }

    private int packedSize() {
        int size = 0;
        for (int q : quantities) {
            size += CodedOutputStream.computeInt32SizeNoTag(q);
        }
        return size;
    }

    /** The encoded size in bytes. */
    public int serializedSize() {
        int size = 0;
        if (id != 0) {
            size += CodedOutputStream.computeUInt64Size(1, id);
        }
        if (!customer.isEmpty()) {
            size += CodedOutputStream.computeStringSize(2, customer);
        }
        if (kind != 0) {
            size += CodedOutputStream.computeEnumSize(3, kind);
        }
        if (Double.doubleToRawLongBits(total) != 0) {
            size += CodedOutputStream.computeDoubleSize(4, total);
        }
        for (String t : tags) {
            size += CodedOutputStream.computeStringSize(5, t);
        }
        if (quantities.length > 0) {
            int packed = packedSize();
            size += 1 + CodedOutputStream.computeUInt32SizeNoTag(packed) + packed;
        }
        for (String[] a : attributes) {
            int s = attributeSize(a);
            size += 1 + CodedOutputStream.computeUInt32SizeNoTag(s) + s;
        }
        for (Map.Entry<String, Long> e : counters.entrySet()) {
            int s = entrySize(e);
            size += 1 + CodedOutputStream.computeUInt32SizeNoTag(s) + s;
        }
        switch (payloadCase) {
            case 9 -> size += CodedOutputStream.computeStringSize(9, (String) payload);
            case 10 -> size += CodedOutputStream.computeByteArraySize(10, (byte[]) payload);
            case 11 -> size += CodedOutputStream.computeInt64Size(11, (Long) payload);
            default -> { }
        }
        if (urgent) {
            size += CodedOutputStream.computeBoolSize(12, true);
        }
        return size;
    }

    /** Encodes the order. */
    public byte[] toByteArray() {
        byte[] out = new byte[serializedSize()];
        CodedOutputStream o = CodedOutputStream.newInstance(out);
        try {
            if (id != 0) {
                o.writeUInt64(1, id);
            }
            if (!customer.isEmpty()) {
                o.writeString(2, customer);
            }
            if (kind != 0) {
                o.writeEnum(3, kind);
            }
            if (Double.doubleToRawLongBits(total) != 0) {
                o.writeDouble(4, total);
            }
            for (String t : tags) {
                o.writeString(5, t);
            }
            if (quantities.length > 0) {
                o.writeTag(6, 2);
                o.writeUInt32NoTag(packedSize());
                for (int q : quantities) {
                    o.writeInt32NoTag(q);
                }
            }
            for (String[] a : attributes) {
                o.writeTag(7, 2);
                o.writeUInt32NoTag(attributeSize(a));
                o.writeString(1, a[0]);
                o.writeString(2, a[1]);
            }
            for (Map.Entry<String, Long> e : counters.entrySet()) {
                o.writeTag(8, 2);
                o.writeUInt32NoTag(entrySize(e));
                o.writeString(1, e.getKey());
                o.writeInt64(2, e.getValue());
            }
            switch (payloadCase) {
                case 9 -> o.writeString(9, (String) payload);
                case 10 -> o.writeByteArray(10, (byte[]) payload);
                case 11 -> o.writeInt64(11, (Long) payload);
                default -> { }
            }
            if (urgent) {
                o.writeBool(12, true);
            }
            o.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new IllegalStateException("writing into an exactly sized array cannot fail", e);
        }
        return out;
    }

    /** Parses an order; rejects malformed input and invalid UTF-8 in strings. */
    public static ProtoOrder parseFrom(byte[] bytes) throws InvalidProtocolBufferException {
        ProtoOrder m = new ProtoOrder();
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        try {
            int tag;
            while ((tag = in.readTag()) != 0) {
                switch (tag) {
                    case 8 -> m.id = in.readUInt64();
                    case 18 -> m.customer = in.readStringRequireUtf8();
                    case 24 -> m.kind = in.readEnum();
                    case 33 -> m.total = in.readDouble();
                    case 42 -> m.tags.add(in.readStringRequireUtf8());
                    case 50 -> {
                        int limit = in.pushLimit(in.readRawVarint32());
                        int[] q = new int[8];
                        int n = 0;
                        while (in.getBytesUntilLimit() > 0) {
                            if (n == q.length) {
                                q = Arrays.copyOf(q, n * 2);
                            }
                            q[n++] = in.readInt32();
                        }
                        m.quantities = Arrays.copyOf(q, n);
                        in.popLimit(limit);
                    }
                    case 58 -> {
                        int limit = in.pushLimit(in.readRawVarint32());
                        String[] a = {"", ""};
                        int t;
                        while ((t = in.readTag()) != 0) {
                            switch (t) {
                                case 10 -> a[0] = in.readStringRequireUtf8();
                                case 18 -> a[1] = in.readStringRequireUtf8();
                                default -> in.skipField(t);
                            }
                        }
                        in.popLimit(limit);
                        m.attributes.add(a);
                    }
                    case 66 -> {
                        int limit = in.pushLimit(in.readRawVarint32());
                        String key = "";
                        long value = 0;
                        int t;
                        while ((t = in.readTag()) != 0) {
                            switch (t) {
                                case 10 -> key = in.readStringRequireUtf8();
                                case 16 -> value = in.readInt64();
                                default -> in.skipField(t);
                            }
                        }
                        in.popLimit(limit);
                        m.counters.put(key, value);
                    }
                    case 74 -> {
                        m.payloadCase = 9;
                        m.payload = in.readStringRequireUtf8();
                    }
                    case 82 -> {
                        m.payloadCase = 10;
                        m.payload = in.readByteArray();
                    }
                    case 88 -> {
                        m.payloadCase = 11;
                        m.payload = in.readInt64();
                    }
                    case 96 -> m.urgent = in.readBool();
                    default -> in.skipField(tag);
                }
            }
        } catch (InvalidProtocolBufferException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidProtocolBufferException(e);
        }
        return m;
    }
}

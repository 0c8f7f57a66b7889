package org.jmojo.benchmarks.codec;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;

/**
 * The benchmark's byte-heavy message encoded with protobuf-java, written by hand as {@code protoc}'s
 * Java output would be (see {@link ProtoOrder}). The equivalent {@code .proto}:
 *
 * <pre>
 * message Blob { uint64 id = 1; string name = 2; bytes data = 3; }
 * </pre>
 *
 * <p>{@code data} is parsed into a fresh array ({@link CodedInputStream#readByteArray}), as the Mojom
 * side decodes into its own copy. A mutable value, not thread-safe.
 */
public final class ProtoBlob {
    long id;
    String name = "";
    byte[] data = new byte[0];

    /** The encoded size in bytes. */
    public int serializedSize() {
        int size = 0;
        if (id != 0) {
            size += CodedOutputStream.computeUInt64Size(1, id);
        }
        if (!name.isEmpty()) {
            size += CodedOutputStream.computeStringSize(2, name);
        }
        if (data.length > 0) {
            size += CodedOutputStream.computeByteArraySize(3, data);
        }
        return size;
    }

    /** Encodes the blob. */
    public byte[] toByteArray() {
        byte[] out = new byte[serializedSize()];
        CodedOutputStream o = CodedOutputStream.newInstance(out);
        try {
            if (id != 0) {
                o.writeUInt64(1, id);
            }
            if (!name.isEmpty()) {
                o.writeString(2, name);
            }
            if (data.length > 0) {
                o.writeByteArray(3, data);
            }
            o.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new IllegalStateException("writing into an exactly sized array cannot fail", e);
        }
        return out;
    }

    /** Parses a blob; rejects malformed input and invalid UTF-8 in the name. */
    public static ProtoBlob parseFrom(byte[] bytes) throws InvalidProtocolBufferException {
        ProtoBlob m = new ProtoBlob();
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        try {
            int tag;
            while ((tag = in.readTag()) != 0) {
                switch (tag) {
                    case 8 -> m.id = in.readUInt64();
                    case 18 -> m.name = in.readStringRequireUtf8();
                    case 26 -> m.data = in.readByteArray();
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

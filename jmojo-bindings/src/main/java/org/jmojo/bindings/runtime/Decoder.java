package org.jmojo.bindings.runtime;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Little-endian reads from an encoded message held in a {@link MemorySegment} (heap or native).
 *
 * <p>Positions are absolute byte offsets into the segment. The decoder trusts nothing: reads past
 * the end throw {@link IndexOutOfBoundsException}. Run the {@link Validator} first; generated code
 * only decodes validated messages. A decoder holds no mutable state of its own; it may be shared
 * between threads as far as the segment may (a confined segment binds it to its owner thread).
 */
public final class Decoder {

    static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment segment;

    /** Reads from {@code segment}; the segment is not copied. */
    public Decoder(MemorySegment segment) {
        this.segment = Objects.requireNonNull(segment, "segment");
    }

    /** Reads from a heap array; the array is not copied. */
    public Decoder(byte[] bytes) {
        this(MemorySegment.ofArray(bytes));
    }

    /**
     * Reads the bytes between the buffer's position and limit (heap or direct); the buffer is not
     * copied and its position is not moved. Offsets are relative to its position.
     */
    public Decoder(java.nio.ByteBuffer buffer) {
        this(MemorySegment.ofBuffer(buffer));
    }

    /** The underlying segment. */
    public MemorySegment segment() {
        return segment;
    }

    /** Size of the message in bytes. */
    public long size() {
        return segment.byteSize();
    }

    public byte getInt8(long pos) {
        return segment.get(ValueLayout.JAVA_BYTE, pos);
    }

    public short getInt16(long pos) {
        return segment.get(I16, pos);
    }

    public int getInt32(long pos) {
        return segment.get(I32, pos);
    }

    public long getInt64(long pos) {
        return segment.get(I64, pos);
    }

    public float getFloat(long pos) {
        return segment.get(F32, pos);
    }

    public double getDouble(long pos) {
        return segment.get(F64, pos);
    }

    /** An unsigned 32-bit value, widened without sign extension (STYLE C.2). */
    public long getUInt32(long pos) {
        return Integer.toUnsignedLong(getInt32(pos));
    }

    /** Bit {@code bit} (0 = least significant) of the byte at {@code pos}. */
    public boolean getBool(long pos, int bit) {
        return (getInt8(pos) & (1 << bit)) != 0;
    }

    /**
     * The absolute target of the pointer in the slot at {@code pos}, or -1 for null. A validated
     * message never holds a pointer above {@code 0xFFFFFFFF}; this one rejects such a pointer with
     * {@link IndexOutOfBoundsException} rather than wrapping.
     */
    public long pointerTarget(long pos) {
        long pointer = getInt64(pos);
        if (pointer == 0) {
            return -1;
        }
        if (pointer < 0 || pointer > 0xFFFF_FFFFL) {
            throw new IndexOutOfBoundsException("pointer 0x" + Long.toUnsignedString(pointer, 16) + " at offset "
                    + pos + " exceeds 0xFFFFFFFF");
        }
        return pos + pointer;
    }

    /** {@code length} bytes starting at {@code pos}, copied. */
    public byte[] getBytes(long pos, int length) {
        return segment.asSlice(pos, length).toArray(ValueLayout.JAVA_BYTE);
    }
}

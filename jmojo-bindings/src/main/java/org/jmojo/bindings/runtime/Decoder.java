package org.jmojo.bindings.runtime;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.function.IntFunction;
import org.jmojo.bindings.BooleanList;
import org.jmojo.bindings.Bytes;
import org.jmojo.bindings.DoubleList;
import org.jmojo.bindings.EnumList;
import org.jmojo.bindings.FloatList;
import org.jmojo.bindings.IntList;
import org.jmojo.bindings.LongList;
import org.jmojo.bindings.MojomEnum;
import org.jmojo.bindings.ShortList;
import org.jmojo.bindings.internal.Owned;

/**
 * Little-endian reads from an encoded message held in a {@link MemorySegment} (heap or native).
 *
 * <p>Positions are absolute byte offsets into the segment. The decoder trusts nothing: reads past
 * the end throw {@link IndexOutOfBoundsException}. Run the {@link Validator} first; generated code
 * only decodes validated messages. A message in a heap {@code byte[]} (what {@link
 * MemorySegment#ofArray(byte[])} and {@link #Decoder(byte[])} give) is read straight from the array
 * through little-endian array-view var handles; other segments through the segment API. A decoder holds no mutable state of its own; it may be shared
 * between threads as far as the segment may (a confined segment binds it to its owner thread).
 */
public final class Decoder {

    static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** The message, or null when it was given as a {@code byte[]} (then {@link #array} is set). */
    private final MemorySegment segment;
    /** The segment's backing array when it is a heap {@code byte[]} segment, else null. */
    private final byte[] array;
    /** Index in {@link #array} of the segment's first byte. */
    private final int base;
    /** The segment's size, when {@link #array} is set. */
    private final int limit;

    /** Reads from {@code segment}; the segment is not copied. */
    public Decoder(MemorySegment segment) {
        this.segment = Objects.requireNonNull(segment, "segment");
        if (segment.heapBase().orElse(null) instanceof byte[] bytes && !segment.isReadOnly()) {
            this.array = bytes;
            this.base = (int) segment.address();
            this.limit = (int) segment.byteSize();
        } else {
            this.array = null;
            this.base = 0;
            this.limit = 0;
        }
    }

    /**
     * Reads from a heap array; the array is not copied. No segment is made unless {@link #segment()}
     * is asked for: decoding a {@code byte[]} message makes no {@code MemorySegment} objects.
     */
    public Decoder(byte[] bytes) {
        this.segment = null;
        this.array = Objects.requireNonNull(bytes, "bytes");
        this.base = 0;
        this.limit = bytes.length;
    }

    /**
     * Reads the bytes between the buffer's position and limit (heap or direct); the buffer is not
     * copied and its position is not moved. Offsets are relative to its position.
     */
    public Decoder(java.nio.ByteBuffer buffer) {
        this(MemorySegment.ofBuffer(buffer));
    }

    /** The backing array of a heap {@code byte[]} message, else null; for the validator. */
    byte[] array() {
        return array;
    }

    /** The index in {@link #array()} of the message's first byte. */
    int base() {
        return base;
    }

    /** The underlying segment (over the array, for a decoder made from a {@code byte[]}). */
    public MemorySegment segment() {
        return segment != null ? segment : MemorySegment.ofArray(array);
    }

    /** Size of the message in bytes. */
    public long size() {
        return segment != null ? segment.byteSize() : limit;
    }

    /** The index in {@link #array} of a read of {@code width} bytes at {@code pos}, checked against the segment. */
    private int index(long pos, int width) {
        if (pos < 0 || pos > limit - width) {
            throw new IndexOutOfBoundsException("read of " + width + " byte(s) at " + pos + " is outside the "
                    + limit + "-byte message");
        }
        return base + (int) pos;
    }

    public byte getInt8(long pos) {
        return array != null ? array[index(pos, 1)] : segment.get(ValueLayout.JAVA_BYTE, pos);
    }

    public short getInt16(long pos) {
        return array != null ? (short) Encoder.I16.get(array, index(pos, 2)) : segment.get(I16, pos);
    }

    public int getInt32(long pos) {
        return array != null ? (int) Encoder.I32.get(array, index(pos, 4)) : segment.get(I32, pos);
    }

    public long getInt64(long pos) {
        return array != null ? (long) Encoder.I64.get(array, index(pos, 8)) : segment.get(I64, pos);
    }

    public float getFloat(long pos) {
        return array != null ? (float) Encoder.F32.get(array, index(pos, 4)) : segment.get(F32, pos);
    }

    public double getDouble(long pos) {
        return array != null ? (double) Encoder.F64.get(array, index(pos, 8)) : segment.get(F64, pos);
    }

    /** An unsigned 32-bit value, widened without sign extension (a u32 never becomes a negative int). */
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
        if (array != null) {
            int from = index(pos, length);
            return java.util.Arrays.copyOfRange(array, from, from + length);
        }
        return segment.asSlice(pos, length).toArray(ValueLayout.JAVA_BYTE);
    }

    /** The element count of the array object at {@code array}, as an int (a validated array's count fits). */
    private int count(long array) {
        return getInt32(array + DataHeader.NUM_ELEMENTS_OFFSET);
    }

    /** The elements of the array object at {@code array} ({@code width} bytes each), copied. */
    private byte[] elements(long array, int width) {
        return getBytes(DataHeader.elementsOffset(array), Math.multiplyExact(count(array), width));
    }

    /** The validated {@code array<uint8>} or {@code array<int8>} object at {@code array}, copied once. */
    public Bytes bytesArray(long array) {
        return Owned.access().bytes(elements(array, 1));
    }

    /** The validated {@code array<bool>} object at {@code array}, copied once. */
    public BooleanList booleanArray(long array) {
        int n = count(array);
        return Owned.access().booleans(getBytes(DataHeader.elementsOffset(array), (n + 7) / 8), n);
    }

    /** The validated 16-bit array object at {@code array}, copied once. */
    public ShortList shortArray(long array) {
        return Owned.access().shorts(elements(array, 2));
    }

    /** The validated 32-bit integer array object at {@code array}, copied once. */
    public IntList intArray(long array) {
        return Owned.access().ints(elements(array, 4));
    }

    /** The validated 64-bit integer array object at {@code array}, copied once. */
    public LongList longArray(long array) {
        return Owned.access().longs(elements(array, 8));
    }

    /** The validated {@code array<float>} object at {@code array}, copied once. */
    public FloatList floatArray(long array) {
        return Owned.access().floats(elements(array, 4));
    }

    /** The validated {@code array<double>} object at {@code array}, copied once. */
    public DoubleList doubleArray(long array) {
        return Owned.access().doubles(elements(array, 8));
    }

    /**
     * The validated array of enum values at {@code array}, copied once.
     *
     * @param constants the generated enum's {@code of}, which the list uses to name its values
     */
    public <E extends Enum<E> & MojomEnum> EnumList<E> enumArray(long array, IntFunction<E> constants) {
        return Owned.access().enums(elements(array, 4), constants);
    }

    /**
     * The string whose pointer is in the slot at {@code slot}, or null for a null pointer: the
     * {@code array<uint8>} it points to, decoded as UTF-8 (malformed sequences are replaced, as
     * {@link String#String(byte[], java.nio.charset.Charset)} does). A heap message is decoded in
     * place, without copying the bytes out first.
     *
     * @throws IndexOutOfBoundsException if the pointer or the array leaves the message
     */
    public String getString(long slot) {
        long at = pointerTarget(slot);
        if (at < 0) {
            return null;
        }
        int length = getInt32(at + 4);
        if (array != null) {
            return new String(array, index(at + 8, length), length, java.nio.charset.StandardCharsets.UTF_8);
        }
        return new String(getBytes(at + 8, length), java.nio.charset.StandardCharsets.UTF_8);
    }
}

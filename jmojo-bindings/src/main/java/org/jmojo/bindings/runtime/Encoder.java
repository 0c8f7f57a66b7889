package org.jmojo.bindings.runtime;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jmojo.bindings.BooleanList;
import org.jmojo.bindings.Bytes;
import org.jmojo.bindings.DoubleList;
import org.jmojo.bindings.EnumList;
import org.jmojo.bindings.FloatList;
import org.jmojo.bindings.IntList;
import org.jmojo.bindings.LongList;
import org.jmojo.bindings.ShortList;
import org.jmojo.bindings.internal.Owned;

/**
 * Builds one encoded message in a growable little-endian heap buffer, together with the list of
 * handles and of associated endpoints the message attaches.
 *
 * <p>Objects are allocated at the end of the buffer, 8-aligned and zero-filled, in the order the
 * caller serializes them; docs/wire-format.md §11 prescribes that order (depth-first, fields in ordinal
 * order). Handles are appended in the same walk, so their indices increase in validation order.
 *
 * <p>The buffer is a plain {@code byte[]} written through little-endian array-view var handles, so
 * every put is one bounds-checked store; the buffer grows by doubling, and bytes past {@link #size()}
 * are never written before they are allocated, which keeps them zero.
 *
 * <p>Not thread-safe: one thread builds one message. The encoder does not own the handle objects
 * it is given; it only records them in order for the caller to attach.
 */
public final class Encoder {

    /** The value written in a handle or interface-ID index slot that holds nothing. */
    public static final int INVALID_INDEX = 0xFFFF_FFFF;

    static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle F32 = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle F64 = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    /** The buffer of a finished encoder: no allocation fits in it, so any allocation fails. */
    private static final byte[] EMPTY = new byte[0];

    private byte[] buffer;
    private int size;
    /** Created on the first append: most messages attach nothing. */
    private List<Object> handles;
    /** Created on the first append, likewise. */
    private List<Object> associatedEndpoints;

    /**
     * Set by {@link #finish}: the buffer then belongs to the caller and the encoder is empty for
     * good.
     */
    private boolean finished;

    /** An encoder whose buffer starts with room for {@code initialCapacity} bytes. */
    public Encoder(int initialCapacity) {
        if (initialCapacity < 0) {
            throw new IllegalArgumentException("initialCapacity < 0: " + initialCapacity);
        }
        buffer = new byte[initialCapacity];
    }

    /**
     * An encoder whose buffer has exactly {@code expectedSize} bytes, for a message whose size is
     * known in advance (generated {@code encodedSize()}): if the message fills it exactly,
     * {@link #finish} hands over the buffer itself. A size beyond what a buffer can hold is capped;
     * the encoder grows as usual if the message turns out larger.
     */
    public static Encoder sized(long expectedSize) {
        if (expectedSize < 0) {
            throw new IllegalArgumentException("expectedSize < 0: " + expectedSize);
        }
        return new Encoder((int) Math.min(expectedSize, Integer.MAX_VALUE - 8));
    }

    /**
     * The bytes {@link #allocateString} takes for {@code value} if it is ASCII (one byte per
     * UTF-16 unit: a lower bound for other text), header and padding included; 0 for null.
     */
    public static long stringSize(String value) {
        return value == null ? 0 : (8 + value.length() + 7L) & ~7L;
    }

    /** The bytes {@link #allocateArray} takes for {@code numElements} elements of {@code elementBits} bits. */
    public static long arraySize(int numElements, int elementBits) {
        return (8 + ((long) numElements * elementBits + 7) / 8 + 7) & ~7L;
    }

    /** An encoder with a small default capacity. */
    public Encoder() {
        this(256);
    }

    /** Bytes used so far (always a multiple of 8). */
    public int size() {
        return size;
    }

    /**
     * Reserves {@code numBytes} zero bytes at the end, rounded up to a multiple of 8, and returns
     * the absolute offset of the first one.
     */
    public int allocate(long numBytes) {
        if (numBytes < 0) {
            throw new IllegalArgumentException("numBytes < 0: " + numBytes);
        }
        long rounded = (numBytes + 7) & ~7L;
        long newSize = size + rounded;
        if (newSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("message would exceed " + (Integer.MAX_VALUE - 8) + " bytes: " + newSize);
        }
        if (newSize > buffer.length) {
            grow(newSize);
        }
        int at = size;
        size = (int) newSize;
        return at;
    }

    private void grow(long minSize) {
        if (finished) {
            throw new IllegalStateException("the encoder has finished: its buffer was handed over by finish()");
        }
        buffer = Arrays.copyOf(buffer, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(minSize, 2L * buffer.length)));
    }

    /** The checked array index of a write of {@code width} bytes at {@code pos}. */
    private int check(long pos, int width) {
        if (pos < 0 || pos > size - width) {
            throw new IndexOutOfBoundsException("write of " + width + " byte(s) at " + pos
                    + " is outside the allocated " + size + " byte(s)");
        }
        return (int) pos;
    }

    public void putInt8(long pos, byte value) {
        buffer[check(pos, 1)] = value;
    }

    public void putInt16(long pos, short value) {
        I16.set(buffer, check(pos, 2), value);
    }

    public void putInt32(long pos, int value) {
        I32.set(buffer, check(pos, 4), value);
    }

    public void putInt64(long pos, long value) {
        I64.set(buffer, check(pos, 8), value);
    }

    public void putFloat(long pos, float value) {
        F32.set(buffer, check(pos, 4), value);
    }

    public void putDouble(long pos, double value) {
        F64.set(buffer, check(pos, 8), value);
    }

    /** Sets or clears bit {@code bit} of the byte at {@code pos}, leaving its other bits alone. */
    public void putBool(long pos, int bit, boolean value) {
        int i = check(pos, 1);
        int old = buffer[i];
        buffer[i] = (byte) (value ? old | (1 << bit) : old & ~(1 << bit));
    }

    /** Copies {@code bytes} to {@code pos}. */
    public void putBytes(long pos, byte[] bytes) {
        System.arraycopy(bytes, 0, buffer, check(pos, bytes.length), bytes.length);
    }

    /** Writes in the slot at {@code slotPos} a pointer to the object at {@code targetPos}. */
    public void putPointer(long slotPos, long targetPos) {
        if (targetPos <= slotPos) {
            throw new IllegalArgumentException("pointers only point forward: slot " + slotPos + ", target " + targetPos);
        }
        putInt64(slotPos, targetPos - slotPos);
    }

    /** Writes a struct header ({@code num_bytes}, {@code version}) at {@code pos}. */
    public void putStructHeader(long pos, int numBytes, int version) {
        putInt32(pos, numBytes);
        putInt32(pos + 4, version);
    }

    /**
     * Allocates an array of {@code numElements} elements of {@code elementBits} bits each, writes its
     * header and returns its offset. {@code num_bytes} is 8 + the bytes the elements use, not
     * rounded (docs/wire-format.md §5.1).
     */
    public int allocateArray(long numElements, int elementBits) {
        if (numElements < 0 || numElements > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("numElements not in 0..0xFFFFFFFF: " + numElements);
        }
        long numBytes = 8 + (numElements * elementBits + 7) / 8;
        int at = allocate(numBytes);
        I32.set(buffer, at, (int) numBytes);
        I32.set(buffer, at + 4, (int) numElements);
        return at;
    }

    /**
     * Allocates an array object holding the elements of {@code values} ({@link Bytes}, a primitive
     * list of {@code org.jmojo.bindings} or an {@link EnumList}) and returns its offset: the header,
     * then the elements copied in one step from their wire form.
     *
     * @throws IllegalArgumentException if {@code values} is none of those types
     */
    public int allocateArray(Object values) {
        int bits = switch (values) {
            case Bytes b -> 8;
            case BooleanList l -> 1;
            case ShortList l -> 16;
            case IntList l -> 32;
            case FloatList l -> 32;
            case EnumList<?> l -> 32;
            case LongList l -> 64;
            case DoubleList l -> 64;
            default -> throw new IllegalArgumentException("not Bytes or a primitive list: " + values.getClass());
        };
        int count = values instanceof Bytes b ? b.size() : ((List<?>) values).size();
        int at = allocateArray(count, bits);
        putBytes(DataHeader.elementsOffset(at), Owned.access().wire(values));
        return at;
    }

    /**
     * Allocates a string object ({@code array<uint8>} of the UTF-8 bytes, docs/wire-format.md §5.2),
     * encoding {@code value} straight into the buffer, and returns its offset. Unpaired
     * surrogates are written as {@code '?'}, as {@link String#getBytes(java.nio.charset.Charset)}
     * does.
     */
    public int allocateString(String value) {
        int length = value.length();
        int at = size;
        int start = at + 8;
        // Room for the text as ASCII is enough for the common case; the worst case, 3 bytes per
        // UTF-16 unit, is only reserved once a character turns out not to be ASCII. The region
        // past size is still zero, and only the bytes actually encoded are claimed below, so the
        // padding after them stays zero.
        if (((long) start + length + 7 & ~7L) > buffer.length) {
            reserveWorstCase(at, length);
        }
        byte[] b = buffer;
        // Optimistically copy the string as ASCII: a loop without an exit, which the JIT can
        // unroll and vectorize; if any character was not ASCII, encode again from the start
        // (UTF-8 then takes at least as many bytes, so every byte copied here is overwritten).
        int all = 0;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            all |= c;
            b[start + i] = (byte) c;
        }
        int out = start + length;
        if (all >= 0x80) {
            reserveWorstCase(at, length);
            b = buffer;
            out = encodeNonAscii(value, 0, b, start);
        }
        int numBytes = out - at;
        I32.set(b, at, numBytes);
        I32.set(b, at + 4, numBytes - 8);
        size = (at + numBytes + 7) & ~7;
        return at;
    }

    /** Makes room for a string of {@code length} UTF-16 units at {@code at} encoded at 3 bytes per unit. */
    private void reserveWorstCase(int at, int length) {
        long worst = at + 8L + 3L * length + 7;
        if (worst > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("message would exceed " + (Integer.MAX_VALUE - 8) + " bytes: " + worst);
        }
        if (worst > buffer.length) {
            grow(worst);
        }
    }

    private static int encodeNonAscii(String value, int from, byte[] b, int out) {
        int length = value.length();
        for (int i = from; i < length; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                b[out++] = (byte) c;
            } else if (c < 0x800) {
                b[out++] = (byte) (0xC0 | (c >> 6));
                b[out++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, value.charAt(++i));
                b[out++] = (byte) (0xF0 | (cp >> 18));
                b[out++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[out++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[out++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                b[out++] = (byte) '?';
            } else {
                b[out++] = (byte) (0xE0 | (c >> 12));
                b[out++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[out++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return out;
    }

    /** Appends {@code handle} to the attached handles and returns its index. */
    public int appendHandle(Object handle) {
        Objects.requireNonNull(handle, "handle");
        if (handles == null) {
            handles = new ArrayList<>();
        }
        handles.add(handle);
        return handles.size() - 1;
    }

    /** Appends an associated endpoint and returns its index in the payload interface-ID array. */
    public int appendAssociatedEndpoint(Object endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (associatedEndpoints == null) {
            associatedEndpoints = new ArrayList<>();
        }
        associatedEndpoints.add(endpoint);
        return associatedEndpoints.size() - 1;
    }

    /** The handles appended so far, in index order (an unmodifiable copy). */
    public List<Object> handles() {
        return handles == null ? List.of() : List.copyOf(handles);
    }

    /** The associated endpoints appended so far, in index order (an unmodifiable copy). */
    public List<Object> associatedEndpoints() {
        return associatedEndpoints == null ? List.of() : List.copyOf(associatedEndpoints);
    }

    /** A copy of the bytes encoded so far. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    /**
     * Ends encoding and returns the message: the buffer itself when the message fills it exactly
     * (see {@link #sized}), else a copy of the bytes used. The encoder is then empty and cannot
     * allocate again ({@link IllegalStateException}); its handle and endpoint lists stay readable.
     */
    public byte[] finish() {
        byte[] out = size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
        buffer = EMPTY;
        size = 0;
        finished = true;
        return out;
    }

    /** A read-only view of the bytes encoded so far; it sees later writes but not later growth. */
    public MemorySegment asSegment() {
        return MemorySegment.ofArray(buffer).asSlice(0, size).asReadOnly();
    }
}

package org.jmojo.bindings.runtime;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds one encoded message in a growable little-endian heap buffer, together with the list of
 * handles and of associated endpoints the message attaches.
 *
 * <p>Objects are allocated at the end of the buffer, 8-aligned and zero-filled, in the order the
 * caller serializes them; wire-format.md §11 prescribes that order (depth-first, fields in ordinal
 * order). Handles are appended in the same walk, so their indices increase in validation order.
 *
 * <p>Not thread-safe: one thread builds one message. The encoder does not own the handle objects
 * it is given; it only records them in order for the caller to attach.
 */
public final class Encoder {

    /** The value written in a handle or interface-ID index slot that holds nothing. */
    public static final int INVALID_INDEX = 0xFFFF_FFFF;

    private byte[] buffer;
    private MemorySegment segment;
    private int size;
    private final List<Object> handles = new ArrayList<>();
    private final List<Object> associatedEndpoints = new ArrayList<>();

    /** An encoder whose buffer starts with room for {@code initialCapacity} bytes. */
    public Encoder(int initialCapacity) {
        if (initialCapacity < 0) {
            throw new IllegalArgumentException("initialCapacity < 0: " + initialCapacity);
        }
        buffer = new byte[Math.max(64, initialCapacity)];
        segment = MemorySegment.ofArray(buffer);
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
            buffer = Arrays.copyOf(buffer, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(newSize, 2L * buffer.length)));
            segment = MemorySegment.ofArray(buffer);
        }
        int at = size;
        size = (int) newSize;
        return at;
    }

    private void check(long pos, int width) {
        if (pos < 0 || pos + width > size) {
            throw new IndexOutOfBoundsException("write of " + width + " byte(s) at " + pos
                    + " is outside the allocated " + size + " byte(s)");
        }
    }

    public void putInt8(long pos, byte value) {
        check(pos, 1);
        segment.set(ValueLayout.JAVA_BYTE, pos, value);
    }

    public void putInt16(long pos, short value) {
        check(pos, 2);
        segment.set(Decoder.I16, pos, value);
    }

    public void putInt32(long pos, int value) {
        check(pos, 4);
        segment.set(Decoder.I32, pos, value);
    }

    public void putInt64(long pos, long value) {
        check(pos, 8);
        segment.set(Decoder.I64, pos, value);
    }

    public void putFloat(long pos, float value) {
        check(pos, 4);
        segment.set(Decoder.F32, pos, value);
    }

    public void putDouble(long pos, double value) {
        check(pos, 8);
        segment.set(Decoder.F64, pos, value);
    }

    /** Sets or clears bit {@code bit} of the byte at {@code pos}, leaving its other bits alone. */
    public void putBool(long pos, int bit, boolean value) {
        check(pos, 1);
        byte old = segment.get(ValueLayout.JAVA_BYTE, pos);
        int updated = value ? old | (1 << bit) : old & ~(1 << bit);
        segment.set(ValueLayout.JAVA_BYTE, pos, (byte) updated);
    }

    /** Copies {@code bytes} to {@code pos}. */
    public void putBytes(long pos, byte[] bytes) {
        check(pos, bytes.length);
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, pos, bytes.length);
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
     * rounded (wire-format.md §5.1).
     */
    public int allocateArray(long numElements, int elementBits) {
        if (numElements < 0 || numElements > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("numElements not in 0..0xFFFFFFFF: " + numElements);
        }
        long numBytes = 8 + (numElements * elementBits + 7) / 8;
        int at = allocate(numBytes);
        putInt32(at, (int) numBytes);
        putInt32(at + 4, (int) numElements);
        return at;
    }

    /** Appends {@code handle} to the attached handles and returns its index. */
    public int appendHandle(Object handle) {
        handles.add(java.util.Objects.requireNonNull(handle, "handle"));
        return handles.size() - 1;
    }

    /** Appends an associated endpoint and returns its index in the payload interface-ID array. */
    public int appendAssociatedEndpoint(Object endpoint) {
        associatedEndpoints.add(java.util.Objects.requireNonNull(endpoint, "endpoint"));
        return associatedEndpoints.size() - 1;
    }

    /** The handles appended so far, in index order (an unmodifiable copy). */
    public List<Object> handles() {
        return List.copyOf(handles);
    }

    /** The associated endpoints appended so far, in index order (an unmodifiable copy). */
    public List<Object> associatedEndpoints() {
        return List.copyOf(associatedEndpoints);
    }

    /** A copy of the bytes encoded so far. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    /** A read-only view of the bytes encoded so far; it sees later writes but not later growth. */
    public MemorySegment asSegment() {
        return segment.asSlice(0, size).asReadOnly();
    }
}

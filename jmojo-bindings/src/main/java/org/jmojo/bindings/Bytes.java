package org.jmojo.bindings;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.jmojo.bindings.internal.Owned;

/**
 * An immutable sequence of bytes: the Java type of a Mojom {@code array<uint8>} or {@code array<int8>}
 * (the same bits; read a {@code uint8} with {@link Byte#toUnsignedInt}).
 *
 * <p>Every factory copies its input and no method hands out the array inside, so a value can never
 * change once made: it is safe as a map key and to share between threads. To read the bytes without
 * copying them, use {@link #asSegment()} or {@link #asByteBuffer()} (read-only views), {@link #get} or
 * {@link #copyTo}. Equal when the bytes are equal.
 */
public final class Bytes {

    private static final Bytes EMPTY = new Bytes(new byte[0]);

    static {
        Owned.install(new OwnedAccess());
    }

    /** Never modified and never handed out, so the value is immutable. */
    private final byte[] bytes;

    /** Takes {@code bytes} over: the caller must not keep or change the array. */
    Bytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The empty sequence. */
    public static Bytes empty() {
        return EMPTY;
    }

    /** A copy of {@code bytes}. */
    public static Bytes copyOf(byte[] bytes) {
        return copyOf(bytes, 0, bytes.length);
    }

    /**
     * A copy of {@code length} bytes of {@code bytes} starting at {@code offset}.
     *
     * @throws IndexOutOfBoundsException if the range is not inside the array
     */
    public static Bytes copyOf(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return length == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(bytes, offset, offset + length));
    }

    /**
     * A copy of the bytes of {@code segment} (heap or native).
     *
     * @throws IllegalArgumentException if the segment is larger than a Java array can be
     */
    public static Bytes copyOf(MemorySegment segment) {
        if (segment.byteSize() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("segment of " + segment.byteSize() + " bytes does not fit a byte[]");
        }
        return segment.byteSize() == 0 ? EMPTY : new Bytes(segment.toArray(ValueLayout.JAVA_BYTE));
    }

    /** The number of bytes. */
    public int size() {
        return bytes.length;
    }

    /** Whether there are no bytes. */
    public boolean isEmpty() {
        return bytes.length == 0;
    }

    /**
     * The byte at {@code index}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
     */
    public byte get(int index) {
        return bytes[Objects.checkIndex(index, bytes.length)];
    }

    /** A new array holding the bytes. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /**
     * Copies the bytes into {@code target} starting at {@code offset}.
     *
     * @throws IndexOutOfBoundsException if they do not fit there
     */
    public void copyTo(byte[] target, int offset) {
        Objects.checkFromIndexSize(offset, bytes.length, target.length);
        System.arraycopy(bytes, 0, target, offset, bytes.length);
    }

    /** A read-only view of the bytes, without copying them. */
    public MemorySegment asSegment() {
        return MemorySegment.ofArray(bytes).asReadOnly();
    }

    /** A read-only buffer over the bytes (position 0, limit {@link #size()}), without copying them. */
    public ByteBuffer asByteBuffer() {
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bytes that && Arrays.equals(this.bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** The size and up to the first 32 bytes in hex, e.g. {@code Bytes[3: 0a0b0c]}. */
    @Override
    public String toString() {
        int shown = Math.min(bytes.length, 32);
        return "Bytes[" + bytes.length + ": " + HexFormat.of().formatHex(bytes, 0, shown)
                + (shown < bytes.length ? "..." : "") + "]";
    }

    /** The array inside; for {@link OwnedAccess} only. */
    byte[] array() {
        return bytes;
    }
}

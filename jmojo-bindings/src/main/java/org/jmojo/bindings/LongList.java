package org.jmojo.bindings;

import java.util.Collection;

/**
 * An immutable {@code List<Long>} backed by its Mojom wire form: the Java type of an
 * {@code array<int64>} or {@code array<uint64>} (the same bits: a {@code uint64} above
 * {@code Long.MAX_VALUE} reads as negative, see {@link Long#toUnsignedString(long)}).
 * {@link #getLong} reads an element without boxing it.
 *
 * <p>Holds no nulls; equal to any {@code List} of the same elements in the same order; safe to share
 * between threads.
 */
public final class LongList extends PrimitiveList<Long> {

    private static final LongList EMPTY = new LongList(new byte[0]);

    LongList(byte[] wire) {
        super(wire, wire.length / 8);
    }

    /** A list of a copy of {@code values}. */
    public static LongList of(long... values) {
        byte[] wire = new byte[Math.multiplyExact(values.length, 8)];
        for (int i = 0; i < values.length; i++) {
            I64.set(wire, 8 * i, values[i]);
        }
        return values.length == 0 ? EMPTY : new LongList(wire);
    }

    /**
     * {@code values} itself if it is a {@code LongList}, else a list of a copy of its elements.
     *
     * @throws NullPointerException if an element is null, naming its index
     */
    public static LongList copyOf(Collection<Long> values) {
        return values instanceof LongList same ? same
                : new LongList(wire(values, 8, "LongList", (w, at, v) -> I64.set(w, at, (long) v)));
    }

    /**
     * Element {@code index}, unboxed.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
     */
    public long getLong(int index) {
        return (long) I64.get(bytes, at(index, 8));
    }

    @Override
    public Long get(int index) {
        return getLong(index);
    }

    /** A new array of the elements. */
    public long[] toLongArray() {
        long[] out = new long[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (long) I64.get(bytes, 8 * i);
        }
        return out;
    }
}

package org.jmojo.bindings;

import java.util.Collection;

/**
 * An immutable {@code List<Integer>} backed by its Mojom wire form: the Java type of an
 * {@code array<int32>} or {@code array<uint32>} (the same bits; read a {@code uint32} with
 * {@link Integer#toUnsignedLong}). {@link #getInt} reads an element without boxing it.
 *
 * <p>Holds no nulls; equal to any {@code List} of the same elements in the same order; safe to share
 * between threads.
 */
public final class IntList extends PrimitiveList<Integer> {

    private static final IntList EMPTY = new IntList(new byte[0]);

    IntList(byte[] wire) {
        super(wire, wire.length / 4);
    }

    /** A list of a copy of {@code values}. */
    public static IntList of(int... values) {
        byte[] wire = new byte[Math.multiplyExact(values.length, 4)];
        for (int i = 0; i < values.length; i++) {
            I32.set(wire, 4 * i, values[i]);
        }
        return values.length == 0 ? EMPTY : new IntList(wire);
    }

    /**
     * {@code values} itself if it is an {@code IntList}, else a list of a copy of its elements.
     *
     * @throws NullPointerException if an element is null, naming its index
     */
    public static IntList copyOf(Collection<Integer> values) {
        return values instanceof IntList same ? same
                : new IntList(wire(values, 4, "IntList", (w, at, v) -> I32.set(w, at, (int) v)));
    }

    /**
     * Element {@code index}, unboxed.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
     */
    public int getInt(int index) {
        return (int) I32.get(bytes, at(index, 4));
    }

    @Override
    public Integer get(int index) {
        return getInt(index);
    }

    /** A new array of the elements. */
    public int[] toIntArray() {
        int[] out = new int[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) I32.get(bytes, 4 * i);
        }
        return out;
    }
}

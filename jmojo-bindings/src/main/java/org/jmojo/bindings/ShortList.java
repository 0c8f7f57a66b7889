package org.jmojo.bindings;

import java.util.Collection;

/**
 * An immutable {@code List<Short>} backed by its Mojom wire form: the Java type of an
 * {@code array<int16>} or {@code array<uint16>} (the same bits; read a {@code uint16} with
 * {@link Short#toUnsignedInt}). {@link #getShort} reads an element without boxing it.
 *
 * <p>Holds no nulls; equal to any {@code List} of the same elements in the same order; safe to share
 * between threads.
 */
public final class ShortList extends PrimitiveList<Short> {

    private static final ShortList EMPTY = new ShortList(new byte[0]);

    ShortList(byte[] wire) {
        super(wire, wire.length / 2);
    }

    /** A list of a copy of {@code values}. */
    public static ShortList of(short... values) {
        byte[] wire = new byte[Math.multiplyExact(values.length, 2)];
        for (int i = 0; i < values.length; i++) {
            I16.set(wire, 2 * i, values[i]);
        }
        return values.length == 0 ? EMPTY : new ShortList(wire);
    }

    /**
     * {@code values} itself if it is a {@code ShortList}, else a list of a copy of its elements.
     *
     * @throws NullPointerException if an element is null, naming its index
     */
    public static ShortList copyOf(Collection<Short> values) {
        return values instanceof ShortList same ? same
                : new ShortList(wire(values, 2, "ShortList", (w, at, v) -> I16.set(w, at, (short) v)));
    }

    /**
     * Element {@code index}, unboxed.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
     */
    public short getShort(int index) {
        return (short) I16.get(bytes, at(index, 2));
    }

    @Override
    public Short get(int index) {
        return getShort(index);
    }

    /** A new array of the elements. */
    public short[] toShortArray() {
        short[] out = new short[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) I16.get(bytes, 2 * i);
        }
        return out;
    }
}

package org.jmojo.bindings;

import java.util.Collection;

/**
 * An immutable {@code List<Boolean>} backed by its Mojom wire form, one bit per element (element
 * {@code i} is bit {@code i % 8} of byte {@code i / 8}): the Java type of an {@code array<bool>}.
 * {@link #getBoolean} reads an element without boxing it.
 *
 * <p>Holds no nulls; equal to any {@code List} of the same elements in the same order; safe to share
 * between threads.
 */
public final class BooleanList extends PrimitiveList<Boolean> {

    private static final BooleanList EMPTY = new BooleanList(new byte[0], 0);

    /** The bits of {@code size} elements; bits past the last element are zero. */
    BooleanList(byte[] bits, int size) {
        super(bits, size);
    }

    /** A list of a copy of {@code values}. */
    public static BooleanList of(boolean... values) {
        byte[] bits = new byte[(values.length + 7) / 8];
        for (int i = 0; i < values.length; i++) {
            if (values[i]) {
                bits[i / 8] |= (byte) (1 << (i % 8));
            }
        }
        return values.length == 0 ? EMPTY : new BooleanList(bits, values.length);
    }

    /**
     * {@code values} itself if it is a {@code BooleanList}, else a list of a copy of its elements.
     *
     * @throws NullPointerException if an element is null, naming its index
     */
    public static BooleanList copyOf(Collection<Boolean> values) {
        if (values instanceof BooleanList same) {
            return same;
        }
        boolean[] copy = new boolean[values.size()];
        int i = 0;
        for (Boolean v : values) {
            if (v == null) {
                throw new NullPointerException("a BooleanList holds no nulls, but element " + i + " is null");
            }
            copy[i++] = v;
        }
        return of(copy);
    }

    /**
     * Element {@code index}, unboxed.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
     */
    public boolean getBoolean(int index) {
        at(index, 1);
        return (bytes[index / 8] & (1 << (index % 8))) != 0;
    }

    @Override
    public Boolean get(int index) {
        return getBoolean(index);
    }

    /** A new array of the elements. */
    public boolean[] toBooleanArray() {
        boolean[] out = new boolean[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (bytes[i / 8] & (1 << (i % 8))) != 0;
        }
        return out;
    }
}

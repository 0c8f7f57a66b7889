package org.jmojo.bindings;

import java.util.Collection;

/**
 * An immutable {@code List<Double>} backed by its Mojom wire form: the Java type of an
 * {@code array<double>}. {@link #getDouble} reads an element without boxing it. The exact bits are
 * kept, NaN payloads included.
 *
 * <p>Holds no nulls; equal to any {@code List} of the same elements in the same order, elements
 * compared as {@link Double#equals} does ({@code NaN} equals {@code NaN}, {@code -0.0} differs from
 * {@code 0.0}); safe to share between threads.
 */
public final class DoubleList extends PrimitiveList<Double> {

    private static final DoubleList EMPTY = new DoubleList(new byte[0]);

    DoubleList(byte[] wire) {
        super(wire, wire.length / 8);
    }

    /** A list of a copy of {@code values}. */
    public static DoubleList of(double... values) {
        byte[] wire = new byte[Math.multiplyExact(values.length, 8)];
        for (int i = 0; i < values.length; i++) {
            I64.set(wire, 8 * i, Double.doubleToRawLongBits(values[i]));
        }
        return values.length == 0 ? EMPTY : new DoubleList(wire);
    }

    /**
     * {@code values} itself if it is a {@code DoubleList}, else a list of a copy of its elements.
     *
     * @throws NullPointerException if an element is null, naming its index
     */
    public static DoubleList copyOf(Collection<Double> values) {
        return values instanceof DoubleList same ? same
                : new DoubleList(wire(values, 8, "DoubleList",
                        (w, at, v) -> I64.set(w, at, Double.doubleToRawLongBits(v))));
    }

    /**
     * Element {@code index}, unboxed.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
     */
    public double getDouble(int index) {
        return Double.longBitsToDouble((long) I64.get(bytes, at(index, 8)));
    }

    @Override
    public Double get(int index) {
        return getDouble(index);
    }

    @Override
    boolean bitwiseEquality() {
        return false;
    }

    /** A new array of the elements. */
    public double[] toDoubleArray() {
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Double.longBitsToDouble((long) I64.get(bytes, 8 * i));
        }
        return out;
    }
}

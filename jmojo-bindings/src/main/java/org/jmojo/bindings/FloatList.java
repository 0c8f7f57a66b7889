package org.jmojo.bindings;

import java.util.Collection;

/**
 * An immutable {@code List<Float>} backed by its Mojom wire form: the Java type of an
 * {@code array<float>}. {@link #getFloat} reads an element without boxing it. The exact bits are
 * kept, NaN payloads included.
 *
 * <p>Holds no nulls; equal to any {@code List} of the same elements in the same order, elements
 * compared as {@link Float#equals} does ({@code NaN} equals {@code NaN}, {@code -0.0} differs from
 * {@code 0.0}); safe to share between threads.
 */
public final class FloatList extends PrimitiveList<Float> {

    private static final FloatList EMPTY = new FloatList(new byte[0]);

    FloatList(byte[] wire) {
        super(wire, wire.length / 4);
    }

    /** A list of a copy of {@code values}. */
    public static FloatList of(float... values) {
        byte[] wire = new byte[Math.multiplyExact(values.length, 4)];
        for (int i = 0; i < values.length; i++) {
            I32.set(wire, 4 * i, Float.floatToRawIntBits(values[i]));
        }
        return values.length == 0 ? EMPTY : new FloatList(wire);
    }

    /**
     * {@code values} itself if it is a {@code FloatList}, else a list of a copy of its elements.
     *
     * @throws NullPointerException if an element is null, naming its index
     */
    public static FloatList copyOf(Collection<Float> values) {
        return values instanceof FloatList same ? same
                : new FloatList(wire(values, 4, "FloatList", (w, at, v) -> I32.set(w, at, Float.floatToRawIntBits(v))));
    }

    /**
     * Element {@code index}, unboxed.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
     */
    public float getFloat(int index) {
        return Float.intBitsToFloat((int) I32.get(bytes, at(index, 4)));
    }

    @Override
    public Float get(int index) {
        return getFloat(index);
    }

    @Override
    boolean bitwiseEquality() {
        return false;
    }

    /** A new array of the elements. */
    public float[] toFloatArray() {
        float[] out = new float[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Float.intBitsToFloat((int) I32.get(bytes, 4 * i));
        }
        return out;
    }
}

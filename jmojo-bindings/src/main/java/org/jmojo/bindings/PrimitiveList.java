package org.jmojo.bindings;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.RandomAccess;

/**
 * What the immutable lists of Mojom primitive arrays share: the elements are kept exactly as a Mojom
 * array holds them on the wire (docs/wire-format.md §5: little-endian, bools one bit each), so decoding
 * and encoding copy the whole array in one step, and reading an element decodes it in place.
 *
 * <p>Immutable: {@link #bytes} is never modified and never handed out; mutators throw
 * {@link UnsupportedOperationException}. Equal to any {@link List} with equal elements in the same
 * order.
 */
abstract sealed class PrimitiveList<E> extends AbstractList<E> implements RandomAccess
        permits BooleanList, ShortList, IntList, LongList, FloatList, DoubleList, EnumList {

    static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** The elements in wire form. */
    final byte[] bytes;
    private final int size;

    /** Takes {@code bytes} over: the caller must not keep or change the array. */
    PrimitiveList(byte[] bytes, int size) {
        this.bytes = bytes;
        this.size = size;
    }

    @Override
    public final int size() {
        return size;
    }

    /**
     * Whether two lists of this class with equal wire bytes are equal and vice versa: true except
     * for floating-point lists, whose elements compare as {@link Float#equals} does (every NaN equal).
     */
    boolean bitwiseEquality() {
        return true;
    }

    @Override
    public final boolean equals(Object other) {
        if (other instanceof PrimitiveList<?> that && that.getClass() == getClass() && bitwiseEquality()) {
            return size == that.size && Arrays.equals(bytes, that.bytes);
        }
        return super.equals(other);
    }

    @Override
    public final int hashCode() {
        return super.hashCode();
    }

    /** The index into {@link #bytes} of element {@code index} of {@code width} bytes, after a bounds check. */
    final int at(int index, int width) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + " is not in [0, " + size + ")");
        }
        return index * width;
    }

    /**
     * The elements of {@code values} in wire form, {@code width} bytes each, written by {@code put}.
     *
     * @throws NullPointerException if an element is null, naming its index
     */
    static <T> byte[] wire(Collection<? extends T> values, int width, String type, ElementWriter<T> put) {
        byte[] out = new byte[Math.multiplyExact(values.size(), width)];
        int i = 0;
        for (T v : values) {
            if (v == null) {
                throw new NullPointerException("a " + type + " holds no nulls, but element " + i + " is null");
            }
            put.write(out, i * width, v);
            i++;
        }
        return out;
    }

    /** Writes one element in wire form. */
    @FunctionalInterface
    interface ElementWriter<T> {
        void write(byte[] wire, int offset, T value);
    }
}

package org.jmojo.bindings.runtime;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A growable {@code List} over a primitive array: what generated code decodes an
 * {@code array<int32>} or {@code array<uint32>} into, so decoding copies the elements without boxing
 * each one (as protobuf-java's primitive lists do). It is an ordinary mutable list, equal to any
 * other {@code List} with the same elements; it holds no nulls.
 *
 * <p>Not thread-safe, like {@link java.util.ArrayList}.
 */
public final class IntArrayList extends AbstractList<Integer> implements RandomAccess {

    private int[] elements;
    private int size;

    /** A list of the elements of {@code elements}, which it takes over (the caller no longer uses it). */
    public IntArrayList(int[] elements) {
        this.elements = Objects.requireNonNull(elements, "elements");
        this.size = elements.length;
    }

    /** An empty list. */
    public IntArrayList() {
        this(new int[0]);
    }

    @Override
    public Integer get(int index) {
        Objects.checkIndex(index, size);
        return elements[index];
    }

    /** Element {@code index}, unboxed. */
    public int getInt(int index) {
        Objects.checkIndex(index, size);
        return elements[index];
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Integer set(int index, Integer element) {
        Objects.checkIndex(index, size);
        int value = Objects.requireNonNull(element, "a IntArrayList holds no nulls");
        int old = elements[index];
        elements[index] = value;
        return old;
    }

    @Override
    public void add(int index, Integer element) {
        Objects.checkIndex(index, size + 1);
        int value = Objects.requireNonNull(element, "a IntArrayList holds no nulls");
        if (size == elements.length) {
            elements = Arrays.copyOf(elements, Math.max(8, 2 * size));
        }
        System.arraycopy(elements, index, elements, index + 1, size - index);
        elements[index] = value;
        size++;
        modCount++;
    }

    @Override
    public Integer remove(int index) {
        Objects.checkIndex(index, size);
        int old = elements[index];
        System.arraycopy(elements, index + 1, elements, index, size - index - 1);
        size--;
        modCount++;
        return old;
    }
}

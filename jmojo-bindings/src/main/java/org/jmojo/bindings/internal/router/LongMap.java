package org.jmojo.bindings.internal.router;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A map from {@code long} keys (request ids) to non-null values, by open addressing with linear probing: a
 * router puts and removes one entry per call, and a {@code HashMap<Long, V>} boxed the key and allocated a node
 * for each (docs/performance.md §5). Any {@code long} is a key, 0 included (a peer may send any request id).
 *
 * <p>Not thread-safe: {@link Router} uses it under its lock.
 *
 * @param <V> the values
 */
final class LongMap<V> {
    private static final int MIN_CAPACITY = 16;

    private long[] keys = new long[MIN_CAPACITY];
    /** Null marks a free slot. */
    private Object[] values = new Object[MIN_CAPACITY];
    private int size;

    /** The number of entries. */
    int size() {
        return size;
    }

    /** The value of {@code key}, or null. */
    V get(long key) {
        int i = find(key);
        return i < 0 ? null : cast(values[i]);
    }

    /** Maps {@code key} to {@code value}; returns the value it replaced, or null. */
    V put(long key, V value) {
        Objects.requireNonNull(value, "value");
        int i = find(key);
        if (i >= 0) {
            V old = cast(values[i]);
            values[i] = value;
            return old;
        }
        insert(key, value);
        return null;
    }

    /** Maps {@code key} to {@code value} unless it is mapped; returns the value it has, or null if it had none. */
    V putIfAbsent(long key, V value) {
        Objects.requireNonNull(value, "value");
        int i = find(key);
        if (i >= 0) {
            return cast(values[i]);
        }
        insert(key, value);
        return null;
    }

    /** Removes {@code key}; returns its value, or null if it had none. */
    V remove(long key) {
        int i = find(key);
        if (i < 0) {
            return null;
        }
        V old = cast(values[i]);
        deleteAt(i);
        return old;
    }

    /** A copy of the values, in no particular order. */
    List<V> values() {
        List<V> all = new ArrayList<>(size);
        for (Object v : values) {
            if (v != null) {
                all.add(cast(v));
            }
        }
        return all;
    }

    /** Removes every entry. */
    void clear() {
        Arrays.fill(values, null);
        size = 0;
    }

    private int mask() {
        return values.length - 1;
    }

    private static int hash(long key) {
        long h = key * 0x9E37_79B9_7F4A_7C15L; // spreads consecutive ids over the table
        return (int) (h ^ (h >>> 32));
    }

    /** The slot holding {@code key}, or -1. */
    private int find(long key) {
        int m = mask();
        for (int i = hash(key) & m; values[i] != null; i = (i + 1) & m) {
            if (keys[i] == key) {
                return i;
            }
        }
        return -1;
    }

    private void insert(long key, Object value) {
        if ((size + 1) * 2 > values.length) { // at most half full: probes stay short
            resize(values.length * 2);
        }
        int m = mask();
        int i = hash(key) & m;
        while (values[i] != null) {
            i = (i + 1) & m;
        }
        keys[i] = key;
        values[i] = value;
        size++;
    }

    /** Frees slot {@code i} and moves back the entries of its probe run that it separated from their home slot. */
    private void deleteAt(int i) {
        int m = mask();
        values[i] = null;
        size--;
        int free = i;
        for (int j = (i + 1) & m; values[j] != null; j = (j + 1) & m) {
            int home = hash(keys[j]) & m;
            // The entry at j may move to the free slot if its home is not in the cyclic range (free, j].
            boolean homeBetween = free <= j ? (free < home && home <= j) : (free < home || home <= j);
            if (!homeBetween) {
                keys[free] = keys[j];
                values[free] = values[j];
                values[j] = null;
                free = j;
            }
        }
    }

    private void resize(int capacity) {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[capacity];
        values = new Object[capacity];
        size = 0;
        for (int i = 0; i < oldValues.length; i++) {
            if (oldValues[i] != null) {
                insert(oldKeys[i], oldValues[i]);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <V> V cast(Object o) {
        return (V) o;
    }
}

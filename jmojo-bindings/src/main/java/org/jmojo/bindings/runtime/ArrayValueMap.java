package org.jmojo.bindings.runtime;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The unmodifiable map of a generated struct's {@code map<K, V>} field ({@link Values#adoptMap}): keys
 * and values in two arrays, in the order they were given (the wire order, for a decoded map).
 *
 * <p>Why not {@code Collections.unmodifiableMap(new LinkedHashMap<>(...))}: decoding a map then
 * costs three objects plus one per entry, and hashes every key, for maps that are mostly small and
 * mostly read whole (encoded again, or iterated). Here a decoded map is one object over the two
 * arrays the decoder filled. A lookup scans the keys while there are at most {@link #LINEAR} of them;
 * a larger map gets an open-addressing index of positions, built once with the map. Entries are made
 * on demand when {@link #entrySet} is iterated.
 *
 * <p>Keys are never null (a Mojom map key is not nullable); values may be. Immutable and
 * thread-safe once constructed: every field is final and its arrays are never written after the
 * constructor.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class ArrayValueMap<K, V> extends AbstractMap<K, V> {

    /** Up to this many keys, a lookup compares them one by one and no index is kept. */
    static final int LINEAR = 8;

    /** The distinct keys, in order; owned by this map. */
    private final Object[] keys;
    /** {@code values[i]} belongs to {@code keys[i]}; owned by this map. */
    private final Object[] values;
    /**
     * For more than {@link #LINEAR} keys: a power-of-two table of positions + 1 (0 = empty slot),
     * probed linearly from the key's spread hash; else null.
     */
    private final int[] index;

    /**
     * Takes over {@code keys} and {@code values} (equal lengths, keys non-null). A key that equals an
     * earlier one replaces that one's value and is dropped, as {@code LinkedHashMap.put} would do
     * (a message may repeat a key; the wire format does not forbid it).
     */
    ArrayValueMap(Object[] keys, Object[] values) {
        int n = keys.length;
        if (values.length != n) {
            throw new IllegalArgumentException(n + " keys but " + values.length + " values");
        }
        int size = 0;
        int[] table = null;
        if (n <= LINEAR) {
            for (int i = 0; i < n; i++) {
                Object k = Objects.requireNonNull(keys[i], "a map key is null");
                int found = scan(keys, size, k);
                if (found >= 0) {
                    values[found] = values[i];
                } else {
                    keys[size] = k;
                    values[size] = values[i];
                    size++;
                }
            }
        } else {
            table = new int[Integer.highestOneBit(n - 1) << 2];
            for (int i = 0; i < n; i++) {
                Object k = Objects.requireNonNull(keys[i], "a map key is null");
                int slot = probe(table, keys, k);
                if (table[slot] != 0) {
                    values[table[slot] - 1] = values[i];
                } else {
                    keys[size] = k;
                    values[size] = values[i];
                    table[slot] = ++size;
                }
            }
        }
        this.keys = size == n ? keys : Arrays.copyOf(keys, size);
        this.values = size == n ? values : Arrays.copyOf(values, size);
        this.index = table;
    }

    /** The position of {@code k} among the first {@code size} of {@code keys}, or -1. */
    private static int scan(Object[] keys, int size, Object k) {
        for (int i = 0; i < size; i++) {
            if (keys[i].equals(k)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * {@link #scan} for a lookup: first by identity, which finds a key taken from this map (what a
     * generated encoder does: it sorts a copy of the keys and looks each value up) without calling
     * {@code equals} on the keys before it.
     */
    private static int lookup(Object[] keys, Object k) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == k) {
                return i;
            }
        }
        return scan(keys, keys.length, k);
    }

    /** The slot of {@code table} that holds {@code k}'s position, or the empty slot where it would go. */
    private static int probe(int[] table, Object[] keys, Object k) {
        int mask = table.length - 1;
        int h = k.hashCode();
        int slot = (h ^ (h >>> 16)) & mask;
        while (true) {
            int p = table[slot];
            if (p == 0) {
                return slot;
            }
            Object x = keys[p - 1];
            if (x == k || x.equals(k)) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** The position of {@code k}, or -1. */
    private int find(Object k) {
        if (k == null) {
            return -1;
        }
        if (index == null) {
            return lookup(keys, k);
        }
        return index[probe(index, keys, k)] - 1;
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        int i = find(key);
        return i < 0 ? null : (V) values[i];
    }

    @Override
    public boolean containsKey(Object key) {
        return find(key) >= 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void forEach(BiConsumer<? super K, ? super V> action) {
        for (int i = 0; i < keys.length; i++) {
            action.accept((K) keys[i], (V) values[i]);
        }
    }

    @Override
    public Set<K> keySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<K> iterator() {
                return new At<>(keys.length, i -> cast(keys[i]));
            }

            @Override
            public int size() {
                return keys.length;
            }

            @Override
            public boolean contains(Object o) {
                return containsKey(o);
            }

            @Override
            public Object[] toArray() {
                return keys.clone();
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T[] toArray(T[] a) {
                if (a.length < keys.length) {
                    return (T[]) Arrays.copyOf(keys, keys.length, a.getClass());
                }
                System.arraycopy(keys, 0, a, 0, keys.length);
                if (a.length > keys.length) {
                    a[keys.length] = null;
                }
                return a;
            }
        };
    }

    @Override
    public Collection<V> values() {
        return new AbstractCollection<>() {
            @Override
            public Iterator<V> iterator() {
                return new At<>(values.length, i -> cast(values[i]));
            }

            @Override
            public int size() {
                return values.length;
            }

            @Override
            public Object[] toArray() {
                return values.clone();
            }
        };
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<K, V>> iterator() {
                return new At<>(keys.length,
                        i -> new AbstractMap.SimpleImmutableEntry<>(ArrayValueMap.<K>cast(keys[i]), cast(values[i])));
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }

    /** An iterator over positions 0 to {@code size - 1}; it cannot remove. */
    private static final class At<T> implements Iterator<T> {
        private final int size;
        private final IntFunction<T> element;
        /** The next position; confined to the iterating thread, like every iterator. */
        private int next;

        At(int size, IntFunction<T> element) {
            this.size = size;
            this.element = element;
        }

        @Override
        public boolean hasNext() {
            return next < size;
        }

        @Override
        public T next() {
            if (next >= size) {
                throw new NoSuchElementException();
            }
            return element.apply(next++);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (!(o instanceof Map<?, ?> m) || m.size() != keys.length) {
            return false;
        }
        try {
            for (int i = 0; i < keys.length; i++) {
                Object v = values[i];
                Object other = m.get(keys[i]);
                if (v == null ? other != null || !m.containsKey(keys[i]) : !v.equals(other)) {
                    return false;
                }
            }
        } catch (ClassCastException | NullPointerException e) {
            // The other map refuses our key type or nulls: then it holds none of our keys.
            return false;
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (int i = 0; i < keys.length; i++) {
            h += keys[i].hashCode() ^ Objects.hashCode(values[i]);
        }
        return h;
    }

    // Every change is refused, present key or not, as Collections.unmodifiableMap refuses it.

    private static UnsupportedOperationException unmodifiable() {
        return new UnsupportedOperationException("the map of a Mojom value is unmodifiable; change it through the "
                + "struct's builder");
    }

    @Override
    public V put(K key, V value) {
        throw unmodifiable();
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> m) {
        throw unmodifiable();
    }

    @Override
    public V remove(Object key) {
        throw unmodifiable();
    }

    @Override
    public boolean remove(Object key, Object value) {
        throw unmodifiable();
    }

    @Override
    public void clear() {
        throw unmodifiable();
    }

    @Override
    public V putIfAbsent(K key, V value) {
        throw unmodifiable();
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        throw unmodifiable();
    }

    @Override
    public V replace(K key, V value) {
        throw unmodifiable();
    }

    @Override
    public void replaceAll(BiFunction<? super K, ? super V, ? extends V> function) {
        throw unmodifiable();
    }

    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> mappingFunction) {
        throw unmodifiable();
    }

    @Override
    public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
        throw unmodifiable();
    }

    @Override
    public V compute(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
        throw unmodifiable();
    }

    @Override
    public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remappingFunction) {
        throw unmodifiable();
    }
}

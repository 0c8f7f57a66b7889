package org.jmojo.bindings.runtime;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.UnaryOperator;
import org.jmojo.bindings.MojomEnum;

/**
 * The checks and copies generated builders and union members make, so that a value, once built, is
 * immutable and meets every rule the wire format needs (a non-nullable reference is set, a
 * fixed-size array has its length, an enum value exists); for generated code only. Each method names
 * the field ({@code what}, e.g. {@code Line.a}) in its exception. Stateless and thread-safe.
 */
public final class Values {

    private Values() {}

    /**
     * An unmodifiable copy of {@code values}, each element checked and passed through
     * {@code element} (the copy of a nested array or map; null for elements that are immutable).
     *
     * @throws NullPointerException if {@code values} is null, or an element is null where elements
     *     are not nullable
     */
    public static <T> List<T> list(List<? extends T> values, boolean nullableElements, UnaryOperator<T> element,
            String what) {
        if (values == null) {
            throw new NullPointerException(what + " is null, but it is not nullable");
        }
        // Copied out through toArray, one call whatever the list's type, then checked in place. A
        // list whose toArray gives a narrower array type would refuse the nested copies: re-typed.
        Object[] out = values.toArray();
        if (out.getClass() != Object[].class) {
            out = Arrays.copyOf(out, out.length, Object[].class);
        }
        for (int i = 0; i < out.length; i++) {
            @SuppressWarnings("unchecked")
            T v = (T) out[i];
            if (v == null) {
                if (!nullableElements) {
                    throw new NullPointerException(what + "[" + i + "] is null, but elements are not nullable");
                }
            } else if (element != null) {
                out[i] = element.apply(v);
            }
        }
        return adopt(out);
    }

    /**
     * An unmodifiable list over {@code elements} itself, not a copy: for generated decoders, which
     * fill a new array and hand it over. The caller must not keep or change the array afterwards.
     * Unlike {@code Collections.unmodifiableList(new ArrayList<>(...))} it is one object over the
     * array, and each {@code get} one array read.
     */
    public static <T> List<T> adopt(Object[] elements) {
        return new ArrayValueList<>(Objects.requireNonNull(elements, "elements"));
    }

    /**
     * The unmodifiable list of {@link #adopt}: {@code AbstractList} supplies equality, hashing, the
     * iterators and the refusal of every change; element nulls are allowed where the field allows them.
     */
    private static final class ArrayValueList<T> extends AbstractList<T> implements RandomAccess {
        /** Owned by this list alone, never changed after construction. */
        private final Object[] elements;

        ArrayValueList(Object[] elements) {
            this.elements = elements;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T get(int index) {
            return (T) elements[index];
        }

        @Override
        public int size() {
            return elements.length;
        }

        @Override
        public Object[] toArray() {
            return elements.clone();
        }
    }

    /**
     * An unmodifiable copy of {@code values} in its iteration order ({@link #adoptMap}), keys and
     * values checked and passed through {@code key} and {@code value} (null where they are immutable).
     *
     * @throws NullPointerException if {@code values} is null, a key is null, or a value is null where
     *     values are not nullable
     */
    public static <K, V> Map<K, V> map(Map<? extends K, ? extends V> values, boolean nullableValues,
            UnaryOperator<K> key, UnaryOperator<V> value, String what) {
        if (values == null) {
            throw new NullPointerException(what + " is null, but it is not nullable");
        }
        int n = values.size();
        Object[] keys = new Object[n];
        Object[] vals = new Object[n];
        int i = 0;
        for (Map.Entry<? extends K, ? extends V> e : values.entrySet()) {
            K k = e.getKey();
            V v = e.getValue();
            if (k == null) {
                throw new NullPointerException(what + " has a null key; map keys are never nullable");
            }
            if (v == null && !nullableValues) {
                throw new NullPointerException(what + "[" + k + "] is null, but values are not nullable");
            }
            if (i == keys.length) {
                // The map grew while it was copied (a concurrent map): take what it yields.
                keys = Arrays.copyOf(keys, 2 * i + 1);
                vals = Arrays.copyOf(vals, 2 * i + 1);
            }
            keys[i] = key == null ? k : key.apply(k);
            vals[i] = v == null || value == null ? v : value.apply(v);
            i++;
        }
        if (i < keys.length) {
            // It shrank instead.
            keys = Arrays.copyOf(keys, i);
            vals = Arrays.copyOf(vals, i);
        }
        return adoptMap(keys, vals);
    }

    /**
     * An unmodifiable map over {@code keys} and {@code values} themselves (equal lengths, keys
     * non-null), in their order: for generated decoders, which fill the two arrays and hand them
     * over. The caller must not keep or change the arrays afterwards. A repeated key keeps its first
     * position and takes the last value, as {@code LinkedHashMap.put} does. See
     * {@code ArrayValueMap} for why it is not a {@code LinkedHashMap}.
     *
     * @throws IllegalArgumentException if the lengths differ
     * @throws NullPointerException if a key is null
     */
    public static <K, V> Map<K, V> adoptMap(Object[] keys, Object[] values) {
        return new ArrayValueMap<>(keys, values);
    }

    /**
     * {@code values}, after checking that it has exactly {@code length} elements (a Mojom
     * {@code array<T, length>}).
     *
     * @throws IllegalArgumentException if it has another length
     */
    public static <C extends Collection<?>> C fixedLength(C values, long length, String what) {
        if (values != null && values.size() != length) {
            throw new IllegalArgumentException(what + " must have exactly " + length + " elements (a fixed-size "
                    + "array), but has " + values.size());
        }
        return values;
    }

    /** {@link #fixedLength} for a {@link org.jmojo.bindings.Bytes} value. */
    public static org.jmojo.bindings.Bytes fixedLength(org.jmojo.bindings.Bytes values, long length, String what) {
        if (values != null && values.size() != length) {
            throw new IllegalArgumentException(what + " must have exactly " + length + " bytes (a fixed-size "
                    + "array), but has " + values.size());
        }
        return values;
    }

    /**
     * {@code value}, which {@code build()} needs: a non-nullable field with no default must be set.
     *
     * @throws IllegalStateException if it is null
     */
    public static <T> T required(T value, String what) {
        if (value == null) {
            throw new IllegalStateException(what + " is not set, and it is not nullable and has no default");
        }
        return value;
    }

    /**
     * The wire value of {@code constant}, for the setter of an {@code [Extensible]} enum field.
     *
     * @throws NullPointerException if it is null
     * @throws IllegalArgumentException if it is {@code UNRECOGNIZED}, which stands for no one value
     *     (set the raw value with the field's {@code set...Value} instead)
     */
    public static int value(MojomEnum constant, String what) {
        if (constant == null) {
            throw new NullPointerException(what + " is null, but an enum is never nullable");
        }
        try {
            return constant.value();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(what + " cannot be set to " + constant + ", which stands for any "
                    + "undeclared value; set the value itself with the field's set...Value method", e);
        }
    }

    /**
     * {@code constant}, after checking that it stands for a declared value: for a field, union
     * member or map entry of a closed enum that declares no values, whose only constant is
     * {@code UNRECOGNIZED} and which no message can carry.
     *
     * @throws NullPointerException if it is null and {@code nullable} is false
     * @throws IllegalArgumentException if it is {@code UNRECOGNIZED}
     */
    public static <E extends MojomEnum> E declared(E constant, boolean nullable, String what) {
        if (constant == null) {
            if (nullable) {
                return null;
            }
            throw new NullPointerException(what + " is not nullable");
        }
        try {
            constant.value();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(what + " cannot be " + constant + ": its enum is not [Extensible] and "
                    + "declares no values, so no value of it is valid on the wire", e);
        }
        return constant;
    }
}

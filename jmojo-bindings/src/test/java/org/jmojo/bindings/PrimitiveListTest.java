package org.jmojo.bindings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every primitive list type: made from values or a collection, immutable, equal to a plain list of the same elements. */
class PrimitiveListTest {

    /** A list type: one list made by its {@code of}, the same elements boxed, and its {@code copyOf}. */
    record Kind(String name, List<?> made, List<?> boxed, Function<List<?>, List<?>> copyOf) {
        @Override
        public String toString() {
            return name;
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> Function<List<?>, List<?>> copy(Function<List<T>, List<?>> f) {
        return l -> f.apply((List<T>) l);
    }

    static Stream<Arguments> kinds() {
        return Stream.of(
                new Kind("BooleanList", BooleanList.of(true, false, true, true, false, false, false, false, true),
                        List.of(true, false, true, true, false, false, false, false, true), copy(BooleanList::copyOf)),
                new Kind("ShortList", ShortList.of((short) -1, (short) 2), List.of((short) -1, (short) 2),
                        copy(ShortList::copyOf)),
                new Kind("IntList", IntList.of(-1, 0, Integer.MAX_VALUE), List.of(-1, 0, Integer.MAX_VALUE),
                        copy(IntList::copyOf)),
                new Kind("LongList", LongList.of(Long.MIN_VALUE, 3), List.of(Long.MIN_VALUE, 3L), copy(LongList::copyOf)),
                new Kind("FloatList", FloatList.of(1.5f, -0.0f), List.of(1.5f, -0.0f), copy(FloatList::copyOf)),
                new Kind("DoubleList", DoubleList.of(2.5, Double.NaN), List.of(2.5, Double.NaN), copy(DoubleList::copyOf)))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void made_equalsPlainListOfSameElements(Kind kind) {
        assertThat(kind.made()).isEqualTo(kind.boxed()).hasSameHashCodeAs(kind.boxed()).hasSameSizeAs(kind.boxed());
        assertThat(kind.boxed()).isEqualTo(kind.made());
        assertThat(kind.made().toString()).isEqualTo(kind.boxed().toString());
        List<?> copied = kind.copyOf().apply(new ArrayList<>(kind.boxed()));
        assertThat(copied).isEqualTo(kind.made()).hasSameHashCodeAs(kind.made());
        assertThat(kind.copyOf().apply(kind.made())).isSameAs(kind.made());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void mutators_unsupported(Kind kind) {
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) kind.made();
        assertThatThrownBy(() -> list.add(list.get(0))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> list.set(0, list.get(0))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> list.remove(0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> list.get(list.size())).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("index " + list.size());
        assertThatThrownBy(() -> list.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void copyOf_nullElement_rejectedNamingIndex(Kind kind) {
        List<Object> withNull = new ArrayList<>(kind.boxed());
        withNull.set(1, null);
        assertThatThrownBy(() -> kind.copyOf().apply(withNull)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("element 1 is null").hasMessageContaining(kind.name());
    }

    @Test
    void unboxedAccessors_andArrays() {
        assertThat(IntList.of(4, 5).getInt(1)).isEqualTo(5);
        assertThat(IntList.of(4, 5).toIntArray()).containsExactly(4, 5);
        assertThat(ShortList.of((short) 7).getShort(0)).isEqualTo((short) 7);
        assertThat(ShortList.of((short) 7).toShortArray()).containsExactly((short) 7);
        assertThat(LongList.of(1L << 40).getLong(0)).isEqualTo(1L << 40);
        assertThat(LongList.of(1L << 40).toLongArray()).containsExactly(1L << 40);
        assertThat(FloatList.of(0.25f).getFloat(0)).isEqualTo(0.25f);
        assertThat(FloatList.of(0.25f).toFloatArray()).containsExactly(0.25f);
        assertThat(DoubleList.of(0.5).getDouble(0)).isEqualTo(0.5);
        assertThat(DoubleList.of(0.5).toDoubleArray()).containsExactly(0.5);
        boolean[] bits = new boolean[13];
        bits[12] = true;
        assertThat(BooleanList.of(bits).getBoolean(12)).isTrue();
        assertThat(BooleanList.of(bits).toBooleanArray()).isEqualTo(bits);
    }

    @Test
    void of_copiesItsArray() {
        int[] values = {1, 2};
        IntList list = IntList.of(values);
        values[0] = 9;
        assertThat(list.getInt(0)).isEqualTo(1);
        list.toIntArray()[1] = 9;
        assertThat(list.getInt(1)).isEqualTo(2);
    }

    @Test
    void floatingPoint_equalityAsBoxes() {
        assertThat(FloatList.of(Float.NaN)).isEqualTo(FloatList.of(Float.intBitsToFloat(0x7fc00001)));
        assertThat(FloatList.of(0.0f)).isNotEqualTo(FloatList.of(-0.0f));
        assertThat(DoubleList.of(Double.NaN)).isEqualTo(List.of(Double.NaN));
        assertThat(DoubleList.of(0.0)).isNotEqualTo(DoubleList.of(-0.0));
        assertThat(Float.floatToRawIntBits(FloatList.of(Float.intBitsToFloat(0x7fc00001)).getFloat(0)))
                .as("the exact bits are kept").isEqualTo(0x7fc00001);
    }

    @Test
    void differentKinds_sameBoxedValues_notEqualUnlessElementsEqual() {
        assertThat(IntList.of(1, 2)).isNotEqualTo(IntList.of(1, 3)).isNotEqualTo(IntList.of(1));
        assertThat(BooleanList.of(true)).isNotEqualTo(BooleanList.of(true, false));
        assertThat(Arrays.asList(1, 2)).isEqualTo(IntList.of(1, 2));
    }
}

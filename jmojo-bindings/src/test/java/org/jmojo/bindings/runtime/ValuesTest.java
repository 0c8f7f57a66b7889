package org.jmojo.bindings.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jmojo.bindings.Bytes;
import org.jmojo.bindings.MojomEnum;
import org.junit.jupiter.api.Test;

class ValuesTest {

    @Test
    void list_copiesAndIsUnmodifiable() {
        List<String> source = new ArrayList<>(List.of("a", "b"));
        List<String> copy = Values.list(source, false, null, "S.f");
        source.set(0, "z");
        assertThat(copy).containsExactly("a", "b");
        assertThatThrownBy(() -> copy.add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void list_nullElements_onlyWhereNullable() {
        assertThat(Values.list(Arrays.asList("a", null), true, null, "S.f")).containsExactly("a", null);
        assertThatThrownBy(() -> Values.list(Arrays.asList("a", null), false, null, "S.f"))
                .isInstanceOf(NullPointerException.class).hasMessage("S.f[1] is null, but elements are not nullable");
        assertThatThrownBy(() -> Values.list(null, false, null, "S.f")).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("S.f is null");
    }

    @Test
    void list_nestedCopy_appliedToEachNonNullElement() {
        List<List<String>> inner = new ArrayList<>();
        inner.add(new ArrayList<>(List.of("x")));
        inner.add(null);
        List<List<String>> copy = Values.list(inner, true, e -> Values.list(e, false, null, "S.f element"), "S.f");
        inner.getFirst().add("y");
        assertThat(copy).containsExactly(List.of("x"), null);
        assertThatThrownBy(() -> copy.getFirst().add("z")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void adopt_isTheArrayItself_unmodifiable_andEqualToAnyListWithTheSameElements() {
        Object[] elements = {"a", null, "c"};
        List<String> list = Values.adopt(elements);
        assertThat(list).containsExactly("a", null, "c").isEqualTo(Arrays.asList("a", null, "c"))
                .hasSameHashCodeAs(Arrays.asList("a", null, "c")).isInstanceOf(java.util.RandomAccess.class);
        assertThat(list).hasToString("[a, null, c]");
        assertThatThrownBy(() -> list.add("d")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> list.set(0, "z")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> list.remove(0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> list.get(3)).isInstanceOf(IndexOutOfBoundsException.class);
        // toArray hands out a copy: changing it cannot reach the list.
        list.toArray()[0] = "z";
        assertThat(list.getFirst()).isEqualTo("a");
        assertThatThrownBy(() -> Values.adopt(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void list_fromAListWhoseToArrayIsTyped_storesCopiedNestedElements() {
        // A list whose toArray returns its own array type (ArrayList<String>[]): the nested copies,
        // which are not ArrayLists, must still fit.
        @SuppressWarnings("unchecked")
        ArrayList<String>[] typed = new ArrayList[] {new ArrayList<>(List.of("x")), new ArrayList<>(List.of("y"))};
        List<List<String>> source = new java.util.AbstractList<>() {
            @Override
            public List<String> get(int index) {
                return typed[index];
            }

            @Override
            public int size() {
                return typed.length;
            }

            @Override
            public Object[] toArray() {
                return typed.clone();
            }
        };
        List<List<String>> copy = Values.list(source, false, e -> Values.list(e, false, null, "e"), "S.f");
        typed[0].add("changed");
        assertThat(copy).containsExactly(List.of("x"), List.of("y"));
    }

    @Test
    void map_whoseSizeDisagreesWithItsEntries_copiesTheEntries() {
        for (int claimed : new int[] {0, 1, 5}) {
            Map<String, Integer> source = new java.util.AbstractMap<>() {
                @Override
                public java.util.Set<Map.Entry<String, Integer>> entrySet() {
                    return new LinkedHashMap<>(Map.of("a", 1, "b", 2)).entrySet();
                }

                @Override
                public int size() {
                    return claimed;
                }
            };
            assertThat(Values.map(source, false, null, null, "S.m")).as("size() says %d", claimed)
                    .isEqualTo(Map.of("a", 1, "b", 2));
        }
    }

    /** The key and value functions (a generated map's copy of mutable keys or values) apply to every entry but nulls. */
    @Test
    void map_passesEachKeyAndNonNullValueThroughItsFunction() {
        Map<String, Integer> source = new LinkedHashMap<>();
        source.put("a", 1);
        source.put("b", null);
        source.put("c", 3);
        Map<String, Integer> copy = Values.map(source, true, k -> k + "!", v -> v * 10, "S.m");
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("a!", 10);
        expected.put("b!", null);
        expected.put("c!", 30);
        assertThat(copy).isEqualTo(expected);
        assertThat(copy.keySet()).containsExactly("a!", "b!", "c!");
    }

    @Test
    void map_keepsOrder_checksKeysAndValues() {
        Map<String, Integer> source = new LinkedHashMap<>();
        source.put("b", 1);
        source.put("a", null);
        assertThat(Values.map(source, true, null, null, "S.m").keySet()).containsExactly("b", "a");
        assertThatThrownBy(() -> Values.map(source, false, null, null, "S.m"))
                .isInstanceOf(NullPointerException.class).hasMessage("S.m[a] is null, but values are not nullable");
        Map<String, Integer> nullKey = new LinkedHashMap<>();
        nullKey.put(null, 1);
        assertThatThrownBy(() -> Values.map(nullKey, true, null, null, "S.m"))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("null key");
        assertThatThrownBy(() -> Values.map(source, true, null, null, "S.m").put("c", 2))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void fixedLength_andRequired() {
        assertThat(Values.fixedLength(List.of(1, 2), 2, "S.a")).containsExactly(1, 2);
        assertThatThrownBy(() -> Values.fixedLength(List.of(1), 2, "S.a")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("S.a must have exactly 2 elements (a fixed-size array), but has 1");
        assertThatThrownBy(() -> Values.fixedLength(Bytes.copyOf(new byte[3]), 4, "S.b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly 4 bytes");
        assertThat(Values.required("x", "S.c")).isEqualTo("x");
        assertThatThrownBy(() -> Values.required(null, "S.c")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("S.c is not set");
    }

    enum Open implements MojomEnum {
        ONE,
        UNRECOGNIZED;

        @Override
        public int value() {
            if (this == UNRECOGNIZED) {
                throw new IllegalStateException("no value");
            }
            return 1;
        }
    }

    @Test
    void value_ofConstant_unrecognizedRejected() {
        assertThat(Values.value(Open.ONE, "S.e")).isEqualTo(1);
        assertThatThrownBy(() -> Values.value(Open.UNRECOGNIZED, "S.e")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("S.e cannot be set to UNRECOGNIZED");
        assertThatThrownBy(() -> Values.value(null, "S.e")).isInstanceOf(NullPointerException.class);
    }
    @Test
    void declared_nullOnlyWhereNullable_andUnrecognizedRefused() {
        assertThat(Values.declared(Open.ONE, false, "S.f")).isSameAs(Open.ONE);
        assertThat(Values.declared((Open) null, true, "S.f")).isNull();
        assertThatThrownBy(() -> Values.declared((Open) null, false, "S.f"))
                .isExactlyInstanceOf(NullPointerException.class).hasMessage("S.f is not nullable");
        assertThatThrownBy(() -> Values.declared(Open.UNRECOGNIZED, true, "S.f"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("S.f cannot be UNRECOGNIZED: its enum is not [Extensible] and declares no values, so no "
                        + "value of it is valid on the wire");
    }

    @Test
    void fixedLength_ofTheRightLengthOrNull_isTheValueItself() {
        Bytes four = Bytes.copyOf(new byte[4]);
        assertThat(Values.fixedLength(four, 4, "S.b")).isSameAs(four);
        assertThat(Values.fixedLength((Bytes) null, 4, "S.b")).isNull();
        assertThat(Values.fixedLength((List<Integer>) null, 2, "S.a")).isNull();
        assertThatThrownBy(() -> Values.fixedLength(Bytes.copyOf(new byte[3]), 4, "S.b"))
                .hasMessage("S.b must have exactly 4 bytes (a fixed-size array), but has 3");
    }
}

package org.jmojo.bindings.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ArrayValueMap} against {@link LinkedHashMap}, the map it replaces: for sizes on both sides
 * of {@link ArrayValueMap#LINEAR} (scan, then index), with repeated keys and null values.
 */
class ArrayValueMapTest {

    /** Random keys from a small alphabet (so that they repeat), with a null value now and then. */
    private static void randomEntries(Random random, int n, Object[] keys, Object[] values) {
        for (int i = 0; i < n; i++) {
            keys[i] = "k" + random.nextInt(Math.max(1, n * 3 / 4));
            values[i] = random.nextInt(10) == 0 ? null : random.nextLong();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 7, 8, 9, 16, 17, 100, 1000})
    void behavesAsLinkedHashMapFilledInOrder_repeatedKeysKeepFirstPositionAndLastValue(int n) {
        Random random = new Random(n);
        for (int round = 0; round < 20; round++) {
            Object[] keys = new Object[n];
            Object[] values = new Object[n];
            randomEntries(random, n, keys, values);
            Map<Object, Object> expected = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                expected.put(keys[i], values[i]);
            }

            Map<Object, Object> map = Values.adoptMap(keys, values);

            assertThat(map).hasSize(expected.size()).isEqualTo(expected).hasSameHashCodeAs(expected);
            assertThat(expected).isEqualTo(map);
            assertThat(map).hasToString(expected.toString());
            assertThat(map.keySet()).containsExactlyElementsOf(expected.keySet());
            assertThat(List.copyOf(map.keySet())).isEqualTo(List.of(map.keySet().toArray()));
            assertThat(map.keySet().toArray(new String[0])).containsExactly(expected.keySet().toArray(new String[0]));
            assertThat(map.values()).containsExactlyElementsOf(expected.values());
            assertThat(map.entrySet()).containsExactlyElementsOf(expected.entrySet());
            for (Object k : expected.keySet()) {
                assertThat(map.get(k)).isEqualTo(expected.get(k));
                assertThat(map.containsKey(k)).isTrue();
                // An equal key that is another object finds the same entry.
                assertThat(map.get(new String((String) k))).isEqualTo(expected.get(k));
            }
            assertThat(map.get("absent")).isNull();
            assertThat(map.containsKey("absent")).isFalse();
            assertThat(map.get(null)).isNull();
            assertThat(map.get(42)).as("a key of another type").isNull();
            Map<Object, Object> seen = new LinkedHashMap<>();
            map.forEach(seen::put);
            assertThat(seen).isEqualTo(expected);
        }
    }

    @Test
    void equals_differsFromMapsWithAnotherValueOrKeyOrANullVersusAbsentValue() {
        Map<Object, Object> map = Values.adoptMap(new Object[] {"a", "b"}, new Object[] {1, null});
        Map<Object, Object> otherValue = new HashMap<>(Map.of("a", 2));
        otherValue.put("b", null);
        Map<Object, Object> otherKey = new HashMap<>(Map.of("a", 1));
        otherKey.put("c", null);
        assertThat(map).isNotEqualTo(otherValue).isNotEqualTo(otherKey).isNotEqualTo(Map.of("a", 1))
                .isNotEqualTo(List.of("a", "b"));
        assertThat(map).as("same size, but a null value where the other has no key").isNotEqualTo(Map.of("a", 1, "c", 2));
    }

    @Test
    void everyChangeIsRefused_evenOfAbsentKeys() {
        Map<String, Long> map = Values.adoptMap(new Object[] {"a"}, new Object[] {1L});
        List<Consumer<Map<String, Long>>> changes = List.of(m -> m.put("b", 2L), m -> m.putAll(Map.of("b", 2L)),
                m -> m.remove("zz"), m -> m.remove("a", 1L), Map::clear, m -> m.putIfAbsent("b", 2L),
                m -> m.replace("a", 2L), m -> m.replace("a", 1L, 2L), m -> m.replaceAll((k, v) -> v),
                m -> m.computeIfAbsent("b", k -> 2L), m -> m.computeIfPresent("a", (k, v) -> v),
                m -> m.compute("a", (k, v) -> v), m -> m.merge("a", 2L, Long::sum),
                m -> m.keySet().iterator().remove(), m -> m.values().clear(),
                m -> m.entrySet().iterator().next().setValue(3L));
        for (Consumer<Map<String, Long>> change : changes) {
            assertThatThrownBy(() -> change.accept(map)).isInstanceOf(UnsupportedOperationException.class);
        }
        assertThat(map).isEqualTo(Map.of("a", 1L));
    }

    @Test
    void construction_refusesNullKeysAndUnequalLengths() {
        assertThatThrownBy(() -> Values.adoptMap(new Object[] {"a", null}, new Object[2]))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Values.adoptMap(new Object[10], new Object[10]))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Values.adoptMap(new Object[] {"a"}, new Object[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("1 keys but 2 values");
    }

    @Test
    void keySetToArray_intoALargerArray_marksTheEndWithNull() {
        Map<String, Long> map = Values.adoptMap(new Object[] {"a", "b"}, new Object[] {1L, 2L});
        String[] into = {"x", "x", "x", "x"};
        assertThat(map.keySet().toArray(into)).isSameAs(into).containsExactly("a", "b", null, "x");
        java.util.Iterator<String> it = map.keySet().iterator();
        it.next();
        it.next();
        assertThatThrownBy(it::next).isInstanceOf(java.util.NoSuchElementException.class);
    }
    @Test
    void equals_itself_andMapsThatRefuseItsKeys() {
        Map<Object, Object> map = Values.adoptMap(new Object[] {"a", "b"}, new Object[] {1, 2});
        assertThat(map.equals(map)).isTrue();
        java.util.TreeMap<Integer, Object> refusesStrings = new java.util.TreeMap<>(Map.of(1, 1, 2, 2));
        assertThat(map.equals(refusesStrings)).as("a ClassCastException means: none of our keys").isFalse();
        assertThat(map.equals(new HashMap<>(Map.of("a", 1, "b", 2)))).isTrue();
    }

    @Test
    void views_haveTheMapsSizeAndContents() {
        Map<Object, Object> map = Values.adoptMap(new Object[] {"a", "b", "c"}, new Object[] {1, null, 3});
        assertThat(map.keySet()).hasSize(3);
        assertThat(map.keySet().contains("b")).isTrue();
        assertThat(map.keySet().contains("z")).isFalse();
        assertThat(map.keySet().toArray()).containsExactly("a", "b", "c");
        assertThat(map.keySet().toArray(new String[0])).containsExactly("a", "b", "c");
        String[] exact = new String[3];
        assertThat(map.keySet().toArray(exact)).isSameAs(exact).containsExactly("a", "b", "c");
        assertThat(map.values()).hasSize(3);
        assertThat(map.values().toArray()).containsExactly(1, null, 3);
        assertThat(map.entrySet()).hasSize(3);
        assertThat(map.entrySet().iterator().next()).isEqualTo(Map.entry("a", 1));
    }
}

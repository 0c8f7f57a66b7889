package org.jmojo.bindings.internal.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The router's request-id map agrees with a {@link HashMap} under any mix of operations. */
class LongMapTest {

    @Test
    void random_operations_agree_with_a_hash_map() {
        for (long seed = 1; seed <= 40; seed++) {
            Random random = new Random(seed);
            LongMap<String> map = new LongMap<>();
            Map<Long, String> model = new HashMap<>();
            // Few distinct keys (dense collisions, removals inside probe runs), ids counting up as a router's
            // do, and extremes (0, negative, Long.MIN_VALUE) that a peer may send.
            long[] extremes = {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 32, 16, 32, 48};
            for (int step = 0; step < 5_000; step++) {
                long key = switch (random.nextInt(3)) {
                    case 0 -> random.nextInt(64);
                    case 1 -> extremes[random.nextInt(extremes.length)];
                    default -> step;
                };
                String value = "v" + step;
                String context = "seed " + seed + ", step " + step + ", key " + key;
                switch (random.nextInt(4)) {
                    case 0 -> assertThat(map.put(key, value)).as(context).isEqualTo(model.put(key, value));
                    case 1 -> assertThat(map.putIfAbsent(key, value)).as(context)
                            .isEqualTo(model.putIfAbsent(key, value));
                    case 2 -> assertThat(map.remove(key)).as(context).isEqualTo(model.remove(key));
                    default -> assertThat(map.get(key)).as(context).isEqualTo(model.get(key));
                }
                assertThat(map.size()).as(context).isEqualTo(model.size());
            }
            for (Map.Entry<Long, String> e : model.entrySet()) {
                assertThat(map.get(e.getKey())).as("seed " + seed + ", key " + e.getKey()).isEqualTo(e.getValue());
            }
            assertThat(map.values()).containsExactlyInAnyOrderElementsOf(model.values());
        }
    }

    @Test
    void clear_empties_it_and_it_grows_past_its_first_capacity() {
        LongMap<Long> map = new LongMap<>();
        for (long id = 1; id <= 1_000; id++) {
            map.put(id, id * 10);
        }
        assertThat(map.size()).isEqualTo(1_000);
        assertThat(map.get(777)).isEqualTo(7_770L);
        map.clear();
        assertThat(map.size()).isZero();
        assertThat(map.get(777)).isNull();
        assertThat(map.values()).isEmpty();
        map.put(777, 1L);
        assertThat(map.get(777)).isEqualTo(1L);
    }

    @Test
    void a_null_value_is_refused() {
        LongMap<String> map = new LongMap<>();
        assertThatThrownBy(() -> map.put(1, null)).isInstanceOf(NullPointerException.class).hasMessage("value");
        assertThatThrownBy(() -> map.putIfAbsent(1, null)).isInstanceOf(NullPointerException.class);
        assertThat(map.size()).isZero();
    }
}

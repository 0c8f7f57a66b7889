package org.jmojo.bindings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.jmojo.bindings.internal.Owned;
import org.junit.jupiter.api.Test;

class EnumListTest {

    /** An open enum as jmojom generates it: 1 and 2 declared, everything else {@code UNRECOGNIZED}. */
    enum Open implements MojomEnum {
        ONE(1),
        TWO(2),
        UNRECOGNIZED(0);

        private final int value;

        Open(int value) {
            this.value = value;
        }

        @Override
        public int value() {
            if (this == UNRECOGNIZED) {
                throw new IllegalStateException("UNRECOGNIZED has no value");
            }
            return value;
        }

        static Open of(int value) {
            return switch (value) {
                case 1 -> ONE;
                case 2 -> TWO;
                default -> UNRECOGNIZED;
            };
        }
    }

    @Test
    void copyOf_constants_valuesAndConstants() {
        EnumList<Open> list = EnumList.copyOf(List.of(Open.TWO, Open.ONE), Open::of);
        assertThat(list).containsExactly(Open.TWO, Open.ONE);
        assertThat(list.getValue(0)).isEqualTo(2);
        assertThat(list).isEqualTo(List.of(Open.TWO, Open.ONE));
        assertThat(EnumList.copyOf(list, Open::of)).isSameAs(list);
    }

    @Test
    void undeclaredValues_keptAndDistinguished() {
        byte[] wire = new byte[8];
        wire[0] = 7;
        wire[4] = 8;
        EnumList<Open> seven = Owned.access().enums(wire.clone(), Open::of);
        assertThat(seven).containsExactly(Open.UNRECOGNIZED, Open.UNRECOGNIZED);
        assertThat(seven.getValue(0)).isEqualTo(7);
        assertThat(seven.getValue(1)).isEqualTo(8);
        byte[] other = wire.clone();
        other[4] = 9;
        assertThat(seven).isNotEqualTo(Owned.access().enums(other, Open::of))
                .isEqualTo(Owned.access().enums(wire.clone(), Open::of));
    }

    @Test
    void copyOf_unrecognizedOrNull_rejected() {
        assertThatThrownBy(() -> EnumList.copyOf(List.of(Open.UNRECOGNIZED), Open::of))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> EnumList.copyOf(Arrays.asList(Open.ONE, null), Open::of))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("element 1");
    }

    /** The decoder's view of an array<Open> on the wire: each value, declared or not, in order. */
    @Test
    void decoderEnumArray_readsEachValueOfTheArray() {
        byte[] wire = new byte[8 + 12];
        wire[0] = 20; // num_bytes
        wire[4] = 3; // num_elements
        wire[8] = 2;
        wire[12] = 9;
        wire[16] = 1;
        EnumList<Open> list = new org.jmojo.bindings.runtime.Decoder(wire).enumArray(0, Open::of);
        assertThat(list).containsExactly(Open.TWO, Open.UNRECOGNIZED, Open.ONE);
        assertThat(list.getValue(1)).isEqualTo(9);
    }
}

package org.jmojo.bindings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import org.jmojo.bindings.internal.Owned;
import org.jmojo.bindings.runtime.Decoder;
import org.jmojo.bindings.runtime.Encoder;
import org.junit.jupiter.api.Test;

/** Edges of the small value types the bindings hand to users: descriptors, bytes, lists. */
class ValueTypesTest {

    interface Some {}

    @Test
    void interfaceDescriptor_versionZeroIsFine_negativeOrNamelessRefused() {
        InterfaceDescriptor<Some> d = InterfaceDescriptor.of(Some.class, "t.Some", 0);
        assertThat(d.name()).isEqualTo("t.Some");
        assertThat(d.version()).isZero();
        assertThat(d.type()).isEqualTo(Some.class);
        assertThat(d.toString()).isEqualTo("t.Some v0");
        assertThatThrownBy(() -> InterfaceDescriptor.of(Some.class, "t.Some", -1))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("an interface needs a name and a version >= 0: 't.Some', -1");
        assertThatThrownBy(() -> InterfaceDescriptor.of(Some.class, "", 1))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("an interface needs a name and a version >= 0: '', 1");
    }

    @Test
    void bytes_emptyAndNot_andHashByContent() {
        assertThat(Bytes.copyOf(MemorySegment.ofArray(new byte[0]))).isSameAs(Bytes.empty());
        assertThat(Bytes.empty().isEmpty()).isTrue();
        Bytes one = Bytes.copyOf(MemorySegment.ofArray(new byte[] {7}));
        assertThat(one.isEmpty()).isFalse();
        assertThat(one.size()).isEqualTo(1);
        assertThat(one.hashCode()).isEqualTo(java.util.Arrays.hashCode(new byte[] {7}))
                .isNotEqualTo(Bytes.copyOf(MemorySegment.ofArray(new byte[] {8})).hashCode());
    }

    @Test
    void doubleList_equalityIsDoubleEquals_everyNaNEqual_signedZerosNot() {
        double otherNaN = Double.longBitsToDouble(0x7FF8_0000_0000_0001L);
        assertThat(DoubleList.of(otherNaN)).isEqualTo(DoubleList.of(Double.NaN));
        assertThat(DoubleList.of(0.0)).isNotEqualTo(DoubleList.of(-0.0));
        assertThat(FloatList.of(Float.intBitsToFloat(0x7FC0_0001))).isEqualTo(FloatList.of(Float.NaN));
    }

    @Test
    void booleanArray_ofAWholeNumberOfBytes_decodes_andBitsPastTheEndAreIgnored() {
        Encoder e = new Encoder();
        int eight = e.allocateArray(8, 1);
        e.putInt8(eight + 8, (byte) 0xA5);
        int three = e.allocateArray(3, 1);
        e.putInt8(three + 8, (byte) 0xFD); // bits 0, 2..7 set; only 0..2 belong to the array
        Decoder d = new Decoder(e.toByteArray());
        assertThat(d.booleanArray(eight)).isEqualTo(BooleanList.of(true, false, true, false, false, true, false, true));
        assertThat(d.booleanArray(three)).isEqualTo(BooleanList.of(true, false, true));
        assertThat(d.booleanArray(three).hashCode()).isEqualTo(BooleanList.of(true, false, true).hashCode());
    }

    @Test
    void owned_isInstalledOnce() {
        assertThat(Owned.access()).isNotNull();
        assertThatThrownBy(() -> Owned.install(Owned.access())).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("Owned.Access is installed already");
    }
}

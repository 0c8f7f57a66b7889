package org.jmojo.bindings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ReadOnlyBufferException;
import org.junit.jupiter.api.Test;

class BytesTest {

    @Test
    void copyOf_laterChangeToSource_valueUnchanged() {
        byte[] source = {1, 2, 3};
        Bytes b = Bytes.copyOf(source);
        source[0] = 9;
        assertThat(b.toByteArray()).containsExactly(1, 2, 3);
        byte[] out = b.toByteArray();
        out[1] = 9;
        assertThat(b.get(1)).isEqualTo((byte) 2);
    }

    @Test
    void copyOf_range_copiesThatRange() {
        assertThat(Bytes.copyOf(new byte[] {1, 2, 3, 4}, 1, 2)).isEqualTo(Bytes.copyOf(new byte[] {2, 3}));
        assertThat(Bytes.copyOf(new byte[] {1}, 1, 0)).isSameAs(Bytes.empty());
        assertThatThrownBy(() -> Bytes.copyOf(new byte[2], 1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void copyOf_nativeSegment_sameBytes() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment native_ = arena.allocate(3);
            native_.set(ValueLayout.JAVA_BYTE, 2, (byte) 7);
            Bytes b = Bytes.copyOf(native_);
            assertThat(b.size()).isEqualTo(3);
            assertThat(b.get(2)).isEqualTo((byte) 7);
        }
        assertThat(Bytes.copyOf(MemorySegment.ofArray(new byte[0]))).isSameAs(Bytes.empty());
    }

    @Test
    void views_readOnlyAndShowTheBytes() {
        Bytes b = Bytes.copyOf(new byte[] {5, 6});
        MemorySegment segment = b.asSegment();
        assertThat(segment.isReadOnly()).isTrue();
        assertThat(segment.get(ValueLayout.JAVA_BYTE, 1)).isEqualTo((byte) 6);
        assertThatThrownBy(() -> segment.set(ValueLayout.JAVA_BYTE, 0, (byte) 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.asByteBuffer().put(0, (byte) 1)).isInstanceOf(ReadOnlyBufferException.class);
        assertThat(b.asByteBuffer().get(0)).isEqualTo((byte) 5);
    }

    @Test
    void copyTo_intoArray_andOutOfRangeRejected() {
        byte[] target = new byte[4];
        Bytes.copyOf(new byte[] {1, 2}).copyTo(target, 2);
        assertThat(target).containsExactly(0, 0, 1, 2);
        assertThatThrownBy(() -> Bytes.copyOf(new byte[] {1, 2}).copyTo(target, 3))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void equalsHashCodeToString_byContent() {
        Bytes a = Bytes.copyOf(new byte[] {0x0a, 0x0b});
        assertThat(a).isEqualTo(Bytes.copyOf(new byte[] {0x0a, 0x0b})).hasSameHashCodeAs(Bytes.copyOf(a.toByteArray()));
        assertThat(a).isNotEqualTo(Bytes.copyOf(new byte[] {0x0a}));
        assertThat(a).hasToString("Bytes[2: 0a0b]");
        assertThat(Bytes.copyOf(new byte[40]).toString()).startsWith("Bytes[40: 0000").endsWith("...]");
        assertThat(Bytes.empty().isEmpty()).isTrue();
        assertThatThrownBy(() -> a.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}

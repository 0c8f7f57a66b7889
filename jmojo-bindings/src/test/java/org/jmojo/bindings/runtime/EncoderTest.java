package org.jmojo.bindings.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class EncoderTest {

    @Test
    void allocate_roundsToEightAndZeroFills() {
        Encoder e = new Encoder(0);
        int a = e.allocate(3);
        int b = e.allocate(9);

        assertThat(a).isZero();
        assertThat(b).isEqualTo(8);
        assertThat(e.size()).isEqualTo(24);
        assertThat(e.toByteArray()).containsOnly(0);
    }

    @Test
    void allocate_growsPastInitialCapacity_keepsEarlierBytes() {
        Encoder e = new Encoder(0);
        e.allocate(8);
        e.putInt64(0, 0x0102030405060708L);
        e.allocate(1000);

        assertThat(new Decoder(e.toByteArray()).getInt64(0)).isEqualTo(0x0102030405060708L);
    }

    @Test
    void allocateArray_boolArrayOf12_numBytesNotRounded() {
        Encoder e = new Encoder();
        int at = e.allocateArray(12, 1);
        boolean[] bits = {true, false, true, false, true, false, true, false, true, true, true, true};
        for (int i = 0; i < bits.length; i++) {
            e.putBool(at + 8 + i / 8, i % 8, bits[i]);
        }

        // docs/wire-format.md §5.3
        assertThat(HexFormat.of().formatHex(e.toByteArray())).isEqualTo("0a0000000c000000550f000000000000");
    }

    @Test
    void putPointer_backwards_rejected() {
        Encoder e = new Encoder();
        e.allocate(16);
        assertThatThrownBy(() -> e.putPointer(8, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("forward");
    }

    @Test
    void put_outsideAllocation_rejected() {
        Encoder e = new Encoder();
        e.allocate(8);
        assertThatThrownBy(() -> e.putInt32(6, 1)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("at 6");
    }

    @Test
    void decoder_readsLittleEndianFromNativeSegmentToo() {
        Encoder e = new Encoder();
        e.allocate(16);
        e.putInt32(0, -2);
        e.putDouble(8, 1.5);
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment native_ = arena.allocate(16, 8);
            native_.copyFrom(e.asSegment());
            Decoder d = new Decoder(native_);
            assertThat(d.getInt32(0)).isEqualTo(-2);
            assertThat(d.getUInt32(0)).isEqualTo(0xFFFF_FFFEL);
            assertThat(d.getDouble(8)).isEqualTo(1.5);
        }
    }

    @Test
    void decoder_overByteArray_readsInPlace_sizeAndSegmentAreTheArrays() {
        byte[] bytes = new byte[16];
        Decoder d = new Decoder(bytes);
        bytes[8] = 0x2A;
        assertThat(d.size()).isEqualTo(16);
        assertThat(d.getInt64(8)).as("reads the array itself, not a copy").isEqualTo(0x2A);
        assertThat(d.segment().byteSize()).isEqualTo(16);
        assertThat(d.segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 8)).isEqualTo((byte) 0x2A);
        assertThatThrownBy(() -> d.getInt64(9)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("at 9").hasMessageContaining("16-byte message");
        assertThatThrownBy(() -> new Decoder((byte[]) null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void decoder_overByteBufferSlice_offsetsRelativeToPosition() {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocateDirect(16);
        buffer.putInt(8, 0x04030201);
        buffer.position(8);

        Decoder d = new Decoder(buffer);

        assertThat(d.size()).isEqualTo(8);
        assertThat(d.getInt32(0)).as("little-endian regardless of the buffer's order").isEqualTo(0x01020304);
        assertThat(buffer.position()).isEqualTo(8);
    }

    @Test
    void pointerTarget_nullAndForward() {
        Encoder e = new Encoder();
        e.allocate(16);
        e.putInt64(8, 0x10);
        Decoder d = new Decoder(e.toByteArray());
        assertThat(d.pointerTarget(0)).isEqualTo(-1);
        assertThat(d.pointerTarget(8)).isEqualTo(24);
    }

    @Test
    void finish_exactlyFull_handsOverBufferAndRefusesFurtherAllocation() {
        Encoder e = Encoder.sized(16);
        int at = e.allocate(16);
        e.putInt64(at + 8, 42);
        MemorySegment view = e.asSegment();

        byte[] bytes = e.finish();

        assertThat(bytes).hasSize(16);
        bytes[0] = 7;
        assertThat(view.get(ValueLayout.JAVA_BYTE, 0)).as("the sized buffer itself").isEqualTo((byte) 7);
        assertThat(e.size()).isZero();
        assertThatThrownBy(() -> e.allocate(8)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("finish()");
    }

    @Test
    void finish_notFull_returnsCopyOfUsedBytes() {
        Encoder e = Encoder.sized(64);
        e.allocate(5);

        assertThat(e.finish()).hasSize(8).containsOnly(0);
    }

    @Test
    void sized_negativeSize_rejected() {
        assertThatThrownBy(() -> Encoder.sized(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void arraySize_elementsAndPadding_matchAllocateArray() {
        for (int bits : new int[] {1, 8, 16, 32, 64}) {
            for (int n = 0; n < 20; n++) {
                Encoder e = new Encoder(0);
                e.allocateArray(n, bits);
                assertThat(Encoder.arraySize(n, bits)).as("%d elements of %d bits", n, bits).isEqualTo(e.size());
            }
        }
    }
}

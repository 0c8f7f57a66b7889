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
    @Test
    void boundaries_ofTheArgumentChecks_areExact() {
        assertThat(Encoder.sized(0).size()).isZero();
        Encoder e = new Encoder(0);
        assertThat(e.allocate(0)).as("a zero-byte allocation is fine").isZero();
        assertThat(e.size()).isZero();
        assertThatThrownBy(() -> e.allocate(-1)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("numBytes < 0: -1");
        assertThat(e.allocateArray(0xFFFF_FFFFL, 0)).as("the largest element count").isZero();
        assertThat(new Decoder(e.toByteArray()).getUInt32(4)).isEqualTo(0xFFFF_FFFFL);
        assertThatThrownBy(() -> e.allocateArray(0x1_0000_0000L, 0)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("numElements not in 0..0xFFFFFFFF: 4294967296");
        assertThatThrownBy(() -> e.allocateArray(-1, 8)).isExactlyInstanceOf(IllegalArgumentException.class);
        Encoder f = new Encoder();
        f.allocate(16);
        assertThatThrownBy(() -> f.putPointer(8, 8)).as("a pointer to itself").isExactlyInstanceOf(
                IllegalArgumentException.class).hasMessage("pointers only point forward: slot 8, target 8");
        f.putPointer(0, 8);
        assertThat(new Decoder(f.toByteArray()).getInt64(0)).isEqualTo(8);
        assertThatThrownBy(() -> f.putInt64(9, 1)).isExactlyInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("write of 8 byte(s) at 9 is outside the allocated 16 byte(s)");
        assertThatThrownBy(() -> f.putInt8(-1, (byte) 1)).isExactlyInstanceOf(IndexOutOfBoundsException.class);
        f.putInt64(8, 7); // the last 8 bytes exactly
        f.putInt8(15, (byte) 1);
    }

    @Test
    void putBool_setsAndClearsOnlyItsBit() {
        Encoder e = new Encoder();
        e.allocate(8);
        e.putBool(0, 3, true);
        e.putBool(0, 7, true);
        assertThat(e.toByteArray()[0]).isEqualTo((byte) 0x88);
        e.putBool(0, 3, false);
        e.putBool(0, 0, false);
        assertThat(e.toByteArray()[0]).isEqualTo((byte) 0x80);
        assertThat(new Decoder(e.toByteArray()).getBool(0, 7)).isTrue();
        assertThat(new Decoder(e.toByteArray()).getBool(0, 3)).isFalse();
    }

    @Test
    void associatedEndpoints_areIndexedInTheOrderAppended() {
        Encoder e = new Encoder();
        assertThat(e.appendAssociatedEndpoint("first")).isZero();
        assertThat(e.appendAssociatedEndpoint("second")).isEqualTo(1);
        assertThat(e.associatedEndpoints()).containsExactly("first", "second");
        assertThatThrownBy(() -> e.appendAssociatedEndpoint(null)).isExactlyInstanceOf(NullPointerException.class);
    }

    @Test
    void pointerTarget_largestPointer_andBeyond() {
        Encoder e = new Encoder();
        e.allocate(16);
        e.putInt64(0, 0xFFFF_FFFFL);
        e.putInt64(8, 0x1_0000_0000L);
        Decoder d = new Decoder(e.toByteArray());
        assertThat(d.pointerTarget(0)).isEqualTo(0xFFFF_FFFFL);
        assertThatThrownBy(() -> d.pointerTarget(8)).isExactlyInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("pointer 0x100000000 at offset 8 exceeds 0xFFFFFFFF");
        Encoder n = new Encoder();
        n.allocate(8);
        n.putInt64(0, -8);
        assertThatThrownBy(() -> new Decoder(n.toByteArray()).pointerTarget(0))
                .isExactlyInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void strings_nonAsciiAndEmpty_encodeAsUtf8_withExactSizes() {
        Encoder e = new Encoder(0);
        int empty = e.allocateString("");
        int text = e.allocateString("h\u00e9\u20ac\uD83D\uDE00");
        byte[] b = e.toByteArray();
        Decoder d = new Decoder(b);
        assertThat(d.getInt32(empty)).isEqualTo(8);
        assertThat(d.getInt32(empty + 4)).isZero();
        assertThat(d.getInt32(text)).as("1 + 2 + 3 + 4 UTF-8 bytes and the header").isEqualTo(8 + 10);
        assertThat(d.getInt32(text + 4)).isEqualTo(10);
        assertThat(e.size()).isEqualTo(8 + 24);
        assertThat(new String(d.getBytes(text + 8, 10), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("h\u00e9\u20ac\uD83D\uDE00");
    }
}

package org.jmojo.bindings.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Strings encoded straight into the encoder's buffer ({@link Encoder#allocateString}) and read back
 * in place ({@link Decoder#getString}), and the decoder's direct reads from heap arrays.
 */
class EncoderStringTest {

    /** A string mixing ASCII, 2- and 3-byte characters, surrogate pairs and unpaired surrogates. */
    static String randomString(Random random, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(6)) {
                case 0, 1 -> b.append((char) random.nextInt(0x80));
                case 2 -> b.append((char) (0x80 + random.nextInt(0x800 - 0x80)));
                case 3 -> b.append((char) (0x800 + random.nextInt(0xD800 - 0x800)));
                case 4 -> b.appendCodePoint(0x10000 + random.nextInt(0x10FFFF - 0x10000));
                default -> b.append((char) (0xD800 + random.nextInt(0x800)));
            }
        }
        return b.toString();
    }

    @Property(tries = 300)
    void allocateString_anyString_sameBytesAsGetBytesUtf8(@ForAll long seed, @ForAll @IntRange(max = 300) int length) {
        String value = randomString(new Random(seed), length);
        byte[] expected = value.getBytes(StandardCharsets.UTF_8);
        Encoder e = new Encoder(0);
        e.allocate(8);

        int at = e.allocateString(value);

        byte[] bytes = e.toByteArray();
        assertThat(at).isEqualTo(8);
        assertThat(bytes.length).isEqualTo(8 + ((8 + expected.length + 7) & ~7));
        Decoder d = new Decoder(bytes);
        assertThat(d.getInt32(at)).as("num_bytes").isEqualTo(8 + expected.length);
        assertThat(d.getInt32(at + 4)).as("num_elements").isEqualTo(expected.length);
        assertThat(Arrays.copyOfRange(bytes, at + 8, at + 8 + expected.length)).isEqualTo(expected);
        for (int i = at + 8 + expected.length; i < bytes.length; i++) {
            assertThat(bytes[i]).as("padding byte %d", i).isZero();
        }
    }

    /**
     * The characters at the edges of each UTF-8 length, alone and mixed: U+0080 is the first that is
     * not ASCII (a string of U+0080 and U+0000 only has no bit above 0x80), U+07FF and U+0800 the last
     * two-byte and first three-byte ones.
     */
    @Test
    void allocateString_charactersAtTheUtf8Boundaries_sameBytesAsGetBytesUtf8() {
        for (String value : new String[] {"\u0080", "\u0000\u0080", "\u0080\u0000\u0080", "\u007f", "\u00e9\u0080",
                "a\u0080b", "\u07ff", "\u0800", "\u07ff\u0800\u0080", "\uffff", "\ud83d\ude00\u0080"}) {
            Encoder e = new Encoder(0);
            int at = e.allocateString(value);
            byte[] expected = value.getBytes(StandardCharsets.UTF_8);
            Decoder d = new Decoder(e.toByteArray());
            assertThat(d.getInt32(at + 4)).as("num_elements of %s", value).isEqualTo(expected.length);
            assertThat(Arrays.copyOfRange(e.toByteArray(), at + 8, at + 8 + expected.length)).as(value)
                    .isEqualTo(expected);
        }
    }

    /**
     * An encoder sized by {@link Encoder#stringSize} holds an ASCII string exactly and hands over
     * its buffer; any other text grows it, and both give the bytes of {@code getBytes(UTF_8)}.
     */
    @Property(tries = 300)
    void allocateString_sizedEncoder_exactForAsciiAndGrowsOtherwise(@ForAll long seed,
            @ForAll @IntRange(max = 100) int length, @ForAll boolean ascii) {
        Random random = new Random(seed);
        String value = ascii ? randomAscii(random, length) : randomString(random, length);
        byte[] expected = value.getBytes(StandardCharsets.UTF_8);
        Encoder e = Encoder.sized(8 + Encoder.stringSize(value));
        e.allocate(8);
        MemorySegment before = e.asSegment();

        int at = e.allocateString(value);
        byte[] bytes = e.finish();

        assertThat(bytes.length).isEqualTo(8 + ((8 + expected.length + 7) & ~7));
        assertThat(Arrays.copyOfRange(bytes, at + 8, at + 8 + expected.length)).isEqualTo(expected);
        assertThat(Arrays.copyOfRange(bytes, at + 8 + expected.length, bytes.length))
                .isEqualTo(new byte[bytes.length - at - 8 - expected.length]);
        if (value.chars().allMatch(c -> c < 0x80)) {
            assertThat(Encoder.stringSize(value)).isEqualTo((8 + expected.length + 7) & ~7);
            bytes[0] = 7;
            assertThat(before.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0)).as("the sized buffer itself")
                    .isEqualTo((byte) 7);
        }
    }

    private static String randomAscii(Random random, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append((char) random.nextInt(0x80));
        }
        return b.toString();
    }

    @Test
    void allocateString_afterLongerString_paddingStillZero() {
        Encoder e = new Encoder(0);
        e.allocateString("\u20ac".repeat(40));
        int second = e.allocateString("a");
        e.allocate(8);

        byte[] bytes = e.toByteArray();
        assertThat(bytes.length).isEqualTo(128 + 16 + 8);
        assertThat(bytes[second + 8]).isEqualTo((byte) 'a');
        assertThat(Arrays.copyOfRange(bytes, second + 9, bytes.length)).containsOnly(0);
    }

    @Test
    void getString_writtenString_readBackFromHeapSliceAndNativeCopy() {
        Encoder e = new Encoder();
        int slot = e.allocate(16);
        e.putPointer(slot, e.allocateString("h\u00e9llo \uD83D\uDE00"));
        byte[] message = e.toByteArray();
        byte[] shifted = new byte[message.length + 16];
        System.arraycopy(message, 0, shifted, 16, message.length);

        assertThat(new Decoder(message).getString(slot)).isEqualTo("h\u00e9llo \uD83D\uDE00");
        assertThat(new Decoder(message).getString(slot + 8)).as("null pointer").isNull();
        assertThat(new Decoder(MemorySegment.ofArray(shifted).asSlice(16)).getString(slot))
                .isEqualTo("h\u00e9llo \uD83D\uDE00");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment copy = arena.allocate(message.length, 8);
            copy.copyFrom(MemorySegment.ofArray(message));
            assertThat(new Decoder(copy).getString(slot)).isEqualTo("h\u00e9llo \uD83D\uDE00");
        }
    }

    @Test
    void decoder_heapSlice_readsPastTheSliceRejected() {
        byte[] array = new byte[32];
        array[8] = 7;
        Decoder d = new Decoder(MemorySegment.ofArray(array).asSlice(8, 8));

        assertThat(d.getInt32(0)).isEqualTo(7);
        assertThatThrownBy(() -> d.getInt64(4)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("at 4");
        assertThatThrownBy(() -> d.getInt8(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void fieldWithTag_knownAndUnknownTags() {
        UnionSchema schema = TestSchemas.VALUE;
        for (UnionSchema.Field f : schema.fields()) {
            assertThat(schema.fieldWithTag(f.tag())).isSameAs(schema.byTag(f.tag()).orElseThrow());
        }
        assertThat(schema.fieldWithTag(schema.fields().size())).isNull();
        assertThat(schema.fieldWithTag(0xFFFF_FFFFL)).isNull();
    }

    @Test
    void schemas_equalByValueAndKeepTheirValidationTable() {
        StructSchema a = TestSchemas.struct("t.S", 16, TestSchemas.field("s", 0, new MojomKind.Str(false), 8));
        StructSchema b = TestSchemas.struct("t.S", 16, TestSchemas.field("s", 0, new MojomKind.Str(false), 8));

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(ValidationPlan.of(a)).isSameAs(ValidationPlan.of(a));
        assertThat(a).as("a built table does not change equality").isEqualTo(b);
        assertThat(a.toString()).contains("t.S");
        assertThat(List.of(a)).doesNotContain(TestSchemas.POINT);
    }
}

package org.jmojo.bindings.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.jmojo.bindings.BooleanList;
import org.jmojo.bindings.Bytes;
import org.jmojo.bindings.DoubleList;
import org.jmojo.bindings.FloatList;
import org.jmojo.bindings.IntList;
import org.jmojo.bindings.LongList;
import org.jmojo.bindings.ShortList;
import org.junit.jupiter.api.Test;

/**
 * {@link Encoder#allocateArray(Object)} writes a primitive list or {@link Bytes} as the Mojom array
 * the validator accepts and the generic codec reads back, and {@link Decoder}'s array readers give
 * the value back, from heap and native messages.
 */
class PrimitiveArrayCodecTest {

    private static MojomKind.Array arrayOf(MojomKind.PrimitiveType t) {
        return new MojomKind.Array(new MojomKind.Primitive(t), 0, false);
    }

    /** Encodes {@code values} as the one field of a struct, validates it and returns the bytes. */
    private static byte[] encodeInStruct(Object values, MojomKind.PrimitiveType type) throws Exception {
        Encoder e = new Encoder(64);
        int at = e.allocate(16);
        e.putStructHeader(at, 16, 0);
        e.putPointer(at + 8, e.allocateArray(values));
        byte[] bytes = e.toByteArray();
        StructSchema schema = TestSchemas.struct("t.A", 16, TestSchemas.field("v", 0, arrayOf(type), 8));
        Validator.validateStruct(MemorySegment.ofArray(bytes), 0, schema);
        return bytes;
    }

    @Test
    void everyKind_encodedThenRead_sameValueAndGenericCodecAgrees() throws Exception {
        record Case(Object value, MojomKind.PrimitiveType type, List<?> generic) {}
        List<Case> cases = List.of(
                new Case(Bytes.copyOf(new byte[] {1, -1, 3}), MojomKind.PrimitiveType.UINT8, List.of(1L, 255L, 3L)),
                new Case(BooleanList.of(true, false, false, false, false, false, false, false, true),
                        MojomKind.PrimitiveType.BOOL,
                        List.of(true, false, false, false, false, false, false, false, true)),
                new Case(ShortList.of((short) -2), MojomKind.PrimitiveType.INT16, List.of(-2L)),
                new Case(IntList.of(7, -8), MojomKind.PrimitiveType.INT32, List.of(7L, -8L)),
                new Case(LongList.of(Long.MIN_VALUE), MojomKind.PrimitiveType.INT64, List.of(Long.MIN_VALUE)),
                new Case(FloatList.of(0.5f), MojomKind.PrimitiveType.FLOAT, List.of(0.5f)),
                new Case(DoubleList.of(-1.25), MojomKind.PrimitiveType.DOUBLE, List.of(-1.25)));
        for (Case c : cases) {
            byte[] bytes = encodeInStruct(c.value(), c.type());
            StructSchema schema = TestSchemas.struct("t.A", 16, TestSchemas.field("v", 0, arrayOf(c.type()), 8));
            assertThat(ValueCodec.decodeStruct(new Decoder(bytes), 0, schema, List.of(), List.of()).get("v"))
                    .as("%s as the generic codec reads it", c.type()).isEqualTo(c.generic());
            Decoder d = new Decoder(bytes);
            long array = d.pointerTarget(8);
            Object read = switch (c.type()) {
                case UINT8 -> d.bytesArray(array);
                case BOOL -> d.booleanArray(array);
                case INT16 -> d.shortArray(array);
                case INT32 -> d.intArray(array);
                case INT64 -> d.longArray(array);
                case FLOAT -> d.floatArray(array);
                default -> d.doubleArray(array);
            };
            assertThat(read).as("%s read back", c.type()).isEqualTo(c.value());
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment native_ = arena.allocate(bytes.length, 8);
                native_.copyFrom(MemorySegment.ofArray(bytes));
                Decoder nd = new Decoder(native_);
                assertThat(c.type() == MojomKind.PrimitiveType.UINT8 ? nd.bytesArray(array)
                        : c.type() == MojomKind.PrimitiveType.INT32 ? nd.intArray(array) : read)
                        .as("%s from a native segment", c.type()).isEqualTo(c.value());
            }
        }
    }

    @Test
    void boolArray_paddingBitsSet_readAsClearedSoEqualToClean() {
        Encoder e = new Encoder(16);
        int at = e.allocateArray(3, 1);
        e.putInt8(at + 8, (byte) 0b1111_1101);
        BooleanList read = new Decoder(e.toByteArray()).booleanArray(at);
        assertThat(read).containsExactly(true, false, true).isEqualTo(BooleanList.of(true, false, true))
                .hasSameHashCodeAs(BooleanList.of(true, false, true));
    }

    @Test
    void allocateArray_notAListType_rejected() {
        assertThatThrownBy(() -> new Encoder(8).allocateArray(List.of(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not Bytes or a primitive list");
    }
}

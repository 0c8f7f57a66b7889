package org.jmojo.bindings.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jmojo.bindings.runtime.TestSchemas.field;
import static org.jmojo.bindings.runtime.TestSchemas.prim;

import java.util.List;
import java.util.Map;
import org.jmojo.bindings.runtime.MojomKind.PrimitiveType;
import org.junit.jupiter.api.Test;

/**
 * The generic codec ({@link ValueCodec}) on inputs the round-trip properties do not draw: values
 * that do not fit the schema (refused, naming the field), absent fields, fields newer than the
 * struct's version, and unknown tags of an extensible union.
 */
class GenericCodecEdgesTest {

    /** {@code struct S { string s; bool flag; int32 n = 7 [MinVersion=1]; }}: version 0 is 16 bytes, 1 is 24. */
    private static final StructSchema VERSIONED = new StructSchema("t.S", List.of(
            new FieldSchema("s", 0, new MojomKind.Str(false), 8, 0, 0),
            new FieldSchema("flag", 1, prim(PrimitiveType.BOOL), 16, 0, 1),
            new FieldSchema("n", 2, prim(PrimitiveType.INT32), 20, 0, 1, 7L)),
            List.of(new StructSchema.VersionSize(0, 16), new StructSchema.VersionSize(1, 24)));

    private static final StructSchema WITH_UNION = TestSchemas.struct("t.U", 24,
            field("u", 0, TestSchemas.union(TestSchemas.EXT, false), 8));

    @Test
    void encode_unknownField_refusedNamingIt() {
        assertThatThrownBy(() -> ValueCodec.encodeStruct(TestSchemas.POINT, Map.of("z", 1L)))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("struct t.Point has no field 'z'");
    }

    @Test
    void encode_valuesOfTheWrongKind_refusedNamingTheFieldAndTheValue() {
        assertThatThrownBy(() -> ValueCodec.encodeStruct(TestSchemas.POINT, Map.of("x", "ten")))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(": expected a Number, got String ten");
        assertThatThrownBy(() -> ValueCodec.encodeStruct(VERSIONED, java.util.Collections.singletonMap("s", null)))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(": null for non-nullable string");
        assertThatThrownBy(() -> ValueCodec.encodeStruct(WITH_UNION, Map.of("u", 5L)))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(": expected a UnionValue for union t.Ext, got Long 5");
        assertThatThrownBy(() -> ValueCodec.encodeStruct(WITH_UNION, Map.of("u", new ValueCodec.UnionValue("zz", 1L))))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(": union t.Ext has no field 'zz'");
        assertThatThrownBy(() -> ValueCodec.encodeStruct(TestSchemas.POINT, null))
                .isExactlyInstanceOf(NullPointerException.class).hasMessage("value of struct t.Point");
    }

    @Test
    void encode_absentPrimitives_areTheirDefaultOrZero() {
        ValueCodec.Encoded e = ValueCodec.encodeStruct(VERSIONED, Map.of("s", "a"));
        Map<String, Object> back = ValueCodec.decodeStruct(new Decoder(e.bytes()), 0, VERSIONED, List.of(), List.of());
        assertThat(back).as("absent: false, and a field's default").containsEntry("flag", false)
                .containsEntry("n", 7L).containsEntry("s", "a");
        ValueCodec.Encoded t = ValueCodec.encodeStruct(VERSIONED, Map.of("s", "a", "flag", true));
        assertThat(ValueCodec.decodeStruct(new Decoder(t.bytes()), 0, VERSIONED, List.of(), List.of()))
                .containsEntry("flag", true);
    }

    @Test
    void decode_fieldsNewerThanTheStructsVersion_getTheirDefaultOrZero() {
        Encoder e = new Encoder();
        int at = e.allocate(16);
        e.putStructHeader(at, 16, 0);
        e.putPointer(at + 8, e.allocateString("old"));
        Map<String, Object> v = ValueCodec.decodeStruct(new Decoder(e.toByteArray()), 0, VERSIONED, List.of(), List.of());
        assertThat(v).containsExactly(Map.entry("s", "old"), Map.entry("flag", false), Map.entry("n", 7L));
    }

    @Test
    void decode_unknownTagOfAnExtensibleUnion_isItsDefaultMember_withAZeroValue() {
        Encoder e = new Encoder();
        int at = e.allocate(24);
        e.putStructHeader(at, 24, 0);
        e.putInt32(at + 8, 16);
        e.putInt32(at + 12, 9); // no member has tag 9
        e.putInt32(at + 16, 1234);
        Map<String, Object> v = ValueCodec.decodeStruct(new Decoder(e.toByteArray()), 0, WITH_UNION, List.of(), List.of());
        assertThat(v).containsEntry("u", new ValueCodec.UnionValue("unknown", 0L));
    }

    @Test
    void zero_ofEachKind() {
        assertThat(ValueCodec.zero(prim(PrimitiveType.BOOL))).isEqualTo(false);
        assertThat(ValueCodec.zero(prim(PrimitiveType.FLOAT))).isEqualTo(0.0f);
        assertThat(ValueCodec.zero(prim(PrimitiveType.DOUBLE))).isEqualTo(0.0);
        assertThat(ValueCodec.zero(prim(PrimitiveType.UINT8))).isEqualTo(0L);
        assertThat(ValueCodec.zero(new MojomKind.Enum(TestSchemas.COLOR))).isEqualTo(0);
        assertThat(ValueCodec.zero(new MojomKind.Str(true))).isNull();
    }

    /** A union whose member is a bool: written as a whole byte of the union's data, read back as such. */
    @Test
    void unionWithABoolMember_roundTrips() throws org.jmojo.bindings.ValidationException {
        UnionSchema flagOrNumber = new UnionSchema("t.FlagOrNumber", List.of(
                new UnionSchema.Field("flag", 0, prim(PrimitiveType.BOOL)),
                new UnionSchema.Field("n", 1, prim(PrimitiveType.INT32))), false, -1);
        StructSchema holder = TestSchemas.struct("t.Holder", 24,
                TestSchemas.field("u", 0, TestSchemas.union(flagOrNumber, false), 8));
        for (boolean flag : new boolean[] {true, false}) {
            Map<String, Object> value = Map.of("u", new ValueCodec.UnionValue("flag", flag));
            byte[] bytes = ValueCodec.encodeStruct(holder, value).bytes();
            Validator.validateStruct(java.lang.foreign.MemorySegment.ofArray(bytes), 0, holder);
            assertThat(bytes[16]).as("the data byte").isEqualTo((byte) (flag ? 1 : 0));
            assertThat(ValueCodec.decodeStruct(new Decoder(bytes), 0, holder, List.of(), List.of())).isEqualTo(value);
        }
    }
}

package org.jmojo.bindings.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jmojo.bindings.runtime.TestSchemas.field;
import static org.jmojo.bindings.runtime.WireBytes.putInt;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jmojo.bindings.ValidationError;
import org.jmojo.bindings.ValidationException;
import org.junit.jupiter.api.Test;

/**
 * What {@link ValidatingReader} keeps across the calls of one generated decode: the struct depth
 * (entering and leaving structs, null or not), the out-of-line union nesting, and the tags it hands
 * back for unions.
 */
class ValidatingReaderTest {

    private static final StructSchema CHAIN_PARAMS =
            TestSchemas.struct("P", 16, field("next", 0, TestSchemas.structKind(TestSchemas.RECURSIVE, false), 8));

    /** A request whose params point at {@code structs} nested Recursive structs, the last with a null link. */
    private static byte[] chain(int structs) {
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("next", null);
        for (int i = 1; i < structs; i++) {
            Map<String, Object> outer = new LinkedHashMap<>();
            outer.put("next", head);
            head = outer;
        }
        return MessageBuilder.encode(0, 0, 0, 0, CHAIN_PARAMS, Map.of("next", head)).bytes();
    }

    /** Decodes a chain the way generated code would (struct, header, next, ..., then leave each); the error or null. */
    private static ValidationError readChain(byte[] bytes) {
        MemorySegment m = MemorySegment.ofArray(bytes);
        try {
            MessageHeader h = Validator.validateHeader(m);
            ValidatingReader r = ValidatingReader.forPayload(m, h, List.of());
            long at = h.payloadOffset();
            r.structHeader(at, CHAIN_PARAMS);
            int entered = 0;
            long s = r.struct(at + 8, false, "next");
            while (s >= 0) {
                entered++;
                r.structHeader(s, TestSchemas.RECURSIVE);
                s = r.struct(s + 8, true, "next");
            }
            for (int i = 0; i < entered; i++) {
                r.leaveStruct();
            }
            return null;
        } catch (ValidationException e) {
            return e.error();
        }
    }

    @Test
    void structDepth_readerStopsWhereTheValidatorDoes() {
        InterfaceSchema iface = TestSchemas.iface(CHAIN_PARAMS);
        for (int n : new int[] {1, 199, 200, 230}) {
            byte[] bytes = chain(n);
            ValidationError validator;
            try {
                Validator.validateIncomingRequest(MemorySegment.ofArray(bytes), 0, iface);
                validator = null;
            } catch (ValidationException e) {
                validator = e.error();
            }
            assertThat(readChain(bytes)).as("%d structs", n).isEqualTo(validator)
                    .isEqualTo(n < 200 ? null : ValidationError.VALIDATION_ERROR_MAX_RECURSION_DEPTH);
        }
    }

    /**
     * Many sibling structs, every other one null, read one after another: each leaves the depth as it
     * found it, so the count never reaches the limit.
     */
    @Test
    void siblingStructs_nullOrNot_depthComesBackEachTime() {
        List<Object> points = new ArrayList<>();
        for (int i = 0; i < 3 * Validator.MAX_RECURSION_DEPTH; i++) {
            Map<String, Object> p = null;
            if (i % 2 == 0) {
                p = new LinkedHashMap<>();
                p.put("x", (long) i);
                p.put("y", (long) -i);
            }
            points.add(p);
        }
        Map<String, Object> value = everythingWithPoints(points);
        ValueCodec.Encoded encoded = MessageBuilder.encode(0, 0, 0, 0, TestSchemas.EVERYTHING, value);
        ValueCodecPropertiesTest.assertSameAnswer(encoded.bytes(), encoded.handles());
        try {
            assertThat(MessageBuilder.decode(MemorySegment.ofArray(encoded.bytes()), encoded.handles(),
                    TestSchemas.iface(TestSchemas.EVERYTHING), false).params()).isEqualTo(value);
        } catch (ValidationException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, Object> everythingWithPoints(List<Object> points) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("b", false);
        v.put("i8", 0L);
        v.put("u16", 0L);
        v.put("i32", 0L);
        v.put("i64", 0L);
        v.put("f", 0f);
        v.put("color", 0);
        v.put("d", 0.0);
        v.put("s", null);
        v.put("ints", List.of());
        v.put("bools", List.of());
        v.put("dict", null);
        v.put("point", null);
        v.put("value", null);
        v.put("h", null);
        v.put("r", null);
        v.put("points", points);
        return v;
    }

    /** {@code struct t.Unions { array<Value> values; }} */
    private static final StructSchema UNIONS = TestSchemas.struct("t.Unions", 16, field("values", 0,
            new MojomKind.Array(TestSchemas.union(TestSchemas.VALUE, false), 0, false), 8));

    /**
     * Many out-of-line unions one after another (each element's {@code inner}): each ends its nesting, so
     * the union nesting limit, which counts only unions inside unions, is never reached.
     */
    @Test
    void siblingOutOfLineUnions_nestingComesBackEachTime() throws ValidationException {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < 3 * Validator.MAX_UNION_NESTING; i++) {
            values.add(new ValueCodec.UnionValue("inner", new ValueCodec.UnionValue("big", (long) i)));
        }
        byte[] bytes = ValueCodec.encodeStruct(UNIONS, Map.of("values", values)).bytes();
        Validator.validateStruct(MemorySegment.ofArray(bytes), 0, UNIONS);
        ValidatingReader r = ValidatingReader.forStruct(bytes, List.of());
        r.structHeader(0, UNIONS);
        assertThat(r.arrayField(0, UNIONS, 0)).isPositive();
    }

    /** {@code struct t.Ext { Ext u; }} (not nullable), {@link TestSchemas#EXT} being extensible. */
    private static final StructSchema EXT_HOLDER =
            TestSchemas.struct("t.ExtHolder", 24, field("u", 0, TestSchemas.union(TestSchemas.EXT, false), 8));

    private static byte[] extHolder(int size, int tag) {
        byte[] b = new byte[24];
        putInt(b, 0, 24);
        putInt(b, 8, size);
        putInt(b, 8 + UnionLayout.TAG_OFFSET, tag);
        putInt(b, 8 + UnionLayout.DATA_OFFSET, 77);
        return b;
    }

    private static Object unionTag(byte[] b) {
        ValidatingReader r = ValidatingReader.forStruct(b, List.of());
        try {
            r.structHeader(0, EXT_HOLDER);
            return r.unionTag(0, EXT_HOLDER, 0);
        } catch (ValidationException e) {
            return e.error() + " at " + e.offset();
        }
    }

    @Test
    void unionTag_knownTag_unknownTagOfAnExtensibleUnion_nullNotNullable() throws ValidationException {
        assertThat(unionTag(extHolder(UnionLayout.SIZE, 0))).isEqualTo(0);
        assertThat(unionTag(extHolder(UnionLayout.SIZE, 7))).as("unknown, extensible")
                .isEqualTo(ValidatingReader.UNKNOWN_TAG);
        Validator.validateStruct(MemorySegment.ofArray(extHolder(UnionLayout.SIZE, 7)), 0, EXT_HOLDER);
        assertThat(unionTag(extHolder(0, 0))).as("a null union where none may be")
                .isEqualTo(ValidationError.VALIDATION_ERROR_UNEXPECTED_NULL_POINTER + " at 8");
    }

    @Test
    void unknownUnionTag_errorIsAtTheTag() {
        StructSchema holder = TestSchemas.struct("t.Holder", 24, field("u", 0, TestSchemas.union(TestSchemas.INNER, false), 8));
        byte[] b = extHolder(UnionLayout.SIZE, 5);
        ValidationException e = org.assertj.core.api.Assertions.catchThrowableOfType(ValidationException.class,
                () -> Validator.validateStruct(MemorySegment.ofArray(b), 0, holder));
        assertThat(e.error()).isEqualTo(ValidationError.VALIDATION_ERROR_UNKNOWN_UNION_TAG);
        assertThat(e.offset()).isEqualTo(8 + UnionLayout.TAG_OFFSET);
    }
}

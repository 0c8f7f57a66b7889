package org.jmojo.bindings.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jmojo.bindings.runtime.TestSchemas.field;
import static org.jmojo.bindings.runtime.TestSchemas.prim;
import static org.jmojo.bindings.runtime.WireBytes.getInt;
import static org.jmojo.bindings.runtime.WireBytes.getLong;
import static org.jmojo.bindings.runtime.WireBytes.putInt;
import static org.jmojo.bindings.runtime.WireBytes.putLong;
import static org.jmojo.bindings.runtime.WireBytes.target;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jmojo.bindings.ValidationError;
import org.jmojo.bindings.ValidationException;
import org.jmojo.bindings.runtime.MojomKind.HandleType;
import org.jmojo.bindings.runtime.MojomKind.PrimitiveType;
import org.jmojo.system.Core;
import org.jmojo.system.Handle;
import org.jmojo.system.MessagePipe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Arrays whose elements are checked one by one but are neither strings nor structs (enums, handles,
 * arrays, inline unions): the {@link Validator} and {@link ValidatingReader#arrayField} check every
 * element, at its own offset, and agree on the error of a bad one wherever it is.
 */
class ArrayElementsTest {

    /**
     * {@code struct t.Arrays { array<Color> colors; array<handle?> handles; array<array<int32>> nested;
     * array<Value> unions; }}
     */
    private static final StructSchema ARRAYS = TestSchemas.struct("t.Arrays", 40,
            field("colors", 0, new MojomKind.Array(new MojomKind.Enum(TestSchemas.COLOR), 0, false), 8),
            field("handles", 1, new MojomKind.Array(new MojomKind.Handle(HandleType.GENERIC, true), 0, false), 16),
            field("nested", 2, new MojomKind.Array(new MojomKind.Array(prim(PrimitiveType.INT32), 0, false), 0, false),
                    24),
            field("unions", 3, new MojomKind.Array(TestSchemas.union(TestSchemas.VALUE, false), 0, false), 32));

    private static final List<MessagePipe> PIPES = new ArrayList<>();
    /** Handles standing for the attached ones, by index. */
    private static final List<Handle> HANDLES = handles(3);

    private static List<Handle> handles(int n) {
        List<Handle> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            MessagePipe p = Core.instance().createMessagePipe();
            PIPES.add(p);
            out.add(p.end0());
        }
        return out;
    }

    @AfterAll
    static void closePipes() {
        for (MessagePipe p : PIPES) {
            p.end0().close();
            p.end1().close();
        }
    }

    private static ValueCodec.Encoded valid() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("colors", List.of(0, 5, -3, 5));
        v.put("handles", Arrays.asList("h0", null, "h1", "h2"));
        v.put("nested", List.of(List.of(1L), List.of(2L, 3L), List.of()));
        v.put("unions", List.of(new ValueCodec.UnionValue("num", 1L), new ValueCodec.UnionValue("text", "t"),
                new ValueCodec.UnionValue("num", 3L)));
        return ValueCodec.encodeStruct(ARRAYS, v);
    }

    /** The first error of the validator, or null if it accepts. */
    private static ValidationError validatorSays(byte[] bytes, int handles) {
        try {
            Validator.validateStruct(MemorySegment.ofArray(bytes), handles, ARRAYS);
            return null;
        } catch (ValidationException e) {
            return e.error();
        }
    }

    /** The first error of the reader checking each array field in order, or null if it accepts. */
    private static ValidationError readerSays(byte[] bytes, int handles) {
        ValidatingReader r = ValidatingReader.forStruct(bytes, HANDLES.subList(0, handles));
        try {
            r.structHeader(0, ARRAYS);
            for (int i = 0; i < 4; i++) {
                assertThat(r.arrayField(0, ARRAYS, i)).as("array %d is there", i).isPositive();
            }
            return null;
        } catch (ValidationException e) {
            return e.error();
        }
    }

    private static void assertBoth(byte[] bytes, int handles, ValidationError expected) {
        assertThat(validatorSays(bytes, handles)).as("the validator").isEqualTo(expected);
        assertThat(readerSays(bytes, handles)).as("the reader").isEqualTo(expected);
    }

    @Test
    void valid_acceptedByBoth() {
        ValueCodec.Encoded e = valid();
        assertBoth(e.bytes(), e.handles().size(), null);
    }

    @Test
    void enumElement_unknownValue_atEachIndex_unknownEnumValue() {
        for (int i = 0; i < 4; i++) {
            ValueCodec.Encoded e = valid();
            byte[] b = e.bytes();
            putInt(b, element(b, 8, i, 4), 4);
            assertBoth(b, e.handles().size(), ValidationError.VALIDATION_ERROR_UNKNOWN_ENUM_VALUE);
        }
    }

    @Test
    void handleElement_outOfOrderOrPastTheCount_illegalHandle() {
        ValueCodec.Encoded e = valid();
        byte[] b = e.bytes();
        putInt(b, element(b, 16, 3, 4), 1); // index 1 again after 1
        assertBoth(b, e.handles().size(), ValidationError.VALIDATION_ERROR_ILLEGAL_HANDLE);

        b = valid().bytes();
        putInt(b, element(b, 16, 2, 4), 3); // three handles attached: 3 is past them
        assertBoth(b, 3, ValidationError.VALIDATION_ERROR_ILLEGAL_HANDLE);
    }

    @Test
    void nestedArrayElement_shortOfItsCount_atEachIndex_unexpectedArrayHeader() {
        for (int i = 0; i < 3; i++) {
            ValueCodec.Encoded e = valid();
            byte[] b = e.bytes();
            int inner = target(b, element(b, 24, i, 8));
            putInt(b, inner + DataHeader.NUM_ELEMENTS_OFFSET, getInt(b, inner + DataHeader.NUM_ELEMENTS_OFFSET) + 5);
            assertBoth(b, e.handles().size(), ValidationError.VALIDATION_ERROR_UNEXPECTED_ARRAY_HEADER);
        }
    }

    @Test
    void nestedArrayElement_null_unexpectedNullPointer() {
        ValueCodec.Encoded e = valid();
        byte[] b = e.bytes();
        putLong(b, element(b, 24, 2, 8), 0);
        assertBoth(b, e.handles().size(), ValidationError.VALIDATION_ERROR_UNEXPECTED_NULL_POINTER);
    }

    @Test
    void unionElement_unknownTagOrNull_atEachIndex() {
        for (int i = 0; i < 3; i++) {
            ValueCodec.Encoded e = valid();
            byte[] b = e.bytes();
            putInt(b, element(b, 32, i, 16) + UnionLayout.TAG_OFFSET, 9);
            assertBoth(b, e.handles().size(), ValidationError.VALIDATION_ERROR_UNKNOWN_UNION_TAG);

            b = valid().bytes();
            putLong(b, element(b, 32, i, 16), 0); // size 0: a null union, and the elements are not nullable
            assertBoth(b, e.handles().size(), ValidationError.VALIDATION_ERROR_UNEXPECTED_NULL_POINTER);
        }
    }

    @Test
    void handle_readerThatOnlyValidates_illegalState_invalidIndexStillNull() throws ValidationException {
        byte[] b = new byte[16];
        putInt(b, 0, 16);
        putInt(b, 8, 0);
        putInt(b, 12, -1);
        ValidatingReader r = ValidatingReader.forStruct(MemorySegment.ofArray(b), 1);
        assertThat(r.handle(12, Handle.class, "handle?")).isNull();
        assertThatThrownBy(() -> r.handle(8, Handle.class, "handle"))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no handles");
    }

    /** A slot whose attached handle is not of the type the Mojom type needs: refused, naming what it is. */
    @Test
    void handle_ofAnotherType_orNull_deserializationFailed() {
        byte[] b = new byte[16];
        putInt(b, 0, 16);
        putInt(b, 8, 0);
        putInt(b, 12, 1);
        java.util.List<Handle> attached = java.util.Arrays.asList(HANDLES.get(0), null);
        ValidatingReader r = ValidatingReader.forStruct(b, attached);
        ValidationException e = org.assertj.core.api.Assertions.catchThrowableOfType(ValidationException.class,
                () -> r.handle(8, org.jmojo.system.PlatformHandle.class, "handle<platform>"));
        assertThat(e.error()).isEqualTo(ValidationError.VALIDATION_ERROR_DESERIALIZATION_FAILED);
        assertThat(e.getMessage()).contains("a handle<platform> needs a PlatformHandle", "attached handle 0 is a ");
        ValidationException none = org.assertj.core.api.Assertions.catchThrowableOfType(ValidationException.class,
                () -> r.handle(12, org.jmojo.system.PlatformHandle.class, "handle<platform>"));
        assertThat(none.getMessage()).contains("attached handle 1 is null");
    }

    /** The offset of element {@code i} (of {@code size} bytes) of the array whose pointer is at {@code slot}. */
    private static int element(byte[] b, int slot, int i, int size) {
        return target(b, slot) + DataHeader.SIZE + i * size;
    }

    /**
     * A schema made in the test (validation plans are cached on the schema, so a static one's plan may
     * come from an earlier test): an array of int32 may hold (2^32 - 1 - 8) / 4 elements, one more is
     * refused for its count, not its size.
     */
    @Test
    void freshSchema_int32ArrayAtItsMostElements_andOneMore() {
        StructSchema s = TestSchemas.struct("t.Ints", 16,
                field("ints", 0, new MojomKind.Array(prim(PrimitiveType.INT32), 0, false), 8));
        long most = (0xFFFF_FFFFL - 8) / 4;
        for (long count : new long[] {most, most + 1}) {
            byte[] b = new byte[24];
            putInt(b, 0, 16);
            putLong(b, 8, 8);
            putInt(b, 16, 8);
            putInt(b, 16 + DataHeader.NUM_ELEMENTS_OFFSET, (int) count);
            ValidationException e = org.assertj.core.api.Assertions.catchThrowableOfType(ValidationException.class,
                    () -> Validator.validateStruct(MemorySegment.ofArray(b), 0, s));
            assertThat(e.error()).isEqualTo(ValidationError.VALIDATION_ERROR_UNEXPECTED_ARRAY_HEADER);
            assertThat(e.getMessage()).contains(count == most ? "num_bytes must be at least" : "holds at most");
        }
    }
}

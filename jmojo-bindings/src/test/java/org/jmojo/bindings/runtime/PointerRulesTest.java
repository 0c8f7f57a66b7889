package org.jmojo.bindings.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.jmojo.bindings.runtime.TestSchemas.field;
import static org.jmojo.bindings.runtime.TestSchemas.prim;
import static org.jmojo.bindings.runtime.WireBytes.getInt;
import static org.jmojo.bindings.runtime.WireBytes.getLong;
import static org.jmojo.bindings.runtime.WireBytes.putInt;
import static org.jmojo.bindings.runtime.WireBytes.putLong;
import static org.jmojo.bindings.runtime.WireBytes.target;

import java.lang.foreign.MemorySegment;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jmojo.bindings.ValidationError;
import org.jmojo.bindings.ValidationException;
import org.jmojo.bindings.runtime.MojomKind.PrimitiveType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule of docs/wire-format.md §12 that a pointer and the object it points to must keep, broken
 * in turn on each kind of out-of-line object of {@link TestSchemas#EVERYTHING} (strings in a field,
 * a map key and a union member; structs in a field, an array element and a union member; an inline
 * and an out-of-line union; a map and its arrays): the {@link Validator} rejects the message with
 * that rule's error, and a generated-style validating decoder ({@link EverythingDecoder}, through
 * {@link ValidatingReader}) gives the same error and description, on a heap message (whose strings
 * the reader checks inline) and on a native one.
 *
 * <p>{@link ValueCodecPropertiesTest} breaks rules at random places of random values; here each rule
 * meets each kind of object at least once, including the exact boundaries (a string header that
 * starts at the end of the message, a byte size one short of the elements).
 */
class PointerRulesTest {

    private static final InterfaceSchema IFACE = TestSchemas.iface(TestSchemas.EVERYTHING);
    /** Where the parameter struct starts: right after the v0 header. */
    private static final int PARAMS = MessageHeader.V0_SIZE;
    private static final int S = PARAMS + 40;
    private static final int DICT = PARAMS + 64;
    private static final int POINT = PARAMS + 72;
    private static final int VALUE = PARAMS + 80;
    private static final int VALUE_DATA = VALUE + UnionLayout.DATA_OFFSET;
    private static final int POINTS = PARAMS + 112;

    /** A value of EVERYTHING with every pointer set, its union holding {@code union}. */
    private static Map<String, Object> everything(ValueCodec.UnionValue union) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("b", true);
        v.put("i8", -3L);
        v.put("u16", 40_000L);
        v.put("i32", 7L);
        v.put("i64", -9L);
        v.put("f", 1.5f);
        v.put("color", 5);
        v.put("d", 2.25);
        v.put("s", "hello, world");
        v.put("ints", List.of(1L, 2L, 3L));
        v.put("bools", List.of(true, false, true));
        v.put("dict", List.<Object>of(new AbstractMap.SimpleImmutableEntry<Object, Object>("one", 1L),
                new AbstractMap.SimpleImmutableEntry<Object, Object>("two", 2L)));
        v.put("point", point(1, 2));
        v.put("value", union);
        v.put("h", "h");
        v.put("r", new ValueCodec.RemoteValue("remote", 3));
        List<Object> points = new ArrayList<>();
        points.add(point(3, 4));
        points.add(point(5, 6));
        v.put("points", points);
        return v;
    }

    private static Map<String, Object> point(long x, long y) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("x", x);
        p.put("y", y);
        return p;
    }

    private static final ValueCodec.UnionValue TEXT = new ValueCodec.UnionValue("text", "in a union");
    private static final ValueCodec.UnionValue INNER =
            new ValueCodec.UnionValue("inner", new ValueCodec.UnionValue("name", "inner name"));
    private static final ValueCodec.UnionValue STRUCT = new ValueCodec.UnionValue("p", point(7, 8));

    /** Finds a pointer slot in a valid message. */
    private interface Slot {
        int at(byte[] m);
    }

    private static final Slot S_FIELD = m -> S;
    private static final Slot UNION_DATA = m -> VALUE_DATA;
    private static final Slot POINT_FIELD = m -> POINT;
    private static final Slot DICT_FIELD = m -> DICT;
    private static final Slot FIRST_KEY = m -> target(m, target(m, DICT) + DataHeader.MAP_KEYS_OFFSET) + DataHeader.SIZE;
    private static final Slot FIRST_POINT = m -> target(m, POINTS) + DataHeader.SIZE;

    /**
     * One rule broken: how, the error it must give and, where not null, what its message must name
     * (the object or slot at fault).
     */
    private record Rule(String name, ValueCodec.UnionValue union, Consumer<byte[]> corrupt, ValidationError error,
            String names) {
        Rule(String name, ValueCodec.UnionValue union, Consumer<byte[]> corrupt, ValidationError error) {
            this(name, union, corrupt, error, null);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The rules of any pointer and of the header every object starts with, broken at {@code slot}. */
    private static Stream<Rule> pointerRules(String what, ValueCodec.UnionValue union, Slot slot) {
        return Stream.of(
                new Rule(what + ": target misaligned by 4", union,
                        m -> putLong(m, slot.at(m), getLong(m, slot.at(m)) + 4),
                        ValidationError.VALIDATION_ERROR_MISALIGNED_OBJECT),
                new Rule(what + ": target misaligned by 1", union,
                        m -> putLong(m, slot.at(m), getLong(m, slot.at(m)) + 1),
                        ValidationError.VALIDATION_ERROR_MISALIGNED_OBJECT),
                new Rule(what + ": pointer of 2^32", union,
                        m -> putLong(m, slot.at(m), getLong(m, slot.at(m)) + (1L << 32)),
                        ValidationError.VALIDATION_ERROR_ILLEGAL_POINTER),
                new Rule(what + ": negative pointer", union, m -> putLong(m, slot.at(m), -8),
                        ValidationError.VALIDATION_ERROR_ILLEGAL_POINTER),
                // The largest legal pointer (2^32 - 1) is odd: its target is misaligned, not the pointer illegal.
                new Rule(what + ": pointer of 2^32 - 1", union, m -> putLong(m, slot.at(m), 0xFFFF_FFFFL),
                        ValidationError.VALIDATION_ERROR_MISALIGNED_OBJECT),
                new Rule(what + ": pointer of 2^32 - 8", union, m -> putLong(m, slot.at(m), 0xFFFF_FFF8L),
                        ValidationError.VALIDATION_ERROR_ILLEGAL_MEMORY_RANGE),
                new Rule(what + ": target at the end of the message", union,
                        m -> putLong(m, slot.at(m), m.length - slot.at(m)),
                        ValidationError.VALIDATION_ERROR_ILLEGAL_MEMORY_RANGE),
                new Rule(what + ": target far past the end", union,
                        m -> putLong(m, slot.at(m), m.length - slot.at(m) + 4096),
                        ValidationError.VALIDATION_ERROR_ILLEGAL_MEMORY_RANGE),
                new Rule(what + ": target in memory already claimed", union,
                        m -> putLong(m, slot.at(m), 8),
                        ValidationError.VALIDATION_ERROR_ILLEGAL_MEMORY_RANGE),
                new Rule(what + ": num_bytes past the end", union,
                        m -> putInt(m, target(m, slot.at(m)), m.length - target(m, slot.at(m)) + 8),
                        ValidationError.VALIDATION_ERROR_ILLEGAL_MEMORY_RANGE));
    }

    /** The rules of a string (an array of bytes), broken at {@code slot}. */
    private static Stream<Rule> stringRules(String what, ValueCodec.UnionValue union, Slot slot) {
        return Stream.concat(pointerRules(what, union, slot), Stream.of(
                new Rule(what + ": num_bytes one short of its bytes", union,
                        m -> {
                            int t = target(m, slot.at(m));
                            putInt(m, t + DataHeader.NUM_ELEMENTS_OFFSET, getInt(m, t) - DataHeader.SIZE + 1);
                        },
                        ValidationError.VALIDATION_ERROR_UNEXPECTED_ARRAY_HEADER),
                new Rule(what + ": num_bytes smaller than the header", union,
                        m -> {
                            int t = target(m, slot.at(m));
                            putInt(m, t, 4);
                            putInt(m, t + DataHeader.NUM_ELEMENTS_OFFSET, 0);
                        },
                        ValidationError.VALIDATION_ERROR_UNEXPECTED_ARRAY_HEADER),
                new Rule(what + ": 2^32 - 1 bytes", union,
                        m -> putInt(m, target(m, slot.at(m)) + DataHeader.NUM_ELEMENTS_OFFSET, -1),
                        ValidationError.VALIDATION_ERROR_UNEXPECTED_ARRAY_HEADER),
                new Rule(what + ": header in the last 8 bytes, its bytes past the end", union,
                        m -> {
                            int t = m.length - DataHeader.SIZE;
                            putLong(m, slot.at(m), t - slot.at(m));
                            putInt(m, t, DataHeader.SIZE + 4);
                            putInt(m, t + DataHeader.NUM_ELEMENTS_OFFSET, 4);
                        },
                        ValidationError.VALIDATION_ERROR_ILLEGAL_MEMORY_RANGE)));
    }

    /** The rules of a struct of {@code Point} (one version, 16 bytes), broken at {@code slot}. */
    private static Stream<Rule> structRules(String what, ValueCodec.UnionValue union, Slot slot) {
        return Stream.concat(pointerRules(what, union, slot), Stream.of(
                new Rule(what + ": num_bytes smaller than the header", union,
                        m -> putInt(m, target(m, slot.at(m)), 4),
                        ValidationError.VALIDATION_ERROR_UNEXPECTED_STRUCT_HEADER),
                new Rule(what + ": num_bytes not its version's size", union,
                        m -> putInt(m, target(m, slot.at(m)), 8),
                        ValidationError.VALIDATION_ERROR_UNEXPECTED_STRUCT_HEADER)));
    }

    static Stream<Rule> rules() {
        Stream<Rule> strings = Stream.of(stringRules("string field", TEXT, S_FIELD),
                stringRules("map key", TEXT, FIRST_KEY), stringRules("union string", TEXT, UNION_DATA)).flatMap(r -> r);
        Stream<Rule> structs = Stream.of(structRules("struct field", TEXT, POINT_FIELD),
                structRules("array element struct", TEXT, FIRST_POINT),
                structRules("union struct", STRUCT, UNION_DATA)).flatMap(r -> r);
        Stream<Rule> pointers = Stream.of(pointerRules("out-of-line union", INNER, UNION_DATA),
                pointerRules("map field", TEXT, DICT_FIELD)).flatMap(r -> r);
        Stream<Rule> others = Stream.of(
                new Rule("non-nullable map key null", TEXT, m -> putLong(m, FIRST_KEY.at(m), 0),
                        ValidationError.VALIDATION_ERROR_UNEXPECTED_NULL_POINTER, "array element 0"),
                new Rule("non-nullable second map key null", TEXT, m -> putLong(m, FIRST_KEY.at(m) + 8, 0),
                        ValidationError.VALIDATION_ERROR_UNEXPECTED_NULL_POINTER, "array element 1"),
                new Rule("non-nullable union string null", TEXT, m -> putLong(m, VALUE_DATA, 0),
                        ValidationError.VALIDATION_ERROR_UNEXPECTED_NULL_POINTER, "t.Value.text"),
                new Rule("non-nullable union struct null", STRUCT, m -> putLong(m, VALUE_DATA, 0),
                        ValidationError.VALIDATION_ERROR_UNEXPECTED_NULL_POINTER, "t.Value.p"),
                new Rule("non-nullable out-of-line union null", INNER, m -> putLong(m, VALUE_DATA, 0),
                        ValidationError.VALIDATION_ERROR_UNEXPECTED_NULL_POINTER, "t.Value.inner"),
                new Rule("struct field: misaligned, named", TEXT, m -> putLong(m, POINT, getLong(m, POINT) + 4),
                        ValidationError.VALIDATION_ERROR_MISALIGNED_OBJECT, "struct t.Point"),
                new Rule("struct field: past the end, named", TEXT, m -> putInt(m, target(m, POINT), 4096),
                        ValidationError.VALIDATION_ERROR_ILLEGAL_MEMORY_RANGE, "struct t.Point"),
                new Rule("out-of-line union: misaligned, named", INNER,
                        m -> putLong(m, VALUE_DATA, getLong(m, VALUE_DATA) + 4),
                        ValidationError.VALIDATION_ERROR_MISALIGNED_OBJECT, "union t.Inner"),
                new Rule("map: header past the end, named", TEXT, m -> putInt(m, target(m, DICT), 4096),
                        ValidationError.VALIDATION_ERROR_ILLEGAL_MEMORY_RANGE, "map"),
                // A misaligned target that holds a well-formed header, and a claimed one that does: the
                // inline check of a heap string must not take either for a string.
                new Rule("string field: misaligned onto a well-formed header", TEXT, m -> {
                    int t = target(m, S) + 4;
                    putLong(m, S, t - S);
                    putInt(m, t, DataHeader.SIZE);
                    putInt(m, t + DataHeader.NUM_ELEMENTS_OFFSET, 0);
                }, ValidationError.VALIDATION_ERROR_MISALIGNED_OBJECT),
                new Rule("union string: aimed back at the string field, already claimed", TEXT,
                        m -> putLong(m, VALUE_DATA, target(m, S) - VALUE_DATA),
                        ValidationError.VALIDATION_ERROR_ILLEGAL_MEMORY_RANGE),
                new Rule("inline union: size 8", TEXT, m -> putInt(m, VALUE, 8),
                        ValidationError.VALIDATION_ERROR_ILLEGAL_MEMORY_RANGE),
                new Rule("inline union: size 24", TEXT, m -> putInt(m, VALUE, 24),
                        ValidationError.VALIDATION_ERROR_ILLEGAL_MEMORY_RANGE),
                new Rule("inline union: unknown tag", TEXT, m -> putInt(m, VALUE + UnionLayout.TAG_OFFSET, 6),
                        ValidationError.VALIDATION_ERROR_UNKNOWN_UNION_TAG),
                new Rule("out-of-line union: size 8", INNER, m -> putInt(m, target(m, VALUE_DATA), 8),
                        ValidationError.VALIDATION_ERROR_ILLEGAL_MEMORY_RANGE),
                new Rule("out-of-line union: unknown tag", INNER,
                        m -> putInt(m, target(m, VALUE_DATA) + UnionLayout.TAG_OFFSET, 2),
                        ValidationError.VALIDATION_ERROR_UNKNOWN_UNION_TAG),
                new Rule("map: header of 16 bytes", TEXT, m -> putInt(m, target(m, DICT), 16),
                        ValidationError.VALIDATION_ERROR_UNEXPECTED_STRUCT_HEADER),
                new Rule("map: header of version 1", TEXT,
                        m -> putInt(m, target(m, DICT) + DataHeader.VERSION_OFFSET, 1),
                        ValidationError.VALIDATION_ERROR_UNEXPECTED_STRUCT_HEADER),
                new Rule("map: keys null", TEXT, m -> putLong(m, target(m, DICT) + DataHeader.MAP_KEYS_OFFSET, 0),
                        ValidationError.VALIDATION_ERROR_UNEXPECTED_NULL_POINTER),
                new Rule("map: values null", TEXT,
                        m -> putLong(m, target(m, DICT) + DataHeader.MAP_VALUES_OFFSET, 0),
                        ValidationError.VALIDATION_ERROR_UNEXPECTED_NULL_POINTER),
                new Rule("map: keys misaligned", TEXT, m -> {
                    int slot = target(m, DICT) + DataHeader.MAP_KEYS_OFFSET;
                    putLong(m, slot, getLong(m, slot) + 4);
                }, ValidationError.VALIDATION_ERROR_MISALIGNED_OBJECT),
                new Rule("map: one value fewer than keys", TEXT, m -> {
                    int values = target(m, target(m, DICT) + DataHeader.MAP_VALUES_OFFSET);
                    putInt(m, values + DataHeader.NUM_ELEMENTS_OFFSET, 1);
                }, ValidationError.VALIDATION_ERROR_DIFFERENT_SIZED_ARRAYS_IN_MAP),
                new Rule("array of structs: one element more than its bytes hold", TEXT, m -> {
                    int array = target(m, POINTS);
                    putInt(m, array + DataHeader.NUM_ELEMENTS_OFFSET, 3);
                }, ValidationError.VALIDATION_ERROR_UNEXPECTED_ARRAY_HEADER),
                // At the most elements an array may hold, the count is allowed and the byte size is at fault.
                new Rule("array of int32: the most elements it may hold, bytes for none", TEXT, m -> {
                    int array = target(m, PARAMS + 48);
                    putInt(m, array + DataHeader.NUM_ELEMENTS_OFFSET, (int) ((0xFFFF_FFFFL - 8) / 4));
                }, ValidationError.VALIDATION_ERROR_UNEXPECTED_ARRAY_HEADER, "num_bytes must be at least"),
                new Rule("array of int32: one element more than it may hold", TEXT, m -> {
                    int array = target(m, PARAMS + 48);
                    putInt(m, array + DataHeader.NUM_ELEMENTS_OFFSET, (int) ((0xFFFF_FFFFL - 8) / 4 + 1));
                }, ValidationError.VALIDATION_ERROR_UNEXPECTED_ARRAY_HEADER, "holds at most"),
                new Rule("array of bools: the most elements it may hold, bytes for none", TEXT, m -> {
                    int array = target(m, PARAMS + 56);
                    putInt(m, array + DataHeader.NUM_ELEMENTS_OFFSET, (int) (0xFFFF_FFFFL - 7));
                }, ValidationError.VALIDATION_ERROR_UNEXPECTED_ARRAY_HEADER, "num_bytes must be at least"),
                new Rule("array of bools: one element more than it may hold", TEXT, m -> {
                    int array = target(m, PARAMS + 56);
                    putInt(m, array + DataHeader.NUM_ELEMENTS_OFFSET, (int) (0xFFFF_FFFFL - 6));
                }, ValidationError.VALIDATION_ERROR_UNEXPECTED_ARRAY_HEADER, "holds at most"),
                new Rule("struct field: num_bytes under the header, its version named", TEXT, m -> {
                    int t = target(m, POINT);
                    putInt(m, t, 4);
                    putInt(m, t + DataHeader.VERSION_OFFSET, 7);
                }, ValidationError.VALIDATION_ERROR_UNEXPECTED_STRUCT_HEADER, "(num_bytes 4, version 7)"),
                new Rule("array of bools: 9 bits in 1 byte", TEXT, m -> {
                    int array = target(m, PARAMS + 56);
                    putInt(m, array, DataHeader.SIZE + 1);
                    putInt(m, array + DataHeader.NUM_ELEMENTS_OFFSET, 9);
                }, ValidationError.VALIDATION_ERROR_UNEXPECTED_ARRAY_HEADER));
        return Stream.of(strings, structs, pointers, others).flatMap(r -> r);
    }

    static Stream<Arguments> brokenRules() {
        return rules().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRules")
    void brokenRule_validatorAndReaderGiveThatRulesError(Rule rule) {
        ValueCodec.Encoded encoded = MessageBuilder.encode(0, 0, 0, 0, TestSchemas.EVERYTHING, everything(rule.union()));
        byte[] bytes = encoded.bytes().clone();
        rule.corrupt().accept(bytes);

        ValidationException e = catchThrowableOfType(ValidationException.class,
                () -> Validator.validateIncomingRequest(MemorySegment.ofArray(bytes), encoded.handles().size(), IFACE));
        assertThat(e).as("the validator's verdict").isNotNull();
        assertThat(e.error()).isEqualTo(rule.error());
        if (rule.names() != null) {
            assertThat(e.getMessage()).contains(rule.names());
        }
        ValueCodecPropertiesTest.assertSameAnswer(bytes, encoded.handles());
    }

    static Stream<Arguments> unionValues() {
        return Stream.of(TEXT, INNER, STRUCT, new ValueCodec.UnionValue("maybe", null),
                new ValueCodec.UnionValue("maybe", new ValueCodec.UnionValue("big", 5L)),
                new ValueCodec.UnionValue("num", 4L)).map(Arguments::of);
    }

    /** The untouched messages the rules start from are valid, and both paths decode them alike. */
    @ParameterizedTest
    @MethodSource("unionValues")
    void untouched_validAndDecodedAlike(ValueCodec.UnionValue union) throws ValidationException {
        Map<String, Object> value = everything(union);
        ValueCodec.Encoded encoded = MessageBuilder.encode(0, 0, 0, 0, TestSchemas.EVERYTHING, value);

        assertThat(MessageBuilder.decode(MemorySegment.ofArray(encoded.bytes()), encoded.handles(), IFACE, false)
                .params()).isEqualTo(value);
        ValueCodecPropertiesTest.assertSameAnswer(encoded.bytes(), encoded.handles());
    }

    /**
     * A message that starts 8 bytes into a larger heap array (a slice): the reader, which reads heap
     * messages straight from the array, reads at the slice's offset, valid or not.
     */
    @Test
    void messageInASliceOfALargerArray_readAtItsOffset() throws ValidationException {
        Map<String, Object> value = everything(TEXT);
        ValueCodec.Encoded encoded = MessageBuilder.encode(0, 0, 0, 0, TestSchemas.EVERYTHING, value);
        byte[] bigger = new byte[encoded.bytes().length + 16];
        java.util.Arrays.fill(bigger, (byte) 0x5A);
        System.arraycopy(encoded.bytes(), 0, bigger, 8, encoded.bytes().length);
        MemorySegment slice = MemorySegment.ofArray(bigger).asSlice(8, encoded.bytes().length);
        assertThat(MessageBuilder.decode(slice, encoded.handles(), IFACE, false).params()).isEqualTo(value);
        ValueCodecPropertiesTest.assertSameAnswer(slice, encoded.handles());

        putLong(bigger, 8 + S, getLong(bigger, 8 + S) + 4);
        ValueCodecPropertiesTest.assertSameAnswer(slice, encoded.handles());
    }

    /** {@code struct One { string s; }} */
    private static final StructSchema ONE_STRING = TestSchemas.struct("t.One", 16, field("s", 0, new MojomKind.Str(false), 8));

    /** A bare {@code One} whose string's bytes end exactly at the end of the bytes, which are {@code cut} short. */
    private static byte[] oneString(String text, int cut) {
        byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] b = new byte[16 + DataHeader.SIZE + utf8.length];
        putInt(b, 0, 16);
        putLong(b, 8, 8);
        putInt(b, 16, DataHeader.SIZE + utf8.length);
        putInt(b, 16 + DataHeader.NUM_ELEMENTS_OFFSET, utf8.length);
        System.arraycopy(utf8, 0, b, 16 + DataHeader.SIZE, utf8.length);
        return java.util.Arrays.copyOf(b, b.length - cut);
    }

    /** What the reader says of the string of a bare {@code One}: the text, or the error's name. */
    private static Object readOne(ValidatingReader r) {
        try {
            r.structHeader(0, ONE_STRING);
            return r.string(8, false, "s");
        } catch (ValidationException e) {
            return e.error();
        }
    }

    /**
     * A string whose bytes end exactly at the end of the message (no padding after them) is read whole,
     * on a heap array (the reader's inline check) and a native segment; one byte less and its bytes
     * leave the message.
     */
    @Test
    void string_endingAtTheMessagesEnd_accepted_oneByteShort_illegalMemoryRange() throws ValidationException {
        String text = "ends at the end: \u00e9";
        byte[] whole = oneString(text, 0);
        assertThat(whole.length % 8).as("no padding after the string").isNotZero();
        Validator.validateStruct(MemorySegment.ofArray(whole), 0, ONE_STRING);
        assertThat(readOne(ValidatingReader.forStruct(whole, List.of()))).isEqualTo(text);
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment copy = arena.allocate(whole.length, 8);
            copy.copyFrom(MemorySegment.ofArray(whole));
            assertThat(readOne(ValidatingReader.forStruct(copy, List.of()))).isEqualTo(text);
        }

        byte[] cut = oneString(text, 1);
        ValidationException e = catchThrowableOfType(ValidationException.class,
                () -> Validator.validateStruct(MemorySegment.ofArray(cut), 0, ONE_STRING));
        assertThat(e.error()).isEqualTo(ValidationError.VALIDATION_ERROR_ILLEGAL_MEMORY_RANGE);
        assertThat(readOne(ValidatingReader.forStruct(cut, List.of()))).isEqualTo(e.error());
        assertThat(readOne(ValidatingReader.forStruct(MemorySegment.ofArray(cut), List.of()))).isEqualTo(e.error());
    }

    /** {@code union First { string s; int32 n; }}: its tag-0 member is a pointer. */
    private static final UnionSchema FIRST = new UnionSchema("t.First", List.of(
            new UnionSchema.Field("s", 0, new MojomKind.Str(false)),
            new UnionSchema.Field("n", 1, prim(PrimitiveType.INT32))), false, -1);

    @Test
    void union_memberOfTagZero_checkedLikeAnyOther() {
        StructSchema holder = TestSchemas.struct("t.Holder", 24, field("u", 0, TestSchemas.union(FIRST, false), 8));
        byte[] b = new byte[24];
        putInt(b, 0, 24);
        putInt(b, 8, UnionLayout.SIZE);
        putInt(b, 8 + UnionLayout.TAG_OFFSET, 0);
        // s null, though not nullable
        ValidationException e = catchThrowableOfType(ValidationException.class,
                () -> Validator.validateStruct(MemorySegment.ofArray(b), 0, holder));
        assertThat(e).isNotNull();
        assertThat(e.error()).isEqualTo(ValidationError.VALIDATION_ERROR_UNEXPECTED_NULL_POINTER);
        assertThat(e.getMessage()).contains("t.First.s");
    }

    // ---- versions -------------------------------------------------------------------------------

    /** {@code struct V { int32 a; [MinVersion=1] string b; }}: versions (0, 16 bytes) and (1, 24 bytes). */
    private static final StructSchema VERSIONED = new StructSchema("t.V",
            List.of(field("a", 0, prim(PrimitiveType.INT32), 8),
                    new FieldSchema("b", 1, new MojomKind.Str(false), 16, 0, 1)),
            List.of(new StructSchema.VersionSize(0, 16), new StructSchema.VersionSize(1, 24)));

    private static byte[] versioned(int numBytes, int version) {
        byte[] b = new byte[numBytes];
        putInt(b, 0, numBytes);
        putInt(b, DataHeader.VERSION_OFFSET, version);
        putInt(b, 8, 42);
        return b;
    }

    @Test
    void structHeader_returnsTheVersionTheHeaderGives() throws ValidationException {
        assertThat(ValidatingReader.forStruct(versioned(16, 0), List.of()).structHeader(0, VERSIONED)).isZero();
        byte[] v1 = versioned(24, 1);
        assertThat(ValidatingReader.forStruct(v1, List.of()).structHeader(0, VERSIONED)).isEqualTo(1);
        assertThat(ValidatingReader.forStruct(MemorySegment.ofArray(v1), List.of()).structHeader(0, VERSIONED))
                .isEqualTo(1);
    }

    @Test
    void validateStruct_fieldOfTheHeadersVersionChecked_olderVersionSkipsIt() {
        // Version 1: b is there and must not be null.
        ValidationException e = catchThrowableOfType(ValidationException.class,
                () -> Validator.validateStruct(MemorySegment.ofArray(versioned(24, 1)), 0, VERSIONED));
        assertThat(e).isNotNull();
        assertThat(e.error()).isEqualTo(ValidationError.VALIDATION_ERROR_UNEXPECTED_NULL_POINTER);
        assertThat(e.offset()).isEqualTo(16);
        // Version 0: b is not part of the struct.
        assertThat(catchThrowableOfType(ValidationException.class,
                () -> Validator.validateStruct(MemorySegment.ofArray(versioned(16, 0)), 0, VERSIONED))).isNull();
    }
}

package org.jmojo.bindings.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.jmojo.bindings.runtime.TestSchemas.field;
import static org.jmojo.bindings.runtime.TestSchemas.prim;
import static org.jmojo.bindings.runtime.TestSchemas.struct;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jmojo.bindings.ValidationError;
import org.jmojo.bindings.ValidationException;
import org.jmojo.bindings.runtime.MojomKind.EndpointType;
import org.jmojo.bindings.runtime.MojomKind.HandleType;
import org.jmojo.bindings.runtime.MojomKind.PrimitiveType;
import org.junit.jupiter.api.Test;

class ValidatorTest {

    /** Builds a v0 request for method 0 and lets the test write the payload. */
    private static Encoder request(int name, int flags) {
        Encoder e = new Encoder();
        MessageHeader.write(e, 0, name, flags, 1, false);
        return e;
    }

    private static ValidationError requestError(Encoder e, int handles, InterfaceSchema iface) {
        return requestError(e.toByteArray(), handles, iface);
    }

    private static ValidationError requestError(byte[] bytes, int handles, InterfaceSchema iface) {
        ValidationException ex = catchThrowableOfType(ValidationException.class,
                () -> Validator.validateIncomingRequest(MemorySegment.ofArray(bytes), handles, iface));
        return ex == null ? null : ex.error();
    }

    private static void assertPasses(Encoder e, int handles, InterfaceSchema iface) {
        assertThatCode(() -> Validator.validateIncomingRequest(e.asSegment(), handles, iface))
                .doesNotThrowAnyException();
    }

    // ---- header validator --------------------------------------------------------------------

    @Test
    void header_emptyMessage_illegalMemoryRange() {
        assertThat(requestError(new byte[0], 0, TestSchemas.iface())).isEqualTo(
                ValidationError.VALIDATION_ERROR_ILLEGAL_MEMORY_RANGE);
    }

    @Test
    void header_v0WithExpectsResponse_missingRequestId() {
        Encoder e = new Encoder();
        int at = e.allocate(24);
        e.putStructHeader(at, 24, 0);
        e.putInt32(16, MessageHeader.FLAG_EXPECTS_RESPONSE);
        assertThat(requestError(e, 0, TestSchemas.iface())).isEqualTo(
                ValidationError.VALIDATION_ERROR_MESSAGE_HEADER_MISSING_REQUEST_ID);
    }

    @Test
    void header_bothResponseBits_invalidFlags() {
        Encoder e = request(0, MessageHeader.FLAG_EXPECTS_RESPONSE | MessageHeader.FLAG_IS_RESPONSE);
        assertThat(requestError(e, 0, TestSchemas.iface(struct("P", 8)))).isEqualTo(
                ValidationError.VALIDATION_ERROR_MESSAGE_HEADER_INVALID_FLAGS);
    }

    @Test
    void header_v1WithWrongSize_unexpectedStructHeader() {
        Encoder e = new Encoder();
        int at = e.allocate(40);
        e.putStructHeader(at, 40, 1);
        assertThat(requestError(e, 0, TestSchemas.iface())).isEqualTo(
                ValidationError.VALIDATION_ERROR_UNEXPECTED_STRUCT_HEADER);
    }

    @Test
    void header_unknownFlagBits_ignored() {
        Encoder e = request(0, 0x30);
        int p = e.allocate(8);
        e.putStructHeader(p, 8, 0);
        assertPasses(e, 0, TestSchemas.iface(struct("P", 8)));
    }

    private static Encoder v2(long payloadPointer, int totalSize) {
        Encoder e = new Encoder();
        e.allocate(totalSize);
        e.putStructHeader(0, 48, 2);
        e.putInt64(MessageHeader.PAYLOAD_POINTER_OFFSET, payloadPointer);
        return e;
    }

    @Test
    void header_v2NullPayloadPointer_unexpectedNullPointer() {
        assertThat(requestError(v2(0, 56), 0, TestSchemas.iface(struct("P", 8)))).isEqualTo(
                ValidationError.VALIDATION_ERROR_UNEXPECTED_NULL_POINTER);
    }

    @Test
    void header_v2PayloadPointerPastEnd_illegalMemoryRange() {
        assertThat(requestError(v2(24, 56), 0, TestSchemas.iface(struct("P", 8)))).isEqualTo(
                ValidationError.VALIDATION_ERROR_ILLEGAL_MEMORY_RANGE);
    }

    @Test
    void header_v2PayloadPointerIntoHeader_illegalMemoryRange() {
        assertThat(requestError(v2(8, 56), 0, TestSchemas.iface(struct("P", 8)))).isEqualTo(
                ValidationError.VALIDATION_ERROR_ILLEGAL_MEMORY_RANGE);
    }

    @Test
    void header_v2PayloadPointerAbove32Bits_illegalPointer() {
        assertThat(requestError(v2(0x1_0000_0000L, 56), 0, TestSchemas.iface(struct("P", 8)))).isEqualTo(
                ValidationError.VALIDATION_ERROR_ILLEGAL_POINTER);
    }

    @Test
    void params_v2OddPayloadPointer_misalignedObject() {
        Encoder e = v2(17, 64);
        e.putStructHeader(49, 8, 0);
        assertThat(requestError(e, 0, TestSchemas.iface(struct("P", 8)))).isEqualTo(
                ValidationError.VALIDATION_ERROR_MISALIGNED_OBJECT);
    }

    @Test
    void header_v2InterfaceIdZero_illegalInterfaceId() {
        Encoder e = v2(16, 72);
        e.putStructHeader(48, 8, 0);
        e.putInt64(MessageHeader.INTERFACE_IDS_POINTER_OFFSET, 16);
        e.putInt32(56, 12);
        e.putInt32(60, 1);
        e.putInt32(64, 0);
        assertThat(requestError(e, 0, TestSchemas.iface(struct("P", 8)))).isEqualTo(
                ValidationError.VALIDATION_ERROR_ILLEGAL_INTERFACE_ID);
    }

    // ---- request / response validators --------------------------------------------------------

    @Test
    void request_unknownOrdinal_unknownMethod() {
        Encoder e = request(7, 0);
        assertThat(requestError(e, 0, TestSchemas.iface(struct("P", 8)))).isEqualTo(
                ValidationError.VALIDATION_ERROR_MESSAGE_HEADER_UNKNOWN_METHOD);
    }

    @Test
    void request_expectsResponseForMethodWithout_invalidFlags() {
        Encoder e = request(0, MessageHeader.FLAG_EXPECTS_RESPONSE);
        assertThat(requestError(e, 0, TestSchemas.iface(struct("P", 8)))).isEqualTo(
                ValidationError.VALIDATION_ERROR_MESSAGE_HEADER_INVALID_FLAGS);
    }

    @Test
    void request_controlMessageName_acceptedWithoutLookup() {
        Encoder e = request(MessageHeader.RUN_MESSAGE_ID, MessageHeader.FLAG_EXPECTS_RESPONSE);
        assertPasses(e, 0, TestSchemas.iface());
    }

    @Test
    void response_unknownOrdinalWithRequestFlags_invalidFlagsCheckedFirst() {
        Encoder e = request(9, 0);
        ValidationException ex = catchThrowableOfType(ValidationException.class,
                () -> Validator.validateIncomingResponse(e.asSegment(), 0, TestSchemas.iface()));
        assertThat(ex.error()).isEqualTo(ValidationError.VALIDATION_ERROR_MESSAGE_HEADER_INVALID_FLAGS);
    }

    @Test
    void response_methodWithoutResponse_unknownMethod() {
        Encoder e = request(0, MessageHeader.FLAG_IS_RESPONSE);
        ValidationException ex = catchThrowableOfType(ValidationException.class,
                () -> Validator.validateIncomingResponse(e.asSegment(), 0, TestSchemas.iface(struct("P", 8))));
        assertThat(ex.error()).isEqualTo(ValidationError.VALIDATION_ERROR_MESSAGE_HEADER_UNKNOWN_METHOD);
        assertThat(ex.getMessage()).contains("M0 has no response");
    }

    // ---- structs -----------------------------------------------------------------------------

    @Test
    void params_missing_illegalMemoryRange() {
        assertThat(requestError(request(0, 0), 0, TestSchemas.iface(struct("P", 8)))).isEqualTo(
                ValidationError.VALIDATION_ERROR_ILLEGAL_MEMORY_RANGE);
    }

    @Test
    void struct_numBytesBelowHeader_unexpectedStructHeader() {
        Encoder e = request(0, 0);
        int p = e.allocate(8);
        e.putStructHeader(p, 4, 0);
        assertThat(requestError(e, 0, TestSchemas.iface(struct("P", 8)))).isEqualTo(
                ValidationError.VALIDATION_ERROR_UNEXPECTED_STRUCT_HEADER);
    }

    @Test
    void struct_versionTable_exactSizeForKnownVersionAtLeastForNewer() {
        StructSchema g = new StructSchema("G", List.of(field("i", 0, prim(PrimitiveType.INT32), 8)),
                List.of(new StructSchema.VersionSize(0, 16), new StructSchema.VersionSize(1, 24),
                        new StructSchema.VersionSize(3, 32)));
        assertThat(g.acceptsHeader(24, 2)).as("version 2 uses the row of version 1").isTrue();
        assertThat(g.acceptsHeader(32, 2)).isFalse();
        assertThat(g.acceptsHeader(40, 5)).as("newer versions may grow").isTrue();
        assertThat(g.acceptsHeader(24, 5)).isFalse();
        assertThat(g.acceptsHeader(16, 0)).isTrue();
    }

    @Test
    void pointer_above32Bits_illegalPointer() {
        StructSchema params = struct("P", 16, field("s", 0, new MojomKind.Str(false), 8));
        Encoder e = request(0, 0);
        int p = e.allocate(16);
        e.putStructHeader(p, 16, 0);
        e.putInt64(p + 8, 0x1_0000_0008L);
        assertThat(requestError(e, 0, TestSchemas.iface(params))).isEqualTo(
                ValidationError.VALIDATION_ERROR_ILLEGAL_POINTER);
    }

    @Test
    void pointer_backwards_illegalMemoryRange() {
        StructSchema params = struct("P", 24, field("a", 0, TestSchemas.structKind(TestSchemas.POINT, false), 8),
                field("b", 1, TestSchemas.structKind(TestSchemas.POINT, false), 16));
        Encoder e = request(0, 0);
        int p = e.allocate(24);
        e.putStructHeader(p, 24, 0);
        int point = e.allocate(16);
        e.putStructHeader(point, 16, 0);
        e.putPointer(p + 8, point);
        e.putPointer(p + 16, point);
        assertThat(requestError(e, 0, TestSchemas.iface(params))).isEqualTo(
                ValidationError.VALIDATION_ERROR_ILLEGAL_MEMORY_RANGE);
    }

    // ---- enums, handles, endpoints -------------------------------------------------------------

    private static Encoder oneSlot(int value) {
        Encoder e = request(0, 0);
        int p = e.allocate(16);
        e.putStructHeader(p, 16, 0);
        e.putInt32(p + 8, value);
        return e;
    }

    @Test
    void enum_undeclaredValue_unknownEnumValue() {
        StructSchema params = struct("P", 16, field("c", 0, new MojomKind.Enum(TestSchemas.COLOR), 8));
        assertThat(requestError(oneSlot(-2), 0, TestSchemas.iface(params))).isEqualTo(
                ValidationError.VALIDATION_ERROR_UNKNOWN_ENUM_VALUE);
        assertPasses(oneSlot(-3), 0, TestSchemas.iface(params));
    }

    @Test
    void enum_extensibleUndeclaredValue_passes() {
        StructSchema params = struct("P", 16, field("c", 0, new MojomKind.Enum(TestSchemas.OPEN_COLOR), 8));
        assertPasses(oneSlot(12345), 0, TestSchemas.iface(params));
    }

    @Test
    void handle_invalidInNonNullable_unexpectedInvalidHandle() {
        StructSchema params = struct("P", 16, field("h", 0, new MojomKind.Handle(HandleType.GENERIC, false), 8));
        assertThat(requestError(oneSlot(-1), 1, TestSchemas.iface(params))).isEqualTo(
                ValidationError.VALIDATION_ERROR_UNEXPECTED_INVALID_HANDLE);
    }

    @Test
    void handle_indexNotBelowCount_illegalHandle() {
        StructSchema params = struct("P", 16, field("h", 0, new MojomKind.Handle(HandleType.GENERIC, false), 8));
        assertThat(requestError(oneSlot(2), 2, TestSchemas.iface(params))).isEqualTo(
                ValidationError.VALIDATION_ERROR_ILLEGAL_HANDLE);
        assertPasses(oneSlot(1), 2, TestSchemas.iface(params));
    }

    @Test
    void pendingRemote_invalidInNonNullable_unexpectedInvalidHandle() {
        StructSchema params = struct("P", 16,
                field("r", 0, new MojomKind.Endpoint(EndpointType.REMOTE, "t.X", false), 8));
        assertThat(requestError(oneSlot(-1), 0, TestSchemas.iface(params))).isEqualTo(
                ValidationError.VALIDATION_ERROR_UNEXPECTED_INVALID_HANDLE);
    }

    @Test
    void associatedRemote_invalidInNonNullable_unexpectedInvalidInterfaceId() {
        StructSchema params = struct("P", 16,
                field("r", 0, new MojomKind.Endpoint(EndpointType.ASSOCIATED_REMOTE, "t.X", false), 8));
        assertThat(requestError(oneSlot(-1), 0, TestSchemas.iface(params))).isEqualTo(
                ValidationError.VALIDATION_ERROR_UNEXPECTED_INVALID_INTERFACE_ID);
    }

    @Test
    void associatedRemote_indexWithoutIdArray_illegalInterfaceId() {
        StructSchema params = struct("P", 16,
                field("r", 0, new MojomKind.Endpoint(EndpointType.ASSOCIATED_REMOTE, "t.X", false), 8));
        assertThat(requestError(oneSlot(0), 0, TestSchemas.iface(params))).isEqualTo(
                ValidationError.VALIDATION_ERROR_ILLEGAL_INTERFACE_ID);
    }

    @Test
    void associatedRemote_encodedWithV2Header_passesAndDecodesToInterfaceId() throws ValidationException {
        StructSchema params = struct("P", 16,
                field("r", 0, new MojomKind.Endpoint(EndpointType.ASSOCIATED_REMOTE, "t.X", false), 8));
        ValueCodec.Encoded m = MessageBuilder.encode(0, 0, 0, 0, params,
                Map.of("r", new ValueCodec.RemoteValue(7, 3)));

        MessageBuilder.Decoded d = MessageBuilder.decode(MemorySegment.ofArray(m.bytes()), List.of(),
                TestSchemas.iface(params), false);

        assertThat(d.header().version()).isEqualTo(2);
        assertThat(d.params()).containsEntry("r", new ValueCodec.RemoteValue(7L, 3));
    }

    // ---- arrays and maps -----------------------------------------------------------------------

    @Test
    void fixedArray_wrongLength_unexpectedArrayHeader() {
        StructSchema params = struct("P", 16, field("a", 0, new MojomKind.Array(prim(PrimitiveType.UINT8), 3, false), 8));
        Map<String, Object> value = Map.of("a", List.of(1, 2, 3));
        byte[] good = MessageBuilder.encode(0, 0, 0, 0, params, value).bytes();
        byte[] bad = good.clone();
        bad[24 + 16 + 4] = 2;
        assertThat(requestError(good, 0, TestSchemas.iface(params))).isNull();
        assertThat(requestError(bad, 0, TestSchemas.iface(params))).isEqualTo(
                ValidationError.VALIDATION_ERROR_UNEXPECTED_ARRAY_HEADER);
    }

    @Test
    void array_numBytesTooSmall_unexpectedArrayHeader() {
        StructSchema params = struct("P", 16, field("a", 0, new MojomKind.Array(prim(PrimitiveType.INT32), 0, false), 8));
        byte[] bytes = MessageBuilder.encode(0, 0, 0, 0, params, Map.of("a", List.of(1, 2))).bytes();
        bytes[24 + 16] = 15;
        assertThat(requestError(bytes, 0, TestSchemas.iface(params))).isEqualTo(
                ValidationError.VALIDATION_ERROR_UNEXPECTED_ARRAY_HEADER);
    }

    @Test
    void array_nullNonNullableElement_unexpectedNullPointer() {
        StructSchema params = struct("P", 16,
                field("a", 0, new MojomKind.Array(new MojomKind.Str(false), 0, false), 8));
        StructSchema lenient = struct("P", 16,
                field("a", 0, new MojomKind.Array(new MojomKind.Str(true), 0, false), 8));
        List<Object> withNull = new ArrayList<>();
        withNull.add("x");
        withNull.add(null);
        byte[] bytes = MessageBuilder.encode(0, 0, 0, 0, lenient, Map.of("a", withNull)).bytes();
        assertThat(requestError(bytes, 0, TestSchemas.iface(params))).isEqualTo(
                ValidationError.VALIDATION_ERROR_UNEXPECTED_NULL_POINTER);
    }

    @Test
    void map_keyAndValueCountsDiffer_differentSizedArraysInMap() {
        MojomKind.MapKind map = new MojomKind.MapKind(prim(PrimitiveType.INT32), prim(PrimitiveType.INT32), false);
        StructSchema params = struct("P", 16, field("m", 0, map, 8));
        Map<Object, Object> entries = new LinkedHashMap<>();
        entries.put(1, 10);
        entries.put(2, 20);
        byte[] bytes = MessageBuilder.encode(0, 0, 0, 0, params, Map.of("m", entries)).bytes();
        // Map at 40, keys array at 64, values array at 80: shrink the values to one element.
        bytes[80] = 12;
        bytes[84] = 1;
        assertThat(requestError(bytes, 0, TestSchemas.iface(params))).isEqualTo(
                ValidationError.VALIDATION_ERROR_DIFFERENT_SIZED_ARRAYS_IN_MAP);
    }

    @Test
    void map_nullKeysArray_unexpectedNullPointer() {
        MojomKind.MapKind map = new MojomKind.MapKind(prim(PrimitiveType.INT32), prim(PrimitiveType.INT32), false);
        StructSchema params = struct("P", 16, field("m", 0, map, 8));
        byte[] bytes = MessageBuilder.encode(0, 0, 0, 0, params, Map.of("m", Map.of(1, 2))).bytes();
        for (int i = 48; i < 56; i++) {
            bytes[i] = 0;
        }
        assertThat(requestError(bytes, 0, TestSchemas.iface(params))).isEqualTo(
                ValidationError.VALIDATION_ERROR_UNEXPECTED_NULL_POINTER);
    }

    // ---- unions --------------------------------------------------------------------------------

    private static StructSchema unionParams(UnionSchema union, boolean nullable) {
        return struct("P", 24, field("u", 0, TestSchemas.union(union, nullable), 8));
    }

    private static byte[] unionMessage(UnionSchema union, Object value) {
        return MessageBuilder.encode(0, 0, 0, 0, unionParams(union, true), Map.of("u", value)).bytes();
    }

    @Test
    void union_unknownTag_unknownUnionTag() {
        byte[] bytes = unionMessage(TestSchemas.VALUE, new ValueCodec.UnionValue("num", 5));
        bytes[24 + 8 + 4] = 99;
        assertThat(requestError(bytes, 0, TestSchemas.iface(unionParams(TestSchemas.VALUE, false)))).isEqualTo(
                ValidationError.VALIDATION_ERROR_UNKNOWN_UNION_TAG);
    }

    @Test
    void union_extensibleUnknownTag_passesAndDecodesToDefaultMember() throws ValidationException {
        byte[] bytes = unionMessage(TestSchemas.EXT, new ValueCodec.UnionValue("unknown", 5));
        bytes[24 + 8 + 4] = 99;
        InterfaceSchema iface = TestSchemas.iface(unionParams(TestSchemas.EXT, false));

        MessageBuilder.Decoded d = MessageBuilder.decode(MemorySegment.ofArray(bytes), List.of(), iface, false);

        assertThat(d.params()).containsEntry("u", new ValueCodec.UnionValue("unknown", 0L));
    }

    @Test
    void union_nullInNonNullableSlot_unexpectedNullPointer() {
        byte[] bytes = MessageBuilder.encode(0, 0, 0, 0, unionParams(TestSchemas.VALUE, true), Map.of()).bytes();
        assertThat(requestError(bytes, 0, TestSchemas.iface(unionParams(TestSchemas.VALUE, false)))).isEqualTo(
                ValidationError.VALIDATION_ERROR_UNEXPECTED_NULL_POINTER);
        assertThat(requestError(bytes, 0, TestSchemas.iface(unionParams(TestSchemas.VALUE, true)))).isNull();
    }

    @Test
    void union_inlineSizeNeither0Nor16_illegalMemoryRange() {
        byte[] bytes = unionMessage(TestSchemas.VALUE, new ValueCodec.UnionValue("num", 5));
        bytes[24 + 8] = 8;
        assertThat(requestError(bytes, 0, TestSchemas.iface(unionParams(TestSchemas.VALUE, true)))).isEqualTo(
                ValidationError.VALIDATION_ERROR_ILLEGAL_MEMORY_RANGE);
    }

    private static byte[] nestedUnion() {
        return unionMessage(TestSchemas.VALUE,
                new ValueCodec.UnionValue("inner", new ValueCodec.UnionValue("big", 1L)));
    }

    @Test
    void outOfLineUnion_encodedAfterItsSlot_passes() {
        byte[] bytes = nestedUnion();
        // params at 24 (24 bytes), out-of-line union at 48.
        assertThat(bytes).hasSize(64);
        assertThat(bytes[48]).isEqualTo((byte) 16);
        assertThat(requestError(bytes, 0, TestSchemas.iface(unionParams(TestSchemas.VALUE, true)))).isNull();
    }

    @Test
    void outOfLineUnion_sizeNot16_illegalMemoryRange() {
        byte[] bytes = nestedUnion();
        bytes[48] = 0;
        assertThat(requestError(bytes, 0, TestSchemas.iface(unionParams(TestSchemas.VALUE, true)))).isEqualTo(
                ValidationError.VALIDATION_ERROR_ILLEGAL_MEMORY_RANGE);
    }

    @Test
    void outOfLineUnion_misaligned_misalignedObject() {
        byte[] bytes = java.util.Arrays.copyOf(nestedUnion(), 72);
        System.arraycopy(bytes, 48, bytes, 52, 16);
        bytes[24 + 16] += 4;
        assertThat(requestError(bytes, 0, TestSchemas.iface(unionParams(TestSchemas.VALUE, true)))).isEqualTo(
                ValidationError.VALIDATION_ERROR_MISALIGNED_OBJECT);
    }

    // ---- ordinal order (docs/wire-format.md §13.6) ----------------------------------------------------

    /** {@code struct U { int32 a; Value u; handle? h; }}: h (ordinal 2) is packed at 12, before u. */
    private static final StructSchema ORDER = struct("U", 32,
            field("a", 0, prim(PrimitiveType.INT32), 8),
            field("u", 1, TestSchemas.union(TestSchemas.VALUE, false), 16),
            field("h", 2, new MojomKind.Handle(HandleType.GENERIC, true), 12));

    @Test
    void handleOrder_unionBeforeLaterOrdinalHandle_encoderFollowsOrdinals() {
        Map<String, Object> value = Map.of("u", new ValueCodec.UnionValue("h", "pipe"), "h", "other");

        ValueCodec.Encoded encoded = MessageBuilder.encode(0, 0, 0, 0, ORDER, value);

        assertThat(encoded.handles()).containsExactly("pipe", "other");
        assertThat(requestError(encoded.bytes(), 2, TestSchemas.iface(ORDER))).isNull();
    }

    @Test
    void handleOrder_offsetOrderIndices_illegalHandle() {
        byte[] bytes = MessageBuilder.encode(0, 0, 0, 0, ORDER,
                Map.of("u", new ValueCodec.UnionValue("h", "pipe"), "h", "other")).bytes();
        bytes[24 + 12] = 0;
        bytes[24 + 16 + 8] = 1;
        assertThat(requestError(bytes, 2, TestSchemas.iface(ORDER))).isEqualTo(
                ValidationError.VALIDATION_ERROR_ILLEGAL_HANDLE);
    }

    // ---- depth limit (docs/wire-format.md §12.8) --------------------------------------------------------

    private static final StructSchema CHAIN_PARAMS =
            struct("P", 16, field("next", 0, TestSchemas.structKind(TestSchemas.RECURSIVE, false), 8));

    /** Params pointing at {@code structs} nested Recursive structs, the last one with a null link. */
    private static byte[] chain(int structs) {
        Map<String, Object> last = new LinkedHashMap<>();
        Map<String, Object> head = last;
        for (int i = 1; i < structs; i++) {
            Map<String, Object> outer = new LinkedHashMap<>();
            outer.put("next", head);
            head = outer;
        }
        return MessageBuilder.encode(0, 0, 0, 0, CHAIN_PARAMS, Map.of("next", head)).bytes();
    }

    @Test
    void depth_199NestedStructs_passes() {
        assertThat(requestError(chain(199), 0, TestSchemas.iface(CHAIN_PARAMS))).isNull();
    }

    @Test
    void depth_200NestedStructs_maxRecursionDepth() {
        assertThat(requestError(chain(200), 0, TestSchemas.iface(CHAIN_PARAMS))).isEqualTo(
                ValidationError.VALIDATION_ERROR_MAX_RECURSION_DEPTH);
    }

    /** {@code struct Node { map<int32, Node?> children; }}: the deepest walk per struct level. */
    private static final StructSchema NODE = node();

    private static StructSchema node() {
        StructSchema[] self = new StructSchema[1];
        MojomKind.MapKind children = new MojomKind.MapKind(prim(PrimitiveType.INT32),
                new MojomKind.Struct("t.Node", () -> self[0], true), false);
        self[0] = struct("t.Node", 16, field("children", 0, children, 8));
        return self[0];
    }

    private static ValidationError nodeChainError(int nodes) {
        Map<String, Object> head = Map.of("children", Map.of());
        for (int i = 1; i < nodes; i++) {
            head = Map.of("children", Map.of(i, head));
        }
        StructSchema params = struct("P", 16, field("root", 0, TestSchemas.structKind(NODE, false), 8));
        return requestError(MessageBuilder.encode(0, 0, 0, 0, params, Map.of("root", head)).bytes(), 0,
                TestSchemas.iface(params));
    }

    @Test
    void depth_structsNestedThroughMapValues_limitAppliesWithoutStackOverflow() {
        assertThat(nodeChainError(199)).isNull();
        assertThat(nodeChainError(201)).isEqualTo(ValidationError.VALIDATION_ERROR_MAX_RECURSION_DEPTH);
    }

    /** {@code union Chain { int32 end; Chain next; }}: nests without any struct. */
    private static final UnionSchema CHAIN_UNION = chainUnion();

    private static UnionSchema chainUnion() {
        UnionSchema[] self = new UnionSchema[1];
        self[0] = new UnionSchema("t.Chain", List.of(new UnionSchema.Field("end", 0, prim(PrimitiveType.INT32)),
                new UnionSchema.Field("next", 1, new MojomKind.Union("t.Chain", () -> self[0], false))), false, -1);
        return self[0];
    }

    private static ValidationError unionChainError(int outOfLine) {
        Object value = new ValueCodec.UnionValue("end", 1);
        for (int i = 0; i < outOfLine; i++) {
            value = new ValueCodec.UnionValue("next", value);
        }
        StructSchema params = struct("P", 24, field("u", 0, TestSchemas.union(CHAIN_UNION, false), 8));
        return requestError(MessageBuilder.encode(0, 0, 0, 0, params, Map.of("u", value)).bytes(), 0,
                TestSchemas.iface(params));
    }

    @Test
    void unionNesting_atLimit_passes() {
        assertThat(unionChainError(Validator.MAX_UNION_NESTING)).isNull();
    }

    @Test
    void unionNesting_pastLimit_maxRecursionDepthNotStackOverflow() {
        assertThat(unionChainError(Validator.MAX_UNION_NESTING + 1)).isEqualTo(
                ValidationError.VALIDATION_ERROR_MAX_RECURSION_DEPTH);
    }

    @Test
    void validationException_message_namesErrorOffsetAndRule() {
        StructSchema params = struct("P", 16, field("h", 0, new MojomKind.Handle(HandleType.GENERIC, false), 8));
        ValidationException ex = catchThrowableOfType(ValidationException.class,
                () -> Validator.validateIncomingRequest(oneSlot(5).asSegment(), 1, TestSchemas.iface(params)));
        assertThat(ex.offset()).isEqualTo(32);
        assertThat(ex.getMessage()).contains("VALIDATION_ERROR_ILLEGAL_HANDLE", "offset 32", "strictly increasing");
    }
}

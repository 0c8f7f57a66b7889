package org.jmojo.bindings.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.jmojo.bindings.runtime.TestSchemas.field;
import static org.jmojo.bindings.runtime.TestSchemas.prim;
import static org.jmojo.bindings.runtime.TestSchemas.struct;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import org.jmojo.bindings.ValidationError;
import org.jmojo.bindings.ValidationException;
import org.jmojo.bindings.runtime.MojomKind.PrimitiveType;
import org.junit.jupiter.api.Test;

/**
 * Header checks whose removal no other bindings test noticed (issue 7, mutation testing): a v0 header
 * flagged as a response, a request flagged as a response, headers of version 3 or more, and a map
 * header of a version other than 0. Each
 * message here differs from one that passes in the one property checked.
 */
class ValidatorHeaderFlagsTest {
    private static final StructSchema EMPTY = struct("P", 8);
    /** Method 0 has no response; method 1 has one. */
    private static final InterfaceSchema IFACE = new InterfaceSchema("t.I", 0, List.of(
            new MethodSchema("NoReply", 0, EMPTY, null, false, false),
            new MethodSchema("WithReply", 1, EMPTY, EMPTY, false, false)));

    /** A message with a header of {@code version} and {@code numBytes}, then an empty payload struct. */
    private static byte[] message(int numBytes, int version, int name, int flags) {
        Encoder e = new Encoder();
        int at = e.allocate(numBytes);
        e.putStructHeader(at, numBytes, version);
        e.putInt32(at + MessageHeader.NAME_OFFSET, name);
        e.putInt32(at + MessageHeader.FLAGS_OFFSET, flags);
        if (version >= 2) {
            e.putInt64(at + MessageHeader.PAYLOAD_POINTER_OFFSET, numBytes - MessageHeader.PAYLOAD_POINTER_OFFSET);
        }
        int p = e.allocate(8);
        e.putStructHeader(p, 8, 0);
        return e.toByteArray();
    }

    private static ValidationError requestError(byte[] bytes) {
        ValidationException ex = catchThrowableOfType(ValidationException.class,
                () -> Validator.validateIncomingRequest(MemorySegment.ofArray(bytes), 0, IFACE));
        return ex == null ? null : ex.error();
    }

    private static ValidationError responseError(byte[] bytes) {
        ValidationException ex = catchThrowableOfType(ValidationException.class,
                () -> Validator.validateIncomingResponse(MemorySegment.ofArray(bytes), 0, IFACE));
        return ex == null ? null : ex.error();
    }

    @Test
    void v0Header_flaggedAsResponse_missingRequestId() {
        assertThat(responseError(message(24, 0, 1, MessageHeader.FLAG_IS_RESPONSE)))
                .isEqualTo(ValidationError.VALIDATION_ERROR_MESSAGE_HEADER_MISSING_REQUEST_ID);
        // The same response with a v1 header, which carries a request ID, passes.
        assertThat(responseError(message(32, 1, 1, MessageHeader.FLAG_IS_RESPONSE))).isNull();
    }

    @Test
    void request_flaggedAsResponse_invalidFlags() {
        // To a method without a response: v1 so the header itself is fine.
        assertThat(requestError(message(32, 1, 0, MessageHeader.FLAG_IS_RESPONSE)))
                .isEqualTo(ValidationError.VALIDATION_ERROR_MESSAGE_HEADER_INVALID_FLAGS);
        assertThat(requestError(message(32, 1, 0, 0))).isNull();
        // To a method with a response: must expect one, and must not be a response.
        assertThat(requestError(message(32, 1, 1, MessageHeader.FLAG_IS_RESPONSE)))
                .isEqualTo(ValidationError.VALIDATION_ERROR_MESSAGE_HEADER_INVALID_FLAGS);
        assertThat(requestError(message(32, 1, 1, 0)))
                .isEqualTo(ValidationError.VALIDATION_ERROR_MESSAGE_HEADER_INVALID_FLAGS);
        assertThat(requestError(message(32, 1, 1, MessageHeader.FLAG_EXPECTS_RESPONSE))).isNull();
    }

    @Test
    void response_notFlaggedAsResponse_invalidFlags() {
        assertThat(responseError(message(32, 1, 1, 0)))
                .isEqualTo(ValidationError.VALIDATION_ERROR_MESSAGE_HEADER_INVALID_FLAGS);
        assertThat(responseError(message(32, 1, 1, MessageHeader.FLAG_IS_RESPONSE | MessageHeader.FLAG_EXPECTS_RESPONSE)))
                .isEqualTo(ValidationError.VALIDATION_ERROR_MESSAGE_HEADER_INVALID_FLAGS);
        // A response to a method that has none names the method as unknown.
        assertThat(responseError(message(32, 1, 0, MessageHeader.FLAG_IS_RESPONSE)))
                .isEqualTo(ValidationError.VALIDATION_ERROR_MESSAGE_HEADER_UNKNOWN_METHOD);
    }

    @Test
    void laterVersions_atLeastTheV2Size_passOtherwiseUnexpectedStructHeader() {
        assertThat(requestError(message(48, 3, 0, 0))).isNull();
        assertThat(requestError(message(56, 7, 0, 0))).isNull();
        assertThat(requestError(message(40, 3, 0, 0)))
                .isEqualTo(ValidationError.VALIDATION_ERROR_UNEXPECTED_STRUCT_HEADER);
        // Version 2 must be exactly 48 bytes; later versions may be longer.
        assertThat(requestError(message(56, 2, 0, 0)))
                .isEqualTo(ValidationError.VALIDATION_ERROR_UNEXPECTED_STRUCT_HEADER);
    }

    @Test
    void mapHeader_versionOtherThanZero_unexpectedStructHeader() {
        MojomKind.MapKind map = new MojomKind.MapKind(prim(PrimitiveType.INT32), prim(PrimitiveType.INT32), false);
        StructSchema params = struct("P", 16, field("m", 0, map, 8));
        InterfaceSchema iface = TestSchemas.iface(params);
        byte[] bytes = MessageBuilder.encode(0, 0, 0, 0, params, Map.of("m", Map.of(1, 2))).bytes();
        assertThatCode(() -> Validator.validateIncomingRequest(MemorySegment.ofArray(bytes), 0, iface))
                .doesNotThrowAnyException();
        // The map's struct header sits at 40 (a v0 message header, then the 16-byte params): version at 44.
        assertThat(bytes[40]).isEqualTo((byte) 24);
        bytes[44] = 1;
        ValidationException ex = catchThrowableOfType(ValidationException.class,
                () -> Validator.validateIncomingRequest(MemorySegment.ofArray(bytes), 0, iface));
        assertThat(ex).isNotNull();
        assertThat(ex.error()).isEqualTo(ValidationError.VALIDATION_ERROR_UNEXPECTED_STRUCT_HEADER);
    }

    /**
     * The recursion-depth count goes down again after each struct: a valid message with many structs
     * side by side (an array of 250 of them, more than {@link Validator#MAX_RECURSION_DEPTH}) passes,
     * however many there are. (Not a header check: it shares the request helpers.)
     */
    @Test
    void manyStructsSideBySide_notMistakenForDeepNesting() {
        MojomKind.Array points = new MojomKind.Array(TestSchemas.structKind(TestSchemas.POINT, false), 0, false);
        StructSchema params = struct("P", 16, field("points", 0, points, 8));
        List<Object> values = new java.util.ArrayList<>();
        for (int i = 0; i < Validator.MAX_RECURSION_DEPTH + 50; i++) {
            values.add(Map.of("x", i, "y", -i));
        }
        byte[] bytes = MessageBuilder.encode(0, 0, 0, 0, params, Map.of("points", values)).bytes();
        assertThatCode(() -> Validator.validateIncomingRequest(MemorySegment.ofArray(bytes), 0, TestSchemas.iface(params)))
                .doesNotThrowAnyException();
    }

    @Test
    void laterVersions_checkThePayloadPointerAsV2Does() {
        byte[] bytes = message(48, 3, 0, 0);
        // Null the payload pointer: a v3 header needs one as much as a v2 header does.
        for (int i = 0; i < 8; i++) {
            bytes[MessageHeader.PAYLOAD_POINTER_OFFSET + i] = 0;
        }
        assertThat(requestError(bytes)).isEqualTo(ValidationError.VALIDATION_ERROR_UNEXPECTED_NULL_POINTER);
        assertThatCode(() -> Validator.validateHeader(MemorySegment.ofArray(message(48, 3, 0, 0))))
                .doesNotThrowAnyException();
    }
    /** A v2 message: header, an empty payload struct at 48, and an interface-ID array at 56 of {@code ids}. */
    private static byte[] withIds(int arrayNumBytes, int... ids) {
        Encoder e = new Encoder();
        int at = e.allocate(MessageHeader.V2_SIZE);
        e.putStructHeader(at, MessageHeader.V2_SIZE, 2);
        e.putInt64(MessageHeader.PAYLOAD_POINTER_OFFSET, MessageHeader.V2_SIZE - MessageHeader.PAYLOAD_POINTER_OFFSET);
        int p = e.allocate(8);
        e.putStructHeader(p, 8, 0);
        int array = e.allocateArray(ids.length, 32);
        e.putInt32(array, arrayNumBytes);
        for (int i = 0; i < ids.length; i++) {
            e.putInt32(array + 8 + 4L * i, ids[i]);
        }
        e.putPointer(MessageHeader.INTERFACE_IDS_POINTER_OFFSET, array);
        return e.toByteArray();
    }

    private static String headerError(byte[] bytes) {
        ValidationException ex = catchThrowableOfType(ValidationException.class,
                () -> Validator.validateHeader(MemorySegment.ofArray(bytes)));
        return ex == null ? null : ex.error() + ": " + ex.getMessage();
    }

    private static String text(ValidationException e) {
        return e.error() + ": " + e.getMessage();
    }

    @Test
    void interfaceIdArray_zeroOrInvalidId_illegalInterfaceId_atThatElement() throws ValidationException {
        assertThat(Validator.validateHeader(MemorySegment.ofArray(withIds(16, 5, 7))).interfaceIdsOffset())
                .isEqualTo(56);
        assertThat(headerError(withIds(16, 5, 0))).isEqualTo(text(ValidationException.illegalInterfaceId(68, 0)));
        assertThat(headerError(withIds(12, 0xFFFF_FFFF)))
                .isEqualTo(text(ValidationException.illegalInterfaceId(64, 0xFFFF_FFFFL)));
    }

    @Test
    void interfaceIdArray_headerTooShortForItsElements_unexpectedArrayHeader() {
        String error = headerError(withIds(12, 5, 7));
        assertThat(error).startsWith(ValidationError.VALIDATION_ERROR_UNEXPECTED_ARRAY_HEADER.name());
    }

    @Test
    void payloadPointer_largestIsAPointer_beyondItIllegal() {
        byte[] largest = message(48, 2, 0, 0);
        ByteOrderPut.i64(largest, MessageHeader.PAYLOAD_POINTER_OFFSET, 0xFFFF_FFFFL);
        assertThat(headerError(largest)).startsWith(ValidationError.VALIDATION_ERROR_ILLEGAL_MEMORY_RANGE.name());
        byte[] beyond = message(48, 2, 0, 0);
        ByteOrderPut.i64(beyond, MessageHeader.PAYLOAD_POINTER_OFFSET, 0x1_0000_0000L);
        assertThat(headerError(beyond)).isEqualTo(text(ValidationException.illegalPointer(
                MessageHeader.PAYLOAD_POINTER_OFFSET, 0x1_0000_0000L)));
        byte[] negative = message(48, 2, 0, 0);
        ByteOrderPut.i64(negative, MessageHeader.PAYLOAD_POINTER_OFFSET, -16);
        assertThat(headerError(negative)).startsWith(ValidationError.VALIDATION_ERROR_ILLEGAL_POINTER.name());
    }

    /** Little-endian writes into a message under test. */
    private static final class ByteOrderPut {
        static void i64(byte[] b, int at, long v) {
            java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(at, v);
        }
    }
}

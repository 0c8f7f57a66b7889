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
}

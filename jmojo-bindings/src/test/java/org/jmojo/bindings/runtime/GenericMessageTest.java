package org.jmojo.bindings.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jmojo.bindings.runtime.TestSchemas.field;
import static org.jmojo.bindings.runtime.TestSchemas.prim;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import org.jmojo.bindings.ValidationError;
import org.jmojo.bindings.ValidationException;
import org.jmojo.bindings.runtime.MojomKind.PrimitiveType;
import org.junit.jupiter.api.Test;

/**
 * {@link MessageBuilder#decode}, the generic path a tool reads messages with: a response is validated
 * as a response and decoded with the method's response parameters; a request read as a response (or
 * the reverse) is refused; a control message belongs to no method.
 */
class GenericMessageTest {

    private static final StructSchema REQUEST = TestSchemas.struct("t.Calc.Add_Params", 16,
            field("a", 0, prim(PrimitiveType.INT32), 8), field("b", 1, prim(PrimitiveType.INT32), 12));
    private static final StructSchema RESPONSE = TestSchemas.struct("t.Calc.Add_ResponseParams", 16,
            field("sum", 0, prim(PrimitiveType.INT64), 8));
    private static final InterfaceSchema CALC = new InterfaceSchema("t.Calc", 0,
            List.of(new MethodSchema("Add", 0, REQUEST, RESPONSE, false, false)));

    @Test
    void response_decodedWithTheResponseParameters() throws ValidationException {
        byte[] bytes = MessageBuilder.encode(0, 0, MessageHeader.FLAG_IS_RESPONSE, 77, RESPONSE, Map.of("sum", -5L))
                .bytes();
        MessageBuilder.Decoded d = MessageBuilder.decode(MemorySegment.ofArray(bytes), List.of(), CALC, true);
        assertThat(d.response()).isTrue();
        assertThat(d.method().name()).isEqualTo("Add");
        assertThat(d.header().requestId()).isEqualTo(77);
        assertThat(d.header().isResponse()).isTrue();
        assertThat(d.params()).isEqualTo(Map.of("sum", -5L));
    }

    @Test
    void request_decodedWithTheRequestParameters_andNotAsAResponse() throws ValidationException {
        byte[] bytes = MessageBuilder.encode(0, 0, MessageHeader.FLAG_EXPECTS_RESPONSE, 9, REQUEST,
                Map.of("a", 1L, "b", 2L)).bytes();
        MessageBuilder.Decoded d = MessageBuilder.decode(MemorySegment.ofArray(bytes), List.of(), CALC, false);
        assertThat(d.response()).isFalse();
        assertThat(d.params()).isEqualTo(Map.of("a", 1L, "b", 2L));

        assertThatThrownBy(() -> MessageBuilder.decode(MemorySegment.ofArray(bytes), List.of(), CALC, true))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.error()).isEqualTo(ValidationError.VALIDATION_ERROR_MESSAGE_HEADER_INVALID_FLAGS));
    }

    @Test
    void controlMessage_belongsToNoMethod_illegalArgument() {
        byte[] bytes = MessageBuilder.encode(0, MessageHeader.RUN_MESSAGE_ID, MessageHeader.FLAG_EXPECTS_RESPONSE, 3,
                TestSchemas.struct("P", 8), Map.of()).bytes();
        assertThatThrownBy(() -> MessageBuilder.decode(MemorySegment.ofArray(bytes), List.of(), CALC, false))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a method of t.Calc");
    }

    @Test
    void response_withABadPayload_orForAnUnknownMethod_refused() {
        byte[] bad = MessageBuilder.encode(0, 0, MessageHeader.FLAG_IS_RESPONSE, 1, RESPONSE, Map.of("sum", 1L))
                .bytes();
        // The response parameters (at the end of the v1 header) claim 24 bytes where 16 are left.
        java.nio.ByteBuffer.wrap(bad).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(MessageHeader.V1_SIZE, 24);
        assertThatThrownBy(() -> MessageBuilder.decode(MemorySegment.ofArray(bad), List.of(), CALC, true))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.error()).isEqualTo(ValidationError.VALIDATION_ERROR_ILLEGAL_MEMORY_RANGE));

        byte[] unknown = MessageBuilder.encode(0, 5, MessageHeader.FLAG_IS_RESPONSE, 1, RESPONSE, Map.of("sum", 1L))
                .bytes();
        assertThatThrownBy(() -> MessageBuilder.decode(MemorySegment.ofArray(unknown), List.of(), CALC, true))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.error()).isEqualTo(ValidationError.VALIDATION_ERROR_MESSAGE_HEADER_UNKNOWN_METHOD);
                    assertThat(e.getMessage()).contains("t.Calc");
                });
    }

    @Test
    void headerWrite_returnsTheSizeOfTheVersionItChose() {
        assertThat(MessageHeader.write(new Encoder(), 0, 1, 0, 0, false)).isEqualTo(MessageHeader.V0_SIZE);
        assertThat(MessageHeader.write(new Encoder(), 0, 1, MessageHeader.FLAG_IS_RESPONSE, 4, false))
                .isEqualTo(MessageHeader.V1_SIZE);
        assertThat(MessageHeader.write(new Encoder(), 0, 1, 0, 0, true)).isEqualTo(MessageHeader.V2_SIZE);
    }

    /** The trusted decoder meets what only a broken validator would let through: it says so. */
    @Test
    void trustedDecoder_unknownTagOfAClosedUnion_orAHandleIndexPastTheList_refusedNamingIt() {
        StructSchema holder = TestSchemas.struct("t.Holder", 24, field("u", 0, TestSchemas.union(TestSchemas.VALUE, false), 8));
        Encoder e = new Encoder();
        int at = e.allocate(24);
        e.putStructHeader(at, 24, 0);
        e.putInt32(at + 8, 16);
        e.putInt32(at + 12, 9);
        byte[] union = e.toByteArray();
        assertThatThrownBy(() -> ValueCodec.decodeStruct(new Decoder(union), 0, holder, List.of(), List.of()))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessageContaining("union t.Value: unknown tag 9 and no [Default] member");

        StructSchema handles = TestSchemas.struct("t.H", 16,
                field("h", 0, new MojomKind.Handle(MojomKind.HandleType.GENERIC, false), 8));
        Encoder h = new Encoder();
        int hat = h.allocate(16);
        h.putStructHeader(hat, 16, 0);
        h.putInt32(hat + 8, 1);
        byte[] handle = h.toByteArray();
        assertThatThrownBy(() -> ValueCodec.decodeStruct(new Decoder(handle), 0, handles, List.of("only"), List.of()))
                .isExactlyInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("index 1 at offset 8 but only 1 attached");
    }
}

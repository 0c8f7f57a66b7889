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
}

package org.jmojo.bindings.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.List;
import org.jmojo.bindings.ValidationException;
import org.junit.jupiter.api.Test;

class MessageHeaderTest {

    private static final byte[] EMPTY_PAYLOAD = {8, 0, 0, 0, 0, 0, 0, 0};

    @Test
    void write_noRequestId_v0Of24Bytes() throws ValidationException {
        byte[] m = MessageBuilder.build(3, 7, 0, 0, EMPTY_PAYLOAD, List.of());

        assertThat(HexFormat.of().formatHex(m, 0, 24)).isEqualTo("180000000000000003000000070000000000000000000000");
        MessageHeader h = Validator.validateHeader(MemorySegment.ofArray(m));
        assertThat(h).isEqualTo(new MessageHeader(24, 0, 3, 7, 0, 0, 24, 0));
    }

    @Test
    void write_expectsResponse_v1WithRequestId() throws ValidationException {
        byte[] m = MessageBuilder.build(0, 2, MessageHeader.FLAG_EXPECTS_RESPONSE | MessageHeader.FLAG_IS_SYNC,
                0x1_0000_0000L, EMPTY_PAYLOAD, List.of());

        MessageHeader h = Validator.validateHeader(MemorySegment.ofArray(m));
        assertThat(h.numBytes()).isEqualTo(MessageHeader.V1_SIZE);
        assertThat(h.version()).isEqualTo(1);
        assertThat(h.requestId()).isEqualTo(0x1_0000_0000L);
        assertThat(h.flags()).isEqualTo(5);
        assertThat(h.expectsResponse()).isTrue();
        assertThat(h.isResponse()).isFalse();
        assertThat(h.payloadOffset()).isEqualTo(32);
    }

    @Test
    void write_withInterfaceIds_v2WithPayloadPointerAndIdArrayAfterPayload() throws ValidationException {
        byte[] m = MessageBuilder.build(0, 0, 0, 0, EMPTY_PAYLOAD, List.of(4, 5, 8));

        MessageHeader h = Validator.validateHeader(MemorySegment.ofArray(m));
        assertThat(h.version()).isEqualTo(2);
        assertThat(h.payloadOffset()).isEqualTo(48);
        assertThat(h.interfaceIdsOffset()).isEqualTo(56);
        Decoder d = new Decoder(m);
        assertThat(d.getInt32(56)).as("array num_bytes, not rounded").isEqualTo(20);
        assertThat(d.getInt32(64 + 8)).isEqualTo(8);
    }

    @Test
    void write_encoderNotEmpty_illegalState() {
        Encoder e = new Encoder();
        e.allocate(8);
        assertThatThrownBy(() -> MessageHeader.write(e, 0, 0, 0, 0, false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("8 byte(s)");
    }

    @Test
    void controlMessageNames_recognised() {
        assertThat(new MessageHeader(24, 0, 0, MessageHeader.RUN_MESSAGE_ID, 0, 0, 24, 0).isControlMessage()).isTrue();
        assertThat(new MessageHeader(24, 0, 0, MessageHeader.RUN_OR_CLOSE_PIPE_MESSAGE_ID, 0, 0, 24, 0)
                .isControlMessage()).isTrue();
        assertThat(new MessageHeader(24, 0, 0, 5, 0, 0, 24, 0).isControlMessage()).isFalse();
    }
}

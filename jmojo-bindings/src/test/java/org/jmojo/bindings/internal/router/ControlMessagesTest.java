package org.jmojo.bindings.internal.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jmojo.bindings.DisconnectReason;
import org.jmojo.bindings.ValidationError;
import org.jmojo.bindings.ValidationException;
import org.jmojo.bindings.runtime.MessageHeader;
import org.jmojo.bindings.runtime.Validator;
import org.jmojo.bindings.runtime.ValueCodec;
import org.jmojo.system.Message;
import org.junit.jupiter.api.Test;

/**
 * The control messages the router writes have Chromium's bytes: the expected bytes are those of the
 * golden cases 017-020 in jmojo-conformance's {@code golden-extra} (docs/wire-format.md §14), where
 * they were checked against the schema of Chromium's control-message .mojom files.
 */
class ControlMessagesTest {

    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }

    @Test
    void run_query_version_is_golden_case_017() {
        assertThat(ControlMessages.queryVersion(1).bytes()).isEqualTo(hex(
                "2000000001000000 00000000ffffffff 0100000000000000 0100000000000000"
                        + "1800000000000000 1000000000000000 0800000000000000 0800000000000000"));
    }

    @Test
    void run_response_with_a_version_is_golden_case_018() {
        assertThat(ControlMessages.runResponse(1, 4).bytes()).isEqualTo(hex(
                "2000000001000000 00000000ffffffff 0200000000000000 0100000000000000"
                        + "1800000000000000 1000000000000000 0800000000000000 1000000000000000 0400000000000000"));
    }

    @Test
    void require_version_is_golden_case_019_for_the_primary_interface() {
        // 019 addresses associated interface 0x80000001; the router speaks to the primary one (0).
        assertThat(ControlMessages.requireVersion(3).bytes()).isEqualTo(hex(
                "1800000000000000 00000000feffffff 0000000000000000"
                        + "1800000000000000 1000000000000000 0800000000000000 1000000000000000 0300000000000000"));
    }

    @Test
    void disconnect_reason_is_golden_case_020_for_the_primary_interface() throws ValidationException {
        // 020 reports associated endpoint 3; the router reports the primary endpoint (0).
        Message m = ControlMessages.disconnectReason(7, "bye");
        assertThat(m.bytes()).isEqualTo(hex(
                "1800000000000000 fffffffffeffffff 0000000000000000"
                        + "1800000000000000 1000000000000000 0800000000000000"
                        + "1800000000000000 0000000000000000 0800000000000000"
                        + "1800000000000000 0700000000000000 0800000000000000"
                        + "0b00000003000000 6279650000000000"));
        assertThat(ControlMessages.peerReason(m)).isEqualTo(new DisconnectReason(DisconnectReason.Kind.PEER_REASON,
                7, "bye"));
    }

    @Test
    void the_jmojo_cancel_request_is_a_run_or_close_pipe_with_tag_106() throws ValidationException {
        byte[] bytes = ControlMessages.cancelRequest(0x1122_3344_5566L).bytes();
        assertThat(bytes).isEqualTo(hex(
                "1800000000000000 00000000feffffff 0000000000000000"
                        + "1800000000000000 100000006a000000 0800000000000000 1000000000000000 6655443322110000"));
        Message m = new Message(bytes, List.of());
        MemorySegment seg = MemorySegment.ofArray(bytes);
        ValueCodec.UnionValue input = ControlMessages.decode(m, seg, Validator.validateHeader(seg),
                ControlMessages.RUN_OR_CLOSE_PIPE_PARAMS);
        assertThat(input).isEqualTo(new ValueCodec.UnionValue("cancel_request", Map.of("request_id", 0x1122_3344_5566L)));
    }

    @Test
    void a_control_message_with_an_unknown_tag_is_rejected() {
        byte[] bytes = ControlMessages.queryVersion(1).bytes();
        bytes[44] = 9; // RunInput tag 9: no such member
        MemorySegment seg = MemorySegment.ofArray(bytes);
        assertThatThrownBy(() -> ControlMessages.decode(new Message(bytes, List.of()), seg,
                MessageHeader.read(seg), ControlMessages.RUN_PARAMS)).isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.error()).isEqualTo(ValidationError.VALIDATION_ERROR_UNKNOWN_UNION_TAG));
    }
}

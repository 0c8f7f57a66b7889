package org.jmojo.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessagePipeEndpointTest {
    private final Core core = Core.instance();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writeMessage_thenRead_deliversBytesInOrder() {
        try (MessagePipe p = core.createMessagePipe()) {
            assertThat(p.end0().writeMessage(bytes("one"))).isEqualTo(MojoResult.OK);
            assertThat(p.end0().writeMessage(ByteBuffer.wrap(bytes("two")), List.of())).isEqualTo(MojoResult.OK);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment seg = arena.allocateFrom("three");
                assertThat(p.end0().writeMessage(seg.asSlice(0, 5), List.of())).isEqualTo(MojoResult.OK);
            }
            assertThat(new String(p.end1().readMessage().message().bytes(), StandardCharsets.UTF_8)).isEqualTo("one");
            assertThat(new String(p.end1().readMessage().message().bytes(), StandardCharsets.UTF_8)).isEqualTo("two");
            assertThat(new String(p.end1().readMessage().message().bytes(), StandardCharsets.UTF_8)).isEqualTo("three");
        }
    }

    @Test
    void readMessage_emptyQueuePeerOpen_shouldWait() {
        try (MessagePipe p = core.createMessagePipe()) {
            ReadResult r = p.end1().readMessage();
            assertThat(r.result()).isEqualTo(MojoResult.SHOULD_WAIT);
            assertThat(r.message()).isNull();
        }
    }

    @Test
    void readMessage_emptyQueuePeerClosed_failedPrecondition() {
        try (MessagePipe p = core.createMessagePipe()) {
            p.end0().close();
            assertThat(p.end1().readMessage().result()).isEqualTo(MojoResult.FAILED_PRECONDITION);
        }
    }

    @Test
    void readMessage_messagesQueuedBeforePeerClosed_stayReadable() {
        try (MessagePipe p = core.createMessagePipe()) {
            p.end0().writeMessage(bytes("a"));
            p.end0().writeMessage(bytes("b"));
            p.end0().close();
            SignalsState s = p.end1().querySignalsState();
            assertThat(s.satisfied()).isEqualTo(Signals.of(Signals.READABLE, Signals.PEER_CLOSED));
            assertThat(p.end1().readMessage().message().bytes()).isEqualTo(bytes("a"));
            assertThat(p.end1().readMessage().message().bytes()).isEqualTo(bytes("b"));
            assertThat(p.end1().readMessage().result()).isEqualTo(MojoResult.FAILED_PRECONDITION);
        }
    }

    @Test
    void writeMessage_peerClosed_failedPrecondition() {
        try (MessagePipe p = core.createMessagePipe()) {
            p.end1().close();
            assertThat(p.end0().querySignalsState().satisfied().containsAll(Signals.PEER_CLOSED)).isTrue();
            assertThat(p.end0().writeMessage(bytes("x"))).isEqualTo(MojoResult.FAILED_PRECONDITION);
        }
    }

    @Test
    void writeMessage_transfersEndpoint_receiverGetsWorkingEndpoint() {
        try (MessagePipe carrier = core.createMessagePipe(); MessagePipe cargo = core.createMessagePipe()) {
            MessagePipeEndpoint sent = cargo.end0();
            assertThat(carrier.end0().writeMessage(bytes("h"), List.of(sent))).isEqualTo(MojoResult.OK);
            assertThat(sent.isValid()).isFalse();
            assertThatThrownBy(sent::querySignalsState)
                    .isInstanceOf(InvalidHandleException.class)
                    .hasMessageContaining("handle=0x" + Integer.toHexString(sent.value()))
                    .hasMessageContaining("sent");
            Message m = carrier.end1().readMessage().message();
            try (MessagePipeEndpoint received = m.handle(0, MessagePipeEndpoint.class)) {
                assertThat(received.value()).isNotEqualTo(sent.value());
                cargo.end1().writeMessage(bytes("through"));
                assertThat(received.readMessage().message().bytes()).isEqualTo(bytes("through"));
            }
        }
    }
}

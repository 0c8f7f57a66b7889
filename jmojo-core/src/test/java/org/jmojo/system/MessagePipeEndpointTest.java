package org.jmojo.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs with both ends of its pipes on one node; {@link MessagePipeEndpointCrossNodeTest} runs it with them on
 * two. A pipe that only carries a handle (or is only carried) is made on one node, the node of the handle or
 * carrier it meets, so the cross-node run sends ends of cross-node pipes through local carriers.
 */
class MessagePipeEndpointTest extends PlacedPipes {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writeMessage_thenRead_deliversBytesInOrder() {
        try (MessagePipe p = nodes.createMessagePipe()) {
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
        try (MessagePipe p = nodes.createMessagePipe()) {
            ReadResult r = p.end1().readMessage();
            assertThat(r.result()).isEqualTo(MojoResult.SHOULD_WAIT);
            assertThat(r.message()).isNull();
        }
    }

    @Test
    void readMessage_emptyQueuePeerClosed_failedPrecondition() {
        try (MessagePipe p = nodes.createMessagePipe()) {
            p.end0().close();
            assertThat(p.end1().readMessage().result()).isEqualTo(MojoResult.FAILED_PRECONDITION);
        }
    }

    @Test
    void readMessage_messagesQueuedBeforePeerClosed_stayReadable() {
        try (MessagePipe p = nodes.createMessagePipe()) {
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
        try (MessagePipe p = nodes.createMessagePipe()) {
            p.end1().close();
            assertThat(p.end0().querySignalsState().satisfied().containsAll(Signals.PEER_CLOSED)).isTrue();
            assertThat(p.end0().writeMessage(bytes("x"))).isEqualTo(MojoResult.FAILED_PRECONDITION);
        }
    }

    @Test
    void writeMessage_transfersEndpoint_receiverGetsWorkingEndpoint() {
        try (MessagePipe carrier = nodes.core0().createMessagePipe(); MessagePipe cargo = nodes.createMessagePipe()) {
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

    @Test
    void writeMessage_attachesItself_invalidArgument() {
        try (MessagePipe p = nodes.createMessagePipe()) {
            assertThatThrownBy(() -> p.end0().writeMessage(new byte[0], List.of(p.end0())))
                    .isInstanceOfSatisfying(MojoException.class, e -> assertThat(e.result()).isEqualTo(MojoResult.INVALID_ARGUMENT))
                    .hasMessageContaining("itself");
            assertThat(p.end0().isValid()).isTrue();
            assertThat(p.end1().readMessage().result()).isEqualTo(MojoResult.SHOULD_WAIT);
        }
    }

    @Test
    void writeMessage_attachesOwnPeer_invalidArgument() {
        try (MessagePipe p = nodes.createMessagePipe(); MessagePipe other = nodes.core0().createMessagePipe();
                // The peer, on the writer's node: across nodes it is moved there first.
                MessagePipeEndpoint peer = nodes.onNode0(p.end1())) {
            assertThatThrownBy(() -> p.end0().writeMessage(new byte[0], List.of(other.end0(), peer)))
                    .isInstanceOfSatisfying(MojoException.class, e -> assertThat(e.result()).isEqualTo(MojoResult.INVALID_ARGUMENT))
                    .hasMessageContaining("peer");
            assertThat(peer.isValid()).isTrue();
            assertThat(other.end0().isValid()).isTrue();
            assertThat(peer.readMessage().result()).isEqualTo(MojoResult.SHOULD_WAIT);
            assertThat(other.end0().writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK);
            assertThat(other.end1().readMessage().isOk()).isTrue();
            assertThat(p.end0().writeMessage(new byte[] {2})).isEqualTo(MojoResult.OK);
            assertThat(peer.readMessage().message().bytes()).containsExactly(2);
        }
    }

    @Test
    void writeMessage_sameHandleTwice_busy() {
        try (MessagePipe p = nodes.createMessagePipe(); MessagePipe cargo = nodes.core0().createMessagePipe()) {
            assertThatThrownBy(() -> p.end0().writeMessage(new byte[0], List.of(cargo.end0(), cargo.end0())))
                    .isInstanceOfSatisfying(MojoException.class, e -> assertThat(e.result()).isEqualTo(MojoResult.BUSY))
                    .hasMessageContaining("twice");
            assertThat(cargo.end0().isValid()).isTrue();
        }
    }

    @Test
    void writeMessage_nonTransferableTrap_invalidArgumentNothingSent() {
        try (MessagePipe p = nodes.createMessagePipe(); MessagePipe cargo = nodes.core0().createMessagePipe();
                Trap trap = nodes.core0().createTrap(e -> {});
                WaitSet ws = nodes.core0().createWaitSet()) {
            assertThatThrownBy(() -> p.end0().writeMessage(new byte[0], List.of(cargo.end0(), trap)))
                    .isInstanceOfSatisfying(MojoException.class, e -> assertThat(e.result()).isEqualTo(MojoResult.INVALID_ARGUMENT))
                    .hasMessageContaining("TRAP");
            assertThatThrownBy(() -> p.end0().writeMessage(new byte[0], List.of(ws)))
                    .isInstanceOfSatisfying(MojoException.class, e -> assertThat(e.result()).isEqualTo(MojoResult.INVALID_ARGUMENT));
            assertThat(cargo.end0().isValid()).isTrue();
            assertThat(trap.isValid()).isTrue();
            assertThat(p.end1().readMessage().result()).isEqualTo(MojoResult.SHOULD_WAIT);
        }
    }

    @Test
    void writeMessage_invalidAttachedHandle_invalidArgumentWithIndex() {
        try (MessagePipe p = nodes.createMessagePipe(); MessagePipe cargo = nodes.core0().createMessagePipe()) {
            MessagePipe closed = nodes.core0().createMessagePipe();
            closed.close();
            assertThatThrownBy(() -> p.end0().writeMessage(new byte[0], List.of(cargo.end0(), closed.end1())))
                    .isInstanceOfSatisfying(InvalidHandleException.class, e -> {
                        assertThat(e.index()).isEqualTo(1);
                        assertThat(e.handle()).isEqualTo(closed.end1().value());
                    })
                    .hasMessageContaining("handle=0x" + Integer.toHexString(closed.end1().value()));
            assertThat(cargo.end0().isValid()).isTrue();
        }
    }

    @Test
    void writeMessage_peerClosed_attachedHandlesStayValid() {
        try (MessagePipe p = nodes.createMessagePipe(); MessagePipe cargo = nodes.core0().createMessagePipe()) {
            p.end1().close();
            assertThat(p.end0().writeMessage(new byte[0], List.of(cargo.end0()))).isEqualTo(MojoResult.FAILED_PRECONDITION);
            assertThat(cargo.end0().isValid()).isTrue();
            assertThat(cargo.end0().writeMessage(new byte[] {3})).isEqualTo(MojoResult.OK);
            assertThat(cargo.end1().readMessage().message().bytes()).containsExactly(3);
        }
    }

    @Test
    void writeMessage_tooManyHandles_resourceExhaustedHandlesValid() {
        List<MessagePipe> pipes = new ArrayList<>();
        List<MessagePipeEndpoint> ends = new ArrayList<>();
        try (MessagePipe p = nodes.createMessagePipe()) {
            while (ends.size() <= MessagePipeEndpoint.MAX_HANDLES_PER_MESSAGE) {
                MessagePipe q = nodes.core0().createMessagePipe();
                pipes.add(q);
                ends.add(q.end0());
                ends.add(q.end1());
            }
            List<MessagePipeEndpoint> tooMany = ends.subList(0, MessagePipeEndpoint.MAX_HANDLES_PER_MESSAGE + 1);
            assertThat(p.end0().writeMessage(new byte[0], tooMany)).isEqualTo(MojoResult.RESOURCE_EXHAUSTED);
            assertThat(tooMany).allMatch(Handle::isValid);
            assertThat(p.end1().readMessage().result()).isEqualTo(MojoResult.SHOULD_WAIT);
            List<MessagePipeEndpoint> justEnough = ends.subList(0, MessagePipeEndpoint.MAX_HANDLES_PER_MESSAGE);
            assertThat(p.end0().writeMessage(new byte[0], justEnough)).isEqualTo(MojoResult.OK);
            Message m = p.end1().readMessage().message();
            assertThat(m.handles()).hasSize(MessagePipeEndpoint.MAX_HANDLES_PER_MESSAGE);
            m.closeHandles();
        } finally {
            pipes.forEach(MessagePipe::close);
        }
    }

    /** A write of an array, with or without handles, queues a copy: later changes to the array reach nobody. */
    @Test
    void writeMessage_byteArray_queuesACopy() {
        try (MessagePipe p = nodes.createMessagePipe(); MessagePipe cargo = nodes.core0().createMessagePipe()) {
            byte[] alone = bytes("alone");
            byte[] withHandle = bytes("with a handle");
            assertThat(p.end0().writeMessage(alone)).isEqualTo(MojoResult.OK);
            assertThat(p.end0().writeMessage(withHandle, List.of(cargo.end0()))).isEqualTo(MojoResult.OK);
            alone[0] = 'X';
            withHandle[0] = 'X';
            byte[] first = p.end1().readMessage().message().bytes();
            assertThat(first).isNotSameAs(alone);
            assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("alone");
            Message second = p.end1().readMessage().message();
            assertThat(new String(second.bytes(), StandardCharsets.UTF_8)).isEqualTo("with a handle");
            second.closeHandles();
        }
    }

    @Test
    void writeMessage_frameOverLimit_resourceExhaustedNothingQueued() {
        try (MessagePipe p = nodes.createMessagePipe(); MessagePipe cargo = nodes.core0().createMessagePipe()) {
            ByteBuffer huge = ByteBuffer.allocate(MessagePipeEndpoint.MAX_FRAME_BYTES);
            assertThat(p.end0().writeMessage(huge, List.of(cargo.end0()))).isEqualTo(MojoResult.RESOURCE_EXHAUSTED);
            assertThat(cargo.end0().isValid()).isTrue();
            assertThat(p.end1().readMessage().result()).isEqualTo(MojoResult.SHOULD_WAIT);
            // A payload that fits once headers are counted is accepted.
            ByteBuffer fits = ByteBuffer.allocate(MessagePipeEndpoint.MAX_FRAME_BYTES - 1024);
            assertThat(p.end0().writeMessage(fits, List.of())).isEqualTo(MojoResult.OK);
            assertThat(p.end1().readMessage().message().bytes()).hasSize(MessagePipeEndpoint.MAX_FRAME_BYTES - 1024);
        }
    }

    @Test
    void close_endpointWithQueuedHandles_closesThem() {
        MessagePipe carrier = nodes.core0().createMessagePipe();
        try (MessagePipe cargo = nodes.createMessagePipe()) {
            carrier.end0().writeMessage(new byte[0], List.of(cargo.end0()));
            assertThat(cargo.end1().querySignalsState().satisfied().containsAny(Signals.PEER_CLOSED)).isFalse();
            carrier.end1().close();
            assertThat(cargo.end1().querySignalsState().satisfied().containsAll(Signals.PEER_CLOSED)).isTrue();
            assertThat(cargo.end1().peerClosureReason()).contains(ClosureReason.CLOSED_BY_USER);
        } finally {
            carrier.close();
        }
    }

    @Test
    void close_endpointWithNestedQueuedHandles_closesThemRecursively() {
        MessagePipe outer = nodes.core0().createMessagePipe();
        MessagePipe middle = nodes.core0().createMessagePipe();
        try (MessagePipe inner = nodes.createMessagePipe()) {
            middle.end0().writeMessage(new byte[0], List.of(inner.end0()));
            outer.end0().writeMessage(new byte[0], List.of(middle.end1()));
            outer.end1().close();
            assertThat(middle.end0().querySignalsState().satisfied().containsAll(Signals.PEER_CLOSED)).isTrue();
            // middle.end1 held inner.end0 in its queue: closing it closed inner.end0 too.
            assertThat(inner.end1().querySignalsState().satisfied().containsAll(Signals.PEER_CLOSED)).isTrue();
        } finally {
            outer.close();
            middle.close();
        }
    }

    @Test
    void writeMessage_endpointSentThroughManyPipes_stillConnected() {
        try (MessagePipe target = nodes.createMessagePipe()) {
            MessagePipeEndpoint travelling = target.end0();
            for (int depth = 0; depth < 50; depth++) {
                try (MessagePipe hop = nodes.core0().createMessagePipe()) {
                    assertThat(hop.end0().writeMessage(new byte[] {(byte) depth}, List.of(travelling))).isEqualTo(MojoResult.OK);
                    travelling = hop.end1().readMessage().message().handle(0, MessagePipeEndpoint.class);
                }
            }
            try (MessagePipeEndpoint end = travelling) {
                assertThat(end.writeMessage(new byte[] {42})).isEqualTo(MojoResult.OK);
                assertThat(target.end1().readMessage().message().bytes()).containsExactly(42);
            }
        }
    }

    @Test
    void writeMessage_endpointNestedInsideQueuedEndpoint_readableAfterUnwrapping() {
        try (MessagePipe a = nodes.core0().createMessagePipe(); MessagePipe b = nodes.core0().createMessagePipe();
                MessagePipe c = nodes.createMessagePipe()) {
            c.end1().writeMessage(new byte[] {9});
            b.end0().writeMessage(new byte[0], List.of(c.end0()));
            a.end0().writeMessage(new byte[0], List.of(b.end1()));
            try (MessagePipeEndpoint b1 = a.end1().readMessage().message().handle(0, MessagePipeEndpoint.class);
                    MessagePipeEndpoint c0 = b1.readMessage().message().handle(0, MessagePipeEndpoint.class)) {
                assertThat(c0.readMessage().message().bytes()).containsExactly(9);
            }
        }
    }

    @Test
    void signals_openPipe_writableNotReadable() {
        try (MessagePipe p = nodes.createMessagePipe()) {
            SignalsState s = p.end0().querySignalsState();
            assertThat(s.satisfied()).isEqualTo(nodes.withPeerRemote(Signals.WRITABLE));
            assertThat(s.satisfiable().containsAll(Signals.of(Signals.READABLE, Signals.WRITABLE, Signals.PEER_CLOSED))).isTrue();
            p.end1().writeMessage(new byte[1]);
            assertThat(p.end0().querySignalsState().satisfied())
                    .isEqualTo(nodes.withPeerRemote(Signals.of(Signals.READABLE, Signals.WRITABLE)));
        }
    }

    @Test
    void signals_peerClosedAndDrained_readableUnsatisfiable() {
        try (MessagePipe p = nodes.createMessagePipe()) {
            p.end1().writeMessage(new byte[1]);
            p.end1().close();
            assertThat(p.end0().querySignalsState().satisfiable().containsAll(Signals.READABLE)).isTrue();
            p.end0().readMessage();
            SignalsState s = p.end0().querySignalsState();
            assertThat(s.satisfied()).isEqualTo(Signals.PEER_CLOSED);
            assertThat(s.satisfiable().containsAny(Signals.of(Signals.READABLE, Signals.WRITABLE))).isFalse();
        }
    }

    @Test
    void readMessage_queuedCounters_trackMessagesAndBytes() {
        try (MessagePipe p = nodes.createMessagePipe()) {
            p.end0().writeMessage(new byte[3]);
            p.end0().writeMessage(new byte[5]);
            assertThat(p.end1().queuedMessages()).isEqualTo(2);
            assertThat(p.end1().queuedBytes()).isEqualTo(8);
            p.end1().readMessage();
            assertThat(p.end1().queuedMessages()).isEqualTo(1);
            assertThat(p.end1().queuedBytes()).isEqualTo(5);
        }
    }
}

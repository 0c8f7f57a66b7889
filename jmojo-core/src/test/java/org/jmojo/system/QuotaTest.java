package org.jmojo.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs with both ends of its pipes on one node; {@link QuotaCrossNodeTest} runs it with them on two. */
class QuotaTest extends PlacedPipes {
    @Test
    void receiveQuota_default_unlimited() {
        try (MessagePipe p = nodes.createMessagePipe()) {
            assertThat(p.end1().receiveQuota()).isEqualTo(ReceiveQuota.UNLIMITED);
            for (int i = 0; i < 1000; i++) {
                assertThat(p.end0().writeMessage(new byte[16])).isEqualTo(MojoResult.OK);
            }
            assertThat(p.end1().querySignalsState().satisfied().containsAny(Signals.QUOTA_EXCEEDED)).isFalse();
        }
    }

    @Test
    void quota_signal_limitOfNAdmitsNThenRaisesAndClears() {
        try (MessagePipe p = nodes.createMessagePipe()) {
            p.end1().setReceiveQuota(ReceiveQuota.messages(2, QuotaPolicy.SIGNAL));
            assertThat(p.end1().receiveQuota()).isEqualTo(ReceiveQuota.messages(2, QuotaPolicy.SIGNAL));
            p.end0().writeMessage(new byte[1]);
            p.end0().writeMessage(new byte[1]);
            assertThat(p.end1().querySignalsState().satisfied().containsAny(Signals.QUOTA_EXCEEDED)).isFalse();
            assertThat(p.end0().writeMessage(new byte[1])).isEqualTo(MojoResult.OK);
            assertThat(p.end1().querySignalsState().satisfied().containsAll(Signals.QUOTA_EXCEEDED)).isTrue();
            assertThat(p.end1().queuedMessages()).isEqualTo(3); // the message was kept
            p.end1().readMessage();
            assertThat(p.end1().querySignalsState().satisfied().containsAny(Signals.QUOTA_EXCEEDED)).isFalse();
        }
    }

    @Test
    void quota_signal_byteLimit() {
        try (MessagePipe p = nodes.createMessagePipe()) {
            p.end1().setReceiveQuota(ReceiveQuota.bytes(10, QuotaPolicy.SIGNAL));
            p.end0().writeMessage(new byte[10]);
            assertThat(p.end1().querySignalsState().satisfied().containsAny(Signals.QUOTA_EXCEEDED)).isFalse();
            p.end0().writeMessage(new byte[1]);
            assertThat(p.end1().querySignalsState().satisfied().containsAll(Signals.QUOTA_EXCEEDED)).isTrue();
        }
    }

    @Test
    void quota_signal_trapFiresOnQuotaExceeded() {
        List<TrapEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (MessagePipe p = nodes.createMessagePipe(); Trap trap = nodes.core1().createTrap(events::add)) {
            p.end1().setReceiveQuota(ReceiveQuota.messages(1, QuotaPolicy.SIGNAL));
            trap.addTrigger(p.end1(), Signals.QUOTA_EXCEEDED, TriggerCondition.SIGNALS_SATISFIED, 1);
            assertThat(trap.arm().result()).isEqualTo(MojoResult.OK);
            p.end0().writeMessage(new byte[1]);
            assertThat(events).isEmpty();
            p.end0().writeMessage(new byte[1]);
            assertThat(events).singleElement().extracting(TrapEvent::result).isEqualTo(MojoResult.OK);
        }
    }

    @Test
    void quota_hard_overrun_resourceExhaustedAndPeerClosed() {
        try (MessagePipe p = nodes.createMessagePipe(); MessagePipe cargo = nodes.core0().createMessagePipe()) {
            p.end1().setReceiveQuota(ReceiveQuota.messages(2, QuotaPolicy.HARD));
            assertThat(p.end0().writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK);
            assertThat(p.end0().writeMessage(new byte[] {2})).isEqualTo(MojoResult.OK);
            if (nodes.crossesNodes()) {
                // The quota is checked on the receiving node, after the write returned: OK, then the pipe
                // breaks (docs/architecture.md §3, quotas); the refused message's handle is closed there.
                assertThat(p.end0().writeMessage(new byte[] {3}, List.of(cargo.end0()))).isEqualTo(MojoResult.OK);
                assertThat(cargo.end1().querySignalsState().satisfied().containsAll(Signals.PEER_CLOSED)).isTrue();
            } else {
                assertThat(p.end0().writeMessage(new byte[] {3}, List.of(cargo.end0()))).isEqualTo(MojoResult.RESOURCE_EXHAUSTED);
                assertThat(cargo.end0().isValid()).isTrue();
                assertThat(cargo.end0().writeMessage(new byte[] {9})).isEqualTo(MojoResult.OK);
            }

            // Writer: PEER_CLOSED with the reason, and writes now fail.
            assertThat(p.end0().querySignalsState().satisfied().containsAll(Signals.PEER_CLOSED)).isTrue();
            assertThat(p.end0().peerClosureReason()).contains(ClosureReason.RECEIVE_QUOTA_EXCEEDED);
            assertThat(p.end0().writeMessage(new byte[] {4})).isEqualTo(MojoResult.FAILED_PRECONDITION);

            // Receiver: the accepted messages stay readable, then PEER_CLOSED.
            SignalsState s = p.end1().querySignalsState();
            assertThat(s.satisfied()).isEqualTo(Signals.of(Signals.READABLE, Signals.PEER_CLOSED));
            assertThat(p.end1().peerClosureReason()).contains(ClosureReason.RECEIVE_QUOTA_EXCEEDED);
            assertThat(p.end1().readMessage().message().bytes()).containsExactly(1);
            assertThat(p.end1().readMessage().message().bytes()).containsExactly(2);
            assertThat(p.end1().readMessage().result()).isEqualTo(MojoResult.FAILED_PRECONDITION);
        }
    }

    @Test
    void quota_hard_byteOverrun_resourceExhausted() {
        try (MessagePipe p = nodes.createMessagePipe()) {
            p.end1().setReceiveQuota(ReceiveQuota.bytes(8, QuotaPolicy.HARD));
            assertThat(p.end0().writeMessage(new byte[8])).isEqualTo(MojoResult.OK);
            // Across nodes the quota is checked on the receiving node, after the write returned.
            assertThat(p.end0().writeMessage(new byte[1]))
                    .isEqualTo(nodes.crossesNodes() ? MojoResult.OK : MojoResult.RESOURCE_EXHAUSTED);
            assertThat(p.end0().peerClosureReason()).contains(ClosureReason.RECEIVE_QUOTA_EXCEEDED);
            assertThat(p.end1().queuedMessages()).isEqualTo(1);
        }
    }

    @Test
    void quota_hard_readsFreeRoom() {
        try (MessagePipe p = nodes.createMessagePipe()) {
            p.end1().setReceiveQuota(ReceiveQuota.messages(1, QuotaPolicy.HARD));
            for (int i = 0; i < 10; i++) {
                assertThat(p.end0().writeMessage(new byte[] {(byte) i})).isEqualTo(MojoResult.OK);
                assertThat(p.end1().readMessage().message().bytes()).containsExactly(i);
            }
            assertThat(p.end0().peerClosureReason()).isEmpty();
        }
    }

    @Test
    void quota_doesNotTravelWithEndpoint() {
        try (MessagePipe p = nodes.createMessagePipe(); MessagePipe carrier = nodes.core1().createMessagePipe()) {
            p.end1().setReceiveQuota(ReceiveQuota.messages(1, QuotaPolicy.HARD));
            carrier.end0().writeMessage(new byte[0], List.of(p.end1()));
            try (MessagePipeEndpoint moved = carrier.end1().readMessage().message().handle(0, MessagePipeEndpoint.class)) {
                assertThat(moved.receiveQuota()).isEqualTo(ReceiveQuota.UNLIMITED);
                assertThat(p.end0().writeMessage(new byte[1])).isEqualTo(MojoResult.OK);
                assertThat(p.end0().writeMessage(new byte[1])).isEqualTo(MojoResult.OK);
                assertThat(moved.queuedMessages()).isEqualTo(2);
            }
        }
    }

    @Test
    void peerClosureReason_openPeer_empty() {
        try (MessagePipe p = nodes.createMessagePipe()) {
            assertThat(p.end0().peerClosureReason()).isEmpty();
            p.end1().close();
            assertThat(p.end0().peerClosureReason()).contains(ClosureReason.CLOSED_BY_USER);
        }
    }
}

package org.jmojo.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jmojo.internal.multinode.Nodes;
import org.jmojo.internal.multinode.SimulatedNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Core#fuseMessagePipes}: pipes {@code A–a} and {@code b–B} become {@code A–B} (docs/architecture.md §3,
 * merging; Chromium's {@code MojoFuseMessagePipes}). Each test runs on a fresh node, so that it can check
 * that no handle or port is left behind.
 */
@Timeout(30)
class FuseMessagePipesTest {
    private final Core core = Nodes.newNode();

    @AfterEach
    void nothingLeftBehind() {
        assertThat(Nodes.liveHandleCount(core)).as("open handles").isZero();
        assertThat(Nodes.portCount(core)).as("ports").isZero();
    }

    private static byte[] read(MessagePipeEndpoint end) {
        ReadResult r = end.readMessage();
        assertThat(r.result()).as("read on %s", end).isEqualTo(MojoResult.OK);
        return r.message().bytes();
    }

    /** Joins this test's node and a new one to {@code network}; returns the new one. */
    private Core joinedWithANewNode(SimulatedNetwork network) {
        Core remote = Nodes.newNode();
        network.join(core);
        network.join(remote);
        return remote;
    }

    private static void write(MessagePipeEndpoint end, int value) {
        assertThat(end.writeMessage(new byte[] {(byte) value})).isEqualTo(MojoResult.OK);
    }

    private static boolean satisfied(MessagePipeEndpoint end, Signals signals) {
        return end.querySignalsState().satisfied().containsAll(signals);
    }

    @Test
    void fuse_unreadMessagesBothWays_deliveredFirstInOrder_thenNewWrites_andTheFusedHandlesClosed() {
        MessagePipe left = core.createMessagePipe(); // A = end0, a = end1
        MessagePipe right = core.createMessagePipe(); // b = end0, B = end1
        MessagePipeEndpoint endA = left.end0();
        MessagePipeEndpoint endB = right.end1();
        write(endA, 1);
        write(endA, 2);
        write(endA, 3);
        assertThat(read(left.end1())).containsExactly(1); // a read one: two are unread
        write(endB, 10);
        write(endB, 11);

        core.fuseMessagePipes(left.end1(), right.end0());

        assertThat(left.end1().isValid()).isFalse();
        assertThat(right.end0().isValid()).isFalse();
        assertThatThrownBy(() -> left.end1().readMessage()).isInstanceOf(InvalidHandleException.class)
                .hasMessageContaining("closed");
        assertThat(satisfied(endA, Signals.PEER_CLOSED)).isFalse();
        write(endA, 4);
        assertThat(read(endB)).containsExactly(2);
        assertThat(read(endB)).containsExactly(3);
        assertThat(read(endB)).containsExactly(4);
        assertThat(endB.readMessage().result()).isEqualTo(MojoResult.SHOULD_WAIT);
        write(endB, 12);
        assertThat(read(endA)).containsExactly(10);
        assertThat(read(endA)).containsExactly(11);
        assertThat(read(endA)).containsExactly(12);
        endA.close();
        endB.close();
    }

    @Test
    void fuse_thenClose_peerClosedAfterTheLastMessage() {
        MessagePipe left = core.createMessagePipe();
        MessagePipe right = core.createMessagePipe();
        write(left.end0(), 1);
        core.fuseMessagePipes(left.end1(), right.end0());
        write(left.end0(), 2);
        left.end0().close();
        MessagePipeEndpoint endB = right.end1();
        assertThat(endB.querySignalsState().satisfied()).isEqualTo(Signals.of(Signals.READABLE, Signals.PEER_CLOSED));
        assertThat(endB.peerClosureReason()).contains(ClosureReason.CLOSED_BY_USER);
        assertThat(read(endB)).containsExactly(1);
        assertThat(read(endB)).containsExactly(2);
        assertThat(endB.readMessage().result()).isEqualTo(MojoResult.FAILED_PRECONDITION);
        assertThat(endB.writeMessage(new byte[1])).isEqualTo(MojoResult.FAILED_PRECONDITION);
        endB.close();
    }

    @Test
    void fuse_oneSidesPeerAlreadyClosed_otherPeerGetsItsMessagesThenPeerClosed_messagesForItDropped() {
        MessagePipe left = core.createMessagePipe();
        MessagePipe right = core.createMessagePipe();
        MessagePipe cargo = core.createMessagePipe();
        write(left.end0(), 1);
        left.end0().close(); // a's peer is gone, having written 1
        // B wrote a handle to b: with A gone it has nobody to reach, so it is closed, and its peer learns it.
        assertThat(right.end1().writeMessage(new byte[] {9}, List.of(cargo.end0()))).isEqualTo(MojoResult.OK);

        core.fuseMessagePipes(left.end1(), right.end0());

        MessagePipeEndpoint endB = right.end1();
        assertThat(read(endB)).containsExactly(1);
        assertThat(endB.readMessage().result()).isEqualTo(MojoResult.FAILED_PRECONDITION);
        assertThat(satisfied(endB, Signals.PEER_CLOSED)).isTrue();
        assertThat(endB.peerClosureReason()).contains(ClosureReason.CLOSED_BY_USER);
        assertThat(satisfied(cargo.end1(), Signals.PEER_CLOSED)).isTrue();
        endB.close();
        cargo.close();
    }

    @Test
    void fuse_bothPeersClosed_everythingGoes() {
        MessagePipe left = core.createMessagePipe();
        MessagePipe right = core.createMessagePipe();
        MessagePipe cargo = core.createMessagePipe();
        assertThat(left.end0().writeMessage(new byte[0], List.of(cargo.end0()))).isEqualTo(MojoResult.OK);
        left.end0().close();
        right.end1().close();
        core.fuseMessagePipes(left.end1(), right.end0());
        assertThat(satisfied(cargo.end1(), Signals.PEER_CLOSED)).isTrue();
        cargo.close();
    }

    @Test
    void fuse_queuedHandlesTravelOnWithTheirMessages() {
        MessagePipe left = core.createMessagePipe();
        MessagePipe right = core.createMessagePipe();
        MessagePipe cargo = core.createMessagePipe();
        assertThat(left.end0().writeMessage(new byte[] {5}, List.of(cargo.end0()))).isEqualTo(MojoResult.OK);
        core.fuseMessagePipes(left.end1(), right.end0());
        Message m = right.end1().readMessage().message();
        assertThat(m.bytes()).containsExactly(5);
        try (MessagePipeEndpoint received = m.handle(0, MessagePipeEndpoint.class)) {
            write(cargo.end1(), 6);
            assertThat(read(received)).containsExactly(6);
        }
        left.end0().close();
        right.end1().close();
        cargo.close();
    }

    @Test
    void fuse_chainOfPipes_collapsesToOne() {
        // A–a, b–c, d–B: fusing a with b, then c with d, leaves A–B.
        MessagePipe p1 = core.createMessagePipe();
        MessagePipe p2 = core.createMessagePipe();
        MessagePipe p3 = core.createMessagePipe();
        write(p1.end0(), 1);
        core.fuseMessagePipes(p1.end1(), p2.end0());
        write(p1.end0(), 2);
        core.fuseMessagePipes(p2.end1(), p3.end0());
        write(p1.end0(), 3);
        assertThat(read(p3.end1())).containsExactly(1);
        assertThat(read(p3.end1())).containsExactly(2);
        assertThat(read(p3.end1())).containsExactly(3);
        write(p3.end1(), 4);
        assertThat(read(p1.end0())).containsExactly(4);
        p1.end0().close();
        p3.end1().close();
    }

    @Test
    void fuse_waitsAndTrapsOnTheFusedEnds_cancelled_thoseOnThePeersSeeTheMovedMessages() {
        List<TrapEvent> events = new CopyOnWriteArrayList<>();
        MessagePipe left = core.createMessagePipe();
        MessagePipe right = core.createMessagePipe();
        try (Trap trap = core.createTrap(events::add)) {
            assertThat(trap.addTrigger(left.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 1))
                    .isEqualTo(MojoResult.OK);
            assertThat(trap.addTrigger(right.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 2))
                    .isEqualTo(MojoResult.OK);
            assertThat(trap.arm().result()).isEqualTo(MojoResult.OK);
            core.fuseMessagePipes(left.end1(), right.end0());
            assertThat(events).extracting(TrapEvent::context, TrapEvent::result)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, MojoResult.CANCELLED));
            assertThat(trap.arm().result()).isEqualTo(MojoResult.OK);
            write(left.end0(), 7);
            assertThat(events).extracting(TrapEvent::context, TrapEvent::result)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(1L, MojoResult.CANCELLED),
                            org.assertj.core.groups.Tuple.tuple(2L, MojoResult.OK));
        }
        left.end0().close();
        right.end1().close();
    }

    @Test
    void fuse_twoEndsOfOnePipe_invalidArgumentNamingBoth_pipeUnchanged() {
        MessagePipe p = core.createMessagePipe();
        assertThatThrownBy(() -> core.fuseMessagePipes(p.end0(), p.end1()))
                .isInstanceOfSatisfying(MojoException.class, e -> assertThat(e.result()).isEqualTo(MojoResult.INVALID_ARGUMENT))
                .hasMessageContaining("handle=0x" + Integer.toHexString(p.end0().value()))
                .hasMessageContaining("handle=0x" + Integer.toHexString(p.end1().value()))
                .hasMessageContaining("two ends of one pipe");
        write(p.end0(), 1);
        assertThat(read(p.end1())).containsExactly(1);
        assertThatThrownBy(() -> core.fuseMessagePipes(p.end0(), p.end0()))
                .isInstanceOfSatisfying(MojoException.class, e -> assertThat(e.result()).isEqualTo(MojoResult.INVALID_ARGUMENT))
                .hasMessageContaining("given twice");
        p.close();
    }

    @Test
    void fuse_anEndThatWrote_failedPreconditionNamingIt_nothingChanged() {
        MessagePipe left = core.createMessagePipe();
        MessagePipe right = core.createMessagePipe();
        write(right.end0(), 3); // b wrote to B
        write(left.end0(), 1);
        assertThatThrownBy(() -> core.fuseMessagePipes(left.end1(), right.end0()))
                .isInstanceOfSatisfying(MojoException.class, e -> assertThat(e.result()).isEqualTo(MojoResult.FAILED_PRECONDITION))
                .hasMessageContaining("handles[1]: handle=0x" + Integer.toHexString(right.end0().value()))
                .hasMessageContaining("never wrote");
        assertThatThrownBy(() -> core.fuseMessagePipes(right.end0(), left.end1()))
                .hasMessageContaining("handles[0]: handle=0x" + Integer.toHexString(right.end0().value()));
        // Both pipes as they were: every message where it was, both ends usable.
        assertThat(read(left.end1())).containsExactly(1);
        assertThat(read(right.end1())).containsExactly(3);
        write(left.end1(), 2);
        assertThat(read(left.end0())).containsExactly(2);
        left.close();
        right.close();
    }

    @Test
    void fuse_invalidOrForeignOrWithoutTransferRight_refusedNamingTheHandle() {
        MessagePipe left = core.createMessagePipe();
        MessagePipe right = core.createMessagePipe();
        MessagePipe closed = core.createMessagePipe();
        closed.close();
        assertThatThrownBy(() -> core.fuseMessagePipes(left.end1(), closed.end0()))
                .isInstanceOfSatisfying(InvalidHandleException.class, e -> assertThat(e.index()).isEqualTo(1));
        Core other = Nodes.newNode();
        try (MessagePipe foreign = other.createMessagePipe()) {
            assertThatThrownBy(() -> core.fuseMessagePipes(foreign.end0(), right.end0()))
                    .isInstanceOfSatisfying(InvalidHandleException.class, e -> assertThat(e.index()).isEqualTo(0))
                    .hasMessageContaining("fused through that node's Core");
        }
        right.end0().reduceRights(java.util.EnumSet.of(Right.TRANSFER));
        assertThatThrownBy(() -> core.fuseMessagePipes(left.end1(), right.end0()))
                .isInstanceOfSatisfying(MojoException.class, e -> assertThat(e.result()).isEqualTo(MojoResult.PERMISSION_DENIED))
                .hasMessageContaining("handles[1]")
                .hasMessageContaining("TRANSFER");
        assertThat(left.end1().isValid()).isTrue();
        left.close();
        right.close();
    }

    @Test
    void fuse_hardQuotaOfTheTakingPeer_appliesToWhatItTakesOver() {
        MessagePipe left = core.createMessagePipe();
        MessagePipe right = core.createMessagePipe();
        right.end1().setReceiveQuota(ReceiveQuota.messages(2, QuotaPolicy.HARD));
        for (int i = 1; i <= 3; i++) {
            write(left.end0(), i);
        }
        core.fuseMessagePipes(left.end1(), right.end0());
        MessagePipeEndpoint endB = right.end1();
        assertThat(read(endB)).containsExactly(1);
        assertThat(read(endB)).containsExactly(2);
        assertThat(endB.readMessage().result()).isEqualTo(MojoResult.FAILED_PRECONDITION);
        assertThat(endB.peerClosureReason()).contains(ClosureReason.RECEIVE_QUOTA_EXCEEDED);
        assertThat(satisfied(left.end0(), Signals.PEER_CLOSED)).isTrue();
        assertThat(left.end0().peerClosureReason()).contains(ClosureReason.RECEIVE_QUOTA_EXCEEDED);
        left.end0().close();
        endB.close();
    }

    /** Cross-node placements are CrossNodeFuseTest's (jmojo-testing); this one runs on an immediate network. */
    @Test
    void fuse_peerOnAnotherNode_fusedThroughProxies_thenAPlainPipe() {
        SimulatedNetwork network = SimulatedNetwork.immediate();
        Core remote = joinedWithANewNode(network);
        MessagePipe across = Nodes.pipeBetween(core, remote); // end0 here, end1 on the other node
        MessagePipe local = core.createMessagePipe();
        write(across.end1(), 1);
        write(local.end0(), 2);
        core.fuseMessagePipes(local.end1(), across.end0());
        assertThat(read(local.end0())).containsExactly(1);
        assertThat(read(across.end1())).containsExactly(2);
        write(local.end0(), 3);
        assertThat(read(across.end1())).containsExactly(3);
        assertThat(satisfied(local.end0(), Signals.PEER_REMOTE)).isTrue();
        assertThat(Nodes.portCount(core)).as("the fused ports are gone once the route collapsed").isEqualTo(1);
        local.end0().close();
        assertThat(satisfied(across.end1(), Signals.PEER_CLOSED)).isTrue();
        across.end1().close();
        assertThat(network.violations()).isEmpty();
        assertThat(Nodes.portCount(remote)).isZero();
    }

    @Test
    void fuse_anEndWhosePeerOnAnotherNodeClosed_itsMessagesAndClosurePassToTheOtherPeer() {
        SimulatedNetwork network = SimulatedNetwork.immediate();
        Core remote = joinedWithANewNode(network);
        MessagePipe across = Nodes.pipeBetween(core, remote);
        MessagePipe local = core.createMessagePipe();
        write(across.end1(), 1);
        write(across.end1(), 2);
        across.end1().close(); // the remote peer is gone, and everything it wrote has arrived here
        core.fuseMessagePipes(across.end0(), local.end0());
        MessagePipeEndpoint survivor = local.end1();
        assertThat(read(survivor)).containsExactly(1);
        assertThat(read(survivor)).containsExactly(2);
        assertThat(survivor.readMessage().result()).isEqualTo(MojoResult.FAILED_PRECONDITION);
        assertThat(survivor.peerClosureReason()).contains(ClosureReason.CLOSED_BY_USER);
        assertThat(survivor.querySignalsState().satisfied().containsAny(Signals.PEER_REMOTE)).isFalse();
        survivor.close();
        assertThat(network.violations()).isEmpty();
        assertThat(Nodes.portCount(remote)).isZero();
    }

    @Test
    void fuse_manyPairs_noPortOrHandleLeft() {
        List<MessagePipeEndpoint> survivors = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            MessagePipe left = core.createMessagePipe();
            MessagePipe right = core.createMessagePipe();
            write(left.end0(), i);
            core.fuseMessagePipes(left.end1(), right.end0());
            assertThat(read(right.end1())).containsExactly(i);
            survivors.add(left.end0());
            survivors.add(right.end1());
        }
        survivors.forEach(MessagePipeEndpoint::close);
    }
}

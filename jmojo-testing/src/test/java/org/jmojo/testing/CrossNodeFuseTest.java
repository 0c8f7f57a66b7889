package org.jmojo.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jmojo.system.ClosureReason;
import org.jmojo.system.Core;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoException;
import org.jmojo.system.MojoResult;
import org.jmojo.system.ReadResult;
import org.jmojo.system.Signals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 8, item 2 (merge): {@link Core#fuseMessagePipes} when the peers of the fused ends are on other nodes
 * (docs/ports.md, "Merging"). The fused ends {@code a} and {@code b} are on node 0; their peers {@code A} and
 * {@code B} are placed on every combination of nodes. Messages are in flight on both routes when the fuse
 * happens, and each test drives delivery itself (one frame at a time, or in a seeded order), so the
 * interleavings it names happen exactly.
 */
@Timeout(60)
class CrossNodeFuseTest {
    private static byte[] number(int n) {
        return ByteBuffer.allocate(4).putInt(n).array();
    }

    private static int number(ReadResult r) {
        assertThat(r.result()).isEqualTo(MojoResult.OK);
        return ByteBuffer.wrap(r.message().bytes()).getInt();
    }

    private static void write(MessagePipeEndpoint end, int n) {
        assertThat(end.writeMessage(number(n))).isEqualTo(MojoResult.OK);
    }

    /** Reads everything queued on {@code end}, checking it continues {@code next}; returns the next expected. */
    private static int readInOrder(MessagePipeEndpoint end, int next) {
        ReadResult r;
        while ((r = end.readMessage()).result() == MojoResult.OK) {
            assertThat(number(r)).as("the next message in order").isEqualTo(next++);
        }
        return next;
    }

    private static boolean peerClosed(MessagePipeEndpoint end) {
        return end.querySignalsState().satisfied().containsAll(Signals.PEER_CLOSED);
    }

    /**
     * Pipes {@code A–a} and {@code b–B} with {@code a} and {@code b} on node 0, {@code A} on {@code nodeOfA} and
     * {@code B} on {@code nodeOfB}; each peer writes 1..3 before the fuse, only some of which has been delivered
     * (the seeded order decides how much), then the fuse, then 4..6 from each peer while the route collapses.
     * Everything arrives once and in order both ways, no proxy is left, and closing leaves nothing.
     */
    private static void fuseWithPeersOn(int nodeOfA, int nodeOfB, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        try (MultiNodeFixture nodes = MultiNodeFixture.create(3)) {
            MessagePipe left = nodes.endpointPair(nodeOfA, 0);
            MessagePipe right = nodes.endpointPair(0, nodeOfB);
            MessagePipeEndpoint endA = left.end0();
            MessagePipeEndpoint a = left.end1();
            MessagePipeEndpoint b = right.end0();
            MessagePipeEndpoint endB = right.end1();
            nodes.deliverAll();
            for (int n = 1; n <= 3; n++) {
                write(endA, 100 + n);
                write(endB, 200 + n);
            }
            // Some of it arrives at a and b, the rest is in flight when they fuse.
            deliverSome(nodes, random, random.nextInt(4));
            nodes.node(0).fuseMessagePipes(a, b);
            assertThat(a.isValid()).isFalse();
            assertThat(b.isValid()).isFalse();
            for (int n = 4; n <= 6; n++) {
                write(endA, 100 + n);
                write(endB, 200 + n);
                deliverSome(nodes, random, random.nextInt(3));
            }
            int atB = readInOrder(endB, 101);
            int atA = readInOrder(endA, 201);
            deliverAll(nodes, random);
            assertThat(readInOrder(endB, atB)).isEqualTo(107);
            assertThat(readInOrder(endA, atA)).isEqualTo(207);
            nodes.assertRoutesCollapsed();
            assertThat(nodes.violations()).isEmpty();
            // A and B are a plain pipe now: one port each, and PEER_REMOTE tells where the other is.
            assertThat(endA.querySignalsState().satisfied().containsAll(Signals.PEER_REMOTE))
                    .isEqualTo(nodeOfA != nodeOfB);
            write(endA, 7);
            deliverAll(nodes, random);
            assertThat(number(endB.readMessage())).isEqualTo(7);
            endA.close();
            deliverAll(nodes, random);
            assertThat(peerClosed(endB)).isTrue();
            endB.close();
            deliverAll(nodes, random);
            nodes.assertNoLeaks();
        }
    }

    /**
     * Pipes {@code A–a} (A on node 1) and {@code b–B} (B on node 2) with a and b on node 0; A writes
     * {@code fromA}, B writes {@code fromB}, and a and b are fused with all of it still on its way. Returns {A, B}.
     */
    private static MessagePipeEndpoint[] fusedWithMessagesInFlight(
            MultiNodeFixture nodes, int[] fromA, int[] fromB) {
        MessagePipe left = nodes.endpointPair(1, 0);
        MessagePipe right = nodes.endpointPair(0, 2);
        nodes.deliverAll();
        for (int n : fromA) {
            write(left.end0(), n);
        }
        for (int n : fromB) {
            write(right.end1(), n);
        }
        nodes.node(0).fuseMessagePipes(left.end1(), right.end0());
        return new MessagePipeEndpoint[] {left.end0(), right.end1()};
    }

    /** Closes {@code ends}, delivers the closures, and checks nothing is left on any node. */
    private static void closeAndCheckNothingLeft(MultiNodeFixture nodes, MessagePipeEndpoint... ends) {
        for (MessagePipeEndpoint e : ends) {
            e.close();
        }
        nodes.deliverAll();
        nodes.assertNoLeaks();
    }

    /** Delivers up to {@code count} frames, each on a link the random source picks. */
    private static void deliverSome(MultiNodeFixture nodes, SplittableRandom random, int count) {
        for (int k = 0; k < count; k++) {
            List<MultiNodeFixture.Link> busy = nodes.busyLinks();
            if (busy.isEmpty()) {
                return;
            }
            nodes.deliverOn(busy.get(random.nextInt(busy.size())));
        }
    }

    private static void deliverAll(MultiNodeFixture nodes, SplittableRandom random) {
        while (!nodes.busyLinks().isEmpty()) {
            deliverSome(nodes, random, 1);
        }
    }

    @Test
    void bothPeersOnOneOtherNode_inFlightBothWays_deliveredInOrder_routeCollapses() {
        for (long seed = 0; seed < 40; seed++) {
            fuseWithPeersOn(1, 1, seed);
        }
    }

    @Test
    void peersOnTwoOtherNodes_inFlightBothWays_deliveredInOrder_routeCollapses() {
        for (long seed = 0; seed < 40; seed++) {
            fuseWithPeersOn(1, 2, seed);
        }
    }

    @Test
    void onePeerHereOneElsewhere_inFlightBothWays_deliveredInOrder_routeCollapses() {
        for (long seed = 0; seed < 40; seed++) {
            fuseWithPeersOn(0, 1, seed);
            fuseWithPeersOn(2, 0, seed);
        }
    }

    @Test
    void bothPeersHere_stillAPlainLocalFuse() {
        for (long seed = 0; seed < 5; seed++) {
            fuseWithPeersOn(0, 0, seed);
        }
    }

    /**
     * While the route collapses there are proxies on node 0 (the fused ports forward what was on its way); once
     * everything is delivered there are none, and A and B's messages travel between nodes 1 and 2 only.
     */
    @Test
    void fusedPortsProxyUntilTheRouteCollapses_thenNoneLeft() {
        try (MultiNodeFixture nodes = MultiNodeFixture.create(3)) {
            MessagePipe left = nodes.endpointPair(1, 0);
            MessagePipe right = nodes.endpointPair(0, 2);
            write(left.end0(), 1);
            nodes.node(0).fuseMessagePipes(left.end1(), right.end0());
            assertThat(nodes.proxyCount(0)).isEqualTo(2);
            nodes.deliverAll();
            assertThat(nodes.proxyCount(0)).isZero();
            assertThat(nodes.portCount(0)).isZero();
            assertThat(number(right.end1().readMessage())).isEqualTo(1);
            write(right.end1(), 2);
            assertThat(nodes.busyLinks()).containsExactly(new MultiNodeFixture.Link(2, 1));
            nodes.deliverAll();
            assertThat(number(left.end0().readMessage())).isEqualTo(2);
            left.close();
            right.close();
            nodes.deliverAll();
            nodes.assertNoLeaks();
        }
    }

    /**
     * A closes right after the fuse, with its messages still on their way: B reads every one of them, then
     * sees PEER_CLOSED (closed by the user); at each point of the collapse the close may come.
     */
    @Test
    void peerClosesRacingTheFuse_survivorSeesPeerClosedAfterEveryMessage() {
        for (int closeAfter = 0; closeAfter < 12; closeAfter++) {
            try (MultiNodeFixture nodes = MultiNodeFixture.create(3)) {
                MessagePipeEndpoint[] ends = fusedWithMessagesInFlight(nodes, new int[] {1, 2}, new int[0]);
                MessagePipeEndpoint endA = ends[0];
                MessagePipeEndpoint endB = ends[1];
                write(endA, 3);
                for (int k = 0; k < closeAfter; k++) {
                    nodes.deliverNext();
                }
                endA.close();
                nodes.deliverAll();
                assertThat(readInOrder(endB, 1)).isEqualTo(4);
                assertThat(peerClosed(endB)).as("close after %d frames", closeAfter).isTrue();
                assertThat(endB.peerClosureReason()).contains(ClosureReason.CLOSED_BY_USER);
                assertThat(endB.writeMessage(number(9))).isEqualTo(MojoResult.FAILED_PRECONDITION);
                nodes.assertRoutesCollapsed();
                closeAndCheckNothingLeft(nodes, endB);
            }
        }
    }

    /**
     * B closes while the fuse's route still has proxies and both sides' messages are on their way: A reads all of
     * B's, then PEER_CLOSED; what A wrote reached B's node before B closed or is dropped with B.
     */
    @Test
    void otherPeerClosesRacingTheFuse_survivorReadsEverythingThenPeerClosed() {
        for (int closeAfter = 0; closeAfter < 10; closeAfter++) {
            try (MultiNodeFixture nodes = MultiNodeFixture.create(3)) {
                MessagePipeEndpoint[] ends = fusedWithMessagesInFlight(nodes, new int[] {1}, new int[] {11});
                MessagePipeEndpoint endA = ends[0];
                MessagePipeEndpoint endB = ends[1];
                write(endA, 2);
                write(endB, 12);
                for (int k = 0; k < closeAfter; k++) {
                    nodes.deliverNext();
                }
                int atA = readInOrder(endA, 11);
                endB.close();
                nodes.deliverAll();
                assertThat(readInOrder(endA, atA)).isEqualTo(13);
                assertThat(peerClosed(endA)).isTrue();
                nodes.assertRoutesCollapsed();
                closeAndCheckNothingLeft(nodes, endA);
            }
        }
    }

    /** Both survivors close at once while the fuse's proxies still forward: everything goes, nothing is left. */
    @Test
    void bothPeersCloseRacingTheFuse_everythingGoes() {
        for (int closeAfter = 0; closeAfter < 10; closeAfter++) {
            try (MultiNodeFixture nodes = MultiNodeFixture.create(3)) {
                MessagePipeEndpoint[] ends = fusedWithMessagesInFlight(nodes, new int[] {1, 2}, new int[] {11});
                for (int k = 0; k < closeAfter; k++) {
                    nodes.deliverNext();
                }
                closeAndCheckNothingLeft(nodes, ends);
                assertThat(nodes.violations()).isEmpty();
            }
        }
    }

    /**
     * The peer of a fused end closed on its node before the fuse, with its messages and its closure still on
     * their way to that end: the other survivor gets every message, then PEER_CLOSED.
     */
    @Test
    void aPeerClosedWithItsClosureStillInFlight_survivorGetsItsMessagesThenPeerClosed() {
        try (MultiNodeFixture nodes = MultiNodeFixture.create(3)) {
            MessagePipe left = nodes.endpointPair(1, 0);
            MessagePipe right = nodes.endpointPair(0, 2);
            write(left.end0(), 1);
            write(left.end0(), 2);
            left.end0().close();
            nodes.node(0).fuseMessagePipes(left.end1(), right.end0());
            MessagePipeEndpoint endB = right.end1();
            nodes.deliverAll();
            assertThat(readInOrder(endB, 1)).isEqualTo(3);
            assertThat(peerClosed(endB)).isTrue();
            nodes.assertRoutesCollapsed();
            endB.close();
            nodes.deliverAll();
            nodes.assertNoLeaks();
        }
    }

    /**
     * An end that has read messages is fused with a pipe whose peer is on another node: refused, naming it and
     * the rule (the remote peer would wait for message 1), and nothing changed. With the peer on the fusing node
     * the same fuse works: that peer is told where its numbering starts.
     */
    @Test
    void anEndThatReadMessages_refusedWhenTheOtherPeerIsRemote_allowedWhenItIsLocal() {
        try (MultiNodeFixture nodes = MultiNodeFixture.create(2)) {
            MessagePipe left = nodes.endpointPair(1, 0);
            MessagePipe right = nodes.endpointPair(0, 1);
            write(right.end1(), 1);
            write(right.end1(), 2);
            nodes.deliverAll();
            assertThat(number(right.end0().readMessage())).isEqualTo(1);
            assertThatThrownBy(() -> nodes.node(0).fuseMessagePipes(left.end1(), right.end0()))
                    .isInstanceOfSatisfying(MojoException.class,
                            e -> assertThat(e.result()).isEqualTo(MojoResult.FAILED_PRECONDITION))
                    .hasMessageContaining("handles[1]")
                    .hasMessageContaining("has read messages");
            // Nothing changed: both pipes work as before.
            assertThat(number(right.end0().readMessage())).isEqualTo(2);
            write(left.end0(), 5);
            nodes.deliverAll();
            assertThat(number(left.end1().readMessage())).isEqualTo(5);
            left.close();
            right.close();
            nodes.deliverAll();

            MessagePipe local = nodes.node(0).createMessagePipe();
            MessagePipe across = nodes.endpointPair(0, 1);
            nodes.deliverAll();
            write(across.end1(), 1);
            write(across.end1(), 2);
            write(across.end1(), 3);
            nodes.deliverNext();
            assertThat(number(across.end0().readMessage())).isEqualTo(1);
            nodes.node(0).fuseMessagePipes(local.end1(), across.end0());
            write(across.end1(), 4);
            nodes.deliverAll();
            assertThat(readInOrder(local.end0(), 2)).isEqualTo(5);
            nodes.assertRoutesCollapsed();
            local.end0().close();
            across.end1().close();
            nodes.deliverAll();
            nodes.assertNoLeaks();
        }
    }

    /** A chain of pipes across three nodes fused link by link collapses to one pipe between its two ends. */
    @Test
    void chainAcrossNodes_fusedLinkByLink_collapsesToOnePipe() {
        try (MultiNodeFixture nodes = MultiNodeFixture.create(3)) {
            List<MessagePipe> chain = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                chain.add(nodes.endpointPair(i % 3, (i + 1) % 3));
            }
            MessagePipeEndpoint first = chain.getFirst().end0();
            MessagePipeEndpoint last = chain.getLast().end1();
            write(first, 1);
            for (int i = 0; i + 1 < chain.size(); i++) {
                MessagePipeEndpoint x = chain.get(i).end1();
                MessagePipeEndpoint y = chain.get(i + 1).end0();
                nodes.coreOf(x).fuseMessagePipes(x, y);
                nodes.deliverNext();
            }
            write(first, 2);
            write(last, 3);
            nodes.deliverAll();
            assertThat(readInOrder(last, 1)).isEqualTo(3);
            assertThat(readInOrder(first, 3)).isEqualTo(4);
            nodes.assertRoutesCollapsed();
            first.close();
            last.close();
            nodes.deliverAll();
            nodes.assertNoLeaks();
        }
    }
}

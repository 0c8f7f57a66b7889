package org.jmojo.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import org.jmojo.system.ClosureReason;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.ReadResult;
import org.jmojo.system.Signals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 8, item 2: message pipe endpoints moving between nodes (docs/ports.md), through the public system API of
 * a {@link MultiNodeFixture}. Each test drives delivery itself, so the interleavings it names happen exactly.
 */
@Timeout(60)
class PortMoveTest {
    private static byte[] number(int n) {
        return ByteBuffer.allocate(4).putInt(n).array();
    }

    private static int number(ReadResult r) {
        assertThat(r.result()).isEqualTo(MojoResult.OK);
        return ByteBuffer.wrap(r.message().bytes()).getInt();
    }

    /** Writes {@code end} into {@code carrier} (an end on the node {@code end} is on); returns nothing to hold. */
    private static void send(MessagePipeEndpoint carrier, MessagePipeEndpoint end) {
        assertThat(carrier.writeMessage(new byte[] {42}, List.of(end))).isEqualTo(MojoResult.OK);
    }

    /** Reads the endpoint a carrier message brought. */
    private static MessagePipeEndpoint receive(MessagePipeEndpoint carrier) {
        ReadResult r = carrier.readMessage();
        assertThat(r.result()).isEqualTo(MojoResult.OK);
        assertThat(r.message().handles()).hasSize(1);
        return (MessagePipeEndpoint) r.message().handles().getFirst();
    }

    /** Delivers one event at a time until the carrier message has arrived, then reads the endpoint it brought. */
    private static MessagePipeEndpoint receiveWhenArrived(MultiNodeFixture nodes, MessagePipeEndpoint carrier) {
        while (!carrier.querySignalsState().satisfied().containsAll(Signals.READABLE)) {
            assertThat(nodes.deliverNext()).as("the carrier message is on its way").isTrue();
        }
        return receive(carrier);
    }

    private static int proxies(MultiNodeFixture nodes) {
        int n = 0;
        for (int i = 0; i < nodes.nodeCount(); i++) {
            n += nodes.proxyCount(i);
        }
        return n;
    }

    /**
     * An end bounces 0 → 1 → 2 → 0 while its peer (on node 1) keeps writing, and it writes back from wherever it
     * is: every message arrives once and in order both ways, proxies exist while it travels, and once everything
     * is delivered the route has collapsed and the pipe is a plain pair again.
     */
    @Test
    void bounceThroughThreeNodesWhileMessagesFlow_eachOnceInOrder_routeCollapses() {
        try (MultiNodeFixture nodes = MultiNodeFixture.create(3)) {
            MessagePipe c01 = nodes.endpointPair(0, 1);
            MessagePipe c12 = nodes.endpointPair(1, 2);
            MessagePipe c20 = nodes.endpointPair(2, 0);
            MessagePipe pipe = nodes.endpointPair(0, 1);
            MessagePipeEndpoint still = pipe.end1();
            MessagePipeEndpoint moving = pipe.end0();
            int toMoving = 0;
            int readByMoving = 0;
            int toStill = 0;
            int readByStill = 0;
            MessagePipe[] hops = {c01, c12, c20};
            int maxProxies = 0;
            for (int lap = 0; lap < 2; lap++) {
                for (MessagePipe hop : hops) {
                    assertThat(still.writeMessage(number(toMoving++))).isEqualTo(MojoResult.OK);
                    assertThat(moving.writeMessage(number(toStill++))).isEqualTo(MojoResult.OK);
                    send(hop.end0(), moving);
                    // The peer writes while the end travels, and some events cross before it arrives.
                    assertThat(still.writeMessage(number(toMoving++))).isEqualTo(MojoResult.OK);
                    nodes.deliverNext();
                    nodes.deliverNext();
                    assertThat(still.writeMessage(number(toMoving++))).isEqualTo(MojoResult.OK);
                    nodes.deliverNext();
                    maxProxies = Math.max(maxProxies, proxies(nodes));
                    moving = receiveWhenArrived(nodes, hop.end1());
                    ReadResult r;
                    while ((r = moving.readMessage()).result() == MojoResult.OK) {
                        assertThat(number(r)).isEqualTo(readByMoving++);
                    }
                    assertThat(moving.writeMessage(number(toStill++))).isEqualTo(MojoResult.OK);
                    while ((r = still.readMessage()).result() == MojoResult.OK) {
                        assertThat(number(r)).isEqualTo(readByStill++);
                    }
                }
            }
            nodes.deliverAll();
            ReadResult r;
            while ((r = moving.readMessage()).result() == MojoResult.OK) {
                assertThat(number(r)).isEqualTo(readByMoving++);
            }
            while ((r = still.readMessage()).result() == MojoResult.OK) {
                assertThat(number(r)).isEqualTo(readByStill++);
            }
            assertThat(readByMoving).isEqualTo(toMoving);
            assertThat(readByStill).isEqualTo(toStill);
            assertThat(maxProxies).isPositive();
            nodes.assertRoutesCollapsed();
            // Back on node 0 with its peer on node 1: two ports for the pipe, one on each, plus the carriers'.
            assertThat(nodes.portCount(0)).isEqualTo(3);
            assertThat(nodes.portCount(1)).isEqualTo(3);
            assertThat(nodes.portCount(2)).isEqualTo(2);
            assertThat(moving.querySignalsState().satisfied().containsAll(Signals.PEER_REMOTE)).isTrue();
            moving.close();
            nodes.deliverAll();
            assertThat(still.readMessage().result()).isEqualTo(MojoResult.FAILED_PRECONDITION);
            still.close();
            c01.close();
            c12.close();
            c20.close();
            nodes.deliverAll();
            assertThat(nodes.violations()).isEmpty();
            nodes.assertNoLeaks();
        }
    }

    /** Both ends of a pipe swap nodes at once, each with messages on the way to it: nothing lost or reordered. */
    @Test
    void bothEndsMoveAtOnce_messagesBothWaysArriveInOrder_routeCollapses() {
        try (MultiNodeFixture nodes = MultiNodeFixture.create(2)) {
            MessagePipe c01 = nodes.endpointPair(0, 1);
            MessagePipe c10 = nodes.endpointPair(1, 0);
            MessagePipe pipe = nodes.endpointPair(0, 1);
            for (int i = 0; i < 3; i++) {
                assertThat(pipe.end0().writeMessage(number(i))).isEqualTo(MojoResult.OK);
                assertThat(pipe.end1().writeMessage(number(100 + i))).isEqualTo(MojoResult.OK);
            }
            send(c01.end0(), pipe.end0());
            send(c10.end0(), pipe.end1());
            // Interleave the two moves link by link.
            for (int i = 0; i < 5 && nodes.deliverNext(); i++) {
                // one event at a time
            }
            MessagePipeEndpoint nowOn1 = receiveWhenArrived(nodes, c01.end1());
            MessagePipeEndpoint nowOn0 = receiveWhenArrived(nodes, c10.end1());
            for (int i = 3; i < 6; i++) {
                assertThat(nowOn1.writeMessage(number(i))).isEqualTo(MojoResult.OK);
                assertThat(nowOn0.writeMessage(number(100 + i))).isEqualTo(MojoResult.OK);
            }
            nodes.deliverAll();
            for (int i = 0; i < 6; i++) {
                assertThat(number(nowOn0.readMessage())).isEqualTo(i);
                assertThat(number(nowOn1.readMessage())).isEqualTo(100 + i);
            }
            assertThat(nowOn0.readMessage().result()).isEqualTo(MojoResult.SHOULD_WAIT);
            assertThat(nowOn1.readMessage().result()).isEqualTo(MojoResult.SHOULD_WAIT);
            nodes.assertRoutesCollapsed();
            nowOn0.close();
            nowOn1.close();
            c01.close();
            c10.close();
            nodes.deliverAll();
            assertThat(nodes.violations()).isEmpty();
            nodes.assertNoLeaks();
        }
    }

    /**
     * The peer writes and closes while the end travels, before and after the new node accepts it: the moved end
     * reads every message, and only then reports PEER_CLOSED (reason: closed by the user).
     */
    @Test
    void peerClosesWhileTheEndTravels_everyMessageThenPeerClosed() {
        for (int deliveredBeforeClose = 0; deliveredBeforeClose < 6; deliveredBeforeClose++) {
            try (MultiNodeFixture nodes = MultiNodeFixture.create(3)) {
                MessagePipe c01 = nodes.endpointPair(0, 1);
                MessagePipe pipe = nodes.endpointPair(0, 2);
                assertThat(pipe.end1().writeMessage(number(0))).isEqualTo(MojoResult.OK);
                send(c01.end0(), pipe.end0());
                assertThat(pipe.end1().writeMessage(number(1))).isEqualTo(MojoResult.OK);
                for (int i = 0; i < deliveredBeforeClose; i++) {
                    nodes.deliverNext();
                }
                assertThat(pipe.end1().writeMessage(number(2))).isEqualTo(MojoResult.OK);
                pipe.end1().close();
                MessagePipeEndpoint moved = null;
                // Deliver one event at a time, picking the moved end up as soon as it arrives, and check that
                // PEER_CLOSED never comes before the last message.
                int read = 0;
                while (true) {
                    if (moved == null && c01.end1().querySignalsState().satisfied().containsAll(Signals.READABLE)) {
                        moved = receive(c01.end1());
                    }
                    if (moved != null) {
                        ReadResult r;
                        while ((r = moved.readMessage()).result() == MojoResult.OK) {
                            assertThat(number(r)).as("after %d deliveries", deliveredBeforeClose).isEqualTo(read++);
                        }
                        if (r.result() == MojoResult.FAILED_PRECONDITION) {
                            assertThat(read).as("PEER_CLOSED after %d deliveries", deliveredBeforeClose).isEqualTo(3);
                            break;
                        }
                    }
                    assertThat(nodes.deliverNext()).as("the closure arrives").isTrue();
                }
                assertThat(moved.peerClosureReason()).contains(ClosureReason.CLOSED_BY_USER);
                moved.close();
                c01.close();
                nodes.deliverAll();
                assertThat(nodes.violations()).isEmpty();
                nodes.assertRoutesCollapsed();
                nodes.assertNoLeaks();
            }
        }
    }

    /** The moved end closes at once on arrival: the peer, still writing to the old place, sees PEER_CLOSED. */
    @Test
    void movedEndClosesOnArrival_peerSeesPeerClosed_noProxyLeft() {
        try (MultiNodeFixture nodes = MultiNodeFixture.create(2)) {
            MessagePipe c01 = nodes.endpointPair(0, 1);
            MessagePipe pipe = nodes.endpointPair(0, 0);
            send(c01.end0(), pipe.end1());
            assertThat(pipe.end0().writeMessage(number(0))).isEqualTo(MojoResult.OK);
            nodes.deliverNext(); // the carrier message only
            receive(c01.end1()).close();
            assertThat(pipe.end0().writeMessage(number(1))).isEqualTo(MojoResult.OK);
            nodes.deliverAll();
            assertThat(pipe.end0().querySignalsState().satisfied().containsAll(Signals.PEER_CLOSED)).isTrue();
            assertThat(pipe.end0().writeMessage(number(2))).isEqualTo(MojoResult.FAILED_PRECONDITION);
            nodes.assertRoutesCollapsed();
            pipe.end0().close();
            c01.close();
            nodes.deliverAll();
            assertThat(nodes.violations()).isEmpty();
            nodes.assertNoLeaks();
        }
    }

    /**
     * A pipe end travels inside a message of another pipe whose reading end is itself moving (and the inner end's
     * peer writes all along): the inner end arrives with the outer message, working, with every message in order.
     */
    @Test
    void pipeInsideAMovingPipe_arrivesWorkingWithItsMessages() {
        try (MultiNodeFixture nodes = MultiNodeFixture.create(3)) {
            MessagePipe c12 = nodes.endpointPair(1, 2);
            MessagePipe outer = nodes.endpointPair(0, 1);
            MessagePipe inner = nodes.endpointPair(0, 0);
            assertThat(inner.end0().writeMessage(number(0))).isEqualTo(MojoResult.OK);
            assertThat(outer.end0().writeMessage(number(7), List.of(inner.end1()))).isEqualTo(MojoResult.OK);
            assertThat(inner.end0().writeMessage(number(1))).isEqualTo(MojoResult.OK);
            // The outer reading end leaves node 1 for node 2 before the outer message reaches it.
            send(c12.end0(), outer.end1());
            assertThat(inner.end0().writeMessage(number(2))).isEqualTo(MojoResult.OK);
            nodes.deliverAll();
            MessagePipeEndpoint outerOn2 = receive(c12.end1());
            ReadResult carried = outerOn2.readMessage();
            assertThat(number(carried)).isEqualTo(7);
            MessagePipeEndpoint innerOn2 = (MessagePipeEndpoint) carried.message().handles().getFirst();
            assertThat(inner.end0().writeMessage(number(3))).isEqualTo(MojoResult.OK);
            nodes.deliverAll();
            for (int i = 0; i < 4; i++) {
                assertThat(number(innerOn2.readMessage())).isEqualTo(i);
            }
            assertThat(innerOn2.writeMessage(number(9))).isEqualTo(MojoResult.OK);
            nodes.deliverAll();
            assertThat(number(inner.end0().readMessage())).isEqualTo(9);
            nodes.assertRoutesCollapsed();
            innerOn2.close();
            inner.end0().close();
            outerOn2.close();
            outer.end0().close();
            c12.close();
            nodes.deliverAll();
            assertThat(nodes.violations()).isEmpty();
            nodes.assertNoLeaks();
        }
    }

    /** A message carrying an end is dropped because its reader closed: the carried end's peer sees PEER_CLOSED. */
    @Test
    void carryingMessageDroppedOnAnotherNode_carriedEndClosed_itsPeerSeesPeerClosed() {
        try (MultiNodeFixture nodes = MultiNodeFixture.create(2)) {
            MessagePipe outer = nodes.endpointPair(0, 1);
            MessagePipe inner = nodes.endpointPair(0, 0);
            assertThat(outer.end0().writeMessage(number(0), List.of(inner.end1()))).isEqualTo(MojoResult.OK);
            outer.end1().close();
            nodes.deliverAll();
            assertThat(inner.end0().querySignalsState().satisfied().containsAll(Signals.PEER_CLOSED)).isTrue();
            nodes.assertRoutesCollapsed();
            inner.end0().close();
            outer.end0().close();
            nodes.deliverAll();
            assertThat(nodes.violations()).isEmpty();
            nodes.assertNoLeaks();
        }
    }

    /**
     * An end leaves its peer's node and comes back: once the route has collapsed the two ends are a local pair
     * again (two ports on node 0, no proxy), and a write is readable as soon as it returns, a close seen at once.
     */
    @Test
    void endComesBackToItsPeersNode_localPairAgain() {
        try (MultiNodeFixture nodes = MultiNodeFixture.create(2)) {
            MessagePipe c01 = nodes.endpointPair(0, 1);
            MessagePipe c10 = nodes.endpointPair(1, 0);
            MessagePipe pipe = nodes.endpointPair(0, 0);
            assertThat(pipe.end0().writeMessage(number(0))).isEqualTo(MojoResult.OK);
            send(c01.end0(), pipe.end1());
            nodes.deliverAll();
            MessagePipeEndpoint away = receive(c01.end1());
            assertThat(pipe.end0().writeMessage(number(1))).isEqualTo(MojoResult.OK);
            send(c10.end0(), away);
            nodes.deliverAll();
            MessagePipeEndpoint back = receive(c10.end1());
            nodes.assertRoutesCollapsed();
            assertThat(nodes.portCount(0)).isEqualTo(4); // the pipe's two ports and one end of each carrier
            assertThat(nodes.portCount(1)).isEqualTo(2);
            assertThat(number(back.readMessage())).isEqualTo(0);
            assertThat(number(back.readMessage())).isEqualTo(1);
            for (int i = 2; i < 5; i++) {
                assertThat(pipe.end0().writeMessage(number(i))).isEqualTo(MojoResult.OK);
                assertThat(number(back.readMessage())).isEqualTo(i);
                assertThat(back.writeMessage(number(-i))).isEqualTo(MojoResult.OK);
                assertThat(number(pipe.end0().readMessage())).isEqualTo(-i);
            }
            assertThat(nodes.pendingEvents()).isZero();
            assertThat(back.querySignalsState().satisfied().containsAll(Signals.PEER_REMOTE)).isFalse();
            pipe.end0().close();
            assertThat(back.querySignalsState().satisfied().containsAll(Signals.PEER_CLOSED)).isTrue();
            back.close();
            c01.close();
            c10.close();
            nodes.deliverAll();
            assertThat(nodes.violations()).isEmpty();
            nodes.assertNoLeaks();
        }
    }
}

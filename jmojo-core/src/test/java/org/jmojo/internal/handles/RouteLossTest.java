package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jmojo.internal.multinode.SimulatedNetwork;
import org.jmojo.internal.ports.Node;
import org.jmojo.system.ClosureReason;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node loss where a route runs through a buffering or proxying port (docs/ports.md, "Node loss"; issue 8): the
 * port whose peer's node is lost is erased and tells the ports that depended on it with a dead-port notice, so the
 * surviving ends become peer-closed (PEER_LOST) after what already arrived, no route is left half-collapsed, and
 * everything is freed. Each test drives one interleaving by hand, delivering chosen links only.
 */
@Timeout(60)
class RouteLossTest extends ThreeSimulatedNodes {
    private void assertNoRouteLeft() {
        for (LocalCore n : List.of(a, b, c)) {
            Node.Census census = n.node().census();
            assertThat(census.buffering() + census.proxying()).as("buffering or proxying ports on %s", n.nodeName())
                    .isZero();
        }
    }

    private void assertNothingLeft() {
        for (LocalCore n : List.of(a, b, c)) {
            assertThat(n.portCount() + n.liveHandleCount() + n.portsInTransitCount())
                    .as("ports, handles and ports in transit on %s", n.nodeName()).isZero();
        }
    }

    @Test
    void carryingMessageLostWithItsLink_bufferingPortErased_writerLearnsFromTheNotice() {
        MessagePipe pipe = a.createMessagePipeTo(b);
        MessagePipe carrier = b.createMessagePipeTo(c);
        assertThat(pipe.end0().writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK);
        deliverAllOn(a, b);
        // end1 leaves b for c: its port on b buffers and a learns (update-previous-peer) of a new location on c ...
        assertThat(carrier.end0().writeMessage(new byte[] {9}, List.of(pipe.end1()))).isEqualTo(MojoResult.OK);
        deliverAllOn(b, a);
        // ... which never exists: the message carrying it goes with the link. Only b knows; a lost nobody.
        network.loseLink(b.nodeName(), c.nodeName());
        assertThat(peerClosed(pipe.end0())).as("before the notice arrives").isFalse();

        deliverAllOn(b, a);

        assertThat(peerClosed(pipe.end0())).isTrue();
        assertThat(pipe.end0().peerClosureReason()).contains(ClosureReason.PEER_LOST);
        assertThat(pipe.end0().writeMessage(new byte[] {2})).isEqualTo(MojoResult.FAILED_PRECONDITION);
        assertNoRouteLeft();
        pipe.end0().close();
        carrier.close();
        network.deliverAll(100);
        assertNothingLeft();
    }

    @Test
    void noticeOvertakesTheUpdateItIsAbout_rememberedUntilTheUpdateArrives() {
        network.stageEntries(true);
        MessagePipe pipe = a.createMessagePipeTo(b);
        MessagePipe carrier = b.createMessagePipeTo(c);
        assertThat(carrier.end0().writeMessage(new byte[] {9}, List.of(pipe.end1()))).isEqualTo(MojoResult.OK);
        network.loseLink(b.nodeName(), c.nodeName());
        SimulatedNetwork.Link ba = new SimulatedNetwork.Link(b.nodeName(), a.nodeName());
        // b sent a the update-previous-peer first, then two notices; the later frames enter the link first.
        assertThat(network.stagedLinks()).containsEntry(ba, 3);
        network.admit(ba, 2);
        network.admit(ba, 1);
        network.admit(ba, 0);
        network.stageEntries(false);
        network.deliverAll(100);

        assertThat(peerClosed(pipe.end0())).isTrue();
        assertThat(pipe.end0().peerClosureReason()).contains(ClosureReason.PEER_LOST);
        assertNoRouteLeft();
        pipe.end0().close();
        carrier.close();
        network.deliverAll(100);
        assertNothingLeft();
    }

    @Test
    void proxyWhosePeersNodeIsLost_erased_writerPeerClosedByTheNoticeAlone() {
        MessagePipe pipe = a.createMessagePipeTo(b);
        MessagePipe carrier = b.createMessagePipeTo(c);
        assertThat(carrier.end0().writeMessage(new byte[] {9}, List.of(pipe.end1()))).isEqualTo(MojoResult.OK);
        // The moved end arrives on c and is accepted: its old port on b proxies, and asks to be removed.
        deliverAllOn(b, c);
        deliverAllOn(c, b);
        assertThat(b.node().census().proxying()).isEqualTo(1);
        assertThat(pipe.end0().writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK);
        deliverAllOn(a, b); // the message reaches the proxy, which forwards it toward c

        network.loseLink(b.nodeName(), c.nodeName());
        assertThat(b.node().census().proxying()).as("the proxy on b went with its peer's link").isZero();
        // Only b -> a is delivered: a learns from b's notice, not from c's closure.
        deliverAllOn(b, a);

        assertThat(peerClosed(pipe.end0())).isTrue();
        assertThat(pipe.end0().peerClosureReason()).contains(ClosureReason.PEER_LOST);
        network.deliverAll(100);
        assertNoRouteLeft();
        pipe.end0().close();
        carrier.close();
        network.deliverAll(100);
        assertNothingLeft();
    }

    @Test
    void forgedNotice_fromAnotherPortOrNode_changesNothing() throws Exception {
        MessagePipe pipe = a.createMessagePipeTo(b);
        org.jmojo.internal.ports.PortName end0 = ((EndpointDispatcher) HandleHolder.dispatcherOf(pipe.end0(), -1)).port.name();
        org.jmojo.internal.ports.PortName end1 = ((EndpointDispatcher) HandleHolder.dispatcherOf(pipe.end1(), -1)).port.name();
        // c names b's port as dead: only b's port itself may say so.
        byte[] forged = org.jmojo.internal.ports.wire.EventCodec.encode(
                new org.jmojo.internal.ports.wire.DeadPortEvent(end0, end1, b.nodeName(), end1));
        // Not about a's peer from that port itself; kept only for an update-previous-peer from c that never comes.
        assertThat(a.acceptEvent(c.nodeName(), forged)).isEqualTo(Node.RemoteVerdict.HELD);
        assertThat(a.acceptEvent(c.nodeName(), forged)).as("repeated").isEqualTo(Node.RemoteVerdict.DROPPED);
        assertThat(peerClosed(pipe.end0())).isFalse();
        assertThat(pipe.end0().writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK);
        network.deliverAll(10);
        assertThat(pipe.end1().readMessage().message().bytes()).containsExactly(1);
        pipe.close();
        network.deliverAll(10);
        assertNothingLeft();
    }
}

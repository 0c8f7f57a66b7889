package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.jmojo.internal.multinode.SimulatedNetwork;
import org.jmojo.internal.ports.Node;
import org.jmojo.internal.ports.NodeName;
import org.jmojo.internal.ports.PortName;
import org.jmojo.internal.ports.wire.EventCodec;
import org.jmojo.internal.ports.wire.UserMessageEvent;
import org.jmojo.system.ClosureReason;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.ReadResult;
import org.jmojo.system.Signals;
import org.jmojo.system.Trap;
import org.jmojo.system.TrapEvent;
import org.jmojo.system.TriggerCondition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node loss (docs/architecture.md §3, node loss; issue 8 item 2): when a node learns that its channel to
 * another ended, by link loss, a kill or a violation that cut the sender off, every pipe whose other end is
 * there reports its peer closed (reason PEER_LOST) once what already arrived is read, no later event from
 * the lost node is processed, and nothing else is touched.
 */
@Timeout(60)
class NodeLossTest {
    private final SimulatedNetwork network = new SimulatedNetwork();
    private final LocalCore a = joined();
    private final LocalCore b = joined();

    private LocalCore joined() {
        LocalCore n = LocalCore.of(LocalCore.newNode());
        network.join(n.core());
        return n;
    }

    private static PortName portOf(MessagePipeEndpoint end) {
        return ((EndpointDispatcher) HandleHolder.dispatcherOf(end, -1)).port.name();
    }

    private static boolean peerClosed(MessagePipeEndpoint end) {
        return end.querySignalsState().satisfied().containsAll(Signals.PEER_CLOSED);
    }

    private static List<Integer> drain(MessagePipeEndpoint end) {
        List<Integer> read = new ArrayList<>();
        ReadResult r;
        while ((r = end.readMessage()).result() == MojoResult.OK) {
            read.add((int) r.message().bytes()[0]);
        }
        assertThat(r.result()).as("the read after the last message").isEqualTo(MojoResult.FAILED_PRECONDITION);
        return read;
    }

    @Test
    void linkLost_deliveredPrefixReadableThenPeerClosedBothEnds_restDiscarded_nothingLeft() {
        MessagePipe p = a.createMessagePipeTo(b);
        for (int i = 1; i <= 3; i++) {
            assertThat(p.end0().writeMessage(new byte[] {(byte) i})).isEqualTo(MojoResult.OK);
        }
        network.deliverNext();
        network.deliverNext();
        assertThat(peerClosed(p.end1())).isFalse();

        assertThat(network.loseLink(a.nodeName(), b.nodeName())).as("ports broken").isEqualTo(2);

        assertThat(network.pendingFrames()).as("the third frame went with the link").isZero();
        assertThat(peerClosed(p.end1())).isTrue();
        assertThat(p.end1().peerClosureReason()).contains(ClosureReason.PEER_LOST);
        assertThat(drain(p.end1())).containsExactly(1, 2);
        assertThat(peerClosed(p.end0())).isTrue();
        assertThat(p.end0().peerClosureReason()).contains(ClosureReason.PEER_LOST);
        assertThat(p.end0().writeMessage(new byte[] {4})).isEqualTo(MojoResult.FAILED_PRECONDITION);
        p.close();
        assertThat(network.pendingFrames()).as("a closure for a lost node is discarded").isZero();
        assertThat(a.portCount() + b.portCount() + a.liveHandleCount() + b.liveHandleCount()).isZero();
        assertThat(network.loseLink(a.nodeName(), b.nodeName())).as("a second loss changes nothing").isZero();
    }

    @Test
    void linkLost_otherPipesUntouched_localAndToAThirdNode() {
        LocalCore c = joined();
        MessagePipe ab = a.createMessagePipeTo(b);
        MessagePipe ac = a.createMessagePipeTo(c);
        MessagePipe local = a.createMessagePipe();

        network.loseLink(a.nodeName(), b.nodeName());

        assertThat(peerClosed(ab.end0())).isTrue();
        assertThat(peerClosed(ac.end0())).isFalse();
        assertThat(ac.end0().writeMessage(new byte[] {7})).isEqualTo(MojoResult.OK);
        assertThat(local.end0().writeMessage(new byte[] {8})).isEqualTo(MojoResult.OK);
        network.deliverAll(10);
        assertThat(ac.end1().readMessage().message().bytes()).containsExactly(7);
        assertThat(local.end1().readMessage().message().bytes()).containsExactly(8);
        ab.close();
        ac.close();
        local.close();
        network.deliverAll(10);
        assertThat(a.portCount() + b.portCount() + c.portCount()).isZero();
    }

    @Test
    void eventFromALostNode_droppedNotProcessed() throws Exception {
        MessagePipe p = a.createMessagePipeTo(b);
        network.loseLink(a.nodeName(), b.nodeName());
        byte[] late = EventCodec.encode(UserMessageEvent.of(portOf(p.end1()), portOf(p.end0()), 1, 1,
                MemorySegment.ofArray(new byte[] {9})));
        assertThat(b.acceptEvent(a.nodeName(), late)).isEqualTo(Node.RemoteVerdict.DROPPED);
        assertThat(drain(p.end1())).isEmpty();
        p.close();
        assertThat(a.portCount() + b.portCount()).isZero();
    }

    @Test
    void eventsHeldFromTheLostNode_dropped_heldFromOthersKept() throws Exception {
        MessagePipe p = a.createMessagePipeTo(b);
        network.stageEntries(true);
        p.end0().writeMessage(new byte[] {1});
        p.end0().writeMessage(new byte[] {2});
        SimulatedNetwork.Link ab = new SimulatedNetwork.Link(a.nodeName(), b.nodeName());
        network.admit(ab, 1); // the second written enters the link first: held at the receiver
        network.deliverOn(ab);
        assertThat(p.end1().readMessage().result()).isEqualTo(MojoResult.SHOULD_WAIT);

        network.loseLink(a.nodeName(), b.nodeName());

        assertThat(drain(p.end1())).as("the held message never becomes readable").isEmpty();
        p.close();
        assertThat(a.portCount() + b.portCount()).isZero();
    }

    @Test
    void closureKnownAndComplete_unaffected_reasonStaysClosedByUser() {
        MessagePipe p = a.createMessagePipeTo(b);
        p.end0().writeMessage(new byte[] {1});
        p.end0().close();
        network.deliverAll(10);

        assertThat(network.loseLink(a.nodeName(), b.nodeName())).isZero();

        assertThat(p.end1().peerClosureReason()).contains(ClosureReason.CLOSED_BY_USER);
        assertThat(drain(p.end1())).containsExactly(1);
        p.end1().close();
        assertThat(a.portCount() + b.portCount()).isZero();
    }

    @Test
    void kill_survivorsPipesToItPeerClosed_pipesBetweenSurvivorsWork() {
        LocalCore c = joined();
        MessagePipe ac = a.createMessagePipeTo(c);
        MessagePipe bc = b.createMessagePipeTo(c);
        MessagePipe ab = a.createMessagePipeTo(b);
        ac.end1().writeMessage(new byte[] {5});
        network.deliverAll(10);

        assertThat(network.kill(c.nodeName())).as("survivor ports broken").isEqualTo(2);

        assertThat(peerClosed(ac.end0())).isTrue();
        assertThat(peerClosed(bc.end0())).isTrue();
        assertThat(drain(ac.end0())).containsExactly(5);
        assertThat(peerClosed(ab.end0())).isFalse();
        // What the dead node still does reaches nobody.
        bc.end1().writeMessage(new byte[] {6});
        assertThat(network.pendingFrames()).isZero();
        ab.end0().writeMessage(new byte[] {7});
        network.deliverAll(10);
        assertThat(ab.end1().readMessage().message().bytes()).containsExactly(7);
        ac.end0().close();
        bc.end0().close();
        ab.close();
        network.deliverAll(10);
        assertThat(a.portCount() + b.portCount()).isZero();
    }

    @Test
    void violation_cutsTheLinkBothWays_bothNodesLearn() {
        LocalCore c = joined();
        MessagePipe ab = a.createMessagePipeTo(b);
        MessagePipe cb = c.createMessagePipeTo(b);
        network.sendRaw(a.nodeName(), b.nodeName(), new byte[] {1, 2, 3});

        network.deliverAll(10);

        assertThat(network.violationMessages()).singleElement().asString().contains(a.name());
        assertThat(network.isLost(a.nodeName(), b.nodeName())).isTrue();
        assertThat(network.isLost(b.nodeName(), a.nodeName())).isTrue();
        assertThat(peerClosed(ab.end0())).isTrue();
        assertThat(peerClosed(ab.end1())).isTrue();
        assertThat(cb.end0().writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK);
        network.deliverAll(10);
        assertThat(cb.end1().readMessage().message().bytes()).containsExactly(1);
        ab.close();
        cb.close();
        network.deliverAll(10);
        assertThat(a.portCount() + b.portCount() + c.portCount()).isZero();
    }

    @Test
    void lostNode_trapOnPeerClosedFires_onTheThreadThatRanTheLoss() {
        MessagePipe p = a.createMessagePipeTo(b);
        List<TrapEvent> events = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        try (Trap trap = b.createTrap(e -> {
            events.add(e);
            threads.add(Thread.currentThread());
        })) {
            assertThat(trap.addTrigger(p.end1(), Signals.PEER_CLOSED, TriggerCondition.SIGNALS_SATISFIED, 42))
                    .isEqualTo(MojoResult.OK);
            assertThat(trap.arm().result()).isEqualTo(MojoResult.OK);

            network.loseLink(a.nodeName(), b.nodeName());

            assertThat(events).extracting(TrapEvent::context).containsExactly(42L);
            assertThat(events.getFirst().result()).isEqualTo(MojoResult.OK);
            assertThat(threads).containsExactly(Thread.currentThread());
        }
        p.close();
    }

    @Test
    void lostConnectionTo_itself_refused() {
        NodeName self = a.nodeName();
        assertThatThrownBy(() -> a.lostConnectionTo(self))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("that is this node");
    }
}

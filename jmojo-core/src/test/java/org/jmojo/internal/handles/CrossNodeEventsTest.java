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
import org.jmojo.internal.ports.ProtocolViolationException;
import org.jmojo.internal.ports.PortRef;
import org.jmojo.internal.ports.PortState;
import org.jmojo.internal.ports.wire.ClosureReason;
import org.jmojo.internal.ports.wire.HandleEntry;
import org.jmojo.internal.ports.wire.HandleKind;
import org.jmojo.internal.ports.wire.PortAcceptedEvent;
import org.jmojo.internal.ports.wire.PortDescriptor;
import org.jmojo.internal.ports.wire.EventCodec;
import org.jmojo.internal.ports.wire.EventType;
import org.jmojo.internal.ports.wire.ObserveClosureEvent;
import org.jmojo.internal.ports.wire.PortsEvent;
import org.jmojo.internal.ports.wire.UserMessageEvent;
import org.jmojo.system.Core;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MojoResult;
import org.jmojo.system.ReadResult;
import org.jmojo.system.Signals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 8, item 2 (the minimal pipe across nodes): the frames two nodes exchange are real encoded events,
 * and the receiving port checks sender and control sequence (docs/architecture.md §3, sender verification)
 * whatever order the frames come in. Frames are captured from the sending node and handed to the receiving
 * one in the order each test chooses, the way the seeded scheduler of the simulation will.
 */
@Timeout(60)
class CrossNodeEventsTest {
    /** One frame a node sent. */
    private record Sent(NodeName from, NodeName to, byte[] bytes) {}

    /** Two nodes whose frames are captured, not delivered, and an endpoint on each joined by one pipe. */
    private static final class TwoNodes {
        final LocalCore a = LocalCore.of(LocalCore.newNode());
        final LocalCore b = LocalCore.of(LocalCore.newNode());
        final List<Sent> sent = new ArrayList<>();
        final MessagePipe pipe;
        private final PortName portOf0;
        private final PortName portOf1;

        TwoNodes() {
            a.attachTransport((from, to, bytes, fds) -> sent.add(new Sent(from, to, bytes)));
            b.attachTransport((from, to, bytes, fds) -> sent.add(new Sent(from, to, bytes)));
            pipe = a.createMessagePipeTo(b);
            portOf0 = ((EndpointDispatcher) HandleHolder.dispatcherOf(pipe.end0(), -1)).port.name();
            portOf1 = ((EndpointDispatcher) HandleHolder.dispatcherOf(pipe.end1(), -1)).port.name();
        }

        PortName portOf0() {
            return portOf0;
        }

        PortName portOf1() {
            return portOf1;
        }

        List<Sent> takeSent() {
            List<Sent> taken = List.copyOf(sent);
            sent.clear();
            return taken;
        }

        Node.RemoteVerdict deliver(Sent s) throws ProtocolViolationException {
            LocalCore to = s.to().equals(a.nodeName()) ? a : b;
            return to.acceptEvent(s.from(), s.bytes());
        }
    }

    private static byte[] userMessage(PortName target, PortName sender, long controlSequence, long sequence, int payload) {
        return EventCodec.encode(UserMessageEvent.of(target, sender, controlSequence, sequence,
                MemorySegment.ofArray(new byte[] {(byte) payload})));
    }

    @Test
    void write_leavesTheNodeAsEncodedEvent_typeTargetSenderAndControlSequence() throws Exception {
        TwoNodes n = new TwoNodes();
        assertThat(n.pipe.end0().writeMessage(new byte[] {7, 8})).isEqualTo(MojoResult.OK);
        assertThat(n.pipe.end0().writeMessage(new byte[] {9})).isEqualTo(MojoResult.OK);
        List<Sent> frames = n.takeSent();
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0).from()).isEqualTo(n.a.nodeName());
        assertThat(frames.get(0).to()).isEqualTo(n.b.nodeName());
        PortsEvent first = EventCodec.decode(MemorySegment.ofArray(frames.get(0).bytes()), 0);
        PortsEvent second = EventCodec.decode(MemorySegment.ofArray(frames.get(1).bytes()), 0);
        assertThat(first).isEqualTo(UserMessageEvent.of(n.portOf1(), n.portOf0(), 1, 1,
                MemorySegment.ofArray(new byte[] {7, 8})));
        assertThat(second.type()).isEqualTo(EventType.USER_MESSAGE);
        assertThat(second.controlSequence()).isEqualTo(2);
        // Nothing is readable before delivery; the end on node b sees it after.
        assertThat(n.pipe.end1().readMessage().result()).isEqualTo(MojoResult.SHOULD_WAIT);
        assertThat(n.deliver(frames.get(0))).isEqualTo(Node.RemoteVerdict.PROCESSED);
        assertThat(n.deliver(frames.get(1))).isEqualTo(Node.RemoteVerdict.PROCESSED);
        assertThat(n.pipe.end1().readMessage().message().bytes()).containsExactly(7, 8);
        assertThat(n.pipe.end1().readMessage().message().bytes()).containsExactly(9);
        n.pipe.close();
    }

    /** Frames put on the channel in another order (concurrent writers, §5) are processed in the order produced. */
    @Test
    void framesInReverseOrder_heldUntilTheirTurn_closureLastAndPeerClosedOnlyWhenComplete() throws Exception {
        TwoNodes n = new TwoNodes();
        for (int i = 1; i <= 3; i++) {
            assertThat(n.pipe.end0().writeMessage(new byte[] {(byte) i})).isEqualTo(MojoResult.OK);
        }
        n.pipe.end0().close();
        List<Sent> frames = n.takeSent();
        assertThat(frames).hasSize(4);
        PortsEvent closure = EventCodec.decode(MemorySegment.ofArray(frames.get(3).bytes()), 0);
        assertThat(closure).isEqualTo(new ObserveClosureEvent(n.portOf1(), n.portOf0(), 4, 3, ClosureReason.USER_CLOSED));

        assertThat(n.deliver(frames.get(3))).isEqualTo(Node.RemoteVerdict.HELD);
        assertThat(n.deliver(frames.get(2))).isEqualTo(Node.RemoteVerdict.HELD);
        assertThat(n.deliver(frames.get(1))).isEqualTo(Node.RemoteVerdict.HELD);
        // Everything held: neither readable nor peer-closed, and writes still go out.
        assertThat(n.pipe.end1().querySignalsState().satisfied().containsAll(Signals.READABLE)).isFalse();
        assertThat(n.pipe.end1().querySignalsState().satisfied().containsAll(Signals.PEER_CLOSED)).isFalse();
        // The first frame releases the others in control-sequence order.
        assertThat(n.deliver(frames.get(0))).isEqualTo(Node.RemoteVerdict.PROCESSED);
        assertThat(n.pipe.end1().querySignalsState().satisfied().containsAll(Signals.PEER_CLOSED)).isTrue();
        for (int i = 1; i <= 3; i++) {
            assertThat(n.pipe.end1().readMessage().message().bytes()).containsExactly(i);
        }
        assertThat(n.pipe.end1().readMessage().result()).isEqualTo(MojoResult.FAILED_PRECONDITION);
        assertThat(n.pipe.end1().writeMessage(new byte[] {1})).isEqualTo(MojoResult.FAILED_PRECONDITION);
        n.pipe.end1().close();
        assertThat(n.a.portCount()).isZero();
        assertThat(n.b.portCount()).isZero();
    }

    /** Same node, another port; another node, the same port name (a stolen name): neither is accepted. */
    @Test
    void eventsFromAnyoneButTheExpectedSender_heldAndNeverReadable() throws Exception {
        TwoNodes n = new TwoNodes();
        LocalCore thief = LocalCore.of(LocalCore.newNode());
        PortName stranger = new PortName(0x1234, 0x5678);
        assertThat(n.b.acceptEvent(n.a.nodeName(), userMessage(n.portOf1(), stranger, 1, 1, 66)))
                .isEqualTo(Node.RemoteVerdict.HELD);
        assertThat(n.b.acceptEvent(thief.nodeName(), userMessage(n.portOf1(), n.portOf0(), 1, 1, 67)))
                .isEqualTo(Node.RemoteVerdict.HELD);
        // A forged closure from the stolen name does not close the pipe either.
        assertThat(n.b.acceptEvent(thief.nodeName(), EventCodec.encode(
                new ObserveClosureEvent(n.portOf1(), n.portOf0(), 2, 0, ClosureReason.USER_CLOSED))))
                .isEqualTo(Node.RemoteVerdict.HELD);
        assertThat(n.pipe.end1().readMessage().result()).isEqualTo(MojoResult.SHOULD_WAIT);
        assertThat(n.pipe.end1().querySignalsState().satisfied().containsAll(Signals.PEER_CLOSED)).isFalse();

        // The real sender's message 1 is read, not the forgeries.
        assertThat(n.pipe.end0().writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK);
        for (Sent s : n.takeSent()) {
            assertThat(n.deliver(s)).isEqualTo(Node.RemoteVerdict.PROCESSED);
        }
        ReadResult read = n.pipe.end1().readMessage();
        assertThat(read.message().bytes()).containsExactly(1);
        assertThat(n.pipe.end1().readMessage().result()).isEqualTo(MojoResult.SHOULD_WAIT);
        n.pipe.close();
    }

    @Test
    void controlSequenceAlreadyProcessed_violationNamingTheSenderNode_portUnharmed() throws Exception {
        TwoNodes n = new TwoNodes();
        assertThat(n.pipe.end0().writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK);
        Sent first = n.takeSent().getFirst();
        assertThat(n.deliver(first)).isEqualTo(Node.RemoteVerdict.PROCESSED);
        // A replay, and a different message under the same number: both are violations.
        assertThatThrownBy(() -> n.deliver(first))
                .isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining(n.a.nodeName().toString())
                .hasMessageContaining("control sequence 1 on this link was already processed");
        assertThatThrownBy(() -> n.b.acceptEvent(n.a.nodeName(), userMessage(n.portOf1(), n.portOf0(), 1, 2, 5)))
                .isInstanceOf(ProtocolViolationException.class);
        assertThat(n.pipe.end1().readMessage().message().bytes()).containsExactly(1);
        assertThat(n.pipe.end1().readMessage().result()).isEqualTo(MojoResult.SHOULD_WAIT);
        n.pipe.close();
    }

    @Test
    void undecodableBytes_violationNamingTheSenderNode() {
        TwoNodes n = new TwoNodes();
        assertThatThrownBy(() -> n.b.acceptEvent(n.a.nodeName(), new byte[] {1, 2, 3}))
                .isInstanceOf(ProtocolViolationException.class)
                .hasMessageStartingWith(n.a.nodeName() + ": undecodable event");
        n.pipe.close();
    }

    @Test
    void heldEventsPerSendingNode_boundedThenViolation() throws Exception {
        TwoNodes n = new TwoNodes();
        // Numbers 2.. from the expected sender wait for a 1 that never comes.
        for (long cs = 2; cs < 2 + Node.MAX_HELD_PER_NODE; cs++) {
            assertThat(n.b.acceptEvent(n.a.nodeName(), userMessage(n.portOf1(), n.portOf0(), cs, cs, 0)))
                    .isEqualTo(Node.RemoteVerdict.HELD);
        }
        long over = 2 + Node.MAX_HELD_PER_NODE;
        assertThatThrownBy(() -> n.b.acceptEvent(n.a.nodeName(), userMessage(n.portOf1(), n.portOf0(), over, over, 0)))
                .isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("already holds " + Node.MAX_HELD_PER_NODE + " events from this node");
        // Another node's events are counted apart.
        LocalCore other = LocalCore.of(LocalCore.newNode());
        assertThat(n.b.acceptEvent(other.nodeName(), userMessage(n.portOf1(), n.portOf0(), 2, 2, 0)))
                .isEqualTo(Node.RemoteVerdict.HELD);
        // Closing the port drops what it held.
        n.pipe.close();
        assertThat(n.b.portCount()).isZero();
    }

    @Test
    void eventForAClosedPort_droppedAsStale() throws Exception {
        TwoNodes n = new TwoNodes();
        assertThat(n.pipe.end0().writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK);
        Sent message = n.takeSent().getFirst();
        n.pipe.end1().close();
        assertThat(n.deliver(message)).isEqualTo(Node.RemoteVerdict.DROPPED);
        n.pipe.end0().close();
    }

    @Test
    void simulatedNetwork_violation_cutsTheLinkAndRecordsIt() throws Exception {
        Core a = LocalCore.newNode();
        Core b = LocalCore.newNode();
        SimulatedNetwork net = new SimulatedNetwork();
        net.join(a);
        net.join(b);
        MessagePipe pipe = LocalCore.of(a).createMessagePipeTo(LocalCore.of(b));
        PortName target = ((EndpointDispatcher) HandleHolder.dispatcherOf(pipe.end1(), -1)).port.name();
        PortName sender = ((EndpointDispatcher) HandleHolder.dispatcherOf(pipe.end0(), -1)).port.name();
        assertThat(pipe.end0().writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK);
        assertThat(net.pendingFrames()).isEqualTo(1);
        assertThat(net.deliverAll(10)).isEqualTo(1);
        assertThatThrownBy(() -> net.inject(a, b, userMessage(target, sender, 1, 1, 9)))
                .isInstanceOf(ProtocolViolationException.class);
        assertThat(pipe.end1().readMessage().message().bytes()).containsExactly(1);
        pipe.close();
        assertThat(net.deliverAll(10)).isEqualTo(2);
        assertThat(net.violations()).isEmpty();
    }

    /** Three joined nodes, for the tests of moved ports below. */
    private static final class ThreeNodes {
        final Core a = LocalCore.newNode();
        final Core b = LocalCore.newNode();
        final Core c = LocalCore.newNode();
        final SimulatedNetwork net = new SimulatedNetwork();

        ThreeNodes() {
            net.join(a);
            net.join(b);
            net.join(c);
        }

        NodeName name(Core core) {
            return LocalCore.of(core).nodeName();
        }
    }

    private static PortName portOf(org.jmojo.system.Handle h) {
        return ((EndpointDispatcher) HandleHolder.dispatcherOf(h, -1)).port.name();
    }

    /**
     * While a moved port waits for its new location's port-accepted, nobody else can end its buffering: not a third
     * node, not another port of the new node (violations); and events forged from a third node in the new
     * location's name are held forever, never processed.
     */
    @Test
    void movedPort_forgedPortAcceptedAndStolenNames_refusedOrHeld() throws Exception {
        ThreeNodes n = new ThreeNodes();
        MessagePipe carrier = LocalCore.of(n.a).createMessagePipeTo(LocalCore.of(n.b));
        MessagePipe pipe = n.a.createMessagePipe();
        PortName oldPlace = portOf(pipe.end1());
        PortName stayingEnd = portOf(pipe.end0());
        assertThat(carrier.end0().writeMessage(new byte[] {1}, List.of(pipe.end1()))).isEqualTo(MojoResult.OK);
        // Hold back the new node's port-accepted: deliver the carrier message by hand, keep what B sends.
        assertThat(n.net.deliverOn(new SimulatedNetwork.Link(n.name(n.a), n.name(n.b)))).isTrue();
        ReadResult arrived = carrier.end1().readMessage();
        org.jmojo.system.MessagePipeEndpoint moved =
                (org.jmojo.system.MessagePipeEndpoint) arrived.message().handles().getFirst();
        PortName newPlace = portOf(moved);
        Node nodeA = LocalCore.of(n.a).node();
        PortRef old = nodeA.getPort(oldPlace).orElseThrow();
        assertThat(nodeA.state(old)).isEqualTo(PortState.BUFFERING);

        byte[] accepted = EventCodec.encode(new PortAcceptedEvent(oldPlace, newPlace));
        assertThatThrownBy(() -> n.net.inject(n.c, n.a, accepted))
                .isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("not from its new location");
        byte[] fromAnotherPort = EventCodec.encode(new PortAcceptedEvent(oldPlace, portOf(carrier.end1())));
        assertThatThrownBy(() -> n.net.inject(n.b, n.a, fromAnotherPort))
                .isInstanceOf(ProtocolViolationException.class);
        assertThat(nodeA.state(old)).isEqualTo(PortState.BUFFERING);
        // A user message to the staying end in the new location's name, from the wrong node: held, not read.
        assertThat(LocalCore.of(n.a).acceptEvent(n.name(n.c), userMessage(stayingEnd, newPlace, 1, 1, 66)))
                .isEqualTo(Node.RemoteVerdict.HELD);

        n.net.deliverAll(100);
        assertThat(n.net.violations()).isEmpty();
        assertThat(moved.writeMessage(new byte[] {5})).isEqualTo(MojoResult.OK);
        n.net.deliverAll(100);
        assertThat(pipe.end0().readMessage().message().bytes()).containsExactly(5);
        assertThat(pipe.end0().readMessage().result()).isEqualTo(MojoResult.SHOULD_WAIT);
        // The forged event is still held (from a sender that is never expected); the proxy is gone.
        assertThat(nodeA.census().heldEvents()).isOne();
        assertThat(nodeA.census().proxying()).isZero();
        moved.close();
        pipe.end0().close();
        carrier.close();
        n.net.deliverAll(100);
        assertThat(nodeA.portCount()).isZero();
        assertThat(LocalCore.of(n.b).portCount()).isZero();
    }

    /**
     * A descriptor must name its sender as referring node, a port name the receiver does not have, and a peer
     * other than the port it describes.
     */
    @Test
    void descriptorWithForeignReferrerReusedNameOrItselfAsPeer_violation_nothingCreated() throws Exception {
        ThreeNodes n = new ThreeNodes();
        MessagePipe carrier = LocalCore.of(n.a).createMessagePipeTo(LocalCore.of(n.b));
        PortName target = portOf(carrier.end1());
        PortName sender = portOf(carrier.end0());
        PortName existing = target;
        PortName fresh = new PortName(0x77, 0x99);
        for (var bad : List.of(
                new PortDescriptor(fresh, n.name(n.c), fresh, n.name(n.c), fresh, 1, 1, 0, 0, false, false,
                        ClosureReason.USER_CLOSED),
                new PortDescriptor(existing, n.name(n.c), fresh, n.name(n.a), fresh, 1, 1, 0, 0, false, false,
                        ClosureReason.USER_CLOSED),
                new PortDescriptor(fresh, n.name(n.b), fresh, n.name(n.a), fresh, 1, 1, 0, 0, false, false,
                        ClosureReason.USER_CLOSED))) {
            byte[] event = EventCodec.encode(new UserMessageEvent(target, sender, 1, 1, List.of(bad),
                    List.of(new HandleEntry(HandleKind.MESSAGE_PIPE, 0, 1, 8)),
                    MemorySegment.ofArray(new byte[8]), MemorySegment.ofArray(new byte[] {1})));
            int before = LocalCore.of(n.b).portCount();
            assertThatThrownBy(() -> n.net.inject(n.a, n.b, event))
                    .isInstanceOf(ProtocolViolationException.class)
                    .hasMessageContaining("descriptor");
            assertThat(LocalCore.of(n.b).portCount()).isEqualTo(before);
        }
        assertThat(carrier.end1().readMessage().result()).isEqualTo(MojoResult.SHOULD_WAIT);
        carrier.close();
        n.net.deliverAll(10);
    }
}

package org.jmojo.internal.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.jmojo.internal.ports.wire.ClosureReason;
import org.jmojo.internal.ports.wire.PortDescriptor;
import org.jmojo.internal.ports.wire.Rejection;
import org.junit.jupiter.api.Test;

/**
 * A descriptor sent again after the port it made is gone (docs/ports.md, "Replays and forgeries"): the node must
 * refuse it as a violation by the node that sent it, and make nothing, so that it never speaks to the port's peer a
 * second time under the same name. Simulation seed 3711, reduced: a hostile node replayed a message carrying a port
 * that had meanwhile moved on from the victim's node; the victim made that port again, closed it (its carrier's
 * target was gone) and sent its peer an observe-closure with control sequence 1 from a sender the peer had already
 * taken events from; the second replay did it again and the peer cut the innocent victim off ({@code SEQUENCE}).
 */
class ReplayedDescriptorTest {
    private final NameGenerator names = new NameGenerator();
    /** Events the node under test sent to other nodes, in order. */
    private final List<Event> forwarded = new ArrayList<>();
    private final Node node = new Node(names.nextNodeName(), new NodeDelegate() {
        @Override
        public void forwardEvent(NodeName target, Event event) {
            forwarded.add(event);
        }

        @Override
        public void portStatusChanged(PortRef port) {}
    }, names);

    /** The hostile node: it referred the port to this node, and replays. */
    private final NodeName hostile = names.nextNodeName();
    /** The node of the moved port's peer: innocent, it checks what this node sends it. */
    private final NodeName peerNode = names.nextNodeName();
    private final PortName peerPort = names.nextPortName();

    private PortDescriptor describe(PortName newPort, NodeName referringNode) {
        return new PortDescriptor(newPort, peerNode, peerPort, referringNode, names.nextPortName(), 2, 1, 0, 0, false,
                false, ClosureReason.USER_CLOSED);
    }

    @Test
    void descriptorReplayedAfterItsPortIsGone_violationByTheSender_nothingMadeNothingSentToThePeer() throws Exception {
        PortName moved = names.nextPortName();
        PortDescriptor original = describe(moved, hostile);
        PortRef made = node.acceptPortDescriptors(hostile, List.of(original)).getFirst();
        // The port closes (its carrier was dropped, or its reader closed it): it tells its peer, control sequence 1.
        node.closePort(made);
        assertThat(node.getPort(moved)).isEmpty();
        assertThat(forwarded).anySatisfy(e -> {
            assertThat(e).isInstanceOf(ObserveClosureEvent.class);
            assertThat(e.target()).isEqualTo(peerPort);
            assertThat(e.sender()).isEqualTo(moved);
            assertThat(e.controlSequence()).isEqualTo(1);
        });
        forwarded.clear();

        // The same descriptor again: made again, that port would send the peer control sequence 1 a second time.
        assertThatThrownBy(() -> node.acceptPortDescriptors(hostile, List.of(original)))
                .isInstanceOfSatisfying(ProtocolViolationException.class, v -> {
                    assertThat(v.offender()).isEqualTo(hostile);
                    assertThat(v.category()).isEqualTo(Rejection.Category.NAME_REUSE);
                })
                .hasMessageContaining("a replayed or forged descriptor");
        assertThat(node.getPort(moved)).isEmpty();
        assertThat(forwarded).isEmpty();

        // Another node that learnt the name (the peer's node learns it from update-previous-peer) is refused too.
        NodeName third = names.nextNodeName();
        assertThatThrownBy(() -> node.acceptPortDescriptors(third, List.of(describe(moved, third))))
                .isInstanceOfSatisfying(ProtocolViolationException.class, v -> assertThat(v.offender()).isEqualTo(third));
        assertThat(node.getPort(moved)).isEmpty();
        assertThat(forwarded).isEmpty();
        assertThat(node.portCount()).isZero();
    }

    @Test
    void descriptorReplayedWhileItsPortLives_refusedAsBefore() throws Exception {
        PortName moved = names.nextPortName();
        PortDescriptor original = describe(moved, hostile);
        PortRef made = node.acceptPortDescriptors(hostile, List.of(original)).getFirst();
        forwarded.clear();
        assertThatThrownBy(() -> node.acceptPortDescriptors(hostile, List.of(original)))
                .isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("exists on");
        assertThat(forwarded).isEmpty();
        node.closePort(made);
    }

    /**
     * A port made here (not from a descriptor) that pointed at another node is remembered once erased: a node that
     * learnt its name (any node its route passed) cannot make this node speak under it again.
     */
    @Test
    void descriptorNamingAGonePortThatPointedAtAnotherNode_refused() throws Exception {
        PortRef local = node.createUninitializedPort();
        node.initializePort(local, peerNode, peerPort);
        node.closePort(local);
        forwarded.clear();
        assertThatThrownBy(() -> node.acceptPortDescriptors(hostile, List.of(describe(local.name(), hostile))))
                .isInstanceOfSatisfying(ProtocolViolationException.class, v -> assertThat(v.offender()).isEqualTo(hostile))
                .hasMessageContaining("lived on");
        assertThat(forwarded).isEmpty();
        assertThat(node.portCount()).isZero();

        // A pair that only ever spoke within this node is not remembered (its names never left the node).
        PortRef[] pair = node.createPortPair();
        node.closePort(pair[0]);
        node.closePort(pair[1]);
        node.closePort(node.acceptPortDescriptors(hostile, List.of(describe(pair[0].name(), hostile))).getFirst());
        assertThat(node.portCount()).isZero();
    }

    /** The memory is bounded: the oldest name is forgotten once {@link Node#REMEMBERED_PORT_NAMES} came after it. */
    @Test
    void rememberedNames_bounded_oldestForgottenFirst() throws Exception {
        PortName oldest = names.nextPortName();
        node.closePort(node.acceptPortDescriptors(hostile, List.of(describe(oldest, hostile))).getFirst());
        PortName second = names.nextPortName();
        node.closePort(node.acceptPortDescriptors(hostile, List.of(describe(second, hostile))).getFirst());
        for (int i = 2; i < Node.REMEMBERED_PORT_NAMES; i++) {
            node.closePort(node.acceptPortDescriptors(hostile, List.of(describe(names.nextPortName(), hostile))).getFirst());
        }
        // Exactly the bound's worth since the oldest: it is still remembered.
        assertThatThrownBy(() -> node.acceptPortDescriptors(hostile, List.of(describe(oldest, hostile))))
                .isInstanceOf(ProtocolViolationException.class);
        node.closePort(node.acceptPortDescriptors(hostile, List.of(describe(names.nextPortName(), hostile))).getFirst());
        // One more pushed the oldest out; the second is still remembered.
        assertThatThrownBy(() -> node.acceptPortDescriptors(hostile, List.of(describe(second, hostile))))
                .isInstanceOf(ProtocolViolationException.class);
        node.closePort(node.acceptPortDescriptors(hostile, List.of(describe(oldest, hostile))).getFirst());
        assertThat(node.portCount()).isZero();
    }
}

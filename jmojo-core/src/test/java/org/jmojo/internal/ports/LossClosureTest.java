package org.jmojo.internal.ports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jmojo.internal.ports.wire.ClosureReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A loss closure (reason 2) reaching a receiving port that already knows its peer closed at a higher number
 * (docs/ports.md, "Node loss", step 3): the port takes the lower number, since the proxy that sent it passes on
 * nothing beyond it. Found as a leak by seeds 210223 and 717820 of the 10^6-seed simulation campaign: the moved
 * end of a pipe learnt its closed peer's last number from its descriptor, a proxy behind it lost its own previous
 * sender's node and sent a lower number, the end kept the higher one and, moved on, left a proxy armed at it that
 * waited for ever for messages gone with the lost node.
 */
@Timeout(30)
class LossClosureTest {
    /** Records what the node sends to other nodes. */
    private static final class Outbound implements NodeDelegate {
        final List<Event> sent = new CopyOnWriteArrayList<>();

        @Override
        public void forwardEvent(NodeName target, Event event) {
            sent.add(event);
        }

        @Override
        public void portStatusChanged(PortRef port) {}
    }

    private final Outbound outbound = new Outbound();
    private final NameGenerator names = new NameGenerator();
    private final Node node = new Node(names.nextNodeName(), outbound, names);
    private final NodeName other = names.nextNodeName();
    private final PortName proxy = names.nextPortName();

    /** A receiving port of {@link #node} whose peer, and previous sender, is {@link #proxy} on {@link #other}. */
    private PortRef portFedByProxy() {
        PortRef p = node.createUninitializedPort();
        node.initializePort(p, other, proxy);
        return p;
    }

    private void closure(PortRef to, long last, ClosureReason reason, long control) throws Exception {
        node.acceptRemoteEvent(other, new ObserveClosureEvent(node.name(), to.name(), proxy, last, reason.code(), control));
    }

    private PortStatus status(PortRef p) {
        return node.getStatus(p).orElseThrow();
    }

    /**
     * A port told its peer closed after message {@code known}, then, by a second closure, {@code second} for
     * {@code reason}.
     */
    private PortRef portToldTwice(long known, long second, ClosureReason reason) throws Exception {
        PortRef p = portFedByProxy();
        closure(p, known, ClosureReason.USER_CLOSED, 1);
        assertThat(status(p).peerClosed()).as("messages up to %d still to come", known).isFalse();
        closure(p, second, reason, 2);
        return p;
    }

    /** A port told its peer closed after message 2, then that the route behind it lost both messages. */
    private PortRef portAfterLossClosure() throws Exception {
        return portToldTwice(2, 0, ClosureReason.PEER_LOST);
    }

    @Test
    void lowerLossClosureAfterAKnownClosure_portTakesTheLowerNumber_peerClosedAtOnce() throws Exception {
        PortRef p = portAfterLossClosure();

        assertThat(status(p).peerClosed()).isTrue();
        assertThat(status(p).closureReason()).isEqualTo(ClosureReason.PEER_LOST.code());
        node.closePort(p);
        assertThat(node.portCount()).isZero();
    }

    @Test
    void lowerLossClosure_messagesUpToItStillArrive_thenPeerClosed() throws Exception {
        PortRef p = portToldTwice(3, 1, ClosureReason.PEER_LOST); // the proxy still passes on message 1, nothing after

        assertThat(status(p).peerClosed()).as("message 1 still to come").isFalse();
        NodeTest.TestMessage one = new NodeTest.TestMessage("one");
        node.acceptRemoteEvent(other, new UserMessageEvent(node.name(), p.name(), proxy, 1, one, 3));

        assertThat(status(p).peerClosed()).isTrue();
        assertThat(((NodeTest.TestMessage) node.getMessage(p).message()).label).isEqualTo("one");
        node.closePort(p);
        assertThat(node.portCount()).isZero();
    }

    @Test
    void movedOnAfterTheLossClosure_itsBufferingPortArmedAtTheLowerNumber_goesOnceAccepted() throws Exception {
        PortRef p = portAfterLossClosure();
        // The end leaves for a third node inside a message of a carrier pipe: its port converts ...
        NodeName destination = names.nextNodeName();
        PortRef carrier = node.createUninitializedPort();
        node.initializePort(carrier, destination, names.nextPortName());
        assertThat(node.sendUserMessage(carrier, new NodeTest.TestMessage("carrying", p))).isEqualTo(SendResult.OK);
        UserMessageEvent carrying = (UserMessageEvent) outbound.sent.stream()
                .filter(e -> e instanceof UserMessageEvent).findFirst().orElseThrow();
        PortName moved = carrying.descriptors().getFirst().newPort();
        assertThat(node.census().buffering()).isEqualTo(1);

        // ... and its new location is accepted there.
        node.acceptRemoteEvent(destination, new PortAcceptedEvent(node.name(), p.name(), moved));

        assertThat(node.census().buffering() + node.census().proxying())
                .as("nothing left to pass on: the proxy goes at once").isZero();
        node.closePort(carrier);
        assertThat(node.portCount()).isZero();
    }

    @Test
    void lowerClosureWithAnotherReason_changesNothing() throws Exception {
        PortRef p = portToldTwice(2, 0, ClosureReason.USER_CLOSED);

        assertThat(status(p).peerClosed()).isFalse();
        assertThat(status(p).closureReason()).isEqualTo(ClosureReason.USER_CLOSED.code());
        node.closePort(p);
    }
}

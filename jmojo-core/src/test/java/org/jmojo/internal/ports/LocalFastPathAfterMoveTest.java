package org.jmojo.internal.ports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.jmojo.internal.ports.NodeTest.TestMessage;
import org.junit.jupiter.api.Test;

/**
 * Two ports layers joined by hand (their events handed over as objects, descriptors accepted as a node layer
 * would): an end that leaves its peer's node and comes back is, once the route has collapsed, a local peer with
 * the fast path again ({@code Port.localPeer} set and the write processed inside its critical section, with no
 * event left to deliver).
 */
class LocalFastPathAfterMoveTest {
    private record Sent(NodeName to, Event event) {}

    private final ArrayDeque<Sent> wire = new ArrayDeque<>();
    private final NameGenerator names = new NameGenerator();
    private final Node a = new Node(names.nextNodeName(), delegate(), names);
    private final Node b = new Node(names.nextNodeName(), delegate(), names);

    private NodeDelegate delegate() {
        return new NodeDelegate() {
            @Override
            public void forwardEvent(NodeName node, Event event) {
                wire.add(new Sent(node, event));
            }

            @Override
            public void portStatusChanged(PortRef port) {}
        };
    }

    private Node nodeNamed(NodeName n) {
        return a.name().equals(n) ? a : b;
    }

    /** Delivers every event on the wire, as a node layer would (descriptors first, then the event). */
    private void pump() throws ProtocolViolationException {
        Sent s;
        while ((s = wire.poll()) != null) {
            Node to = nodeNamed(s.to());
            NodeName from = to == a ? b.name() : a.name();
            Event e = s.event();
            if (e instanceof UserMessageEvent m && !m.descriptors().isEmpty()) {
                List<PortRef> made = to.acceptPortDescriptors(from, m.descriptors());
                TestMessage original = (TestMessage) m.message();
                e = new UserMessageEvent(s.to(), m.target(), m.sender(), m.sequence(),
                        new TestMessage(original.label, made.toArray(PortRef[]::new)), m.controlSequence());
            }
            to.acceptRemoteEvent(from, e);
        }
    }

    private static PortRef carried(ReadOutcome read) {
        assertThat(read.status()).isEqualTo(ReadOutcome.Status.OK);
        return read.message().ports().getFirst();
    }

    @Test
    void endLeavesAndComesBack_localPeerAgain_writesTakeTheFastPath() throws Exception {
        PortRef carrierOnA = a.createUninitializedPort();
        PortRef carrierOnB = b.createUninitializedPort();
        a.initializePort(carrierOnA, b.name(), carrierOnB.name());
        b.initializePort(carrierOnB, a.name(), carrierOnA.name());
        PortRef[] pair = a.createPortPair();

        assertThat(a.sendUserMessage(carrierOnA, new TestMessage("go", pair[1]))).isEqualTo(SendResult.OK);
        pump();
        PortRef away = carried(b.getMessage(carrierOnB));
        assertThat(b.sendUserMessage(carrierOnB, new TestMessage("back", away))).isEqualTo(SendResult.OK);
        pump();
        PortRef back = carried(a.getMessage(carrierOnA));
        assertThat(a.census()).isEqualTo(new Node.Census(3, 0, 0, 0));
        assertThat(b.census()).isEqualTo(new Node.Census(1, 0, 0, 0));

        // Both records point at each other again, so a write is processed in its own critical section.
        assertThat(pair[0].port().localPeer).isSameAs(back.port());
        assertThat(back.port().localPeer).isSameAs(pair[0].port());
        // ... and each expects the other as its previous sender at the number the other sends next: the
        // condition of the fast path (Node.directLocked).
        assertThat(back.port().previousPort).isEqualTo(pair[0].name());
        assertThat(back.port().nextControlToReceive).isEqualTo(pair[0].port().nextControlToSend);
        assertThat(pair[0].port().previousPort).isEqualTo(back.name());
        assertThat(pair[0].port().nextControlToReceive).isEqualTo(back.port().nextControlToSend);
        List<String> read = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            assertThat(a.sendUserMessage(pair[0], new TestMessage("m" + i))).isEqualTo(SendResult.OK);
            read.add(((TestMessage) a.getMessage(back).message()).label);
        }
        assertThat(read).containsExactly("m0", "m1", "m2");
        a.closePort(back);
        assertThat(a.getStatus(pair[0]).orElseThrow().peerClosed()).isTrue();
        a.closePort(pair[0]);
        a.closePort(carrierOnA);
        b.closePort(carrierOnB);
        pump();
        assertThat(a.portCount()).isZero();
        assertThat(b.portCount()).isZero();
    }
}

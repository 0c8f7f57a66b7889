package org.jmojo.internal.ports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Events reach a port in any order (concurrent producers deliver after releasing their locks); the port
 * must still deliver in sequence, each message once, and report PEER_CLOSED only when complete.
 */
class PortOrderingPropertyTest {
    private static final NodeDelegate QUIET = new NodeDelegate() {
        @Override
        public void forwardEvent(NodeName node, Event event) {
            throw new AssertionError("no remote node: " + event);
        }

        @Override
        public void portStatusChanged(PortRef port) {}
    };

    @Property(tries = 300)
    void anyArrivalOrder_readsInSequenceAndPeerClosedOnlyWhenComplete(
            @ForAll @IntRange(min = 0, max = 40) int messages,
            @ForAll long seed,
            @ForAll @IntRange(min = 0, max = 100) int readPercent) {
        NameGenerator names = new NameGenerator();
        Node node = new Node(names.nextNodeName(), QUIET, names);
        PortRef[] pair = node.createPortPair();
        PortRef sender = pair[0];
        PortRef receiver = pair[1];
        Random random = new Random(seed);

        List<Event> events = new ArrayList<>();
        for (long seq = 1; seq <= messages; seq++) {
            events.add(new UserMessageEvent(node.name(), receiver.name(), sender.name(), seq, new NodeTest.TestMessage(Long.toString(seq))));
        }
        events.add(new ObserveClosureEvent(node.name(), receiver.name(), sender.name(), messages, 0));
        Collections.shuffle(events, random);

        int arrived = 0;
        long nextExpected = 1;
        for (Event e : events) {
            node.acceptEvent(e);
            if (e instanceof UserMessageEvent) {
                arrived++;
            }
            boolean complete = arrived == messages && events.indexOf(e) >= indexOfClosure(events);
            assertThat(node.getStatus(receiver).orElseThrow().peerClosed()).isEqualTo(complete);
            while (random.nextInt(100) < readPercent) {
                ReadOutcome o = node.getMessage(receiver);
                if (o.status() != ReadOutcome.Status.OK) {
                    break;
                }
                assertThat(((NodeTest.TestMessage) o.message()).label).isEqualTo(Long.toString(nextExpected++));
            }
        }
        ReadOutcome o;
        while ((o = node.getMessage(receiver)).status() == ReadOutcome.Status.OK) {
            assertThat(((NodeTest.TestMessage) o.message()).label).isEqualTo(Long.toString(nextExpected++));
        }
        assertThat(nextExpected - 1).isEqualTo(messages);
        assertThat(o.status()).isEqualTo(ReadOutcome.Status.PEER_CLOSED);
    }

    private static int indexOfClosure(List<Event> events) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof ObserveClosureEvent) {
                return i;
            }
        }
        throw new AssertionError("no closure event");
    }
}

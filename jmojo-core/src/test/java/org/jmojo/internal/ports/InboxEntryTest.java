package org.jmojo.internal.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class InboxEntryTest {
    /** A user message that is its own inbox entry, as the handles layer's messages are. */
    static final class OwnEntryMessage extends InboxEntry implements UserMessage {
        final String label;

        OwnEntryMessage(String label) {
            this.label = label;
        }

        @Override
        public List<PortRef> ports() {
            return List.of();
        }

        @Override
        public long payloadBytes() {
            return label.length();
        }

        @Override
        public void discard() {}
    }

    @Test
    void of_aMessageThatIsAnEntry_isStampedAndPushedAsItself() {
        PortName sender = new NameGenerator().nextPortName();
        OwnEntryMessage m = new OwnEntryMessage("m");
        InboxEntry e = InboxEntry.of(m, sender, 3, 9);
        assertThat(e).isSameAs(m);
        assertThat(e.message()).isSameAs(m);
        assertThat(e.sender).isEqualTo(sender);
        assertThat(e.sequence).isEqualTo(3);
        assertThat(e.control).isEqualTo(9);
    }

    @Test
    void of_anyOtherMessage_isWrapped() {
        NodeTest.TestMessage m = new NodeTest.TestMessage("m");
        InboxEntry e = InboxEntry.of(m, new NameGenerator().nextPortName(), 1, 1);
        assertThat(e).isInstanceOf(InboxEntry.Wrapper.class);
        assertThat(e.message()).isSameAs(m);
    }

    @Test
    void anEntryThatIsNoMessage_isRefusedAtConstruction() {
        assertThatThrownBy(() -> new InboxEntry() {})
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is not a UserMessage");
    }

    /**
     * Messages that are their own entries go through the local fast path in order and come out as the same objects,
     * also when a batch of them is taken in at once (the chain reversed in place).
     */
    @Test
    void ownEntryMessages_throughTheInbox_readInOrderAsTheSameObjects() {
        NameGenerator names = new NameGenerator();
        Node node = new Node(names.nextNodeName(), new NodeDelegate() {
            @Override
            public void forwardEvent(NodeName target, Event event) {
                throw new AssertionError("no remote node in this test: " + event);
            }

            @Override
            public void portStatusChanged(PortRef port) {}
        }, names);
        PortRef[] pair = node.createPortPair();
        List<OwnEntryMessage> sent = List.of(
                new OwnEntryMessage("a"), new OwnEntryMessage("b"), new OwnEntryMessage("c"), new OwnEntryMessage("d"));
        for (OwnEntryMessage m : sent) {
            assertThat(node.sendUserMessage(pair[0], m)).isEqualTo(SendResult.OK);
        }
        assertThat(pair[1].port().inboxHoldsEntries()).isTrue(); // b, c and d were pushed
        for (OwnEntryMessage m : sent) {
            ReadOutcome o = node.getMessage(pair[1]);
            assertThat(o.status()).isEqualTo(ReadOutcome.Status.OK);
            assertThat(o.message()).isSameAs(m);
        }
        assertThat(node.getMessage(pair[1]).status()).isEqualTo(ReadOutcome.Status.EMPTY);
        node.closePort(pair[0]);
        node.closePort(pair[1]);
    }
}

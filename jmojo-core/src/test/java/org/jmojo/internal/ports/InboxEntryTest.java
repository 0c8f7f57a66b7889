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
     * A read that takes a lone pushed message at once marks nothing (the status word stays as it was, so the read
     * publishes by storing nothing); with a second entry behind it, or for a section that does not take it, the word
     * says readable before the entries leave the inbox.
     */
    @Test
    void takeInbox_loneEntryTakenAtOnce_noReadableMark_otherwiseMarked() {
        NameGenerator names = new NameGenerator();
        Node node = quietNode(names);
        PortRef[] pair = node.createPortPair();
        Port b = pair[1].port();
        node.sendUserMessage(pair[0], new OwnEntryMessage("opens the inbox"));
        assertThat(node.getMessage(pair[1]).status()).isEqualTo(ReadOutcome.Status.OK);

        node.sendUserMessage(pair[0], new OwnEntryMessage("lone"));
        b.lock.lock();
        try {
            InboxEntry e = b.takeInbox(false, true);
            assertThat(e.next).isNull();
            assertThat(b.queueStatus() & Port.READABLE).isZero();
            b.takeInbox(false, false); // nothing left: no mark either
            assertThat(b.queueStatus() & Port.READABLE).isZero();
        } finally {
            b.lock.unlock();
        }

        Port a = pair[0].port();
        node.sendUserMessage(pair[1], new OwnEntryMessage("opens a's inbox"));
        assertThat(node.getMessage(pair[0]).status()).isEqualTo(ReadOutcome.Status.OK);
        a.lock.lock();
        try {
            // Not the next in sequence for a (it expects b's second message, control sequence 2): marked.
            assertThat(a.push(InboxEntry.of(new OwnEntryMessage("x"), b.name, 5, 5))).isEqualTo(Port.PUSHED_FIRST);
            a.takeInbox(false, true);
            assertThat(a.queueStatus() & Port.READABLE).isNotZero();
            a.publishLocked();
        } finally {
            a.lock.unlock();
        }

        PortRef[] other = node.createPortPair();
        Port d = other[1].port();
        node.sendUserMessage(other[0], new OwnEntryMessage("opens the inbox"));
        assertThat(node.getMessage(other[1]).status()).isEqualTo(ReadOutcome.Status.OK);
        node.sendUserMessage(other[0], new OwnEntryMessage("first"));
        node.sendUserMessage(other[0], new OwnEntryMessage("second"));
        d.lock.lock();
        try {
            InboxEntry e = d.takeInbox(false, true);
            assertThat(e.next).isNotNull();
            assertThat(d.queueStatus() & Port.READABLE).isNotZero(); // two entries: the second stays readable
        } finally {
            d.lock.unlock();
        }
    }

    /** A node whose delegate does nothing, so that no status query takes the inbox in behind the test's back. */
    private static Node quietNode(NameGenerator names) {
        return new Node(names.nextNodeName(), new NodeDelegate() {
            @Override
            public void forwardEvent(NodeName target, Event event) {
                throw new AssertionError("no remote node in this test: " + event);
            }

            @Override
            public void portStatusChanged(PortRef port) {}
        }, names);
    }

    /**
     * Messages that are their own entries go through the local fast path in order and come out as the same objects,
     * also when a batch of them is taken in at once (the chain reversed in place).
     */
    @Test
    void ownEntryMessages_throughTheInbox_readInOrderAsTheSameObjects() {
        Node node = quietNode(new NameGenerator());
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

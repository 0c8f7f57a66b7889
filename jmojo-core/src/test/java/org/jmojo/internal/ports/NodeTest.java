package org.jmojo.internal.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.jmojo.internal.ports.wire.ClosureReason;
import org.jmojo.internal.ports.wire.PortDescriptor;
import org.jmojo.internal.sync.HeldLocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class NodeTest {
    /** A user message for tests: a label, carried ports, and a discard counter. */
    static final class TestMessage implements UserMessage {
        final String label;
        final List<PortRef> ports;
        final AtomicInteger discarded = new AtomicInteger();

        TestMessage(String label, PortRef... ports) {
            this.label = label;
            this.ports = List.of(ports);
        }

        @Override
        public List<PortRef> ports() {
            return ports;
        }

        @Override
        public long payloadBytes() {
            return label.length();
        }

        @Override
        public void discard() {
            discarded.incrementAndGet();
        }
    }

    /** Records delegate calls and the locks held during each. */
    static final class RecordingDelegate implements NodeDelegate {
        final Queue<PortName> statusChanges = new ConcurrentLinkedQueue<>();
        final Queue<Integer> locksHeld = new ConcurrentLinkedQueue<>();
        volatile Node node;

        @Override
        public void forwardEvent(NodeName target, Event event) {
            throw new AssertionError("no remote node in these tests: " + event);
        }

        @Override
        public void portStatusChanged(PortRef port) {
            locksHeld.add(HeldLocks.total());
            statusChanges.add(port.name());
            // A delegate may call back into the ports layer: it holds no lock.
            node.getStatus(port);
        }
    }

    private final RecordingDelegate delegate = new RecordingDelegate();
    private final NameGenerator names = new NameGenerator();
    private final Node node = new Node(names.nextNodeName(), delegate, names);

    {
        delegate.node = node;
    }

    private static String label(ReadOutcome o) {
        assertThat(o.status()).isEqualTo(ReadOutcome.Status.OK);
        return ((TestMessage) o.message()).label;
    }

    /**
     * Buffering and proxying (reachable once ports move between nodes) are published as themselves: a
     * port in either state is not receiving (no readable, peer-closed, remote or quota bit; nothing to
     * read for anyone) and is not closed either.
     */
    @Test
    void status_bufferingAndProxying_publishedAsSuchNotAsClosed() {
        PortRef[] pair = node.createPortPair();
        node.sendUserMessage(pair[1], new TestMessage("queued"));
        assertThat(node.state(pair[0])).isEqualTo(PortState.RECEIVING);
        for (PortState state : List.of(PortState.BUFFERING, PortState.PROXYING)) {
            force(pair[0], state);
            int status = node.status(pair[0]);
            assertThat(node.state(pair[0])).isEqualTo(state);
            assertThat(Node.stateOf(status)).isEqualTo(state);
            assertThat(status & Node.STATUS_CLOSED).isZero();
            assertThat(status).isEqualTo(state == PortState.BUFFERING ? Node.STATUS_BUFFERING : Node.STATUS_PROXYING);
            assertThat(status & Node.STATUS_NOT_RECEIVING).isEqualTo(status);
            assertThat(status).isLessThan(Node.STATUS_LIMIT);
            assertThat(node.getMessage(pair[0]).status()).isEqualTo(ReadOutcome.Status.UNKNOWN_PORT);
            assertThat(node.getStatus(pair[0])).isEmpty();
        }
        force(pair[0], PortState.RECEIVING);
        node.closePort(pair[0]);
        assertThat(node.state(pair[0])).isEqualTo(PortState.CLOSED);
        assertThat(node.status(pair[0])).isEqualTo(Node.STATUS_CLOSED);
        node.closePort(pair[1]);
    }

    /** Puts {@code port} into {@code state} as the protocol between nodes will (not reachable locally yet). */
    private static void force(PortRef port, PortState state) {
        Port p = port.port();
        p.lock.lock();
        try {
            p.state = state;
            p.publishLocked();
        } finally {
            p.lock.unlock();
        }
    }

    /**
     * Issue 8, item 3: a local write whose peer is not next to process this port's events (here it expects
     * another sender, as it does while an update-previous-peer is on its way) used to return OK and drop the
     * message, then to break the writer's pipe. Now the write goes as an event, held at the peer by sender and
     * control sequence, and is processed once the expected sender hands that role to the writer.
     */
    @Test
    void sendUserMessage_localPeerExpectsAnotherSender_heldUntilHandedOverThenReadable() {
        PortRef[] pair = node.createPortPair();
        PortName other = names.nextPortName();
        Port peer = pair[1].port();
        peer.lock.lock();
        try {
            peer.previousPort = other;
        } finally {
            peer.lock.unlock();
        }
        TestMessage m = new TestMessage("m");
        assertThat(node.sendUserMessage(pair[0], m)).isEqualTo(SendResult.OK);
        assertThat(m.discarded).hasValue(0);
        assertThat(node.census().heldEvents()).isOne();
        assertThat(node.getMessage(pair[1]).status()).isEqualTo(ReadOutcome.Status.EMPTY);
        // The expected sender's last event on its link names the writer as the new previous sender.
        node.acceptEvent(new UpdatePreviousPeerEvent(node.name(), pair[1].name(), other, node.name(), pair[0].name(), 1));
        assertThat(node.census().heldEvents()).isZero();
        assertThat(label(node.getMessage(pair[1]))).isEqualTo("m");
        node.closePort(pair[0]);
        node.closePort(pair[1]);
        assertThat(node.portCount()).isZero();
    }

    /** A buffering peer queues what arrives (not readable there), to forward once it proxies. */
    @Test
    void sendUserMessage_localPeerBuffering_queuedThereNotDropped() {
        PortRef[] pair = node.createPortPair();
        force(pair[1], PortState.BUFFERING);
        TestMessage m = new TestMessage("kept");
        assertThat(node.sendUserMessage(pair[0], m)).isEqualTo(SendResult.OK);
        assertThat(m.discarded).hasValue(0);
        Port peer = pair[1].port();
        peer.lock.lock();
        try {
            assertThat(peer.queuedCount()).isOne();
        } finally {
            peer.lock.unlock();
        }
        assertThat(node.status(pair[1])).isEqualTo(Node.STATUS_BUFFERING);
        force(pair[1], PortState.RECEIVING);
        assertThat(label(node.getMessage(pair[1]))).isEqualTo("kept");
        node.closePort(pair[0]);
        node.closePort(pair[1]);
    }

    @Test
    void createPortPair_portsArePeersWithDistinctNames() {
        PortRef[] pair = node.createPortPair();
        assertThat(pair[0].name()).isNotEqualTo(pair[1].name()).isNotEqualTo(PortName.NONE);
        assertThat(pair[0].port().peerPort).isEqualTo(pair[1].name());
        assertThat(pair[1].port().previousPort).isEqualTo(pair[0].name());
        assertThat(node.getPort(pair[0].name())).contains(pair[0]);
        assertThat(node.portCount()).isEqualTo(2);
    }

    @Test
    void createPortPair_eachPortHasItsOwnLock_inboxesStartSealed() {
        PortRef[] pair = node.createPortPair();
        assertThat(pair[0].port().lock).isNotSameAs(pair[1].port().lock);
        assertThat(pair[0].port().lock.order()).isNotEqualTo(pair[1].port().lock.order());
        assertThat(pair[0].port().inboxSealed()).isTrue();
        assertThat(pair[1].port().inboxSealed()).isTrue();
    }

    /**
     * A node whose delegate only records which ports' status changed in {@code changes}: it takes no lock and
     * reads nothing, so a port's inbox stays as the writes left it (the recording delegate reads the status,
     * which takes in the inbox under the port's lock).
     */
    private Node nodeWithQuietDelegate(Queue<PortName> changes) {
        return new Node(names.nextNodeName(), new NodeDelegate() {
            @Override
            public void forwardEvent(NodeName target, Event event) {
                throw new AssertionError("no remote node in this test: " + event);
            }

            @Override
            public void portStatusChanged(PortRef port) {
                changes.add(port.name());
            }
        }, names);
    }

    /**
     * The local fast path: the first write takes both locks and opens the peer's inbox; from then on a write
     * holds only the writer's lock, so it completes while another thread holds the reader's lock, and what it
     * pushed is readable at once and read in order.
     */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a write that waited would never return
    void localWrite_afterTheFirst_needsNotThePeersLock() throws Exception {
        // A delegate that takes no port lock (the recording one reads the status under the port's lock).
        Node node = nodeWithQuietDelegate(new ConcurrentLinkedQueue<>());
        PortRef[] pair = node.createPortPair();
        assertThat(node.sendUserMessage(pair[0], new TestMessage("first"))).isEqualTo(SendResult.OK);
        assertThat(pair[1].port().inboxSealed()).isFalse();
        CyclicBarrier locked = new CyclicBarrier(2);
        CyclicBarrier written = new CyclicBarrier(2);
        Thread holder = Thread.ofPlatform().daemon().start(() -> {
            pair[1].port().lock.lock();
            try {
                locked.await();
                written.await();
            } catch (Exception e) {
                throw new AssertionError(e);
            } finally {
                pair[1].port().lock.unlock();
            }
        });
        locked.await();
        assertThat(node.sendUserMessage(pair[0], new TestMessage("second"))).isEqualTo(SendResult.OK);
        assertThat(node.sendUserMessage(pair[0], new TestMessage("third"))).isEqualTo(SendResult.OK);
        assertThat(node.status(pair[1]) & Node.STATUS_READABLE).isNotZero();
        written.await();
        holder.join();
        assertThat(label(node.getMessage(pair[1]))).isEqualTo("first");
        assertThat(node.getStatus(pair[1]).orElseThrow().queuedMessages()).isEqualTo(2);
        assertThat(label(node.getMessage(pair[1]))).isEqualTo("second");
        assertThat(label(node.getMessage(pair[1]))).isEqualTo("third");
        assertThat(node.getMessage(pair[1]).status()).isEqualTo(ReadOutcome.Status.EMPTY);
        assertThat(node.status(pair[1]) & Node.STATUS_READABLE).isZero();
    }

    /**
     * A push behind messages nobody has taken yet changes no signal (the port reads readable until a reader
     * takes them all), so only the write that made the port readable tells its endpoint.
     */
    @Test
    void localWrite_behindAnUntakenPush_notifiesNoMore() {
        Queue<PortName> changes = new ConcurrentLinkedQueue<>();
        Node node = nodeWithQuietDelegate(changes);
        PortRef[] pair = node.createPortPair();
        node.sendUserMessage(pair[0], new TestMessage("opens the inbox"));
        assertThat(label(node.getMessage(pair[1]))).isEqualTo("opens the inbox");
        changes.clear();
        node.sendUserMessage(pair[0], new TestMessage("a"));
        node.sendUserMessage(pair[0], new TestMessage("b"));
        node.sendUserMessage(pair[0], new TestMessage("c"));
        assertThat(changes).containsExactly(pair[1].name());
        assertThat(node.status(pair[1]) & Node.STATUS_READABLE).isNotZero();
        assertThat(label(node.getMessage(pair[1]))).isEqualTo("a");
        assertThat(label(node.getMessage(pair[1]))).isEqualTo("b");
        changes.clear();
        // Taken in: the next push goes onto an empty inbox, and the port was readable (c) all along.
        node.sendUserMessage(pair[0], new TestMessage("d"));
        assertThat(changes).containsExactly(pair[1].name());
        assertThat(label(node.getMessage(pair[1]))).isEqualTo("c");
        assertThat(label(node.getMessage(pair[1]))).isEqualTo("d");
        assertThat(node.status(pair[1]) & Node.STATUS_READABLE).isZero();
    }

    /**
     * A reader with queued messages takes them before it looks at the inbox: what was pushed meanwhile stays there
     * (so the writer's pushes land behind it and notify nobody) until the queue runs dry, and every message is still
     * read once, in the order written, with the port readable throughout.
     */
    @Test
    void read_withQueuedMessages_leavesTheInboxUntilTheQueueRunsDry() {
        Queue<PortName> changes = new ConcurrentLinkedQueue<>();
        Node node = nodeWithQuietDelegate(changes);
        PortRef[] pair = node.createPortPair();
        Port reader = pair[1].port();
        node.sendUserMessage(pair[0], new TestMessage("a")); // queued under both locks; opens the inbox
        node.sendUserMessage(pair[0], new TestMessage("b"));
        node.sendUserMessage(pair[0], new TestMessage("c"));
        assertThat(label(node.getMessage(pair[1]))).isEqualTo("a");
        assertThat(reader.inboxHoldsEntries()).isTrue(); // a was queued: b and c stay pushed
        assertThat(label(node.getMessage(pair[1]))).isEqualTo("b"); // the queue ran dry: b and c taken in
        assertThat(reader.inboxHoldsEntries()).isFalse();
        changes.clear();
        node.sendUserMessage(pair[0], new TestMessage("d"));
        node.sendUserMessage(pair[0], new TestMessage("e"));
        assertThat(changes).containsExactly(pair[1].name()); // d, onto the empty inbox; e went behind it
        assertThat(label(node.getMessage(pair[1]))).isEqualTo("c");
        assertThat(reader.inboxHoldsEntries()).isTrue();
        changes.clear();
        node.sendUserMessage(pair[0], new TestMessage("f"));
        assertThat(changes).isEmpty(); // behind d and e
        assertThat(node.status(pair[1]) & Node.STATUS_READABLE).isNotZero(); // only the inbox holds messages now
        assertThat(label(node.getMessage(pair[1]))).isEqualTo("d"); // d, e and f taken in
        assertThat(reader.inboxHoldsEntries()).isFalse();
        assertThat(label(node.getMessage(pair[1]))).isEqualTo("e");
        assertThat(label(node.getMessage(pair[1]))).isEqualTo("f");
        assertThat(node.getMessage(pair[1]).status()).isEqualTo(ReadOutcome.Status.EMPTY);
        assertThat(node.status(pair[1]) & Node.STATUS_READABLE).isZero();
    }

    /** Limits seal the inbox: messages pushed before count against them, and a hard limit refuses the next write. */
    @Test
    void receiveLimits_sealTheInbox_pushedMessagesCountAndAHardLimitRefuses() {
        PortRef[] pair = node.createPortPair();
        node.sendUserMessage(pair[0], new TestMessage("a"));
        node.sendUserMessage(pair[0], new TestMessage("b")); // pushed
        node.setReceiveLimits(pair[1], new ReceiveLimits(2, Long.MAX_VALUE, true));
        assertThat(pair[1].port().inboxSealed()).isTrue();
        TestMessage refused = new TestMessage("c");
        assertThat(node.sendUserMessage(pair[0], refused)).isEqualTo(SendResult.REFUSED_BY_QUOTA);
        assertThat(refused.discarded).hasValue(0); // a refused message stays the sender's
        assertThat(label(node.getMessage(pair[1]))).isEqualTo("a");
        assertThat(label(node.getMessage(pair[1]))).isEqualTo("b");
        assertThat(node.getMessage(pair[1]).status()).isEqualTo(ReadOutcome.Status.PEER_CLOSED);
    }

    /** A close takes in what was pushed: the closing reader drops it; the peer of a closing writer reads it first. */
    @Test
    void close_withPushedMessages_readerDropsThem_writersAreReadBeforeTheClosure() {
        PortRef[] pair = node.createPortPair();
        TestMessage a = new TestMessage("a");
        TestMessage b = new TestMessage("b");
        node.sendUserMessage(pair[0], a);
        node.sendUserMessage(pair[0], b); // pushed
        node.closePort(pair[1]);
        assertThat(a.discarded).hasValue(1);
        assertThat(b.discarded).hasValue(1);
        assertThat(node.sendUserMessage(pair[0], new TestMessage("late"))).isEqualTo(SendResult.PEER_CLOSED);
        node.closePort(pair[0]);

        PortRef[] other = node.createPortPair();
        node.sendUserMessage(other[0], new TestMessage("x"));
        node.sendUserMessage(other[0], new TestMessage("y")); // pushed
        node.closePort(other[0]);
        // Both arrived before the closure: readable, and peer-closed (every message up to the last arrived).
        assertThat(node.status(other[1]) & (Node.STATUS_READABLE | Node.STATUS_PEER_CLOSED))
                .isEqualTo(Node.STATUS_READABLE | Node.STATUS_PEER_CLOSED);
        assertThat(node.getStatus(other[1]).orElseThrow().queuedMessages()).isEqualTo(2);
        assertThat(label(node.getMessage(other[1]))).isEqualTo("x");
        assertThat(label(node.getMessage(other[1]))).isEqualTo("y");
        assertThat(node.getMessage(other[1]).status()).isEqualTo(ReadOutcome.Status.PEER_CLOSED);
        node.closePort(other[1]);
    }

    /**
     * A replayed descriptor is judged on what its peer took in, inbox included: an event pushed onto the peer's
     * inbox by a port of this node counts as held from that port, so a descriptor making that name again is refused
     * (the pushed entry is placed by hand, as a writer that points at the peer while the peer still expects another
     * sender would push it).
     */
    @Test
    void acceptPortDescriptors_nameThatPushedToItsPeer_refusedAsAReplay() {
        Node node = nodeWithQuietDelegate(new ConcurrentLinkedQueue<>());
        PortRef[] pair = node.createPortPair();
        node.sendUserMessage(pair[0], new TestMessage("opens the inbox"));
        Port b = pair[1].port();
        assertThat(b.inboxSealed()).isFalse();
        PortName gone = names.nextPortName();
        assertThat(b.push(InboxEntry.of(new TestMessage("from a port b does not expect yet"), gone, 1, 7)))
                .isEqualTo(Port.PUSHED_FIRST);
        NodeName other = names.nextNodeName();
        PortDescriptor replay = new PortDescriptor(gone, node.name(), pair[1].name(), other, names.nextPortName(), 1, 1,
                0, 0, false, false, ClosureReason.USER_CLOSED);
        assertThatThrownBy(() -> node.acceptPortDescriptors(other, List.of(replay)))
                .isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("a replayed descriptor");
        assertThat(node.getPort(gone)).isEmpty();
        assertThat(b.heldCount()).isEqualTo(1);
    }

    /**
     * A merge with a port of another node converts the port as a transfer does, so it seals the port's inbox first:
     * what its peer pushed leaves with it, and the buffering port publishes nothing but buffering.
     */
    @Test
    void mergeWithRemotePort_withPushedMessages_sealsTheInboxAndTakesThemAlong() {
        List<Event> forwarded = new ArrayList<>();
        Node node = new Node(names.nextNodeName(), new NodeDelegate() {
            @Override
            public void forwardEvent(NodeName target, Event event) {
                forwarded.add(event);
            }

            @Override
            public void portStatusChanged(PortRef port) {}
        }, names);
        PortRef[] pair = node.createPortPair();
        node.sendUserMessage(pair[1], new TestMessage("a"));
        node.sendUserMessage(pair[1], new TestMessage("b")); // pushed onto pair[0]'s inbox
        assertThat(pair[0].port().inboxSealed()).isFalse();
        NodeName target = names.nextNodeName();
        assertThat(node.mergeWithRemotePort(pair[0], pair[0].port().owner, target, names.nextPortName()))
                .isEqualTo(MergeResult.OK);
        assertThat(pair[0].port().inboxSealed()).isTrue();
        assertThat(node.status(pair[0])).isEqualTo(Node.STATUS_BUFFERING);
        assertThat(pair[0].port().queuedCount()).isEqualTo(2);
        assertThat(forwarded).singleElement().isInstanceOf(MergePortEvent.class);
    }

    @Test
    void sendUserMessage_localPeer_readableInOrder() {
        PortRef[] pair = node.createPortPair();
        assertThat(node.sendUserMessage(pair[0], new TestMessage("a"))).isEqualTo(SendResult.OK);
        assertThat(node.sendUserMessage(pair[0], new TestMessage("b"))).isEqualTo(SendResult.OK);
        assertThat(label(node.getMessage(pair[1]))).isEqualTo("a");
        assertThat(label(node.getMessage(pair[1]))).isEqualTo("b");
        assertThat(node.getMessage(pair[1]).status()).isEqualTo(ReadOutcome.Status.EMPTY);
    }

    @Test
    void userMessage_outOfOrderArrival_readableOnlyInSequence() {
        PortRef[] pair = node.createPortPair();
        PortRef a = pair[0];
        PortRef b = pair[1];
        node.acceptEvent(new UserMessageEvent(node.name(), b.name(), a.name(), 2, new TestMessage("second")));
        assertThat(node.getMessage(b).status()).isEqualTo(ReadOutcome.Status.EMPTY);
        assertThat(node.getStatus(b).orElseThrow().queuedMessages()).isEqualTo(1);
        node.acceptEvent(new UserMessageEvent(node.name(), b.name(), a.name(), 1, new TestMessage("first")));
        assertThat(label(node.getMessage(b))).isEqualTo("first");
        assertThat(label(node.getMessage(b))).isEqualTo("second");
    }

    @Test
    void queue_headThenDequeThenGap_countedAndReadInSequence() {
        PortRef[] pair = node.createPortPair();
        PortRef a = pair[0];
        PortRef b = pair[1];
        node.acceptEvent(new UserMessageEvent(node.name(), b.name(), a.name(), 4, new TestMessage("4")));
        assertThat(node.getStatus(b).orElseThrow().queuedMessages()).isEqualTo(1);
        assertThat(node.getMessage(b).status()).isEqualTo(ReadOutcome.Status.EMPTY);
        node.acceptEvent(new UserMessageEvent(node.name(), b.name(), a.name(), 1, new TestMessage("1")));
        node.acceptEvent(new UserMessageEvent(node.name(), b.name(), a.name(), 2, new TestMessage("2")));
        assertThat(node.getStatus(b).orElseThrow().queuedMessages()).isEqualTo(3);
        assertThat(label(node.getMessage(b))).isEqualTo("1");
        assertThat(label(node.getMessage(b))).isEqualTo("2");
        assertThat(node.getMessage(b).status()).isEqualTo(ReadOutcome.Status.EMPTY);
        assertThat(node.getStatus(b).orElseThrow().queuedMessages()).isEqualTo(1);
        // The gap fills: 3 becomes the first in sequence and brings 4 behind it.
        node.acceptEvent(new UserMessageEvent(node.name(), b.name(), a.name(), 3, new TestMessage("3")));
        assertThat(node.getStatus(b).orElseThrow().queuedMessages()).isEqualTo(2);
        assertThat(label(node.getMessage(b))).isEqualTo("3");
        assertThat(node.getStatus(b).orElseThrow().queuedMessages()).isEqualTo(1);
        assertThat(label(node.getMessage(b))).isEqualTo("4");
        assertThat(node.getStatus(b).orElseThrow().queuedMessages()).isZero();
        assertThat(node.getStatus(b).orElseThrow().queuedBytes()).isZero();
    }

    @Test
    void observeClosure_belowQueuedInSequence_cutsFromTheTailIncludingTheFirst() {
        PortRef[] pair = node.createPortPair();
        PortRef a = pair[0];
        PortRef b = pair[1];
        List<TestMessage> sent = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            TestMessage m = new TestMessage(Integer.toString(i));
            sent.add(m);
            assertThat(node.sendUserMessage(a, m)).isEqualTo(SendResult.OK);
        }
        // A closure number is the peer's word: messages numbered past it are dropped even if queued.
        node.acceptEvent(new ObserveClosureEvent(node.name(), b.name(), a.name(), 1, 0));
        assertThat(node.getStatus(b).orElseThrow().queuedMessages()).isEqualTo(1);
        assertThat(sent.get(1).discarded).hasValue(1);
        assertThat(sent.get(2).discarded).hasValue(1);
        assertThat(label(node.getMessage(b))).isEqualTo("1");
        assertThat(node.getMessage(b).status()).isEqualTo(ReadOutcome.Status.PEER_CLOSED);

        PortRef[] other = node.createPortPair();
        TestMessage only = new TestMessage("only");
        assertThat(node.sendUserMessage(other[0], only)).isEqualTo(SendResult.OK);
        node.acceptEvent(new ObserveClosureEvent(node.name(), other[1].name(), other[0].name(), 0, 0));
        assertThat(only.discarded).hasValue(1);
        assertThat(node.getStatus(other[1]).orElseThrow().queuedMessages()).isZero();
        assertThat(node.getMessage(other[1]).status()).isEqualTo(ReadOutcome.Status.PEER_CLOSED);
    }

    @Test
    void observeClosure_beforeLastMessage_peerClosedOnlyWhenComplete() {
        PortRef[] pair = node.createPortPair();
        PortRef a = pair[0];
        PortRef b = pair[1];
        node.acceptEvent(new ObserveClosureEvent(node.name(), b.name(), a.name(), 2, 0));
        assertThat(node.getStatus(b).orElseThrow().peerClosed()).isFalse();
        // Writes still succeed while PEER_CLOSED is unsatisfied.
        assertThat(node.sendUserMessage(b, new TestMessage("x"))).isEqualTo(SendResult.OK);
        node.acceptEvent(new UserMessageEvent(node.name(), b.name(), a.name(), 2, new TestMessage("2")));
        assertThat(node.getStatus(b).orElseThrow().peerClosed()).isFalse();
        node.acceptEvent(new UserMessageEvent(node.name(), b.name(), a.name(), 1, new TestMessage("1")));
        assertThat(node.getStatus(b).orElseThrow().peerClosed()).isTrue();
        assertThat(node.sendUserMessage(b, new TestMessage("y"))).isEqualTo(SendResult.PEER_CLOSED);
        assertThat(label(node.getMessage(b))).isEqualTo("1");
        assertThat(label(node.getMessage(b))).isEqualTo("2");
        assertThat(node.getMessage(b).status()).isEqualTo(ReadOutcome.Status.PEER_CLOSED);
    }

    @Test
    void userMessage_beyondLastSequence_droppedAndDiscarded() {
        PortRef[] pair = node.createPortPair();
        node.acceptEvent(new ObserveClosureEvent(node.name(), pair[1].name(), pair[0].name(), 0, 0));
        TestMessage late = new TestMessage("late");
        node.acceptEvent(new UserMessageEvent(node.name(), pair[1].name(), pair[0].name(), 1, late));
        assertThat(late.discarded.get()).isEqualTo(1);
        assertThat(node.getMessage(pair[1]).status()).isEqualTo(ReadOutcome.Status.PEER_CLOSED);
    }

    @Test
    void userMessage_fromUnexpectedSender_dropped() {
        PortRef[] pair = node.createPortPair();
        PortRef[] other = node.createPortPair();
        TestMessage forged = new TestMessage("forged");
        node.acceptEvent(new UserMessageEvent(node.name(), pair[1].name(), other[0].name(), 1, forged));
        assertThat(forged.discarded.get()).isEqualTo(1);
        assertThat(node.getMessage(pair[1]).status()).isEqualTo(ReadOutcome.Status.EMPTY);
    }

    @Test
    void userMessage_forUnknownPort_droppedWithCarriedPortsClosed() {
        PortRef[] cargo = node.createPortPair();
        TestMessage m = new TestMessage("lost", cargo[0]);
        node.acceptEvent(new UserMessageEvent(node.name(), names.nextPortName(), names.nextPortName(), 1, m));
        assertThat(m.discarded.get()).isEqualTo(1);
        assertThat(node.getStatus(cargo[0])).isEmpty();
        assertThat(node.getStatus(cargo[1]).orElseThrow().peerClosed()).isTrue();
    }

    @Test
    void sendUserMessage_carriesSelfOrPeer_refusedNothingSent() {
        PortRef[] pair = node.createPortPair();
        assertThat(node.sendUserMessage(pair[0], new TestMessage("s", pair[0]))).isEqualTo(SendResult.CANNOT_SEND_SELF);
        assertThat(node.sendUserMessage(pair[0], new TestMessage("p", pair[1]))).isEqualTo(SendResult.CANNOT_SEND_PEER);
        assertThat(node.getMessage(pair[1]).status()).isEqualTo(ReadOutcome.Status.EMPTY);
        // Nothing consumed a sequence number.
        assertThat(pair[0].port().nextSequenceToSend).isEqualTo(1);
    }

    @Test
    void closePort_dropsQueueAndClosesCarriedPortsTransitively() {
        PortRef[] outer = node.createPortPair();
        PortRef[] inner = node.createPortPair();
        PortRef[] innermost = node.createPortPair();
        TestMessage deep = new TestMessage("deep", innermost[0]);
        node.sendUserMessage(inner[0], deep);
        TestMessage m = new TestMessage("m", inner[1]);
        node.sendUserMessage(outer[0], m);
        node.closePort(outer[1]);
        assertThat(node.getStatus(outer[1])).isEmpty();
        assertThat(node.getStatus(outer[0]).orElseThrow().peerClosed()).isTrue();
        assertThat(node.getStatus(inner[1])).isEmpty();
        assertThat(node.getStatus(inner[0]).orElseThrow().peerClosed()).isTrue();
        assertThat(node.getStatus(innermost[0])).isEmpty();
        assertThat(node.getStatus(innermost[1]).orElseThrow().closureReason()).isZero();
        assertThat(m.discarded.get()).isEqualTo(1);
        assertThat(deep.discarded.get()).isEqualTo(1);
        node.closePort(outer[1]); // idempotent
    }

    @Test
    void closePort_longChain_noStackOverflow() {
        PortRef[] first = node.createPortPair();
        PortRef[] previous = first;
        for (int i = 0; i < 20_000; i++) {
            PortRef[] next = node.createPortPair();
            node.sendUserMessage(next[0], new TestMessage("", previous[1]));
            previous = next;
        }
        node.closePort(previous[1]);
        assertThat(node.getStatus(first[0]).orElseThrow().peerClosed()).isTrue();
    }

    @Test
    void hardLimit_overrun_refusedPrefixKeptPeerToldReasonOne() {
        PortRef[] pair = node.createPortPair();
        node.setReceiveLimits(pair[1], new ReceiveLimits(1, Long.MAX_VALUE, true));
        assertThat(node.sendUserMessage(pair[0], new TestMessage("kept"))).isEqualTo(SendResult.OK);
        TestMessage refused = new TestMessage("refused");
        assertThat(node.sendUserMessage(pair[0], refused)).isEqualTo(SendResult.REFUSED_BY_QUOTA);
        assertThat(refused.discarded.get()).isZero(); // still the sender's
        PortStatus writer = node.getStatus(pair[0]).orElseThrow();
        assertThat(writer.peerClosed()).isTrue();
        assertThat(writer.closureReason()).isEqualTo(1);
        PortStatus reader = node.getStatus(pair[1]).orElseThrow();
        assertThat(reader.peerClosed()).isTrue();
        assertThat(reader.closureReason()).isEqualTo(1);
        assertThat(label(node.getMessage(pair[1]))).isEqualTo("kept");
        assertThat(node.getMessage(pair[1]).status()).isEqualTo(ReadOutcome.Status.PEER_CLOSED);
    }

    @Test
    void softLimit_overrun_queuedAndReported() {
        PortRef[] pair = node.createPortPair();
        node.setReceiveLimits(pair[1], new ReceiveLimits(1, Long.MAX_VALUE, false));
        node.sendUserMessage(pair[0], new TestMessage("1"));
        assertThat(node.getStatus(pair[1]).orElseThrow().quotaExceeded()).isFalse();
        assertThat(node.sendUserMessage(pair[0], new TestMessage("2"))).isEqualTo(SendResult.OK);
        assertThat(node.getStatus(pair[1]).orElseThrow().quotaExceeded()).isTrue();
    }

    @Test
    void delegate_calledWithNoLockHeld() {
        PortRef[] pair = node.createPortPair();
        node.sendUserMessage(pair[0], new TestMessage("a"));
        node.getMessage(pair[1]);
        node.closePort(pair[0]);
        assertThat(delegate.statusChanges).isNotEmpty();
        assertThat(delegate.locksHeld).containsOnly(0);
    }

    @Test
    void portsLayer_calledWhileHoldingPortLock_illegalState() {
        PortRef[] pair = node.createPortPair();
        pair[0].port().lock.lock();
        try {
            assertThatThrownBy(() -> node.getStatus(pair[1]))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("re-entered");
            assertThatThrownBy(() -> node.sendUserMessage(pair[1], new TestMessage("x")))
                    .isInstanceOf(IllegalStateException.class);
        } finally {
            pair[0].port().lock.unlock();
        }
        assertThat(HeldLocks.total()).isZero();
    }

    @Test
    @Timeout(60)
    void concurrentSendersAndReaders_noLockHeldInCallbacksAndPerSenderOrderKept() throws Exception {
        PortRef[] pair = node.createPortPair();
        int senders = 4;
        int perSender = 2000;
        CyclicBarrier start = new CyclicBarrier(senders + 1);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (int s = 0; s < senders; s++) {
            int id = s;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    for (int i = 0; i < perSender; i++) {
                        assertThat(node.sendUserMessage(pair[0], new TestMessage(id + ":" + i))).isEqualTo(SendResult.OK);
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        start.await();
        int[] next = new int[senders];
        int read = 0;
        while (read < senders * perSender) {
            ReadOutcome o = node.getMessage(pair[1]);
            if (o.status() == ReadOutcome.Status.OK) {
                String[] parts = ((TestMessage) o.message()).label.split(":");
                int id = Integer.parseInt(parts[0]);
                assertThat(Integer.parseInt(parts[1])).isEqualTo(next[id]++);
                read++;
            } else {
                Thread.onSpinWait();
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
        assertThat(delegate.locksHeld).containsOnly(0);
    }

    /**
     * Two writers each carry a port of the other's pair, so each send needs both pair locks, taken in
     * opposite port order; a third writes the other way on one pair. Locks taken in ascending lock order
     * never deadlock (a hang fails the timeout), and every message arrives once, in order per sender.
     */
    @Test
    @Timeout(60)
    void sendersCarryingPortsOfEachOthersPair_noDeadlockAllDeliveredInOrder() throws Exception {
        PortRef[] p = node.createPortPair();
        PortRef[] q = node.createPortPair();
        int perSender = 3000;
        CyclicBarrier start = new CyclicBarrier(4);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        record Sender(PortRef from, PortRef carried) {}
        List<Sender> senders = List.of(new Sender(p[0], q[1]), new Sender(q[0], p[1]), new Sender(p[1], null));
        List<Thread> threads = new ArrayList<>();
        for (Sender sender : senders) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    for (int i = 0; i < perSender; i++) {
                        TestMessage m = sender.carried() == null
                                ? new TestMessage(Integer.toString(i))
                                : new TestMessage(Integer.toString(i), sender.carried());
                        assertThat(node.sendUserMessage(sender.from(), m)).isEqualTo(SendResult.OK);
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        start.await();
        PortRef[] readers = {p[1], q[1], p[0]};
        int[] next = new int[readers.length];
        int done = 0;
        while (done < readers.length) {
            done = 0;
            for (int r = 0; r < readers.length; r++) {
                if (next[r] == perSender) {
                    done++;
                    continue;
                }
                ReadOutcome o = node.getMessage(readers[r]);
                if (o.status() == ReadOutcome.Status.OK) {
                    assertThat(Integer.parseInt(label(o))).isEqualTo(next[r]++);
                } else {
                    assertThat(o.status()).isEqualTo(ReadOutcome.Status.EMPTY);
                    Thread.onSpinWait();
                }
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
        for (PortRef r : readers) {
            assertThat(node.getMessage(r).status()).isEqualTo(ReadOutcome.Status.EMPTY);
        }
        assertThat(delegate.locksHeld).containsOnly(0);
        assertThat(HeldLocks.total()).isZero();
    }
}

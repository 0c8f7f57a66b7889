package org.jmojo.internal.ports;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jmojo.internal.sync.RankedLock;

/**
 * One port record (docs/architecture.md §3). Every field except {@link #name}, {@link #ref} and
 * {@link #inbox} is guarded by {@link #lock}; only {@link Node} reads or writes them, under that lock,
 * and never calls out while holding it. Three volatile fields are also read without it: {@link #status}
 * (below), {@link #owner} (to find the endpoint to notify, and to confirm a lock-free read) and
 * {@link #localPeer} (a hint confirmed under the lock). {@link #inbox} is pushed to by the local peer's
 * writers without this lock (below).
 *
 * <h2>The published status</h2>
 * {@link #status} is a summary of the record (readable, peer closed, peer remote, quota exceeded; or, for
 * a port that is not receiving, which state it is in: buffering, proxying or closed)
 * that every mutation recomputes before it releases the lock ({@link #publishLocked()}). Readers use it
 * without the lock: an empty read, a signals query and a spinning waiter then never contend with the
 * writer for the port lock. The volatile write is the linearization point of each mutation: a thread
 * that starts after a mutation returned sees its effect, and a reader that finds the port readable is
 * sure to find the message once it takes the lock, because only a read under the lock removes it.
 *
 * <h2>The queue</h2>
 * Messages that arrived in sequence order, from {@link #nextSequenceToRead} up to {@link #contiguousEnd},
 * are {@link #head} (the first) and then {@link #inOrder}; a message that arrives ahead of a gap
 * (concurrent writers on one endpoint deliver after releasing their locks, so they may overtake each
 * other) waits in {@link #ahead} until the gap fills. The common case, a message written into an empty
 * queue and read before the next one, touches only this record: no queue object and no array move
 * between the writer's and the reader's cores.
 *
 * <h2>The inbox: the local writer's lock-free hand-off</h2>
 * A local peer that writes to this port does not take this port's lock: it pushes the message, with the
 * user and control sequence numbers it gave it, onto {@link #inbox} (a lock-free stack, one compare-and-set)
 * holding only its own lock, which numbers the message. Whoever next takes this port's lock moves the
 * pushed messages into the queue, oldest first, as the events of the state machine they are
 * ({@link Node}, "The local fast path"): so the writer and the reader of one direction of a pipe never take
 * the same lock. The inbox is <em>sealed</em> (a sentinel that makes every push fail, so the writer takes
 * the locked path instead) except while this port is receiving with no receive limits and no read-ack
 * request; {@link Node} opens it only when the writer's next event is the one this port processes next,
 * and seals it before any other change of this record. A push that returned true is visible to
 * {@link #status()} at once (it reads the inbox too), so a write that returned is readable at once.
 */
public final class Port {
    /** Status bit: the next message in sequence is queued. */
    static final int READABLE = 1;
    /** Status bit: jmojo's PEER_CLOSED rule holds (closure known and every message arrived). */
    static final int PEER_CLOSED = 1 << 1;
    /** Status bit: the peer lives on another node. */
    static final int PEER_REMOTE = 1 << 2;
    /** Status bit: a non-hard receive limit is exceeded. */
    static final int QUOTA_EXCEEDED = 1 << 3;
    /** Status bit: the port is closed (erased); no other bit is set with it. */
    static final int CLOSED = 1 << 4;
    /** Status bit: the port is buffering ({@link PortState#BUFFERING}); no other bit is set with it. */
    static final int BUFFERING = 1 << 5;
    /** Status bit: the port is proxying ({@link PortState#PROXYING}); no other bit is set with it. */
    static final int PROXYING = 1 << 6;
    /** The status bits of the states other than receiving: exactly one is set when the port is not receiving. */
    static final int NOT_RECEIVING = CLOSED | BUFFERING | PROXYING;

    final PortName name;

    /** The node hosting this port (to tell a remote peer from a local one). */
    private final NodeName node;

    /** This port as a reference, made once so that status notifications allocate nothing. */
    final PortRef ref;

    /**
     * Rank 3 (docs/architecture.md §5): the whole record below, except the inbox. Every port has its own, the two
     * ports of a local pair included: a local write takes only the writer's and pushes onto the peer's inbox.
     * Several port locks are taken in ascending {@link RankedLock#order()} order.
     */
    final RankedLock lock;

    /** The owner of a port that travels in a message: nobody may use it until a reader claims it. */
    static final Object IN_TRANSIT = new Object() {
        @Override
        public String toString() {
            return "in transit";
        }
    };

    /**
     * Who may read from, write through and set limits on this port ({@link Node}, "Ownership"): the
     * system layer's endpoint object, {@link #IN_TRANSIT} from the send that queues the port in a
     * message until a reader claims it, or null for a port nobody claimed. Written only under
     * {@link #lock}; read without it as well.
     */
    volatile Object owner;

    /**
     * The status bits above, written only under {@link #lock} by {@link #publishLocked()}, read without
     * it. A new port has no peer yet and reads as not readable and not closed.
     */
    private volatile int status;

    // @GuardedBy("lock")
    PortState state = PortState.RECEIVING;
    // @GuardedBy("lock") where user messages go
    NodeName peerNode;
    // @GuardedBy("lock")
    PortName peerPort;
    // Written under lock (when the pair is made, when a port made from a descriptor finds its peer on this node,
    // and set to null whenever the port is re-pointed); read without it only as a hint that Node.sendUserMessage
    // re-checks once it holds the lock. The peer's record when it is a port of this node, so a local write needs
    // no map lookup and can lock both ports; null for a remote peer or a peer not looked up (such a write goes
    // as an event, through the same sender checks).
    volatile Port localPeer;
    // The network of this port's route, as the node layer numbers them (docs/ports.md, "Network tags"); 0 until
    // tagged. Read and written only through Node.networkTag/tagNetwork by the node's NetworkCrossing, under its lock.
    int network;
    // @GuardedBy("lock") the only sender whose events this port accepts
    NodeName previousNode;
    // @GuardedBy("lock")
    PortName previousPort;
    // @GuardedBy("lock") the control sequence of the next event this port sends to a peer on another node
    // (docs/architecture.md §3, sender verification: counted per link, so it restarts at 1 when the peer changes)
    long nextControlToSend = 1;
    // @GuardedBy("lock") the control sequence this port processes next from its previous sender on another node
    long nextControlToReceive = 1;
    /**
     * Events from another node that this port cannot process yet: from a sender other than its expected
     * previous sender, or ahead of {@link #nextControlToReceive}; by sender, then control sequence. Retried
     * whenever the expected sender or number changes; bounded per sending node ({@link Node#MAX_HELD_PER_NODE}).
     * Null while none was ever held.
     */
    // @GuardedBy("lock")
    Map<Sender, TreeMap<Long, Event>> held;

    /** A sender of events: its node and port (docs/architecture.md §3, sender verification). */
    record Sender(NodeName node, PortName port) {}

    // @GuardedBy("lock")
    long nextSequenceToSend = 1;
    // @GuardedBy("lock")
    long nextSequenceToRead = 1;
    // @GuardedBy("lock") the highest s such that every message up to s has arrived (read or queued)
    long contiguousEnd;
    // @GuardedBy("lock") the peer's closure was observed (or this port broke)
    boolean peerClosureKnown;
    // @GuardedBy("lock") valid when peerClosureKnown: the last sequence that will ever arrive
    long lastSequenceToReceive;
    // @GuardedBy("lock") valid when peerClosureKnown
    int closureReason = -1;
    // @GuardedBy("lock") the unread message nextSequenceToRead, or null when none has arrived
    private UserMessage head;
    // @GuardedBy("lock") the unread messages nextSequenceToRead + 1 .. contiguousEnd, in order; empty
    // whenever head is null
    private final ArrayDeque<UserMessage> inOrder = new ArrayDeque<>();
    // @GuardedBy("lock") messages beyond a gap (sequence > contiguousEnd + 1), by sequence; null while
    // none ever arrived out of order
    private TreeMap<Long, UserMessage> ahead;
    // @GuardedBy("lock") a buffering or proxying port knows the last user message it will ever pass on
    // (lastToForward): from a proxy-removal ack or a closure that passed through. Once it has passed on every
    // message up to that number it hands its role to its peer (update-previous-peer) and is erased.
    boolean removalArmed;
    // @GuardedBy("lock") valid when removalArmed
    long lastToForward;
    // @GuardedBy("lock") an observe-proxy for this port's peer reached it while it was buffering or proxying (it
    // cannot tell the last number it will forward): it sends that peer a retry ack when it is removed itself
    boolean deferredRetryAck;
    // @GuardedBy("lock") events this port produced while buffering (its new location does not exist yet), with
    // no control sequence; stamped and sent in order when it starts proxying. Null while none.
    ArrayList<Event> outbox;

    // Node loss (docs/ports.md, "Node loss"), all @GuardedBy("lock"):
    // the port whose update-previous-peer named the current previous sender (null: none did, the previous sender
    // is the one this port was made with); only that port may tell it that previous sender will never exist
    Sender previousHandedBy;
    // a port that converted (buffering or proxying): the peer it told of its new location, which it tells again if
    // that new location is lost before it accepted the port
    Sender handedTo;
    // dead-port notices that came before the update-previous-peer they are about, by the port that will send that
    // update: the previous sender it will name, which will never exist (null while none; at most
    // Node.MAX_EARLY_NOTICES entries)
    Map<Sender, Sender> doomedPrevious;

    // Pipes sent into each other from several nodes at once (docs/ports.md, "Orphans": the chase). Every location of
    // one endpoint has the same high half of its name (Node.convertLocked), so a name tells which endpoint it is a
    // location of.
    // @GuardedBy("lock") a converted port: where its endpoint is queued, innermost first: a location of the endpoint
    // the message carrying it was addressed to, with that message's user sequence; then, if a proxy passed that
    // message on, the proxy's own chain (that endpoint had left before reading the message, inside another one);
    // one link per endpoint (Node.insideChain); empty for a port that never left
    List<InsideOf> leftInside = List.of();
    // @GuardedBy("transitLock" of the node) set when a proxy passes on the message carrying this port: that proxy's
    // leftInside (null: the last message carrying it came from no such proxy)
    List<InsideOf> forwardedInside;

    /** One link of a chase chain: an endpoint (by a location's name) and the user sequence of a message to it. */
    record InsideOf(PortName to, long sequence) {}

    // @GuardedBy("lock") read acks (docs/ports.md): as a reader, the sequence a pending request asks to hear about
    // once read (0 = none); on a buffering or proxying port, nothing (requests pass through)
    long readAckRequestedUpTo;
    // @GuardedBy("lock") as a reader, the highest sequence it last acknowledged (0 = none), re-sent after a proxy
    // on its route was removed (the proxy may have swallowed it)
    long lastReadAckSent;
    // @GuardedBy("lock") as a writer, the highest sequence its peer acknowledged reading
    long highestReadAcknowledged;
    // @GuardedBy("lock") as a writer, the highest sequence it asked to hear about (0 = none), re-sent after a proxy
    // on its route was removed
    long readAckAskedUpTo;

    // @GuardedBy("lock") the one node allowed to merge a port of its own with this one by merge-port (set by
    // Node.expectMerge, cleared when a merge-port from that node arrives); null while none is expected
    NodeName mergeExpectedFrom;

    // @GuardedBy("lock")
    long queuedBytes;
    // @GuardedBy("lock")
    ReceiveLimits limits = ReceiveLimits.NONE;

    /**
     * The port of this node in whose queue the message carrying this port sits, or which holds that message
     * until its sender is the expected one, or null while this port is not queued in one (held by a handle,
     * taken by a reader who is giving it a handle, or on its way between nodes). Guarded
     * by the node's transit lock, not by {@link #lock}: {@link Node} follows these links across many
     * ports at once to find ports that no handle can ever reach (docs/architecture.md §3, orphans).
     */
    // @GuardedBy("Node.transitLock")
    Port carrier;

    Port(NodeName node, PortName name, RankedLock lock) {
        this.node = node;
        this.name = name;
        this.lock = lock;
        this.ref = new PortRef(name, this);
    }

    /**
     * A message on its way into this port through {@link #inbox}: what a user-message event from
     * {@link #sender} would carry. {@link #next} links to the entry pushed before it (a stack), until
     * {@link #takeInbox} reverses the chain into arrival order.
     */
    static final class Inbound {
        final PortName sender;
        final long sequence;
        final long control;
        final UserMessage message;
        Inbound next;

        Inbound(PortName sender, long sequence, long control, UserMessage message) {
            this.sender = sender;
            this.sequence = sequence;
            this.control = control;
            this.message = message;
        }
    }

    /** The inbox value that refuses pushes (see "The inbox"); never an entry. */
    private static final Inbound SEALED = new Inbound(null, 0, 0, null);

    private static final VarHandle INBOX;
    private static final VarHandle STATUS;

    static {
        try {
            INBOX = MethodHandles.lookup().findVarHandle(Port.class, "inbox", Inbound.class);
            STATUS = MethodHandles.lookup().findVarHandle(Port.class, "status", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The messages a local writer pushed and nobody has moved into the queue yet, newest first; null when
     * open and empty; {@link #SEALED} while pushes are refused. Pushed to by a writer holding its own port's
     * lock, not this one ({@link #push}); emptied, sealed and opened only under {@link #lock}. Starts sealed.
     */
    @SuppressWarnings("unused") // through INBOX
    private volatile Inbound inbox = SEALED;

    /** {@link #push}'s answer: the inbox is sealed, nothing was pushed. */
    static final int PUSH_REFUSED = 0;
    /** {@link #push}'s answer: pushed onto an empty inbox. */
    static final int PUSHED_FIRST = 1;
    /**
     * {@link #push}'s answer: pushed behind entries nobody has taken yet, so this port reported readable
     * already ({@link #status()}) and goes on doing so until a reader takes them together with this one.
     */
    static final int PUSHED_BEHIND = 2;

    /**
     * Pushes {@code entry} unless the inbox is sealed; lock-free, by a writer that holds its own port's lock
     * (which orders its pushes), never this port's. Returns {@link #PUSH_REFUSED}, {@link #PUSHED_FIRST} or
     * {@link #PUSHED_BEHIND}.
     */
    int push(Inbound entry) {
        Inbound top;
        do {
            top = inbox;
            if (top == SEALED) {
                return PUSH_REFUSED;
            }
            entry.next = top;
        } while (!INBOX.compareAndSet(this, top, entry));
        return top == null ? PUSHED_FIRST : PUSHED_BEHIND;
    }

    /**
     * Takes every pushed entry, oldest first (null if none), leaving the inbox open ({@code seal} false) or
     * sealed. Called with {@link #lock} held. Before an entry leaves the inbox the status is marked
     * readable: a lock-free reader reads the inbox before the status ({@link #status()}), so a message
     * pushed by a write that returned is never seen in neither place. The caller queues the entries and
     * republishes the status ({@link #publishLocked()}), which corrects the mark if none became readable.
     */
    Inbound takeInbox(boolean seal) {
        Inbound chain;
        do {
            chain = inbox;
            // Only this lock's holder makes the inbox SEALED or takes it out of SEALED.
            if (chain == SEALED || (chain == null && !seal)) {
                return null;
            }
            if (chain != null && (status & (READABLE | NOT_RECEIVING)) == 0) {
                // Before the entries leave the inbox (see above). A release store is enough: the compare-and-set
                // below publishes it to whoever reads the inbox it leaves, and publishLocked() stores the final
                // status before the lock is released (a volatile store would add a full fence per read).
                STATUS.setRelease(this, status | READABLE);
            }
        } while (!INBOX.compareAndSet(this, chain, seal ? SEALED : null)); // a push came between: again
        Inbound oldestFirst = null;
        while (chain != null) {
            Inbound older = chain.next;
            chain.next = oldestFirst;
            oldestFirst = chain;
            chain = older;
        }
        return oldestFirst;
    }

    /** Lets pushes in again; called with {@link #lock} held, on an inbox that is sealed or open. */
    void openInboxLocked() {
        if (inbox == SEALED) {
            inbox = null;
        }
    }

    /** Whether the inbox refuses pushes (for tests and assertions). */
    boolean inboxSealed() {
        return inbox == SEALED;
    }

    /** This port's name. */
    public PortName name() {
        return name;
    }

    /** {@link #localPeer}, read without the lock: to be confirmed under it. */
    Port localPeerHint() {
        return localPeer;
    }

    /**
     * The published status bits, with {@link #READABLE} also while a local writer's message waits in the
     * inbox; no lock needed. The inbox is read first (see {@link #takeInbox}).
     */
    int status() {
        Inbound top = inbox;
        int s = status;
        return top != null && top != SEALED ? s | READABLE : s;
    }

    // The helpers below run with lock held.

    /**
     * Recomputes {@link #status} from the record. Every mutation calls it before releasing the lock
     * (Node does, at the end of each locked section that changed the port).
     */
    void publishLocked() {
        int s;
        if (state != PortState.RECEIVING) {
            // What it is, never "closed" for a port that still forwards or buffers (a buffering port is
            // no longer its endpoint's, but it is not gone: its messages still reach the peer).
            s = switch (state) {
                case BUFFERING -> BUFFERING;
                case PROXYING -> PROXYING;
                default -> CLOSED;
            };
        } else {
            s = 0;
            if (head != null) {
                s |= READABLE;
            }
            if (peerClosedComplete()) {
                s |= PEER_CLOSED;
            }
            if (peerNode != null && !node.equals(peerNode)) {
                s |= PEER_REMOTE;
            }
            if (!limits.hard() && limits.overrunBy(queuedCount(), queuedBytes)) {
                s |= QUOTA_EXCEEDED;
            }
        }
        if (s != status) {
            status = s;
        }
    }

    /** Whether the peer is known and lives on another node. */
    boolean remotePeer() {
        return peerNode != null && !node.equals(peerNode);
    }

    boolean hasReadableMessage() {
        return head != null;
    }

    /** How many events this port holds from senders or numbers it does not expect yet. */
    int heldCount() {
        int n = 0;
        if (held != null) {
            for (TreeMap<Long, Event> events : held.values()) {
                n += events.size();
            }
        }
        return n;
    }

    /** Messages queued, readable or not. */
    long queuedCount() {
        // head and inOrder hold exactly nextSequenceToRead .. contiguousEnd: counted without the deque
        long inSequence = head == null ? 0 : contiguousEnd - nextSequenceToRead + 1;
        return inSequence + (ahead == null ? 0 : ahead.size());
    }

    /** Whether the message with {@code sequence} is queued already (a duplicate). */
    boolean isQueued(long sequence) {
        if (sequence >= nextSequenceToRead && sequence <= contiguousEnd) {
            return true;
        }
        return ahead != null && ahead.containsKey(sequence);
    }

    /** jmojo's PEER_CLOSED rule: closure known and every message up to the last one has arrived. */
    boolean peerClosedComplete() {
        return peerClosureKnown && contiguousEnd >= lastSequenceToReceive;
    }

    /** Queues a message that is neither read, queued, nor beyond a known last sequence. */
    void enqueue(long sequence, UserMessage message) {
        queuedBytes += message.payloadBytes();
        if (sequence != contiguousEnd + 1) {
            if (ahead == null) {
                ahead = new TreeMap<>();
            }
            ahead.put(sequence, message);
            return;
        }
        append(message);
        contiguousEnd = sequence;
        if (ahead != null) {
            UserMessage next;
            while ((next = ahead.remove(contiguousEnd + 1)) != null) {
                append(next);
                contiguousEnd++;
            }
        }
    }

    /** Adds the message numbered {@code contiguousEnd + 1} behind the in-sequence ones. */
    private void append(UserMessage message) {
        if (head == null) {
            head = message;
        } else {
            inOrder.addLast(message);
        }
    }

    UserMessage takeNext() {
        UserMessage m = head;
        // Others in sequence behind it exactly when contiguousEnd is past it: only then is the deque read.
        head = contiguousEnd > nextSequenceToRead ? inOrder.pollFirst() : null;
        queuedBytes -= m.payloadBytes();
        nextSequenceToRead++;
        return m;
    }

    /** Removes and returns the messages that can never become readable (beyond {@code last}). */
    List<UserMessage> dropBeyond(long last) {
        List<UserMessage> dropped = new ArrayList<>();
        // Arrived in order beyond the last number: impossible from a well-behaved peer, but a closure
        // number is the peer's word, so the queue is cut there either way.
        while (contiguousEnd > last && head != null) {
            UserMessage m;
            if (inOrder.isEmpty()) {
                m = head;
                head = null;
            } else {
                m = inOrder.pollLast();
            }
            queuedBytes -= m.payloadBytes();
            dropped.addFirst(m);
            contiguousEnd--;
        }
        if (ahead != null) {
            Map<Long, UserMessage> tail = ahead.tailMap(last, false);
            for (UserMessage m : tail.values()) {
                queuedBytes -= m.payloadBytes();
                dropped.add(m);
            }
            tail.clear();
        }
        return dropped;
    }

    List<UserMessage> dropAll() {
        List<UserMessage> dropped = new ArrayList<>();
        if (held != null) {
            // Held user messages were never queued: they go with the port all the same.
            for (TreeMap<Long, Event> events : held.values()) {
                for (Event e : events.values()) {
                    if (e instanceof UserMessageEvent m) {
                        dropped.add(m.message());
                    }
                }
            }
            held = null;
        }
        outbox = null;
        if (head != null) {
            dropped.add(head);
            head = null;
        }
        dropped.addAll(inOrder);
        if (ahead != null) {
            dropped.addAll(ahead.values());
            ahead.clear();
        }
        inOrder.clear();
        queuedBytes = 0;
        return dropped;
    }

    @Override
    public String toString() {
        return name.toString();
    }
}

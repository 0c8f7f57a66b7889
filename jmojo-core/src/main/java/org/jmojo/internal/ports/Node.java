package org.jmojo.internal.ports;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jmojo.internal.ports.wire.ClosureReason;
import org.jmojo.internal.ports.wire.PortDescriptor;
import org.jmojo.internal.ports.wire.Rejection.Category;
import org.jmojo.internal.sync.HeldLocks;
import org.jmojo.internal.sync.LockRank;
import org.jmojo.internal.sync.RankedLock;

/**
 * The ports of one node: a thread-safe state machine for names, port records, user messages and
 * closure (docs/architecture.md §3), with no knowledge of sockets, threads or handles.
 *
 * <h2>Locks and delivery</h2>
 * <ul>
 *   <li>{@link #portMapLock} (rank 2) guards the name → port map; each port's lock (rank 3) guards its
 *       record, except its inbox ("The local fast path" below). Every port has its own lock; several
 *       port locks are taken in ascending {@link RankedLock#order()}. Neither is held while calling
 *       anything outside this class.
 *   <li>Events are produced under port locks and delivered only after every port lock is released, from
 *       a per-thread queue drained by the producing thread; so delivery never recurses under a lock and
 *       a deep chain (closing a port whose queue carries ports whose queues carry ports …) runs as a loop.
 *       Two local operations act on both ports of a pipe at once instead: a write hands its message to the
 *       peer in the critical section that numbers it, pushing it onto the peer's inbox or, holding both
 *       locks, queueing it there (so local writes are linearizable), and a close, holding both locks,
 *       records the closure in the peer (so a local close is).
 *   <li>The {@link NodeDelegate} is called from that drain loop, with no lock held.
 *   <li>Every public method fails with {@link IllegalStateException} if the calling thread holds a port
 *       or port-map lock ({@link HeldLocks}).
 * </ul>
 * <h2>One state machine</h2>
 * Every event a port sends another carries the control sequence of that link, whether the two ports share a
 * node or not, and the target processes it only from its expected previous sender and in that order, holding
 * the rest ({@link #receiveLocked}; docs/ports.md). The local write and the local close are fast paths of that
 * same check: when the peer is a port of this node that would process the event next ({@link #directLocked}),
 * the event is processed in the sender's critical section and both counters advance, as if it had been sent
 * and delivered at once; otherwise it goes as an event, local or remote. Ports move between nodes by the
 * protocol of docs/ports.md: a carried port is converted when its message leaves the node
 * ({@link #convertLocked}), buffers until its new location accepts it, proxies until it is removed.
 *
 * <h2>The local fast path</h2>
 * Every port has a lock of its own, the two ports of a local pair included, so that the writer and the reader
 * of one direction of a pipe never contend for a lock. A local write without carried ports holds only the
 * writer's lock: it numbers the message and pushes it, with its control sequence, onto its peer's inbox
 * ({@link Port#push}, lock-free), and the peer's next locked section moves it into the queue as the event it
 * is ({@link #takeInboxLocked}): processed at once if it is the next event of the expected previous sender,
 * held like any other event otherwise. The inbox is open only while its port is receiving with no receive
 * limits and no read-ack request, and it is opened only by a write that holds both ports' locks and found
 * its peer processing its events directly ({@link #sendLocked}); every other locked section that may change
 * what the port accepts seals it first ({@link #lockSealed}), taking in what it held, so a sealed inbox sends
 * the writer down the locked path of {@link #directLocked}, which decides as before (quota refusals, closure,
 * moves). Sections that only read or take messages take the inbox in without sealing it
 * ({@link #getMessage}, {@link #getStatus}). A pushed message is readable from the moment its write returns
 * ({@link Port#status()} reports the inbox too).
 *
 * <h2>Ownership</h2>
 * A port has an owner ({@link Port#owner}): an opaque object of the layer above, which in jmojo is the
 * endpoint object that holds the port. {@link #setOwner} claims a port; a send that carries a port (and
 * succeeds) hands it to nobody ("in transit") in the same critical section that queues the message,
 * until a reader takes the message and claims the port. Reads, sends and limit changes name the owner
 * they act for, and are refused ({@link ReadOutcome.Status#NOT_OWNER}, {@link SendResult#NOT_OWNER})
 * when the port's owner is another. So no operation begun through an object that has since sent its
 * port can act on the port after that send: no message is taken out of a port that sits in another
 * port's queue, and no message is written through it after its new owner's (docs/architecture.md §1, "A handle
 * in transit"). The overloads without an owner skip the check, for users of this layer that do not
 * track owners (its own tests).
 *
 * <h2>Lock-free reads of a port's status</h2>
 * Each port publishes a summary of its record in a volatile field at the end of every locked mutation
 * ({@link Port#publishLocked()}). {@link #status(PortRef)} returns it without a lock, and
 * {@link #getMessage} decides an empty or closed queue from it, so readers and waiters that find nothing
 * never take the lock the writer needs. A local write or close reaches its peer's record through the
 * port's {@code localPeer} reference, without the port-map lock.
 *
 * <p>One exception keeps a local close linearizable: a close publishes the port's {@code CLOSED} and
 * then its local peer's closure, two volatile writes inside one critical section under the port's
 * lock ({@link #closeNow}). A lock-free reader that saw {@code CLOSED} between the two and answered at
 * once would report the port closed while a later reader of the peer still finds the peer open, which
 * no sequential order of the close and the two reads explains. So a lock-free reader that sees
 * {@code CLOSED} first waits that critical section out ({@link #settledStatus}); the peer's
 * closure, published last, needs no such wait.
 */
public final class Node {
    private final NodeName name;
    private final NodeDelegate delegate;
    private final NameGenerator names;

    /** Rank 2: the name → port map. */
    private final RankedLock portMapLock = new RankedLock(LockRank.PORT_MAP);

    // @GuardedBy("portMapLock")
    private final Map<PortName, Port> ports = new HashMap<>();

    /**
     * A leaf lock guarding every port's {@link Port#carrier} link: taken inside port locks (a send that
     * queues carried ports, a read that takes them out) or alone (the orphan check); nothing is taken
     * under it. Messages without ports never touch it.
     */
    private final RankedLock transitLock = new RankedLock(LockRank.LEAF);

    /**
     * The nodes this node lost (docs/architecture.md §3, node loss, step 1): no event from them is ever
     * processed again. Replaced, never mutated, under {@link #portMapLock}; read without a lock (and again
     * under the target port's lock, so an event racing the loss is either processed before the port
     * breaks or dropped after).
     */
    private volatile Set<NodeName> lostNodes = Set.of();

    /**
     * Every port of this node whose {@link Port#carrier} is set. Ports compare by identity; insertion order
     * makes the orphan check close a loop's ports in the same order on every replay of a simulation seed.
     */
    // @GuardedBy("transitLock")
    private final Set<Port> inTransit = new LinkedHashSet<>();

    /** Work produced by this thread and not yet delivered; only ever touched by its own thread. */
    private final ThreadLocal<Pending> pending = ThreadLocal.withInitial(Pending::new);

    private static final class Pending {
        /**
         * Events to deliver or forward, {@link ClosePort} and {@link Discard} work, and a port's own
         * {@link PortRef} for "its status changed: tell the delegate" (the ref is made once per port, so
         * a read or write queues no new object).
         */
        final ArrayDeque<Object> items = new ArrayDeque<>();
        boolean draining;
        /**
         * The owning thread's {@link HeldLocks#current() lock counts}, looked up once here: the hot
         * paths already fetch this object, and so need no further thread-local lookup per lock.
         */
        final int[] held = HeldLocks.current();
        /**
         * Set by the last successful push of this thread ({@link #pushLocked}): whether it went behind entries
         * already in the peer's inbox, so that the peer's signals did not change and it needs no notification.
         */
        boolean pushedBehind;
    }

    private record ClosePort(PortRef port, int reason) {
        ClosePort(PortRef port) {
            this(port, 0);
        }
    }

    private record Discard(UserMessage message) {}

    /** Look for unreachable ports from {@code start} ({@link #closeOrphans}). */
    private record CheckOrphans(Port start) {}

    /** Take a proxy that finished its work out of the name map (it is already closed). */
    private record Erase(Port port) {}

    /** Give {@code port}, just re-pointed at a port of this node, that port's record ({@link #linkLocalPeer}). */
    private record LinkLocalPeer(Port port) {}

    /** Bits of {@link #status(PortRef)}. */
    public static final int STATUS_READABLE = Port.READABLE;
    /** See {@link PortStatus#peerClosed()}. */
    public static final int STATUS_PEER_CLOSED = Port.PEER_CLOSED;
    /** See {@link PortStatus#peerRemote()}. */
    public static final int STATUS_PEER_REMOTE = Port.PEER_REMOTE;
    /** See {@link PortStatus#quotaExceeded()}. */
    public static final int STATUS_QUOTA_EXCEEDED = Port.QUOTA_EXCEEDED;
    /** The port is closed; no other bit is set with it. */
    public static final int STATUS_CLOSED = Port.CLOSED;
    /** The port is buffering (a message carrying it left the node); no other bit is set with it. */
    public static final int STATUS_BUFFERING = Port.BUFFERING;
    /** The port is proxying (it forwards to its new location); no other bit is set with it. */
    public static final int STATUS_PROXYING = Port.PROXYING;
    /**
     * The bits of the states other than receiving ({@link #STATUS_CLOSED}, {@link #STATUS_BUFFERING},
     * {@link #STATUS_PROXYING}): when one is set, no other bit is. Every status is below {@code STATUS_LIMIT}.
     */
    public static final int STATUS_NOT_RECEIVING = Port.NOT_RECEIVING;
    /** One more than the largest status word, for tables indexed by status. */
    public static final int STATUS_LIMIT = Port.PROXYING << 1;

    private enum Delivery {
        ACCEPTED,
        REFUSED_BY_QUOTA,
        DROPPED
    }

    public Node(NodeName name, NodeDelegate delegate, NameGenerator names) {
        this.name = name;
        this.delegate = delegate;
        this.names = names;
    }

    /** This node's name. */
    public NodeName name() {
        return name;
    }

    /** Creates two receiving ports that are each other's peer and expected previous sender. */
    public PortRef[] createPortPair() {
        HeldLocks.checkNoPortLocks("createPortPair");
        portMapLock.lock();
        try {
            // A lock each: a local write takes only the writer's and pushes onto the peer's inbox ("The local
            // fast path"), so the writer and the reader of each direction never share a lock.
            Port a = new Port(name, freshNameLocked(), new RankedLock(LockRank.PORT));
            ports.put(a.name, a);
            Port b = new Port(name, freshNameLocked(), new RankedLock(LockRank.PORT));
            ports.put(b.name, b);
            // No other thread can see a or b yet, but their fields are guarded: take the locks anyway.
            initPeer(a, b);
            initPeer(b, a);
            return new PortRef[] {a.ref, b.ref};
        } finally {
            portMapLock.unlock();
        }
    }

    /**
     * Creates a receiving port with no peer yet, for a pipe whose other end is made on another node (the
     * other node makes its end the same way; each then learns the other's name). Give it its peer with
     * {@link #initializePort} before any other use.
     */
    public PortRef createUninitializedPort() {
        HeldLocks.checkNoPortLocks("createUninitializedPort");
        portMapLock.lock();
        try {
            Port p = new Port(name, freshNameLocked(), new RankedLock(LockRank.PORT));
            ports.put(p.name, p);
            return p.ref;
        } finally {
            portMapLock.unlock();
        }
    }

    /**
     * Makes {@code peerPort} on node {@code peerNode}, another node, the peer and expected previous sender of
     * {@code port}, a port from {@link #createUninitializedPort}: the two ends of a new pipe across nodes.
     *
     * @throws IllegalArgumentException if {@code peerNode} is this node (a local pair comes from
     *     {@link #createPortPair}) or a name is "none"
     * @throws IllegalStateException if {@code port} already has a peer or is closed
     */
    public void initializePort(PortRef port, NodeName peerNode, PortName peerPort) {
        HeldLocks.checkNoPortLocks("initializePort");
        if (name.equals(peerNode) || NodeName.NONE.equals(peerNode) || PortName.NONE.equals(peerPort)) {
            throw new IllegalArgumentException("initializePort(" + port + ", " + peerNode + ", " + peerPort
                    + "): the peer must be a named port of another node than " + name);
        }
        Port p = port.port();
        p.lock.lock();
        try {
            if (p.peerNode != null || p.state != PortState.RECEIVING) {
                throw new IllegalStateException(port + " already has a peer (" + p.peerNode + ", " + p.peerPort
                        + ") or is closed (" + p.state + "): initializePort is for a new port only");
            }
            p.peerNode = peerNode;
            p.peerPort = peerPort;
            p.previousNode = peerNode;
            p.previousPort = peerPort;
            p.publishLocked();
        } finally {
            p.lock.unlock();
        }
        // No status notification: a new port has no owner yet to tell.
    }

    private void initPeer(Port port, Port peer) {
        port.lock.lock();
        try {
            port.peerNode = name;
            port.peerPort = peer.name;
            port.localPeer = peer;
            port.previousNode = name;
            port.previousPort = peer.name;
            port.publishLocked();
        } finally {
            port.lock.unlock();
        }
    }

    private PortName freshNameLocked() {
        while (true) {
            PortName n = names.nextPortName();
            if (!ports.containsKey(n)) {
                return n;
            }
        }
    }

    /** The port named {@code portName}, if this node hosts it. */
    public Optional<PortRef> getPort(PortName portName) {
        Port p = lookup(portName);
        return p == null ? Optional.empty() : Optional.of(p.ref);
    }

    /** How many ports this node hosts (for leak checks). */
    public int portCount() {
        HeldLocks.checkNoPortLocks("portCount");
        portMapLock.lock();
        try {
            return ports.size();
        } finally {
            portMapLock.unlock();
        }
    }

    /**
     * How many ports this node hosts in each state, and how many events they hold from senders or numbers they
     * do not expect yet: for tests and the simulation, which check that routes collapse (no buffering or proxying
     * port, nothing held) once every event was delivered.
     */
    public record Census(int receiving, int buffering, int proxying, int heldEvents) {}

    /**
     * This node's {@link Census}: each port is looked at under its own lock, one at a time, after taking in what its
     * inbox holds ("The local fast path"), as every section that reads a port's counters does.
     */
    public Census census() {
        HeldLocks.checkNoPortLocks("census");
        Pending work = pending.get();
        List<Port> all;
        portMapLock.lock();
        try {
            all = new ArrayList<>(ports.values());
        } finally {
            portMapLock.unlock();
        }
        int receiving = 0;
        int buffering = 0;
        int proxying = 0;
        int held = 0;
        for (Port p : all) {
            p.lock.lock(work.held);
            try {
                takeInboxLocked(p, false, work);
                switch (p.state) {
                    case RECEIVING -> receiving++;
                    case BUFFERING -> buffering++;
                    case PROXYING -> proxying++;
                    case CLOSED -> {}
                }
                if (p.state != PortState.CLOSED) {
                    held += p.heldCount();
                }
            } finally {
                p.lock.unlock(work.held);
            }
        }
        drain(work);
        return new Census(receiving, buffering, proxying, held);
    }

    /** How many ports this node records as queued in another port's queue (for leak checks). */
    public int portsInTransitCount() {
        HeldLocks.checkNoPortLocks("portsInTransitCount");
        transitLock.lock();
        try {
            return inTransit.size();
        } finally {
            transitLock.unlock();
        }
    }

    /** Stands for "any owner" in the overloads that do not check ownership. */
    private static final Object ANY_OWNER = new Object();

    /**
     * Makes {@code owner} the port's owner (see "Ownership" above): the system layer calls it for a new
     * endpoint, and for a port it took out of a message it read.
     */
    public void setOwner(PortRef port, Object owner) {
        HeldLocks.checkNoPortLocks("setOwner");
        Port p = port.port();
        p.lock.lock();
        try {
            p.owner = owner;
        } finally {
            p.lock.unlock();
        }
    }

    /**
     * The port's owner, read without a lock: the object last given to {@link #setOwner}, an object
     * standing for "in transit" while the port travels in a message, or null if none was set.
     */
    public Object owner(PortRef port) {
        return port.port().owner;
    }

    /** {@link #sendUserMessage(PortRef, Object, UserMessage)} for any owner (no ownership check). */
    public SendResult sendUserMessage(PortRef from, UserMessage message) {
        return sendUserMessage(from, ANY_OWNER, message);
    }

    /**
     * Sends {@code message} from {@code from} to its peer. The carried ports must be receiving ports of
     * this node other than {@code from} and its peer.
     *
     * <p>A message for a local peer is handed over in the same critical section that gives it its sequence
     * number: pushed onto the peer's open inbox holding only the sender's lock ("The local fast path"), or
     * else queued there holding the sender's, the peer's and the carried ports' locks (each distinct lock
     * once, in ascending {@link RankedLock#order()}). Either way a write that returned is readable at once and
     * concurrent writers on one endpoint never overtake each other: local writes are linearizable. A
     * hard-quota refusal (only on the locked path: a port with limits has a sealed inbox) breaks the peer and
     * tells the sender in that same section.
     *
     * <p>{@code owner} must be {@code from}'s owner, else nothing is sent ({@link SendResult#NOT_OWNER}).
     * On success every carried port is in transit (owned by nobody) from this critical section on.
     */
    public SendResult sendUserMessage(PortRef from, Object owner, UserMessage message) {
        Pending work = pending.get();
        int[] held = work.held;
        HeldLocks.checkNoPortLocks(held, "sendUserMessage");
        Port f = from.port();
        List<PortRef> carried = message.ports();
        if (carried.isEmpty()) {
            Port peer = f.localPeerHint();
            if (peer != null && peer.lock != f.lock) {
                SendResult pushed;
                f.lock.lock(held);
                try {
                    pushed = f.localPeer == peer ? pushLocked(f, owner, peer, message, work) : null;
                } finally {
                    f.lock.unlock(held);
                }
                if (pushed != null) {
                    if (pushed == SendResult.OK && !work.pushedBehind) {
                        statusChanged(peer.ref, work); // readable
                    } else {
                        // Refused, or pushed behind messages that keep the peer readable: its signals did not
                        // change, and the write that made it readable notifies it.
                        drain(work);
                    }
                    return pushed;
                }
            }
        }
        while (true) {
            Port peer = f.localPeerHint();
            // No carried port and no peer to lock (a remote one), or a peer sharing the writer's lock: one lock.
            RankedLock[] toLock = carried.isEmpty() && (peer == null || peer.lock == f.lock)
                    ? null
                    : lockOrder(f, peer, carried);
            if (toLock == null) {
                f.lock.lock(held);
            } else {
                for (RankedLock l : toLock) {
                    l.lock(held);
                }
            }
            SendResult result;
            try {
                if (f.localPeer != peer) {
                    continue; // re-pointed since the hint was read: lock the right ports (finally unlocks)
                }
                // What the two ports' inboxes hold came before this event (their senders numbered it first).
                takeInboxLocked(f, false, work);
                if (peer != null && peer != f) {
                    takeInboxLocked(peer, false, work);
                }
                result = sendLocked(f, owner, peer, message, work);
            } finally {
                if (toLock == null) {
                    f.lock.unlock(held);
                } else {
                    for (int i = toLock.length - 1; i >= 0; i--) {
                        toLock[i].unlock(held);
                    }
                }
            }
            drain(work);
            return result;
        }
    }

    /**
     * The local fast path of {@link #sendUserMessage} ("The local fast path"), with only {@code f}'s lock held
     * and {@code peer} confirmed as its local peer: the checks of {@link #sendLocked} that need only {@code f}'s
     * record, then a push onto {@code peer}'s inbox. Returns the result, or null if the inbox is sealed (nothing
     * changed: the caller takes the locked path).
     */
    private SendResult pushLocked(Port f, Object owner, Port peer, UserMessage message, Pending work) {
        if (owner != ANY_OWNER && f.owner != owner) {
            return SendResult.NOT_OWNER;
        }
        if (f.state != PortState.RECEIVING) {
            return SendResult.UNKNOWN_PORT;
        }
        if (f.peerClosedComplete()) {
            return SendResult.PEER_CLOSED;
        }
        int pushed = peer.push(InboxEntry.of(message, f.name, f.nextSequenceToSend, f.nextControlToSend));
        if (pushed == Port.PUSH_REFUSED) {
            return null;
        }
        work.pushedBehind = pushed == Port.PUSHED_BEHIND;
        f.nextSequenceToSend++;
        f.nextControlToSend++;
        return SendResult.OK;
    }

    /**
     * Moves what local writers pushed onto {@code p}'s inbox into the state machine, oldest first, as the
     * user-message events they are: one from {@code p}'s expected previous sender with the next control sequence
     * is processed at once (as {@link #receiveLocked} would), any other goes through {@link #receiveLocked} and
     * may be held. {@code seal} also makes the inbox refuse pushes until a write reopens it ({@link #sendLocked}).
     * Called with {@code p}'s lock held; republishes {@code p}'s status if anything was taken.
     */
    private void takeInboxLocked(Port p, boolean seal, Pending work) {
        if (takeInboxUnpublishedLocked(p, seal, work)) {
            p.publishLocked();
        }
    }

    /**
     * {@link #takeInboxLocked} without republishing the status: returns whether anything was taken, in which case
     * the caller must call {@link Port#publishLocked()} before it releases the lock.
     */
    private boolean takeInboxUnpublishedLocked(Port p, boolean seal, Pending work) {
        return takeInboxUnpublishedLocked(p, seal, false, work);
    }

    /**
     * {@link #takeInboxUnpublishedLocked(Port, boolean, Pending)} for a caller that takes the next message out of
     * {@code p} in this same section if it becomes readable ({@code takenAtOnce}, see {@link Port#takeInbox(boolean,
     * boolean)}).
     */
    private boolean takeInboxUnpublishedLocked(Port p, boolean seal, boolean takenAtOnce, Pending work) {
        InboxEntry e = p.takeInbox(seal, takenAtOnce);
        if (e == null) {
            return false;
        }
        for (; e != null; e = e.next) {
            UserMessage m = e.message();
            boolean next = p.state == PortState.RECEIVING && e.control == p.nextControlToReceive
                    && (e.sender == p.previousPort || e.sender.equals(p.previousPort)) && name.equals(p.previousNode);
            if (next && e.sequence == p.contiguousEnd + 1 && p.limits == ReceiveLimits.NONE && !p.peerClosureKnown) {
                // The common case, as processUserMessageLocked would do it for a message without ports to a
                // receiving port without limits, minus the status notification its writer made already.
                p.nextControlToReceive++;
                p.enqueue(e.sequence, m);
                if (p.held != null) {
                    releaseHeldLocked(p, work);
                }
            } else if (next) {
                p.nextControlToReceive++;
                // What processLocked does with a user-message event (a refusal cannot happen: an open inbox
                // means no limits; kept for a port whose limits changed under a sealed inbox).
                if (processUserMessageLocked(p, e.sequence, m, work) == Delivery.REFUSED_BY_QUOTA) {
                    dropLater(List.of(m), work);
                    work.items.add(closureLocked(p, 1));
                }
                if (p.held != null) {
                    releaseHeldLocked(p, work);
                }
            } else {
                UserMessageEvent event = new UserMessageEvent(name, p.name, e.sender, e.sequence, m, e.control);
                RemoteVerdict verdict;
                try {
                    verdict = receiveLocked(p, name, event, work);
                } catch (ProtocolViolationException x) {
                    throw new IllegalStateException("this node broke its own protocol: " + x.getMessage(), x);
                }
                if (verdict == RemoteVerdict.DROPPED) {
                    dropLater(List.of(m), work);
                }
            }
        }
        return true;
    }

    /**
     * Locks {@code p} for a section that may change what it accepts (its state, limits, expected sender or
     * queue): seals its inbox first, taking in what it held ("The local fast path").
     */
    private void lockSealed(Port p, Pending work) {
        p.lock.lock(work.held);
        try {
            takeInboxLocked(p, true, work);
        } catch (RuntimeException | Error x) {
            p.lock.unlock(work.held);
            throw x;
        }
    }

    /** The distinct locks of the given ports, in ascending {@link RankedLock#order()} (docs/architecture.md §5). */
    private static RankedLock[] lockOrder(Port from, Port peer, List<PortRef> carried) {
        List<RankedLock> locks = new ArrayList<>(carried.size() + 2);
        locks.add(from.lock);
        if (peer != null) {
            locks.add(peer.lock);
        }
        for (PortRef c : carried) {
            locks.add(c.port().lock);
        }
        return distinctInOrder(locks);
    }

    private static RankedLock[] distinctInOrder(List<RankedLock> locks) {
        locks.sort((x, y) -> Long.compare(x.order(), y.order()));
        List<RankedLock> distinct = new ArrayList<>(locks.size());
        for (RankedLock l : locks) {
            if (distinct.isEmpty() || distinct.getLast() != l) {
                distinct.add(l);
            }
        }
        return distinct.toArray(new RankedLock[0]);
    }

    /**
     * The body of {@link #sendUserMessage}, with {@code f}, its local peer {@code peer} (null if remote)
     * and every carried port locked. Follow-up work (status changes, drops, remote events) goes to
     * {@code work}, delivered once every lock is released.
     */
    private SendResult sendLocked(Port f, Object owner, Port peer, UserMessage message, Pending work) {
        List<PortRef> carried = message.ports();
        // Ownership first: a port sent away and since closed by its new owner is "sent" to the old one.
        if (owner != ANY_OWNER && f.owner != owner) {
            return SendResult.NOT_OWNER;
        }
        if (f.state != PortState.RECEIVING) {
            return SendResult.UNKNOWN_PORT;
        }
        for (PortRef c : carried) {
            if (c.port() == f) {
                return SendResult.CANNOT_SEND_SELF;
            }
            if (f.peerPort != null && c.name().sameEndpointAs(f.peerPort)) {
                // Any location of the peer's endpoint: the peer itself, or a port of it behind a proxy still on
                // the route (docs/ports.md, "Moving a port").
                return SendResult.CANNOT_SEND_PEER;
            }
            if (c.port().state != PortState.RECEIVING) {
                return SendResult.CARRIED_PORT_CLOSED;
            }
        }
        if (f.peerClosedComplete()) {
            return SendResult.PEER_CLOSED;
        }
        if (f.peerNode == null) {
            throw new IllegalStateException(f + " has no peer yet: initializePort comes before any send");
        }
        long sequence = f.nextSequenceToSend;
        if (peer != null && directLocked(f, peer)) {
            // The fast path of the one state machine: the event f would send is the one its peer processes
            // next, so it is processed here, in the critical section that numbers it (local writes are
            // linearizable), as if it had been sent and delivered at once.
            Delivery delivery = processUserMessageLocked(peer, sequence, message, work);
            if (delivery == Delivery.REFUSED_BY_QUOTA) {
                // Nothing was sent: the carried ports keep their limits. The peer broke; the sender learns it
                // now, as a local close would tell it (docs/architecture.md §3, breaking a pipe).
                sendClosureLocked(peer, f, 1, work);
                return SendResult.REFUSED_BY_QUOTA;
            }
            f.nextControlToSend++;
            peer.nextControlToReceive++;
            releaseHeldLocked(peer, work);
            if (peer.lock != f.lock && peer.state == PortState.RECEIVING && peer.limits == ReceiveLimits.NONE
                    && peer.readAckRequestedUpTo == 0 && !peer.peerClosureKnown && peer.held == null
                    && directLocked(f, peer)) {
                // f's next event is the one peer processes next, and nothing peer accepts depends on counting
                // what arrives: f's next writes may go through the inbox, until something seals it.
                peer.openInboxLocked();
            }
        } else {
            // A remote peer, or a local one that is not next to process this port's event (it expects another
            // sender until an update-previous-peer arrives, or an earlier event of this port is still on its
            // way): the event goes out with its control sequence and the receiver orders it. It is never
            // dropped behind an OK: if the peer is gone, its closure reaches this port.
            work.items.add(new UserMessageEvent(f.peerNode, f.peerPort, f.name, sequence, message, f.nextControlToSend++));
        }
        f.nextSequenceToSend++;
        // Quotas stay with the sending handle (docs/architecture.md §3): a carried port travels without limits.
        // It travels owned by nobody: from here on, its former owner can neither read nor write it.
        for (PortRef c : carried) {
            Port cp = c.port();
            cp.limits = ReceiveLimits.NONE;
            cp.owner = Port.IN_TRANSIT;
            cp.publishLocked();
        }
        return SendResult.OK;
    }

    /**
     * Whether {@code dst}, a port of this node, processes the next event {@code src} sends it at once: {@code src}
     * points at it, it expects {@code src} as its previous sender, and that link's next control sequence is the
     * one {@code src} would use. Then an event between them may be processed directly under both locks instead
     * of being queued (the local fast path); otherwise it must go as an event. Called with both locks held.
     */
    private boolean directLocked(Port src, Port dst) {
        return dst.state != PortState.CLOSED
                && name.equals(src.peerNode) && dst.name.equals(src.peerPort)
                && name.equals(dst.previousNode) && src.name.equals(dst.previousPort)
                && dst.nextControlToReceive == src.nextControlToSend;
    }

    /**
     * {@code from} (broken or closing) tells its peer {@code to}, whose lock is also held, that it is gone:
     * directly if {@link #directLocked} allows, else as an event.
     */
    private void sendClosureLocked(Port from, Port to, int reason, Pending work) {
        if (to != null && directLocked(from, to)) {
            from.nextControlToSend++;
            to.nextControlToReceive++;
            processClosureLocked(to, name, from.name, from.nextSequenceToSend - 1, reason, work);
            releaseHeldLocked(to, work);
        } else if (from.peerNode != null) {
            work.items.add(closureLocked(from, reason));
        }
    }

    /** {@link #getMessage(PortRef, Object)} for any owner (no ownership check). */
    public ReadOutcome getMessage(PortRef port) {
        return getMessage(port, ANY_OWNER);
    }

    /**
     * Takes the next message in sequence, if it has arrived; {@link ReadOutcome.Status#NOT_OWNER} (nothing
     * taken) if {@code owner} is not the port's owner. A carried port that the message brings is in
     * transit until the caller {@link #setOwner claims} it.
     */
    public ReadOutcome getMessage(PortRef port, Object owner) {
        Pending work = pending.get();
        int[] held = work.held;
        HeldLocks.checkNoPortLocks(held, "getMessage");
        Port p = port.port();
        // Decide "nothing to read" from the published status, without the lock: only a read under the
        // lock removes a message, so a port published readable stays readable until this thread or
        // another reader takes the lock below. A queued message shows in the status word alone; only
        // without one is the inbox read too, so that a reader with a backlog leaves the inbox's line, which
        // every push writes, to the writer.
        int status = p.queueStatus();
        if ((status & Port.READABLE) == 0) {
            status = settledStatus(p, held);
        }
        if ((status & Port.READABLE) == 0) {
            // The owner is read after the status: ownership never returns to an owner that lost it, so if
            // it is still the caller's, the status above was read while it was.
            if (owner != ANY_OWNER && p.owner != owner) {
                return ReadOutcome.NOT_OWNER;
            }
            return statusWithoutMessage(status);
        }
        ReadOutcome outcome;
        p.lock.lock(held);
        try {
            // Messages a local writer pushed are queued once the queue holds none ("The local fast path"); that
            // may leave work. Until then the queue's head is the next to read: every section that queues a message
            // another way takes the inbox in first, so whatever the inbox holds came after everything queued. So a
            // reader with a backlog takes the inbox once per batch, not once per message.
            // A read by the port's owner takes what becomes readable (neither the owner nor the state changes under
            // the lock): a lone pushed message it takes needs no readable mark (Port.takeInbox).
            boolean takes = (owner == ANY_OWNER || p.owner == owner) && p.state == PortState.RECEIVING;
            boolean took = !p.hasReadableMessage() && takeInboxUnpublishedLocked(p, false, takes, work);
            outcome = takeNextLocked(p, owner, work);
            if (took && outcome.status() != ReadOutcome.Status.OK) {
                p.publishLocked(); // a message taken publishes the status itself
            }
        } finally {
            p.lock.unlock(held);
        }
        if (outcome.status() == ReadOutcome.Status.OK) {
            statusChanged(p.ref, work);
        } else {
            drain(work);
        }
        return outcome;
    }

    /** The locked part of {@link #getMessage}: takes the next message if the caller may and it is queued. */
    private ReadOutcome takeNextLocked(Port p, Object owner, Pending work) {
        int[] held = work.held;
        if (owner != ANY_OWNER && p.owner != owner) {
            return ReadOutcome.NOT_OWNER;
        }
        if (p.state != PortState.RECEIVING) {
            return ReadOutcome.UNKNOWN_PORT;
        }
        if (!p.hasReadableMessage()) {
            // Another reader of the same endpoint took it meanwhile.
            return p.peerClosedComplete() ? ReadOutcome.PEER_CLOSED : ReadOutcome.EMPTY;
        }
        UserMessage taken = p.takeNext();
        if (p.readAckRequestedUpTo != 0 || p.limits != ReceiveLimits.NONE) {
            readAckIfDueLocked(p, work);
        }
        if (!taken.ports().isEmpty()) {
            // Taken out by a reader, the carried ports are reachable again: the reader gives them handles.
            transitLock.lock(held);
            try {
                for (PortRef c : taken.ports()) {
                    c.port().carrier = null;
                    inTransit.remove(c.port());
                }
            } finally {
                transitLock.unlock(held);
            }
        }
        p.publishLocked();
        return new ReadOutcome(ReadOutcome.Status.OK, taken);
    }

    private static ReadOutcome statusWithoutMessage(int status) {
        if ((status & Port.NOT_RECEIVING) != 0) {
            return ReadOutcome.UNKNOWN_PORT;
        }
        return (status & Port.PEER_CLOSED) != 0 ? ReadOutcome.PEER_CLOSED : ReadOutcome.EMPTY;
    }

    /**
     * The port's published status: an or of the {@code STATUS_*} bits, read without a lock (so it may be
     * called while holding endpoint locks). It reflects every mutation that completed before the call;
     * once it says {@code STATUS_CLOSED}, a local peer's status says the peer knows (see "Lock-free reads
     * of a port's status" above).
     */
    public int status(PortRef port) {
        Port p = port.port();
        int status = p.status();
        // A spinning waiter calls this in a loop: the thread's lock counts are looked up only when needed.
        return (status & Port.CLOSED) == 0 ? status : settledStatus(p, HeldLocks.current());
    }

    /**
     * {@code p}'s published status; if it says {@code CLOSED}, only once the close that published it has
     * also told the local peer: it takes and releases {@code p}'s lock, which that close holds until
     * then. Cheap, as a closed port is seen only by a few stale or racing calls. Callers hold no port
     * lock (a port lock is never held while taking another port's out of order).
     */
    private static int settledStatus(Port p, int[] held) {
        int status = p.status();
        if ((status & Port.CLOSED) != 0) {
            p.lock.lock(held);
            p.lock.unlock(held);
        }
        return status;
    }

    /**
     * The other node whose messages a receiving port takes directly (its expected previous sender), or null: the
     * port is not receiving, that sender is on this node or not known, or events are held for a sender switch. The
     * read token's test (docs/concurrency.md): a hint, taken under the port's lock and re-checked at every wait.
     */
    public NodeName remoteSender(PortRef port) {
        HeldLocks.checkNoPortLocks("remoteSender");
        Port p = port.port();
        p.lock.lock();
        try {
            boolean direct = p.state == PortState.RECEIVING && p.previousNode != null && !name.equals(p.previousNode)
                    && p.heldCount() == 0;
            return direct ? p.previousNode : null;
        } finally {
            p.lock.unlock();
        }
    }

    /** The port's state, read from its published status without a lock. */
    public PortState state(PortRef port) {
        return stateOf(port.port().status());
    }

    /** The state a status word (as {@link #status} returns it) publishes. */
    public static PortState stateOf(int status) {
        if ((status & Port.CLOSED) != 0) {
            return PortState.CLOSED;
        } else if ((status & Port.BUFFERING) != 0) {
            return PortState.BUFFERING;
        } else if ((status & Port.PROXYING) != 0) {
            return PortState.PROXYING;
        }
        return PortState.RECEIVING;
    }

    /** The port's status, or empty if it is not receiving (closed, or moved away). */
    public Optional<PortStatus> getStatus(PortRef port) {
        return getStatus(port, ANY_OWNER);
    }

    /** The port's status, or empty if it is closed or {@code owner} is not its owner. */
    public Optional<PortStatus> getStatus(PortRef port, Object owner) {
        HeldLocks.checkNoPortLocks("getStatus");
        Pending work = pending.get();
        Port p = port.port();
        Optional<PortStatus> result;
        p.lock.lock(work.held);
        try {
            takeInboxLocked(p, false, work); // counted as queued: their writes returned
            result = statusLocked(p, owner);
        } finally {
            p.lock.unlock(work.held);
        }
        drain(work);
        return result;
    }

    /** The body of {@link #getStatus(PortRef, Object)}, with {@code p}'s lock held. */
    private Optional<PortStatus> statusLocked(Port p, Object owner) {
        if (p.state != PortState.RECEIVING || (owner != ANY_OWNER && p.owner != owner)) {
            return Optional.empty();
        }
        long count = p.queuedCount();
        return Optional.of(new PortStatus(
                p.hasReadableMessage(),
                p.peerClosedComplete(),
                !name.equals(p.peerNode),
                count,
                p.queuedBytes,
                !p.limits.hard() && p.limits.overrunBy(count, p.queuedBytes),
                p.peerClosureKnown ? p.closureReason : -1,
                p.nextSequenceToSend - 1 - p.highestReadAcknowledged));
    }

    /** {@link #setReceiveLimits(PortRef, Object, ReceiveLimits)} for any owner (no ownership check). */
    public void setReceiveLimits(PortRef port, ReceiveLimits limits) {
        setReceiveLimits(port, ANY_OWNER, limits);
    }

    /**
     * Sets the receive limits enforced when messages are queued on {@code port}.
     *
     * @return false, changing nothing, if the port is closed or {@code owner} is not its owner
     */
    public boolean setReceiveLimits(PortRef port, Object owner, ReceiveLimits limits) {
        HeldLocks.checkNoPortLocks("setReceiveLimits");
        Pending work = pending.get();
        Port p = port.port();
        // Sealed: what was pushed counts against the new limits, and no write pushes past them (a port with
        // limits keeps its inbox sealed).
        lockSealed(p, work);
        try {
            if (p.state != PortState.RECEIVING || (owner != ANY_OWNER && p.owner != owner)) {
                return false;
            }
            p.limits = limits;
            p.publishLocked();
        } finally {
            p.lock.unlock(work.held);
        }
        work.items.add(p.ref);
        drain(work);
        return true;
    }

    /**
     * Asks {@code port}'s peer to acknowledge, once it has read them, every message {@code port} has sent so far
     * (docs/ports.md, "Read acks"); {@link PortStatus#unacknowledgedMessages()} then falls as the acks come back.
     *
     * @return false, asking nothing, if the port is not receiving or {@code owner} is not its owner
     */
    public boolean requestReadAck(PortRef port, Object owner) {
        HeldLocks.checkNoPortLocks("requestReadAck");
        Pending work = pending.get();
        Port p = port.port();
        p.lock.lock(work.held);
        try {
            if (p.state != PortState.RECEIVING || (owner != ANY_OWNER && p.owner != owner) || p.peerNode == null) {
                return false;
            }
            long upTo = p.nextSequenceToSend - 1;
            if (upTo > p.highestReadAcknowledged && upTo > p.readAckAskedUpTo) {
                p.readAckAskedUpTo = upTo;
                work.items.add(new ReadAckRequestEvent(p.peerNode, p.peerPort, p.name, upTo, p.nextControlToSend++));
            }
        } finally {
            p.lock.unlock(work.held);
        }
        drain(work);
        return true;
    }

    /** {@link #requestReadAck(PortRef, Object)} for any owner (no ownership check). */
    public boolean requestReadAck(PortRef port) {
        return requestReadAck(port, ANY_OWNER);
    }

    /**
     * Sends {@code p}'s peer a read-ack if one is due: a pending request is satisfied by what has been read, or
     * {@code p} has a receive quota, a remote peer, and has read a quarter of its message limit (at least 1;
     * every 64 messages with only a byte limit) since its last ack. Called with {@code p}'s lock held.
     */
    private static void readAckIfDueLocked(Port p, Pending work) {
        long read = p.nextSequenceToRead - 1;
        boolean due = p.readAckRequestedUpTo != 0 && Long.compareUnsigned(read, p.readAckRequestedUpTo) >= 0;
        if (!due && p.limits != ReceiveLimits.NONE && p.remotePeer()) {
            long every = p.limits.maxMessages() == Long.MAX_VALUE ? 64 : Math.max(1, p.limits.maxMessages() / 4);
            due = read - p.lastReadAckSent >= every;
        }
        if (!due) {
            return;
        }
        p.readAckRequestedUpTo = 0;
        if (read > p.lastReadAckSent) {
            p.lastReadAckSent = read;
            work.items.add(new ReadAckEvent(p.peerNode, p.peerPort, p.name, read, p.nextControlToSend++));
        }
    }

    /**
     * Closes a receiving port: its unread messages are dropped (the ports they carry are closed too,
     * transitively), its peer is sent observe-closure (reason 0), and the port is erased. Idempotent.
     */
    public void closePort(PortRef port) {
        closePort(port, ClosureReason.USER_CLOSED);
    }

    /**
     * {@link #closePort(PortRef)}, telling the peer {@code reason} instead of a user's close: for a relay that passes
     * on how its other side's peer went (a bridge, docs/processes.md "Isolated links and bridges").
     */
    public void closePort(PortRef port, ClosureReason reason) {
        HeldLocks.checkNoPortLocks("closePort");
        Pending work = pending.get();
        work.items.add(new ClosePort(port, reason.code()));
        drain(work);
    }

    /**
     * Delivers an event between ports of this node, as the drain loop does: by hand, for tests of this layer. An
     * event with control sequence 0 is checked by its sender only (it must be the target's expected previous
     * sender); a sequenced one goes through the full check and may be held. Events for unknown ports are
     * dropped, their carried ports closed.
     */
    public void acceptEvent(Event event) {
        HeldLocks.checkNoPortLocks("acceptEvent");
        Pending work = pending.get();
        work.items.add(event);
        drain(work);
    }

    /**
     * Most events one port holds, from one sending node, while it waits for the events before them
     * (docs/architecture.md §3, sender verification); one more is a violation by that node.
     */
    public static final int MAX_HELD_PER_NODE = 65_536;

    /**
     * Most dead-port notices one port remembers for an update-previous-peer that has not come yet
     * ({@link #deadPortLocked}); later ones are dropped. A route has few moves in flight at once.
     */
    static final int MAX_EARLY_NOTICES = 16;

    /** What became of an event from another node ({@link #acceptRemoteEvent}). */
    public enum RemoteVerdict {
        /** Processed, together with every held event it released. */
        PROCESSED,
        /**
         * Held: not from the target's expected previous sender, or not its next control sequence. It is
         * processed when its sender becomes the expected one and its number the next; never otherwise.
         */
        HELD,
        /**
         * Dropped: its target port is gone (stale), or it came from a node this node lost; a user message's
         * ports are closed.
         */
        DROPPED
    }

    /**
     * Accepts an event that node {@code from} sent (a channel decoded it; docs/architecture.md §3, sender
     * verification). The target port processes a sequenced event only if it comes from its expected previous
     * sender, the (node, port) it receives from, and carries that link's next control sequence; any other event
     * is held, keyed by its sender, and retried whenever the expected sender or number changes. Port-accepted,
     * the one unsequenced event, must come from exactly the buffering target's peer.
     *
     * @throws ProtocolViolationException if {@code from} broke a rule (a control sequence of 0 on a sequenced event,
     *     or one already processed or held; more than {@link #MAX_HELD_PER_NODE} events held from it at one port;
     *     port-accepted from another port than the target's peer); the event was not processed (a user message's
     *     ports are closed) and the port is unchanged
     * @throws IllegalArgumentException if {@code from} is this node
     */
    public RemoteVerdict acceptRemoteEvent(NodeName from, Event event) throws ProtocolViolationException {
        HeldLocks.checkNoPortLocks("acceptRemoteEvent");
        if (name.equals(from)) {
            throw new IllegalArgumentException(event + " names this node " + name + " as its sender; a channel hands "
                    + "in events from other nodes only");
        }
        if (event instanceof MergePortEvent m) {
            return acceptMergePort(from, m);
        }
        if (event.controlSequence() == 0 && !(event instanceof PortAcceptedEvent) && !(event instanceof DeadPortEvent)) {
            if (event instanceof UserMessageEvent m) {
                Pending work = pending.get();
                dropLater(List.of(m.message()), work);
                drain(work);
            }
            throw new ProtocolViolationException(from, event + ": a sequenced event with control sequence 0");
        }
        Pending work = pending.get();
        Port p = lookup(event.target());
        RemoteVerdict verdict;
        ProtocolViolationException violation = null;
        if (p == null) {
            verdict = RemoteVerdict.DROPPED;
        } else {
            lockSealed(p, work);
            try {
                verdict = switch (event) {
                    case PortAcceptedEvent a -> portAcceptedLocked(p, from, a, work);
                    case DeadPortEvent d -> deadPortLocked(p, from, d, work);
                    default -> receiveLocked(p, from, event, work);
                };
            } catch (ProtocolViolationException e) {
                violation = e;
                verdict = RemoteVerdict.DROPPED;
            } finally {
                p.lock.unlock(work.held);
            }
        }
        if (verdict == RemoteVerdict.DROPPED && event instanceof UserMessageEvent m) {
            dropLater(List.of(m.message()), work);
        }
        drain(work);
        if (violation != null) {
            throw violation;
        }
        return verdict;
    }

    /**
     * Creates the new locations of ports another node sent in a message (docs/ports.md, "Moving a port"): one
     * receiving port per descriptor, under exactly the name it gives, owned by nobody (in transit until a reader
     * takes the message), expecting its first events from the referring port, and sends each referring port
     * port-accepted. The caller then hands in the message carrying them; if it is dropped, the ports are closed
     * like any carried port.
     *
     * @throws ProtocolViolationException naming {@code from} if a descriptor's referring node is not {@code from},
     *     or it names a port that exists here or that another descriptor of the message names: nothing is created
     * @throws IllegalArgumentException if {@code from} is this node
     */
    public List<PortRef> acceptPortDescriptors(NodeName from, List<PortDescriptor> descriptors)
            throws ProtocolViolationException {
        HeldLocks.checkNoPortLocks("acceptPortDescriptors");
        if (name.equals(from)) {
            throw new IllegalArgumentException("descriptors from this node " + name + "; they come from other nodes");
        }
        if (descriptors.isEmpty()) {
            return List.of();
        }
        NetworkCrossing x = crossing;
        if (x != null) {
            x.checkArriving(from, descriptors);
        }
        Pending work = pending.get();
        List<PortRef> made = new ArrayList<>(descriptors.size());
        portMapLock.lock(work.held);
        try {
            Set<PortName> names = new HashSet<>();
            for (PortDescriptor d : descriptors) {
                if (!from.equals(d.referringNode())) {
                    throw new ProtocolViolationException(from, Category.NAME_REUSE, "descriptor for " + d.newPort() + " names referring node "
                            + d.referringNode() + ", not the sender " + from);
                }
                if (name.equals(d.peerNode()) && d.peerPort().equals(d.newPort())) {
                    throw new ProtocolViolationException(from, Category.NAME_REUSE, "descriptor for " + d.newPort()
                            + " names that port as its own peer");
                }
                if (ports.containsKey(d.newPort()) || !names.add(d.newPort())) {
                    throw new ProtocolViolationException(from, Category.NAME_REUSE, "descriptor names port " + d.newPort()
                            + ", which exists on " + name + " already (a port name is never reused)");
                }
                if (name.equals(d.peerNode()) && wasPreviousSenderOf(d.newPort(), ports.get(d.peerPort()), work)) {
                    throw new ProtocolViolationException(from, Category.NAME_REUSE, "descriptor names port " + d.newPort() + ", a port "
                            + "that lived on " + name + " and sent to " + d.peerPort() + " before (a port name is "
                            + "never reused: a replayed descriptor)");
                }
            }
            for (PortDescriptor d : descriptors) {
                Port p = new Port(name, d.newPort(), new RankedLock(LockRank.PORT));
                p.lock.lock(work.held); // no other thread can see it yet, but its fields are guarded
                try {
                    p.owner = Port.IN_TRANSIT;
                    p.peerNode = d.peerNode();
                    p.peerPort = d.peerPort();
                    p.localPeer = name.equals(d.peerNode()) ? ports.get(d.peerPort()) : null;
                    p.previousNode = from;
                    p.previousPort = d.referringPort();
                    p.nextSequenceToSend = d.nextSequenceToSend();
                    p.nextSequenceToRead = d.nextSequenceToRead();
                    p.contiguousEnd = d.nextSequenceToRead() - 1;
                    p.readAckRequestedUpTo = d.readAckRequestedUpTo();
                    if (d.peerClosed() || d.peerLost()) {
                        p.peerClosureKnown = true;
                        p.lastSequenceToReceive = d.lastSequenceToReceive();
                        p.closureReason = d.peerLost() ? ClosureReason.PEER_LOST.code() : d.closureReason().code();
                    }
                    p.publishLocked();
                    lostIfRepointedLocked(p, work);
                } finally {
                    p.lock.unlock(work.held);
                }
                ports.put(p.name, p);
                made.add(p.ref);
                work.items.add(new PortAcceptedEvent(from, d.referringPort(), p.name));
            }
        } finally {
            portMapLock.unlock(work.held);
        }
        drain(work);
        return made;
    }

    /**
     * Whether {@code peer}, a port of this node (or null), already took events from a port of this node named
     * {@code portName}, or holds some: a descriptor making that name again is a replay, not a move (a moved port's
     * new name is fresh, so its peer can at most expect it, with nothing processed or held from it yet). Without this check the port
     * made again would restart that link's control count, and this node would break its own protocol. What
     * {@code peer}'s inbox holds is taken in first ("The local fast path"): a write that returned counts as received,
     * so a port that only ever pushed to {@code peer} is seen as its previous sender too. Called with the port-map
     * lock held.
     */
    private boolean wasPreviousSenderOf(PortName portName, Port peer, Pending work) {
        if (peer == null) {
            return false;
        }
        peer.lock.lock(work.held);
        try {
            takeInboxLocked(peer, false, work);
            return name.equals(peer.previousNode) && portName.equals(peer.previousPort) && peer.nextControlToReceive != 1
                    || peer.held != null && peer.held.containsKey(new Port.Sender(name, portName));
        } finally {
            peer.lock.unlock(work.held);
        }
    }

    /**
     * Sender verification (docs/ports.md): processes {@code e} from node {@code from} at {@code p} if it is the next
     * event of {@code p}'s expected previous sender, then every held event that became next; holds it otherwise.
     * Called with {@code p}'s lock held.
     */
    private RemoteVerdict receiveLocked(Port p, NodeName from, Event e, Pending work)
            throws ProtocolViolationException {
        long cs = e.controlSequence();
        if (p.state == PortState.CLOSED || lostNodes.contains(from)) {
            return RemoteVerdict.DROPPED; // closed after the lookup (stale, as if erased), or from a lost node
        }
        if (cs == 0) {
            // A local event made by hand (acceptEvent): checked by its sender only.
            if (!name.equals(from) || !e.sender().equals(p.previousPort)) {
                return RemoteVerdict.DROPPED;
            }
            processLocked(p, from, e, work);
            return RemoteVerdict.PROCESSED;
        }
        boolean fromExpected = (from.equals(p.previousNode) || PlantedProtocolFaults.SKIP_SENDER_CHECK)
                && e.sender().equals(p.previousPort);
        if (fromExpected && cs == p.nextControlToReceive) {
            if (e instanceof UserMessageEvent m && !name.equals(from)) {
                checkUserSequenceLocked(p, from, m);
            }
            if (e instanceof ReadAckEvent a && p.state == PortState.RECEIVING
                    && Long.compareUnsigned(a.highestSequenceRead(), p.nextSequenceToSend - 1) > 0) {
                throw new ProtocolViolationException(from, Category.FORGED_SENDER, a + ": acknowledges reading up to "
                        + Long.toUnsignedString(a.highestSequenceRead()) + " but " + p + " sent only up to "
                        + (p.nextSequenceToSend - 1));
            }
            p.nextControlToReceive++; // first: an update-previous-peer restarts the count
            processLocked(p, from, e, work);
            releaseHeldLocked(p, work);
            return RemoteVerdict.PROCESSED;
        }
        if (fromExpected && Long.compareUnsigned(cs, p.nextControlToReceive) < 0) {
            throw new ProtocolViolationException(from, Category.SEQUENCE, e + ": control sequence " + Long.toUnsignedString(cs)
                    + " on this link was already processed (next expected " + p.nextControlToReceive + ")");
        }
        if (p.held == null) {
            p.held = new HashMap<>();
        }
        if (!name.equals(from)) {
            int fromNode = 0;
            for (Map.Entry<Port.Sender, TreeMap<Long, Event>> h : p.held.entrySet()) {
                if (h.getKey().node().equals(from)) {
                    fromNode += h.getValue().size();
                }
            }
            if (fromNode >= MAX_HELD_PER_NODE) {
                throw new ProtocolViolationException(from, Category.SEQUENCE, e + ": port " + p + " already holds " + fromNode
                        + " events from this node, the most it holds (" + MAX_HELD_PER_NODE + ")");
            }
        }
        TreeMap<Long, Event> bySequence =
                p.held.computeIfAbsent(new Port.Sender(from, e.sender()), k -> new TreeMap<>(Long::compareUnsigned));
        if (bySequence.containsKey(cs)) {
            throw new ProtocolViolationException(from, Category.SEQUENCE, e + ": control sequence " + Long.toUnsignedString(cs)
                    + " on this link is already held at " + p);
        }
        bySequence.put(cs, e);
        if (e instanceof UserMessageEvent m && !m.message().ports().isEmpty()) {
            heldCarriesLocked(p, m, work);
        }
        return RemoteVerdict.HELD;
    }

    /**
     * How far a user message from another node may run ahead of the last one {@code p} has in order
     * (DESIGN.md §4 trust table: 65,536); beyond it the sender is cut off instead of growing {@code p}'s queue.
     */
    public static final long MAX_USER_SEQUENCE_AHEAD = 65_536;

    /**
     * The user-sequence rows of the trust table (DESIGN.md §4), for a message from node {@code from} that passed the
     * sender check at {@code p}: a number below the next one to read, equal to one queued, or more than
     * {@link #MAX_USER_SEQUENCE_AHEAD} ahead cuts the sender off; a number beyond a known last one is a closure race
     * and is dropped later, as ever. Checked before anything changes. Called with {@code p}'s lock held.
     */
    private static void checkUserSequenceLocked(Port p, NodeName from, UserMessageEvent m)
            throws ProtocolViolationException {
        long seq = m.sequence();
        if (p.state == PortState.CLOSED || p.peerClosureKnown && Long.compareUnsigned(seq, p.lastSequenceToReceive) > 0) {
            return;
        }
        String broken = Long.compareUnsigned(seq, p.nextSequenceToRead) < 0 ? "is below the next one to read, "
                + Long.toUnsignedString(p.nextSequenceToRead)
                : p.isQueued(seq) ? "is queued already"
                : Long.compareUnsigned(seq - p.contiguousEnd, MAX_USER_SEQUENCE_AHEAD) > 0 ? "is more than "
                        + MAX_USER_SEQUENCE_AHEAD + " ahead of the last one in order, " + Long.toUnsignedString(p.contiguousEnd)
                : null;
        if (broken != null) {
            throw new ProtocolViolationException(from, Category.SEQUENCE, m + ": user sequence "
                    + Long.toUnsignedString(seq) + " at " + p + " " + broken);
        }
    }

    /**
     * The ports that held message {@code m} carries count as queued at {@code p} for the orphan rule
     * ({@link #closeOrphans}): it is {@code p}'s to process, and only a reader of {@code p} could ever take them.
     * Without this a loop through a held message looks reachable for ever: a pipe end sent to a moved end whose old
     * location's node was then lost waits behind an update-previous-peer that will never come, while that moved end
     * is queued in the very pipe end the held message carries (simulation seed 3685, loops of pipes across nodes).
     * Called with {@code p}'s lock held.
     */
    private void heldCarriesLocked(Port p, UserMessageEvent m, Pending work) {
        transitLock.lock(work.held);
        try {
            carriedAtLocked(p, m.message().ports());
        } finally {
            transitLock.unlock(work.held);
        }
        work.items.add(new CheckOrphans(p));
    }

    /**
     * Records that the message carrying {@code carried} sits at {@code p}, queued or held. A carried port that is
     * closed already is left out: the orphan rule may close a port while its message is held, and the message is
     * queued later. Its state is read without its lock, but a close sets it before it takes the transit lock to
     * leave {@link #inTransit}, so a close either came first and is seen here, or comes after and removes the port.
     * Called with {@link #transitLock} held.
     */
    private void carriedAtLocked(Port p, List<PortRef> carried) {
        for (PortRef c : carried) {
            if (c.port().state != PortState.CLOSED) {
                c.port().carrier = p;
                inTransit.add(c.port());
            }
        }
    }

    /**
     * Node loss (docs/architecture.md §3, steps 1, 3 and 5), run when the channel to {@code lost} ended: from
     * now on no event from {@code lost} is processed, the events ports hold from it are dropped, and every
     * receiving port whose peer or expected previous sender is on {@code lost} breaks with reason 2 (peer
     * lost): it keeps the contiguous prefix of its queue readable and satisfies PEER_CLOSED at once, so its
     * endpoint sees the peer closed once it has read what already arrived. A port whose peer is elsewhere
     * (only its incoming route crossed {@code lost}) also tells its peer with observe-closure. A port that
     * already knew its peer closed and had every message breaks only if messages are still missing.
     * Buffering and proxying ports (step 4, with its dead-proxy notice) are not handled yet. Idempotent.
     *
     * @return how many ports broke
     * @throws IllegalArgumentException if {@code lost} is this node
     */
    public int lostConnectionTo(NodeName lost) {
        HeldLocks.checkNoPortLocks("lostConnectionTo");
        if (name.equals(lost)) {
            throw new IllegalArgumentException("lostConnectionTo(" + lost + "): that is this node");
        }
        List<Port> snapshot;
        portMapLock.lock();
        try {
            if (lostNodes.contains(lost)) {
                return 0;
            }
            Set<NodeName> now = new HashSet<>(lostNodes);
            now.add(lost);
            lostNodes = Set.copyOf(now);
            snapshot = new ArrayList<>(ports.values());
        } finally {
            portMapLock.unlock();
        }
        // The names that exist here now: a port of this node that a port of the lost node handed over as a previous
        // sender, and that does not exist by now, never will (nothing from the lost node is processed any more).
        Set<PortName> existing = new HashSet<>(snapshot.size());
        for (Port p : snapshot) {
            existing.add(p.name);
        }
        Pending work = pending.get();
        int broken = 0;
        for (Port p : snapshot) {
            lockSealed(p, work);
            try {
                if (lostLocked(p, lost, work)
                        || unbornLocalPreviousLocked(p, lost, existing) && previousGoneLocked(p, work)) {
                    broken++;
                    work.items.add(new CheckOrphans(p));
                }
            } finally {
                p.lock.unlock(work.held);
            }
        }
        broken += failMergesExpectedFrom(lost, snapshot, work);
        drain(work);
        return broken;
    }

    /** {@link #lostConnectionTo} for one port, with its lock held; returns whether it broke. */
    private boolean lostLocked(Port p, NodeName lost, Pending work) {
        if (p.held != null) {
            p.held.entrySet().removeIf(h -> {
                if (!h.getKey().node().equals(lost)) {
                    return false;
                }
                for (Event e : h.getValue().values()) {
                    if (e instanceof UserMessageEvent m) {
                        dropLater(List.of(m.message()), work);
                    }
                }
                return true;
            });
            if (p.held.isEmpty()) {
                p.held = null;
            }
        }
        if (lost.equals(p.peerNode)) {
            return peerGoneLocked(p, work);
        }
        return (lost.equals(p.previousNode) || unbornPreviousLocked(p, lost)) && previousGoneLocked(p, work);
    }

    /**
     * Whether {@code p}'s previous sender may never come to exist now that {@code lost} is lost: a port of {@code lost}
     * handed it over (update-previous-peer) while moving to another node, and nothing has come from it since. The
     * message that was to create it left from {@code lost}; if it went with the channel, only {@code lost} knew, and
     * its dead-port notice may have gone the same way. This variant is for a previous sender on this node, which
     * exists by now or never will ({@code existing}: the names of this node's ports after the loss). Called with
     * {@code p}'s lock held.
     */
    private boolean unbornLocalPreviousLocked(Port p, NodeName lost, Set<PortName> existing) {
        return p.previousHandedBy != null && lost.equals(p.previousHandedBy.node()) && p.nextControlToReceive == 1
                && name.equals(p.previousNode) && !existing.contains(p.previousPort);
    }

    /** The same for a previous sender on another node, whose existence this node cannot see. Lock held. */
    private boolean unbornPreviousLocked(Port p, NodeName lost) {
        return p.previousHandedBy != null && lost.equals(p.previousHandedBy.node()) && p.nextControlToReceive == 1
                && !name.equals(p.previousNode);
    }

    /**
     * Node loss, seen from port {@code p}, whose peer is gone (on a lost node, or erased by node loss and named by a
     * dead-port notice; docs/architecture.md §3, node loss, steps 3 and 4; docs/ports.md, "Node loss"). A receiving
     * port breaks with reason 2 (peer lost), keeping what arrived in order, unless its queue is complete already.
     * A buffering or proxying port can pass nothing on any more: it is erased, its queue dropped (the ports it
     * carries closed), and it tells the port that sends to it (its previous sender) that it is gone; a buffering port
     * also tells the peer it handed its new location to that this new location will never exist. Called with
     * {@code p}'s lock held; returns whether the port was affected.
     */
    private boolean peerGoneLocked(Port p, Pending work) {
        switch (p.state) {
            case RECEIVING -> {
                if (p.peerClosureKnown && p.lastSequenceToReceive <= p.contiguousEnd) {
                    return false; // complete already: nothing can be missing
                }
                breakLocked(p, ClosureReason.PEER_LOST.code(), work); // nobody to tell: the peer is gone
                return true;
            }
            case BUFFERING, PROXYING -> {
                Set<NodeName> lost = lostNodes;
                if (p.previousNode != null && !lost.contains(p.previousNode)) {
                    work.items.add(new DeadPortEvent(p.previousNode, p.previousPort, p.name, name, p.name));
                }
                if (p.state == PortState.BUFFERING && p.handedTo != null && !lost.contains(p.handedTo.node())) {
                    work.items.add(new DeadPortEvent(p.handedTo.node(), p.handedTo.port(), p.name, p.peerNode,
                            p.peerPort));
                }
                p.state = PortState.CLOSED;
                p.outbox = null;
                p.localPeer = null;
                dropLater(p.dropAll(), work);
                p.publishLocked();
                work.items.add(new Erase(p));
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /**
     * Node loss, seen from port {@code p}, whose previous sender is gone or will never exist (on a lost node, or
     * named by a dead-port notice), while its peer is not (docs/architecture.md §3, node loss, step 5): its incoming
     * route is lost. A receiving port breaks with reason 2 and tells its peer (unless its queue is complete, or its
     * peer had closed and knows); a buffering or proxying port takes what arrived in order as the last it will pass
     * on, as if an observe-closure with reason 2 had come from its previous sender, passes that closure on and goes
     * once it has forwarded that far (a buffering port, once its new location accepted it). Called with {@code p}'s
     * lock held; returns whether the port was affected.
     */
    private boolean previousGoneLocked(Port p, Pending work) {
        switch (p.state) {
            case RECEIVING -> {
                if (p.peerClosureKnown && p.lastSequenceToReceive <= p.contiguousEnd) {
                    return false;
                }
                boolean peerKnowsItClosed = p.peerClosureKnown;
                breakLocked(p, ClosureReason.PEER_LOST.code(), work);
                if (!peerKnowsItClosed) {
                    work.items.add(closureLocked(p, ClosureReason.PEER_LOST.code()));
                }
                return true;
            }
            case BUFFERING, PROXYING -> {
                processClosureLocked(p, p.previousNode, p.previousPort, p.contiguousEnd, ClosureReason.PEER_LOST.code(),
                        work);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /**
     * A dead-port notice at {@code p} from node {@code from} (docs/ports.md, "Node loss"). Acted on only when it is
     * about {@code p}'s own peer and comes from that very port ({@link #peerGoneLocked}), or names the previous sender
     * that the notice's sender handed {@code p} ({@link #previousGoneLocked}); if the sender is still {@code p}'s
     * previous sender or another port, the update-previous-peer it is about may still be on its way: the notice is
     * remembered (a few per port) and applied if exactly that update comes from exactly that port. A repeated notice
     * is dropped. Called with {@code p}'s lock held.
     */
    private RemoteVerdict deadPortLocked(Port p, NodeName from, DeadPortEvent d, Pending work) {
        if (p.state == PortState.CLOSED || lostNodes.contains(from)) {
            return RemoteVerdict.DROPPED;
        }
        boolean senderIsDead = from.equals(d.deadNode()) && d.sender().equals(d.deadPort());
        // PROCESSED only when it changed something: a notice repeated (a replay) is dropped.
        if (senderIsDead && from.equals(p.peerNode) && d.sender().equals(p.peerPort)) {
            if (!peerGoneLocked(p, work)) {
                return RemoteVerdict.DROPPED;
            }
            work.items.add(new CheckOrphans(p));
            return RemoteVerdict.PROCESSED;
        }
        Port.Sender notifier = new Port.Sender(from, d.sender());
        Port.Sender dead = new Port.Sender(d.deadNode(), d.deadPort());
        if (notifier.equals(p.previousHandedBy) && d.deadNode().equals(p.previousNode)
                && d.deadPort().equals(p.previousPort)) {
            if (!previousGoneLocked(p, work)) {
                return RemoteVerdict.DROPPED;
            }
            work.items.add(new CheckOrphans(p));
            return RemoteVerdict.PROCESSED;
        }
        if (!senderIsDead && (p.doomedPrevious == null || p.doomedPrevious.size() < MAX_EARLY_NOTICES)
                && !dead.equals(p.doomedPrevious == null ? null : p.doomedPrevious.get(notifier))) {
            // Perhaps early: the update-previous-peer naming that port may still be on its way from the notifier
            // (even from a sender this port does not expect yet). Applied only if exactly that update comes.
            if (p.doomedPrevious == null) {
                p.doomedPrevious = new HashMap<>();
            }
            p.doomedPrevious.put(notifier, dead);
            return RemoteVerdict.HELD;
        }
        return RemoteVerdict.DROPPED;
    }

    /**
     * Node loss for a port just pointed at a peer, or given a previous sender, on a node this node has lost already
     * (an observe-proxy, an update-previous-peer, a conversion or a descriptor naming it): the port is treated as
     * {@link #lostConnectionTo} would have treated it, had it pointed there then. Without this, a route that
     * collapses onto a lost node would send into a cut channel, and a port would wait for events from a node that
     * can no longer send them. Called with {@code p}'s lock held.
     */
    private void lostIfRepointedLocked(Port p, Pending work) {
        Set<NodeName> lost = lostNodes;
        if (lost.isEmpty()) {
            return;
        }
        NodeName gone = p.peerNode != null && lost.contains(p.peerNode) ? p.peerNode
                : p.previousNode != null && lost.contains(p.previousNode) ? p.previousNode
                : null;
        if (gone != null && lostLocked(p, gone, work)) {
            work.items.add(new CheckOrphans(p));
        }
    }

    /**
     * Processes the held events of {@code p}'s expected previous sender that are now next in order; when one of
     * them hands the role of previous sender on (update-previous-peer), goes on with the new sender's.
     */
    private void releaseHeldLocked(Port p, Pending work) {
        while (p.held != null && p.state != PortState.CLOSED) {
            Port.Sender expected = new Port.Sender(p.previousNode, p.previousPort);
            TreeMap<Long, Event> bySequence = p.held.get(expected);
            if (bySequence == null) {
                return;
            }
            Event next = bySequence.remove(p.nextControlToReceive);
            if (bySequence.isEmpty()) {
                p.held.remove(expected);
                if (p.held.isEmpty()) {
                    p.held = null;
                }
            }
            if (next == null) {
                return;
            }
            p.nextControlToReceive++;
            processLocked(p, expected.node(), next, work);
        }
    }

    /** Processes an event that passed sender verification, with {@code p}'s lock held. */
    private void processLocked(Port p, NodeName from, Event e, Pending work) {
        switch (e) {
            case UserMessageEvent m -> {
                Delivery d = processUserMessageLocked(p, m.sequence(), m.message(), work);
                if (d == Delivery.REFUSED_BY_QUOTA) {
                    // A refused message that came as an event has nobody to go back to: it goes, ports and all.
                    dropLater(List.of(m.message()), work);
                    work.items.add(closureLocked(p, 1));
                }
            }
            case ObserveClosureEvent c -> processClosureLocked(p, from, c.sender(), c.lastSequence(), c.reason(), work);
            case UpdatePreviousPeerEvent u -> {
                // The old sender's last event on its link: from now on only the new one's count, from 1.
                p.previousNode = u.newNode();
                p.previousPort = u.newPort();
                p.nextControlToReceive = 1;
                p.previousHandedBy = new Port.Sender(from, u.sender());
                // A dead-port notice from the same sender, about the port it names, came first.
                Port.Sender doomed = p.doomedPrevious == null ? null : p.doomedPrevious.remove(p.previousHandedBy);
                if (p.doomedPrevious != null && p.doomedPrevious.isEmpty()) {
                    p.doomedPrevious = null;
                }
                if (new Port.Sender(u.newNode(), u.newPort()).equals(doomed)) {
                    previousGoneLocked(p, work);
                } else {
                    lostIfRepointedLocked(p, work);
                }
            }
            case ObserveProxyEvent o -> processObserveProxyLocked(p, o, work);
            case ObserveProxyAckEvent a -> processProxyAckLocked(p, a, work);
            case ReadAckRequestEvent r -> {
                if (p.state == PortState.RECEIVING) {
                    if (Long.compareUnsigned(r.sequenceToAcknowledge(), p.readAckRequestedUpTo) > 0) {
                        p.readAckRequestedUpTo = r.sequenceToAcknowledge();
                    }
                    readAckIfDueLocked(p, work);
                } else {
                    emitLocked(p, new ReadAckRequestEvent(p.peerNode, p.peerPort, p.name, r.sequenceToAcknowledge(), 0),
                            work);
                }
            }
            case ReadAckEvent a -> {
                if (p.state == PortState.RECEIVING) {
                    // Beyond what was sent is refused before processing, for an event that is not held
                    // (receiveLocked); one released from the held store is ignored.
                    if (Long.compareUnsigned(a.highestSequenceRead(), p.highestReadAcknowledged) > 0
                            && Long.compareUnsigned(a.highestSequenceRead(), p.nextSequenceToSend - 1) <= 0) {
                        p.highestReadAcknowledged = a.highestSequenceRead();
                    }
                } else {
                    emitLocked(p, new ReadAckEvent(p.peerNode, p.peerPort, p.name, a.highestSequenceRead(), 0), work);
                }
            }
            case PortAcceptedEvent a -> throw new IllegalStateException(a + " is unsequenced; it is never held");
            case DeadPortEvent d -> throw new IllegalStateException(d + " is unsequenced; it is never held");
            case MergePortEvent m -> throw new IllegalStateException(m + " is unsequenced; it is never held");
        }
    }

    /**
     * Takes user message {@code seq} at {@code p}: a receiving port queues it (or refuses it by a hard quota and
     * breaks; the caller tells the sender), a buffering one queues it for its new location, a proxying one queues
     * it and passes on everything now in sequence. A message already read, already queued or beyond a known last
     * number is dropped. Called with {@code p}'s lock held; follow-up work only goes to {@code work}.
     */
    private Delivery processUserMessageLocked(Port p, long seq, UserMessage message, Pending work) {
        if (p.state == PortState.CLOSED
                || (p.peerClosureKnown && Long.compareUnsigned(seq, p.lastSequenceToReceive) > 0)
                || Long.compareUnsigned(seq, p.nextSequenceToRead) < 0
                || p.isQueued(seq)) {
            dropLater(List.of(message), work);
            return Delivery.DROPPED;
        }
        if (p.state == PortState.RECEIVING && p.limits.hard()
                && p.limits.overrunBy(p.queuedCount() + 1L, p.queuedBytes + message.payloadBytes())) {
            // The refused message stays the sender's.
            breakLocked(p, 1, work);
            return Delivery.REFUSED_BY_QUOTA;
        }
        p.enqueue(seq, message);
        if (!message.ports().isEmpty()) {
            transitLock.lock(work.held);
            try {
                carriedAtLocked(p, message.ports());
            } finally {
                transitLock.unlock(work.held);
            }
            if (p.state == PortState.RECEIVING) {
                // This message may have closed a loop of ports queued in each other's queues.
                work.items.add(new CheckOrphans(p));
            }
        }
        if (p.state == PortState.PROXYING) {
            forwardLocked(p, work);
            tryRemoveLocked(p, work);
        }
        p.publishLocked();
        work.items.add(p.ref);
        return Delivery.ACCEPTED;
    }

    /**
     * Records at {@code p} that the port at the far end, on the route through {@code sender} (of node
     * {@code from}), is gone after sending up to {@code last} (docs/ports.md, "Closing"). A receiving port that did
     * not know it yet records it and passes it back along its own route if it came by another way, so that
     * proxies there learn their last number; a buffering or proxying one arms its removal at {@code last} and
     * passes it on. Called with {@code p}'s lock held.
     */
    private void processClosureLocked(Port p, NodeName from, PortName sender, long last, int reason, Pending work) {
        switch (p.state) {
            case RECEIVING -> {
                if (p.peerClosureKnown) {
                    lowerToLossLocked(p, last, reason, work);
                    return;
                }
                p.peerClosureKnown = true;
                takeLastLocked(p, last, reason, work);
                if (p.peerNode != null && !(from.equals(p.peerNode) && sender.equals(p.peerPort))) {
                    // Came through proxies that this port does not send through: the ones it sends through
                    // learn from this copy how many of its messages they still have to pass on.
                    work.items.add(closureLocked(p, reason));
                }
            }
            case BUFFERING, PROXYING -> {
                // The first number stands: a message beyond it that came after it was dropped here, so a later,
                // higher number (a receiving end may echo a closure and still write, then close) must not make
                // this port wait for it.
                if (!p.peerClosureKnown || Long.compareUnsigned(last, p.lastSequenceToReceive) < 0) {
                    p.peerClosureKnown = true;
                    p.lastSequenceToReceive = last;
                    p.closureReason = reason;
                }
                armRemovalLocked(p, p.lastSequenceToReceive);
                dropLater(p.dropBeyond(p.lastSequenceToReceive), work);
                emitLocked(p, new ObserveClosureEvent(p.peerNode, p.peerPort, p.name, last, reason, 0), work);
                tryRemoveLocked(p, work);
                p.publishLocked();
            }
            case CLOSED -> {}
        }
    }

    /**
     * A second closure at receiving port {@code p}, which already knows its peer closed: only a loss closure (reason 2)
     * with a lower number than the one {@code p} knows changes anything. It comes from a proxy of {@code p}'s incoming
     * route whose own previous sender was lost (node loss, step 3): that proxy passes on nothing beyond {@code last},
     * and then hands {@code p} a previous sender on the node it lost, which will never send. Keeping the higher number
     * would make {@code p} wait for ever for messages that went with the lost node, and, if {@code p} moves on, leave
     * its buffering port armed at that number, never removed (seeds 210223 and 717820 of the 10^6-seed campaign). So
     * {@code p} takes the lower number, as a proxy does ({@link #processClosureLocked}), but never below what arrived
     * in order. Called with {@code p}'s lock held.
     */
    private static void lowerToLossLocked(Port p, long last, int reason, Pending work) {
        if (reason != ClosureReason.PEER_LOST.code()) {
            return;
        }
        long lowered = Long.compareUnsigned(last, p.contiguousEnd) < 0 ? p.contiguousEnd : last;
        if (Long.compareUnsigned(lowered, p.lastSequenceToReceive) >= 0) {
            return;
        }
        takeLastLocked(p, lowered, reason, work);
    }

    /**
     * Receiving port {@code p}, which knows its peer closed, takes {@code last} as the last message it will receive:
     * it drops what came beyond it, publishes its status and is checked for orphanhood. Lock held.
     */
    private static void takeLastLocked(Port p, long last, int reason, Pending work) {
        p.lastSequenceToReceive = last;
        p.closureReason = reason;
        dropLater(p.dropBeyond(last), work);
        p.publishLocked();
        work.items.add(p.ref);
        work.items.add(new CheckOrphans(p));
    }

    /**
     * Observe-proxy at {@code p} (docs/ports.md, "Removing a proxy"): if {@code p} points at the proxy, a receiving
     * {@code p} acknowledges with the last number it sent through it and points past it; a buffering or
     * proxying one cannot tell that number yet and owes the proxy a retry ack, sent when it is removed itself.
     * Any other port passes the request on to its own peer. Called with {@code p}'s lock held.
     */
    private void processObserveProxyLocked(Port p, ObserveProxyEvent o, Pending work) {
        boolean pointsAtProxy = o.proxyNode().equals(p.peerNode) && o.proxyPort().equals(p.peerPort);
        if (!pointsAtProxy) {
            emitLocked(p, o.passedOn(p.peerNode, p.peerPort, p.name, 0), work);
            return;
        }
        if (p.state != PortState.RECEIVING) {
            p.deferredRetryAck = true;
            return;
        }
        work.items.add(new ObserveProxyAckEvent(p.peerNode, p.peerPort, p.name, p.nextSequenceToSend - 1,
                p.nextControlToSend++));
        // The ack is this port's last event to the proxy; it starts a new link with the proxy's target, whose
        // port holds what this port sends until the proxy hands it the role of previous sender.
        p.peerNode = o.proxyTargetNode();
        p.peerPort = o.proxyTargetPort();
        p.localPeer = null;
        p.nextControlToSend = 1;
        // The removed proxy may have swallowed this port's last read-ack request or read-ack: send them again.
        if (Long.compareUnsigned(p.readAckAskedUpTo, p.highestReadAcknowledged) > 0) {
            work.items.add(new ReadAckRequestEvent(p.peerNode, p.peerPort, p.name, p.readAckAskedUpTo,
                    p.nextControlToSend++));
        }
        if (p.lastReadAckSent != 0) {
            work.items.add(new ReadAckEvent(p.peerNode, p.peerPort, p.name, p.lastReadAckSent, p.nextControlToSend++));
        }
        p.publishLocked();
        work.items.add(p.ref);
        lostIfRepointedLocked(p, work);
        if (name.equals(p.peerNode)) {
            // The route collapsed onto this node: find the peer's record, so local writes take the fast path again.
            work.items.add(new LinkLocalPeer(p));
        }
    }

    /**
     * Observe-proxy-ack at proxy {@code p}: a number arms its removal at that number; "retry" makes it ask again.
     * Dropped at a port that is not proxying (it sent no request). Called with {@code p}'s lock held.
     */
    private void processProxyAckLocked(Port p, ObserveProxyAckEvent a, Pending work) {
        if (p.state != PortState.PROXYING) {
            return;
        }
        if (a.lastSequenceSent() == ObserveProxyAckEvent.RETRY) {
            if (!p.removalArmed) {
                emitLocked(p, observeProxy(p), work);
            }
            return;
        }
        armRemovalLocked(p, a.lastSequenceSent());
        tryRemoveLocked(p, work);
        p.publishLocked();
    }

    /**
     * Arms {@code p}'s removal at {@code last}, or lowers the number it is armed at: whatever the first number
     * that armed it, nothing beyond the lowest will reach it (a closure drops what follows it). Lock held.
     */
    private static void armRemovalLocked(Port p, long last) {
        if (!p.removalArmed || Long.compareUnsigned(last, p.lastToForward) < 0) {
            p.removalArmed = true;
            p.lastToForward = last;
        }
    }

    /** The observe-proxy proxy {@code p} sends its peer to have itself removed (control sequence still 0). */
    private ObserveProxyEvent observeProxy(Port p) {
        return new ObserveProxyEvent(p.peerNode, p.peerPort, p.name, name, p.name, p.peerNode, p.peerPort, 0);
    }

    /**
     * Port-accepted at {@code p} from node {@code from}: the new location exists, so a buffering {@code p} becomes
     * a proxy (docs/ports.md, "Moving a port"): it sends the events it held, passes on its queue in order, asks
     * to be removed (unless a closure already told it its last number) and is removed at once if it has nothing
     * left to pass on. Called with {@code p}'s lock held.
     */
    private RemoteVerdict portAcceptedLocked(Port p, NodeName from, PortAcceptedEvent a, Pending work)
            throws ProtocolViolationException {
        if (p.state != PortState.BUFFERING) {
            return RemoteVerdict.DROPPED;
        }
        if (!from.equals(p.peerNode) || !a.sender().equals(p.peerPort)) {
            throw new ProtocolViolationException(from, Category.FORGED_SENDER, a + ": port-accepted for " + p + " from " + a.sender()
                    + ", not from its new location " + p.peerNode + "/" + p.peerPort);
        }
        p.state = PortState.PROXYING;
        if (p.outbox != null) {
            for (Event e : p.outbox) {
                work.items.add(e.withControlSequence(p.nextControlToSend++));
            }
            p.outbox = null;
        }
        forwardLocked(p, work);
        if (!p.removalArmed) {
            emitLocked(p, observeProxy(p), work);
        }
        tryRemoveLocked(p, work);
        p.publishLocked();
        return RemoteVerdict.PROCESSED;
    }

    /**
     * Sends {@code p}'s outgoing event: at once with the link's next control sequence, or, while {@code p} is
     * buffering (its new location may not exist yet), into its outbox until it proxies. Called with the lock held.
     */
    private static void emitLocked(Port p, Event unstamped, Pending work) {
        if (p.peerNode == null) {
            return; // a port with no peer yet (only a misbehaving node reaches one with an event) sends nothing
        }
        if (p.state == PortState.BUFFERING) {
            if (p.outbox == null) {
                p.outbox = new ArrayList<>();
            }
            p.outbox.add(unstamped);
        } else {
            work.items.add(unstamped.withControlSequence(p.nextControlToSend++));
        }
    }

    /**
     * Passes on every message proxy {@code p} holds in sequence, in order, each under its own user sequence
     * number and the next control sequence of the link to {@code p}'s peer. The carried ports are converted when
     * the event leaves the node ({@link #sendRemote}). Called with {@code p}'s lock held.
     */
    private void forwardLocked(Port p, Pending work) {
        while (p.hasReadableMessage()) {
            long seq = p.nextSequenceToRead;
            UserMessage m = p.takeNext();
            if (!m.ports().isEmpty()) {
                transitLock.lock(work.held);
                try {
                    for (PortRef c : m.ports()) {
                        c.port().carrier = null;
                        inTransit.remove(c.port());
                        c.port().forwardedInside = p.leftInside;
                    }
                } finally {
                    transitLock.unlock(work.held);
                }
            }
            work.items.add(new UserMessageEvent(p.peerNode, p.peerPort, p.name, seq, m, p.nextControlToSend++));
        }
    }

    /**
     * Removes proxy {@code p} if its removal is armed and it has passed on every message up to its last number:
     * it sends its peer the retry ack it owes (if any) and update-previous-peer naming its own previous sender,
     * its last events on that link, and is erased. Called with {@code p}'s lock held.
     */
    private void tryRemoveLocked(Port p, Pending work) {
        if (p.state != PortState.PROXYING || !p.removalArmed
                || Long.compareUnsigned(p.nextSequenceToRead - 1, p.lastToForward) < 0) {
            return;
        }
        if (p.deferredRetryAck) {
            work.items.add(new ObserveProxyAckEvent(p.peerNode, p.peerPort, p.name, ObserveProxyAckEvent.RETRY,
                    p.nextControlToSend++));
        }
        work.items.add(new UpdatePreviousPeerEvent(p.peerNode, p.peerPort, p.name, p.previousNode, p.previousPort,
                p.nextControlToSend++));
        p.state = PortState.CLOSED;
        dropLater(p.dropAll(), work);
        p.publishLocked();
        work.items.add(new Erase(p));
    }

    /**
     * Converts {@code c}, a receiving port carried by a message that is leaving for node {@code destination}
     * (docs/ports.md, "Moving a port"): picks the name of its new location, describes it, tells its peer that the
     * new location is its previous sender from now on (update-previous-peer, its last event to that peer), and
     * points it at the new location as a buffering port. Called with {@code c}'s lock held.
     */
    private PortDescriptor convertLocked(Port c, NodeName destination, Pending work) {
        if (c.state != PortState.RECEIVING || c.peerNode == null) {
            throw new IllegalStateException(c + " is " + c.state + " with peer " + c.peerNode
                    + ": only a receiving port with a peer travels in a message");
        }
        PortName moved = names.nextLocationOf(c.name);
        boolean closed = c.peerClosureKnown;
        PortDescriptor d = new PortDescriptor(moved, c.peerNode, c.peerPort, name, c.name, c.nextSequenceToSend,
                c.nextSequenceToRead, closed ? c.lastSequenceToReceive : 0, c.readAckRequestedUpTo, closed, false,
                closed ? ClosureReason.ofCode(c.closureReason) : ClosureReason.USER_CLOSED);
        work.items.add(new UpdatePreviousPeerEvent(c.peerNode, c.peerPort, c.name, destination, moved,
                c.nextControlToSend++));
        c.handedTo = new Port.Sender(c.peerNode, c.peerPort);
        c.peerNode = destination;
        c.peerPort = moved;
        c.localPeer = null;
        c.nextControlToSend = 1;
        c.state = PortState.BUFFERING;
        if (closed) {
            // It knows its last message already: once it has passed that on, it goes.
            c.removalArmed = true;
            c.lastToForward = c.lastSequenceToReceive;
        }
        c.publishLocked();
        lostIfRepointedLocked(c, work);
        return d;
    }

    /**
     * Tells the delegate that {@code port}'s status changed, then drains {@code work}: the item of every read and
     * write. When nothing is queued or being drained on this thread it is delivered at once, without a trip
     * through the queue, under the same rule as the drain loop (calls the delegate makes only queue their items,
     * drained here afterwards).
     */
    private void statusChanged(PortRef port, Pending work) {
        if (work.draining || !work.items.isEmpty()) {
            work.items.add(port);
            drain(work);
            return;
        }
        HeldLocks.checkNoPortLocks(work.held, "event delivery");
        work.draining = true;
        try {
            delegate.portStatusChanged(port);
        } finally {
            work.draining = false;
            drain(work); // what the delegate's calls queued: delivered even if it threw, as the loop would
        }
    }

    private void drain(Pending p) {
        if (p.draining) {
            return; // an outer frame of this thread is draining and will reach the new items
        }
        p.draining = true;
        Throwable failure = null;
        try {
            Object item;
            while ((item = p.items.poll()) != null) {
                try {
                    deliver(item, p);
                } catch (RuntimeException | Error e) {
                    // Deliver the rest (a closure must not be lost to one failing callback), then rethrow.
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        } finally {
            p.draining = false;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        } else if (failure instanceof Error e) {
            throw e;
        }
    }

    private void deliver(Object item, Pending work) {
        HeldLocks.checkNoPortLocks(work.held, "event delivery");
        if (item instanceof PortRef changed) {
            // The item of every read and write: tested before the general switch, which costs more.
            delegate.portStatusChanged(changed);
            return;
        }
        switch (item) {
            case UserMessageEvent e when PlantedProtocolFaults.DROP_EVENT && !name.equals(e.targetNode())
                    && PlantedProtocolFaults.fire() -> dropLater(List.of(e.message()), work);
            case ObserveProxyAckEvent e when PlantedProtocolFaults.DROP_ACK && !name.equals(e.targetNode())
                    && PlantedProtocolFaults.fire() -> {}
            case Event e when !name.equals(e.targetNode()) -> sendRemote(e, work);
            case Event e -> deliverLocal(e, work);
            case ClosePort c -> closeNow(c.port().port(), c.reason());
            case Discard d -> d.message().discard();
            case CheckOrphans c -> closeOrphans(c.start());
            case LinkLocalPeer l -> linkLocalPeer(l.port(), work);
            case Erase e -> {
                portMapLock.lock(work.held);
                try {
                    ports.remove(e.port().name, e.port());
                } finally {
                    portMapLock.unlock(work.held);
                }
            }
            default -> throw new IllegalStateException("unknown pending item: " + item);
        }
    }

    /**
     * Sets {@code p}'s {@link Port#localPeer} to its peer's record if the peer is still the port of this node it
     * was re-pointed at. Only a hint for {@link #sendUserMessage}, which confirms it under the locks; run from the
     * drain loop because the record is found under the port-map lock, which is never taken under a port lock.
     */
    private void linkLocalPeer(Port p, Pending work) {
        PortName peerName;
        p.lock.lock(work.held);
        try {
            peerName = p.state == PortState.RECEIVING && name.equals(p.peerNode) ? p.peerPort : null;
        } finally {
            p.lock.unlock(work.held);
        }
        Port peer = peerName == null ? null : lookup(peerName);
        if (peer == null) {
            return;
        }
        p.lock.lock(work.held);
        try {
            if (p.state == PortState.RECEIVING && name.equals(p.peerNode) && peerName.equals(p.peerPort)) {
                p.localPeer = peer;
            }
        } finally {
            p.lock.unlock(work.held);
        }
    }

    /**
     * Hands an event for another node to the delegate; a user message's carried ports are converted first, one at
     * a time under each one's lock, so the event leaves with their descriptors.
     */
    private void sendRemote(Event e, Pending work) {
        if (e instanceof UserMessageEvent m && !m.message().ports().isEmpty() && m.descriptors().isEmpty()) {
            List<PortDescriptor> descriptors = new ArrayList<>(m.message().ports().size());
            NetworkCrossing x = crossing;
            for (PortRef carried : m.message().ports()) {
                // Across networks the port stays, bridged, and a new pair's far end leaves in its place.
                PortRef c = x == null ? carried : x.portToSend(carried, m.targetNode());
                Port cp = c.port();
                List<Port.InsideOf> forwardedInside;
                transitLock.lock(work.held);
                try {
                    forwardedInside = cp.forwardedInside;
                    cp.forwardedInside = null;
                } finally {
                    transitLock.unlock(work.held);
                }
                lockSealed(cp, work); // what was pushed to it leaves with it
                try {
                    if (chaseLocked(cp, forwardedInside)) {
                        descriptors.add(closedInTheChaseLocked(cp, work));
                    } else {
                        descriptors.add(convertLocked(cp, m.targetNode(), work));
                        cp.leftInside = insideChain(new Port.InsideOf(m.target(), m.sequence()), forwardedInside);
                    }
                } finally {
                    cp.lock.unlock(work.held);
                }
            }
            e = m.withDescriptors(descriptors);
        }
        delegate.forwardEvent(e.targetNode(), e);
    }

    /**
     * Whether carried port {@code c}, about to leave in a message that a proxy P passes on, closes a loop of pipes
     * sent into each other across nodes (docs/ports.md, "Orphans": the chase). {@code chain} is P's
     * {@link Port#leftInside}: P's endpoint E0 left inside a message of sequence s1 to endpoint E1; if a proxy of E1
     * passed that message on, E1 had left before reading it, inside a message of sequence s2 to E2; and so on. It is
     * a loop when {@code c} is a location of some Ek that has not read sk: then E(k-1) is still in that message,
     * so it has not read s(k-1) either (it left before), ..., and E0 is in the first; {@code c} travels to E0's
     * queue. Nobody can ever read any of them (a port in a message has no owner), and without this check the
     * messages chase each other between the nodes for ever, leaving a proxy per hop. Called with {@code c}'s lock
     * held.
     */
    private static boolean chaseLocked(Port c, List<Port.InsideOf> chain) {
        if (chain == null || c.state != PortState.RECEIVING) {
            return false;
        }
        for (Port.InsideOf link : chain) {
            if (link.to().sameEndpointAs(c.name) && Long.compareUnsigned(c.nextSequenceToRead, link.sequence()) <= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code first}, then {@code rest} (null: nothing), with one link per endpoint: the one with the highest sequence.
     * No link is cut, so a loop of any number of pipes is recognised (docs/ports.md, "Orphans"). Keeping only the
     * highest sequence loses nothing: {@link #chaseLocked} finds a location of an endpoint that has not read one of
     * its links' messages exactly when it has not read the highest, and the chain up to that link stands on its own.
     * So a chain is never longer than the number of endpoints it names, even where a chase goes round a loop more
     * than once before it is recognised.
     */
    static List<Port.InsideOf> insideChain(Port.InsideOf first, List<Port.InsideOf> rest) {
        if (rest == null || rest.isEmpty()) {
            return List.of(first);
        }
        Map<Long, Port.InsideOf> byEndpoint = new LinkedHashMap<>();
        byEndpoint.put(first.to().high(), first);
        for (Port.InsideOf link : rest) {
            byEndpoint.merge(link.to().high(), link,
                    (kept, other) -> Long.compareUnsigned(other.sequence(), kept.sequence()) > 0 ? other : kept);
        }
        return List.copyOf(byEndpoint.values());
    }

    /**
     * Ends the chase at {@code c} ({@link #chaseLocked}): {@code c} is closed (its peer sees the closure, its queue,
     * with the other pipe's end in it if it arrived, is dropped), and the message carrying it leaves with the
     * descriptor of a port that is born closed: its peer is {@code c}, gone, and everything up to what {@code c}
     * had read counts as received, so wherever the message ends, that port is freed with it. Called with {@code c}'s
     * lock held.
     */
    private PortDescriptor closedInTheChaseLocked(Port c, Pending work) {
        work.items.add(new ClosePort(c.ref));
        return new PortDescriptor(names.nextLocationOf(c.name), name, c.name, name, c.name, c.nextSequenceToSend,
                c.nextSequenceToRead, c.nextSequenceToRead - 1, 0, true, false, ClosureReason.USER_CLOSED);
    }

    /** Delivers an event between two ports of this node, through the same checks as one from another node. */
    private void deliverLocal(Event e, Pending work) {
        Port p = lookup(e.target());
        RemoteVerdict verdict = RemoteVerdict.DROPPED;
        if (p != null) {
            lockSealed(p, work);
            try {
                verdict = e instanceof DeadPortEvent d ? deadPortLocked(p, name, d, work) : receiveLocked(p, name, e, work);
            } catch (ProtocolViolationException x) {
                throw new IllegalStateException("this node broke its own protocol: " + x.getMessage(), x);
            } finally {
                p.lock.unlock(work.held);
            }
        }
        if (verdict == RemoteVerdict.DROPPED && e instanceof UserMessageEvent m) {
            dropLater(List.of(m.message()), work);
        }
    }

    // ---- networks (docs/architecture.md §4, "Crossing an isolated link") ----------------------------

    // Set by the node layer when it joins the node to channels; null (every in-process node): ports always move.
    private volatile NetworkCrossing crossing;

    /** Lets {@code c} decide, from now on, which port leaves in place of each carried port (null: none). */
    public void crossNetworksWith(NetworkCrossing c) {
        crossing = c;
    }

    /** Where a receiving port's route leads: a node ({@code remoteNode}), or a port of this node ({@code localPeer}). */
    public record Route(NodeName remoteNode, PortRef localPeer) {}

    /**
     * The route of {@code port}, for the node layer's network tags: its peer's node if that is another node; if its
     * peer is a port of this node that passes messages on (a proxy, or a port being sent), that port's peer node; if
     * the peer is a receiving port here (a local pair), that port. Null if {@code port} is not receiving.
     */
    public Route route(PortRef port) {
        HeldLocks.checkNoPortLocks("route");
        Port p = port.port();
        NodeName peerNode;
        PortName peerPort;
        p.lock.lock();
        try {
            if (p.state != PortState.RECEIVING || p.peerNode == null) {
                return null;
            }
            peerNode = p.peerNode;
            peerPort = p.peerPort;
        } finally {
            p.lock.unlock();
        }
        Port q = name.equals(peerNode) ? lookup(peerPort) : null;
        if (q == null) {
            return new Route(peerNode, null);
        }
        q.lock.lock();
        try {
            return q.state == PortState.RECEIVING || name.equals(q.peerNode) ? new Route(null, q.ref)
                    : new Route(q.peerNode, q.ref);
        } finally {
            q.lock.unlock();
        }
    }

    /**
     * Joins {@code first} and {@code second}, for which {@link #mergeLocalPorts} answered
     * {@link MergeResult#ACROSS_NETWORKS}, with the crossing's bridge; it takes both over (their owner is then its).
     */
    public void bridgePorts(PortRef first, PortRef second) {
        crossing.bridge(first, second);
    }

    /** {@code port}'s network tag (0: none yet). The caller serializes tags (the node layer's crossing lock). */
    public int networkTag(PortRef port) {
        return port.port().network;
    }

    /** Tags {@code port} with {@code network}. The caller serializes tags (the node layer's crossing lock). */
    public void tagNetwork(PortRef port, int network) {
        port.port().network = network;
    }

    private Port lookup(PortName portName) {
        portMapLock.lock();
        try {
            return ports.get(portName);
        } finally {
            portMapLock.unlock();
        }
    }

    /** Queues the closing of every port a dropped message carries, then its discard hook. */
    private static void dropLater(List<UserMessage> dropped, Pending work) {
        ArrayDeque<Object> items = work.items;
        for (UserMessage m : dropped) {
            for (PortRef c : m.ports()) {
                items.add(new ClosePort(c));
            }
            items.add(new Discard(m));
        }
    }

    /**
     * Breaks {@code p}'s pipe from its own end (docs/architecture.md §3, breaking a pipe) for
     * {@code reason}: it keeps the contiguous prefix of its queue readable, drops anything beyond a gap
     * and satisfies PEER_CLOSED at once. Called with {@code p}'s lock held; the rest goes to {@code work}.
     */
    private static void breakLocked(Port p, int reason, Pending work) {
        p.peerClosureKnown = true;
        p.closureReason = reason;
        p.lastSequenceToReceive = p.contiguousEnd;
        dropLater(p.dropBeyond(p.contiguousEnd), work);
        p.publishLocked();
        work.items.add(p.ref);
    }

    /**
     * The observe-closure {@code p} sends its peer: its last user sequence sent, {@code reason}, and the next
     * control sequence of the link. Called with {@code p}'s lock held.
     */
    private static ObserveClosureEvent closureLocked(Port p, int reason) {
        return new ObserveClosureEvent(p.peerNode, p.peerPort, p.name, p.nextSequenceToSend - 1, reason, p.nextControlToSend++);
    }

    /** Closes receiving port {@code p} as a user close does, telling its peer {@code reason} (0: by the user). */
    private void closeNow(Port p, int reason) {
        Pending work = pending.get();
        Port peer;
        p.lock.lock(work.held);
        try {
            if (p.state != PortState.RECEIVING) {
                return;
            }
            peer = p.localPeer;
        } finally {
            p.lock.unlock(work.held);
        }
        RankedLock[] toLock = peer == null
                ? new RankedLock[] {p.lock}
                : distinctInOrder(new ArrayList<>(List.of(p.lock, peer.lock)));
        List<UserMessage> dropped;
        for (RankedLock l : toLock) {
            l.lock(work.held);
        }
        try {
            // What p's peer pushed is dropped with p's queue; what p pushed reaches the peer before the closure.
            takeInboxLocked(p, true, work);
            if (peer != null) {
                takeInboxLocked(peer, true, work);
            }
            if (p.state != PortState.RECEIVING) {
                return;
            }
            p.state = PortState.CLOSED;
            // A closed port links nowhere, so no orphan walk passes through it to a stale carrier.
            transitLock.lock(work.held);
            try {
                p.carrier = null;
                inTransit.remove(p);
            } finally {
                transitLock.unlock(work.held);
            }
            dropped = p.dropAll();
            p.publishLocked();
            // A local peer that takes this port's next event learns of the closure in the same critical
            // section, so no thread can see this port closed while its peer still accepts writes: a local
            // close is linearizable. Otherwise the closure goes as an event.
            Port to = p.localPeer == peer ? peer : null;
            if ((to != null && directLocked(p, to))
                    || !(PlantedProtocolFaults.FORGET_CLOSURE && PlantedProtocolFaults.fire())) {
                sendClosureLocked(p, to, reason, work);
            }
        } finally {
            for (int i = toLock.length - 1; i >= 0; i--) {
                toLock[i].unlock(work.held);
            }
        }
        portMapLock.lock(work.held);
        try {
            ports.remove(p.name);
        } finally {
            portMapLock.unlock(work.held);
        }
        dropLater(dropped, work);
    }

    /**
     * The orphan rule of docs/architecture.md §3, applied only where it can lose nothing: if no handle can ever
     * reach {@code start}, closes every port in transit that no handle can reach and whose peer has
     * closed.
     *
     * <p>A port queued in another port's queue is reachable exactly when following the carriers ends
     * at a port that is not queued anywhere (held by a handle, or by a reader about to give it one).
     * When the links run in a loop instead (pipe A's end queued in pipe B's queue and B's end in A's),
     * no reader can ever take any of those messages, and nothing outside the loop can change a link in
     * it: a loop, once formed, stays until one of its ports is closed. That holds because a port in a
     * message has no owner ("Ownership" above): the only way to take a message out of its queue is to
     * read the message carrying it first and claim it, and every carrier in a loop is itself in a
     * message. Not even the endpoint object whose write put the port there, and whose write has not
     * returned yet, can read from it (docs/architecture.md §1, "A handle in transit"); before ownership was checked
     * such a read could take a port back out of a loop this check had already closed, and hand its
     * reader a dead endpoint (issue 7). Closing such a port whose peer
     * has closed loses no message anyone could read, and its dropped queue closes the rest of the loop
     * (so their peers see the closure). The rule as docs/architecture.md §3 words it (every handle-less port whose
     * peer closes) would also close an endpoint merely in transit to a reader who is still to read it,
     * losing the messages its peer wrote before closing, which docs/architecture.md §1 promises to keep; this
     * check leaves such a port alone.
     *
     * <p>Run from the drain loop with no lock held, after every send that queues ports (it may close a
     * loop) and whenever a port learns that its peer closed. The walk from {@code start} is short unless
     * ports are nested deep in each other's queues (it stops at the first port that is not queued); only
     * when it finds {@code start} unreachable, which is rare, does it look at every port in transit.
     */
    private void closeOrphans(Port start) {
        int[] held = pending.get().held;
        List<Port> orphans = new ArrayList<>();
        transitLock.lock(held);
        try {
            if (start.carrier == null) {
                return; // the common case: a port held by a handle
            }
            Map<Port, Boolean> unreachable = new IdentityHashMap<>();
            if (!isUnreachableLocked(start, unreachable)) {
                return;
            }
            // Ports can hang off a loop (queued in a loop member's queue, or deeper) whose peers closed
            // before the loop formed: look at every port in transit, not only along this chain.
            for (Port t : inTransit) {
                if (isUnreachableLocked(t, unreachable)
                        && (t.status() & (Port.PEER_CLOSED | Port.NOT_RECEIVING)) == Port.PEER_CLOSED) {
                    orphans.add(t);
                }
            }
        } finally {
            transitLock.unlock(held);
        }
        ArrayDeque<Object> items = pending.get().items;
        for (Port o : orphans) {
            items.add(new ClosePort(o.ref));
        }
    }

    /**
     * Whether no handle can reach {@code port}: following {@link Port#carrier} from it runs into a loop
     * rather than ending at a port that is not queued. Records the answer for every port on the way in
     * {@code memo}. Called with {@link #transitLock} held.
     */
    private static boolean isUnreachableLocked(Port port, Map<Port, Boolean> memo) {
        Map<Port, Boolean> path = new IdentityHashMap<>();
        Port x = port;
        Boolean answer;
        while (true) {
            answer = memo.get(x);
            if (answer != null) {
                break;
            }
            if (x.carrier == null) {
                answer = Boolean.FALSE;
                break;
            }
            if (path.put(x, Boolean.TRUE) != null) {
                answer = Boolean.TRUE; // back on this path: a loop
                break;
            }
            x = x.carrier;
        }
        for (Port p : path.keySet()) {
            memo.put(p, answer);
        }
        return answer;
    }

    // ---------------------------------------------------------------------------------------------------
    // Merging two pipes into one (docs/ports.md, "Merging"; Chromium's MojoFuseMessagePipes and MergePorts)

    /**
     * Merges pipes {@code A–first} and {@code second–B} into one pipe {@code A–B}, where {@code first} and
     * {@code second} are ports of this node and {@code A} and {@code B} are anywhere (docs/ports.md, "Merging"):
     * afterwards {@code A} and {@code B} are each other's peer; the messages {@code A} wrote that {@code first} had
     * not read reach {@code B} with their sequence numbers, in order, ahead of everything {@code A} writes next,
     * and likewise from {@code B} to {@code A}. A side whose peer had closed passes the closure on: the other peer
     * gets the messages, then PEER_CLOSED with that closure's reason; messages for a side that is gone are dropped
     * (their ports closed).
     *
     * <p>When both peers are receiving ports of this node with nothing on its way between them and the merged
     * ports (or a side is gone with everything arrived), the merge completes in one critical section holding the
     * four ports' locks (each distinct lock once, in ascending {@link RankedLock#order()}): the merged ports are
     * erased at once, no thread sees a proxy, and a write, read or close racing the merge takes effect wholly
     * before or wholly after it. Otherwise (a peer on another node, a route with proxies, events on their way)
     * the two ports swap peers, each sends its old peer update-previous-peer naming the other, and both become
     * proxies: they pass on what they hold and what still arrives, then go by the proxy removal of docs/ports.md.
     *
     * <p>Refused, changing nothing, when a port is not its caller's (owner), not receiving, the ports are
     * each other's peer, either has ever sent a user message (its peer's receive numbering would clash
     * with the other side's), or a port has read messages while the other's open peer is not a plain receiving
     * port of this node that expects no merge-port ({@link MergeResult#FIRST_HAS_READ}). The "each other's peer" check sees direct peers
     * only: two ends of one pipe with proxies still between them are not told apart from two pipes.
     */
    public MergeResult mergeLocalPorts(PortRef first, Object firstOwner, PortRef second, Object secondOwner) {
        Pending work = pending.get();
        int[] held = work.held;
        HeldLocks.checkNoPortLocks(held, "mergeLocalPorts");
        Port a = first.port();
        Port b = second.port();
        if (a == b) {
            return MergeResult.SAME_PIPE; // never asked for by the system layer: its own peer or worse
        }
        NetworkCrossing networks = crossing;
        boolean acrossNetworks = networks != null && !networks.mayMerge(first, second);
        while (true) {
            Port peerA = a.localPeerHint();
            Port peerB = b.localPeerHint();
            List<RankedLock> locks = new ArrayList<>(4);
            locks.add(a.lock);
            locks.add(b.lock);
            if (peerA != null) {
                locks.add(peerA.lock);
            }
            if (peerB != null) {
                locks.add(peerB.lock);
            }
            RankedLock[] toLock = distinctInOrder(locks);
            for (RankedLock l : toLock) {
                l.lock(held);
            }
            MergeResult result;
            try {
                if (a.localPeer != peerA || b.localPeer != peerB) {
                    continue; // re-pointed since the hints were read (finally unlocks)
                }
                // Every queue complete and no push meanwhile: the merge moves queues and re-points peers.
                for (Port x : new Port[] {a, b, peerA, peerB}) {
                    if (x != null) {
                        takeInboxLocked(x, true, work);
                    }
                }
                result = mergeLocked(a, firstOwner, b, secondOwner, acrossNetworks, work);
            } finally {
                for (int i = toLock.length - 1; i >= 0; i--) {
                    toLock[i].unlock(held);
                }
            }
            drain(work);
            return result;
        }
    }

    /** The checks and body of {@link #mergeLocalPorts}, with every port concerned locked. */
    private MergeResult mergeLocked(Port a, Object ownerA, Port b, Object ownerB, boolean acrossNetworks,
            Pending work) {
        if ((ownerA != ANY_OWNER && a.owner != ownerA) || (ownerB != ANY_OWNER && b.owner != ownerB)) {
            return MergeResult.NOT_OWNER;
        }
        if (a.state != PortState.RECEIVING || b.state != PortState.RECEIVING) {
            return MergeResult.UNKNOWN_PORT;
        }
        if (name.equals(a.peerNode) && b.name.equals(a.peerPort)
                || name.equals(b.peerNode) && a.name.equals(b.peerPort)) {
            return MergeResult.SAME_PIPE;
        }
        if (a.nextSequenceToSend != 1) {
            return MergeResult.FIRST_HAS_SENT;
        }
        if (b.nextSequenceToSend != 1) {
            return MergeResult.SECOND_HAS_SENT;
        }
        if (acrossNetworks) {
            return MergeResult.ACROSS_NETWORKS; // the caller bridges them (bridgePorts): no renumbering, no read rule
        }
        // A side is alive while its port has not learnt of its peer's closure.
        boolean sideA = !a.peerClosureKnown;
        boolean sideB = !b.peerClosureKnown;
        if (!settledSide(a, sideA) || !settledSide(b, sideB)) {
            return mergeThroughProxiesLocked(a, b, work);
        }
        Port peerA = sideA ? a.localPeer : null;
        Port peerB = sideB ? b.localPeer : null;
        // A survivor that expects a merge-port and would be renumbered past 1 could not merge any more (the
        // merge-port's port numbers from 1): the merge its node agreed to would fail (simulation seed 279900).
        if (peerB != null && a.nextSequenceToRead != 1 && peerB.mergeExpectedFrom != null) {
            return MergeResult.FIRST_HAS_READ;
        }
        if (peerA != null && b.nextSequenceToRead != 1 && peerA.mergeExpectedFrom != null) {
            return MergeResult.SECOND_HAS_READ;
        }
        // a and b leave first, so that no lock-free reader sees them receiving once their queues moved.
        List<Numbered> fromA = takeQueue(a);
        List<Numbered> fromB = takeQueue(b);
        for (Port gone : new Port[] {a, b}) {
            gone.state = PortState.CLOSED;
            gone.localPeer = null;
            gone.publishLocked();
            work.items.add(gone.ref);
            work.items.add(new Erase(gone));
        }
        // Peers first, so that a quota refusal below finds the survivors pointing at each other.
        if (sideB) {
            repoint(peerB, a, peerA);
        }
        if (sideA) {
            repoint(peerA, b, peerB);
        }
        boolean refusedAtB = sideB && takeOver(peerB, a, fromA, sideA, work);
        boolean refusedAtA = sideA && takeOver(peerA, b, fromB, sideB, work);
        if (!sideB) {
            dropNumbered(fromA, work);
        }
        if (!sideA) {
            dropNumbered(fromB, work);
        }
        // A survivor whose hard quota refused a message it took over broke (reason 1), as for a write; its
        // peer learns it now, in this critical section, as a local writer would.
        tellRefusal(refusedAtB, peerB, peerA, work);
        tellRefusal(refusedAtA, peerA, peerB, work);
        return MergeResult.OK;
    }

    /**
     * Whether {@code p}'s side of a merge can be completed in the merge's critical section: its peer is a
     * receiving port of this node that points back at it, with no event on its way either way (so nothing can
     * arrive at {@code p} later), or its peer is gone and every message up to the last has arrived. Called with
     * {@code p}'s and its local peer's locks held.
     */
    private boolean settledSide(Port p, boolean alive) {
        if (!alive) {
            return p.peerClosedComplete();
        }
        Port peer = p.localPeer;
        return peer != null && peer.state == PortState.RECEIVING && directLocked(p, peer) && directLocked(peer, p);
    }

    /**
     * The merge of docs/ports.md for ports {@code a} and {@code b} of this node whose sides are not settled
     * ({@link #settledSide}): each tells its old peer, as its last event to it, that the other merged port sends
     * to it from now on (update-previous-peer), takes the other's old peer as its own, and becomes a proxy that
     * passes on its queue, a closure it knew of and a pending read-ack request, then asks to be removed. The ring
     * of ports that results is the one two moves would leave, and the proxy removal collapses it. Called with
     * {@code a}, {@code b} and their local peers' locks held.
     */
    private MergeResult mergeThroughProxiesLocked(Port a, Port b, Pending work) {
        // What a has not read goes to b's peer, numbered as A numbered it; a peer that learns it only by events
        // would wait for number 1 for ever, so only a local one that can be told here may take it.
        boolean renumberAtB = a.nextSequenceToRead != 1 && !b.peerClosureKnown;
        boolean renumberAtA = b.nextSequenceToRead != 1 && !a.peerClosureKnown;
        if (renumberAtB && !freshLocalPeer(b)) {
            return MergeResult.FIRST_HAS_READ;
        }
        if (renumberAtA && !freshLocalPeer(a)) {
            return MergeResult.SECOND_HAS_READ;
        }
        if (renumberAtB) {
            startNumberingAt(b.localPeer, a.nextSequenceToRead);
        }
        if (renumberAtA) {
            startNumberingAt(a.localPeer, b.nextSequenceToRead);
        }
        NodeName nodeA = a.peerNode;
        PortName portA = a.peerPort;
        NodeName nodeB = b.peerNode;
        PortName portB = b.peerPort;
        // Each merged port's last event to its old peer: that peer takes events from the other merged port now.
        work.items.add(new UpdatePreviousPeerEvent(nodeA, portA, a.name, name, b.name, a.nextControlToSend++));
        if (!(PlantedProtocolFaults.SKIP_MERGE_HANDOVER && PlantedProtocolFaults.fire())) {
            work.items.add(new UpdatePreviousPeerEvent(nodeB, portB, b.name, name, a.name, b.nextControlToSend++));
        }
        proxyAfterMerge(a, nodeB, portB, work);
        proxyAfterMerge(b, nodeA, portA, work);
        return MergeResult.OK;
    }

    /**
     * Whether {@code p}'s peer is a receiving port of this node that points back at {@code p} and has received
     * nothing yet (so its numbering can still start elsewhere), and expects no merge-port: renumbered, it could not
     * merge any more (the merge-port's port numbers from 1), and the merge its own node agreed to would fail
     * (simulation seed 60157). Called with both locks held.
     */
    private boolean freshLocalPeer(Port p) {
        Port peer = p.localPeer;
        return peer != null && peer.state == PortState.RECEIVING && name.equals(p.peerNode)
                && peer.name.equals(p.peerPort) && name.equals(peer.peerNode) && p.name.equals(peer.peerPort)
                && peer.nextSequenceToRead == 1 && peer.queuedCount() == 0 && !peer.peerClosureKnown
                && peer.mergeExpectedFrom == null;
    }

    /** Makes {@code p}, which has received nothing, expect its first message as number {@code first}. Locked. */
    private static void startNumberingAt(Port p, long first) {
        p.nextSequenceToRead = first;
        p.contiguousEnd = first - 1;
        p.publishLocked();
    }

    /**
     * Points merged port {@code p} at {@code (node, port)}, the other merged port's old peer, on a new link, and
     * makes it a proxy (docs/ports.md, "Merging"). Called with {@code p}'s lock held.
     */
    private void proxyAfterMerge(Port p, NodeName node, PortName port, Pending work) {
        p.peerNode = node;
        p.peerPort = port;
        p.localPeer = null;
        p.nextControlToSend = 1;
        p.state = PortState.PROXYING;
        p.mergeExpectedFrom = null;
        if (p.peerClosureKnown) {
            // Its peer is gone: it passes on what arrived up to the last number, and the closure, then goes.
            armRemovalLocked(p, p.lastSequenceToReceive);
            emitLocked(p, new ObserveClosureEvent(node, port, p.name, p.lastSequenceToReceive, p.closureReason, 0),
                    work);
        }
        if (p.readAckRequestedUpTo != 0) {
            emitLocked(p, new ReadAckRequestEvent(node, port, p.name, p.readAckRequestedUpTo, 0), work);
            p.readAckRequestedUpTo = 0;
        }
        forwardLocked(p, work);
        if (!p.removalArmed) {
            emitLocked(p, observeProxy(p), work);
        }
        tryRemoveLocked(p, work);
        p.publishLocked();
        work.items.add(p.ref);
    }

    /** A queued message with its user sequence number, as a merge moves it. */
    private record Numbered(long sequence, UserMessage message) {}

    /** Takes every queued message of {@code p}, in sequence order; called with {@code p}'s lock held. */
    private static List<Numbered> takeQueue(Port p) {
        List<Numbered> taken = new ArrayList<>();
        while (p.hasReadableMessage()) {
            long sequence = p.nextSequenceToRead;
            taken.add(new Numbered(sequence, p.takeNext()));
        }
        // A port whose peer is on this node has no gaps; anything left (held or beyond a gap) cannot be
        // delivered in order and goes, its ports closed.
        for (UserMessage m : p.dropAll()) {
            taken.add(new Numbered(-1, m));
        }
        return taken;
    }

    private void dropNumbered(List<Numbered> messages, Pending work) {
        for (Numbered n : messages) {
            dropLater(List.of(n.message()), work);
        }
    }

    /**
     * Makes {@code survivor}, whose peer was the merged port {@code left}, the peer of {@code otherPeer} (the
     * other side's survivor), or, if that side is gone (null), points it at the erased {@code left}, so that
     * its own later closure goes nowhere. Called with every port concerned locked.
     */
    private void repoint(Port survivor, Port left, Port otherPeer) {
        PortName to = otherPeer != null ? otherPeer.name : left.name;
        survivor.peerNode = name;
        survivor.peerPort = to;
        survivor.localPeer = otherPeer;
        survivor.previousNode = name;
        survivor.previousPort = to;
        // A new link both ways: both control counts restart (docs/ports.md, sender verification).
        survivor.nextControlToSend = 1;
        survivor.nextControlToReceive = 1;
    }

    /**
     * Queues at {@code survivor}, with their numbers and in order, the messages {@code left} had queued, and
     * if the other side is gone ({@code otherAlive} false) the closure {@code left} knew of. The survivor has
     * received nothing before (its peer, {@code left}, never sent), so its numbering restarts at the first
     * message taken over and the other side's next write follows it. Called with every port concerned
     * locked. Returns whether the survivor's hard quota refused one (the survivor then broke; the refused
     * message and those behind it are dropped, their ports closed).
     */
    private boolean takeOver(Port survivor, Port left, List<Numbered> messages, boolean otherAlive, Pending work) {
        long first = messages.isEmpty() || messages.getFirst().sequence() < 0
                ? left.nextSequenceToRead
                : messages.getFirst().sequence();
        survivor.nextSequenceToRead = first;
        survivor.contiguousEnd = first - 1;
        survivor.queuedBytes = 0;
        boolean carried = false;
        for (Numbered n : messages) {
            carried |= !n.message().ports().isEmpty();
        }
        if (carried) {
            // The carried ports now sit in the survivor's queue (the orphan check follows these links).
            transitLock.lock(work.held);
            try {
                for (Numbered n : messages) {
                    for (PortRef c : n.message().ports()) {
                        c.port().carrier = survivor;
                    }
                }
            } finally {
                transitLock.unlock(work.held);
            }
        }
        boolean refused = false;
        for (Numbered n : messages) {
            if (n.sequence() < 0 || refused) {
                dropLater(List.of(n.message()), work);
            } else if (processUserMessageLocked(survivor, n.sequence(), n.message(), work)
                    == Delivery.REFUSED_BY_QUOTA) {
                dropLater(List.of(n.message()), work); // refused, it stays nobody's: it goes, ports and all
                refused = true;
            }
        }
        if (!otherAlive && !survivor.peerClosureKnown) {
            survivor.peerClosureKnown = true;
            survivor.lastSequenceToReceive = left.lastSequenceToReceive;
            survivor.closureReason = left.closureReason;
            dropLater(survivor.dropBeyond(survivor.lastSequenceToReceive), work);
        }
        survivor.publishLocked();
        work.items.add(survivor.ref);
        work.items.add(new CheckOrphans(survivor));
        return refused;
    }

    /** If {@code refused}, tells {@code peer} (if alive) that {@code survivor} broke on its quota. */
    private void tellRefusal(boolean refused, Port survivor, Port peer, Pending work) {
        if (!refused || peer == null) {
            return;
        }
        processClosureLocked(peer, name, survivor.name, survivor.nextSequenceToSend - 1, 1, work);
    }

    // ---------------------------------------------------------------------------------------------------
    // Merging with a port of another node: merge-port and its authorisation (docs/ports.md, "Merging")

    /**
     * Lets node {@code from}, and no other, merge one port of its own with {@code port} by a merge-port event
     * ({@link #mergeWithRemotePort} on that node), once: the expectation is cleared when that event arrives. Until
     * then a merge-port for {@code port} from any other node is a violation by that node, and creates nothing.
     * Whoever calls this gives {@code port} up to the merge: the merge ignores its owner. If this node loses
     * {@code from} first, the merge will never come: {@code port} closes with reason 3 (merge failed), so its peer
     * sees PEER_CLOSED.
     *
     * @return false, expecting nothing, if {@code port} is not receiving
     * @throws IllegalArgumentException if {@code from} is this node or "none"
     */
    public boolean expectMerge(PortRef port, NodeName from) {
        HeldLocks.checkNoPortLocks("expectMerge");
        if (name.equals(from) || NodeName.NONE.equals(from)) {
            throw new IllegalArgumentException("expectMerge(" + port + ", " + from + "): a merge-port comes from "
                    + "another node than " + name + "; two ports of this node merge with mergeLocalPorts");
        }
        Pending work = pending.get();
        Port p = port.port();
        boolean expected;
        lockSealed(p, work); // what p accepts changes: a merge-port from that node
        try {
            expected = p.state == PortState.RECEIVING;
            if (expected) {
                p.mergeExpectedFrom = from;
            }
        } finally {
            p.lock.unlock(work.held);
        }
        drain(work); // what the seal took in may have left work
        return expected;
    }

    /**
     * Merges pipe {@code A–port}, {@code port} being a port of this node, with pipe {@code T–B}, where {@code T} is
     * port {@code targetPort} of node {@code targetNode}: afterwards {@code A} and {@code B} are each other's peer,
     * with {@link #mergeLocalPorts}'s guarantees. {@code port} is converted as if a message carried it to
     * {@code targetNode} and sent there in a merge-port event; that node makes its new location and merges it
     * with {@code T} if it expects a merge from this node ({@link #expectMerge}); if it does not, it cuts this
     * node off. If {@code T} is gone or the merge there is refused, the new port and {@code T} close with reason 3
     * (merge failed), so {@code A} (and {@code B}) see PEER_CLOSED.
     *
     * @return {@link MergeResult#OK} once the event is on its way; otherwise nothing changed:
     *     {@link MergeResult#NOT_OWNER}, {@link MergeResult#UNKNOWN_PORT} (not receiving, or no peer yet),
     *     {@link MergeResult#FIRST_HAS_SENT} ({@code port} has sent a user message), {@link MergeResult#SAME_PIPE}
     *     ({@code T} is {@code port}'s peer)
     * @throws IllegalArgumentException if {@code targetNode} is this node or a name is "none"
     */
    public MergeResult mergeWithRemotePort(PortRef port, Object owner, NodeName targetNode, PortName targetPort) {
        Pending work = pending.get();
        HeldLocks.checkNoPortLocks(work.held, "mergeWithRemotePort");
        if (name.equals(targetNode) || NodeName.NONE.equals(targetNode) || PortName.NONE.equals(targetPort)) {
            throw new IllegalArgumentException("mergeWithRemotePort(" + port + ", " + targetNode + ", " + targetPort
                    + "): the target must be a named port of another node than " + name);
        }
        Port p = port.port();
        MergeResult result;
        lockSealed(p, work); // a conversion: what was pushed to p leaves with it, and no push follows it
        try {
            if (owner != ANY_OWNER && p.owner != owner) {
                result = MergeResult.NOT_OWNER;
            } else if (p.state != PortState.RECEIVING || p.peerNode == null) {
                result = MergeResult.UNKNOWN_PORT;
            } else if (targetNode.equals(p.peerNode) && targetPort.equals(p.peerPort)) {
                result = MergeResult.SAME_PIPE;
            } else if (p.nextSequenceToSend != 1) {
                result = MergeResult.FIRST_HAS_SENT;
            } else {
                PortDescriptor d = convertLocked(p, targetNode, work);
                work.items.add(new MergePortEvent(targetNode, targetPort, p.name, d));
                work.items.add(p.ref);
                result = MergeResult.OK;
            }
        } finally {
            p.lock.unlock(work.held);
        }
        drain(work);
        return result;
    }

    /**
     * A merge-port from node {@code from} ({@link #mergeWithRemotePort} there). Authorised only if its target
     * expects a merge from exactly {@code from} ({@link #expectMerge}); then the expectation is used up, the
     * carried port is made (port-accepted goes back) and merged with the target, or, if the target can no longer
     * merge, both close with reason 3. A target that is gone (closed since) makes the carried port only to close
     * it, as for a message that finds its target gone. Called with no lock held.
     *
     * @throws ProtocolViolationException if the target exists and does not expect a merge from {@code from}, or
     *     the descriptor is one {@link #acceptPortDescriptors} refuses: nothing was created or changed
     */
    private RemoteVerdict acceptMergePort(NodeName from, MergePortEvent m) throws ProtocolViolationException {
        Pending work = pending.get();
        if (!m.sender().equals(m.descriptor().referringPort())) {
            throw new ProtocolViolationException(from, Category.FORGED_SENDER, m + ": sent by " + m.sender() + " for a port that "
                    + m.descriptor().referringPort() + " refers to: a merge-port carries its own sender");
        }
        Port t = lookup(m.target());
        if (t != null && !expectsMergeFrom(t, from, false, work)) {
            throw new ProtocolViolationException(from, Category.FORGED_SENDER, "merge-port for " + t + " from " + m.sender()
                    + ": this node expects no merge with that port from " + from);
        }
        // Checked before the expectation is used up, so that a refused descriptor changes nothing.
        PortRef made = acceptPortDescriptors(from, List.of(m.descriptor())).getFirst();
        boolean mergeable = t != null && expectsMergeFrom(t, from, true, work);
        MergeResult result = mergeable ? mergeLocalPorts(made, ANY_OWNER, t.ref, ANY_OWNER) : MergeResult.UNKNOWN_PORT;
        if (result == MergeResult.OK) {
            return RemoteVerdict.PROCESSED;
        }
        closeNow(made.port(), ClosureReason.MERGE_FAILED.code());
        if (mergeable) {
            closeNow(t, ClosureReason.MERGE_FAILED.code());
        }
        drain(work);
        return RemoteVerdict.DROPPED;
    }

    /**
     * Node loss, step 2 (docs/architecture.md §3): a merge expected from {@code lost} will never come, so each port
     * of {@code ports} that expects one closes with reason 3 (merge failed) and its peer sees PEER_CLOSED. Called
     * with no lock held; returns how many closed.
     */
    private int failMergesExpectedFrom(NodeName lost, List<Port> ports, Pending work) {
        int failed = 0;
        for (Port p : ports) {
            if (expectsMergeFrom(p, lost, true, work)) {
                closeNow(p, ClosureReason.MERGE_FAILED.code());
                failed++;
            }
        }
        return failed;
    }

    /**
     * Whether port {@code t} expects a merge from node {@code from}; if {@code useUp}, the expectation is cleared,
     * and the answer is whether {@code t} can still merge (it is receiving). Clearing it changes what {@code t}
     * accepts, so that section seals {@code t}'s inbox first, as {@link #lockSealed} does ("The local fast path").
     */
    private boolean expectsMergeFrom(Port t, NodeName from, boolean useUp, Pending work) {
        t.lock.lock(work.held);
        try {
            boolean expected = from.equals(t.mergeExpectedFrom);
            if (useUp && expected) {
                takeInboxLocked(t, true, work);
                t.mergeExpectedFrom = null;
                return t.state == PortState.RECEIVING;
            }
            return expected;
        } finally {
            t.lock.unlock(work.held);
        }
    }
}

package org.jmojo.internal.ports;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ports of one node: a thread-safe state machine for names, port records, user messages and
 * closure (DESIGN.md §3), with no knowledge of sockets, threads or handles.
 *
 * <h2>Locks and delivery</h2>
 * <ul>
 *   <li>{@link #portMapLock} (rank 2) guards the name → port map; each port's own lock (rank 3) guards
 *       its record. Several port locks are taken in ascending name order. Neither is held while calling
 *       anything outside this class.
 *   <li>Events are produced under port locks and delivered only after every port lock is released, from
 *       a per-thread queue drained by the producing thread; so delivery never recurses under a lock and
 *       a deep chain (closing a port whose queue carries ports whose queues carry ports …) runs as a loop.
 *   <li>The {@link NodeDelegate} is called from that drain loop, with no lock held.
 *   <li>Every public method fails with {@link IllegalStateException} if the calling thread holds a port
 *       or port-map lock ({@link HeldLocks}).
 * </ul>
 * Local events are not control-sequenced: user messages are ordered by their user sequence numbers and
 * closure is judged by its last number, so the order in which concurrent threads deliver them does not
 * matter. Control sequence numbers and sender hold-back come with events that cross nodes.
 */
public final class Node {
    private final NodeName name;
    private final NodeDelegate delegate;
    private final NameGenerator names;

    /** Rank 2: the name → port map. */
    private final RankedLock portMapLock = new RankedLock(HeldLocks.Rank.PORT_MAP);

    // @GuardedBy("portMapLock")
    private final Map<PortName, Port> ports = new HashMap<>();

    /** Work produced by this thread and not yet delivered; only ever touched by its own thread. */
    private final ThreadLocal<Pending> pending = ThreadLocal.withInitial(Pending::new);

    private static final class Pending {
        final ArrayDeque<Object> items = new ArrayDeque<>();
        boolean draining;
    }

    private record StatusChanged(PortRef port) {}

    private record ClosePort(PortRef port) {}

    private record Discard(UserMessage message) {}

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
            Port a = new Port(freshNameLocked());
            ports.put(a.name, a);
            Port b = new Port(freshNameLocked());
            ports.put(b.name, b);
            // No other thread can see a or b yet, but their fields are guarded: take the locks anyway.
            initPeer(a, b);
            initPeer(b, a);
            return new PortRef[] {new PortRef(a.name, a), new PortRef(b.name, b)};
        } finally {
            portMapLock.unlock();
        }
    }

    private void initPeer(Port port, Port peer) {
        port.lock.lock();
        try {
            port.peerNode = name;
            port.peerPort = peer.name;
            port.previousNode = name;
            port.previousPort = peer.name;
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
        return p == null ? Optional.empty() : Optional.of(new PortRef(p.name, p));
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

    /** Attaches the system layer's object to a port (its endpoint); see {@link #userData}. */
    public void setUserData(PortRef port, Object userData) {
        port.port().setUserData(userData);
    }

    /** The object last attached with {@link #setUserData}, or null. */
    public Object userData(PortRef port) {
        return port.port().userData();
    }

    /**
     * Sends {@code message} from {@code from} to its peer. The carried ports must be receiving ports of
     * this node other than {@code from} and its peer. Delivery to a local peer happens before this method
     * returns, on this thread, after every lock is released.
     */
    public SendResult sendUserMessage(PortRef from, UserMessage message) {
        HeldLocks.checkNoPortLocks("sendUserMessage");
        List<PortRef> carried = message.ports();
        List<Port> toLock;
        if (carried.isEmpty()) {
            toLock = List.of(from.port());
        } else {
            toLock = new ArrayList<>(carried.size() + 1);
            toLock.add(from.port());
            for (PortRef c : carried) {
                toLock.add(c.port());
            }
            toLock.sort((x, y) -> x.name.compareTo(y.name));
        }
        UserMessageEvent event;
        ReceiveLimits[] carriedLimits;
        for (Port p : toLock) {
            p.lock.lock();
        }
        try {
            Port f = from.port();
            if (f.state != Port.State.RECEIVING) {
                return SendResult.UNKNOWN_PORT;
            }
            for (PortRef c : carried) {
                if (c.port() == f) {
                    return SendResult.CANNOT_SEND_SELF;
                }
                if (c.name().equals(f.peerPort) && name.equals(f.peerNode)) {
                    return SendResult.CANNOT_SEND_PEER;
                }
                if (c.port().state != Port.State.RECEIVING) {
                    return SendResult.UNKNOWN_PORT;
                }
            }
            if (f.peerClosedComplete()) {
                return SendResult.PEER_CLOSED;
            }
            event = new UserMessageEvent(f.peerNode, f.peerPort, f.name, f.nextSequenceToSend++, message);
            // Quotas stay with the sending handle (DESIGN.md §3): a carried port travels without limits.
            carriedLimits = new ReceiveLimits[carried.size()];
            for (int i = 0; i < carried.size(); i++) {
                Port c = carried.get(i).port();
                carriedLimits[i] = c.limits;
                c.limits = ReceiveLimits.NONE;
            }
        } finally {
            for (int i = toLock.size() - 1; i >= 0; i--) {
                toLock.get(i).lock.unlock();
            }
        }
        SendResult result = SendResult.OK;
        if (name.equals(event.targetNode())) {
            if (acceptUserMessage(event) == Delivery.REFUSED_BY_QUOTA) {
                result = SendResult.REFUSED_BY_QUOTA;
                restoreLimits(carried, carriedLimits);
            }
        } else {
            pending.get().items.add(event);
        }
        drain();
        return result;
    }

    /** The refused message's ports stay with the sender: give back their limits unless changed meanwhile. */
    private static void restoreLimits(List<PortRef> carried, ReceiveLimits[] limits) {
        for (int i = 0; i < carried.size(); i++) {
            Port c = carried.get(i).port();
            c.lock.lock();
            try {
                if (c.limits == ReceiveLimits.NONE) {
                    c.limits = limits[i];
                }
            } finally {
                c.lock.unlock();
            }
        }
    }

    /** Takes the next message in sequence, if it has arrived. */
    public ReadOutcome getMessage(PortRef port) {
        HeldLocks.checkNoPortLocks("getMessage");
        Port p = port.port();
        ReadOutcome outcome;
        p.lock.lock();
        try {
            if (p.state != Port.State.RECEIVING) {
                return ReadOutcome.UNKNOWN_PORT;
            }
            if (p.hasReadableMessage()) {
                outcome = new ReadOutcome(ReadOutcome.Status.OK, p.takeNext());
            } else {
                return p.peerClosedComplete() ? ReadOutcome.PEER_CLOSED : ReadOutcome.EMPTY;
            }
        } finally {
            p.lock.unlock();
        }
        pending.get().items.add(new StatusChanged(port));
        drain();
        return outcome;
    }

    /** The port's status, or empty if it is closed. */
    public Optional<PortStatus> getStatus(PortRef port) {
        HeldLocks.checkNoPortLocks("getStatus");
        Port p = port.port();
        p.lock.lock();
        try {
            if (p.state != Port.State.RECEIVING) {
                return Optional.empty();
            }
            long count = p.queue.size();
            return Optional.of(new PortStatus(
                    p.hasReadableMessage(),
                    p.peerClosedComplete(),
                    !name.equals(p.peerNode),
                    count,
                    p.queuedBytes,
                    !p.limits.hard() && p.limits.overrunBy(count, p.queuedBytes),
                    p.peerClosureKnown ? p.closureReason : -1));
        } finally {
            p.lock.unlock();
        }
    }

    /** Sets the receive limits enforced when messages are queued on {@code port}. */
    public void setReceiveLimits(PortRef port, ReceiveLimits limits) {
        HeldLocks.checkNoPortLocks("setReceiveLimits");
        Port p = port.port();
        p.lock.lock();
        try {
            if (p.state != Port.State.RECEIVING) {
                return;
            }
            p.limits = limits;
        } finally {
            p.lock.unlock();
        }
        pending.get().items.add(new StatusChanged(port));
        drain();
    }

    /**
     * Closes a receiving port: its unread messages are dropped (the ports they carry are closed too,
     * transitively), its peer is sent observe-closure (reason 0), and the port is erased. Idempotent.
     */
    public void closePort(PortRef port) {
        HeldLocks.checkNoPortLocks("closePort");
        pending.get().items.add(new ClosePort(port));
        drain();
    }

    /**
     * Accepts an event from another node (a channel hands them in). Events for unknown ports are dropped,
     * their carried ports closed.
     */
    public void acceptEvent(Event event) {
        HeldLocks.checkNoPortLocks("acceptEvent");
        pending.get().items.add(event);
        drain();
    }

    private void drain() {
        Pending p = pending.get();
        if (p.draining) {
            return; // an outer frame of this thread is draining and will reach the new items
        }
        p.draining = true;
        Throwable failure = null;
        try {
            Object item;
            while ((item = p.items.poll()) != null) {
                try {
                    deliver(item);
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

    private void deliver(Object item) {
        HeldLocks.checkNoPortLocks("event delivery");
        switch (item) {
            case UserMessageEvent e when !name.equals(e.targetNode()) -> delegate.forwardEvent(e.targetNode(), e);
            case ObserveClosureEvent e when !name.equals(e.targetNode()) -> delegate.forwardEvent(e.targetNode(), e);
            case UserMessageEvent e -> acceptUserMessage(e);
            case ObserveClosureEvent e -> acceptObserveClosure(e);
            case StatusChanged s -> delegate.portStatusChanged(s.port());
            case ClosePort c -> closeNow(c.port().port());
            case Discard d -> d.message().discard();
            default -> throw new IllegalStateException("unknown pending item: " + item);
        }
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
    private void dropLater(List<UserMessage> dropped) {
        ArrayDeque<Object> items = pending.get().items;
        for (UserMessage m : dropped) {
            for (PortRef c : m.ports()) {
                items.add(new ClosePort(c));
            }
            items.add(new Discard(m));
        }
    }

    private Delivery acceptUserMessage(UserMessageEvent e) {
        Port p = lookup(e.target());
        if (p == null) {
            dropLater(List.of(e.message()));
            return Delivery.DROPPED;
        }
        List<UserMessage> dropped = List.of();
        ObserveClosureEvent breakEvent = null;
        Delivery delivery;
        p.lock.lock();
        try {
            long seq = e.sequence();
            if (p.state != Port.State.RECEIVING
                    || !e.sender().equals(p.previousPort)
                    || (p.peerClosureKnown && seq > p.lastSequenceToReceive)
                    || seq < p.nextSequenceToRead
                    || p.queue.containsKey(seq)) {
                dropped = List.of(e.message());
                delivery = Delivery.DROPPED;
            } else if (p.limits.hard()
                    && p.limits.overrunBy(p.queue.size() + 1L, p.queuedBytes + e.message().payloadBytes())) {
                // Break from the receiving end (DESIGN.md §3): keep the contiguous prefix readable, drop
                // anything beyond a gap, tell the peer with reason 1. The refused message stays the sender's.
                p.peerClosureKnown = true;
                p.closureReason = 1;
                p.lastSequenceToReceive = p.contiguousEnd;
                dropped = p.dropBeyond(p.contiguousEnd);
                breakEvent = new ObserveClosureEvent(p.peerNode, p.peerPort, p.name, p.nextSequenceToSend - 1, 1);
                delivery = Delivery.REFUSED_BY_QUOTA;
            } else {
                p.enqueue(seq, e.message());
                delivery = Delivery.ACCEPTED;
            }
        } finally {
            p.lock.unlock();
        }
        ArrayDeque<Object> items = pending.get().items;
        if (breakEvent != null) {
            items.add(breakEvent);
        }
        dropLater(dropped);
        if (delivery != Delivery.DROPPED) {
            items.add(new StatusChanged(new PortRef(p.name, p)));
        }
        return delivery;
    }

    private void acceptObserveClosure(ObserveClosureEvent e) {
        Port p = lookup(e.target());
        if (p == null) {
            return;
        }
        List<UserMessage> dropped;
        p.lock.lock();
        try {
            dropped = applyClosureLocked(p, e.sender(), e.lastSequence(), e.reason());
        } finally {
            p.lock.unlock();
        }
        if (dropped != null) {
            dropLater(dropped);
            pending.get().items.add(new StatusChanged(new PortRef(p.name, p)));
        }
    }

    /**
     * Records that {@code p}'s peer {@code sender} is gone after sending up to {@code last}; returns the
     * messages that can never become readable, or null if the closure does not apply (stale, or the
     * port already broke or knew). Called with {@code p}'s lock held.
     */
    private static List<UserMessage> applyClosureLocked(Port p, PortName sender, long last, int reason) {
        if (p.state != Port.State.RECEIVING || p.peerClosureKnown || !sender.equals(p.peerPort)) {
            return null;
        }
        // DESIGN.md §3 also passes the event on to this port's own peer, for stale proxies on the
        // return path; on one node there are no proxies and that peer is the closed port itself.
        p.peerClosureKnown = true;
        p.lastSequenceToReceive = last;
        p.closureReason = reason;
        return p.dropBeyond(last);
    }

    private void closeNow(Port p) {
        NodeName peerNode;
        PortName peerName;
        p.lock.lock();
        try {
            if (p.state != Port.State.RECEIVING) {
                return;
            }
            peerNode = p.peerNode;
            peerName = p.peerPort;
        } finally {
            p.lock.unlock();
        }
        Port peer = name.equals(peerNode) ? lookup(peerName) : null;
        List<Port> toLock;
        if (peer == null) {
            toLock = List.of(p);
        } else {
            toLock = p.name.compareTo(peer.name) < 0 ? List.of(p, peer) : List.of(peer, p);
        }
        List<UserMessage> dropped;
        List<UserMessage> peerDropped = null;
        ObserveClosureEvent closure = null;
        for (Port l : toLock) {
            l.lock.lock();
        }
        try {
            if (p.state != Port.State.RECEIVING) {
                return;
            }
            p.state = Port.State.CLOSED;
            dropped = p.dropAll();
            long last = p.nextSequenceToSend - 1;
            if (peer != null && name.equals(p.peerNode) && peer.name.equals(p.peerPort)) {
                // The local peer learns of the closure in the same critical section, so no thread can see
                // this port closed while its peer still accepts writes: a local close is linearizable.
                peerDropped = applyClosureLocked(peer, p.name, last, 0);
            } else {
                closure = new ObserveClosureEvent(p.peerNode, p.peerPort, p.name, last, 0);
            }
        } finally {
            for (int i = toLock.size() - 1; i >= 0; i--) {
                toLock.get(i).lock.unlock();
            }
        }
        portMapLock.lock();
        try {
            ports.remove(p.name);
        } finally {
            portMapLock.unlock();
        }
        ArrayDeque<Object> items = pending.get().items;
        if (closure != null) {
            items.add(closure);
        }
        if (peerDropped != null) {
            dropLater(peerDropped);
            items.add(new StatusChanged(new PortRef(peer.name, peer)));
        }
        dropLater(dropped);
    }
}

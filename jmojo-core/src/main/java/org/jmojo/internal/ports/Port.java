package org.jmojo.internal.ports;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One port record (DESIGN.md §3). Every field except {@link #name} and {@link #userData} is guarded by
 * {@link #lock}; only {@link Node} reads or writes them, always under that lock, and never calls out
 * while holding it.
 */
public final class Port {
    /** Port states. Buffering and proxying arrive with ports that move between nodes. */
    enum State {
        /** Created locally; its messages are queued here and read by its owner. */
        RECEIVING,
        /** Closed by the user: erased from the node; later events for it find no port. */
        CLOSED
    }

    final PortName name;

    /** Rank 3 (DESIGN.md §5): the whole record below. Several are taken in ascending name order. */
    final RankedLock lock = new RankedLock(HeldLocks.Rank.PORT);

    /** The system layer's object for this port (its endpoint); read and written without the lock. */
    private volatile Object userData;

    // @GuardedBy("lock")
    State state = State.RECEIVING;
    // @GuardedBy("lock") where user messages go
    NodeName peerNode;
    // @GuardedBy("lock")
    PortName peerPort;
    // @GuardedBy("lock") the only sender whose events this port accepts
    NodeName previousNode;
    // @GuardedBy("lock")
    PortName previousPort;
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
    // @GuardedBy("lock") user messages by sequence number, readable in order
    final TreeMap<Long, UserMessage> queue = new TreeMap<>();
    // @GuardedBy("lock")
    long queuedBytes;
    // @GuardedBy("lock")
    ReceiveLimits limits = ReceiveLimits.NONE;

    Port(PortName name) {
        this.name = name;
    }

    /** This port's name. */
    public PortName name() {
        return name;
    }

    Object userData() {
        return userData;
    }

    void setUserData(Object userData) {
        this.userData = userData;
    }

    // The helpers below run with lock held.

    boolean hasReadableMessage() {
        return !queue.isEmpty() && queue.firstKey() == nextSequenceToRead;
    }

    /** jmojo's PEER_CLOSED rule: closure known and every message up to the last one has arrived. */
    boolean peerClosedComplete() {
        return peerClosureKnown && contiguousEnd >= lastSequenceToReceive;
    }

    void enqueue(long sequence, UserMessage message) {
        queue.put(sequence, message);
        queuedBytes += message.payloadBytes();
        if (sequence == contiguousEnd + 1) {
            contiguousEnd = sequence;
            while (queue.containsKey(contiguousEnd + 1)) {
                contiguousEnd++;
            }
        }
    }

    UserMessage takeNext() {
        Map.Entry<Long, UserMessage> e = queue.pollFirstEntry();
        UserMessage m = e.getValue();
        queuedBytes -= m.payloadBytes();
        nextSequenceToRead++;
        return m;
    }

    /** Removes and returns the messages that can never become readable (beyond {@code last}). */
    List<UserMessage> dropBeyond(long last) {
        List<UserMessage> dropped = new ArrayList<>();
        Map<Long, UserMessage> tail = queue.tailMap(last, false);
        for (UserMessage m : tail.values()) {
            queuedBytes -= m.payloadBytes();
            dropped.add(m);
        }
        tail.clear();
        return dropped;
    }

    List<UserMessage> dropAll() {
        List<UserMessage> dropped = new ArrayList<>(queue.values());
        queue.clear();
        queuedBytes = 0;
        return dropped;
    }

    @Override
    public String toString() {
        return name.toString();
    }
}

package org.jmojo.internal.multinode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.internal.ports.NodeName;
import org.jmojo.internal.ports.ProtocolViolationException;
import org.jmojo.internal.sync.LockRank;
import org.jmojo.internal.sync.RankedLock;
import org.jmojo.system.Core;

/**
 * Nodes of one JVM joined by simulated channels (docs/architecture.md §3, "Across nodes"): one link per
 * ordered pair of nodes, each a FIFO queue of encoded events (the bytes {@code EventCodec} makes, the same a
 * socket will carry). A node's events for another node are encoded and appended to their link when the ports
 * layer forwards them; nothing is delivered until the test drives the pump ({@link #deliverNext},
 * {@link #deliverAll}), which decodes an event and hands it to the receiving node with the sending node's
 * name. No thread of its own: the same calls in the same order deliver the same frames in the same order.
 *
 * <p>Which link is served next is the only choice the pump makes; {@link #deliverNext()} takes the oldest
 * non-empty link, and {@link #deliverOn} lets a caller choose (the seeded scheduler of the deterministic
 * simulation picks among {@link #busyLinks()}). A link stays FIFO whatever the choice.
 *
 * <p>A node whose event breaks the protocol ({@link ProtocolViolationException}) is cut off from the node it
 * sent it to: that link is closed, its queued frames and every later one are discarded, and the violation
 * is recorded ({@link #violations()}). Node loss (the ports of either end learning of it) is not built yet.
 *
 * <p>Thread-safe: any thread may send (the ports layer forwards from whichever thread produced the event);
 * delivery runs on the thread that calls the pump, with no lock held.
 */
public final class SimulatedNetwork {
    /** An ordered pair of nodes: frames from {@code from} to {@code to}, in the order sent. */
    public record Link(NodeName from, NodeName to) {}

    /** Leaf: guards the maps below; never held while calling a node. */
    private final RankedLock lock = new RankedLock(LockRank.LEAF);

    // @GuardedBy("lock") the joined nodes by name, in joining order
    private final Map<NodeName, LocalCore> nodes = new LinkedHashMap<>();
    // @GuardedBy("lock") frames queued per link; a link appears at its first frame and stays, in that order
    private final Map<Link, ArrayDeque<byte[]>> queues = new LinkedHashMap<>();
    // @GuardedBy("lock") links closed by a violation: their frames are discarded
    private final Set<Link> cut = new LinkedHashSet<>();
    // @GuardedBy("lock") the violations seen, in order
    private final List<ProtocolViolationException> violations = new ArrayList<>();

    /**
     * Joins the node behind {@code core} to this network.
     *
     * @throws IllegalStateException if that node is already joined to a network
     */
    public void join(Core core) {
        LocalCore node = LocalCore.of(Objects.requireNonNull(core, "core"));
        node.attachTransport(this::send); // first: it refuses a node joined elsewhere
        lock.lock();
        try {
            nodes.put(node.nodeName(), node);
        } finally {
            lock.unlock();
        }
    }

    private void send(NodeName from, NodeName to, byte[] event) {
        Link link = new Link(from, to);
        lock.lock();
        try {
            if (!nodes.containsKey(to)) {
                throw new IllegalStateException("no channel from " + from + " to " + to + ": not joined to this network");
            }
            if (!cut.contains(link)) {
                queues.computeIfAbsent(link, l -> new ArrayDeque<>()).addLast(event);
            }
        } finally {
            lock.unlock();
        }
    }

    /** How many frames wait on all links. */
    public int pendingFrames() {
        lock.lock();
        try {
            int n = 0;
            for (ArrayDeque<byte[]> q : queues.values()) {
                n += q.size();
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** The links with frames waiting, in the order each first carried a frame. */
    public List<Link> busyLinks() {
        lock.lock();
        try {
            List<Link> busy = new ArrayList<>();
            for (Map.Entry<Link, ArrayDeque<byte[]>> e : queues.entrySet()) {
                if (!e.getValue().isEmpty()) {
                    busy.add(e.getKey());
                }
            }
            return busy;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Delivers the oldest frame of {@code link}, if it has one, to its receiving node.
     *
     * @return whether a frame was delivered
     */
    public boolean deliverOn(Link link) {
        byte[] frame;
        LocalCore receiver;
        lock.lock();
        try {
            ArrayDeque<byte[]> q = queues.get(link);
            frame = q == null ? null : q.pollFirst();
            receiver = nodes.get(link.to());
        } finally {
            lock.unlock();
        }
        if (frame == null) {
            return false;
        }
        try {
            receiver.acceptEvent(link.from(), frame);
        } catch (ProtocolViolationException e) {
            lock.lock();
            try {
                violations.add(e);
                cut.add(link);
                queues.remove(link);
            } finally {
                lock.unlock();
            }
        }
        return true;
    }

    /** Delivers one frame: the oldest of the first busy link. @return false if no frame was waiting */
    public boolean deliverNext() {
        List<Link> busy = busyLinks();
        return !busy.isEmpty() && deliverOn(busy.getFirst());
    }

    /**
     * Delivers frames until none waits (frames that delivery produces included).
     *
     * @return how many were delivered
     * @throws IllegalStateException if more than {@code maxFrames} would be: the nodes keep producing frames
     */
    public int deliverAll(int maxFrames) {
        int delivered = 0;
        while (deliverNext()) {
            delivered++;
            if (delivered > maxFrames) {
                throw new IllegalStateException("still delivering after " + maxFrames + " frames: " + pendingFrames()
                        + " more waiting on " + busyLinks());
            }
        }
        return delivered;
    }

    /** The protocol violations that cut links, in the order seen. */
    public List<ProtocolViolationException> violations() {
        lock.lock();
        try {
            return List.copyOf(violations);
        } finally {
            lock.unlock();
        }
    }

    /** The messages of {@link #violations()}, for callers outside jmojo-core. */
    public List<String> violationMessages() {
        return violations().stream().map(Throwable::getMessage).toList();
    }

    /**
     * Hands node {@code to} an encoded event as if node {@code from} had sent it on their link, at once and
     * ahead of the frames queued there: for tests of what a node does with a hostile or stray event.
     *
     * @throws ProtocolViolationException if the node judges it a violation (the link is not cut: the test
     *     decides)
     */
    public void inject(Core from, Core to, byte[] event) throws ProtocolViolationException {
        LocalCore.of(to).acceptEvent(LocalCore.of(from).nodeName(), event);
    }

    /** The nodes joined, by the name their events carry. */
    private LocalCore joined(NodeName name) {
        lock.lock();
        try {
            return nodes.get(name);
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@link #busyLinks()} as pairs of the nodes' {@code Core}s (for callers outside jmojo-core, which do not see
     * node names): element 0 sends, element 1 receives.
     */
    public List<Core[]> busyCoreLinks() {
        List<Core[]> busy = new ArrayList<>();
        for (Link l : busyLinks()) {
            busy.add(new Core[] {joined(l.from()).core(), joined(l.to()).core()});
        }
        return busy;
    }

    /** {@link #deliverOn} for the link from {@code from}'s node to {@code to}'s. */
    public boolean deliverOn(Core from, Core to) {
        return deliverOn(new Link(LocalCore.of(from).nodeName(), LocalCore.of(to).nodeName()));
    }
}

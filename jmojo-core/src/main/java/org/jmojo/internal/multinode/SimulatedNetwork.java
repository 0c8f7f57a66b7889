package org.jmojo.internal.multinode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.internal.node.EventTransport;
import org.jmojo.internal.platform.Fd;
import org.jmojo.internal.ports.Node;
import org.jmojo.internal.ports.NodeName;
import org.jmojo.internal.ports.ProtocolViolationException;
import org.jmojo.internal.sync.LockRank;
import org.jmojo.internal.sync.RankedLock;
import org.jmojo.system.Core;

/**
 * Nodes of one JVM joined by simulated channels (docs/architecture.md §3, "Across nodes"): one link per
 * ordered pair of nodes, each a FIFO queue of frames: an encoded event (the bytes {@code EventCodec} makes, the
 * same a socket will carry) and the descriptors beside it (a platform handle's fd, as owned {@code Fd} objects:
 * the frame owns them until the receiving node takes them, and a frame discarded with a lost link, a dead node
 * or a failing delivery closes them, so none leaks). A node's events for another node are encoded and appended to their link when the ports
 * layer forwards them; nothing is delivered until the test drives the pump ({@link #deliverNext},
 * {@link #deliverAll}), which decodes an event and hands it to the receiving node with the sending node's
 * name. No thread of its own: the same calls in the same order deliver the same frames in the same order.
 *
 * <p>Which link is served next is the only choice the pump makes; {@link #deliverNext()} takes the oldest
 * non-empty link, and {@link #deliverOn} lets a caller choose (the seeded scheduler of the deterministic
 * simulation picks among {@link #busyLinks()}). A link stays FIFO whatever the choice.
 *
 * <p>Channels fail as a whole, never one frame (docs/architecture.md §3, deterministic simulation): {@link #loseLink}
 * ends the channel between two nodes (both directions: its queued frames and every later one are discarded)
 * and tells both nodes ({@code LocalCore.lostConnectionTo}); {@link #kill} ends every channel of a node at
 * once and tells the survivors. A node whose event breaks the protocol ({@link ProtocolViolationException})
 * is cut off the same way, from the node it sent it to, and the violation is recorded ({@link #violations()}).
 *
 * <p>With {@link #stageEntries} on, a frame a node sends does not enter its link at once: it waits in the
 * link's entry area until {@link #admit} moves it (any waiting frame, not only the oldest) to the link's tail,
 * modelling concurrent writers that hand frames to a channel in another order than they produced them. Once
 * in the link, frames stay FIFO.
 *
 * <h2>Immediate delivery</h2>
 * A network made by {@link #immediate()} has no pump: the thread that sends a frame delivers it itself, from
 * inside {@link EventTransport#send} (the sending node's delivery loop, with no jmojo lock held), before the
 * system API call that produced it returns. The receiving node processes it on that thread as its I/O
 * thread would (sender check, control sequence, queueing, closure) and trap events it causes join the
 * sending call's request context, so they run when that call ends, as for a change made in one node. Frames
 * that a delivery produces on the same thread (a closure passed back along the route, for instance) are not
 * delivered recursively: they go to this thread's outbox and the outermost {@code send} delivers them, in
 * order, before it returns; a node the thread is already draining defers the work they cause to that outer
 * drain ({@code Node}, "Locks and delivery"). So:
 * <ul>
 *   <li>when a system API call returns on a thread, every frame it produced has been handed to its
 *       receiving node, and every frame those produced in turn: to a caller that does one thing at a time,
 *       a pipe across nodes behaves as a pipe in one node (the semantic tests run unchanged against it);
 *   <li>no thread blocks or waits for another in delivery: it takes the receiving port's lock (rank 3) with
 *       no lock held, as a pump would, so it adds no lock-order edge and cannot deadlock;
 *   <li>two threads sending on one link at once may hand their frames over in either order: the receiving
 *       port holds a frame that arrives before its predecessor and processes it when the predecessor
 *       arrives, on the thread that delivered that one (sender verification, docs/architecture.md §3). Until
 *       then the later sender's call may have returned with its frame held: across nodes a write is
 *       delivered by the time every call that raced it has returned, not necessarily by the time its own
 *       has.
 * </ul>
 * Staging ({@link #stageEntries}) does not apply in this mode; link loss, kills and violations do (a frame for
 * a lost link or from a dead node is discarded). A pump thread would be the other way to deliver
 * automatically; it was not chosen because a write would then return before its message arrived, so the
 * core's semantic tests (write, then query the peer) could not run unchanged, and it would add a thread.
 * Orderings beyond the ones real concurrency produces are the pumped mode's job (the seeded schedules of the
 * deterministic simulation).
 *
 * <p>Thread-safe: any thread may send (the ports layer forwards from whichever thread produced the event);
 * delivery runs on the thread that calls the pump (or, in immediate mode, the sending thread), with no lock
 * held.
 */
public final class SimulatedNetwork {
    /** An ordered pair of nodes: frames from {@code from} to {@code to}, in the order sent. */
    public record Link(NodeName from, NodeName to) {}

    /**
     * Told of every frame delivered (from the delivering thread, with no lock held): the link, the frame,
     * and what the receiver made of it, or the violation for which the sender was cut off.
     */
    @FunctionalInterface
    public interface DeliveryListener {
        void delivered(Link link, byte[] frame, Node.RemoteVerdict verdict, ProtocolViolationException violation);
    }

    /**
     * One frame: an encoded event and the descriptors that travel beside it (owned objects: the frame owns them
     * until the receiving node takes them, and a frame that is discarded closes them).
     */
    private record Frame(byte[] bytes, List<Fd> fds) {
        void discard() {
            for (Fd fd : fds) {
                fd.close();
            }
        }
    }

    /** A frame on its way in immediate mode. */
    private record Outgoing(Link link, Frame frame) {}

    /** One thread's frames to deliver in immediate mode; touched only by its own thread. */
    private static final class Outbox {
        final ArrayDeque<Outgoing> frames = new ArrayDeque<>();
        /** Whether an outer {@code send} of this thread is delivering (and will reach new frames). */
        boolean delivering;
    }

    /** Whether the sending thread delivers ({@link #immediate()}) instead of a pump. */
    private final boolean immediate;

    /** Frames handed to a receiving node so far (by a pump or, in immediate mode, by their senders). */
    private final AtomicLong delivered = new AtomicLong();

    /** Immediate mode: each thread's frames still to deliver; unused in pumped mode. */
    private final ThreadLocal<Outbox> outbox = ThreadLocal.withInitial(Outbox::new);

    /** A network whose frames wait on their links until a pump call delivers them. */
    public SimulatedNetwork() {
        this(false);
    }

    private SimulatedNetwork(boolean immediate) {
        this.immediate = immediate;
    }

    /**
     * A network whose frames are delivered by the thread that sends them, before the API call that produced
     * them returns (see "Immediate delivery" in the class documentation). Nothing ever waits on its links,
     * so its pump calls find nothing to deliver.
     */
    public static SimulatedNetwork immediate() {
        return new SimulatedNetwork(true);
    }

    /** Whether this network delivers on the sending thread ({@link #immediate()}). */
    public boolean isImmediate() {
        return immediate;
    }

    /** Leaf: guards the maps below; never held while calling a node. */
    private final RankedLock lock = new RankedLock(LockRank.LEAF);

    // @GuardedBy("lock") the joined nodes by name, in joining order
    private final Map<NodeName, LocalCore> nodes = new LinkedHashMap<>();
    // @GuardedBy("lock") frames queued per link; a link appears at its first frame and stays, in that order
    private final Map<Link, ArrayDeque<Frame>> queues = new LinkedHashMap<>();
    // @GuardedBy("lock") links lost (link loss, a kill or a violation): their frames are discarded
    private final Set<Link> cut = new LinkedHashSet<>();
    // @GuardedBy("lock") killed nodes: nothing reaches them or leaves them
    private final Set<NodeName> dead = new LinkedHashSet<>();
    // @GuardedBy("lock") frames sent but not yet admitted to their link (only while stageEntries is on)
    private final Map<Link, List<Frame>> staged = new LinkedHashMap<>();
    // @GuardedBy("lock")
    private boolean stageEntries;
    // @GuardedBy("lock")
    private DeliveryListener listener = (link, frame, verdict, violation) -> {};
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

    private void send(NodeName from, NodeName to, byte[] event, List<Fd> fds) {
        Link link = new Link(from, to);
        Frame frame = new Frame(event, List.copyOf(fds));
        boolean lost;
        lock.lock();
        try {
            if (!nodes.containsKey(to)) {
                frame.discard();
                throw new IllegalStateException("no channel from " + from + " to " + to + ": not joined to this network");
            }
            // A killed node's last gasps (its own pending work) reach nobody; nor does a frame on a lost link.
            lost = dead.contains(from) || cut.contains(link);
            if (!lost && !immediate) {
                if (stageEntries) {
                    staged.computeIfAbsent(link, l -> new ArrayList<>()).add(frame);
                } else {
                    queues.computeIfAbsent(link, l -> new ArrayDeque<>()).addLast(frame);
                }
                return;
            }
        } finally {
            lock.unlock();
        }
        if (lost) {
            frame.discard();
            return;
        }
        Outbox box = outbox.get();
        box.frames.addLast(new Outgoing(link, frame));
        if (box.delivering) {
            return; // an outer send of this thread delivers it, after the frame it is delivering now
        }
        box.delivering = true;
        try {
            Outgoing f;
            while ((f = box.frames.pollFirst()) != null) {
                LocalCore receiver;
                lock.lock();
                try {
                    receiver = cut.contains(f.link()) || dead.contains(f.link().from()) ? null : nodes.get(f.link().to());
                } finally {
                    lock.unlock();
                }
                if (receiver == null) {
                    f.frame().discard(); // lost since it was sent: discarded, as on a link
                    continue;
                }
                deliverFrame(f.link(), f.frame(), receiver);
            }
        } finally {
            box.delivering = false;
            // Only after a failure: what a failing delivery left is not delivered, and its descriptors are closed.
            for (Outgoing left : box.frames) {
                left.frame().discard();
            }
            box.frames.clear();
        }
    }

    /** How many frames have been handed to their receiving nodes so far. */
    public long deliveredFrames() {
        return delivered.get();
    }

    /** How many frames wait on all links (staged ones included). */
    public int pendingFrames() {
        lock.lock();
        try {
            int n = 0;
            for (ArrayDeque<Frame> q : queues.values()) {
                n += q.size();
            }
            for (List<Frame> q : staged.values()) {
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
            for (Map.Entry<Link, ArrayDeque<Frame>> e : queues.entrySet()) {
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
        Frame frame;
        LocalCore receiver;
        lock.lock();
        try {
            ArrayDeque<Frame> q = queues.get(link);
            frame = q == null ? null : q.pollFirst();
            receiver = nodes.get(link.to());
        } finally {
            lock.unlock();
        }
        if (frame == null) {
            return false;
        }
        deliverFrame(link, frame, receiver);
        return true;
    }

    /**
     * Hands {@code frame}, sent on {@code link}, to {@code receiver}: a violation cuts the sender off; the
     * listener hears of it. Called with no lock held.
     */
    private void deliverFrame(Link link, Frame frame, LocalCore receiver) {
        delivered.incrementAndGet();
        Node.RemoteVerdict verdict = null;
        ProtocolViolationException violation = null;
        try {
            // The receiver owns the descriptors from here on, whatever it makes of the frame.
            verdict = receiver.acceptEvent(link.from(), frame.bytes(), frame.fds());
        } catch (ProtocolViolationException e) {
            violation = e;
            lock.lock();
            try {
                violations.add(e);
            } finally {
                lock.unlock();
            }
            loseLink(link.from(), link.to());
        }
        DeliveryListener l;
        lock.lock();
        try {
            l = listener;
        } finally {
            lock.unlock();
        }
        l.delivered(link, frame.bytes(), verdict, violation);
    }

    /**
     * Delivers one frame: the oldest of the first busy link; if no link is busy, the oldest staged frame of the
     * first link with one is admitted first. @return false if no frame was waiting
     */
    public boolean deliverNext() {
        List<Link> busy = busyLinks();
        if (busy.isEmpty()) {
            Map<Link, Integer> waiting = stagedLinks();
            if (waiting.isEmpty()) {
                return false;
            }
            Link first = waiting.keySet().iterator().next();
            admit(first, 0);
            return deliverOn(first);
        }
        return deliverOn(busy.getFirst());
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

    /** Tells {@code l} of every frame delivered from now on (replacing any listener before). */
    public void onDelivery(DeliveryListener l) {
        lock.lock();
        try {
            listener = Objects.requireNonNull(l, "listener");
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends the channel between {@code a} and {@code b}: the frames queued (or staged) on it both ways and every
     * later one are discarded, and each node, unless killed, runs node loss for the other. Nothing happens if
     * it was already lost.
     *
     * @return how many ports broke on the two nodes
     */
    public int loseLink(NodeName a, NodeName b) {
        List<LocalCore> told = new ArrayList<>(2);
        List<NodeName> lostPeer = new ArrayList<>(2);
        List<Frame> discarded = new ArrayList<>();
        lock.lock();
        try {
            if (!cutLocked(new Link(a, b), discarded) | !cutLocked(new Link(b, a), discarded)) {
                return 0;
            }
            if (!dead.contains(a)) {
                told.add(nodes.get(a));
                lostPeer.add(b);
            }
            if (!dead.contains(b)) {
                told.add(nodes.get(b));
                lostPeer.add(a);
            }
        } finally {
            lock.unlock();
            for (Frame f : discarded) {
                f.discard(); // outside the lock: close(2) is a system call
            }
        }
        int broken = 0;
        for (int i = 0; i < told.size(); i++) {
            broken += told.get(i).lostConnectionTo(lostPeer.get(i));
        }
        return broken;
    }

    /** Marks {@code link} lost and moves its frames to {@code discarded}; returns false if it already was. */
    private boolean cutLocked(Link link, List<Frame> discarded) {
        ArrayDeque<Frame> queued = queues.remove(link);
        if (queued != null) {
            discarded.addAll(queued);
        }
        List<Frame> waiting = staged.remove(link);
        if (waiting != null) {
            discarded.addAll(waiting);
        }
        return cut.add(link);
    }

    /**
     * Kills node {@code n}: every channel it has is lost at once; the survivors run node loss for it, and
     * nothing it sends later goes anywhere. Its objects stay in memory; the caller stops using them.
     *
     * @return how many ports broke on the survivors
     */
    public int kill(NodeName n) {
        List<NodeName> others;
        lock.lock();
        try {
            if (!nodes.containsKey(n)) {
                throw new IllegalArgumentException("kill(" + n + "): not joined to this network");
            }
            if (!dead.add(n)) {
                return 0;
            }
            others = new ArrayList<>(nodes.keySet());
            others.remove(n);
        } finally {
            lock.unlock();
        }
        int broken = 0;
        for (NodeName o : others) {
            broken += loseLink(n, o);
        }
        return broken;
    }

    /** {@link #loseLink(NodeName, NodeName)} for the nodes behind two joined {@code Core}s. */
    public int loseLink(Core a, Core b) {
        return loseLink(LocalCore.of(a).nodeName(), LocalCore.of(b).nodeName());
    }

    /** {@link #kill(NodeName)} for the node behind a joined {@code Core}. */
    public int kill(Core n) {
        return kill(LocalCore.of(n).nodeName());
    }

    /** Whether the channel from {@code from} to {@code to} is lost. */
    public boolean isLost(NodeName from, NodeName to) {
        lock.lock();
        try {
            return cut.contains(new Link(from, to));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues {@code frame} on the link from {@code from} to {@code to} as if {@code from} had sent it (no staging:
     * straight to the link's tail), for a test that plays a hostile node. Discarded if the link is lost.
     */
    public void sendRaw(NodeName from, NodeName to, byte[] frame) {
        sendRaw(from, to, frame, List.of());
    }

    /**
     * {@link #sendRaw(NodeName, NodeName, byte[])} with descriptors beside the event (whatever count the event
     * declares: a hostile node may lie); the network owns {@code fds} from here on.
     */
    public void sendRaw(NodeName from, NodeName to, byte[] frame, List<Fd> fds) {
        Frame f = new Frame(frame, List.copyOf(fds));
        lock.lock();
        try {
            if (!nodes.containsKey(from) || !nodes.containsKey(to)) {
                f.discard();
                throw new IllegalArgumentException("sendRaw(" + from + ", " + to + "): both must be joined");
            }
            Link link = new Link(from, to);
            if (!cut.contains(link) && !dead.contains(from)) {
                queues.computeIfAbsent(link, l -> new ArrayDeque<>()).addLast(f);
                f = null;
            }
        } finally {
            lock.unlock();
        }
        if (f != null) {
            f.discard();
        }
    }

    /**
     * Turns entry staging on or off (see the class comment). Turning it off admits every staged frame, link by
     * link, in the order sent.
     */
    public void stageEntries(boolean on) {
        lock.lock();
        try {
            stageEntries = on;
            if (!on) {
                for (Map.Entry<Link, List<Frame>> e : staged.entrySet()) {
                    queues.computeIfAbsent(e.getKey(), l -> new ArrayDeque<>()).addAll(e.getValue());
                }
                staged.clear();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The links with staged frames, in the order each first had one; and how many each has. */
    public Map<Link, Integer> stagedLinks() {
        lock.lock();
        try {
            Map<Link, Integer> counts = new LinkedHashMap<>();
            for (Map.Entry<Link, List<Frame>> e : staged.entrySet()) {
                if (!e.getValue().isEmpty()) {
                    counts.put(e.getKey(), e.getValue().size());
                }
            }
            return counts;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves the {@code index}-th staged frame of {@code link} (0 = the oldest) to the link's tail.
     *
     * @throws IndexOutOfBoundsException if the link has no such staged frame
     */
    public void admit(Link link, int index) {
        lock.lock();
        try {
            List<Frame> waiting = staged.get(link);
            if (waiting == null || index < 0 || index >= waiting.size()) {
                throw new IndexOutOfBoundsException("admit(" + link + ", " + index + "): "
                        + (waiting == null ? 0 : waiting.size()) + " frame(s) staged there");
            }
            queues.computeIfAbsent(link, l -> new ArrayDeque<>()).addLast(waiting.remove(index));
        } finally {
            lock.unlock();
        }
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

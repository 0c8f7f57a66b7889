package org.jmojo.simulation;

import java.util.ArrayList;
import java.util.List;
import org.jmojo.internal.handles.SimulationAccess;
import org.jmojo.internal.ports.PortName;
import org.jmojo.internal.ports.PortState;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.ReadResult;
import org.jmojo.system.Signals;

/**
 * Pipes between random nodes (and within one node), written both ways with ledger messages, read, closed,
 * through the public system API. It keeps, per pipe and direction, how many messages were written with OK
 * and read, and checks:
 * <ul>
 *   <li>every message read is the next one its writer wrote, intact, not forged ({@code [order]},
 *       {@code [duplicate]}, {@code [forged]});
 *   <li>PEER_CLOSED only once the peer is gone and, on an intact route, every message it wrote has arrived
 *       ({@code [early-peer-closed]}); a read or write fails with FAILED_PRECONDITION only then
 *       ({@code [result]});
 *   <li>right after a link loss or a kill, every end whose pipe crossed it is peer-closed ({@code [loss]});
 *   <li>at quiescence, an end whose peer is gone is peer-closed ({@code [not-closed]}) and, on an intact
 *       route, has received every message written ({@code [lost]}).
 * </ul>
 * A pipe's route is intact while every node either end has been on lives and no link between two of them
 * was lost; on a broken route, a prefix of each direction arrives, still in order and without duplicates. An
 * end in transit ({@link EndpointMoves}) may have been closed by the system, so its peer may see PEER_CLOSED,
 * still only once every message the end wrote has arrived; a message that carries an end hands it to its
 * reader, whose node the end is on from then on.
 */
final class PipeTraffic implements Workload {
    /** A port an end of a pipe had, and its node. */
    record Location(int node, PortName port) {}

    /** One pipe: end {@code i} on node {@code node[i]}; counts by the end that wrote or read. */
    static final class Pipe {
        final int id;
        final int[] node = new int[2];
        final MessagePipeEndpoint[] end = new MessagePipeEndpoint[2];
        final PortName[] port = new PortName[2];
        /** Closed by the user. */
        final boolean[] closed = new boolean[2];
        /**
         * Sent away in a message ({@link EndpointMoves}) and not yet read out of it: no handle; the system
         * closes it if that message is dropped.
         */
        final boolean[] inTransit = new boolean[2];
        /** While end i is in transit: the pipe and end in whose queue the message carrying it waits. */
        final int[][] carriedAt = new int[2][];
        /** Every node either end has been on, a bit each: the nodes its route may cross. */
        int visited;
        /** Every (node, port) either end has had: where a proxy of its route could be left behind. */
        final List<Location> locations = new ArrayList<>();
        /** Messages written by end i that returned OK. */
        final long[] written = new long[2];
        /** Messages read by end i (written by end 1 - i). */
        final long[] read = new long[2];
        /**
         * The ledger name of what end i writes: (this pipe, i), or, for a pipe made by a fuse ({@link PipeFuses}),
         * the name the end wrote under before, so that what it wrote then and what it writes now count as one
         * sequence.
         */
        final int[] ledgerPipe = new int[2];
        final int[] ledgerEnd = {0, 1};
        /** Fused into another pipe ({@link PipeFuses}): its surviving ends belong to that pipe now. */
        boolean retired;

        Pipe(int id) {
            this.id = id;
            ledgerPipe[0] = id;
            ledgerPipe[1] = id;
        }

        @Override
        public String toString() {
            return "pipe " + id + " (node " + node[0] + " <-> node " + node[1] + ")";
        }
    }

    final List<Pipe> pipes = new ArrayList<>();
    private final int maxPipes;

    PipeTraffic(World w) {
        maxPipes = 2 + w.random.nextInt(10);
    }

    @Override
    public String name() {
        return "pipes";
    }

    /**
     * Whether frames still flow among every node the pipe's route may cross: every node its ends have been on,
     * and, for an end in transit, every node the pipes carrying it have been on (the message may travel on).
     */
    boolean intact(World w, Pipe p) {
        int mask = routeMask(p);
        for (int x = 0; x < w.nodes.size(); x++) {
            for (int y = x; y < w.nodes.size(); y++) {
                if ((mask & (1 << x)) != 0 && (mask & (1 << y)) != 0 && !w.connected(x, y)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@link Pipe#visited}, plus that of each pipe carrying an end in transit, at any depth. */
    private int routeMask(Pipe p) {
        int mask = p.visited;
        for (int i = 0; i < 2; i++) {
            Pipe x = p;
            int e = i;
            for (int hops = 0; x.inTransit[e] && hops <= 2 * pipes.size(); hops++) {
                int[] at = x.carriedAt[e];
                x = pipes.get(at[0]);
                e = at[1];
                mask |= x.visited;
            }
        }
        return mask;
    }

    /**
     * Whether the pipe is certainly broken: no frame flows between the nodes its two ends are on now. (A
     * route that crossed a lost node only on the way, through a proxy, breaks too, but not necessarily at
     * once; {@link #intact} tells those apart from pipes that must deliver everything.)
     */
    static boolean broken(World w, Pipe p) {
        return !w.connected(p.node[0], p.node[1]);
    }

    /** Whether end {@code i} can still be used: not closed by the user, not in transit, its node alive. */
    static boolean usable(World w, Pipe p, int i) {
        return !p.retired && !p.closed[i] && !p.inTransit[i] && w.alive(p.node[i]);
    }

    /** Whether end {@code i}'s peer may be gone: closed by the user, or in transit (maybe closed with it). */
    private static boolean peerMayBeGone(Pipe p, int i) {
        return p.closed[1 - i] || p.inTransit[1 - i];
    }

    @Override
    public void step(World w) {
        int roll = w.random.nextInt(100);
        if (roll < 8 || pipes.isEmpty()) {
            create(w);
            return;
        }
        Pipe p = pipes.get(w.random.nextInt(pipes.size()));
        int i = w.random.nextInt(2);
        if (!usable(w, p, i)) {
            return;
        }
        if (roll < 50) {
            write(w, p, i);
        } else if (roll < 90) {
            read(w, p, i);
        } else if (roll < 94) {
            p.end[i].close();
            p.closed[i] = true;
            return;
        }
        checkSignals(w, p, i);
    }

    private void create(World w) {
        if (pipes.stream().filter(p -> !p.retired && (!p.closed[0] || !p.closed[1])).count() >= maxPipes) {
            return;
        }
        int x = w.randomLiveNode();
        if (x < 0) {
            return;
        }
        // No pipe is made across a lost link: there is no channel to make it over.
        List<Integer> reachable = new ArrayList<>();
        for (int n : w.liveNodes()) {
            if (n != x && w.connected(x, n)) {
                reachable.add(n);
            }
        }
        int y = reachable.isEmpty() || w.random.nextInt(3) == 0 ? x : reachable.get(w.random.nextInt(reachable.size()));
        MessagePipe mp = x == y
                ? w.nodes.get(x).createMessagePipe()
                : w.nodes.get(x).createMessagePipeTo(w.nodes.get(y));
        Pipe p = new Pipe(pipes.size());
        p.node[0] = x;
        p.node[1] = y;
        p.end[0] = mp.end0();
        p.end[1] = mp.end1();
        p.port[0] = SimulationAccess.portOf(mp.end0());
        p.port[1] = SimulationAccess.portOf(mp.end1());
        p.visited = (1 << x) | (1 << y);
        p.locations.add(new Location(x, p.port[0]));
        p.locations.add(new Location(y, p.port[1]));
        pipes.add(p);
    }

    private static void write(World w, Pipe p, int i) {
        byte[] bytes = Ledger.payload(p.ledgerPipe[i], p.ledgerEnd[i], p.written[i] + 1, false, w.random);
        write(w, p, i, bytes, List.of());
    }

    /**
     * Writes {@code bytes} (a ledger message numbered {@code written[i] + 1}) with {@code handles} on end
     * {@code i}; returns whether it was sent. A refusal other than a closed peer is a finding.
     */
    static boolean write(World w, Pipe p, int i, byte[] bytes, List<MessagePipeEndpoint> handles) {
        MojoResult r = p.end[i].writeMessage(bytes, handles);
        if (r == MojoResult.OK) {
            p.written[i]++;
            return true;
        } else if (r == MojoResult.FAILED_PRECONDITION) {
            w.check(peerClosed(p.end[i]), "[result]", p + ": a write by end " + i
                    + " failed with FAILED_PRECONDITION while PEER_CLOSED was not satisfied");
        } else {
            w.fail("[result]", p + ": a write by end " + i + " returned " + r);
        }
        return false;
    }

    private static boolean peerClosed(MessagePipeEndpoint end) {
        return end.querySignalsState().satisfied().containsAll(Signals.PEER_CLOSED);
    }

    /** Reads one message on end {@code i}; returns false when nothing was read. */
    private boolean read(World w, Pipe p, int i) {
        ReadResult r = p.end[i].readMessage();
        switch (r.result()) {
            case OK -> {
                verify(w, p, i, r.message().bytes());
                receiveCarried(w, p, i, r.message());
                return true;
            }
            case SHOULD_WAIT -> w.check(!peerClosed(p.end[i]), "[result]", p + ": end " + i
                    + " read SHOULD_WAIT while PEER_CLOSED was satisfied (a complete, drained queue fails the read)");
            case FAILED_PRECONDITION -> {
                if (w.check(peerClosed(p.end[i]), "[result]", p + ": end " + i
                        + " read FAILED_PRECONDITION while PEER_CLOSED was not satisfied")) {
                    checkComplete(w, p, i, "its read failed (queue complete and drained)");
                }
            }
            default -> w.fail("[result]", p + ": a read by end " + i + " returned " + r.result());
        }
        return false;
    }

    /** A message read on end {@code i} of {@code p} that carries an end: its reader now holds that end. */
    private void receiveCarried(World w, Pipe p, int i, Message m) {
        Ledger.Entry e = Ledger.read(m.bytes());
        if (e.carriedPipe() < 0) {
            w.check(m.handles().isEmpty(), "[forged]", p + ": end " + i + " read " + m.handles().size()
                    + " handle(s) in a message written with none");
            m.closeHandles();
            return;
        }
        if (!w.check(m.handles().size() == 1 && e.carriedPipe() < pipes.size()
                && m.handles().getFirst() instanceof MessagePipeEndpoint, "[forged]", p + ": end " + i + " read "
                + m.handles() + " in a message written carrying end " + e.carriedEnd() + " of pipe " + e.carriedPipe())) {
            m.closeHandles();
            return;
        }
        Pipe carried = pipes.get(e.carriedPipe());
        int j = e.carriedEnd();
        w.check(carried.inTransit[j], "[duplicate]", carried + ": end " + j + " arrived again in a message read by end "
                + i + " of " + p);
        carried.end[j] = (MessagePipeEndpoint) m.handles().getFirst();
        carried.inTransit[j] = false;
        carried.carriedAt[j] = null;
        carried.node[j] = p.node[i];
        // The route crossed every node the carrier's ends have been on (the message may have travelled there).
        carried.visited |= (1 << p.node[i]) | p.visited;
        carried.port[j] = SimulationAccess.portOf(carried.end[j]);
        carried.locations.add(new Location(p.node[i], carried.port[j]));
    }

    private static void verify(World w, Pipe p, int i, byte[] bytes) {
        Ledger.Entry e = Ledger.read(bytes);
        long expected = p.read[i] + 1;
        String what = p + ": end " + i + " read ";
        if (e.forged()) {
            w.fail("[wrong-sender]", what + "a message the hostile node forged (seq " + e.seq() + ")");
        } else if (!e.intact() || e.pipe() != p.ledgerPipe[1 - i] || e.from() != p.ledgerEnd[1 - i]) {
            w.fail("[forged]", what + "a message its peer never wrote: " + e);
        } else if (e.seq() == expected) {
            w.stats.checks++;
        } else if (e.seq() < expected) {
            w.fail("[duplicate]", what + "message " + e.seq() + " again (next expected " + expected + ")");
        } else if (e.seq() > p.written[1 - i]) {
            w.fail("[forged]", what + "message " + e.seq() + ", beyond the " + p.written[1 - i] + " written");
        } else {
            w.fail("[order]", what + "message " + e.seq() + " when " + expected + " was next");
        }
        p.read[i]++;
    }

    /**
     * End {@code i} reports PEER_CLOSED: its peer must be gone, and on an intact route every message the peer
     * wrote must have arrived (read or queued).
     */
    private void checkComplete(World w, Pipe p, int i, String when) {
        if (!intact(w, p)) {
            return; // a lost route: a prefix is what arrives
        }
        if (!w.check(peerMayBeGone(p, i), "[early-peer-closed]", p + ": end " + i + " sees PEER_CLOSED (" + when
                + ") while its peer is open and the route intact")) {
            return;
        }
        long arrived = p.read[i] + p.end[i].queuedMessages();
        w.check(arrived == p.written[1 - i], "[early-peer-closed]", p + ": end " + i + " sees PEER_CLOSED (" + when
                + ") with " + arrived + " of the " + p.written[1 - i] + " messages its peer wrote");
    }

    private void checkSignals(World w, Pipe p, int i) {
        if (usable(w, p, i) && peerClosed(p.end[i])) {
            checkComplete(w, p, i, "signals");
        }
    }

    @Override
    public void afterFault(World w) {
        for (Pipe p : pipes) {
            for (int i = 0; i < 2; i++) {
                // At once only where no proxy can sit on a third node and the peer is not travelling (its node
                // may have changed already); otherwise by quiescence ([not-closed]).
                boolean direct = p.visited == ((1 << p.node[0]) | (1 << p.node[1])) && !p.inTransit[1 - i];
                if (usable(w, p, i) && direct && broken(w, p)) {
                    w.check(peerClosed(p.end[i]), "[loss]", p + ": end " + i + " is not peer-closed right after its "
                            + "route was lost (link loss, kill or cut-off)");
                }
            }
        }
    }

    /**
     * At quiescence every route has collapsed: no port either end ever had is left buffering or proxying
     * on a live node (docs/architecture.md §3, removing a proxy). Moves within a node never make one;
     * moves across nodes leave a proxy behind each hop until removal.
     */
    private void checkRoutesCollapsed(World w) {
        for (Pipe p : pipes) {
            for (Location at : p.locations) {
                if (w.alive(at.node())) {
                    // Erased (empty) is fine; a port still there must be an end, receiving.
                    PortState s = SimulationAccess.stateOf(w.nodes.get(at.node()), at.port()).orElse(PortState.RECEIVING);
                    w.check(s == PortState.RECEIVING, "[route]", p + ": at quiescence port " + at.port() + " on node "
                            + at.node() + " is " + s + ": its route did not collapse");
                }
            }
        }
    }

    @Override
    public void finish(World w) {
        // Drain every end until nothing more arrives: reading may hand out carried ends with messages of their own.
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int k = 0; k < pipes.size(); k++) {
                Pipe p = pipes.get(k);
                for (int i = 0; i < 2; i++) {
                    while (usable(w, p, i) && read(w, p, i)) {
                        progress = true;
                    }
                }
            }
        }
        checkRoutesCollapsed(w);
        for (Pipe p : pipes) {
            for (int i = 0; i < 2; i++) {
                if (!usable(w, p, i) || p.inTransit[1 - i]) {
                    continue; // a peer still in transit sits in a queue nobody can read (a loop): no verdict
                }
                boolean pc = peerClosed(p.end[i]);
                if (intact(w, p)) {
                    if (p.closed[1 - i]) {
                        w.check(pc, "[not-closed]", p + ": at quiescence end " + i
                                + " is not peer-closed though its peer closed");
                    } else {
                        w.check(!pc, "[early-peer-closed]", p + ": at quiescence end " + i
                                + " is peer-closed though its peer is open and the route intact");
                    }
                    w.check(p.read[i] == p.written[1 - i], "[lost]", p + ": at quiescence end " + i + " read "
                            + p.read[i] + " of the " + p.written[1 - i] + " messages its peer wrote");
                } else if (broken(w, p)) {
                    w.check(pc, "[not-closed]", p + ": at quiescence end " + i
                            + " is not peer-closed though the link to its peer's node was lost");
                }
            }
        }
        for (Pipe p : pipes) {
            for (int i = 0; i < 2; i++) {
                if (!p.retired && !p.closed[i] && !p.inTransit[i]) {
                    // Ends on killed nodes too: what their node sends now reaches nobody, and no handle is
                    // left for the leak detector to find later, on its own thread.
                    p.end[i].close();
                    p.closed[i] = true;
                }
            }
        }
    }
}

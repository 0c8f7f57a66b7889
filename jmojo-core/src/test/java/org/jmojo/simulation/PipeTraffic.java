package org.jmojo.simulation;

import java.util.ArrayList;
import java.util.List;
import org.jmojo.internal.handles.SimulationAccess;
import org.jmojo.internal.ports.PortName;
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
 * A pipe's route is intact while both its nodes live and the link between them (if any) was not lost; on a
 * broken route, a prefix of each direction arrives, still in order and without duplicates.
 */
final class PipeTraffic implements Workload {
    /** One pipe: end {@code i} on node {@code node[i]}; counts by the end that wrote or read. */
    static final class Pipe {
        final int id;
        final int[] node = new int[2];
        final MessagePipeEndpoint[] end = new MessagePipeEndpoint[2];
        final PortName[] port = new PortName[2];
        /** Closed by the user. */
        final boolean[] closed = new boolean[2];
        /** Messages written by end i that returned OK. */
        final long[] written = new long[2];
        /** Messages read by end i (written by end 1 - i). */
        final long[] read = new long[2];

        Pipe(int id) {
            this.id = id;
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

    /** Whether frames between the pipe's two nodes still flow (both alive; the link, if any, not lost). */
    static boolean intact(World w, Pipe p) {
        return w.connected(p.node[0], p.node[1]);
    }

    /** Whether end {@code i} can still be used: not closed by the user and its node alive. */
    static boolean usable(World w, Pipe p, int i) {
        return !p.closed[i] && w.alive(p.node[i]);
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
        if (pipes.stream().filter(p -> usable(w, p, 0) || usable(w, p, 1)).count() >= maxPipes) {
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
        int y = reachable.isEmpty() || w.random.nextInt(5) == 0 ? x : reachable.get(w.random.nextInt(reachable.size()));
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
        pipes.add(p);
    }

    private static void write(World w, Pipe p, int i) {
        byte[] bytes = Ledger.payload(p.id, i, p.written[i] + 1, false, w.random);
        MojoResult r = p.end[i].writeMessage(bytes);
        if (r == MojoResult.OK) {
            p.written[i]++;
        } else if (r == MojoResult.FAILED_PRECONDITION) {
            w.check(peerClosed(p.end[i]), "[result]", p + ": a write by end " + i
                    + " failed with FAILED_PRECONDITION while PEER_CLOSED was not satisfied");
        } else {
            w.fail("[result]", p + ": a write by end " + i + " returned " + r);
        }
    }

    private static boolean peerClosed(MessagePipeEndpoint end) {
        return end.querySignalsState().satisfied().containsAll(Signals.PEER_CLOSED);
    }

    /** Reads one message on end {@code i}; returns false when nothing was read. */
    private static boolean read(World w, Pipe p, int i) {
        ReadResult r = p.end[i].readMessage();
        switch (r.result()) {
            case OK -> {
                verify(w, p, i, r.message().bytes());
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

    private static void verify(World w, Pipe p, int i, byte[] bytes) {
        Ledger.Entry e = Ledger.read(bytes);
        long expected = p.read[i] + 1;
        String what = p + ": end " + i + " read ";
        if (e.forged()) {
            w.fail("[wrong-sender]", what + "a message the hostile node forged (seq " + e.seq() + ")");
        } else if (!e.intact() || e.pipe() != p.id || e.from() != 1 - i) {
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
    private static void checkComplete(World w, Pipe p, int i, String when) {
        if (!intact(w, p)) {
            return; // a lost route: a prefix is what arrives
        }
        if (!w.check(p.closed[1 - i], "[early-peer-closed]", p + ": end " + i + " sees PEER_CLOSED (" + when
                + ") while its peer is open and the route intact")) {
            return;
        }
        long arrived = p.read[i] + p.end[i].queuedMessages();
        w.check(arrived == p.written[1 - i], "[early-peer-closed]", p + ": end " + i + " sees PEER_CLOSED (" + when
                + ") with " + arrived + " of the " + p.written[1 - i] + " messages its peer wrote");
    }

    private static void checkSignals(World w, Pipe p, int i) {
        if (usable(w, p, i) && peerClosed(p.end[i])) {
            checkComplete(w, p, i, "signals");
        }
    }

    @Override
    public void afterFault(World w) {
        for (Pipe p : pipes) {
            for (int i = 0; i < 2; i++) {
                if (usable(w, p, i) && !intact(w, p)) {
                    w.check(peerClosed(p.end[i]), "[loss]", p + ": end " + i + " is not peer-closed right after its "
                            + "route was lost (link loss, kill or cut-off)");
                }
            }
        }
    }

    @Override
    public void finish(World w) {
        for (Pipe p : pipes) {
            for (int i = 0; i < 2; i++) {
                if (!usable(w, p, i)) {
                    continue;
                }
                boolean peerGone = p.closed[1 - i] || !intact(w, p);
                boolean pc = peerClosed(p.end[i]);
                if (peerGone) {
                    w.check(pc, "[not-closed]", p + ": at quiescence end " + i
                            + " is not peer-closed though its peer " + (intact(w, p) ? "closed" : "was lost"));
                } else {
                    w.check(!pc, "[early-peer-closed]", p + ": at quiescence end " + i
                            + " is peer-closed though its peer is open and the route intact");
                }
                while (read(w, p, i)) {
                    // drain, verifying each message
                }
                if (intact(w, p)) {
                    w.check(p.read[i] == p.written[1 - i], "[lost]", p + ": at quiescence end " + i + " read "
                            + p.read[i] + " of the " + p.written[1 - i] + " messages its peer wrote");
                }
            }
        }
        for (Pipe p : pipes) {
            for (int i = 0; i < 2; i++) {
                if (!p.closed[i]) {
                    // Ends on killed nodes too: what their node sends now reaches nobody, and no handle is
                    // left for the leak detector to find later, on its own thread.
                    p.end[i].close();
                    p.closed[i] = true;
                }
            }
        }
    }
}

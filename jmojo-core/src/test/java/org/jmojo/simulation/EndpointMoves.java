package org.jmojo.simulation;

import java.util.ArrayList;
import java.util.List;

/**
 * Pipes sent inside pipes: an end of one {@link PipeTraffic} pipe is written, as a handle, in a ledger message
 * on another pipe whose writing end is on the same node (the public API: {@code writeMessage(bytes,
 * List.of(endpoint))}); whoever reads that message holds the end from then on ({@link PipeTraffic} re-seats
 * it). Random choices make chains (an end carried by a pipe whose end is itself in transit) and cycles (two
 * pipes' ends in each other's queues, which only the orphan rule frees once their peers close). The
 * invariants are {@link PipeTraffic}'s, which follow each end: its messages keep their order across the
 * move, and every port is freed at the end (a cycle included).
 *
 * <p>{@code acrossNodes} false: only carriers whose two ends are on one node. True (the suite's setting,
 * {@link Simulation#MOVES_ACROSS_NODES}): carriers to other nodes as well, so ends travel between nodes, leaving
 * proxies behind (port-accepted, proxy removal, node loss through proxies). Moves across nodes may close loops
 * ({@link Simulation#LOOPS_ACROSS_NODES}): pipes sent into each other from several nodes at once chase each other
 * until the ports layer recognises the loop and closes it (docs/ports.md, "Orphans"); with the switch off such moves
 * are skipped and counted.
 */
final class EndpointMoves implements Workload {
    private final PipeTraffic traffic;
    private final boolean acrossNodes;

    EndpointMoves(PipeTraffic traffic, boolean acrossNodes) {
        this.traffic = traffic;
        this.acrossNodes = acrossNodes;
    }

    @Override
    public String name() {
        return acrossNodes ? "endpoint moves across nodes" : "endpoint moves within nodes";
    }

    @Override
    public void step(World w) {
        List<PipeTraffic.Pipe> pipes = traffic.pipes;
        if (pipes.size() < 2) {
            return;
        }
        PipeTraffic.Pipe moved = pipes.get(w.random.nextInt(pipes.size()));
        int j = w.random.nextInt(2);
        if (!PipeTraffic.usable(w, moved, j)) {
            return;
        }
        // Carriers: another pipe's usable end on the same node, its peer on that node too unless moves
        // across nodes are on.
        List<int[]> carriers = new ArrayList<>();
        for (PipeTraffic.Pipe c : pipes) {
            for (int k = 0; k < 2; k++) {
                if (c != moved && PipeTraffic.usable(w, c, k) && c.node[k] == moved.node[j]
                        && (acrossNodes || c.node[1 - k] == c.node[k])) {
                    carriers.add(new int[] {c.id, k});
                }
            }
        }
        if (carriers.isEmpty()) {
            return;
        }
        int[] pick = carriers.get(w.random.nextInt(carriers.size()));
        PipeTraffic.Pipe c = pipes.get(pick[0]);
        int k = pick[1];
        // A loop of pipes queued in each other: counted, and skipped only if loops across nodes are switched off.
        // Within nodes only, a loop through a pipe whose route may still cross a node (made by a fuse) is skipped too.
        boolean loop = closesLoop(moved, j, c, 1 - k, false);
        if (acrossNodes ? loop && !Simulation.LOOPS_ACROSS_NODES : closesLoop(moved, j, c, 1 - k, true)) {
            w.stats.loopsAvoided++;
            return;
        }
        byte[] bytes = Ledger.payload(c.ledgerPipe[k], c.ledgerEnd[k], c.written[k] + 1, false, moved.id, j, w.random);
        if (PipeTraffic.write(w, c, k, bytes, List.of(moved.end[j]))) {
            moved.inTransit[j] = true;
            moved.carriedAt[j] = new int[] {c.id, 1 - k};
            moved.end[j] = null;
            w.stats.moves++;
            if (loop) {
                w.stats.loopsMade++;
            }
        }
    }

    /**
     * Whether queuing end {@code j} of {@code moved} at end {@code r} of {@code c} closes a loop: that end is
     * itself carried, at some depth, in {@code moved}'s end j's queue. With {@code onlyOffNode}, only a loop with
     * a pipe in it whose route may cross another node counts.
     */
    private boolean closesLoop(PipeTraffic.Pipe moved, int j, PipeTraffic.Pipe c, int r, boolean onlyOffNode) {
        PipeTraffic.Pipe x = c;
        int e = r;
        boolean offNode = Integer.bitCount(c.visited) > 1;
        // The chain may run into a loop that does not pass through the moved end: at most every end once.
        for (int hops = 0; x.inTransit[e] && hops <= 2 * traffic.pipes.size(); hops++) {
            PipeTraffic.Pipe carrier = traffic.pipes.get(x.carriedAt[e][0]);
            e = x.carriedAt[e][1];
            x = carrier;
            offNode |= Integer.bitCount(x.visited) > 1;
            if (x == moved && e == j) {
                return !onlyOffNode || offNode;
            }
        }
        return false;
    }

    @Override
    public void afterFault(World w) {}

    @Override
    public void finish(World w) {
        // PipeTraffic drains the carriers (re-seating what they carry) and closes everything.
    }
}

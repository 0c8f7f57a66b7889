package org.jmojo.simulation;

import java.util.ArrayList;
import java.util.List;
import org.jmojo.internal.handles.SimulationAccess;
import org.jmojo.internal.ports.MergeResult;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoException;
import org.jmojo.system.MojoResult;

/**
 * Merges (docs/ports.md, "Merging"): two usable ends {@code a} and {@code b} of two {@link PipeTraffic} pipes
 * {@code A–a} and {@code b–B}, on one node, are fused with the public {@code fuseMessagePipes}, while their
 * peers are wherever the pipes put them (the same node, one other, two others) and messages are on their way
 * both ways. The result is a new pipe {@code A–B} in {@link PipeTraffic}'s books: each survivor's writes keep
 * their ledger name and numbering, and what the fused end had read counts as read by the other survivor, so
 * {@link PipeTraffic}'s invariants (order, no loss or duplicate, PEER_CLOSED only after the last message, routes
 * collapsed, nothing leaked) cover the fused pipe across the merge. The two old pipes are retired.
 *
 * <p>A fuse must be refused ({@code FAILED_PRECONDITION}, nothing changed) when a fused end has written; when
 * one has read, it may be refused (the other pipe's peer is elsewhere) or succeed (it is a fresh local end).
 * Otherwise it must succeed. Peers in transit are not chosen: a pipe's end in a message has no place in the
 * books to follow the fuse to.
 *
 * <p>One step in four instead merges two ends on two different nodes with the node layer's merge-port
 * ({@code Node.expectMerge} on the target's node, {@code Node.mergeWithRemotePort} on the other): only ends that
 * never wrote or read, so it must succeed, and the pipe is booked the same way. The two handles keep dead ports
 * until {@link #finish} closes them (closing the target's before the merge-port arrives would close its port).
 */
final class PipeFuses implements Workload {
    private final PipeTraffic traffic;
    /** Whether the fused ends' peers may be on other nodes; if not, all four ends are on one node. */
    private boolean acrossNodes = true;
    /** The handles of ends merged by merge-port, closed at the end. */
    private final List<MessagePipeEndpoint> mergedHandles = new ArrayList<>();
    /** The hostile node's index, or -1: no node expects a merge-port from it (see {@link #untrusted}). */
    private int untrusted = -1;

    PipeFuses(PipeTraffic traffic) {
        this.traffic = traffic;
    }

    /** See {@link Simulation#FUSES_ACROSS_NODES_UNDER_FAULTS}. */
    void acrossNodes(boolean on) {
        acrossNodes = on;
    }

    /**
     * Node {@code node} forges merge-ports ({@link HostileNode}): no merge is ever expected from it. Consent given
     * to a node lets it merge with the port once, whatever it sends; a forged merge-port already on its way to
     * the target when the consent is given would be accepted as the merge, rightly, and the books would follow
     * a merge that did not happen (simulation seed 1093, once fuses across nodes ran under faults).
     */
    void untrusted(int node) {
        untrusted = node;
    }

    @Override
    public String name() {
        return "fuses";
    }

    @Override
    public void step(World w) {
        if (acrossNodes && w.random.nextInt(4) == 0) {
            mergeAcrossNodes(w);
            return;
        }
        List<PipeTraffic.Pipe> pipes = traffic.pipes;
        List<int[]> ends = new ArrayList<>();
        for (PipeTraffic.Pipe p : pipes) {
            for (int i = 0; i < 2; i++) {
                if (PipeTraffic.usable(w, p, i) && !p.inTransit[1 - i] && (acrossNodes || p.node[0] == p.node[1])) {
                    ends.add(new int[] {p.id, i});
                }
            }
        }
        if (ends.size() < 2) {
            return;
        }
        int[] first = ends.get(w.random.nextInt(ends.size()));
        PipeTraffic.Pipe p = pipes.get(first[0]);
        int ia = first[1];
        List<int[]> partners = new ArrayList<>();
        for (int[] e : ends) {
            PipeTraffic.Pipe q = pipes.get(e[0]);
            // Mostly ends that never wrote: those must fuse; now and then one that did, which must be refused.
            boolean wrote = p.written[ia] > 0 || q.written[e[1]] > 0;
            if (q != p && q.node[e[1]] == p.node[ia] && (!wrote || w.random.nextInt(8) == 0)) {
                partners.add(e);
            }
        }
        if (partners.isEmpty()) {
            return;
        }
        int[] second = partners.get(w.random.nextInt(partners.size()));
        PipeTraffic.Pipe q = pipes.get(second[0]);
        int ib = second[1];
        boolean wrote = p.written[ia] > 0 || q.written[ib] > 0;
        boolean read = p.read[ia] > 0 || q.read[ib] > 0;
        String what = "fusing end " + ia + " of " + p + " with end " + ib + " of " + q;
        try {
            w.nodes.get(p.node[ia]).fuseMessagePipes(p.end[ia], q.end[ib]);
        } catch (MojoException e) {
            boolean allowed = e.result() == MojoResult.FAILED_PRECONDITION && (wrote || read);
            w.check(allowed, "[fuse]", what + " was refused: " + e.getMessage());
            w.check(p.end[ia].isValid() && q.end[ib].isValid(), "[fuse]", what + ": a refusal closed a handle");
            if (allowed) {
                w.stats.fusesRefused++;
            }
            return;
        }
        if (!w.check(!wrote, "[fuse]", what + " succeeded though one of them had written")) {
            return;
        }
        w.stats.fuses++;
        if (p.node[1 - ia] != p.node[ia] || q.node[1 - ib] != q.node[ib]) {
            w.stats.fusesAcrossNodes++;
        }
        record(p, ia, q, ib);
    }

    /** Merges two fresh ends on two connected nodes with merge-port; it must succeed. */
    private void mergeAcrossNodes(World w) {
        List<int[]> fresh = new ArrayList<>();
        for (PipeTraffic.Pipe p : traffic.pipes) {
            for (int i = 0; i < 2; i++) {
                if (PipeTraffic.usable(w, p, i) && !p.inTransit[1 - i] && p.written[i] == 0 && p.read[i] == 0) {
                    fresh.add(new int[] {p.id, i});
                }
            }
        }
        if (fresh.size() < 2) {
            return;
        }
        int[] first = fresh.get(w.random.nextInt(fresh.size()));
        PipeTraffic.Pipe p = traffic.pipes.get(first[0]);
        int ip = first[1];
        if (p.node[ip] == untrusted) {
            return;
        }
        List<int[]> targets = new ArrayList<>();
        for (int[] e : fresh) {
            PipeTraffic.Pipe q = traffic.pipes.get(e[0]);
            if (q != p && q.node[e[1]] != p.node[ip] && w.connected(p.node[ip], q.node[e[1]])) {
                targets.add(e);
            }
        }
        if (targets.isEmpty()) {
            return;
        }
        int[] second = targets.get(w.random.nextInt(targets.size()));
        PipeTraffic.Pipe q = traffic.pipes.get(second[0]);
        int iq = second[1];
        MessagePipeEndpoint from = p.end[ip];
        MessagePipeEndpoint target = q.end[iq];
        MergeResult r = SimulationAccess.mergeWithRemote(from, w.nodes.get(q.node[iq]), target);
        if (!w.check(r == MergeResult.OK, "[fuse]", "merging end " + ip + " of " + p + " with end " + iq + " of "
                + q + " by merge-port returned " + r)) {
            return;
        }
        w.stats.fuses++;
        w.stats.fusesAcrossNodes++;
        w.stats.remoteMerges++;
        mergedHandles.add(from);
        mergedHandles.add(target);
        record(p, ip, q, iq);
    }

    /** Retires {@code p} and {@code q} and books the pipe {@code A–B} their surviving ends make. */
    private void record(PipeTraffic.Pipe p, int ia, PipeTraffic.Pipe q, int ib) {
        PipeTraffic.Pipe r = new PipeTraffic.Pipe(traffic.pipes.size());
        survivor(r, 0, p, 1 - ia, q.read[ib]);
        survivor(r, 1, q, 1 - ib, p.read[ia]);
        r.visited = p.visited | q.visited;
        r.locations.addAll(p.locations);
        r.locations.addAll(q.locations);
        p.retired = true;
        q.retired = true;
        p.closed[ia] = true;
        q.closed[ib] = true;
        p.end[ia] = null;
        q.end[ib] = null;
        // Ends in transit queued at a fused end now wait at the other pipe's survivor, and those queued at a
        // survivor stay there, under its new name.
        for (PipeTraffic.Pipe x : traffic.pipes) {
            for (int e = 0; e < 2; e++) {
                int[] at = x.carriedAt[e];
                if (at == null) {
                    continue;
                }
                if (at[0] == p.id) {
                    x.carriedAt[e] = new int[] {r.id, at[1] == ia ? 1 : 0};
                } else if (at[0] == q.id) {
                    x.carriedAt[e] = new int[] {r.id, at[1] == ib ? 0 : 1};
                }
            }
        }
        traffic.pipes.add(r);
    }

    /**
     * End {@code k} of {@code r} is end {@code j} of {@code old}, which has read {@code readBefore} messages of
     * its new peer's sequence (those the fused end had read).
     */
    private static void survivor(PipeTraffic.Pipe r, int k, PipeTraffic.Pipe old, int j, long readBefore) {
        r.node[k] = old.node[j];
        r.end[k] = old.end[j];
        r.port[k] = old.port[j];
        r.closed[k] = old.closed[j];
        r.written[k] = old.written[j];
        r.read[k] = readBefore;
        r.ledgerPipe[k] = old.ledgerPipe[j];
        r.ledgerEnd[k] = old.ledgerEnd[j];
        old.end[j] = null;
        old.closed[j] = true;
    }

    @Override
    public void afterFault(World w) {}

    @Override
    public void finish(World w) {
        // PipeTraffic checks and closes the pipes fuses made, like any other; the merged ends' handles go here.
        for (MessagePipeEndpoint h : mergedHandles) {
            h.close();
        }
        mergedHandles.clear();
    }
}

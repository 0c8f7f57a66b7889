package org.jmojo.simulation;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.internal.multinode.SimulatedNetwork;

/**
 * One seed of the deterministic simulation (docs/testing.md, "The deterministic simulation"): 2 to 6 nodes
 * joined by a {@link SimulatedNetwork}, one seeded scheduler on one thread choosing at every step whether to
 * deliver the next frame of a random busy link, admit a random staged frame to its link (modelling
 * concurrent writers), or run a workload step; faults (link loss, node kill) fire at steps chosen up front.
 * Then quiescence: every frame delivered, the workloads check their end state and close what they hold,
 * and every live node must be left with no port and no handle.
 *
 * <p>No threads, no clocks, seeded names: the same seed makes the same calls in the same order, so a
 * failing seed replays exactly ({@code ./jmojo simulate --seeds 1 --from SEED}).
 */
final class Simulation {
    /**
     * Whether endpoints move between nodes, not only within one ({@link EndpointMoves}): proxies, port-accepted,
     * proxy removal and node loss through proxies are exercised. Moves that would close a loop of pipes queued in
     * each other across nodes are still skipped (docs/ports.md, "Orphans": the chase).
     */
    static final boolean MOVES_ACROSS_NODES = true;

    /**
     * Whether a move across nodes may close a loop of pipes queued in each other ({@link EndpointMoves}), so pipes
     * sent into each other from several nodes at once chase each other (docs/ports.md, "Orphans").
     */
    static final boolean LOOPS_ACROSS_NODES = true;

    /**
     * Whether a seed with faults (a link loss, a kill, or a hostile node, which is cut off) fuses pipes whose ends'
     * peers are on other nodes ({@link PipeFuses}), and merges ends of two nodes by merge-port. On since node loss
     * handles buffering and proxying ports (dead-port notices): a fuse's proxies are plain proxies. Seeds without
     * faults fuse across nodes either way.
     */
    static final boolean FUSES_ACROSS_NODES_UNDER_FAULTS = true;

    /** Most frames quiescence delivers before it calls the run a livelock (a flood is about 65,537). */
    static final int MAX_QUIESCENCE_FRAMES = 400_000;

    /** What one seed did and found. */
    record Outcome(long seed, String setup, List<String> findings) {
        boolean passed() {
            return findings.isEmpty();
        }
    }

    private Simulation() {}

    /** Runs seed {@code seed}, adding its counts to {@code total}. */
    static Outcome run(long seed, Stats total) {
        Stats stats = new Stats();
        stats.seeds = 1;
        World w = null;
        String setup = "?";
        try {
            java.util.SplittableRandom shape = new java.util.SplittableRandom(seed ^ 0x5deece66dL);
            int nodeCount = 2 + shape.nextInt(5);
            w = new World(seed, nodeCount, stats);
            World world = w;
            boolean staging = w.random.nextBoolean();
            w.network.stageEntries(staging);
            int steps = 40 + w.random.nextInt(260);
            PipeTraffic traffic = new PipeTraffic(w);
            EndpointMoves moves = new EndpointMoves(traffic, MOVES_ACROSS_NODES);
            PipeFuses fuses = new PipeFuses(traffic);
            List<Workload> workloads = new ArrayList<>(List.of(traffic, moves, fuses));
            HostileNode hostile = null;
            if (w.random.nextInt(4) == 0) {
                hostile = new HostileNode(w.random.nextInt(nodeCount), traffic);
                workloads.add(hostile);
                fuses.untrusted(hostile.self());
            }
            // Faults at steps chosen now: 0 to 3, each a link loss or a kill.
            int faultCount = w.random.nextInt(4);
            long[] faultAt = new long[faultCount];
            boolean[] kill = new boolean[faultCount];
            StringBuilder faults = new StringBuilder();
            for (int f = 0; f < faultCount; f++) {
                faultAt[f] = w.random.nextInt(steps);
                kill[f] = w.random.nextInt(5) < 2;
                faults.append(f == 0 ? "" : ", ").append(kill[f] ? "kill@" : "link-loss@").append(faultAt[f]);
            }
            setup = nodeCount + " nodes, " + steps + " steps, " + (staging ? "staged entries" : "direct entries")
                    + (hostile == null ? "" : ", " + hostile.name()) + ", faults: " + (faultCount == 0 ? "none" : faults);
            fuses.acrossNodes(FUSES_ACROSS_NODES_UNDER_FAULTS || (hostile == null && faultCount == 0));
            HostileNode h = hostile;
            boolean[] faultSeen = new boolean[1];
            w.network.onDelivery((link, frame, verdict, violation) -> {
                world.stats.frames++;
                world.trace(() -> "deliver n" + world.indexOf(link.from()) + "->n" + world.indexOf(link.to()) + " "
                        + World.describe(frame) + " => " + (violation != null ? "CUT OFF: " + violation.getMessage() : verdict));
                if (violation != null) {
                    world.stats.violations++;
                    world.stats.violationKinds.merge(violation.category().name(), 1L, Long::sum);
                    faultSeen[0] = true;
                    // Only the hostile node misbehaves: a cut-off of any other node harms a neighbour.
                    world.check(h != null && link.from().equals(world.name(h.self()))
                                    && violation.offender().equals(link.from()), "[innocent-cut-off]",
                            "node " + world.indexOf(link.from()) + " was cut off by node " + world.indexOf(link.to())
                                    + (h == null ? " (no hostile node)" : " (the hostile node is " + h.self() + ")")
                                    + ": " + violation.getMessage());
                }
                if (h != null) {
                    h.delivered(world, link, frame, verdict, violation);
                }
            });

            for (int step = 0; step < steps; step++) {
                stats.steps++;
                for (int f = 0; f < faultCount; f++) {
                    if (faultAt[f] == step) {
                        inject(w, kill[f]);
                        faultSeen[0] = true;
                    }
                }
                int roll = w.random.nextInt(100);
                if (roll < 40) {
                    deliverRandom(w);
                } else if (roll < 52 && staging) {
                    admitRandom(w);
                } else {
                    int pick = w.random.nextInt(20);
                    Workload wl = pick < 3 ? moves : pick < 5 ? (hostile != null ? hostile : traffic) : pick < 7 ? fuses : traffic;
                    wl.step(w);
                }
                if (faultSeen[0]) {
                    faultSeen[0] = false;
                    for (Workload wl : workloads) {
                        wl.afterFault(w);
                    }
                }
            }
            if (hostile != null || faultCount > 0) {
                stats.fusesAcrossNodesUnderFaults = stats.fusesAcrossNodes;
            }
            quiesce(w, faultSeen, workloads);
            for (Workload wl : workloads) {
                wl.finish(w);
            }
            quiesce(w, faultSeen, workloads);
            for (int n = 0; n < nodeCount; n++) {
                if (!w.alive(n)) {
                    continue;
                }
                LocalCore node = w.nodes.get(n);
                w.check(node.portCount() == 0 && node.liveHandleCount() == 0 && node.portsInTransitCount() == 0,
                        "[leak]", "node " + n + " has " + node.portCount() + " port(s), " + node.liveHandleCount()
                                + " handle(s), " + node.portsInTransitCount() + " port(s) in transit after everything closed");
            }
        } catch (RuntimeException | AssertionError e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            String[] lines = trace.toString().split("\n");
            StringBuilder top = new StringBuilder();
            for (int k = 0; k < Math.min(8, lines.length); k++) {
                top.append("\n      ").append(lines[k].strip());
            }
            List<String> f = new ArrayList<>(w == null ? List.of() : w.findings);
            f.add("[crash] " + top);
            total.add(stats);
            return new Outcome(seed, setup, f);
        }
        total.add(stats);
        return new Outcome(seed, setup, List.copyOf(w.findings));
    }

    /** A link loss between two live nodes, or a kill of a live node (while at least two live). */
    private static void inject(World w, boolean kill) {
        List<Integer> live = w.liveNodes();
        if (live.size() < 2) {
            return;
        }
        int x = live.get(w.random.nextInt(live.size()));
        if (kill) {
            w.dead.set(x, true);
            w.network.kill(w.name(x));
            w.stats.fault("kill");
            return;
        }
        int y = live.get(w.random.nextInt(live.size()));
        if (y == x) {
            y = live.get((live.indexOf(x) + 1) % live.size());
        }
        w.network.loseLink(w.name(x), w.name(y));
        w.stats.fault("link loss");
    }

    private static boolean deliverRandom(World w) {
        List<SimulatedNetwork.Link> busy = w.network.busyLinks();
        if (busy.isEmpty()) {
            return admitRandom(w);
        }
        return w.network.deliverOn(busy.get(w.random.nextInt(busy.size())));
    }

    private static boolean admitRandom(World w) {
        Map<SimulatedNetwork.Link, Integer> staged = w.network.stagedLinks();
        if (staged.isEmpty()) {
            return false;
        }
        int k = w.random.nextInt(staged.size());
        for (Map.Entry<SimulatedNetwork.Link, Integer> e : staged.entrySet()) {
            if (k-- == 0) {
                w.network.admit(e.getKey(), w.random.nextInt(e.getValue()));
                return true;
            }
        }
        return false;
    }

    /** Delivers every frame, in a random order across links, running afterFault after any cut-off. */
    private static void quiesce(World w, boolean[] faultSeen, List<Workload> workloads) {
        int delivered = 0;
        while (w.network.pendingFrames() > 0) {
            if (!deliverRandom(w)) {
                break;
            }
            if (faultSeen[0]) {
                faultSeen[0] = false;
                for (Workload wl : workloads) {
                    wl.afterFault(w);
                }
            }
            if (++delivered > MAX_QUIESCENCE_FRAMES) {
                w.fail("[livelock]", "still " + w.network.pendingFrames() + " frames after delivering " + delivered);
                return;
            }
        }
    }
}

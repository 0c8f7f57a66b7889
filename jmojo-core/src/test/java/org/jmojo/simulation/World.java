package org.jmojo.simulation;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.internal.multinode.SimulatedNetwork;
import org.jmojo.internal.ports.NameGenerator;
import org.jmojo.internal.ports.NodeName;
import org.jmojo.internal.ports.wire.EventCodec;
import org.jmojo.internal.ports.wire.EventDecodeException;

/**
 * The state of one seed's run, shared by the scheduler and the workloads: the nodes, the network joining
 * them, the seeded random source every choice comes from, the findings and the counts. One thread only.
 */
final class World {
    final long seed;
    /** Every random choice of the run comes from here, in program order: the seed replays exactly. */
    final SplittableRandom random;
    final SimulatedNetwork network = new SimulatedNetwork();
    final List<LocalCore> nodes = new ArrayList<>();
    final List<Boolean> dead = new ArrayList<>();
    final Stats stats;
    final List<String> findings = new ArrayList<>();

    World(long seed, int nodeCount, Stats stats) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.stats = stats;
        for (int i = 0; i < nodeCount; i++) {
            // Seeded names: the maps keyed by them iterate alike on every replay.
            LocalCore n = LocalCore.of(LocalCore.newNode(new NameGenerator(new SplittableRandom(seed * 31 + i))));
            network.join(n.core());
            nodes.add(n);
            dead.add(false);
        }
    }

    boolean alive(int node) {
        return !dead.get(node);
    }

    NodeName name(int node) {
        return nodes.get(node).nodeName();
    }

    /** The index of the node named {@code name}, or -1 if none is. */
    int indexOf(NodeName name) {
        for (int n = 0; n < nodes.size(); n++) {
            if (name(n).equals(name)) {
                return n;
            }
        }
        return -1;
    }

    /** Whether frames between the two nodes (the same node: always) still flow. */
    boolean connected(int x, int y) {
        return x == y ? alive(x) : alive(x) && alive(y) && !network.isLost(name(x), name(y));
    }

    /** A random live node, or -1 if none. */
    int randomLiveNode() {
        List<Integer> live = liveNodes();
        return live.isEmpty() ? -1 : live.get(random.nextInt(live.size()));
    }

    List<Integer> liveNodes() {
        List<Integer> live = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (alive(i)) {
                live.add(i);
            }
        }
        return live;
    }

    /**
     * Whether the run prints its schedule (every frame delivered, with the receiver's verdict, and every forged frame
     * sent) to standard output: {@code -Djmojo.simulation.trace=true}, for replaying one seed by hand. Off by default.
     */
    static final boolean TRACE = Boolean.getBoolean("jmojo.simulation.trace");

    /** Prints one line of the schedule if {@link #TRACE} is on; {@code line} is only built then. */
    void trace(Supplier<String> line) {
        if (TRACE) {
            System.out.println("  trace " + line.get());
        }
    }

    /** A frame as its event, for {@link #trace}; the bytes' length if they are no event. */
    static String describe(byte[] frame) {
        try {
            return EventCodec.decode(MemorySegment.ofArray(frame), 0).toString();
        } catch (EventDecodeException e) {
            return frame.length + " bytes that are no event (" + e.getMessage() + ")";
        }
    }

    /** Counts one invariant check; records a finding under {@code heading} if it failed. */
    boolean check(boolean holds, String heading, String detail) {
        stats.checks++;
        if (!holds) {
            fail(heading, detail);
        }
        return holds;
    }

    void fail(String heading, String detail) {
        if (findings.size() < 20) {
            findings.add(heading + " " + detail);
        }
    }
}

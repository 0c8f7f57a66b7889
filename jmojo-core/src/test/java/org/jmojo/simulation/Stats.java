package org.jmojo.simulation;

import java.util.Map;
import java.util.TreeMap;

/** Counts over one or many seeds: what ran, what was injected, what was checked. One thread only. */
final class Stats {
    long seeds;
    long steps;
    long frames;
    long checks;
    /** Endpoints sent inside messages. */
    long moves;
    /** Moves skipped because they would close a loop (only with moves across nodes). */
    long loopsAvoided;
    /** Moves that closed a loop of pipes queued in each other. */
    long loopsMade;
    /** Pipes fused into one ({@link PipeFuses}), those with a peer on another node, and fuses refused as they must be. */
    long fuses;
    long fusesAcrossNodes;
    /** Of those, the ones made by the node layer's merge-port. */
    long remoteMerges;
    /** Fuses with a peer on another node in seeds with faults (a link loss, a kill or a hostile node). */
    long fusesAcrossNodesUnderFaults;
    long fusesRefused;
    /** Faults injected, by kind (link loss, kill, each hostile attack). */
    final Map<String, Long> faults = new TreeMap<>();
    long violations;
    /** Violations by the cut-off reason they earn (the ports layer's category: SEQUENCE, FORGED_SENDER, ...). */
    final Map<String, Long> violationKinds = new TreeMap<>();

    void fault(String kind) {
        faults.merge(kind, 1L, Long::sum);
    }

    long faultTotal() {
        long n = 0;
        for (long v : faults.values()) {
            n += v;
        }
        return n;
    }

    void add(Stats o) {
        seeds += o.seeds;
        steps += o.steps;
        frames += o.frames;
        checks += o.checks;
        moves += o.moves;
        loopsAvoided += o.loopsAvoided;
        loopsMade += o.loopsMade;
        fuses += o.fuses;
        fusesAcrossNodes += o.fusesAcrossNodes;
        remoteMerges += o.remoteMerges;
        fusesAcrossNodesUnderFaults += o.fusesAcrossNodesUnderFaults;
        fusesRefused += o.fusesRefused;
        violations += o.violations;
        o.faults.forEach((k, v) -> faults.merge(k, v, Long::sum));
        o.violationKinds.forEach((k, v) -> violationKinds.merge(k, v, Long::sum));
    }
}

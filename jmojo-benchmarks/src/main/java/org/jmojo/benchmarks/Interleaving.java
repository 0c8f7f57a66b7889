package org.jmojo.benchmarks;

import java.util.List;

/**
 * The schedule of an interleaved fork: one JMH fork measures every transport of a metric, one
 * iteration each in turn, so that jmojo and its baselines see the same moments of the machine's load.
 * Iteration {@code k} of a fork (warm-up iterations included, counted from 0) measures transport
 * {@code (k + rotation) mod n} of the benchmark's transport list; {@code rotation} is the round number,
 * so that no transport always runs first in a cycle.
 *
 * <p>The benchmark state counts its iterations in its {@code @Setup(Level.Iteration)} method (JMH calls
 * it once before each warm-up and measurement iteration) and {@link CoreBench} maps JMH's measurement
 * iterations back to transports with {@link #transportOf}; both sides use this one rule.
 */
final class Interleaving {
    private Interleaving() {}

    /**
     * The transport measured by iteration {@code iteration} of a fork.
     *
     * @throws IllegalArgumentException if {@code iteration} is negative or {@code transports} is empty
     */
    static String transportOf(int iteration, int rotation, List<String> transports) {
        if (iteration < 0 || transports.isEmpty()) {
            throw new IllegalArgumentException("iteration must be >= 0 and transports non-empty: iteration "
                    + iteration + ", transports " + transports);
        }
        return transports.get(Math.floorMod(iteration + rotation, transports.size()));
    }
}

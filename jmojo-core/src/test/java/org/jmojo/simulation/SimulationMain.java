package org.jmojo.simulation;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./jmojo simulate}: runs the deterministic simulation for a range of seeds and prints what it did.
 * Exit status 0 if every seed passed, 1 if one failed, 2 for a usage error.
 */
public final class SimulationMain {
    static final String USAGE = """
            usage: ./jmojo simulate --seeds N [--from S] [--stop-at-first-failure]

            Runs the deterministic simulation of the ports protocol across nodes (jmojo-core) for seeds
            S .. S+N-1 (default S = 1). Each seed fixes every choice of its run: 2 to 6 nodes in one JVM
            joined by simulated channels, pipes between them written both ways with checksummed, numbered
            messages, read and closed, frames delivered in a random order across links (and, in half the
            seeds, handed to their link out of order, as concurrent writers do), links lost, nodes killed,
            and in a quarter of the seeds a hostile node forging frames with stolen port names. After every
            step and at the end it checks: per pipe no message lost, duplicated, reordered or forged;
            PEER_CLOSED only after the last message; pipes through a lost link or killed node peer-closed at
            once; no forged frame processed, garbage or a flood cuts the sender off, and no node but the
            hostile one is ever cut off; at the end no port or handle left on any live node.

              --seeds N                how many seeds to run (required)
              --from S                 the first seed (default 1)
              --stop-at-first-failure  stop after the first failing seed
              --help                   this text; runs nothing

            A failing seed is printed with its findings and the command that replays it exactly, e.g.
              ./jmojo simulate --seeds 1 --from 1234
            At the end: seeds per second, faults injected by kind, invariant checks made.
            Exit status: 0 all seeds passed, 1 a seed failed, 2 bad arguments.
            """;

    private SimulationMain() {}

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        System.out.flush();
        System.exit(status);
    }

    /** The command that replays {@code seed} alone. */
    static String replayCommand(long seed) {
        return "./jmojo simulate --seeds 1 --from " + seed;
    }

    /** Parses {@code args} and runs; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> rest = new ArrayList<>(List.of(args));
        if (rest.contains("--help") || rest.contains("-h")) {
            out.print(USAGE);
            return 0;
        }
        boolean stop = rest.remove("--stop-at-first-failure");
        long from;
        long seeds;
        try {
            // What is left are "--option value" pairs.
            Map<String, Long> values = new HashMap<>(Map.of("--from", 1L));
            for (int i = 0; i < rest.size(); i += 2) {
                String option = rest.get(i);
                if (!option.equals("--seeds") && !option.equals("--from")) {
                    throw new IllegalArgumentException("unknown option '" + option + "'");
                }
                if (i + 1 == rest.size()) {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                values.put(option, Long.parseLong(rest.get(i + 1)));
            }
            seeds = values.getOrDefault("--seeds", -1L);
            from = values.get("--from");
            if (seeds < 1) {
                throw new IllegalArgumentException("--seeds N is required, with N >= 1");
            }
        } catch (IllegalArgumentException e) {
            err.println("jmojo simulate: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        out.printf("jmojo simulate: seeds %d..%d%n", from, from + seeds - 1);
        Summary s = campaign(from, seeds, stop, seeds >= 200_000 ? 100_000 : 0, out);
        out.println(s.report());
        return s.failed == 0 ? 0 : 1;
    }

    /** What a campaign did. */
    static final class Summary {
        final Stats stats = new Stats();
        long failed;
        long firstFailed = -1;
        long nanos;

        String report() {
            double seconds = nanos / 1e9;
            StringBuilder faults = new StringBuilder();
            for (Map.Entry<String, Long> e : stats.faults.entrySet()) {
                faults.append(faults.isEmpty() ? "" : ", ").append(e.getKey()).append(' ')
                        .append(String.format(Locale.ROOT, "%,d", e.getValue()));
            }
            return String.format(Locale.ROOT, "%,d seeds in %.1f s (%.0f seeds/s): %,d failed%s%n"
                    + "  %,d steps, %,d frames delivered, %,d endpoints moved (%,d closing a loop of pipes; %,d skipped: a loop across nodes)%n"
                    + "  %,d pipes fused (%,d with a peer on another node, %,d of those by merge-port, %,d in seeds with"
                    + " faults; %,d fuses refused as they must be)%n"
                    + "  %,d faults injected (%s); %,d violations cut a sender off %s%n"
                    + "  %,d invariant checks made",
                    stats.seeds, seconds, stats.seeds / Math.max(seconds, 1e-9), failed,
                    failed == 0 ? "" : " (first: seed " + firstFailed + ")",
                    stats.steps, stats.frames, stats.moves, stats.loopsMade, stats.loopsAvoided, stats.fuses, stats.fusesAcrossNodes,
                    stats.remoteMerges, stats.fusesAcrossNodesUnderFaults, stats.fusesRefused,
                    stats.faultTotal(), faults.isEmpty() ? "none" : faults,
                    stats.violations, stats.violationKinds, stats.checks);
        }
    }

    /**
     * Runs seeds {@code from .. from + count - 1}, printing each failing one with its replay command, and a
     * progress line every {@code progressEvery} seeds (0: none).
     */
    static Summary campaign(long from, long count, boolean stopAtFirstFailure, long progressEvery, PrintStream out) {
        Summary s = new Summary();
        long start = System.nanoTime();
        for (long seed = from; seed < from + count; seed++) {
            if (progressEvery > 0 && seed > from && (seed - from) % progressEvery == 0) {
                double seconds = (System.nanoTime() - start) / 1e9;
                out.printf(Locale.ROOT, "... %,d seeds in %.0f s (%.0f seeds/s), %,d failed, %,d faults, %,d checks%n",
                        seed - from, seconds, (seed - from) / seconds, s.failed, s.stats.faultTotal(), s.stats.checks);
                out.flush();
            }
            Simulation.Outcome o = Simulation.run(seed, s.stats);
            if (!o.passed()) {
                s.failed++;
                if (s.firstFailed < 0) {
                    s.firstFailed = seed;
                }
                out.println("seed " + seed + " FAILED (" + o.setup() + "):");
                for (String f : o.findings()) {
                    out.println("  " + f);
                }
                out.println("  replay: " + replayCommand(seed));
                if (stopAtFirstFailure) {
                    break;
                }
            }
        }
        s.nanos = System.nanoTime() - start;
        return s;
    }
}

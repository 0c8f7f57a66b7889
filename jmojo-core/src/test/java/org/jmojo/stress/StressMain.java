package org.jmojo.stress;

import java.io.PrintStream;

/**
 * {@code ./jmojo stress}: runs the randomized stress test of the system API for a range of seeds.
 * Exit status 0 if every seed passed, 1 if one failed or hung, 2 for a usage error.
 */
public final class StressMain {
    static final String USAGE = """
            usage: ./jmojo stress --seeds N [--from S] [--nodes K] [--ops-scale X] [--timeout SECONDS]
                                  [--stop-at-first-failure]

            Runs the randomized stress test of the Mojo system API (jmojo-core) for seeds S .. S+N-1
            (default S = 1). Each seed fixes every random choice of its run: 2 to 8 worker threads, platform
            and virtual, share a pool of pipes and write checksummed messages, send endpoints nested at any
            depth, read, close, wait, set quotas, and use traps and wait sets, all racing each other. After
            each seed it checks that every write that returned OK was read exactly once, in order and intact
            (unless its receiver was closed), that only documented results came back, that PEER_CLOSED was
            seen only where the peer was gone, that each trap trigger's events end with exactly one
            CANCELLED, and that nothing is left alive once everything is closed.

              --seeds N                how many seeds to run (required)
              --from S                 the first seed (default 1)
              --nodes K                spread the pipes over K nodes (K >= 2) joined by a simulated channel
                                       that delivers on the sending thread; default: one node. Handles are
                                       attached only within one node until endpoints move between nodes
              --ops-scale X            multiply each worker's number of operations by X (default 1)
              --timeout SECONDS        watchdog: a seed still running after this long is a hang; every
                                       thread's stack is printed and the run stops (default 60)
              --stop-at-first-failure  stop after the first failing seed
              --help                   this text; runs nothing

            A failing seed is printed with its findings and the command that runs it again, for example
              ./jmojo stress --seeds 1 --from 1234
            (threads still interleave differently from run to run, so rerun it a few times if needed).
            Exit status: 0 all seeds passed, 1 a seed failed or hung, 2 bad arguments.
            """;

    private StressMain() {}

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        System.out.flush();
        // A hung seed leaves threads behind: end the JVM whatever they do.
        System.exit(status);
    }

    /** Parses {@code args} and runs; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        long from = 1;
        int seeds = -1;
        double scale = 1.0;
        int timeout = StressRunner.Options.DEFAULT.timeoutSeconds();
        boolean stop = false;
        int nodes = 1;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--help", "-h" -> {
                        out.print(USAGE);
                        return 0;
                    }
                    case "--seeds" -> seeds = Integer.parseInt(value(args, ++i, "--seeds"));
                    case "--from" -> from = Long.parseLong(value(args, ++i, "--from"));
                    case "--nodes" -> nodes = Integer.parseInt(value(args, ++i, "--nodes"));
                    case "--ops-scale" -> scale = Double.parseDouble(value(args, ++i, "--ops-scale"));
                    case "--timeout" -> timeout = Integer.parseInt(value(args, ++i, "--timeout"));
                    case "--stop-at-first-failure" -> stop = true;
                    default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
                }
            }
            if (seeds < 1) {
                throw new IllegalArgumentException("--seeds N is required, with N >= 1");
            }
            if (nodes < 1) {
                throw new IllegalArgumentException("--nodes must be >= 1");
            }
            if (!(scale > 0) || timeout < 1) {
                throw new IllegalArgumentException("--ops-scale must be > 0 and --timeout >= 1");
            }
        } catch (IllegalArgumentException e) {
            err.println("jmojo stress: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        StressSystem system = nodes == 1 ? new LocalSystem() : new MultiNodeSystem(nodes);
        StressRunner.Summary s = new StressRunner(system, out)
                .run(new StressRunner.Options(from, seeds, scale, timeout, stop));
        return s.passed() ? 0 : 1;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}

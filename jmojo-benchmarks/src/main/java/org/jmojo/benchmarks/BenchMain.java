package org.jmojo.benchmarks;

import java.nio.file.Path;

/**
 * The entry point of {@code ./jmojo bench}: {@code core [--rounds N]} runs {@link CoreBench},
 * {@code codec} runs {@link org.jmojo.benchmarks.codec.CodecBench}, {@code rpc [--rounds N]} runs
 * {@link RpcBench}, {@code ipc [--rounds N]} runs {@link IpcBench}. Each writes its table to
 * {@code <jmojo.root>/target/bench/<suite>.json}. The forked JVMs inherit this JVM's class path (the
 * launcher's), so the benchmark list generated into this module's jar is found.
 */
public final class BenchMain {
    static final String USAGE =
            "Usage: jmojo bench core [--rounds N] | codec | rpc [--rounds N] | ipc [--rounds N]   (see ./jmojo bench --help)";

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(USAGE);
            return;
        }
        Path root = Path.of(System.getProperty("jmojo.root", "."));
        if (args.length > 0 && args[0].equals("rpc")) {
            int rounds;
            try {
                rounds = rpcRounds(args);
            } catch (IllegalArgumentException e) {
                usageError(e);
                return;
            }
            RpcBench.run(root, rounds, System.out);
            return;
        }
        if (args.length > 0 && args[0].equals("ipc")) {
            int rounds;
            try {
                rounds = rounds(args, IpcBench.DEFAULT_ROUNDS);
            } catch (IllegalArgumentException e) {
                usageError(e);
                return;
            }
            IpcBench.run(root, rounds, System.out);
            return;
        }
        boolean codec = args.length > 0 && args[0].equals("codec");
        CoreBench.Settings settings = null;
        try {
            if (codec && args.length > 1) {
                throw new IllegalArgumentException("codec takes no arguments: " + args[1]);
            }
            if (!codec) {
                settings = coreSettings(args);
            }
        } catch (IllegalArgumentException e) {
            usageError(e);
            return;
        }
        if (codec) {
            org.jmojo.benchmarks.codec.CodecBench.run(root);
        } else {
            CoreBench.run(root, settings, System.out);
        }
    }

    /** Prints what was wrong with the arguments and the usage, and exits with status 2. */
    private static void usageError(IllegalArgumentException e) {
        System.err.println("jmojo bench: " + e.getMessage());
        System.err.println(USAGE);
        System.exit(2);
    }

    /**
     * The rounds of {@code rpc [--rounds N]}.
     *
     * @throws IllegalArgumentException naming the argument that is not understood or the count that is
     *     not a positive integer
     */
    static int rpcRounds(String... args) {
        return rounds(args, RpcBench.DEFAULT_ROUNDS);
    }

    /** The rounds of {@code SUITE [--rounds N]}: {@code defaultRounds} when not given. */
    static int rounds(String[] args, int defaultRounds) {
        if (args.length == 1) {
            return defaultRounds;
        }
        if (args.length == 3 && args[1].equals("--rounds")) {
            return positive(args[2]);
        }
        throw new IllegalArgumentException(args[0] + " takes only --rounds N: " + String.join(" ", args));
    }

    private static int positive(String n) {
        int rounds;
        try {
            rounds = Integer.parseInt(n);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--rounds must be a positive integer: " + n, e);
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be a positive integer: " + n);
        }
        return rounds;
    }

    /**
     * The settings of {@code core [--rounds N]}.
     *
     * @throws IllegalArgumentException naming the argument that is not understood or the count that is
     *     not a positive integer
     */
    static CoreBench.Settings coreSettings(String... args) {
        if (args.length == 0 || !args[0].equals("core")) {
            throw new IllegalArgumentException("expected the suite, core, codec, rpc or ipc, first: "
                    + (args.length == 0 ? "nothing given" : args[0]));
        }
        CoreBench.Settings s = CoreBench.DEFAULT;
        for (int i = 1; i < args.length; i++) {
            if (!args[i].equals("--rounds")) {
                throw new IllegalArgumentException("unknown argument for core: " + args[i]);
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException("--rounds needs a count");
            }
            s = s.withRounds(positive(args[++i]));
        }
        return s;
    }
}

package org.jmojo.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import org.openjdk.jmh.runner.RunnerException;

/**
 * The entry point of {@code ./jmojo bench}: {@code core [--rounds N]} runs {@link CoreBench},
 * {@code codec} runs {@link org.jmojo.benchmarks.codec.CodecBench}. Each writes its table to
 * {@code <jmojo.root>/target/bench/<suite>.json}. The forked JVMs inherit this JVM's class path (the
 * launcher's), so the benchmark list generated into this module's jar is found.
 */
public final class BenchMain {
    static final String USAGE = "Usage: jmojo bench core [--rounds N] | codec   (see ./jmojo bench --help)";

    private BenchMain() {}

    public static void main(String[] args) throws RunnerException, IOException {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(USAGE);
            return;
        }
        Path root = Path.of(System.getProperty("jmojo.root", "."));
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
            System.err.println("jmojo bench: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (codec) {
            org.jmojo.benchmarks.codec.CodecBench.run(root);
        } else {
            CoreBench.run(root, settings, System.out);
        }
    }

    /**
     * The settings of {@code core [--rounds N]}.
     *
     * @throws IllegalArgumentException naming the argument that is not understood or the count that is
     *     not a positive integer
     */
    static CoreBench.Settings coreSettings(String... args) {
        if (args.length == 0 || !args[0].equals("core")) {
            throw new IllegalArgumentException("expected the suite, core or codec, first: "
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
            String n = args[++i];
            int rounds;
            try {
                rounds = Integer.parseInt(n);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--rounds must be a positive integer: " + n, e);
            }
            if (rounds < 1) {
                throw new IllegalArgumentException("--rounds must be a positive integer: " + n);
            }
            s = s.withRounds(rounds);
        }
        return s;
    }
}

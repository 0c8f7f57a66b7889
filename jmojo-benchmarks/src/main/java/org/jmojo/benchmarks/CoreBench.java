package org.jmojo.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.jmojo.system.Core;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * {@code ./jmojo bench core}: message-pipe round trip and one-way throughput against Agrona's queue and
 * {@link java.util.concurrent.LinkedTransferQueue}, measured interleaved, and written to
 * {@code <jmojo.root>/target/bench/core.json}.
 *
 * <p><b>Method.</b> The suite runs in rounds. A round is one JMH fork per benchmark and size (round
 * trip; throughput at 64 B; at 4 KiB), and each fork measures every transport of its metric in turn,
 * one short iteration each, cycle after cycle ({@link Interleaving}), so jmojo and its baselines share
 * the moments, and thus the load, of that fork. In each fork a transport's figure is the median of its
 * measurement iterations; the round's ratio is computed from the figures of the same fork. Over the
 * rounds every row reports the median ratio and its spread (minimum, quartiles, maximum), and the
 * medians of the raw figures. A round is a fresh JVM, so the rounds also sample the JVM-to-JVM
 * differences (heap layout, JIT decisions) that dominate on this machine.
 *
 * <p>JSON row: {@code name, unit, jmojo, baseline, baseline_name, ratio} as before, now medians over
 * the rounds (so {@code ratio} is the median of the per-round ratios, not the ratio of the medians),
 * then {@code ratio_median, ratio_min, ratio_q1, ratio_q3, ratio_max, ratio_iqr, jmojo_min, jmojo_max,
 * baseline_min, baseline_max, rounds} and {@code round_ratios} (each round's ratio, in round order).
 * {@code ratio} is jmojo ÷ baseline for times and baseline ÷ jmojo for rates: lower is better in both.
 */
final class CoreBench {

    /**
     * How long a run is. A fork warms up with {@code warmupCycles} cycles (one iteration of each
     * transport) and measures {@code measuredCycles} cycles.
     *
     * @param forked whether each round's benchmarks run in a forked JVM (always, except in the smoke
     *     test, which runs them in its own JVM)
     */
    record Settings(int rounds, int warmupCycles, TimeValue warmupTime, int measuredCycles, TimeValue measuredTime,
            boolean forked) {
        Settings {
            if (rounds < 1 || warmupCycles < 0 || measuredCycles < 1) {
                throw new IllegalArgumentException("rounds and measured cycles must be at least 1, warm-up cycles"
                        + " at least 0: rounds " + rounds + ", warm-up " + warmupCycles + ", measured " + measuredCycles);
            }
        }

        Settings withRounds(int n) {
            return new Settings(n, warmupCycles, warmupTime, measuredCycles, measuredTime, forked);
        }
    }

    /**
     * The default: 10 rounds, each fork 2 warm-up cycles of 300 ms and 5 measured cycles of 150 ms per
     * transport (docs/performance.md §1.1 gives the run time and why).
     */
    static final Settings DEFAULT =
            new Settings(10, 2, TimeValue.milliseconds(300), 5, TimeValue.milliseconds(150), true);

    /** One measured quantity; its rows compare jmojo with each baseline. */
    record Metric(String name, String unit, boolean time) {}

    static final Metric ROUND_TRIP = new Metric("round trip, 64 B", "us/op", true);
    static final Metric ROUND_TRIP_PASSED = new Metric("round trip, 64 B, over a passed pipe", "us/op", true);
    static final Metric THROUGHPUT_64 = new Metric("one-way throughput, 64 B", "msg/s", false);
    static final Metric THROUGHPUT_4K = new Metric("one-way throughput, 4 KiB", "msg/s", false);
    static final List<Metric> METRICS = List.of(ROUND_TRIP, ROUND_TRIP_PASSED, THROUGHPUT_64, THROUGHPUT_4K);

    /** Baseline transport name to the name a row gives it. */
    static final Map<String, String> BASELINES = Map.of(
            Transports.AGRONA, "Agrona OneToOneConcurrentArrayQueue, busy-spinning threads",
            Transports.LTQ, "java.util.concurrent.LinkedTransferQueue, blocking take()");
    private static final List<String> BASELINE_ORDER = List.of(Transports.AGRONA, Transports.LTQ);

    /** One metric against one baseline over all rounds. */
    record Row(String name, String unit, String baselineName, Spread jmojo, Spread baseline, Spread ratio,
            List<Double> roundRatios) {}

    /** One round's figures: metric to transport to figure (jmojo under {@link Transports#JMOJO}). */
    record Round(Map<Metric, Map<String, Double>> figures) {}

    private CoreBench() {}

    /** Runs the suite, prints progress and the table to {@code out}, writes the JSON; returns its path. */
    static Path run(Path root, Settings settings, PrintStream out) throws RunnerException, IOException {
        List<Round> rounds = new ArrayList<>();
        long start = System.nanoTime();
        LockWait lockWait = new LockWait(out);
        for (int r = 0; r < settings.rounds(); r++) {
            Round round = runRound(settings, r, lockWait);
            rounds.add(round);
            out.printf(Locale.ROOT, "round %d/%d (%.0f s): %s%n", r + 1, settings.rounds(),
                    (System.nanoTime() - start) / 1e9, summary(round));
        }
        List<Row> rows = rows(rounds);
        Path file = root.resolve("target/bench/core.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, toJson(rows), StandardCharsets.UTF_8);
        out.println();
        out.print(table(rows));
        out.printf(Locale.ROOT, "%d rounds in %.0f s (%.0f s of it waiting for other JMH runs); written to %s%n",
                settings.rounds(), (System.nanoTime() - start) / 1e9, lockWait.waitedNanos / 1e9, file);
        return file;
    }

    /** One round: a fork of the round trip, then one of throughput per size. */
    private static Round runRound(Settings settings, int round, LockWait lockWait) throws RunnerException {
        List<RunResult> results = new ArrayList<>();
        results.addAll(runFork(settings, RoundTripBenchmark.class, RoundTripBenchmark.TRANSPORTS.size(), round,
                lockWait));
        results.addAll(runFork(settings, ThroughputBenchmark.class, ThroughputBenchmark.TRANSPORTS.size(), round,
                lockWait));
        return roundOf(results, settings);
    }

    /**
     * Waits while another JMH run on this machine holds JMH's lock file ({@code java.io.tmpdir/jmh.lock}):
     * benchmarks of other builds sharing the machine would disturb both runs, and JMH refuses to start
     * beside one. Waits at most {@link #MAX_WAIT_NANOS} in all, and says so once per wait.
     */
    private static final class LockWait {
        static final long MAX_WAIT_NANOS = 20L * 60 * 1_000_000_000;
        private static final String JMH_LOCK_MESSAGE = "Unable to acquire the JMH lock";

        private final PrintStream out;
        /** Time spent waiting so far; only the thread running the suite touches it. */
        long waitedNanos;

        LockWait(PrintStream out) {
            this.out = out;
        }

        Collection<RunResult> run(Options options) throws RunnerException {
            boolean told = false;
            while (true) {
                try {
                    return new Runner(options).run();
                } catch (RunnerException e) {
                    if (e.getMessage() == null || !e.getMessage().contains(JMH_LOCK_MESSAGE)) {
                        throw e;
                    }
                    if (waitedNanos > MAX_WAIT_NANOS) {
                        throw new RunnerException("another JMH run has held "
                                + Path.of(System.getProperty("java.io.tmpdir"), "jmh.lock") + " for "
                                + waitedNanos / 1_000_000_000 + " s of this suite; giving up", e);
                    }
                    if (!told) {
                        out.println("waiting for another JMH run on this machine to finish (it holds "
                                + Path.of(System.getProperty("java.io.tmpdir"), "jmh.lock") + ")");
                        told = true;
                    }
                    long t = System.nanoTime();
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw new RunnerException("interrupted while waiting for the JMH lock", ie);
                    }
                    waitedNanos += System.nanoTime() - t;
                }
            }
        }
    }

    private static Collection<RunResult> runFork(Settings s, Class<?> benchmark, int transports, int round,
            LockWait lockWait) throws RunnerException {
        List<String> jvmArgs = new ArrayList<>(List.of(
                // Agrona 2.x reads jdk.internal.misc.Unsafe.
                "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED",
                // JMH's own use of sun.misc.Unsafe, allowed without a warning per fork.
                "--sun-misc-unsafe-memory-access=allow",
                "-Xms1g",
                "-Xmx1g"));
        String spin = System.getProperty(Core.WAIT_SPIN_NANOS_PROPERTY);
        if (spin != null) {
            jvmArgs.add("-D" + Core.WAIT_SPIN_NANOS_PROPERTY + "=" + spin);
        }
        return lockWait.run(new OptionsBuilder()
                .include("^" + benchmark.getName().replace(".", "\\.") + "\\.")
                .param("rotation", Integer.toString(round))
                .forks(s.forked() ? 1 : 0)
                .warmupIterations(s.warmupCycles() * transports)
                .warmupTime(s.warmupTime())
                .measurementIterations(s.measuredCycles() * transports)
                .measurementTime(s.measuredTime())
                .jvmArgsAppend(jvmArgs.toArray(String[]::new))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build());
    }

    /** A round's figures from its JMH results: each transport's median over its measurement iterations. */
    static Round roundOf(Collection<RunResult> results, Settings settings) {
        Map<Metric, Map<String, Double>> figures = new LinkedHashMap<>();
        for (RunResult r : results) {
            String benchmark = r.getParams().getBenchmark();
            int rotation = Integer.parseInt(r.getParams().getParam("rotation"));
            List<Double> scores = new ArrayList<>();
            for (BenchmarkResult fork : r.getBenchmarkResults()) {
                for (IterationResult it : fork.getIterationResults()) {
                    scores.add(it.getPrimaryResult().getScore());
                }
            }
            if (benchmark.endsWith(".RoundTripBenchmark.roundTrip")) {
                List<String> transports = RoundTripBenchmark.TRANSPORTS;
                Map<String, Double> t = perTransport(scores, settings.warmupCycles() * transports.size(), rotation,
                        transports);
                figures.put(ROUND_TRIP, Map.of(Transports.JMOJO, t.get(Transports.JMOJO),
                        Transports.AGRONA, t.get(Transports.AGRONA), Transports.LTQ, t.get(Transports.LTQ)));
                figures.put(ROUND_TRIP_PASSED, Map.of(Transports.JMOJO, t.get(Transports.JMOJO_PASSED),
                        Transports.AGRONA, t.get(Transports.AGRONA), Transports.LTQ, t.get(Transports.LTQ)));
            } else if (benchmark.endsWith(".ThroughputBenchmark.send")) {
                List<String> transports = ThroughputBenchmark.TRANSPORTS;
                Metric m = r.getParams().getParam("size").equals("4096") ? THROUGHPUT_4K : THROUGHPUT_64;
                figures.put(m, perTransport(scores, settings.warmupCycles() * transports.size(), rotation,
                        transports));
            } else {
                throw new IllegalStateException("a result this suite did not ask for: " + benchmark);
            }
        }
        return new Round(figures);
    }

    /**
     * Each transport's median over the measurement iterations that measured it.
     *
     * @param measured JMH's measurement-iteration scores of one fork, in order
     * @param warmupIterations how many warm-up iterations came before them (they count in the schedule)
     * @throws IllegalArgumentException if the iterations do not cover every transport equally often
     */
    static Map<String, Double> perTransport(List<Double> measured, int warmupIterations, int rotation,
            List<String> transports) {
        if (measured.isEmpty() || measured.size() % transports.size() != 0) {
            throw new IllegalArgumentException(measured.size() + " measurement iterations do not cover the "
                    + transports.size() + " transports " + transports + " equally");
        }
        Map<String, List<Double>> byTransport = new LinkedHashMap<>();
        for (String t : transports) {
            byTransport.put(t, new ArrayList<>());
        }
        for (int i = 0; i < measured.size(); i++) {
            byTransport.get(Interleaving.transportOf(warmupIterations + i, rotation, transports)).add(measured.get(i));
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        byTransport.forEach((t, scores) -> medians.put(t, Spread.median(scores)));
        return medians;
    }

    /** One row per metric and baseline, over all rounds. */
    static List<Row> rows(List<Round> rounds) {
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("no rounds to summarise");
        }
        List<Row> rows = new ArrayList<>();
        for (Metric m : METRICS) {
            for (String baseline : BASELINE_ORDER) {
                List<Double> jmojo = new ArrayList<>();
                List<Double> base = new ArrayList<>();
                List<Double> ratios = new ArrayList<>();
                for (int r = 0; r < rounds.size(); r++) {
                    Map<String, Double> f = rounds.get(r).figures().get(m);
                    if (f == null || f.get(Transports.JMOJO) == null || f.get(baseline) == null) {
                        throw new IllegalStateException("round " + (r + 1) + " has no jmojo or " + baseline
                                + " figure for " + m.name() + ": " + f);
                    }
                    jmojo.add(f.get(Transports.JMOJO));
                    base.add(f.get(baseline));
                    ratios.add(ratio(m.time(), f.get(Transports.JMOJO), f.get(baseline)));
                }
                rows.add(new Row(m.name(), m.unit(), BASELINES.get(baseline), Spread.of(jmojo), Spread.of(base),
                        Spread.of(ratios), List.copyOf(ratios)));
            }
        }
        return rows;
    }

    /** Writes {@code rows} to {@code <root>/target/bench/<suite>.json} and prints their table; returns the file. */
    static Path writeReport(Path root, String suite, List<Row> rows, PrintStream out) throws IOException {
        Path file = root.resolve("target/bench/" + suite + ".json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, toJson(rows), StandardCharsets.UTF_8);
        out.println();
        out.print(table(rows));
        return file;
    }

    /** jmojo ÷ baseline for a time, baseline ÷ jmojo for a rate: how many times worse jmojo is (lower is better). */
    static double ratio(boolean time, double jmojo, double baseline) {
        return time ? jmojo / baseline : baseline / jmojo;
    }

    /** Each metric's ratio against Agrona in this round, for the progress line. */
    private static String summary(Round round) {
        StringJoiner j = new StringJoiner(", ");
        for (Metric m : METRICS) {
            Map<String, Double> f = round.figures().get(m);
            j.add(m.name() + " " + ratioText(ratio(m.time(), f.get(Transports.JMOJO), f.get(Transports.AGRONA))));
        }
        return j + " (× Agrona)";
    }

    static String toJson(List<Row> rows) {
        StringBuilder b = new StringBuilder("[\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            StringJoiner ratios = new StringJoiner(", ", "[", "]");
            r.roundRatios().forEach(x -> ratios.add(String.format(Locale.ROOT, "%.4g", x)));
            b.append(String.format(Locale.ROOT,
                    "  {\"name\": %s, \"unit\": %s, \"jmojo\": %.4g, \"baseline\": %.4g, \"baseline_name\": %s, "
                            + "\"ratio\": %.4g, \"ratio_median\": %.4g, \"ratio_min\": %.4g, \"ratio_q1\": %.4g, "
                            + "\"ratio_q3\": %.4g, \"ratio_max\": %.4g, \"ratio_iqr\": %.4g, \"jmojo_min\": %.4g, "
                            + "\"jmojo_max\": %.4g, \"baseline_min\": %.4g, \"baseline_max\": %.4g, \"rounds\": %d, "
                            + "\"round_ratios\": %s}",
                    Json.quote(r.name()), Json.quote(r.unit()), r.jmojo().median(), r.baseline().median(),
                    Json.quote(r.baselineName()), r.ratio().median(), r.ratio().median(), r.ratio().min(),
                    r.ratio().q1(), r.ratio().q3(), r.ratio().max(), r.ratio().iqr(), r.jmojo().min(),
                    r.jmojo().max(), r.baseline().min(), r.baseline().max(), r.ratio().count(), ratios));
            b.append(i + 1 < rows.size() ? ",\n" : "\n");
        }
        return b.append("]\n").toString();
    }

    /** A Markdown table of {@code rows}: medians over the rounds with their range; ratio lower is better. */
    static String table(List<Row> rows) {
        StringBuilder b = new StringBuilder();
        b.append("| metric | unit | jmojo median (min–max) | baseline | baseline median (min–max) "
                + "| ratio median | ratio min–max | ratio IQR | rounds |\n");
        b.append("| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %s (%s–%s) | %s | %s (%s–%s) | %s | %s–%s | %s | %d |%n",
                    r.name(), r.unit(), number(r.jmojo().median()), number(r.jmojo().min()), number(r.jmojo().max()),
                    r.baselineName(), number(r.baseline().median()), number(r.baseline().min()),
                    number(r.baseline().max()), ratioText(r.ratio().median()), ratioText(r.ratio().min()),
                    ratioText(r.ratio().max()), ratioText(r.ratio().iqr()), r.ratio().count()));
        }
        return b.toString();
    }

    /** Two decimals, or three significant digits below 0.1 (a busy-spinning baseline under load). */
    static String ratioText(double v) {
        return v >= 0.1 || v == 0 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    private static String number(double v) {
        return v >= 1000 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }
}

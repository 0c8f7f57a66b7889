package org.jmojo.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jmojo.system.Core;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs a short benchmark suite through JMH's {@link Runner} and writes its comparison table to
 * {@code <jmojo.root>/target/bench/<suite>.json}: {@code ./jmojo bench core}.
 *
 * <p>Each JSON row is {@code {"name", "unit", "jmojo", "baseline", "baseline_name", "ratio"}}, one per
 * metric and baseline; {@code ratio} is jmojo ÷ baseline for times and baseline ÷ jmojo for rates, so
 * lower is better in both. The forked JVMs inherit this JVM's class path (the launcher's), so the
 * benchmark list generated into this module's jar is found.
 */
public final class BenchMain {
    /** The row format of the JSON file. */
    record Row(String name, String unit, double jmojo, double baseline, String baselineName, double ratio) {}

    /** Appended to a metric measured over a passed pipe; its baselines are those of the plain metric. */
    private static final String PASSED = ", over a passed pipe";

    private static final Map<String, String> BASELINES = new LinkedHashMap<>();

    static {
        BASELINES.put(Transports.AGRONA, "Agrona OneToOneConcurrentArrayQueue, busy-spinning threads");
        BASELINES.put(Transports.LTQ, "java.util.concurrent.LinkedTransferQueue, blocking take()");
    }

    private BenchMain() {}

    public static void main(String[] args) throws RunnerException, IOException {
        if (args.length != 1 || !(args[0].equals("core") || args[0].equals("codec"))) {
            boolean help = args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"));
            (help ? System.out : System.err).println("Usage: jmojo bench core|codec   (see ./jmojo bench --help)");
            System.exit(help ? 0 : 2);
        }
        Path root = Path.of(System.getProperty("jmojo.root", "."));
        if (args[0].equals("codec")) {
            org.jmojo.benchmarks.codec.CodecBench.run(root);
            return;
        }
        Collection<RunResult> results = new Runner(coreOptions().build()).run();
        List<Row> rows = coreRows(results);
        Path out = root.resolve("target/bench/core.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, toJson(rows), StandardCharsets.UTF_8);
        System.out.println();
        System.out.print(table(rows));
        System.out.println("written to " + out);
    }

    /**
     * 2 forks, each 1 × 1 s warm-up and 3 × 1 s measurement: about two minutes for the whole suite. Two
     * JVMs rather than one JVM measured longer, because on the shared 2-vCPU machine runs of one build
     * differ more between JVMs (JIT and heap layout) than between iterations of one JVM; every path is
     * compiled well within the one warm-up second (about a million operations).
     */
    static ChainedOptionsBuilder coreOptions() {
        List<String> jvmArgs = new ArrayList<>(List.of(
                // Agrona 2.x reads jdk.internal.misc.Unsafe.
                "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED",
                "-Xms1g",
                "-Xmx1g"));
        String spin = System.getProperty(Core.WAIT_SPIN_NANOS_PROPERTY);
        if (spin != null) {
            jvmArgs.add("-D" + Core.WAIT_SPIN_NANOS_PROPERTY + "=" + spin);
        }
        return new OptionsBuilder()
                .include("^" + RoundTripBenchmark.class.getName().replace(".", "\\.") + "\\.")
                .include("^" + ThroughputBenchmark.class.getName().replace(".", "\\.") + "\\.")
                .forks(2)
                .warmupIterations(1)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(3)
                .measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend(jvmArgs.toArray(String[]::new));
    }

    /** Turns JMH's results into one row per metric and baseline. */
    static List<Row> coreRows(Collection<RunResult> results) {
        // metric -> transport -> score; metric -> unit
        Map<String, Map<String, Double>> scores = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        Map<String, Boolean> isTime = new LinkedHashMap<>();
        for (RunResult r : results) {
            String benchmark = r.getParams().getBenchmark();
            String transport = r.getParams().getParam("transport");
            String metric;
            boolean time;
            if (benchmark.endsWith("RoundTripBenchmark.roundTrip")) {
                metric = "round trip, 64 B";
                time = true;
            } else if (benchmark.endsWith("ThroughputBenchmark.send")) {
                String size = r.getParams().getParam("size");
                metric = "one-way throughput, " + (size.equals("4096") ? "4 KiB" : size + " B");
                time = false;
            } else {
                throw new IllegalStateException("a result this suite did not ask for: " + benchmark);
            }
            if (transport.equals(Transports.JMOJO_PASSED)) {
                // Its own metric: jmojo over a passed pipe, against the same baselines.
                metric = metric + PASSED;
                transport = Transports.JMOJO;
            }
            scores.computeIfAbsent(metric, k -> new LinkedHashMap<>())
                    .put(transport, r.getPrimaryResult().getScore());
            units.put(metric, time ? r.getPrimaryResult().getScoreUnit() : "msg/s");
            isTime.put(metric, time);
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Map<String, Double>> m : scores.entrySet()) {
            Double jmojo = m.getValue().get(Transports.JMOJO);
            if (jmojo == null) {
                throw new IllegalStateException("no jmojo result for " + m.getKey());
            }
            for (Map.Entry<String, String> b : BASELINES.entrySet()) {
                Double base = m.getValue().get(b.getKey());
                if (base == null && m.getKey().endsWith(PASSED)) {
                    String plain = m.getKey().substring(0, m.getKey().length() - PASSED.length());
                    base = scores.getOrDefault(plain, Map.of()).get(b.getKey());
                }
                if (base == null) {
                    throw new IllegalStateException("no " + b.getKey() + " result for " + m.getKey());
                }
                double ratio = ratio(isTime.get(m.getKey()), jmojo, base);
                rows.add(new Row(m.getKey(), units.get(m.getKey()), jmojo, base, b.getValue(), ratio));
            }
        }
        return rows;
    }

    /** jmojo ÷ baseline for a time, baseline ÷ jmojo for a rate: how many times worse jmojo is (lower is better). */
    static double ratio(boolean time, double jmojo, double baseline) {
        return time ? jmojo / baseline : baseline / jmojo;
    }

    static String toJson(List<Row> rows) {
        StringBuilder b = new StringBuilder("[\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            b.append(String.format(Locale.ROOT,
                    "  {\"name\": %s, \"unit\": %s, \"jmojo\": %.4g, \"baseline\": %.4g, \"baseline_name\": %s, \"ratio\": %.3f}",
                    quote(r.name()), quote(r.unit()), r.jmojo(), r.baseline(), quote(r.baselineName()), r.ratio()));
            b.append(i + 1 < rows.size() ? ",\n" : "\n");
        }
        return b.append("]\n").toString();
    }

    /** A Markdown table of {@code rows}, ratio lower is better. */
    static String table(List<Row> rows) {
        StringBuilder b = new StringBuilder();
        b.append("| metric | unit | jmojo | baseline | baseline value | ratio (lower is better) |\n");
        b.append("| --- | --- | ---: | --- | ---: | ---: |\n");
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %.2f |%n",
                    r.name(), r.unit(), number(r.jmojo()), r.baselineName(), number(r.baseline()), r.ratio()));
        }
        return b.toString();
    }

    private static String number(double v) {
        return v >= 1000 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}

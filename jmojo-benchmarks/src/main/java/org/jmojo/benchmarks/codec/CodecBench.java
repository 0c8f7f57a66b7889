package org.jmojo.benchmarks.codec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code ./jmojo bench codec}: runs {@link CodecBenchmark} (1 fork, 2 × 1 s warm-up, 3 × 1 s
 * measurement per benchmark) and writes {@code <jmojo.root>/target/bench/codec.json}, one row per
 * operation: {@code {"name", "unit", "jmojo", "baseline", "baseline_name", "ratio"}} with
 * {@code ratio} = jmojo ÷ protobuf time (lower is better).
 */
public final class CodecBench {

    /** One line of the comparison. */
    record Row(String name, String unit, double jmojo, double baseline, String baselineName, double ratio) {}

    static final String BASELINE = "protobuf-java 4.33.5, hand-written protoc-style CodedOutputStream/CodedInputStream code";

    private static final String[][] OPERATIONS = {
        {"encode", "jmojoEncode", "protobufEncode"},
        {"validate + decode", "jmojoValidateDecode", "protobufValidateDecode"},
        {"encode + validate + decode", "jmojoRoundTrip", "protobufRoundTrip"},
        {"encode + validate + decode, 64 KiB array<uint8>", "jmojoBlobRoundTrip", "protobufBlobRoundTrip"},
    };

    private CodecBench() {}

    /** Runs the suite and writes the JSON under {@code root/target/bench}; returns the file. */
    public static Path run(Path root) throws RunnerException, IOException {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include("^" + CodecBenchmark.class.getName().replace(".", "\\.") + "\\.")
                .forks(1)
                .warmupIterations(2)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(3)
                .measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx1g")
                .build()).run();
        List<Row> rows = rows(results);
        Path out = root.resolve("target/bench/codec.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, toJson(rows), StandardCharsets.UTF_8);
        System.out.println();
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.2f |%n", r.name(), r.unit(), r.jmojo(),
                    r.baseline(), r.ratio());
        }
        System.out.println("written to " + out);
        return out;
    }

    static List<Row> rows(Collection<RunResult> results) {
        Map<String, Double> score = new HashMap<>();
        Map<String, String> unit = new HashMap<>();
        for (RunResult r : results) {
            String benchmark = r.getParams().getBenchmark();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            score.put(method, r.getPrimaryResult().getScore());
            unit.put(method, r.getPrimaryResult().getScoreUnit());
        }
        List<Row> rows = new ArrayList<>();
        for (String[] op : OPERATIONS) {
            Double jmojo = score.get(op[1]);
            Double base = score.get(op[2]);
            if (jmojo == null || base == null) {
                throw new IllegalStateException("missing result for " + op[0] + ": have " + score.keySet());
            }
            rows.add(new Row(op[0], unit.get(op[1]), jmojo, base, BASELINE, jmojo / base));
        }
        return rows;
    }

    static String toJson(List<Row> rows) {
        StringBuilder b = new StringBuilder("[\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            b.append(String.format(Locale.ROOT,
                    "  {\"name\": \"%s\", \"unit\": \"%s\", \"jmojo\": %.4g, \"baseline\": %.4g, "
                            + "\"baseline_name\": \"%s\", \"ratio\": %.3f}",
                    r.name(), r.unit(), r.jmojo(), r.baseline(), r.baselineName(), r.ratio()));
            b.append(i + 1 < rows.size() ? ",\n" : "\n");
        }
        return b.append("]\n").toString();
    }
}

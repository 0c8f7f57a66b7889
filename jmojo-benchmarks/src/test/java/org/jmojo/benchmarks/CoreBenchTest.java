package org.jmojo.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.runner.options.TimeValue;

class CoreBenchTest {
    private static final String AGRONA_NAME = CoreBench.BASELINES.get(Transports.AGRONA);
    private static final String LTQ_NAME = CoreBench.BASELINES.get(Transports.LTQ);

    @Test
    void ratio_timeAndRate_lowerIsBetterForJmojo() {
        assertThat(CoreBench.ratio(true, 6.0, 2.0)).isEqualTo(3.0); // 6 µs against 2 µs: 3× slower
        assertThat(CoreBench.ratio(false, 1_000_000, 4_000_000)).isEqualTo(4.0); // a quarter of the rate
    }

    @Test
    void interleaving_rotationShiftsTheCycle() {
        List<String> t = List.of("a", "b", "c");

        assertThat(List.of(0, 1, 2, 3, 4).stream().map(k -> Interleaving.transportOf(k, 0, t)))
                .containsExactly("a", "b", "c", "a", "b");
        assertThat(List.of(0, 1, 2, 3).stream().map(k -> Interleaving.transportOf(k, 4, t)))
                .containsExactly("b", "c", "a", "b");
        assertThatThrownBy(() -> Interleaving.transportOf(-1, 0, t)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("iteration -1");
    }

    @Test
    void perTransport_afterWarmupAndRotation_eachTransportsMedian() {
        // 3 warm-up iterations, rotation 1: measured iteration i is fork iteration 3 + i, transport (4 + i) mod 3.
        List<Double> measured = List.of(10.0, 20.0, 30.0, 12.0, 22.0, 33.0, 11.0, 99.0, 31.0);

        Map<String, Double> m = CoreBench.perTransport(measured, 3, 1, List.of("a", "b", "c"));

        assertThat(m).containsExactly(Map.entry("a", 31.0), Map.entry("b", 11.0), Map.entry("c", 22.0));
    }

    @Test
    void perTransport_unevenIterations_rejected() {
        assertThatThrownBy(() -> CoreBench.perTransport(List.of(1.0, 2.0), 0, 0, List.of("a", "b", "c")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("2 measurement iterations do not cover the 3 transports [a, b, c] equally");
    }

    @Test
    void rows_threeRounds_mediansOfFiguresAndOfPerRoundRatios() {
        // Round trip (a time) and 64 B throughput (a rate); jmojo's and Agrona's figures move together,
        // as they do under load, so the per-round ratio stays put while the raw figures swing.
        List<CoreBench.Round> rounds = List.of(
                round(2.0, 1.0, 50.0, 1e6, 4e6, 2e6),
                round(6.0, 2.0, 60.0, 3e6, 9e6, 2e6),
                round(4.0, 2.0, 70.0, 2e6, 5e6, 3e6));

        List<CoreBench.Row> rows = CoreBench.rows(rounds);

        assertThat(rows).extracting(CoreBench.Row::name).containsExactly(
                "round trip, 64 B", "round trip, 64 B",
                "round trip, 64 B, over a passed pipe", "round trip, 64 B, over a passed pipe",
                "one-way throughput, 64 B", "one-way throughput, 64 B",
                "one-way throughput, 4 KiB", "one-way throughput, 4 KiB");
        CoreBench.Row rtAgrona = rows.get(0);
        assertThat(rtAgrona.baselineName()).isEqualTo(AGRONA_NAME);
        assertThat(rtAgrona.unit()).isEqualTo("us/op");
        assertThat(rtAgrona.roundRatios()).containsExactly(2.0, 3.0, 2.0);
        assertThat(rtAgrona.ratio()).isEqualTo(new Spread(3, 2.0, 2.0, 2.0, 2.5, 3.0));
        assertThat(rtAgrona.jmojo().median()).isEqualTo(4.0);
        assertThat(rtAgrona.baseline().median()).isEqualTo(2.0);
        CoreBench.Row rtLtq = rows.get(1);
        assertThat(rtLtq.baselineName()).isEqualTo(LTQ_NAME);
        assertThat(rtLtq.roundRatios()).containsExactly(2.0 / 50, 6.0 / 60, 4.0 / 70);
        CoreBench.Row tpAgrona = rows.get(4);
        assertThat(tpAgrona.unit()).isEqualTo("msg/s");
        assertThat(tpAgrona.roundRatios()).containsExactly(4.0, 3.0, 2.5); // Agrona ÷ jmojo
        assertThat(tpAgrona.ratio().median()).isEqualTo(3.0);
        assertThat(tpAgrona.jmojo()).isEqualTo(new Spread(3, 1e6, 1.5e6, 2e6, 2.5e6, 3e6));
        assertThat(rows.get(5).roundRatios()).containsExactly(2.0, 2e6 / 3e6, 1.5);
    }

    @Test
    void rows_roundMissingAFigure_errorNamingRoundAndMetric() {
        CoreBench.Round broken = new CoreBench.Round(Map.of(CoreBench.ROUND_TRIP, Map.of(Transports.JMOJO, 1.0)));

        assertThatThrownBy(() -> CoreBench.rows(List.of(round(2.0, 1.0, 50.0, 1e6, 4e6, 2e6), broken)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("round 2 has no jmojo or agrona figure for round trip, 64 B");
        assertThatThrownBy(() -> CoreBench.rows(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toJson_row_todaysFieldsAsMediansThenTheSpread() {
        CoreBench.Row row = new CoreBench.Row("round trip, 64 B", "us/op", "Agrona \"spsc\"",
                Spread.of(List.of(6.0, 5.0, 7.0)), Spread.of(List.of(2.0, 2.5, 3.0)), Spread.of(List.of(3.0, 2.0, 2.8)),
                List.of(3.0, 2.0, 0.00048));

        assertThat(CoreBench.toJson(List.of(row))).isEqualTo("""
                [
                  {"name": "round trip, 64 B", "unit": "us/op", "jmojo": 6.000, "baseline": 2.500, \
                "baseline_name": "Agrona \\"spsc\\"", "ratio": 2.800, "ratio_median": 2.800, "ratio_min": 2.000, \
                "ratio_q1": 2.400, "ratio_q3": 2.900, "ratio_max": 3.000, "ratio_iqr": 0.5000, "jmojo_min": 5.000, \
                "jmojo_max": 7.000, "baseline_min": 2.000, "baseline_max": 3.000, "rounds": 3, \
                "round_ratios": [3.000, 2.000, 0.0004800]}
                ]
                """);
    }

    @Test
    void table_row_medianRangeAndIqr() {
        CoreBench.Row row = new CoreBench.Row("one-way throughput, 64 B", "msg/s", "LTQ",
                Spread.of(List.of(3e6, 4e6)), Spread.of(List.of(5e6, 7e6)), Spread.of(List.of(1.5, 2.0)),
                List.of(1.5, 2.0));

        assertThat(CoreBench.table(List.of(row))).endsWith(
                "| one-way throughput, 64 B | msg/s | 3,500,000 (3,000,000–4,000,000) | LTQ "
                        + "| 6,000,000 (5,000,000–7,000,000) | 1.75 | 1.50–2.00 | 0.25 | 2 |"
                        + System.lineSeparator());
    }

    @Test
    void ratioText_smallRatiosKeepThreeDigits() {
        assertThat(CoreBench.ratioText(2.4751)).isEqualTo("2.48");
        assertThat(CoreBench.ratioText(0.02)).isEqualTo("0.0200");
        assertThat(CoreBench.ratioText(0.000481)).isEqualTo("0.000481");
        assertThat(CoreBench.ratioText(0)).isEqualTo("0.00");
    }

    /** The whole harness, JMH included, in this JVM with tiny iterations: structure only, no timing. */
    @Test
    void run_tinySettingsInProcess_jsonRowsWithEveryRound(@TempDir Path root) throws Exception {
        CoreBench.Settings tiny =
                new CoreBench.Settings(2, 1, TimeValue.milliseconds(5), 1, TimeValue.milliseconds(5), false);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        Path file = CoreBench.run(root, tiny, new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(file).isEqualTo(root.resolve("target/bench/core.json"));
        String json = Files.readString(file);
        // %.4g writes an exponent for ratios of 10^4 and more (or below 10^-4): a tiny run on a loaded machine has them.
        String number = "([0-9.]+(?:e[+-][0-9]+)?)";
        Matcher row = Pattern.compile("\\{\"name\": \"([^\"]+)\".*?\"ratio\": " + number + ", .*?\"ratio_min\": " + number
                + ", .*?\"ratio_max\": " + number + ", .*?\"rounds\": 2, \"round_ratios\": \\[[0-9.e+-]+, [0-9.e+-]+\\]\\}")
                .matcher(json);
        Map<String, Integer> perMetric = new LinkedHashMap<>();
        while (row.find()) {
            perMetric.merge(row.group(1), 1, Integer::sum);
            double median = Double.parseDouble(row.group(2));
            assertThat(median).isPositive()
                    .isBetween(Double.parseDouble(row.group(3)), Double.parseDouble(row.group(4)));
        }
        assertThat(perMetric).containsExactly(Map.entry("round trip, 64 B", 2),
                Map.entry("round trip, 64 B, over a passed pipe", 2), Map.entry("one-way throughput, 64 B", 2),
                Map.entry("one-way throughput, 4 KiB", 2));
        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("round 1/2 (", "round 2/2 (", "| ratio median |", "2 rounds in ");
    }

    /** A round with the given round-trip (µs) and 64 B throughput (msg/s) figures; the other metrics copy them. */
    private static CoreBench.Round round(double rtJmojo, double rtAgrona, double rtLtq, double tpJmojo,
            double tpAgrona, double tpLtq) {
        Map<String, Double> rt = Map.of(Transports.JMOJO, rtJmojo, Transports.AGRONA, rtAgrona, Transports.LTQ, rtLtq);
        Map<String, Double> tp = Map.of(Transports.JMOJO, tpJmojo, Transports.AGRONA, tpAgrona, Transports.LTQ, tpLtq);
        return new CoreBench.Round(Map.of(CoreBench.ROUND_TRIP, rt, CoreBench.ROUND_TRIP_PASSED, rt,
                CoreBench.THROUGHPUT_64, tp, CoreBench.THROUGHPUT_4K, tp));
    }
}

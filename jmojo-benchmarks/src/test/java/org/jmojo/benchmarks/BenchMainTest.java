package org.jmojo.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchMainTest {
    @Test
    void ratio_timeAndRate_lowerIsBetterForJmojo() {
        assertThat(BenchMain.ratio(true, 6.0, 2.0)).isEqualTo(3.0); // 6 µs against 2 µs: 3× slower
        assertThat(BenchMain.ratio(false, 1_000_000, 4_000_000)).isEqualTo(4.0); // a quarter of the rate
    }

    @Test
    void toJson_rows_oneObjectPerRowWithTheAgreedFields() {
        List<BenchMain.Row> rows = List.of(
                new BenchMain.Row("round trip, 64 B", "us/op", 6.0, 2.0, "Agrona \"spsc\"", 3.0),
                new BenchMain.Row("one-way throughput, 64 B", "msg/s", 1e6, 4e6, "LinkedTransferQueue", 4.0));
        assertThat(BenchMain.toJson(rows)).isEqualTo("""
                [
                  {"name": "round trip, 64 B", "unit": "us/op", "jmojo": 6.000, "baseline": 2.000, \
                "baseline_name": "Agrona \\"spsc\\"", "ratio": 3.000},
                  {"name": "one-way throughput, 64 B", "unit": "msg/s", "jmojo": 1.000e+06, "baseline": 4.000e+06, \
                "baseline_name": "LinkedTransferQueue", "ratio": 4.000}
                ]
                """);
    }

    @Test
    void transports_unknownName_illegalArgumentNamingIt() {
        assertThatThrownBy(() -> Transports.echo("zeromq"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown transport").hasMessageEndingWith(": zeromq");
    }

    @Test
    void transports_eachEchoesAndDrains_thenStops() {
        byte[] payload = {1, 2, 3};
        for (String t : List.of(Transports.JMOJO_PASSED, Transports.JMOJO, Transports.AGRONA, Transports.LTQ)) {
            try (Transports.Echo echo = Transports.echo(t)) {
                for (int i = 0; i < 100; i++) {
                    assertThat(echo.roundTrip(payload)).as(t).containsExactly(1, 2, 3);
                }
            }
            if (t.equals(Transports.JMOJO_PASSED)) {
                continue; // a round-trip-only variant
            }
            try (Transports.Sink sink = Transports.sink(t)) {
                for (int i = 0; i < 3 * Transports.WINDOW; i++) {
                    sink.send(payload);
                }
            }
        }
    }
}

package org.jmojo.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class IpcBenchTest {
    @Test
    void rounds_defaultOrGiven_badArgumentsNamed() {
        assertThat(BenchMain.rounds(new String[] {"ipc"}, IpcBench.DEFAULT_ROUNDS)).isEqualTo(IpcBench.DEFAULT_ROUNDS);
        assertThat(BenchMain.rounds(new String[] {"ipc", "--rounds", "3"}, IpcBench.DEFAULT_ROUNDS)).isEqualTo(3);
        assertThatThrownBy(() -> BenchMain.rounds(new String[] {"ipc", "--rounds", "0"}, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--rounds must be a positive integer: 0");
        assertThatThrownBy(() -> BenchMain.rounds(new String[] {"ipc", "--fast"}, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("ipc takes only --rounds N: ipc --fast");
    }

    /** Every transport of the suite against a real child JVM, in small batches: each throws unless it completes. */
    @Test
    void everyTransport_completesAgainstARealChild_andRowsNameTheirBaseline() throws Exception {
        try (IpcPeers peers = IpcPeers.launch()) {
            for (boolean token : new boolean[] {false, true}) {
                peers.readToken(token);
                for (int size : new int[] {64, 65536}) {
                    peers.jmojoRoundTrips(size, 20);
                    peers.rawRoundTrips(size, 20);
                }
                // More than the window, so that both producers wait for acknowledgements.
                peers.jmojoOneWay(64, 4 * IpcPeers.WINDOW);
                peers.rawOneWay(64, 4 * IpcPeers.WINDOW);
            }
            peers.jmojoMoveOnce(64);
            peers.rawConnectOnce(64);
        }
        List<CoreBench.Row> rows = IpcBench.rows(List.of(syntheticRound()));
        assertThat(rows).extracting(CoreBench.Row::name).contains("round trip, 64 B", "round trip, 64 B, read token off",
                "one-way throughput, 64 B", "one-way throughput, 64 B, read token off",
                "moving an endpoint to another process, time to its first message");
        assertThat(rows).allSatisfy(r -> assertThat(r.baselineName()).contains("raw Unix socket"));
        CoreBench.Row rt = rows.get(0);
        assertThat(rt.ratio().median()).isEqualTo(0.5); // 1 us against 2 us
        CoreBench.Row throughput = rows.stream().filter(r -> r.name().equals("one-way throughput, 64 B"))
                .findFirst().orElseThrow();
        assertThat(throughput.ratio().median()).isEqualTo(2.0); // 100/s against 200/s: twice as bad
    }

    private static CoreBench.Round syntheticRound() {
        java.util.Map<CoreBench.Metric, java.util.Map<String, Double>> figures = new java.util.LinkedHashMap<>();
        for (IpcBench.Measure m : IpcBench.ROUND_TRIPS) {
            figures.put(new CoreBench.Metric(m.name(), m.unit(), true),
                    java.util.Map.of(IpcBench.JMOJO, 1.0, IpcBench.JMOJO_NO_TOKEN, 3.0, IpcBench.RAW, 2.0));
        }
        for (IpcBench.Measure m : IpcBench.THROUGHPUTS) {
            figures.put(new CoreBench.Metric(m.name(), m.unit(), false),
                    java.util.Map.of(IpcBench.JMOJO, 100.0, IpcBench.JMOJO_NO_TOKEN, 50.0, IpcBench.RAW, 200.0));
        }
        figures.put(new CoreBench.Metric(IpcBench.MOVE.name(), IpcBench.MOVE.unit(), true),
                java.util.Map.of(IpcBench.JMOJO, 10.0, IpcBench.RAW, 5.0));
        return new CoreBench.Round(figures);
    }
}

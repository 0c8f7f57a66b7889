package org.jmojo.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import org.jmojo.system.Core;
import org.jmojo.system.OutgoingInvitation;

/**
 * {@code ./jmojo bench ipc}: message pipes between this JVM and one child JVM, against a raw {@code java.nio}
 * Unix-socket ping-pong between the same two processes; writes {@code <jmojo.root>/target/bench/ipc.json} in
 * the format of {@code core.json}.
 *
 * <p><b>What.</b> Round trip (64 B, 4 KiB, 64 KiB: a request and its echo), one-way throughput (64 B, 4 KiB:
 * messages per second with at most {@link IpcPeers#WINDOW} unacknowledged), each with the read token on (the
 * default) and off ({@link Core#READ_TOKEN_PROPERTY} {@code =false} in both processes); and the cost of moving
 * an endpoint to the other process: a new pipe's far end is sent to the child, which reads one message from it
 * and echoes it; the time until the echo is back (against: connect a new raw socket, one message and its echo,
 * close). Every jmojo waiter, in both processes, is a platform thread blocked in {@link Core#wait}.
 *
 * <p><b>Method.</b> As {@code bench rpc}: one parent JVM and one child for the whole run, every transport set up
 * once, then rounds; each round measures one batch per metric and transport, the transports' order rotating
 * from round to round ({@link Interleaving}), so the machine's load falls on all of them alike. A batch gives
 * one figure; a round's ratio compares figures of the same round; rows report the median over the rounds with
 * the ratios' spread. The read-token switch is flipped in both processes between batches, never during one.
 * Not JMH: the operations take tens of microseconds or more, and one pair of processes for the whole run keeps
 * every transport on the same two JITs, heaps and sockets' neighbours.
 */
final class IpcBench {
    static final int DEFAULT_ROUNDS = 20;
    private static final int WARMUP_ROUNDS = 4;

    /** Transport names. */
    static final String JMOJO = "jmojo";
    static final String JMOJO_NO_TOKEN = "jmojo, read token off";
    static final String RAW = "raw";
    static final List<String> TRANSPORTS = List.of(JMOJO, JMOJO_NO_TOKEN, RAW);

    static final String RAW_NAME = "raw Unix socket (java.nio SocketChannel, UnixDomainSocketAddress, blocking), "
            + "same two processes";
    static final String RAW_MOVE_NAME = "raw Unix socket: connect a new SocketChannel to the child, one 64 B message "
            + "and its echo, close";

    /** One measured quantity: its batch size and the rows it gives. */
    record Measure(String name, String unit, boolean time, int size, int batch) {}

    static final List<Measure> ROUND_TRIPS = List.of(
            new Measure("round trip, 64 B", "us/op", true, 64, 2_000),
            new Measure("round trip, 4 KiB", "us/op", true, 4096, 1_500),
            new Measure("round trip, 64 KiB", "us/op", true, 65536, 300));
    static final List<Measure> THROUGHPUTS = List.of(
            new Measure("one-way throughput, 64 B", "msg/s", false, 64, 40_960),
            new Measure("one-way throughput, 4 KiB", "msg/s", false, 4096, 10_240));
    static final Measure MOVE =
            new Measure("moving an endpoint to another process, time to its first message", "us/op", true, 64, 200);

    private IpcBench() {}

    /** Runs {@code rounds} rounds, prints progress and the table to {@code out}, writes the JSON; returns its path. */
    static Path run(Path root, int rounds, PrintStream out) throws Exception {
        long start = System.nanoTime();
        try (IpcPeers peers = IpcPeers.launch()) {
            out.println("child JVM pid " + peers.childPid() + " joined; warming up (" + WARMUP_ROUNDS + " rounds)...");
            for (int r = 0; r < WARMUP_ROUNDS; r++) {
                round(peers, r);
            }
            List<CoreBench.Round> measured = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                CoreBench.Round round = round(peers, r);
                measured.add(round);
                out.printf(Locale.ROOT, "round %d/%d (%.0f s): %s%n", r + 1, rounds, (System.nanoTime() - start) / 1e9,
                        summary(round));
            }
            Path file = CoreBench.writeReport(root, "ipc", rows(measured), out);
            out.printf(Locale.ROOT, "%d rounds in %.0f s; written to %s%n", rounds, (System.nanoTime() - start) / 1e9,
                    file);
            return file;
        }
    }

    /** One batch of a measure on one transport. */
    private interface Batch {
        void run(IpcPeers peers, boolean raw, Measure m) throws IOException;
    }

    /** One batch per metric and transport, the transports in an order rotated by {@code rotation}. */
    static CoreBench.Round round(IpcPeers peers, int rotation) throws IOException {
        Map<CoreBench.Metric, Map<String, Double>> figures = new LinkedHashMap<>();
        for (Measure m : ROUND_TRIPS) {
            figures.put(metric(m), batches(peers, rotation, m, (p, raw, x) -> {
                if (raw) {
                    p.rawRoundTrips(x.size(), x.batch());
                } else {
                    p.jmojoRoundTrips(x.size(), x.batch());
                }
            }));
        }
        for (Measure m : THROUGHPUTS) {
            figures.put(metric(m), batches(peers, rotation, m, (p, raw, x) -> {
                if (raw) {
                    p.rawOneWay(x.size(), x.batch());
                } else {
                    p.jmojoOneWay(x.size(), x.batch());
                }
            }));
        }
        Map<String, Double> move = new LinkedHashMap<>();
        peers.readToken(true);
        List<String> moveTransports = List.of(JMOJO, RAW);
        for (int i = 0; i < moveTransports.size(); i++) {
            String t = Interleaving.transportOf(i, rotation, moveTransports);
            long t0 = System.nanoTime();
            for (int k = 0; k < MOVE.batch(); k++) {
                if (t.equals(RAW)) {
                    peers.rawConnectOnce(MOVE.size());
                } else {
                    peers.jmojoMoveOnce(MOVE.size());
                }
            }
            move.put(t, (System.nanoTime() - t0) / 1e3 / MOVE.batch());
        }
        figures.put(metric(MOVE), move);
        return new CoreBench.Round(figures);
    }

    /** Runs {@code batch} once per transport (token on, off, raw) in rotated order; each transport's figure. */
    private static Map<String, Double> batches(IpcPeers peers, int rotation, Measure m, Batch batch) throws IOException {
        Map<String, Double> f = new LinkedHashMap<>();
        for (int i = 0; i < TRANSPORTS.size(); i++) {
            String t = Interleaving.transportOf(i, rotation, TRANSPORTS);
            peers.readToken(!t.equals(JMOJO_NO_TOKEN));
            long t0 = System.nanoTime();
            batch.run(peers, t.equals(RAW), m);
            long nanos = System.nanoTime() - t0;
            f.put(t, m.time() ? nanos / 1e3 / m.batch() : m.batch() / (nanos / 1e9));
        }
        return f;
    }

    private static CoreBench.Metric metric(Measure m) {
        return new CoreBench.Metric(m.name(), m.unit(), m.time());
    }

    /** Rows: each metric with the token on and off against the raw socket; the move against a new raw socket. */
    static List<CoreBench.Row> rows(List<CoreBench.Round> rounds) {
        List<CoreBench.Row> rows = new ArrayList<>();
        List<Measure> all = new ArrayList<>(ROUND_TRIPS);
        all.addAll(THROUGHPUTS);
        for (Measure m : all) {
            rows.add(row(rounds, m, m.name(), JMOJO, RAW_NAME));
            rows.add(row(rounds, m, m.name() + ", read token off", JMOJO_NO_TOKEN, RAW_NAME));
        }
        rows.add(row(rounds, MOVE, MOVE.name(), JMOJO, RAW_MOVE_NAME));
        return rows;
    }

    private static CoreBench.Row row(List<CoreBench.Round> rounds, Measure m, String name, String transport,
            String baselineName) {
        CoreBench.Metric metric = metric(m);
        List<Double> jmojo = new ArrayList<>();
        List<Double> base = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (CoreBench.Round r : rounds) {
            Map<String, Double> f = r.figures().get(metric);
            jmojo.add(f.get(transport));
            base.add(f.get(RAW));
            ratios.add(CoreBench.ratio(m.time(), f.get(transport), f.get(RAW)));
        }
        return new CoreBench.Row(name, m.unit(), baselineName, Spread.of(jmojo), Spread.of(base), Spread.of(ratios),
                List.copyOf(ratios));
    }

    /** Each metric's ratios against the raw socket (token on / off), for the progress line. */
    private static String summary(CoreBench.Round round) {
        StringJoiner j = new StringJoiner(", ");
        round.figures().forEach((m, f) -> {
            String text = m.name() + " " + CoreBench.ratioText(CoreBench.ratio(m.time(), f.get(JMOJO), f.get(RAW)));
            if (f.containsKey(JMOJO_NO_TOKEN)) {
                text += " (off " + CoreBench.ratioText(CoreBench.ratio(m.time(), f.get(JMOJO_NO_TOKEN), f.get(RAW))) + ")";
            }
            j.add(text);
        });
        return j + " (× raw)";
    }

    /** The child's entry point ({@link IpcPeers#launch} starts it with this class and {@code --child}). */
    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !args[0].equals("--child")) {
            System.err.println("IpcBench is started by ./jmojo bench ipc, as its child (--child)");
            System.exit(2);
        }
        IpcPeers.child();
    }

    /** The command that starts the child: this JVM's java and class path. */
    static List<String> childCommand() {
        return OutgoingInvitation.javaCommand(IpcBench.class.getName(), "--child");
    }

    /** Waits for {@code p} to exit, at most {@code seconds}. */
    static boolean awaitExit(Process p, int seconds) throws InterruptedException {
        return p.waitFor(seconds, TimeUnit.SECONDS);
    }
}

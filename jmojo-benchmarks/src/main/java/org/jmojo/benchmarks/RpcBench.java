package org.jmojo.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jmojo.benchmarks.rpc.generated.Point;

/**
 * {@code ./jmojo bench rpc}: a unary call with a small struct, and one-way calls, through jmojo's
 * generated bindings and through gRPC-java's in-process transport ({@link RpcStacks}), in one
 * process; and the same two between two processes, through jmojo's bindings over an invitation's
 * pipe and through gRPC-java over Netty on a Unix domain socket ({@link RpcServerProcess}); writes
 * {@code <jmojo.root>/target/bench/rpc.json} in the format of {@code core.json}.
 *
 * <p><b>Method.</b> All clients live in this one JVM (the servers of the stacks across processes each in a child
 * JVM of their own) and are measured interleaved: after a warm-up, each
 * round times one batch per stack and metric ({@value #CALLS} unary calls; {@value #ONE_WAY} one-way
 * messages and the round trip that confirms them), the stacks' order rotating from round to round, so
 * the machine's load falls on all of them alike. A batch gives one figure (µs per call, or messages
 * per second); a round's ratio compares figures of the same round. Rows report the median over the
 * rounds of each figure and of the ratios, with the ratios' spread, as {@code core.json} does;
 * {@code ratio} is jmojo ÷ baseline for times and baseline ÷ jmojo for rates (lower is better).
 * Not JMH: the calls are tens of microseconds, far above JMH's concerns, and one JVM keeps both stacks
 * on the same JIT and heap.
 */
final class RpcBench {

    static final int CALLS = 2_000;
    static final int ONE_WAY = 20_000;
    static final int DEFAULT_ROUNDS = 20;
    private static final int WARMUP_ROUNDS = 10;

    static final CoreBench.Metric ROUND_TRIP =
            new CoreBench.Metric("round trip, unary call with a small struct, in one process", "us/op", true);
    static final CoreBench.Metric ONE_WAY_RATE =
            new CoreBench.Metric("one-way calls with a small struct, in one process", "calls/s", false);
    static final CoreBench.Metric ROUND_TRIP_DIRECT = new CoreBench.Metric(
            "round trip, direct dispatch on both sides, unary call with a small struct, in one process", "us/op",
            true);
    static final CoreBench.Metric ONE_WAY_RATE_DIRECT = new CoreBench.Metric(
            "one-way calls, direct dispatch on both sides, with a small struct, in one process", "calls/s", false);

    static final CoreBench.Metric ROUND_TRIP_IPC = new CoreBench.Metric(
            "round trip, unary call with a small struct, between two processes", "us/op", true);
    static final CoreBench.Metric ROUND_TRIP_IPC_DIRECT = new CoreBench.Metric(
            "round trip, direct dispatch on both sides, unary call with a small struct, between two processes",
            "us/op", true);
    static final CoreBench.Metric ONE_WAY_RATE_IPC = new CoreBench.Metric(
            "one-way calls with a small struct, between two processes", "calls/s", false);
    static final CoreBench.Metric ONE_WAY_RATE_IPC_DIRECT = new CoreBench.Metric(
            "one-way calls, direct dispatch on both sides, with a small struct, between two processes", "calls/s",
            false);

    /** The stacks in this process: measured for both metrics. */
    static final List<String> IN_PROCESS =
            List.of(RpcStacks.JMOJO, RpcStacks.JMOJO_DIRECT, RpcStacks.GRPC, RpcStacks.GRPC_DIRECT);
    /** The stacks whose server is a child process: measured for both metrics too. */
    static final List<String> ACROSS_PROCESSES = List.of(RpcStacks.JMOJO_IPC, RpcStacks.JMOJO_IPC_DIRECT,
            RpcStacks.GRPC_NETTY, RpcStacks.GRPC_NETTY_DIRECT);
    static final List<String> STACKS = java.util.stream.Stream.concat(IN_PROCESS.stream(), ACROSS_PROCESSES.stream())
            .toList();

    /**
     * The rows: a metric, the jmojo stack measured, the baseline stack. The default stack is compared
     * with both of gRPC's set-ups; the direct stack with gRPC's direct one, like with like.
     */
    record Comparison(CoreBench.Metric row, CoreBench.Metric measured, String jmojo, String baseline) {}

    static final List<Comparison> COMPARISONS = List.of(
            new Comparison(ROUND_TRIP, ROUND_TRIP, RpcStacks.JMOJO, RpcStacks.GRPC),
            new Comparison(ROUND_TRIP, ROUND_TRIP, RpcStacks.JMOJO, RpcStacks.GRPC_DIRECT),
            new Comparison(ONE_WAY_RATE, ONE_WAY_RATE, RpcStacks.JMOJO, RpcStacks.GRPC),
            new Comparison(ONE_WAY_RATE, ONE_WAY_RATE, RpcStacks.JMOJO, RpcStacks.GRPC_DIRECT),
            new Comparison(ROUND_TRIP_DIRECT, ROUND_TRIP, RpcStacks.JMOJO_DIRECT, RpcStacks.GRPC_DIRECT),
            new Comparison(ONE_WAY_RATE_DIRECT, ONE_WAY_RATE, RpcStacks.JMOJO_DIRECT, RpcStacks.GRPC_DIRECT),
            new Comparison(ROUND_TRIP_IPC, ROUND_TRIP, RpcStacks.JMOJO_IPC, RpcStacks.GRPC_NETTY),
            new Comparison(ROUND_TRIP_IPC, ROUND_TRIP, RpcStacks.JMOJO_IPC, RpcStacks.GRPC_NETTY_DIRECT),
            new Comparison(ROUND_TRIP_IPC_DIRECT, ROUND_TRIP, RpcStacks.JMOJO_IPC_DIRECT, RpcStacks.GRPC_NETTY_DIRECT),
            new Comparison(ONE_WAY_RATE_IPC, ONE_WAY_RATE, RpcStacks.JMOJO_IPC, RpcStacks.GRPC_NETTY),
            new Comparison(ONE_WAY_RATE_IPC, ONE_WAY_RATE, RpcStacks.JMOJO_IPC, RpcStacks.GRPC_NETTY_DIRECT),
            new Comparison(ONE_WAY_RATE_IPC_DIRECT, ONE_WAY_RATE, RpcStacks.JMOJO_IPC_DIRECT,
                    RpcStacks.GRPC_NETTY_DIRECT));

    /** Baseline stack to the name its rows give it. */
    static final Map<String, String> BASELINES = Map.of(
            RpcStacks.GRPC, "gRPC-java 1.85.1 in-process transport, default executors (blocking unary call; "
                    + "one-way: a client-streaming call)",
            RpcStacks.GRPC_DIRECT, "gRPC-java 1.85.1 in-process transport, directExecutor on both sides (blocking "
                    + "unary call; one-way: a client-streaming call)",
            RpcStacks.GRPC_NETTY, "gRPC-java 1.85.1 over Netty 4.2.18 on a Unix domain socket (epoll), server in a "
                    + "child JVM, default executors (blocking unary call; one-way: a client-streaming call)",
            RpcStacks.GRPC_NETTY_DIRECT, "gRPC-java 1.85.1 over Netty 4.2.18 on a Unix domain socket (epoll), server "
                    + "in a child JVM, directExecutor on both sides (blocking unary call; one-way: a client-streaming "
                    + "call)");

    private static final Point POINT = Point.newBuilder().setX(3).setY(4).setLabel("a small struct").build();

    private RpcBench() {}

    /** Runs {@code rounds} rounds, prints progress and the table to {@code out}, writes the JSON; returns its path. */
    static Path run(Path root, int rounds, PrintStream out) throws Exception {
        long start = System.nanoTime();
        Map<String, RpcStacks.Stack> stacks = new LinkedHashMap<>();
        try {
            for (String s : STACKS) {
                stacks.put(s, RpcStacks.open(s));
            }
            out.println("warming up (" + WARMUP_ROUNDS + " rounds)...");
            for (int r = 0; r < WARMUP_ROUNDS; r++) {
                round(stacks, r);
            }
            List<CoreBench.Round> measured = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                CoreBench.Round round = round(stacks, r);
                measured.add(round);
                Map<String, Double> rt = round.figures().get(ROUND_TRIP);
                Map<String, Double> ow = round.figures().get(ONE_WAY_RATE);
                out.printf(Locale.ROOT, "round %d/%d: round trip jmojo %.1f us, jmojo direct %.2f us, gRPC %.1f us, "
                                + "gRPC direct %.2f us; one-way jmojo %,.0f/s, jmojo direct %,.0f/s, gRPC %,.0f/s, "
                                + "gRPC direct %,.0f/s; between processes: jmojo %.1f us, jmojo direct %.1f us, "
                                + "gRPC Netty %.1f us, gRPC Netty direct %.1f us; one-way jmojo %,.0f/s, "
                                + "jmojo direct %,.0f/s, gRPC Netty %,.0f/s, gRPC Netty direct %,.0f/s%n", r + 1, rounds,
                        rt.get(RpcStacks.JMOJO), rt.get(RpcStacks.JMOJO_DIRECT), rt.get(RpcStacks.GRPC),
                        rt.get(RpcStacks.GRPC_DIRECT), ow.get(RpcStacks.JMOJO), ow.get(RpcStacks.JMOJO_DIRECT),
                        ow.get(RpcStacks.GRPC), ow.get(RpcStacks.GRPC_DIRECT), rt.get(RpcStacks.JMOJO_IPC),
                        rt.get(RpcStacks.JMOJO_IPC_DIRECT), rt.get(RpcStacks.GRPC_NETTY),
                        rt.get(RpcStacks.GRPC_NETTY_DIRECT), ow.get(RpcStacks.JMOJO_IPC),
                        ow.get(RpcStacks.JMOJO_IPC_DIRECT), ow.get(RpcStacks.GRPC_NETTY),
                        ow.get(RpcStacks.GRPC_NETTY_DIRECT));
            }
            List<CoreBench.Row> rows = rows(measured);
            Path file = root.resolve("target/bench/rpc.json");
            Files.createDirectories(file.getParent());
            Files.writeString(file, CoreBench.toJson(rows), StandardCharsets.UTF_8);
            out.println();
            out.print(CoreBench.table(rows));
            out.printf(Locale.ROOT, "%d rounds in %.0f s; written to %s%n", rounds, (System.nanoTime() - start) / 1e9,
                    file);
            return file;
        } finally {
            stacks.values().forEach(RpcStacks.Stack::close);
        }
    }

    /** One batch per stack and metric, the stacks in an order rotated by {@code rotation}. */
    private static CoreBench.Round round(Map<String, RpcStacks.Stack> stacks, int rotation) throws Exception {
        Map<String, Double> roundTrip = new LinkedHashMap<>();
        Map<String, Double> oneWay = new LinkedHashMap<>();
        for (int i = 0; i < STACKS.size(); i++) {
            String name = Interleaving.transportOf(i, rotation, STACKS);
            RpcStacks.Stack stack = stacks.get(name);
            long t0 = System.nanoTime();
            for (int c = 0; c < CALLS; c++) {
                Point moved = stack.move(POINT);
                if (moved.getX() != POINT.getX() + 1) {
                    throw new IllegalStateException(name + " answered " + moved);
                }
            }
            long t1 = System.nanoTime();
            roundTrip.put(name, (t1 - t0) / 1e3 / CALLS);
            stack.oneWay(POINT, ONE_WAY);
            oneWay.put(name, ONE_WAY / ((System.nanoTime() - t1) / 1e9));
        }
        return new CoreBench.Round(Map.of(ROUND_TRIP, roundTrip, ONE_WAY_RATE, oneWay));
    }

    /** One row per {@link #COMPARISONS comparison}. */
    static List<CoreBench.Row> rows(List<CoreBench.Round> rounds) {
        List<CoreBench.Row> rows = new ArrayList<>();
        for (Comparison c : COMPARISONS) {
            CoreBench.Metric m = c.measured();
            List<Double> jmojo = new ArrayList<>();
            List<Double> base = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            for (CoreBench.Round r : rounds) {
                Map<String, Double> f = r.figures().get(m);
                jmojo.add(f.get(c.jmojo()));
                base.add(f.get(c.baseline()));
                ratios.add(CoreBench.ratio(m.time(), f.get(c.jmojo()), f.get(c.baseline())));
            }
            rows.add(new CoreBench.Row(c.row().name(), c.row().unit(), BASELINES.get(c.baseline()), Spread.of(jmojo),
                    Spread.of(base), Spread.of(ratios), List.copyOf(ratios)));
        }
        return rows;
    }
}

package org.jmojo.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One-way throughput: the benchmark thread sends messages of {@code size} bytes that a consumer thread
 * drains, with at most {@link Transports#WINDOW} in flight (so no queue grows without bound). One
 * operation is one message sent.
 *
 * <p>Interleaved as {@link RoundTripBenchmark} is: each iteration measures the next transport of
 * {@link #TRANSPORTS}, started and stopped around the iteration, called through its concrete class.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ThroughputBenchmark {
    /** The transports one cycle of iterations measures, in order. */
    static final List<String> TRANSPORTS = List.of(Transports.JMOJO, Transports.AGRONA, Transports.LTQ);

    @Param({"64", "4096"})
    public int size;

    /** The round this fork belongs to; shifts which transport comes first (see {@link Interleaving}). */
    @Param("0")
    public int rotation;

    private byte[] payload;
    /** Iterations begun in this fork, warm-up included; only JMH's iteration setup thread touches it. */
    private int iterations;

    private Transports.JmojoSink jmojo;
    private Transports.AgronaSink agrona;
    private Transports.TransferQueueSink ltq;
    /** The one of the three that this iteration measures, for closing it (not called per operation). */
    private Transports.Sink current;

    @Setup(Level.Iteration)
    public void start() {
        payload = new byte[size];
        switch (Interleaving.transportOf(iterations++, rotation, TRANSPORTS)) {
            case Transports.JMOJO -> current = jmojo = new Transports.JmojoSink();
            case Transports.AGRONA -> current = agrona = new Transports.AgronaSink();
            case Transports.LTQ -> current = ltq = new Transports.TransferQueueSink();
            default -> throw new IllegalStateException("no sink transport for " + TRANSPORTS);
        }
    }

    @TearDown(Level.Iteration)
    public void stop() {
        current.close();
        current = null;
        jmojo = null;
        agrona = null;
        ltq = null;
    }

    @Benchmark
    public void send() {
        if (jmojo != null) {
            jmojo.send(payload);
        } else if (agrona != null) {
            agrona.send(payload);
        } else {
            ltq.send(payload);
        }
    }
}

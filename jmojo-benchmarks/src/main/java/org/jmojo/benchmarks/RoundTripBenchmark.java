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
 * Two-thread ping-pong: the benchmark thread sends 64 bytes and waits for the echo from a peer thread.
 * One operation is one round trip. See {@link Transports} for the transports compared.
 *
 * <p>Interleaved (see {@link Interleaving}): each iteration of a fork measures the next transport of
 * {@link #TRANSPORTS}, started in the iteration's setup and stopped in its teardown, so only one
 * transport's threads run at a time. The benchmark method calls the concrete transport classes
 * through a switch rather than the {@link Transports.Echo} interface: a call site that saw four
 * receiver classes would be megamorphic and not inlined, a cost none of the transports has alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RoundTripBenchmark {
    /** The transports one cycle of iterations measures, in order. */
    static final List<String> TRANSPORTS =
            List.of(Transports.JMOJO, Transports.JMOJO_PASSED, Transports.AGRONA, Transports.LTQ);

    /** The round this fork belongs to; shifts which transport comes first (see {@link Interleaving}). */
    @Param("0")
    public int rotation;

    private final byte[] payload = new byte[64];
    /** Iterations begun in this fork, warm-up included; only JMH's iteration setup thread touches it. */
    private int iterations;

    private Transports.JmojoEcho jmojo;
    private Transports.AgronaEcho agrona;
    private Transports.TransferQueueEcho ltq;
    /** The one of the three that this iteration measures, for closing it (not called per operation). */
    private Transports.Echo current;

    @Setup(Level.Iteration)
    public void start() {
        switch (Interleaving.transportOf(iterations++, rotation, TRANSPORTS)) {
            case Transports.JMOJO -> current = jmojo = new Transports.JmojoEcho(false);
            case Transports.JMOJO_PASSED -> current = jmojo = new Transports.JmojoEcho(true);
            case Transports.AGRONA -> current = agrona = new Transports.AgronaEcho();
            case Transports.LTQ -> current = ltq = new Transports.TransferQueueEcho();
            default -> throw new IllegalStateException("no round-trip transport for " + TRANSPORTS);
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
    public byte[] roundTrip() {
        if (jmojo != null) {
            return jmojo.roundTrip(payload);
        }
        if (agrona != null) {
            return agrona.roundTrip(payload);
        }
        return ltq.roundTrip(payload);
    }
}

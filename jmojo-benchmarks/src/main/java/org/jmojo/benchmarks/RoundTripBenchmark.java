package org.jmojo.benchmarks;

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
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RoundTripBenchmark {
    @Param({Transports.JMOJO, Transports.JMOJO_PASSED, Transports.AGRONA, Transports.LTQ})
    public String transport;

    private final byte[] payload = new byte[64];
    private Transports.Echo echo;

    @Setup(Level.Trial)
    public void start() {
        echo = Transports.echo(transport);
    }

    @TearDown(Level.Trial)
    public void stop() {
        echo.close();
    }

    @Benchmark
    public byte[] roundTrip() {
        return echo.roundTrip(payload);
    }
}

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
 * One-way throughput: the benchmark thread sends messages of {@code size} bytes that a consumer thread
 * drains, with at most {@link Transports#WINDOW} in flight (so no queue grows without bound). One
 * operation is one message sent.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ThroughputBenchmark {
    @Param({Transports.JMOJO, Transports.AGRONA, Transports.LTQ})
    public String transport;

    @Param({"64", "4096"})
    public int size;

    private byte[] payload;
    private Transports.Sink sink;

    @Setup(Level.Trial)
    public void start() {
        payload = new byte[size];
        sink = Transports.sink(transport);
    }

    @TearDown(Level.Trial)
    public void stop() {
        sink.close();
    }

    @Benchmark
    public void send() {
        sink.send(payload);
    }
}

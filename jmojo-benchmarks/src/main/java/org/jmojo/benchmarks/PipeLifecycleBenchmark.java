package org.jmojo.benchmarks;

import java.util.concurrent.TimeUnit;
import org.jmojo.system.Core;
import org.jmojo.system.MessagePipe;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of a pipe's life: create it, close both ends. One operation is one pipe. The leak detector
 * (a {@link java.lang.ref.Cleaner} registration per handle object) is on by default; the
 * {@code unwatched} method runs the same loop in JVMs started with {@code -Dorg.jmojo.handleLeaks=off},
 * its baseline in the same run, and {@code traced} with {@code =trace} (creation site recorded).
 *
 * <p>Not part of {@code ./jmojo bench core}; run it with JMH's own main, for example
 * {@code java -cp "$(ls jmojo-benchmarks/target/jmojo-benchmarks-*.jar):$(cat
 * jmojo-benchmarks/target/classpath.txt)" org.openjdk.jmh.Main PipeLifecycleBenchmark -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--enable-native-access=ALL-UNNAMED"})
public class PipeLifecycleBenchmark {
    private final Core core = Core.instance();

    private void createAndClose() {
        MessagePipe p = core.createMessagePipe();
        p.end0().close();
        p.end1().close();
    }

    /** With the default leak detection: each handle object is watched by the Cleaner. */
    @Benchmark
    public void watched() {
        createAndClose();
    }

    /** The baseline: leak detection off. */
    @Benchmark
    @Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--enable-native-access=ALL-UNNAMED",
        "-Dorg.jmojo.handleLeaks=off"})
    public void unwatched() {
        createAndClose();
    }

    /** With the creation site of every handle object recorded (a stack trace each). */
    @Benchmark
    @Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--enable-native-access=ALL-UNNAMED",
        "-Dorg.jmojo.handleLeaks=trace"})
    public void traced() {
        createAndClose();
    }
}

package org.jmojo.system;

import org.jetbrains.kotlinx.lincheck.LinCheckerKt;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Validate;
import org.jetbrains.kotlinx.lincheck.strategy.stress.StressOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Closes racing each other and a read of the peer, under Lincheck's stress strategy: once any
 * {@code close0} has returned, even one that raced another thread's {@code close0}, a read of the
 * other end finds the peer closed ({@code FAILED_PRECONDITION}), never {@code SHOULD_WAIT}. A close that
 * finds another close in progress must wait for it ({@code Dispatcher.awaitClosed}).
 *
 * <p>{@link MessagePipeLincheckTest} checks the same promise among many other operations, but rarely
 * generates the scenario that exposes a close that returns too early (two closes on two threads, a read
 * after one of them): with the removal of that wait planted, its 30 x 300 configuration missed it, and
 * even 100 x 1,000 missed it twice in two runs on a loaded machine. With only these two operations,
 * most scenarios have that shape; this configuration caught the planted bug in each of the runs in
 * docs/testing.md. {@code ConcurrentCloseTest} checks the wait itself, deterministically.
 */
public class RacingCloseLincheckTest { // public, with public operations: Lincheck calls them reflectively
    private static final PipesMade PIPES = new PipesMade();
    private final MessagePipeEndpoint end0;
    private final MessagePipeEndpoint end1;

    public RacingCloseLincheckTest() {
        MessagePipe pipe = PIPES.create();
        end0 = pipe.end0();
        end1 = pipe.end1();
    }

    @Operation
    public void close0() {
        end0.close();
    }

    @Operation
    public String read1() {
        return end1.readMessage().result().name();
    }

    @Validate
    public void release() {
        end0.close();
        end1.close();
    }

    @AfterEach
    void closeEveryPipe() {
        PIPES.closeAll();
    }

    @Test
    @Timeout(300)
    void racingCloses_linearizable() {
        LinCheckerKt.check(
                new StressOptions()
                        .iterations(10)
                        .invocationsPerIteration(1000)
                        .threads(2)
                        .actorsPerThread(2)
                        .actorsBefore(0)
                        .actorsAfter(0),
                RacingCloseLincheckTest.class);
    }
}

package org.jmojo.system;

import java.util.List;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Linearizability of one pipe's write / send / read / close / counters under Lincheck's stress strategy:
 * every concurrent history of these operations must match some sequential order of the same operations
 * (the sequential specification is this class run on one thread). Each operation reports its outcome as
 * a string, so results compare by value.
 *
 * <p>Both endpoints are shared by every thread: concurrent writers, readers, closes and counter
 * queries on either end. Two promises are checked across threads in particular: a write that
 * returned OK is readable by the other end (local writes are numbered and queued in one critical
 * section), and once any {@code close0} has returned, even one that raced with another thread's
 * {@code close0}, a reader of the other end sees {@code FAILED_PRECONDITION} after draining, never
 * {@code SHOULD_WAIT} (a close that finds another close in progress waits for it to finish).
 *
 * <p>Stress, not model checking: Lincheck's model checker (which runs on this code since Lincheck 3;
 * 2.39 could not read record fields on JDK 25) explores every interleaving of the whole core's code, a
 * third of a second or more per invocation, too slow for scenarios this large; {@link
 * RacingCloseLincheckTest} model-checks the one small scenario where it matters most.
 */
@Param(name = "value", gen = IntGen.class, conf = "1:3")
@Timeout(300)
public class MessagePipeLincheckTest { // public, with public operations: Lincheck calls them reflectively
    private static final PipesMade PIPES = new PipesMade();

    private final Core core = Core.instance();
    private final MessagePipeEndpoint end0;
    private final MessagePipeEndpoint end1;

    public MessagePipeLincheckTest() {
        MessagePipe pipe = PIPES.create();
        end0 = pipe.end0();
        end1 = pipe.end1();
    }

    @Operation
    public String write0(@Param(name = "value") int value) {
        try {
            return end0.writeMessage(new byte[] {(byte) value}).name();
        } catch (InvalidHandleException e) {
            return "INVALID";
        }
    }

    @Operation
    public String write1(@Param(name = "value") int value) {
        return end1.writeMessage(new byte[] {(byte) value}).name();
    }

    /** Sends a fresh endpoint whose peer is already closed; the reader must get it with PEER_CLOSED. */
    @Operation
    public String sendEndpoint0() {
        MessagePipe cargo = core.createMessagePipe();
        cargo.end1().close();
        try {
            MojoResult r = end0.writeMessage(new byte[] {9}, List.of(cargo.end0()));
            return r.name() + (cargo.end0().isValid() ? ":kept" : ":moved");
        } catch (InvalidHandleException e) {
            return "INVALID";
        } finally {
            cargo.end0().close();
        }
    }

    @Operation
    public String read1() {
        return read(end1);
    }

    @Operation
    public String read0() {
        return read(end0);
    }

    @Operation
    public void close0() {
        end0.close();
    }

    @Operation
    public long queued1() {
        return end1.queuedMessages();
    }

    @Validate
    public void release() {
        end0.close();
        end1.close();
    }

    private static String read(MessagePipeEndpoint e) {
        ReadResult r;
        try {
            r = e.readMessage();
        } catch (InvalidHandleException closed) {
            return "INVALID";
        }
        if (!r.isOk()) {
            return r.result().name();
        }
        Message m = r.message();
        StringBuilder b = new StringBuilder("OK:").append(m.bytes()[0]);
        for (Handle h : m.handles()) {
            b.append(":handle,peerClosed=").append(h.querySignalsState().satisfiesAll(Signals.PEER_CLOSED));
        }
        m.closeHandles();
        return b.toString();
    }

    @AfterEach
    void closeEveryPipe() {
        PIPES.closeAll();
    }

    @Test
    void stress_linearizable() {
        new StressOptions()
                .iterations(30)
                .invocationsPerIteration(300)
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(1)
                .actorsAfter(1)
                .check(MessagePipeLincheckTest.class);
    }
}

package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.InvalidHandleException;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.ReadResult;
import org.jmojo.system.Signals;
import org.jmojo.system.SignalsState;
import org.jmojo.system.WaitManyResult;
import org.jmojo.system.WaitResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bounded races against the lock-free paths: an empty read decided from a port's published status, a
 * waiter that spins on that status with no observer registered and registers only before parking, the
 * observer list read without a lock by the thread that changed the signals, and a local write that
 * queues its message in the critical section that numbers it. Asserts outcomes, never timing.
 */
@Timeout(120)
class FastPathStressTest {
    private final Core core = Core.instance();

    private static void runAll(List<Runnable> bodies) throws Exception {
        CyclicBarrier start = new CyclicBarrier(bodies.size());
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (Runnable body : bodies) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    body.run();
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
    }

    /**
     * Every thread writes one message, then reads one from the shared other end, over and over. When a
     * thread reads, at least its own message is written and unread by anyone's count, so a
     * linearizable pipe always has one to give: a read never returns SHOULD_WAIT, even while other
     * threads' writes on the same endpoint are in flight.
     */
    @Test
    void writersThatThenRead_sharedEndpoints_readNeverFindsTheQueueEmpty() throws Exception {
        int threads = 4;
        int rounds = 20_000;
        try (MessagePipe p = core.createMessagePipe()) {
            AtomicInteger read = new AtomicInteger();
            List<Runnable> bodies = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                bodies.add(() -> {
                    for (int i = 0; i < rounds; i++) {
                        assertThat(p.end0().writeMessage(new byte[] {(byte) i})).isEqualTo(MojoResult.OK);
                        ReadResult r = p.end1().readMessage();
                        assertThat(r.result()).as("read after own write, round %d", i).isEqualTo(MojoResult.OK);
                        read.incrementAndGet();
                    }
                });
            }
            runAll(bodies);
            assertThat(read.get()).isEqualTo(threads * rounds);
            assertThat(p.end1().readMessage().result()).isEqualTo(MojoResult.SHOULD_WAIT);
        }
    }

    /**
     * Two threads bounce one message back and forth through wait-then-read; with a second pair of
     * threads polling both ends' signals and empty reads, nothing may be lost (a lost wake-up hangs the
     * test), duplicated or reordered. Half the waits use a short deadline so that spinning, parking
     * and deadline expiry all interleave with the writes.
     */
    @Test
    void pingPongWithPollers_everyMessageArrivesOnceInOrder() throws Exception {
        int rounds = 20_000;
        try (MessagePipe p = core.createMessagePipe()) {
            AtomicInteger done = new AtomicInteger();
            List<Runnable> bodies = new ArrayList<>();
            bodies.add(() -> {
                for (int i = 0; i < rounds; i++) {
                    assertThat(p.end0().writeMessage(new byte[] {(byte) i})).isEqualTo(MojoResult.OK);
                    assertThat(readWaiting(p.end0(), i)[0]).isEqualTo((byte) i);
                }
                done.incrementAndGet();
            });
            bodies.add(() -> {
                for (int i = 0; i < rounds; i++) {
                    byte[] m = readWaiting(p.end1(), i);
                    assertThat(m[0]).isEqualTo((byte) i);
                    assertThat(p.end1().writeMessage(m)).isEqualTo(MojoResult.OK);
                }
                done.incrementAndGet();
            });
            for (MessagePipeEndpoint e : List.of(p.end0(), p.end1())) {
                bodies.add(() -> {
                    while (done.get() < 2) {
                        SignalsState s = e.querySignalsState();
                        assertThat(s.satisfied().containsAll(Signals.WRITABLE)).isTrue();
                        assertThat(s.satisfiable().containsAll(Signals.READABLE)).isTrue();
                        Thread.onSpinWait();
                    }
                });
            }
            runAll(bodies);
            assertThat(p.end0().readMessage().result()).isEqualTo(MojoResult.SHOULD_WAIT);
            assertThat(p.end1().readMessage().result()).isEqualTo(MojoResult.SHOULD_WAIT);
        }
    }

    private byte[] readWaiting(MessagePipeEndpoint e, int round) {
        while (true) {
            ReadResult r = e.readMessage();
            if (r.result() == MojoResult.OK) {
                return r.message().bytes();
            }
            assertThat(r.result()).isEqualTo(MojoResult.SHOULD_WAIT);
            Deadline deadline = round % 2 == 0 ? Deadline.INFINITE : Deadline.after(Duration.ofNanos(50_000));
            WaitResult w = core.wait(e, Signals.READABLE, deadline);
            assertThat(w.result()).isIn(MojoResult.OK, MojoResult.DEADLINE_EXCEEDED);
        }
    }

    /**
     * A handle closed by another thread while a wait on it spins, registers or parks ends that wait
     * with CANCELLED, never with FAILED_PRECONDITION (a closing endpoint has already released its
     * port, whose signals then read as none, before the handle reads as closed).
     */
    @Test
    void closeRacingWait_waitEndsCancelled() throws Exception {
        for (int i = 0; i < 2_000; i++) {
            MessagePipe p = core.createMessagePipe();
            CyclicBarrier start = new CyclicBarrier(2);
            ConcurrentLinkedQueue<Object> outcome = new ConcurrentLinkedQueue<>();
            Thread waiter = Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    WaitResult r = core.wait(p.end1(), Signals.READABLE, Deadline.INFINITE);
                    outcome.add(r);
                } catch (InvalidHandleException e) {
                    outcome.add("closed before the wait began");
                } catch (Throwable t) {
                    outcome.add(t);
                }
            });
            start.await();
            p.end1().close();
            waiter.join();
            Object o = outcome.poll();
            if (o instanceof WaitResult r) {
                assertThat(r.result()).as("round %d", i).isEqualTo(MojoResult.CANCELLED);
                assertThat(r.signalsState()).isEqualTo(SignalsState.NONE);
            } else {
                assertThat(o).as("round %d", i).isEqualTo("closed before the wait began");
            }
            p.end0().close();
        }
    }

    /** As above with waitMany: the closed handle's index and CANCELLED, never FAILED_PRECONDITION. */
    @Test
    void closeRacingWaitMany_cancelledWithIndex() throws Exception {
        for (int i = 0; i < 2_000; i++) {
            MessagePipe a = core.createMessagePipe();
            MessagePipe b = core.createMessagePipe();
            CyclicBarrier start = new CyclicBarrier(2);
            ConcurrentLinkedQueue<Object> outcome = new ConcurrentLinkedQueue<>();
            Thread waiter = Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    outcome.add(core.waitMany(
                            List.of(a.end1(), b.end1()), List.of(Signals.READABLE, Signals.READABLE), Deadline.INFINITE));
                } catch (InvalidHandleException e) {
                    outcome.add(e.index());
                } catch (Throwable t) {
                    outcome.add(t);
                }
            });
            start.await();
            b.end1().close();
            waiter.join();
            Object o = outcome.poll();
            if (o instanceof WaitManyResult r) {
                assertThat(r.result()).as("round %d", i).isEqualTo(MojoResult.CANCELLED);
                assertThat(r.index()).isEqualTo(1);
            } else {
                assertThat(o).as("round %d: closed before the wait began, reported at its index", i).isEqualTo(1);
            }
            a.close();
            b.end0().close();
        }
    }
}

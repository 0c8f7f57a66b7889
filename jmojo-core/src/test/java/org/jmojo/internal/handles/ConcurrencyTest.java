package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.jmojo.internal.sync.HeldLocks;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoException;
import org.jmojo.system.MojoResult;
import org.jmojo.system.ReadResult;
import org.jmojo.system.Signals;
import org.jmojo.system.Trap;
import org.jmojo.system.TriggerCondition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bounded races between writers, readers, transfers, closes and traps; asserts outcomes, never timing. */
@Timeout(60)
class ConcurrencyTest {
    private final Core core = Core.instance();

    @Test
    void concurrentWritersAndWaitingReader_everyMessageOnceInPerWriterOrder() throws Exception {
        int writers = 3;
        int perWriter = 3000;
        try (MessagePipe p = core.createMessagePipe()) {
            CyclicBarrier start = new CyclicBarrier(writers);
            List<Thread> threads = new ArrayList<>();
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            for (int w = 0; w < writers; w++) {
                byte id = (byte) w;
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < perWriter; i++) {
                            MojoResult r = p.end0().writeMessage(new byte[] {id, (byte) (i >> 8), (byte) i});
                            assertThat(r).isEqualTo(MojoResult.OK);
                        }
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                }));
            }
            int[] next = new int[writers];
            for (int n = 0; n < writers * perWriter; ) {
                ReadResult r = p.end1().readMessage();
                if (r.result() == MojoResult.SHOULD_WAIT) {
                    assertThat(core.wait(p.end1(), Signals.READABLE, Deadline.INFINITE).result()).isEqualTo(MojoResult.OK);
                    continue;
                }
                byte[] b = r.message().bytes();
                assertThat(((b[1] & 0xff) << 8) | (b[2] & 0xff)).isEqualTo(next[b[0]]++ & 0xffff);
                n++;
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThat(failures).isEmpty();
            assertThat(p.end1().readMessage().result()).isEqualTo(MojoResult.SHOULD_WAIT);
        }
    }

    @Test
    void transferRacingClose_handlesEndSentOrClosedNeverBoth() throws Exception {
        int rounds = 2000;
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        try (MessagePipe carrier = core.createMessagePipe()) {
            for (int i = 0; i < rounds; i++) {
                MessagePipe cargo = core.createMessagePipe();
                CyclicBarrier go = new CyclicBarrier(2);
                Thread closer = Thread.ofPlatform().start(() -> {
                    try {
                        go.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    cargo.end0().close();
                });
                go.await();
                try {
                    assertThat(carrier.end0().writeMessage(new byte[0], List.of(cargo.end0()))).isEqualTo(MojoResult.OK);
                    sent.incrementAndGet();
                } catch (MojoException e) {
                    assertThat(e.result()).isEqualTo(MojoResult.INVALID_ARGUMENT); // closed first
                    refused.incrementAndGet();
                }
                closer.join();
                assertThat(cargo.end0().isValid()).isFalse();
                cargo.end1().close();
            }
            int received = 0;
            ReadResult r;
            while ((r = carrier.end1().readMessage()).isOk()) {
                try (MessagePipeEndpoint e = r.message().handle(0, MessagePipeEndpoint.class)) {
                    assertThat(e.querySignalsState().satisfied().containsAll(Signals.PEER_CLOSED)).isTrue();
                }
                received++;
            }
            assertThat(received).isEqualTo(sent.get());
            assertThat(sent.get() + refused.get()).isEqualTo(rounds);
        }
    }

    @Test
    void trapsUnderConcurrentWrites_everyHandlerRunsWithoutLocksAndNeverConcurrently() throws Exception {
        int writers = 2;
        int perWriter = 2000;
        AtomicInteger inHandler = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger lockedHandlers = new AtomicInteger();
        AtomicInteger read = new AtomicInteger();
        try (MessagePipe p = core.createMessagePipe()) {
            Trap[] trap = new Trap[1];
            trap[0] = core.createTrap(e -> {
                if (inHandler.incrementAndGet() != 1) {
                    overlaps.incrementAndGet();
                }
                if (HeldLocks.total() != 0) {
                    lockedHandlers.incrementAndGet();
                }
                try {
                    if (e.result() == MojoResult.OK) {
                        while (p.end1().readMessage().isOk()) {
                            read.incrementAndGet();
                        }
                        while (trap[0].arm().result() == MojoResult.FAILED_PRECONDITION) {
                            while (p.end1().readMessage().isOk()) {
                                read.incrementAndGet();
                            }
                        }
                    }
                } finally {
                    inHandler.decrementAndGet();
                }
            });
            try (Trap t = trap[0]) {
                t.addTrigger(p.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 1);
                assertThat(t.arm().result()).isEqualTo(MojoResult.OK);
                CyclicBarrier start = new CyclicBarrier(writers);
                List<Thread> threads = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    threads.add(Thread.ofPlatform().start(() -> {
                        try {
                            start.await();
                        } catch (Exception ex) {
                            throw new IllegalStateException(ex);
                        }
                        for (int i = 0; i < perWriter; i++) {
                            p.end0().writeMessage(new byte[1]);
                        }
                    }));
                }
                for (Thread th : threads) {
                    th.join();
                }
                // Everything written has been read by some handler, or is still queued with the trap
                // unable to arm; drain what is left.
                while (p.end1().readMessage().isOk()) {
                    read.incrementAndGet();
                }
            }
        }
        assertThat(read.get()).isEqualTo(writers * perWriter);
        assertThat(overlaps.get()).isZero();
        assertThat(lockedHandlers.get()).isZero();
    }

    /**
     * Linearizable close: once another thread finds the closed endpoint invalid, the peer must already
     * refuse writes (PEER_CLOSED), never accept one more message into the void.
     */
    @Test
    void close_observedInvalid_peerAlreadyPeerClosed() throws Exception {
        for (int round = 0; round < 300; round++) {
            MessagePipe p = core.createMessagePipe();
            CyclicBarrier go = new CyclicBarrier(2);
            Thread closer = Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                p.end0().close();
            });
            go.await();
            while (true) {
                try {
                    p.end0().readMessage();
                } catch (MojoException closed) {
                    assertThat(p.end1().writeMessage(new byte[1])).isEqualTo(MojoResult.FAILED_PRECONDITION);
                    break;
                }
                Thread.onSpinWait();
            }
            closer.join();
            p.end1().close();
        }
    }
}

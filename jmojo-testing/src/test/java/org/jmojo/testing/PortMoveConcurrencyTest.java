package org.jmojo.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.ReadResult;
import org.jmojo.system.Signals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 8, item 2, under real threads: writers on node 0 write to an endpoint whose peer keeps moving between
 * nodes 1 and 2 (and back to 0) while this thread delivers events and moves it. So local fast-path writes,
 * writes that go as events, conversions, port-accepted, proxy removal and the writes of other threads race on
 * the same ports. The suite runs with the lock-order check on: any acquisition against the ranks fails. Each
 * writer's messages must arrive once each, in the order it wrote them, and the route must collapse at the end.
 */
@Timeout(120)
class PortMoveConcurrencyTest {
    private static final int WRITERS = 3;
    private static final int PER_WRITER = 2_000;

    @Test
    void writersRaceMovesAndDeliveries_eachWritersOrderKept_nothingLost_routeCollapses() throws Exception {
        for (int round = 0; round < 3; round++) {
            runRound();
        }
    }

    private static void runRound() throws Exception {
        try (MultiNodeFixture nodes = MultiNodeFixture.create(3)) {
            MessagePipe[][] carriers = new MessagePipe[3][3];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    if (i != j) {
                        carriers[i][j] = nodes.endpointPair(i, j);
                    }
                }
            }
            MessagePipe pipe = nodes.endpointPair(0, 0);
            MessagePipeEndpoint target = pipe.end1();
            int at = 0;
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicInteger movesMade = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < PER_WRITER; i++) {
                            // Keep pace with the mover, so that writes overlap many moves.
                            while (movesMade.get() < i / 100) {
                                Thread.onSpinWait();
                            }
                            byte[] m = ByteBuffer.allocate(8).putInt(writer).putInt(i).array();
                            MojoResult r = pipe.end0().writeMessage(m);
                            if (r != MojoResult.OK) {
                                throw new AssertionError("writer " + writer + " message " + i + ": " + r);
                            }
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }));
            }
            start.countDown();
            int[] next = new int[WRITERS];
            int moves = 0;
            boolean writing = true;
            while (writing || nodes.pendingEvents() > 0) {
                writing = writers.stream().anyMatch(Thread::isAlive);
                drain(target, next);
                // Move the reading end on, then deliver a little while the writers keep going.
                int to = (at + 1 + moves % 2) % 3;
                assertThat(carriers[at][to].end0().writeMessage(new byte[] {1}, List.of(target)))
                        .isEqualTo(MojoResult.OK);
                moves++;
                for (int i = 0; i < 3; i++) {
                    nodes.deliverNext();
                }
                while (!carriers[at][to].end1().querySignalsState().satisfied().containsAll(Signals.READABLE)) {
                    assertThat(nodes.deliverNext()).isTrue();
                }
                ReadResult carried = carriers[at][to].end1().readMessage();
                target = (MessagePipeEndpoint) carried.message().handles().getFirst();
                at = to;
                movesMade.incrementAndGet();
                if (!writing) {
                    nodes.deliverAll();
                }
            }
            for (Thread t : writers) {
                t.join();
            }
            assertThat(failure.get()).isNull();
            nodes.deliverAll();
            drain(target, next);
            for (int w = 0; w < WRITERS; w++) {
                assertThat(next[w]).as("messages of writer %d", w).isEqualTo(PER_WRITER);
            }
            assertThat(moves).isGreaterThanOrEqualTo(PER_WRITER / 100);
            assertThat(nodes.violations()).isEmpty();
            nodes.assertRoutesCollapsed();
            target.close();
            pipe.end0().close();
            for (MessagePipe[] row : carriers) {
                for (MessagePipe c : row) {
                    if (c != null) {
                        c.close();
                    }
                }
            }
            nodes.deliverAll();
            nodes.assertNoLeaks();
        }
    }

    /** Reads everything queued at {@code end}, checking each writer's numbers come in order (also for fuses). */
    static void drain(MessagePipeEndpoint end, int[] next) {
        ReadResult r;
        while ((r = end.readMessage()).result() == MojoResult.OK) {
            ByteBuffer b = ByteBuffer.wrap(r.message().bytes());
            int writer = b.getInt();
            int n = b.getInt();
            assertThat(n).as("next message of writer %d", writer).isEqualTo(next[writer]);
            next[writer]++;
        }
        assertThat(r.result()).isEqualTo(MojoResult.SHOULD_WAIT);
    }
}

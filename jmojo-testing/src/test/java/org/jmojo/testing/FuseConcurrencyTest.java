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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 8, item 2 (merge) under real threads: a chain of pipes over two nodes is fused link by link while
 * writers on other threads keep writing into both ends of the chain (the near end's writes take the local fast
 * path into a port the fuse is turning into a proxy), and this thread delivers events between fuses. The suite runs with the lock-order check on. Each writer's messages must arrive once each, in the order
 * it wrote them, and every route must collapse.
 */
@Timeout(120)
class FuseConcurrencyTest {
    private static final int WRITERS_PER_END = 2;
    private static final int PER_WRITER = 1_500;
    private static final int LINKS = 12;

    @Test
    void writersRaceFusesAndDeliveries_eachWritersOrderKept_nothingLost_routeCollapses() throws Exception {
        for (int round = 0; round < 3; round++) {
            runRound();
        }
    }

    private static void runRound() throws Exception {
        try (MultiNodeFixture nodes = MultiNodeFixture.create(2)) {
            // near – x0 | y1 – x1 | y2 – ... – far: pipe i joins node n(i) to node n(i + 1), so x(i) and y(i + 1)
            // share a node, where they are fused; some pipes cross nodes, some do not.
            List<MessagePipe> chain = new ArrayList<>();
            for (int i = 0; i <= LINKS; i++) {
                chain.add(nodes.endpointPair((i / 2) % 2, ((i + 1) / 2) % 2));
            }
            nodes.deliverAll();
            MessagePipeEndpoint near = chain.getFirst().end0();
            MessagePipeEndpoint far = chain.getLast().end1();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicInteger fusesMade = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 2 * WRITERS_PER_END; w++) {
                int writer = w;
                MessagePipeEndpoint end = w < WRITERS_PER_END ? near : far;
                writers.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < PER_WRITER; i++) {
                            // Keep pace with the fuses, so that writes overlap all of them.
                            while (fusesMade.get() < Math.min(i / 100, LINKS)) {
                                Thread.onSpinWait();
                            }
                            byte[] m = ByteBuffer.allocate(8).putInt(writer).putInt(i).array();
                            MojoResult r = end.writeMessage(m);
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
            for (int i = 0; i + 1 < chain.size(); i++) {
                // Deliver a little while the writers keep going, then fuse the next link.
                for (int k = 0; k < 5; k++) {
                    nodes.deliverNext();
                }
                MessagePipeEndpoint x = chain.get(i).end1();
                nodes.coreOf(x).fuseMessagePipes(x, chain.get(i + 1).end0());
                fusesMade.incrementAndGet();
            }
            int[] next = new int[2 * WRITERS_PER_END];
            boolean writing = true;
            while (writing || nodes.pendingEvents() > 0) {
                writing = writers.stream().anyMatch(Thread::isAlive);
                nodes.deliverNext();
                PortMoveConcurrencyTest.drain(near, next);
                PortMoveConcurrencyTest.drain(far, next);
            }
            for (Thread t : writers) {
                t.join();
            }
            assertThat(failure.get()).isNull();
            nodes.deliverAll();
            PortMoveConcurrencyTest.drain(near, next);
            PortMoveConcurrencyTest.drain(far, next);
            for (int w = 0; w < next.length; w++) {
                assertThat(next[w]).as("messages of writer %d", w).isEqualTo(PER_WRITER);
            }
            assertThat(nodes.violations()).isEmpty();
            nodes.assertRoutesCollapsed();
            near.close();
            far.close();
            nodes.deliverAll();
            nodes.assertNoLeaks();
        }
    }
}

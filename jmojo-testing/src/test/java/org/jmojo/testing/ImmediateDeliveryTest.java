package org.jmojo.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.jmojo.system.Deadline;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.ReadResult;
import org.jmojo.system.Signals;
import org.jmojo.system.Trap;
import org.jmojo.system.TriggerCondition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link MultiNodeFixture#createWithImmediateDelivery}: the sending thread delivers, before its call returns,
 * with no pump, no deadlock between threads sending both ways, and no recursion between nodes.
 */
@Timeout(60)
class ImmediateDeliveryTest {
    @Test
    void write_hasArrivedWhenItReturns_closureToo_nothingLeftToPump() {
        try (MultiNodeFixture nodes = MultiNodeFixture.createWithImmediateDelivery(2)) {
            MessagePipe pipe = nodes.endpointPair(0, 1);
            assertThat(pipe.end0().writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK);
            assertThat(nodes.pendingEvents()).isZero();
            assertThat(pipe.end1().readMessage().message().bytes()).containsExactly(1);
            pipe.end0().close();
            assertThat(pipe.end1().querySignalsState().satisfied().containsAll(Signals.PEER_CLOSED)).isTrue();
            assertThat(nodes.deliverAll()).isZero();
            pipe.end1().close();
            assertThat(nodes.violations()).isEmpty();
            nodes.assertNoLeaks();
        }
    }

    @Test
    void blockingWaitOnOneNode_wokenByAWriteOnTheOther() throws Exception {
        try (MultiNodeFixture nodes = MultiNodeFixture.createWithImmediateDelivery(2)) {
            MessagePipe pipe = nodes.endpointPair(0, 1);
            CountDownLatch waiting = new CountDownLatch(1);
            List<MojoResult> result = new CopyOnWriteArrayList<>();
            Thread waiter = Thread.ofPlatform().start(() -> {
                waiting.countDown();
                result.add(nodes.coreOf(pipe.end1()).wait(pipe.end1(), Signals.READABLE, Deadline.INFINITE).result());
            });
            waiting.await();
            pipe.end0().writeMessage(new byte[] {7});
            waiter.join();
            assertThat(result).containsExactly(MojoResult.OK);
            pipe.close();
            nodes.assertNoLeaks();
        }
    }

    /**
     * Writers on both nodes at once, both ways, on one pipe: every message arrives, in each writer's order,
     * and nobody deadlocks (each sending thread takes the receiving port's lock with no lock held). Run with
     * the lock-order check of the test JVMs on.
     */
    @Test
    void writersOnBothNodesAtOnce_everyMessageArrivesInEachWritersOrder() throws Exception {
        int writersPerEnd = 2;
        int perWriter = 5_000;
        try (MultiNodeFixture nodes = MultiNodeFixture.createWithImmediateDelivery(2)) {
            MessagePipe pipe = nodes.endpointPair(0, 1);
            List<Thread> threads = new ArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            for (MessagePipeEndpoint end : List.of(pipe.end0(), pipe.end1())) {
                for (int w = 0; w < writersPerEnd; w++) {
                    int writer = w;
                    threads.add(Thread.ofPlatform().start(() -> {
                        awaitQuietly(start);
                        for (int i = 0; i < perWriter; i++) {
                            ByteBuffer b = ByteBuffer.allocate(8).putInt(writer).putInt(i).flip();
                            assertThat(end.writeMessage(b, List.of())).isEqualTo(MojoResult.OK);
                        }
                    }));
                }
            }
            start.countDown();
            for (Thread t : threads) {
                t.join();
            }
            for (MessagePipeEndpoint reader : List.of(pipe.end1(), pipe.end0())) {
                int[] next = new int[writersPerEnd];
                ReadResult r;
                int count = 0;
                while ((r = reader.readMessage()).isOk()) {
                    ByteBuffer b = ByteBuffer.wrap(r.message().bytes());
                    int writer = b.getInt();
                    assertThat(b.getInt()).as("writer %d's next message", writer).isEqualTo(next[writer]++);
                    count++;
                }
                assertThat(count).isEqualTo(writersPerEnd * perWriter);
            }
            pipe.close();
            assertThat(nodes.violations()).isEmpty();
            nodes.assertNoLeaks();
        }
    }

    /**
     * Trap handlers on both nodes answer each message with one back: a thousand round trips run from one
     * write, on that writer's thread, and no handler is entered inside another (delivery never recurses).
     */
    @Test
    void handlersAnsweringEachOther_runOneAtATimeOnTheWritersThread() {
        int rounds = 1_000;
        AtomicInteger depth = new AtomicInteger();
        AtomicInteger maxDepth = new AtomicInteger();
        AtomicInteger handled = new AtomicInteger();
        List<Thread> handlerThreads = new CopyOnWriteArrayList<>();
        try (MultiNodeFixture nodes = MultiNodeFixture.createWithImmediateDelivery(2)) {
            MessagePipe pipe = nodes.endpointPair(0, 1);
            List<Trap> traps = new ArrayList<>();
            for (MessagePipeEndpoint end : List.of(pipe.end0(), pipe.end1())) {
                Trap[] self = new Trap[1];
                self[0] = nodes.coreOf(end).createTrap(e -> {
                    if (e.result() != MojoResult.OK) {
                        return;
                    }
                    maxDepth.accumulateAndGet(depth.incrementAndGet(), Math::max);
                    try {
                        handlerThreads.add(Thread.currentThread());
                        int n = ByteBuffer.wrap(end.readMessage().message().bytes()).getInt();
                        handled.incrementAndGet();
                        assertThat(self[0].arm().result()).isEqualTo(MojoResult.OK);
                        if (n < rounds) {
                            end.writeMessage(ByteBuffer.allocate(4).putInt(n + 1).flip(), List.of());
                        }
                    } finally {
                        depth.decrementAndGet();
                    }
                });
                assertThat(self[0].addTrigger(end, Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 1))
                        .isEqualTo(MojoResult.OK);
                assertThat(self[0].arm().result()).isEqualTo(MojoResult.OK);
                traps.add(self[0]);
            }
            pipe.end0().writeMessage(ByteBuffer.allocate(4).putInt(1).flip(), List.of());
            assertThat(handled.get()).isEqualTo(rounds);
            assertThat(maxDepth.get()).isEqualTo(1);
            assertThat(handlerThreads).containsOnly(Thread.currentThread());
            traps.forEach(Trap::close);
            pipe.close();
            assertThat(nodes.violations()).isEmpty();
            nodes.assertNoLeaks();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}

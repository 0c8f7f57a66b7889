package org.jmojo.internal.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The I/O thread's task queue: no task is lost, whatever the interleaving of enqueues and wake-ups. */
@Timeout(120)
class IoThreadTest {

    @Test
    void execute_manyThreadsInBursts_everyTaskRunsOnTheIoThread() throws Exception {
        int threads = 8;
        int rounds = 2_000;
        try (IoThread io = new IoThread("tasks-io")) {
            AtomicInteger offThread = new AtomicInteger();
            for (int round = 0; round < rounds; round++) {
                // Each round waits for its tasks, so a lost wake-up hangs that round instead of being
                // rescued by a later enqueue.
                CountDownLatch ran = new CountDownLatch(threads);
                CountDownLatch go = new CountDownLatch(1);
                List<Thread> senders = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    senders.add((t % 2 == 0 ? Thread.ofPlatform() : Thread.ofVirtual()).start(() -> {
                        try {
                            go.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        io.execute(() -> {
                            if (!io.isCurrentThread()) {
                                offThread.incrementAndGet();
                            }
                            ran.countDown();
                        });
                    }));
                }
                go.countDown();
                for (Thread s : senders) {
                    s.join();
                }
                assertThat(ran.await(30, TimeUnit.SECONDS)).as("round %d: every task ran", round).isTrue();
            }
            assertThat(offThread.get()).isZero();
        }
    }
}

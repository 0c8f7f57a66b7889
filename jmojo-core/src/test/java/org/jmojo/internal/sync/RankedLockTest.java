package org.jmojo.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The lock word and queue of {@link RankedLock}: exclusion, reentrancy, parking, the rank counts. */
@Timeout(60)
class RankedLockTest {
    private final RankedLock lock = new RankedLock(LockRank.PORT);

    /** Guarded by {@link #lock}; a plain field, so a lost update shows any exclusion failure. */
    private long counter;

    @Test
    void lock_reentrant_countedPerHoldAndReleasedByLastUnlock() {
        lock.lock();
        lock.lock();
        assertThat(lock.isHeldByCurrentThread()).isTrue();
        assertThat(HeldLocks.held(LockRank.PORT)).isEqualTo(2);
        lock.unlock();
        assertThat(lock.isHeldByCurrentThread()).isTrue();
        lock.unlock();
        assertThat(lock.isHeldByCurrentThread()).isFalse();
        assertThat(HeldLocks.held(LockRank.PORT)).isZero();
    }

    @Test
    void unlock_byThreadNotHoldingIt_illegalMonitorStateNamingRank() {
        assertThatThrownBy(lock::unlock)
                .isInstanceOf(IllegalMonitorStateException.class)
                .hasMessageContaining("PORT");
    }

    @Test
    void order_uniqueAndAscendingWithCreation() {
        RankedLock later = new RankedLock(LockRank.PORT);
        assertThat(later.order()).isGreaterThan(lock.order());
    }

    @Test
    void lock_heldByAnother_waiterQueuesThenAcquiresOnRelease() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        AtomicBoolean acquired = new AtomicBoolean();
        lock.lock();
        Thread waiter = Thread.ofPlatform().start(() -> {
            held.countDown();
            lock.lock();
            try {
                acquired.set(true);
            } finally {
                lock.unlock();
            }
        });
        held.await();
        while (!lock.hasQueuedThreads()) {
            Thread.onSpinWait(); // past its brief retries: queued, parked or about to park
        }
        assertThat(acquired).isFalse();
        lock.unlock();
        waiter.join();
        assertThat(acquired).isTrue();
        assertThat(lock.hasQueuedThreads()).isFalse();
    }

    /**
     * More threads than CPUs, platform and virtual, each taking the lock (sometimes twice) around a
     * non-atomic increment: no update is lost, contended acquisitions park and are woken, and every
     * thread's rank count is back to zero.
     */
    @Test
    void lock_manyContendingThreads_mutualExclusionAndCountsBalanced() throws Exception {
        int platform = 4;
        int virtual = 8;
        int perThread = 20_000;
        CyclicBarrier start = new CyclicBarrier(platform + virtual);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < platform + virtual; t++) {
            Runnable body = () -> {
                try {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        lock.lock();
                        try {
                            if ((i & 7) == 0) {
                                lock.lock();
                                try {
                                    counter++;
                                } finally {
                                    lock.unlock();
                                }
                            } else {
                                counter++;
                            }
                        } finally {
                            lock.unlock();
                        }
                    }
                    assertThat(HeldLocks.total()).isZero();
                } catch (Throwable e) {
                    failures.add(e);
                }
            };
            threads.add(t < platform ? Thread.ofPlatform().start(body) : Thread.ofVirtual().start(body));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
        lock.lock();
        try {
            assertThat(counter).isEqualTo((long) (platform + virtual) * perThread);
        } finally {
            lock.unlock();
        }
    }
}

package org.jmojo.internal.ports;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link ReentrantLock} that records itself in {@link HeldLocks} under its rank, and that retries a
 * contended acquisition briefly before queueing (see {@link #lock()}). Parking on it never pins a
 * virtual thread.
 */
public final class RankedLock extends ReentrantLock {
    private static final long serialVersionUID = 1L;

    private final HeldLocks.Rank rank;

    public RankedLock(HeldLocks.Rank rank) {
        this.rank = rank;
    }

    /**
     * How many times {@link #lock()} retries a failed {@link #tryLock()} before it queues and may park.
     * jmojo's critical sections are short (a queue operation and a few fields), so a contended lock is
     * often free again within a few hundred nanoseconds, while parking and being unparked costs tens
     * of microseconds. More retries help a reader that contends with a slow writer (4 KiB one-way
     * throughput: 0.38 M msg/s with none, 0.55 M with 8, 0.87 M with 64) but hurt a fast stream, where
     * a reader that parks lets the writer run ahead and then drains a batch uncontended (64 B: 5.0,
     * 3.0 and 1.6 M msg/s); 8 is the compromise. The bound also keeps a thread whose lock holder was
     * descheduled from spinning long.
     */
    private static final int SPIN_TRIES = 8;

    @Override
    public void lock() {
        acquire();
        HeldLocks.acquired(rank);
    }

    @Override
    public void unlock() {
        HeldLocks.released(rank);
        super.unlock();
    }

    /** {@link #lock()}, counted in {@code held}: the current thread's {@link HeldLocks#current() counts}. */
    void lock(int[] held) {
        acquire();
        held[rank.ordinal()]++;
    }

    /** {@link #unlock()}, counted in {@code held}: the current thread's {@link HeldLocks#current() counts}. */
    void unlock(int[] held) {
        held[rank.ordinal()]--;
        super.unlock();
    }

    private void acquire() {
        if (!tryLock()) {
            int tries = 0;
            while (true) {
                Thread.onSpinWait();
                if (tryLock()) {
                    break;
                }
                if (++tries == SPIN_TRIES) {
                    super.lock();
                    break;
                }
            }
        }
    }

    /** This lock's rank. */
    public HeldLocks.Rank rank() {
        return rank;
    }
}

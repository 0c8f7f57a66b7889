package org.jmojo.internal.sync;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * A reentrant mutual-exclusion lock that records itself in {@link HeldLocks} under its
 * {@link LockRank}, and that retries a contended acquisition briefly before queueing (see
 * {@link #lock()}). Parking on it never pins a virtual thread. In the test mode of {@link HeldLocks}
 * ({@value HeldLocks#CHECK_ORDER_PROPERTY}) every acquisition is first checked against the lock order.
 *
 * <p>It is its own {@link AbstractQueuedSynchronizer}: the lock word (the synchronizer state: the hold
 * count, 0 when free) and the owner live in this object, where a {@code ReentrantLock} keeps them in a
 * separate {@code Sync} object, one more cache line to fetch per acquisition on the hot paths.
 */
public final class RankedLock extends AbstractQueuedSynchronizer {
    private static final long serialVersionUID = 1L;

    private static final AtomicLong NEXT_ORDER = new AtomicLong();

    private final LockRank rank;

    /** Unique, in creation order: several locks of one rank are taken in ascending order of it. */
    private final long order = NEXT_ORDER.getAndIncrement();

    public RankedLock(LockRank rank) {
        this.rank = Objects.requireNonNull(rank, "rank");
    }

    /**
     * How many times {@link #lock()} retries a failed attempt before it queues and may park.
     * jmojo's critical sections are short (a queue operation and a few fields), so a contended lock is
     * often free again within a few hundred nanoseconds, while parking and being unparked costs tens
     * of microseconds. More retries help a reader that contends with a slow writer (4 KiB one-way
     * throughput: 0.38 M msg/s with none, 0.55 M with 8, 0.87 M with 64) but hurt a fast stream, where
     * a reader that parks lets the writer run ahead and then drains a batch uncontended (64 B: 5.0,
     * 3.0 and 1.6 M msg/s); 8 is the compromise. The bound also keeps a thread whose lock holder was
     * descheduled from spinning long.
     */
    private static final int SPIN_TRIES = 8;

    /** Takes the lock, waiting as long as needed (reentrant: a holder may take it again). */
    public void lock() {
        lock(HeldLocks.current());
    }

    /**
     * Releases one hold.
     *
     * @throws IllegalMonitorStateException if the current thread does not hold the lock
     */
    public void unlock() {
        unlock(HeldLocks.current());
    }

    /** {@link #lock()}, counted in {@code held}: the current thread's {@link HeldLocks#current() counts}. */
    public void lock(int[] held) {
        if (HeldLocks.CHECKING_ORDER) {
            HeldLocks.checkOrder(this);
        }
        acquireLock();
        held[rank.ordinal()]++;
        held[HeldLocks.TOTAL]++;
        if (HeldLocks.CHECKING_ORDER) {
            HeldLocks.recordAcquired(this);
        }
    }

    /**
     * Takes the lock if it is free or held by this thread, without waiting (and without the retries of
     * {@link #lock()}).
     *
     * @return whether this thread now holds it (then release it with {@link #unlock()})
     */
    public boolean tryLock() {
        if (HeldLocks.CHECKING_ORDER) {
            HeldLocks.checkOrder(this);
        }
        if (!tryAcquire(1)) {
            return false;
        }
        int[] held = HeldLocks.current();
        held[rank.ordinal()]++;
        held[HeldLocks.TOTAL]++;
        if (HeldLocks.CHECKING_ORDER) {
            HeldLocks.recordAcquired(this);
        }
        return true;
    }

    /** {@link #unlock()}, counted in {@code held}: the current thread's {@link HeldLocks#current() counts}. */
    public void unlock(int[] held) {
        release(1); // throws, counting nothing, if this thread does not hold it
        held[rank.ordinal()]--;
        held[HeldLocks.TOTAL]--;
        if (HeldLocks.CHECKING_ORDER) {
            HeldLocks.recordReleased(this);
        }
    }

    /** Whether any thread holds this lock (a snapshot, for tests and diagnostics). */
    public boolean isLocked() {
        return getState() != 0;
    }

    /** Whether the current thread holds this lock. */
    public boolean isHeldByCurrentThread() {
        return isHeldExclusively();
    }

    private void acquireLock() {
        if (tryAcquire(1)) {
            return;
        }
        for (int tries = 0; tries < SPIN_TRIES; tries++) {
            Thread.onSpinWait();
            if (tryAcquire(1)) {
                return;
            }
        }
        acquire(1); // queues, parks if need be, and acquires through tryAcquire
    }

    /** Barging, like a non-fair {@code ReentrantLock}: a free lock goes to whoever asks first. */
    @Override
    protected boolean tryAcquire(int holds) {
        Thread current = Thread.currentThread();
        int c = getState();
        if (c == 0) {
            if (compareAndSetState(0, holds)) {
                setExclusiveOwnerThread(current);
                return true;
            }
            return false;
        }
        if (getExclusiveOwnerThread() == current) {
            int next = c + holds;
            if (next < 0) {
                throw new Error("maximum lock count exceeded");
            }
            setState(next); // only the owner writes the state while it is held
            return true;
        }
        return false;
    }

    @Override
    protected boolean tryRelease(int holds) {
        if (getExclusiveOwnerThread() != Thread.currentThread()) {
            throw new IllegalMonitorStateException("unlock of a " + rank + " lock not held by the current thread");
        }
        int c = getState() - holds;
        boolean free = c == 0;
        if (free) {
            setExclusiveOwnerThread(null);
        }
        setState(c); // volatile write: publishes the critical section to the next acquirer
        return free;
    }

    @Override
    protected boolean isHeldExclusively() {
        return getExclusiveOwnerThread() == Thread.currentThread();
    }

    /** The key by which several locks of one rank are ordered: unique, fixed, ascending with creation. */
    public long order() {
        return order;
    }

    /** This lock's rank. */
    public LockRank rank() {
        return rank;
    }

    /** "rank 3 PORT lock #12": how lock-order reports name a lock. */
    String describe() {
        return "rank " + rank.label() + " " + rank + " lock #" + order;
    }

    @Override
    public String toString() {
        Thread owner = getExclusiveOwnerThread();
        return rank + " lock" + (owner == null ? " (free)" : " (held by " + owner.getName() + ")");
    }
}

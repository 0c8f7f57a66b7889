package org.jmojo.internal.ports;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link ReentrantLock} that records itself in {@link HeldLocks} under its rank. Parking on it never
 * pins a virtual thread.
 */
public final class RankedLock extends ReentrantLock {
    private static final long serialVersionUID = 1L;

    private final HeldLocks.Rank rank;

    public RankedLock(HeldLocks.Rank rank) {
        this.rank = rank;
    }

    @Override
    public void lock() {
        super.lock();
        HeldLocks.acquired(rank);
    }

    @Override
    public void unlock() {
        HeldLocks.released(rank);
        super.unlock();
    }

    /** This lock's rank. */
    public HeldLocks.Rank rank() {
        return rank;
    }
}

package org.jmojo.bindings.internal.router;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What a thread blocked in a {@code [Sync]} call waits on: a counter of events (its response
 * arrived, or a sync request it may serve was queued), so that an event between the waiter's last
 * check and its wait is never lost. Thread-safe; {@link #lock} guards {@link #events} only.
 */
final class SyncWaiter {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Guarded by {@link #lock}. */
    private long events;

    void wake() {
        lock.lock();
        try {
            events++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    long events() {
        lock.lock();
        try {
            return events;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until an event after {@code seen} or until {@code nanos} pass. An interrupt does not end a
     * sync call (Mojo's sync calls cannot be interrupted); it is kept for the caller to see afterwards.
     */
    void await(long seen, long nanos) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + nanos;
        lock.lock();
        try {
            while (events == seen) {
                long left = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    if (left == Long.MAX_VALUE) {
                        changed.await();
                    } else {
                        changed.await(left, TimeUnit.NANOSECONDS);
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            lock.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

package org.jmojo.internal.handles;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.jmojo.internal.ports.HeldLocks;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;

/**
 * Spin-then-park waiting (DESIGN.md §5): spin for {@link #SPIN_NANOS}, then park with
 * {@link LockSupport}, which never pins a virtual thread. The thread that makes the condition true
 * calls {@link LockSupport#unpark} on the waiter.
 */
final class WaitSpin {
    /** How long to spin before parking: the property {@link Core#WAIT_SPIN_NANOS_PROPERTY}, else 20 µs (0 on one CPU). */
    static final long SPIN_NANOS = spinNanos();

    private WaitSpin() {}

    private static long spinNanos() {
        String configured = System.getProperty(Core.WAIT_SPIN_NANOS_PROPERTY);
        if (configured != null) {
            long v;
            try {
                v = Long.parseLong(configured.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        Core.WAIT_SPIN_NANOS_PROPERTY + " is not a number of nanoseconds: " + configured, e);
            }
            if (v < 0) {
                throw new IllegalArgumentException(Core.WAIT_SPIN_NANOS_PROPERTY + " < 0: " + v);
            }
            return v;
        }
        return Runtime.getRuntime().availableProcessors() == 1 ? 0 : 20_000;
    }

    /**
     * Waits until {@code done} is true or {@code deadline} passes; returns whether {@code done} became
     * true. Must be called with no jmojo lock held. Unparks that belong to other purposes are tolerated
     * (the condition is re-checked). Uninterruptible: an interrupt neither ends the wait nor makes it
     * spin; the thread's interrupt status is set again when the wait ends.
     */
    static boolean await(BooleanSupplier done, Deadline deadline) {
        HeldLocks.checkNone("a blocking wait");
        if (done.getAsBoolean()) {
            return true;
        }
        if (SPIN_NANOS > 0 && deadline.remainingNanos() > 0) {
            long spinEnd = System.nanoTime() + Math.min(SPIN_NANOS, deadline.remainingNanos());
            while (System.nanoTime() - spinEnd < 0) {
                if (done.getAsBoolean()) {
                    return true;
                }
                Thread.onSpinWait();
            }
        }
        boolean interrupted = false;
        try {
            while (!done.getAsBoolean()) {
                if (deadline.isInfinite()) {
                    LockSupport.park(done);
                } else {
                    long left = deadline.remainingNanos();
                    if (left <= 0) {
                        return done.getAsBoolean();
                    }
                    LockSupport.parkNanos(done, left);
                }
                // park returns at once while the interrupt status is set: clear it, restore it at the end.
                interrupted |= Thread.interrupted();
            }
            return true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

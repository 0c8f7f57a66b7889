package org.jmojo.internal.handles;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jmojo.internal.sync.HeldLocks;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;

/**
 * Spin-then-park waiting (docs/architecture.md §5): spin for {@link #SPIN_NANOS} (polling: with
 * {@link Thread#onSpinWait} between polls for the first {@link #BUSY_SPIN_NANOS}, then with a
 * {@link Thread#yield} between polls), then park with
 * {@link LockSupport}, which never pins a virtual thread. The thread that makes the condition true
 * calls {@link LockSupport#unpark} on the waiter.
 *
 * <p>The two phases are also available apart ({@link #spin}, {@link #park}) so that a waiter can spin
 * on state it reads itself, with nothing registered (a thread that changes that state then has nobody
 * to wake), and register to be unparked only before it parks.
 */
final class WaitSpin {
    /** How long to spin before parking: the property {@link Core#WAIT_SPIN_NANOS_PROPERTY}, else 20 µs (0 on one CPU). */
    static final long SPIN_NANOS = nanosProperty(Core.WAIT_SPIN_NANOS_PROPERTY, 20_000);

    /**
     * The system property that sets {@link #BUSY_SPIN_NANOS} (internal: for measurements; see
     * docs/performance.md §2).
     */
    static final String BUSY_SPIN_NANOS_PROPERTY = "org.jmojo.waitBusySpinNanos";

    /**
     * How much of the spin polls with {@link Thread#onSpinWait()} rather than yielding between polls:
     * {@link #BUSY_SPIN_NANOS_PROPERTY}, else 2 µs (0 on one CPU). A yield is a system call (about 0.2 µs
     * here) during which an arriving message goes unseen, which on an idle core is most of a
     * hand-off's latency; a message of a ping-pong or a stream usually arrives within a microsecond or
     * two, and after that the yielding polls take over, so that on an oversubscribed machine the
     * awaited thread gets the processor (see {@link #spin}).
     */
    static final long BUSY_SPIN_NANOS = nanosProperty(BUSY_SPIN_NANOS_PROPERTY, 2_000);

    private WaitSpin() {}

    /** A duration in nanoseconds from system property {@code name}, else {@code fallback} (0 on one CPU). */
    private static long nanosProperty(String name, long fallback) {
        String configured = System.getProperty(name);
        if (configured != null) {
            long v;
            try {
                v = Long.parseLong(configured.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " is not a number of nanoseconds: " + configured, e);
            }
            if (v < 0) {
                throw new IllegalArgumentException(name + " < 0: " + v);
            }
            return v;
        }
        return Runtime.getRuntime().availableProcessors() == 1 ? 0 : fallback;
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
        if (spin(() -> done.getAsBoolean() ? Boolean.TRUE : null, deadline) != null) {
            return true;
        }
        return park(done, deadline);
    }

    /**
     * Calls {@code poll} until it returns a value, for at most {@link #SPIN_NANOS} and never past
     * {@code deadline}, pausing ({@link Thread#onSpinWait()}) between polls for the first
     * {@link #BUSY_SPIN_NANOS} and yielding the processor between the later ones; returns that value,
     * or null if the time ran out first. Must be called with no jmojo lock held.
     */
    static <T> T spin(Supplier<T> poll, Deadline deadline) {
        return spin(poll, deadline, SPIN_NANOS);
    }

    /** As {@link #spin(Supplier, Deadline)}, for at most {@code spinNanos} (capped at {@link #SPIN_NANOS}). */
    static <T> T spin(Supplier<T> poll, Deadline deadline, long spinNanos) {
        return spin(WaitSpin::get, poll, null, deadline, spinNanos);
    }

    private static <T> T get(Supplier<T> supplier, Object unused) {
        return supplier.get();
    }

    /**
     * As {@link #spin(Supplier, Deadline, long)}, polling {@code poll.apply(a, b)}: for a waiter that polls the
     * state of objects it has, with a {@code poll} that captures nothing (a static or unbound method reference, made
     * once), so that a wait allocates no poll object (docs/performance.md §2.4, seventh pass).
     */
    static <A, B, T> T spin(BiFunction<A, B, T> poll, A a, B b, Deadline deadline, long spinNanos) {
        HeldLocks.checkNone("a blocking wait");
        long limit = Math.min(spinNanos, SPIN_NANOS);
        if (limit <= 0) {
            return null;
        }
        long left = deadline.remainingNanos();
        if (left <= 0) {
            return null;
        }
        long start = System.nanoTime();
        long spinEnd = start + Math.min(limit, left);
        long busyEnd = start + Math.min(BUSY_SPIN_NANOS, left);
        long now = start;
        do {
            T value = poll.apply(a, b);
            if (value != null) {
                return value;
            }
            if (now - busyEnd < 0) {
                Thread.onSpinWait();
            } else {
                // Yield after the short busy phase: on an oversubscribed machine (more runnable threads
                // than CPUs) the thread being waited for may be queued behind this one, and a pure spin
                // keeps it off the processor until the spin runs out and both sides park. On a loaded
                // 2-vCPU machine a ping-pong took 25-55 us with pure spinning, 1.3-3.5 us with yielding
                // polls; with an idle CPU, yield returns at once.
                Thread.yield();
            }
            now = System.nanoTime();
        } while (now - spinEnd < 0);
        return poll.apply(a, b);
    }

    /**
     * Parks until {@code done} is true or {@code deadline} passes, without spinning first; returns
     * whether {@code done} became true. The same contract as {@link #await} otherwise.
     */
    static boolean park(BooleanSupplier done, Deadline deadline) {
        HeldLocks.checkNone("a blocking wait");
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

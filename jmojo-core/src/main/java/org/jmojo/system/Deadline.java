package org.jmojo.system;

import java.time.Duration;

/**
 * When a wait gives up: {@link #INFINITE} (never), {@link #NONE} (poll: check once and return), or
 * a point on the monotonic {@link System#nanoTime()} clock made by {@link #after(Duration)}.
 *
 * <p>Immutable and thread-safe; one deadline may be shared by several waits.
 */
public final class Deadline {
    /** Wait until the condition holds, however long that takes. */
    public static final Deadline INFINITE = new Deadline(Long.MAX_VALUE, true);
    /** Do not wait: report the current state at once ({@link MojoResult#DEADLINE_EXCEEDED} if unmet). */
    public static final Deadline NONE = new Deadline(Long.MIN_VALUE, false);

    private final long nanoTime;
    private final boolean infinite;

    private Deadline(long nanoTime, boolean infinite) {
        this.nanoTime = nanoTime;
        this.infinite = infinite;
    }

    /**
     * The deadline {@code timeout} from now; a zero or negative timeout behaves like {@link #NONE}.
     *
     * @throws NullPointerException if {@code timeout} is null
     */
    public static Deadline after(Duration timeout) {
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return INFINITE;
        }
        if (nanos <= 0) {
            return NONE;
        }
        long now = System.nanoTime();
        long at = now + nanos;
        return at - now < 0 ? INFINITE : new Deadline(at, false);
    }

    /** Whether this deadline never passes. */
    public boolean isInfinite() {
        return infinite;
    }

    /**
     * Nanoseconds left, never negative; {@link Long#MAX_VALUE} for {@link #INFINITE}, {@code 0} for
     * {@link #NONE} and for a deadline that has passed.
     */
    public long remainingNanos() {
        if (infinite) {
            return Long.MAX_VALUE;
        }
        if (this == NONE) {
            return 0;
        }
        return Math.max(0, nanoTime - System.nanoTime());
    }

    @Override
    public String toString() {
        if (infinite) {
            return "Deadline[INFINITE]";
        }
        return this == NONE ? "Deadline[NONE]" : "Deadline[in " + remainingNanos() + " ns]";
    }
}

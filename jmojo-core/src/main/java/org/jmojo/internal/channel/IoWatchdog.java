package org.jmojo.internal.channel;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Detects an {@link IoThread} stuck in one frame or task — in practice a trap handler that blocks the I/O thread,
 * which §5 forbids (the reply it waits for is read by the thread it blocks) — and reports it, with the stuck
 * thread's stack, instead of letting the node hang silently (docs/concurrency.md, "the I/O watchdog").
 *
 * <p><b>Rule.</b> Each I/O thread counts the units of work it finishes (one ready channel's batch of frames, or one
 * task) and notes when the current one started. When one unit has run for {@link #threshold()} (default 10 s,
 * system property {@value #THRESHOLD_PROPERTY} in milliseconds) without the count moving, the watchdog reports
 * it, once per unit: to the {@link System.Logger} named {@value #LOGGER} at level ERROR, and to each
 * {@linkplain #addListener listener}. It only reports: nothing can safely interrupt a handler, and the node goes on
 * when the handler returns.
 *
 * <p><b>Thread.</b> One platform daemon thread per JVM, {@code jmojo-io-watchdog}, started with the first I/O
 * thread; it wakes every quarter threshold (at most every second), reads each watched thread's two volatile
 * fields and takes no lock. Listeners run on it.
 */
public final class IoWatchdog {
    /** The logger that receives stall reports. */
    public static final String LOGGER = "org.jmojo.io.watchdog";
    /** The system property holding the threshold in milliseconds. */
    public static final String THRESHOLD_PROPERTY = "jmojo.io.stallMillis";

    /** A stall: the I/O thread {@code threadName} has been in one unit of work for {@code stalledFor}. */
    public record Stall(String threadName, Duration stalledFor, int tasksWaiting, StackTraceElement[] stack) {
        /** The report as logged: what is stuck, for how long, and the stack of the stuck thread. */
        public String describe() {
            StringBuilder s = new StringBuilder("I/O thread ").append(threadName).append(" has been inside one frame or task for ")
                    .append(stalledFor.toMillis()).append(" ms (").append(tasksWaiting).append(" task(s) waiting behind it):"
                    + " a trap handler or listener is blocking it, which the node cannot survive if it waits for something"
                    + " this thread would read (docs/concurrency.md). Its stack:");
            for (StackTraceElement e : stack) {
                s.append("\n\tat ").append(e);
            }
            return s.toString();
        }
    }

    private static final System.Logger LOG = System.getLogger(LOGGER);
    private static final Set<IoThread> WATCHED = ConcurrentHashMap.newKeySet();
    private static final CopyOnWriteArrayList<Consumer<Stall>> LISTENERS = new CopyOnWriteArrayList<>();
    private static volatile Duration threshold = Duration.ofMillis(Long.getLong(THRESHOLD_PROPERTY, 10_000));
    /** Started once, by the first {@link #watch}; guarded by the class monitor until then. */
    private static Thread thread;

    private IoWatchdog() {}

    /** The time one unit of work may take before it is reported. */
    public static Duration threshold() {
        return threshold;
    }

    /**
     * Sets the threshold (tests use a short one; production keeps the default or sets the system property).
     *
     * @throws IllegalArgumentException if {@code t} is not positive
     */
    public static void threshold(Duration t) {
        if (t.isNegative() || t.isZero()) {
            throw new IllegalArgumentException("threshold " + t + ": must be positive");
        }
        threshold = t;
        Thread running = thread;
        if (running != null) {
            LockSupport.unpark(running); // re-check at the new period
        }
    }

    /**
     * Adds a listener told of every stall, on the watchdog thread; closing the returned handle removes it.
     * A listener must return quickly; what it throws is logged.
     */
    public static AutoCloseable addListener(Consumer<Stall> listener) {
        Objects.requireNonNull(listener, "listener");
        LISTENERS.add(listener);
        return () -> LISTENERS.remove(listener);
    }

    static void watch(IoThread t) {
        WATCHED.add(t);
        synchronized (IoWatchdog.class) {
            if (thread == null) {
                thread = Thread.ofPlatform().name("jmojo-io-watchdog").daemon(true).start(IoWatchdog::loop);
            }
        }
    }

    static void unwatch(IoThread t) {
        WATCHED.remove(t);
    }

    private static void loop() {
        while (true) {
            long limit = threshold.toNanos();
            LockSupport.parkNanos(Math.min(limit / 4, 1_000_000_000L));
            long now = System.nanoTime();
            for (IoThread t : WATCHED) {
                Stall stall = t.checkStall(now, threshold.toNanos());
                if (stall != null) {
                    report(stall);
                }
            }
        }
    }

    private static void report(Stall stall) {
        LOG.log(System.Logger.Level.ERROR, stall.describe());
        for (Consumer<Stall> l : LISTENERS) {
            try {
                l.accept(stall);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "an I/O watchdog listener failed", e);
            }
        }
    }
}

package org.jmojo.system;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import org.jmojo.internal.handles.LocalCore;

/**
 * Watches one handle for signals and runs a callback on an {@link Executor} each time they are
 * satisfied, re-arming itself after every callback (like Chromium's {@code SimpleWatcher} in automatic
 * mode). Built on a {@link Trap}.
 *
 * <ul>
 *   <li>Callbacks run on the executor, one at a time, never under a Mojo lock and never inline in the
 *       Mojo call that made the signal true.
 *   <li>After a callback returns the watcher re-arms; if the signals are still satisfied (say, unread
 *       messages remain) the callback is scheduled again. A callback that does not clear the condition is
 *       therefore called repeatedly.
 *   <li>{@code FAILED_PRECONDITION} (the signals can never be satisfied again) is delivered once and the
 *       watch ends. {@code CANCELLED} is delivered once if the watched handle is closed or sent; the
 *       watch ends.
 *   <li>{@link #cancel()} ends the watch without a callback; a callback already running finishes, none
 *       starts afterwards.
 *   <li>An exception thrown by a callback is not caught: it reaches the executor (the watch goes on).
 *   <li>If the executor refuses a callback (it was shut down), the watch is cancelled and the refusal
 *       logged as a warning through {@link System.Logger}.
 * </ul>
 * Thread-safe.
 */
public final class HandleWatcher implements AutoCloseable {
    /** Receives the watcher's notifications. */
    @FunctionalInterface
    public interface Callback {
        /**
         * @param result {@code OK}, {@code FAILED_PRECONDITION} or {@code CANCELLED} (see the class doc)
         * @param signalsState the handle's signals when the notification was produced
         */
        void onReady(MojoResult result, SignalsState signalsState);
    }

    private static final long CONTEXT = 1;
    private static final System.Logger LOG = System.getLogger(HandleWatcher.class.getName());

    private final Executor executor;

    /** Guards the watch state below; never held while calling Mojo or user code. */
    private final ReentrantLock stateLock = new ReentrantLock();

    // @GuardedBy("stateLock")
    private Trap trap;
    // @GuardedBy("stateLock")
    private Callback callback;
    // @GuardedBy("stateLock")
    private long generation;
    // @GuardedBy("stateLock") notifications waiting for the executor, in order, with their generation
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    // @GuardedBy("stateLock") an executor task is draining {@link #pending}
    private boolean draining;

    private record Pending(long generation, TrapEvent event) {}

    /** A watcher that runs its callbacks on {@code executor}. */
    public HandleWatcher(Executor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * Starts watching {@code handle} for any of {@code signals}.
     *
     * @throws MojoException {@code ALREADY_EXISTS} if this watcher is already watching
     * @throws InvalidHandleException if {@code handle} is invalid
     * @throws MojoException {@code BUSY} if another thread is attaching {@code handle} to a message
     */
    public void start(Handle handle, Signals signals, Callback callback) {
        Objects.requireNonNull(callback, "callback");
        Trap newTrap;
        long gen;
        stateLock.lock();
        try {
            if (this.trap != null) {
                throw new MojoException(MojoResult.ALREADY_EXISTS,
                        "this HandleWatcher is already watching: cancel() it before start() again");
            }
            gen = ++generation;
            long g = gen;
            // A trap of the handle's own node, which need not be the process's default node.
            newTrap = LocalCore.createTrapOnNodeOf(handle, event -> onTrapEvent(g, event));
            this.trap = newTrap;
            this.callback = callback;
        } finally {
            stateLock.unlock();
        }
        try {
            newTrap.addTrigger(handle, signals, TriggerCondition.SIGNALS_SATISFIED, CONTEXT);
        } catch (RuntimeException e) {
            cancel();
            throw e;
        }
        arm(gen);
    }

    /** Whether a watch is active. */
    public boolean isWatching() {
        stateLock.lock();
        try {
            return trap != null;
        } finally {
            stateLock.unlock();
        }
    }

    /** Ends the watch, if any. No callback starts after this returns. Idempotent. */
    public void cancel() {
        Trap old;
        stateLock.lock();
        try {
            old = trap;
            trap = null;
            callback = null;
            generation++;
        } finally {
            stateLock.unlock();
        }
        if (old != null) {
            old.close();
        }
    }

    /** Same as {@link #cancel()}. */
    @Override
    public void close() {
        cancel();
    }

    private Trap currentTrap(long gen) {
        stateLock.lock();
        try {
            return generation == gen ? trap : null;
        } finally {
            stateLock.unlock();
        }
    }

    private void arm(long gen) {
        Trap t = currentTrap(gen);
        if (t == null) {
            return;
        }
        ArmResult armed;
        try {
            armed = t.arm(1);
        } catch (InvalidHandleException cancelledMeanwhile) {
            // The trap was closed by cancel() on another thread between the check and the call.
            return;
        }
        if (armed.result() == MojoResult.FAILED_PRECONDITION) {
            List<TrapEvent> events = armed.blockingEvents();
            schedule(gen, events.get(0));
        }
    }

    private void onTrapEvent(long gen, TrapEvent event) {
        if (event.result() == MojoResult.CANCELLED && currentTrap(gen) == null) {
            return; // cancel() closed the trap: no callback for that.
        }
        schedule(gen, event);
    }

    /** Queues a notification; one executor task at a time drains the queue, so callbacks never overlap. */
    private void schedule(long gen, TrapEvent event) {
        stateLock.lock();
        try {
            pending.add(new Pending(gen, event));
            if (draining) {
                return;
            }
            draining = true;
        } finally {
            stateLock.unlock();
        }
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // The executor is shut down: no callback can ever run, so the watch ends here.
            LOG.log(System.Logger.Level.WARNING, "HandleWatcher executor refused a callback; watch cancelled", e);
            stateLock.lock();
            try {
                pending.clear();
                draining = false;
            } finally {
                stateLock.unlock();
            }
            cancel();
        }
    }

    private void drain() {
        boolean drained = false;
        try {
            while (true) {
                Pending next;
                stateLock.lock();
                try {
                    next = pending.poll();
                    if (next == null) {
                        draining = false;
                        drained = true;
                        return;
                    }
                } finally {
                    stateLock.unlock();
                }
                runCallback(next.generation(), next.event());
            }
        } finally {
            if (!drained) {
                // A callback threw: its exception goes to the executor; a fresh task takes the rest.
                boolean resubmit;
                stateLock.lock();
                try {
                    resubmit = !pending.isEmpty();
                    draining = resubmit;
                } finally {
                    stateLock.unlock();
                }
                if (resubmit) {
                    executor.execute(this::drain);
                }
            }
        }
    }

    private void runCallback(long gen, TrapEvent event) {
        Callback cb;
        boolean last = event.result() != MojoResult.OK;
        stateLock.lock();
        try {
            if (generation != gen) {
                return;
            }
            cb = callback;
        } finally {
            stateLock.unlock();
        }
        if (last) {
            endWatch(gen);
        }
        try {
            cb.onReady(event.result(), event.signalsState());
        } finally {
            if (!last) {
                arm(gen);
            }
        }
    }

    private void endWatch(long gen) {
        Trap old = null;
        stateLock.lock();
        try {
            if (generation == gen) {
                old = trap;
                trap = null;
                callback = null;
                generation++;
            }
        } finally {
            stateLock.unlock();
        }
        if (old != null) {
            old.close();
        }
    }
}

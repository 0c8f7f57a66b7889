package org.jmojo.internal.handles;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jmojo.internal.sync.HeldLocks;
import org.jmojo.internal.sync.LockRank;
import org.jmojo.internal.sync.RankedLock;
import org.jmojo.system.ArmResult;
import org.jmojo.system.HandleType;
import org.jmojo.system.MojoException;
import org.jmojo.system.MojoResult;
import org.jmojo.system.Signals;
import org.jmojo.system.SignalsState;
import org.jmojo.system.TrapEvent;
import org.jmojo.system.TrapHandler;
import org.jmojo.system.TriggerCondition;

/**
 * A trap: triggers, the armed flag, and a serial delivery queue for its handler.
 *
 * <p>Locks: {@link #lock} (rank WATCHER) guards the triggers and the armed flag; it is taken by
 * triggers while the watched endpoint's lock is held, so this class never takes an endpoint lock while
 * holding it. {@link #deliveryLock} (leaf) guards the delivery queue and is never held while the handler
 * runs.
 *
 * <p>Ordering: every event is appended to {@link #deliveries} while {@link #lock} is held, at the moment
 * it is produced (a trigger that fires, a trigger cancelled by removal, by its handle closing or
 * leaving, or by the trap closing). A cancelled trigger produces nothing more, and the handler runs
 * the queue in order, one event at a time; so a trigger's {@code CANCELLED} is its last event
 * whichever threads produced the events and whichever thread delivers them
 * ({@link RequestContext}).
 */
final class TrapDispatcher extends WatcherDispatcher {
    private final TrapHandler handler;

    // @GuardedBy("lock")
    private final Map<Long, Trigger> triggers = new LinkedHashMap<>();
    // @GuardedBy("lock")
    private boolean armed;
    // @GuardedBy("lock") the dispatcher and change that disarmed the trap, so that every trigger the same
    // change made relevant fires too
    private Dispatcher firedBy;
    // @GuardedBy("lock")
    private long firedChange;
    // @GuardedBy("lock") rotates the start of blocking-event lists between arm calls
    private int armRotation;

    /** Leaf: the delivery queue and the running flag below. */
    private final RankedLock deliveryLock = new RankedLock(LockRank.LEAF);
    // @GuardedBy("deliveryLock")
    private final ArrayDeque<TrapEvent> deliveries = new ArrayDeque<>();
    // @GuardedBy("deliveryLock") a thread is running the handler and will drain the queue
    private boolean delivering;

    TrapDispatcher(LocalCore core, TrapHandler handler) {
        super(core, HandleType.TRAP, Set.of(), LockRank.WATCHER);
        this.handler = handler;
    }

    /** One trigger; its fields are guarded by the trap's lock. */
    private final class Trigger extends Registration {
        final long context;
        final Dispatcher watched;
        final Signals signals;
        final TriggerCondition condition;
        SignalsState last = SignalsState.NONE;
        /** The change that produced {@link #last}; meaningful once {@link #seen}. */
        long lastChange;
        boolean seen;
        /** The watched handle closed or left while the add was pending: the trigger is CANCELLED once active. */
        boolean goneWhilePending;
        boolean cancelled;

        Trigger(long context, Dispatcher watched, Signals signals, TriggerCondition condition) {
            this.context = context;
            this.watched = watched;
            this.signals = signals;
            this.condition = condition;
        }

        @Override
        Dispatcher watched() {
            return watched;
        }

        @Override
        void onActivatedLocked() {
            if (goneWhilePending) {
                // Added, then its handle closed or left: the trigger's one event is its CANCELLED.
                enqueueLocked(cancelledEvent(context));
            } else if (seen && !cancelled) {
                fireIfReadyLocked(watched, lastChange);
            }
        }

        @Override
        void retireLocked() {
            cancelled = true;
            enqueueLocked(cancelledEvent(context));
        }

        @Override
        void discardLocked() {
            cancelled = true;
        }

        /** Fires if the trap is armed (or was just disarmed by the same change) and {@link #last} is ready. */
        private void fireIfReadyLocked(Dispatcher d, long change) {
            fireIfReadyLocked(d, change, HeldLocks.current());
        }

        /** {@link #fireIfReadyLocked(Dispatcher, long)} with the current thread's lock counts. */
        private void fireIfReadyLocked(Dispatcher d, long change, int[] held) {
            MojoResult ready = readiness(last);
            if (ready == null || closed) {
                return;
            }
            if (armed) {
                armed = false;
                firedBy = d;
                firedChange = change;
            } else if (firedBy != d || firedChange != change) {
                return;
            }
            enqueueLocked(new TrapEvent(context, ready, last, true), held);
        }

        /** OK or FAILED_PRECONDITION if the trigger would fire in {@code s}, else null. */
        MojoResult readiness(SignalsState s) {
            if (condition == TriggerCondition.SIGNALS_SATISFIED) {
                if (s.satisfiesAny(signals)) {
                    return MojoResult.OK;
                }
                return s.canSatisfyAny(signals) ? null : MojoResult.FAILED_PRECONDITION;
            }
            return s.satisfiesAll(signals) ? null : MojoResult.OK;
        }

        @Override
        public void signalsChanged(Dispatcher d, SignalsState s, long change) {
            // Called on every signal change of the watched handle: one thread-local lookup for the lock
            // counts of this and the delivery lock.
            int[] held = HeldLocks.current();
            lock.lock(held);
            try {
                if (cancelled) {
                    return;
                }
                last = s;
                lastChange = change;
                seen = true;
                if (activeLocked()) {
                    fireIfReadyLocked(d, change, held);
                } // else: the add has not completed; onActivatedLocked decides
            } finally {
                lock.unlock(held);
            }
        }

        @Override
        public void handleClosed(Dispatcher d) {
            lock.lock();
            try {
                if (cancelled) {
                    return;
                }
                cancelled = true;
                triggers.remove(context);
                if (activeLocked()) {
                    enqueueLocked(cancelledEvent(context));
                } else {
                    goneWhilePending = true;
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private static TrapEvent cancelledEvent(long context) {
        return new TrapEvent(context, MojoResult.CANCELLED, SignalsState.NONE, true);
    }

    @Override
    SignalsState currentSignals() {
        return SignalsState.NONE;
    }

    MojoResult addTrigger(Dispatcher watched, Signals signals, TriggerCondition condition, long context) {
        if (signals.isEmpty()) {
            throw new MojoException(MojoResult.INVALID_ARGUMENT, name(value) + ": a trigger needs at least one signal");
        }
        if (watched.type != HandleType.MESSAGE_PIPE_ENDPOINT) {
            throw new MojoException(
                    MojoResult.INVALID_ARGUMENT, name(watched.value) + " is a " + watched.type + ", which has no signals to trap");
        }
        return register(triggers, context, new Trigger(context, watched, signals, condition));
    }

    MojoResult removeTrigger(long context) {
        // The trigger queues its CANCELLED event as it is retired, under the lock.
        return unregister(triggers, context) == null ? MojoResult.NOT_FOUND : MojoResult.OK;
    }

    ArmResult arm(int maxEvents) {
        if (maxEvents < 1) {
            throw new MojoException(MojoResult.INVALID_ARGUMENT, "maxBlockingEvents=" + maxEvents + ": must be 1 or more");
        }
        lock.lock();
        try {
            checkOpenLocked();
            List<TrapEvent> blocking = new ArrayList<>();
            boolean any = false;
            for (Trigger t : triggers.values()) {
                if (!t.activeLocked() || !t.seen) {
                    continue; // its add has not completed, or its handle is closing: no signals to judge
                }
                any = true;
                MojoResult ready = t.readiness(t.last);
                if (ready != null) {
                    blocking.add(new TrapEvent(t.context, ready, t.last, false));
                }
            }
            if (!any) {
                return new ArmResult(MojoResult.NOT_FOUND, List.of());
            }
            if (blocking.isEmpty()) {
                armed = true;
                firedBy = null;
                return new ArmResult(MojoResult.OK, List.of());
            }
            int start = Math.floorMod(armRotation++, blocking.size());
            List<TrapEvent> rotated = new ArrayList<>(Math.min(maxEvents, blocking.size()));
            for (int i = 0; i < blocking.size() && rotated.size() < maxEvents; i++) {
                rotated.add(blocking.get((start + i) % blocking.size()));
            }
            return new ArmResult(MojoResult.FAILED_PRECONDITION, rotated);
        } finally {
            lock.unlock();
        }
    }

    @Override
    void closeResources() {
        List<Trigger> all;
        lock.lock();
        try {
            closed = true;
            armed = false;
            all = new ArrayList<>(triggers.values());
            triggers.clear();
            for (Trigger t : all) {
                t.cancelled = true;
                if (t.activeLocked()) {
                    enqueueLocked(cancelledEvent(t.context));
                } // a pending one's add fails instead (WatcherDispatcher.register)
            }
        } finally {
            lock.unlock();
        }
        for (Trigger t : all) {
            t.watched.removeObserver(t);
        }
    }

    /**
     * Appends {@code event} to the delivery queue and notes this trap in the calling thread's
     * {@link RequestContext}, which drains it when the call ends. Called with {@link #lock} held, at the
     * moment the event is produced: the queue order is the production order.
     */
    private void enqueueLocked(TrapEvent event) {
        enqueueLocked(event, HeldLocks.current());
    }

    /** {@link #enqueueLocked(TrapEvent)} with the current thread's lock counts. */
    private void enqueueLocked(TrapEvent event, int[] held) {
        deliveryLock.lock(held);
        try {
            deliveries.add(event);
        } finally {
            deliveryLock.unlock(held);
        }
        RequestContext.noteTrap(this);
    }

    /**
     * Runs the handler for every queued event, in order, unless another thread (or an outer frame of
     * this one) is running it: that one drains the queue, including what was queued meanwhile. Called
     * with no lock held.
     */
    void drain() {
        int[] held = HeldLocks.current();
        TrapEvent next;
        deliveryLock.lock(held);
        try {
            if (delivering) {
                return;
            }
            next = deliveries.poll(); // taken with the flag: one lock round per event, not two for the first
            if (next == null) {
                return;
            }
            delivering = true;
        } finally {
            deliveryLock.unlock(held);
        }
        Throwable failure = null;
        while (true) {
            HeldLocks.checkNone(held, "trap handler");
            try {
                handler.onEvent(next);
            } catch (Throwable e) {
                // Keep delivering the queued events (later events must not be lost to one bad call),
                // then let the first failure reach the caller. Throwable: a checked exception thrown
                // around the compiler must not leave the queue with its delivering flag set for good.
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
            deliveryLock.lock(held);
            try {
                next = deliveries.poll();
                if (next == null) {
                    delivering = false;
                    break;
                }
            } finally {
                deliveryLock.unlock(held);
            }
        }
        Failures.rethrow(failure);
    }
}

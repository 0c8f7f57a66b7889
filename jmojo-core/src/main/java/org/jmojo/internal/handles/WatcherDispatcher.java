package org.jmojo.internal.handles;

import java.util.Map;
import java.util.Set;
import org.jmojo.internal.sync.HeldLocks;
import org.jmojo.internal.sync.LockRank;
import org.jmojo.system.HandleType;
import org.jmojo.system.InvalidHandleException;
import org.jmojo.system.MojoResult;
import org.jmojo.system.Right;

/**
 * A handle that watches other handles under keys of the caller's choosing: a trap (keyed by trigger
 * context) or a wait set (keyed by cookie). It owns the register / unregister protocol both share:
 * the key is claimed under this dispatcher's lock, and the observer is subscribed to the watched
 * handle only after that lock is released (the watched endpoint's lock ranks above ours, docs/architecture.md §5).
 *
 * <p>Between the two steps the registration is <em>pending</em>: its key is taken, but it has seen no
 * signals yet, so nothing may judge it. Arming a trap and waiting on a wait set skip it, removing it
 * finds nothing, and closing this handle drops it silently; the add then fails as if it had come after
 * the close (no event, and the observer it just subscribed is removed again). Once subscribed, under
 * the lock again, it becomes <em>active</em> and counts as added from then on. Without this, an arm or
 * wait racing an add judged the new registration by the empty state it starts with (a
 * FAILED_PRECONDITION with no signals), and a close racing an add cancelled a trigger whose add then
 * failed, or left its observer on the watched handle (all found by the stress test).
 */
abstract class WatcherDispatcher extends Dispatcher {
    /**
     * One registration: an observer of one watched handle, pending until its add completes, retired
     * (ignored) once unregistered. Its fields are guarded by the owning dispatcher's lock.
     */
    abstract static class Registration implements SignalObserver {
        // @GuardedBy("lock") of the owning dispatcher
        private boolean active;

        abstract Dispatcher watched();

        /** Whether the add completed: subscribed and visible (see the class comment). Called with the lock held. */
        final boolean activeLocked() {
            return active;
        }

        /** Completes the add: the subscription succeeded and the owning handle is still open. Called with the lock held. */
        final void activateLocked() {
            active = true;
            onActivatedLocked();
        }

        /** What the signals seen while pending call for, now that the add completed (a trap event, a wake-up). */
        abstract void onActivatedLocked();

        /**
         * Marks this active registration dead because it was unregistered, so late callbacks ignore it (a
         * trap trigger also queues its {@code CANCELLED} event here, in order with its other events).
         * Called with the lock held.
         */
        abstract void retireLocked();

        /**
         * Marks this registration dead while it is pending (its subscription failed, or the owning handle
         * closed first): it never counted as added and produces no event. Called with the lock held.
         */
        abstract void discardLocked();
    }

    // @GuardedBy("lock")
    boolean closed;

    WatcherDispatcher(LocalCore core, HandleType type, Set<Right> rights, LockRank lockRank) {
        super(core, type, rights, lockRank);
    }

    /** @throws InvalidHandleException once this handle is closed */
    final void checkOpenLocked() {
        if (closed) {
            throw new InvalidHandleException(value, -1, name(value) + " is closed");
        }
    }

    /**
     * Puts {@code registration} into {@code registrations} (guarded by the lock) under {@code key}, then
     * subscribes it to its watched handle. If the subscription throws (the watched handle is closed or
     * sent, or BUSY in transit: docs/architecture.md §1), the registration is taken out again and the exception
     * propagates.
     *
     * @return OK, or ALREADY_EXISTS if {@code key} is taken (nothing changes)
     */
    final <R extends Registration> MojoResult register(Map<Long, R> registrations, long key, R registration) {
        registration.watched().checkNode(core, -1, "watched by a trap or wait set of that node");
        lock.lock();
        try {
            checkOpenLocked();
            if (registrations.containsKey(key)) {
                return MojoResult.ALREADY_EXISTS;
            }
            registrations.put(key, registration); // pending: claims the key, judged by nobody yet
        } finally {
            lock.unlock();
        }
        try {
            registration.watched().addObserver(registration, true);
        } catch (RuntimeException e) {
            lock.lock();
            try {
                registration.discardLocked();
                registrations.remove(key, registration);
            } finally {
                lock.unlock();
            }
            throw e;
        }
        boolean closedMeanwhile;
        lock.lock();
        try {
            closedMeanwhile = closed;
            if (closedMeanwhile) {
                registration.discardLocked(); // the close already emptied the map
            } else {
                registration.activateLocked();
            }
        } finally {
            lock.unlock();
        }
        if (closedMeanwhile) {
            registration.watched().removeObserver(registration);
            throw new InvalidHandleException(value, -1, name(value) + " is closed");
        }
        return MojoResult.OK;
    }

    /**
     * Takes the registration under {@code key} out of {@code registrations}, retires it and
     * unsubscribes it from its watched handle.
     *
     * @return the retired registration, or null if there was no active one under {@code key}
     */
    final <R extends Registration> R unregister(Map<Long, R> registrations, long key) {
        R r;
        lock.lock();
        try {
            checkOpenLocked();
            r = registrations.get(key);
            if (r == null || !r.activeLocked()) {
                return null; // none, or its add has not completed: the removal comes first
            }
            registrations.remove(key);
            r.retireLocked();
        } finally {
            lock.unlock();
        }
        r.watched().removeObserver(r);
        return r;
    }
}

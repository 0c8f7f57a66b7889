package org.jmojo.internal.handles;

import java.util.Map;
import java.util.Set;
import org.jmojo.internal.ports.HeldLocks;
import org.jmojo.system.HandleType;
import org.jmojo.system.InvalidHandleException;
import org.jmojo.system.MojoResult;
import org.jmojo.system.Right;

/**
 * A handle that watches other handles under keys of the caller's choosing: a trap (keyed by trigger
 * context) or a wait set (keyed by cookie). It owns the register / unregister protocol both share:
 * the key is claimed under this dispatcher's lock, and the observer is subscribed to the watched
 * handle only after that lock is released (the watched endpoint's lock ranks above ours, DESIGN.md §5).
 */
abstract class WatcherDispatcher extends Dispatcher {
    /** One registration: an observer of one watched handle, retired (ignored) once unregistered. */
    interface Registration extends SignalObserver {
        Dispatcher watched();

        /**
         * Marks this registration dead because it was unregistered, so late callbacks ignore it (a trap
         * trigger also queues its {@code CANCELLED} event here, in order with its other events). Called
         * with the lock held.
         */
        void retireLocked();

        /**
         * Marks this registration dead because its subscription failed: it never watched anything and
         * produces no event. Called with the lock held.
         */
        void discardLocked();
    }

    // @GuardedBy("lock")
    boolean closed;

    WatcherDispatcher(HandleTable table, HandleType type, Set<Right> rights, HeldLocks.Rank lockRank) {
        super(table, type, rights, lockRank);
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
     * sent, or BUSY in transit: DESIGN.md §1), the registration is taken out again and the exception
     * propagates.
     *
     * @return OK, or ALREADY_EXISTS if {@code key} is taken (nothing changes)
     */
    final <R extends Registration> MojoResult register(Map<Long, R> registrations, long key, R registration) {
        lock.lock();
        try {
            checkOpenLocked();
            if (registrations.containsKey(key)) {
                return MojoResult.ALREADY_EXISTS;
            }
            registrations.put(key, registration);
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
        return MojoResult.OK;
    }

    /**
     * Takes the registration under {@code key} out of {@code registrations}, retires it and
     * unsubscribes it from its watched handle.
     *
     * @return the retired registration, or null if there was none under {@code key}
     */
    final <R extends Registration> R unregister(Map<Long, R> registrations, long key) {
        R r;
        lock.lock();
        try {
            checkOpenLocked();
            r = registrations.remove(key);
            if (r == null) {
                return null;
            }
            r.retireLocked();
        } finally {
            lock.unlock();
        }
        r.watched().removeObserver(r);
        return r;
    }
}

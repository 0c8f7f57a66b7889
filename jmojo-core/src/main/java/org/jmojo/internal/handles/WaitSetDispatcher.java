package org.jmojo.internal.handles;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.jmojo.internal.sync.HeldLocks;
import org.jmojo.internal.sync.LockRank;
import org.jmojo.system.Deadline;
import org.jmojo.system.HandleType;
import org.jmojo.system.MojoException;
import org.jmojo.system.MojoResult;
import org.jmojo.system.Signals;
import org.jmojo.system.SignalsState;
import org.jmojo.system.WaitSetResult;

/**
 * A wait set. Each entry observes its handle and keeps the last state seen; waiting threads park until
 * an entry is ready. {@link #lock} (rank WATCHER) guards entries, waiters and the version counter; entries
 * take it while their handle's endpoint lock is held, so this class never takes an endpoint lock while
 * holding it.
 */
final class WaitSetDispatcher extends WatcherDispatcher {
    // @GuardedBy("lock")
    private final Map<Long, Entry> entries = new LinkedHashMap<>();
    // @GuardedBy("lock") threads parked in wait()
    private final Set<Thread> waiting = new LinkedHashSet<>();
    // written under lock, read without it by spinning waiters: bumped whenever an entry may have become
    // ready, or the set closed
    private volatile long version;

    WaitSetDispatcher(LocalCore core) {
        super(core, HandleType.WAIT_SET, Set.of(), LockRank.WATCHER);
    }

    /** One entry; fields guarded by the wait set's lock. */
    private final class Entry extends Registration {
        final long cookie;
        final Dispatcher watched;
        final Signals signals;
        SignalsState last = SignalsState.NONE;
        boolean handleClosed;
        boolean removed;
        /** {@link #last} holds signals the handle reported (not the initial NONE). */
        boolean seen;

        Entry(long cookie, Dispatcher watched, Signals signals) {
            this.cookie = cookie;
            this.watched = watched;
            this.signals = signals;
        }

        @Override
        Dispatcher watched() {
            return watched;
        }

        @Override
        void onActivatedLocked() {
            if ((seen || handleClosed) && readiness() != null) {
                wakeLocked();
            }
        }

        @Override
        void retireLocked() {
            removed = true;
        }

        @Override
        void discardLocked() {
            removed = true;
        }

        MojoResult readiness() {
            if (handleClosed) {
                return MojoResult.CANCELLED;
            }
            if (last.satisfiesAny(signals)) {
                return MojoResult.OK;
            }
            return last.canSatisfyAny(signals) ? null : MojoResult.FAILED_PRECONDITION;
        }

        @Override
        public void signalsChanged(Dispatcher d, SignalsState s, long change) {
            lock.lock();
            try {
                if (removed) {
                    return;
                }
                last = s;
                seen = true;
                if (readiness() != null) {
                    wakeLocked();
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void handleClosed(Dispatcher d) {
            lock.lock();
            try {
                if (removed) {
                    return;
                }
                handleClosed = true;
                last = SignalsState.NONE;
                wakeLocked();
            } finally {
                lock.unlock();
            }
        }
    }

    private void wakeLocked() {
        version++;
        for (Thread t : waiting) {
            LockSupport.unpark(t);
        }
    }

    @Override
    SignalsState currentSignals() {
        return SignalsState.NONE;
    }

    MojoResult add(Dispatcher watched, Signals signals, long cookie) {
        // A platform handle has no signals either: an entry on it would never be told anything.
        if (!watched.type.isTransferable() || watched.type == HandleType.PLATFORM_HANDLE) {
            throw new MojoException(
                    MojoResult.INVALID_ARGUMENT, name(watched.value) + " is a " + watched.type + ", which has no signals to wait for");
        }
        return register(entries, cookie, new Entry(cookie, watched, signals));
    }

    MojoResult remove(long cookie) {
        return unregister(entries, cookie) == null ? MojoResult.NOT_FOUND : MojoResult.OK;
    }

    WaitSetResult await(Deadline deadline, int maxResults) {
        if (maxResults < 1) {
            throw new MojoException(MojoResult.INVALID_ARGUMENT, "maxResults=" + maxResults + ": must be 1 or more");
        }
        Thread me = Thread.currentThread();
        while (true) {
            long seen;
            lock.lock();
            try {
                waiting.remove(me);
                if (closed) {
                    return new WaitSetResult(MojoResult.CANCELLED, List.of());
                }
                List<WaitSetResult.Entry> ready = new ArrayList<>();
                for (Entry e : entries.values()) {
                    if (!e.activeLocked() || (!e.seen && !e.handleClosed)) {
                        continue; // its add has not completed, or its handle is closing: nothing to judge
                    }
                    MojoResult r = e.readiness();
                    if (r != null && ready.size() < maxResults) {
                        ready.add(new WaitSetResult.Entry(e.cookie, r, e.last));
                    }
                }
                if (!ready.isEmpty()) {
                    return new WaitSetResult(MojoResult.OK, ready);
                }
                if (deadline.remainingNanos() == 0) {
                    return new WaitSetResult(MojoResult.DEADLINE_EXCEEDED, List.of());
                }
                waiting.add(me);
                seen = version;
            } finally {
                lock.unlock();
            }
            WaitSpin.await(() -> versionChanged(seen), deadline);
        }
    }

    private boolean versionChanged(long seen) {
        return version != seen;
    }

    @Override
    void closeResources() {
        List<Entry> all;
        lock.lock();
        try {
            closed = true;
            all = new ArrayList<>(entries.values());
            entries.clear();
            for (Entry e : all) {
                e.removed = true;
            }
            wakeLocked();
        } finally {
            lock.unlock();
        }
        for (Entry e : all) {
            e.watched.removeObserver(e);
        }
    }
}

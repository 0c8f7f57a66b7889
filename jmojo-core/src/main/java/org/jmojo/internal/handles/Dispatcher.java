package org.jmojo.internal.handles;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jmojo.internal.ports.HeldLocks;
import org.jmojo.internal.ports.RankedLock;
import org.jmojo.system.HandleType;
import org.jmojo.system.InvalidHandleException;
import org.jmojo.system.MojoException;
import org.jmojo.system.MojoResult;
import org.jmojo.system.Right;
import org.jmojo.system.SignalsState;

/**
 * The object behind one handle value: its lifecycle (open, busy in transit, closed, sent), rights and
 * signal observers. One subclass per handle type.
 *
 * <p>Lifecycle: {@code OPEN} → {@code BUSY} (being attached by a write) → back to {@code OPEN} (write
 * failed) or {@code SENT} (write succeeded); {@code OPEN} → {@code CLOSING} → {@code CLOSED}.
 * {@code SENT} and {@code CLOSED} are final. A close requested while {@code BUSY} takes effect when the
 * write decides. During {@code CLOSING} the handle keeps working: its resources are released first (for
 * an endpoint: its port closes and a local peer learns it at once) and only then do waiters and
 * triggers see it closed, so nobody observes the handle closed before its peer does.
 */
abstract class Dispatcher {
    enum State {
        OPEN,
        BUSY,
        /** close() has begun: the handle still works until its resources are released. */
        CLOSING,
        CLOSED,
        SENT
    }

    final HandleTable table;
    final HandleType type;
    final int value;

    /**
     * The dispatcher lock: rank 1 (ENDPOINT) for endpoints, WATCHER for traps and wait sets. Guards
     * the state, rights and observers below; observers are called with it held.
     */
    final RankedLock lock;

    // @GuardedBy("lock")
    private State state = State.OPEN;
    // @GuardedBy("lock")
    private boolean closeRequested;
    // @GuardedBy("lock")
    private final EnumSet<Right> rights;
    // @GuardedBy("lock")
    private final List<SignalObserver> observers = new ArrayList<>(2);
    // @GuardedBy("lock")
    private long changeCount;

    Dispatcher(HandleTable table, HandleType type, Set<Right> rights, HeldLocks.Rank lockRank) {
        this.table = table;
        this.type = type;
        this.rights = rights.isEmpty() ? EnumSet.noneOf(Right.class) : EnumSet.copyOf(rights);
        this.lock = new RankedLock(lockRank);
        this.value = table.add(this);
    }

    /** The current signals; called with {@link #lock} held. */
    abstract SignalsState signalsStateLocked();

    /** Releases what the handle holds; called once, in state CLOSING, with no lock held. */
    abstract void closeResources();

    static String name(int value) {
        return "handle=0x" + Integer.toHexString(value);
    }

    /** Throws the exception for using this handle in {@code state}. */
    private InvalidHandleException invalid(State s) {
        String how = s == State.SENT ? "was sent in a message" : "is closed";
        return new InvalidHandleException(value, -1, name(value) + " " + how);
    }

    /**
     * Checks the handle is usable (open or busy) and has {@code right} (null: no right needed).
     *
     * @throws InvalidHandleException if closed or sent
     * @throws MojoException PERMISSION_DENIED if the right is missing
     */
    final void checkUsable(Right right) {
        lock.lock();
        try {
            if (state == State.CLOSED || state == State.SENT) {
                throw invalid(state);
            }
            if (right != null && !rights.contains(right)) {
                throw new MojoException(
                        MojoResult.PERMISSION_DENIED, name(value) + " has no " + right + " right");
            }
        } finally {
            lock.unlock();
        }
    }

    final boolean isUsable() {
        lock.lock();
        try {
            return state == State.OPEN || state == State.BUSY || state == State.CLOSING;
        } finally {
            lock.unlock();
        }
    }

    final Set<Right> rights() {
        lock.lock();
        try {
            if (state == State.CLOSED || state == State.SENT) {
                throw invalid(state);
            }
            return rights.isEmpty() ? Set.of() : Set.copyOf(rights);
        } finally {
            lock.unlock();
        }
    }

    final void reduceRights(Set<Right> toRemove) {
        lock.lock();
        try {
            if (state == State.CLOSED || state == State.SENT) {
                throw invalid(state);
            }
            rights.removeAll(toRemove);
        } finally {
            lock.unlock();
        }
    }

    /** Rights to give the receiver's new handle when this one travels. */
    final Set<Right> rightsForTransfer() {
        lock.lock();
        try {
            return rights.isEmpty() ? Set.of() : Set.copyOf(rights);
        } finally {
            lock.unlock();
        }
    }

    /** The current signals, or {@link SignalsState#NONE} once closed or sent. */
    final SignalsState signalsState() {
        lock.lock();
        try {
            return state == State.CLOSED || state == State.SENT ? SignalsState.NONE : signalsStateLocked();
        } finally {
            lock.unlock();
        }
    }

    /** The current signals. @throws InvalidHandleException if closed or sent */
    final SignalsState querySignalsState() {
        lock.lock();
        try {
            if (state == State.CLOSED || state == State.SENT) {
                throw invalid(state);
            }
            return signalsStateLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds {@code observer} and immediately reports the current state to it.
     *
     * @throws InvalidHandleException if closed or sent
     */
    final void addObserver(SignalObserver observer) {
        lock.lock();
        try {
            if (state == State.CLOSED || state == State.SENT) {
                throw invalid(state);
            }
            observers.add(observer);
            observer.signalsChanged(this, signalsStateLocked(), ++changeCount);
        } finally {
            lock.unlock();
        }
    }

    final void removeObserver(SignalObserver observer) {
        lock.lock();
        try {
            observers.remove(observer);
        } finally {
            lock.unlock();
        }
    }

    /** Recomputes the signals and tells every observer; a no-op once closed or sent. */
    final void notifyObservers() {
        lock.lock();
        try {
            if (observers.isEmpty() || state == State.CLOSED || state == State.SENT) {
                return;
            }
            SignalsState s = signalsStateLocked();
            long change = ++changeCount;
            for (SignalObserver o : List.copyOf(observers)) {
                o.signalsChanged(this, s, change);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Marks the handle busy for a write that attaches it.
     *
     * @throws InvalidHandleException if closed or sent
     * @throws MojoException BUSY if another write is attaching it
     */
    final void beginTransit() {
        lock.lock();
        try {
            if (state == State.CLOSED || state == State.SENT) {
                throw invalid(state);
            }
            if (state == State.BUSY) {
                throw new MojoException(
                        MojoResult.BUSY, name(value) + " is being attached to a message by another thread");
            }
            if (state == State.CLOSING) {
                throw invalid(State.CLOSED);
            }
            state = State.BUSY;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends a transit: {@code sent} true retires the handle (observers see it closed); false makes it
     * usable again, or closes it if a close was requested meanwhile.
     */
    final void endTransit(boolean sent) {
        boolean closeNow = false;
        lock.lock();
        try {
            if (state != State.BUSY) {
                throw new IllegalStateException(name(value) + " not in transit: " + state);
            }
            if (sent) {
                state = State.SENT;
                closeObserversLocked();
            } else if (closeRequested) {
                state = State.CLOSING;
                closeNow = true;
            } else {
                state = State.OPEN;
            }
        } finally {
            lock.unlock();
        }
        if (sent) {
            table.remove(value, "was sent in a message");
        } else if (closeNow) {
            finishClose();
        }
    }

    /** Closes the handle; idempotent, never fails. A busy handle closes when its write decides. */
    final void close() {
        lock.lock();
        try {
            switch (state) {
                case OPEN -> state = State.CLOSING;
                case BUSY -> {
                    closeRequested = true;
                    return;
                }
                case CLOSING, CLOSED, SENT -> {
                    return;
                }
            }
        } finally {
            lock.unlock();
        }
        finishClose();
    }

    /** From CLOSING: release the resources first, then tell observers and retire the value. */
    private void finishClose() {
        closeResources();
        lock.lock();
        try {
            state = State.CLOSED;
            closeObserversLocked();
        } finally {
            lock.unlock();
        }
        table.remove(value, "is closed");
    }

    private void closeObserversLocked() {
        List<SignalObserver> gone = List.copyOf(observers);
        observers.clear();
        for (SignalObserver o : gone) {
            o.handleClosed(this);
        }
    }

    @Override
    public String toString() {
        return type + "[" + name(value) + "]";
    }
}

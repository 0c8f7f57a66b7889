package org.jmojo.internal.handles;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.jmojo.internal.sync.HeldLocks;
import org.jmojo.internal.sync.LockRank;
import org.jmojo.internal.sync.RankedLock;
import org.jmojo.system.HandleType;
import org.jmojo.system.InvalidHandleException;
import org.jmojo.system.MojoException;
import org.jmojo.system.MojoResult;
import org.jmojo.system.Right;
import org.jmojo.system.Signals;
import org.jmojo.system.SignalsState;
import org.jmojo.system.WaitResult;

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
 *
 * <h2>A handle in transit (docs/architecture.md §1)</h2>
 * While {@code BUSY}, the handle is busy: operations that use it (read, write, attach, set its quota,
 * add a trap trigger or wait-set entry) throw {@code BUSY} ({@link #checkUsable}); operations that only
 * look at it (signals, waits, rights, its quota setting) work as on an open handle ({@link #checkValid}).
 * A successful write takes effect in one instant, when the ports layer queues its message and so takes
 * the handle's resource away from it ({@link #departed()}); from that instant the handle counts as
 * sent, although the write has not yet returned and marked it {@code SENT}: {@link #visibleState()}
 * reports {@code SENT}, so a query throws "was sent", a wait ends {@code CANCELLED}, and an operation
 * that began earlier and reaches the resource only now is refused by the ports layer (which checks
 * who owns the port) instead of acting on a port that now sits in another queue.
 *
 * <p>Reads without the lock: the state, the rights and the observer array are volatile and replaced (never
 * mutated) under {@link #lock}, so the checks of every read and write ({@link #checkUsable}) and the
 * "nobody observes" test of {@link #notifyObservers()} take no lock. An observer added under the lock
 * is told the current signals at once, and a thread that changes the signals re-reads the observer
 * array afterwards; as both sides write before they read (volatile, sequentially consistent), either
 * the new observer sees the change or the changing thread sees the observer, so no change is missed.
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

    /** The node (its system layer) this handle belongs to: only that node's operations may use it. */
    final LocalCore core;
    final HandleTable table;
    final HandleType type;
    final int value;

    private static final SignalObserver[] NO_OBSERVERS = {};

    /**
     * The dispatcher lock: rank 1 (ENDPOINT) for endpoints, WATCHER for traps and wait sets. Guards
     * every change of the state, rights and observers below, and the change counter; observers are
     * called with it held.
     */
    final RankedLock lock;

    // written under lock; read without it
    private volatile State state = State.OPEN;
    // @GuardedBy("lock")
    private boolean closeRequested;
    // @GuardedBy("lock"): the thread releasing the resources while CLOSING (so it never waits on itself)
    private Thread closingThread;
    // @GuardedBy("lock"): made by the first close() that finds another thread CLOSING, opened at CLOSED
    private CountDownLatch closedLatch;
    // written under lock, never mutated once published (a change installs a copy); read without it
    private volatile EnumSet<Right> rights;
    // written under lock, never mutated once published (copy on write); read without it
    private volatile SignalObserver[] observers = NO_OBSERVERS;
    // @GuardedBy("lock")
    private long changeCount;

    Dispatcher(LocalCore core, HandleType type, Set<Right> rights, LockRank lockRank) {
        this.core = core;
        this.table = core.table;
        this.type = type;
        this.rights = rights.isEmpty() ? EnumSet.noneOf(Right.class) : EnumSet.copyOf(rights);
        this.lock = new RankedLock(lockRank);
        this.value = table.add(this);
    }

    /**
     * The current signals, computed from state published by lower layers: callable with or without
     * {@link #lock}. {@link SignalsState#NONE} once the handle's resources are released.
     */
    abstract SignalsState currentSignals();

    /** The result of every wait that a closed or sent handle ends: shared, as a record it cannot change. */
    static final WaitResult CANCELLED_WAIT = new WaitResult(MojoResult.CANCELLED, SignalsState.NONE);

    /**
     * The result of waiting for {@code signals} on this handle if its current state decides it ({@link
     * Waiter#decide}), else null: {@code wait}'s poll, called on every round of its spin, with no lock held. A
     * new result by default; a dispatcher whose signals come from a fixed table hands out results made once.
     */
    WaitResult decideWait(Signals signals) {
        SignalsState s = currentSignals();
        MojoResult r = Waiter.decide(visibleState(), s, signals);
        if (r == null) {
            return null;
        }
        return r == MojoResult.CANCELLED ? CANCELLED_WAIT : new WaitResult(r, s);
    }

    /** Releases what the handle holds; called once, in state CLOSING, with no lock held. */
    abstract void closeResources();

    /**
     * Whether a write attaching this handle has already taken the handle's resource away (see "A handle
     * in transit"); only possible while {@code BUSY}. Read without a lock, after whatever it qualifies:
     * a resource, once departed, never comes back to this dispatcher.
     */
    boolean departed() {
        return false;
    }

    /**
     * The lifecycle state as others must see it: {@code SENT} also while {@code BUSY} after the carrying
     * write took effect ({@link #departed()}). Read it after reading the signals it qualifies.
     */
    final State visibleState() {
        State s = state;
        return s == State.BUSY && departed() ? State.SENT : s;
    }

    static String name(int value) {
        return "handle=0x" + Integer.toHexString(value);
    }

    /** Throws the exception for using this handle in {@code state}. */
    private InvalidHandleException invalid(State s) {
        String how = s == State.SENT ? "was sent in a message" : "is closed";
        return new InvalidHandleException(value, -1, name(value) + " " + how);
    }

    /** The exception for a handle found gone: sent if it was (or its carrying write took effect), else closed. */
    final InvalidHandleException invalidNow() {
        return invalid(visibleState() == State.SENT ? State.SENT : State.CLOSED);
    }

    /**
     * Checks that this handle belongs to {@code node}, the node whose operation is about to use it: a
     * handle lives in one node's handle table and reaches another node only inside a message.
     *
     * @param index the handle's position in a list argument, or -1
     * @param use what the caller was doing with it, for the message
     * @throws InvalidHandleException naming the handle, both nodes and the rule, if it belongs to another
     */
    final void checkNode(LocalCore node, int index, String use) {
        if (core != node) {
            String where = index < 0 ? "" : "handles[" + index + "]: ";
            throw new InvalidHandleException(value, index, where + name(value) + " belongs to " + core.name()
                    + ", not to " + node.name() + " (" + use + "): a handle is used only through the node"
                    + " (Core) that made it, and reaches another node only inside a message");
        }
    }

    private MojoException busy() {
        return new MojoException(MojoResult.BUSY, name(value) + " is being sent in a message by another thread");
    }

    /**
     * Checks the handle may be used (read, written, attached, watched by a trap or wait set): open, or
     * closing on this or another thread, and has {@code right} (null: no right needed).
     *
     * @throws InvalidHandleException if closed or sent
     * @throws MojoException BUSY while a write attaches it; PERMISSION_DENIED if the right is missing
     */
    final void checkUsable(Right right) {
        State s = state;
        if (s != State.OPEN && s != State.CLOSING) {
            if (s == State.BUSY && !departed()) {
                throw busy();
            }
            throw invalidNow();
        }
        checkRight(right);
    }

    /**
     * Checks the handle may be looked at (queried, waited on): as {@link #checkUsable} but a handle in
     * transit passes, until its carrying write takes effect.
     *
     * @throws InvalidHandleException if closed or sent
     * @throws MojoException PERMISSION_DENIED if the right is missing
     */
    final void checkValid(Right right) {
        State s = visibleState();
        if (s == State.CLOSED || s == State.SENT) {
            throw invalid(s);
        }
        checkRight(right);
    }

    /**
     * Checks the handle may be waited on: anything but closed or sent. A handle whose close has begun, or
     * whose carrying write took effect but has not returned, passes: the wait then ends
     * {@code CANCELLED} as the close or the write completes, as it would had it begun a moment earlier.
     *
     * @throws InvalidHandleException if closed or sent
     */
    final void checkWaitable() {
        State s = state;
        if (s == State.CLOSED || s == State.SENT) {
            throw invalid(s);
        }
    }

    private void checkRight(Right right) {
        if (right != null && !rights.contains(right)) {
            throw new MojoException(MojoResult.PERMISSION_DENIED, name(value) + " has no " + right + " right");
        }
    }

    final boolean isUsable() {
        State s = visibleState();
        return s == State.OPEN || s == State.BUSY || s == State.CLOSING;
    }

    /** The lifecycle state, read without the lock (it may change right after). */
    final State state() {
        return state;
    }

    final Set<Right> rights() {
        State s = visibleState();
        if (s == State.CLOSED || s == State.SENT) {
            throw invalid(s);
        }
        EnumSet<Right> r = rights;
        return r.isEmpty() ? Set.of() : Set.copyOf(r);
    }

    final void reduceRights(Set<Right> toRemove) {
        lock.lock();
        try {
            if (state == State.CLOSED || state == State.SENT) {
                throw invalid(state);
            }
            EnumSet<Right> reduced = EnumSet.copyOf(rights);
            reduced.removeAll(toRemove);
            rights = reduced;
        } finally {
            lock.unlock();
        }
    }

    /** Rights to give the receiver's new handle when this one travels. */
    final Set<Right> rightsForTransfer() {
        EnumSet<Right> r = rights;
        return r.isEmpty() ? Set.of() : Set.copyOf(r);
    }

    /** The current signals, or {@link SignalsState#NONE} once closed or sent. */
    final SignalsState signalsState() {
        SignalsState signals = currentSignals();
        State s = visibleState();
        return s == State.CLOSED || s == State.SENT ? SignalsState.NONE : signals;
    }

    /**
     * The current signals.
     *
     * @throws InvalidHandleException if closed or sent (or its carrying write took effect), or if its own
     *     close has released its resources
     */
    final SignalsState querySignalsState() {
        SignalsState signals = currentSignals();
        // Read after the signals: a port closed by close(), or taken away by a write that sent the
        // handle, is seen together with a state that says so.
        State s = visibleState();
        if (s == State.CLOSED || s == State.SENT) {
            throw invalid(s);
        }
        if (s == State.CLOSING && signals == SignalsState.NONE) {
            throw invalid(State.CLOSED); // the close has released the port: report it closed, not empty
        }
        return signals;
    }

    /**
     * Adds {@code observer} and immediately reports the current state to it (unless the handle's
     * carrying write took effect meanwhile: the observer then hears {@code handleClosed} when that write
     * returns).
     *
     * @param watcher true for a trap trigger or wait-set entry, which may not watch a handle in transit
     * @throws InvalidHandleException if closed or sent
     * @throws MojoException BUSY for a {@code watcher} while a write attaches the handle
     */
    final void addObserver(SignalObserver observer, boolean watcher) {
        lock.lock();
        try {
            State s = visibleState();
            if (s == State.CLOSED || s == State.SENT) {
                throw invalid(s);
            }
            if (watcher && s == State.BUSY) {
                throw busy();
            }
            SignalObserver[] old = observers;
            SignalObserver[] grown = Arrays.copyOf(old, old.length + 1);
            grown[old.length] = observer;
            observers = grown;
            SignalsState signals = currentSignals();
            if (signals != SignalsState.NONE && !departed()) {
                observer.signalsChanged(this, signals, ++changeCount);
            } // else the handle's close or carrying write is under way: it ends the observer soon
        } finally {
            lock.unlock();
        }
    }

    /** How many observers are registered now (tests use it to know a waiter has registered). */
    final int observerCount() {
        return observers.length;
    }

    final void removeObserver(SignalObserver observer) {
        lock.lock();
        try {
            SignalObserver[] old = observers;
            for (int i = 0; i < old.length; i++) {
                if (old[i] == observer) {
                    SignalObserver[] shrunk = new SignalObserver[old.length - 1];
                    System.arraycopy(old, 0, shrunk, 0, i);
                    System.arraycopy(old, i + 1, shrunk, i, old.length - i - 1);
                    observers = shrunk.length == 0 ? NO_OBSERVERS : shrunk;
                    return;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Recomputes the signals and tells every observer; a no-op once closed or sent. Called after the
     * signals changed: with no observer it returns without taking the lock (see the class comment for
     * why no change is lost).
     */
    final void notifyObservers() {
        if (observers.length == 0) {
            return;
        }
        lock.lock();
        try {
            SignalObserver[] current = observers;
            if (current.length == 0 || state == State.CLOSED || state == State.SENT) {
                return;
            }
            SignalsState s = currentSignals();
            if (s == SignalsState.NONE || departed()) {
                // NONE: its own close has released the port; departed: the signals are no longer this
                // handle's. Either way its observers hear handleClosed soon, and must not judge these.
                return;
            }
            long change = ++changeCount;
            // The array is never mutated, and an observer may remove itself: iterate this snapshot.
            for (SignalObserver o : current) {
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
            State s = visibleState();
            if (s == State.CLOSED || s == State.SENT) {
                throw invalid(s);
            }
            if (state == State.BUSY) {
                throw busy();
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
                closingThread = Thread.currentThread();
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

    /**
     * Ends a transit by retiring the handle as closed, its resource already handed elsewhere by the caller (an
     * unwrapped platform handle's descriptor): observers see it closed, its value is retired with {@code how}, and
     * {@link #closeResources()} is not called. A close requested meanwhile is thereby done.
     */
    final void endTransitRetired(String how) {
        CountDownLatch waiting;
        lock.lock();
        try {
            if (state != State.BUSY) {
                throw new IllegalStateException(name(value) + " not in transit: " + state);
            }
            state = State.CLOSED;
            waiting = closedLatch;
            closeObserversLocked();
        } finally {
            lock.unlock();
        }
        table.remove(value, how);
        if (waiting != null) {
            waiting.countDown();
        }
    }

    /**
     * Closes the handle; idempotent, never fails. A busy handle closes when its write decides. When
     * another thread is already closing it, this call returns only once that close is complete, so
     * that after any {@code close()} returns the handle is closed and its peer knows it (two racing
     * closes are indistinguishable from two sequential ones; {@code MessagePipeLincheckTest}).
     */
    final void close() {
        CountDownLatch wait;
        lock.lock();
        try {
            switch (state) {
                case OPEN -> {
                    state = State.CLOSING;
                    closingThread = Thread.currentThread();
                    wait = null;
                }
                case BUSY -> {
                    closeRequested = true;
                    return;
                }
                case CLOSING -> {
                    if (closingThread == Thread.currentThread()) {
                        return; // re-entered while releasing our own resources
                    }
                    if (closedLatch == null) {
                        closedLatch = new CountDownLatch(1);
                    }
                    wait = closedLatch;
                }
                default -> { // CLOSED, SENT
                    return;
                }
            }
        } finally {
            lock.unlock();
        }
        if (wait == null) {
            finishClose();
        } else {
            awaitClosed(wait);
        }
    }

    /**
     * Waits, holding no lock, until the closing thread reaches CLOSED. Releasing resources never blocks
     * (it takes port locks briefly), so this wait is short. An interrupt does not end it; the status is
     * kept for the caller, as in every jmojo wait.
     */
    private static void awaitClosed(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** From CLOSING: release the resources first, then tell observers and retire the value. */
    private void finishClose() {
        closeResources();
        CountDownLatch waiting;
        lock.lock();
        try {
            state = State.CLOSED;
            closingThread = null;
            waiting = closedLatch;
            closeObserversLocked();
        } finally {
            lock.unlock();
        }
        if (!PlantedFaults.LEAK || !PlantedFaults.keepRetiredValue()) {
            table.remove(value, "is closed");
        }
        if (waiting != null) {
            waiting.countDown();
        }
    }

    private void closeObserversLocked() {
        SignalObserver[] gone = observers;
        observers = NO_OBSERVERS;
        for (SignalObserver o : gone) {
            o.handleClosed(this);
        }
    }

    @Override
    public String toString() {
        return type + "[" + name(value) + "]";
    }
}

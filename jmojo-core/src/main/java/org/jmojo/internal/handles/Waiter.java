package org.jmojo.internal.handles;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.jmojo.internal.node.EventTransport;
import org.jmojo.system.MojoResult;
import org.jmojo.system.Signals;
import org.jmojo.system.SignalsState;

/**
 * One thread waiting on one or more handles ({@code wait}, {@code waitMany}). The first observation that
 * ends the wait wins a compare-and-set and unparks the thread; later ones are ignored. Its only shared
 * state is that atomic reference (the "waiter wake-up state" leaf of docs/architecture.md §5).
 */
final class Waiter {
    /**
     * How the wait ended: the result, the index of the handle that ended it (-1 for a deadline), and the
     * signals state that decided it ({@link SignalsState#NONE} for CANCELLED; null for a deadline, whose
     * caller reads the states as they are then).
     */
    record Outcome(MojoResult result, int index, SignalsState state) {}

    private final Thread thread = Thread.currentThread();
    private final AtomicReference<Outcome> outcome = new AtomicReference<>();
    /**
     * The channel the waiting thread reads while it holds that channel's read token, else null: it is then in
     * {@code poll}, not parked, and is woken through the channel. Written by the waiting thread before it checks
     * {@link #isDone} again (a volatile write, then a volatile read; {@link #finish} does the mirror image), so
     * an outcome set meanwhile is either seen by it or wakes it.
     */
    private volatile EventTransport.DirectReader reading;

    /** An observer for the handle at {@code index}, waiting for any of {@code signals}. */
    SignalObserver observer(int index, Signals signals) {
        return new SignalObserver() {
            @Override
            public void signalsChanged(Dispatcher d, SignalsState s, long change) {
                MojoResult result = decide(d.visibleState(), s, signals);
                if (result != null) {
                    finish(result, index, result == MojoResult.CANCELLED ? SignalsState.NONE : s);
                }
            }

            @Override
            public void handleClosed(Dispatcher d) {
                finish(MojoResult.CANCELLED, index, SignalsState.NONE);
            }
        };
    }

    /**
     * How a wait for {@code signals} ends given the handle's lifecycle {@code state} (its
     * {@link Dispatcher#visibleState()}) and its signals {@code s}: OK, FAILED_PRECONDITION, CANCELLED,
     * or null while undecided. Read {@code s} before {@code state}: a closing endpoint releases its port
     * (its signals become {@link SignalsState#NONE}) before it becomes CLOSED, and that in-between NONE
     * must not read as FAILED_PRECONDITION; the CANCELLED it leads to follows. Likewise a handle whose
     * carrying write took effect reads as SENT (CANCELLED), never as the empty or foreign signals of a
     * port that is no longer its own.
     */
    static MojoResult decide(Dispatcher.State state, SignalsState s, Signals signals) {
        if (state == Dispatcher.State.CLOSED || state == Dispatcher.State.SENT) {
            return MojoResult.CANCELLED;
        }
        if (state == Dispatcher.State.CLOSING && s == SignalsState.NONE) {
            return null;
        }
        if (s.satisfiesAny(signals)) {
            return MojoResult.OK;
        }
        return s.canSatisfyAny(signals) ? null : MojoResult.FAILED_PRECONDITION;
    }

    private void finish(MojoResult result, int index, SignalsState state) {
        if (outcome.compareAndSet(null, new Outcome(result, index, state))
                && (!PlantedFaults.HANG || !PlantedFaults.loseWakeUp())) {
            EventTransport.DirectReader r = reading;
            if (r != null && Thread.currentThread() != thread) {
                r.wake(); // the waiter polls its channel; on its own thread it re-checks without help
            }
            LockSupport.unpark(thread);
        }
    }

    /** Sets (or clears, with null) the channel the waiting thread now reads; see {@link #reading}. */
    void reading(EventTransport.DirectReader r) {
        reading = r;
    }

    /** Ends the wait with CANCELLED for the handle at {@code index}, unless it already ended. */
    void cancel(int index) {
        finish(MojoResult.CANCELLED, index, SignalsState.NONE);
    }

    boolean isDone() {
        return outcome.get() != null;
    }

    /** Ends the wait with DEADLINE_EXCEEDED unless something else ended it first; returns the winner. */
    Outcome expire() {
        outcome.compareAndSet(null, new Outcome(MojoResult.DEADLINE_EXCEEDED, -1, null));
        return outcome.get();
    }
}

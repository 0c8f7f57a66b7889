package org.jmojo.internal.handles;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.jmojo.system.MojoResult;
import org.jmojo.system.Signals;
import org.jmojo.system.SignalsState;

/**
 * One thread waiting on one or more handles ({@code wait}, {@code waitMany}). The first observation that
 * ends the wait wins a compare-and-set and unparks the thread; later ones are ignored. Its only shared
 * state is that atomic reference (the "waiter wake-up state" leaf of DESIGN.md §5).
 */
final class Waiter {
    /** How the wait ended. */
    record Outcome(MojoResult result, int index) {}

    private final Thread thread = Thread.currentThread();
    private final AtomicReference<Outcome> outcome = new AtomicReference<>();

    /** An observer for the handle at {@code index}, waiting for any of {@code signals}. */
    SignalObserver observer(int index, Signals signals) {
        return new SignalObserver() {
            @Override
            public void signalsChanged(Dispatcher d, SignalsState s, long change) {
                if (s.satisfiesAny(signals)) {
                    finish(MojoResult.OK, index);
                } else if (!s.canSatisfyAny(signals)) {
                    finish(MojoResult.FAILED_PRECONDITION, index);
                }
            }

            @Override
            public void handleClosed(Dispatcher d) {
                finish(MojoResult.CANCELLED, index);
            }
        };
    }

    private void finish(MojoResult result, int index) {
        if (outcome.compareAndSet(null, new Outcome(result, index))) {
            LockSupport.unpark(thread);
        }
    }

    boolean isDone() {
        return outcome.get() != null;
    }

    /** Ends the wait with DEADLINE_EXCEEDED unless something else ended it first; returns the winner. */
    Outcome expire() {
        outcome.compareAndSet(null, new Outcome(MojoResult.DEADLINE_EXCEEDED, -1));
        return outcome.get();
    }
}

package org.jmojo.internal.handles;

import java.util.concurrent.atomic.AtomicReference;
import org.jmojo.internal.sync.LockRank;
import org.jmojo.system.Core;
import org.jmojo.system.Handle;
import org.jmojo.system.HandleType;
import org.jmojo.system.Signals;
import org.jmojo.system.SignalsState;

/**
 * For tests: a stand-in endpoint (on the default node) that lets a test act inside the windows a race would need,
 * on the calling thread and without sleeps:
 *
 * <ul>
 *   <li>{@link #atNextLockedSignals}: runs once, at the first {@link #currentSignals()} computed with this handle's
 *       lock held, that is inside {@link Dispatcher#addObserver} after the observer joined, while a trap trigger or
 *       wait-set entry is still pending (its add has not completed);
 *   <li>{@link #departWhenLocked}: while {@code BUSY}, the carrying write "takes effect" at the first
 *       {@link #departed()} asked with the lock held, so every poll made without the lock still sees a handle in
 *       transit and the registration that follows finds it sent ({@link #beginTransitDeparted}: in effect at once).
 * </ul>
 *
 * Its signals are {@code WRITABLE}, with {@code READABLE} and {@code PEER_CLOSED} satisfiable (a wait for
 * {@code READABLE} stays undecided), and none once closed.
 */
final class HookedEndpoint extends Dispatcher {
    private static final SignalsState OPEN_SIGNALS =
            new SignalsState(Signals.WRITABLE, Signals.of(Signals.WRITABLE, Signals.READABLE, Signals.PEER_CLOSED));

    private final AtomicReference<Runnable> atLockedSignals = new AtomicReference<>();
    private volatile boolean departWhenLocked;
    private volatile boolean departed;
    private final Holder holder;

    HookedEndpoint() {
        super(LocalCore.of(Core.instance()), HandleType.MESSAGE_PIPE_ENDPOINT, EndpointDispatcher.DEFAULT_RIGHTS,
                LockRank.ENDPOINT);
        holder = new Holder(this);
    }

    /** The handle object. */
    Handle handle() {
        return holder;
    }

    /** Runs {@code action} once, at the next signals computed under this handle's lock. */
    void atNextLockedSignals(Runnable action) {
        atLockedSignals.set(action);
    }

    /** Marks it in transit; its write takes effect at the first departed() asked under the lock. */
    void beginTransitDepartingWhenLocked() {
        beginTransit();
        departWhenLocked = true;
    }

    /** Marks it in transit with its carrying write already in effect (sent, until the write returns). */
    void beginTransitDeparted() {
        beginTransit();
        departed = true;
    }

    @Override
    boolean departed() {
        if (!departed && departWhenLocked && lock.isHeldByCurrentThread()) {
            departed = true;
        }
        return departed;
    }

    @Override
    SignalsState currentSignals() {
        if (lock.isHeldByCurrentThread()) {
            Runnable action = atLockedSignals.getAndSet(null);
            if (action != null) {
                action.run();
            }
        }
        return state() == State.CLOSED ? SignalsState.NONE : OPEN_SIGNALS;
    }

    @Override
    void closeResources() {
        // Nothing held.
    }

    static final class Holder extends HandleHolder<HookedEndpoint> {
        Holder(HookedEndpoint d) {
            super(d);
        }

        @Override
        public Handle pass() {
            return new Holder(take());
        }
    }
}

package org.jmojo.internal.handles;

import org.jmojo.system.SignalsState;

/**
 * Something watching a dispatcher's signals: a waiter, a trap trigger or a wait-set entry.
 *
 * <p>Both methods are called with the watched dispatcher's lock held. They may take their own
 * lower-ranked lock ({@code WATCHER} or leaf), record trap events in the {@link RequestContext} and
 * unpark threads; they must not call any dispatcher, the ports layer or user code.
 */
interface SignalObserver {
    /**
     * The dispatcher's signals are now {@code state}; {@code change} identifies the state change (all
     * observers notified for one change see the same number), so a trap can fire every trigger the same
     * change made relevant. Also called once when the observer is added, with the current state.
     */
    void signalsChanged(Dispatcher dispatcher, SignalsState state, long change);

    /** The handle was closed or sent; no further calls follow. */
    void handleClosed(Dispatcher dispatcher);
}

package org.jmojo.system;

/**
 * Receives the events of one {@link Trap}.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>It runs with no Mojo lock held, at the end of a Mojo call that produced an event for this trap
 *       (for an event caused by another process: an I/O thread, where it must not block).
 *   <li>Events of one trap are delivered one at a time, in the order produced, across threads: an event
 *       joins the trap's queue at the moment it is produced, and whichever thread first ends its call
 *       after that runs the handler for everything queued. If another thread is running the trap's
 *       handler, that thread delivers the event next. So an event may reach the handler on another
 *       thread than the one that produced it, but never after an event produced later. The handler is
 *       never re-entered for one trap, not even when it calls Mojo itself (events it causes are
 *       delivered after it returns).
 *   <li>The last event of a trigger is its {@code CANCELLED} event; nothing for that context follows,
 *       whichever threads produced the earlier events.
 * </ul>
 * An exception thrown by the handler is not swallowed: it propagates out of the Mojo call that
 * dispatched the event, after the remaining queued events have been delivered (a checked exception,
 * thrown around the compiler, arrives there as the cause of an {@link IllegalStateException}).
 */
@FunctionalInterface
public interface TrapHandler {
    void onEvent(TrapEvent event);
}

package org.jmojo.system;

/**
 * Receives the events of one {@link Trap}.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>It runs with no Mojo lock held, on the thread whose operation produced the event, at the end of
 *       that operation (for an event caused by another process: an I/O thread, where it must not block).
 *   <li>Events of one trap are delivered one at a time, in the order produced: the handler is never
 *       re-entered for one trap, not even when it calls Mojo itself (events it causes are delivered
 *       after it returns). If another thread is running the trap's handler, the event is queued and that
 *       thread delivers it next.
 *   <li>The last event of a trigger is its {@code CANCELLED} event; nothing for that context follows.
 * </ul>
 * An exception thrown by the handler is not swallowed: it propagates out of the Mojo call that
 * dispatched the event, after the remaining queued events have been delivered.
 */
@FunctionalInterface
public interface TrapHandler {
    void onEvent(TrapEvent event);
}

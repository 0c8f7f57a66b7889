package org.jmojo.system;

import java.util.Objects;

/**
 * One notification from a {@link Trap} to its {@link TrapHandler}.
 *
 * @param context the trigger's context, as given to {@link Trap#addTrigger}
 * @param result {@link MojoResult#OK} (the condition is met), {@link MojoResult#FAILED_PRECONDITION}
 *     (the signals can never be satisfied again; the trigger stays until removed) or
 *     {@link MojoResult#CANCELLED} (the trigger is gone: removed, its handle closed or sent, or the trap
 *     closed; this is the trigger's last event)
 * @param signalsState the watched handle's signals when the event was produced ({@link SignalsState#NONE}
 *     for CANCELLED)
 * @param withinApiCall whether the handler runs at the end of a Mojo call made by the same thread
 *     (so that thread may hold the caller's own locks); {@code false} when run by an I/O thread
 */
public record TrapEvent(long context, MojoResult result, SignalsState signalsState, boolean withinApiCall) {
    public TrapEvent {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(signalsState, "signalsState");
    }
}

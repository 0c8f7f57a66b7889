package org.jmojo.system;

import java.util.Objects;

/**
 * The outcome of {@link Core#wait(Handle, Signals, Deadline)}.
 *
 * @param result {@code OK} (a signal is satisfied), {@code FAILED_PRECONDITION} (none can ever be),
 *     {@code DEADLINE_EXCEEDED}, or {@code CANCELLED} (the handle was closed or sent during the wait)
 * @param signalsState the handle's signals that ended the wait, not read again afterwards (so for OK they
 *     satisfy a signal waited for, even if another thread has changed them since);
 *     {@link SignalsState#NONE} when CANCELLED
 */
public record WaitResult(MojoResult result, SignalsState signalsState) {
    public WaitResult {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(signalsState, "signalsState");
    }
}

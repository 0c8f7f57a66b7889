package org.jmojo.system;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link WaitSet#wait(Deadline, int)}.
 *
 * @param result {@code OK} (at least one entry is ready, listed in {@link #entries()}),
 *     {@code DEADLINE_EXCEEDED} (none became ready in time), or {@code CANCELLED} (the wait set was closed
 *     during the wait)
 * @param entries the ready entries, at most the requested maximum; empty unless {@code OK}
 */
public record WaitSetResult(MojoResult result, List<Entry> entries) {
    public WaitSetResult {
        Objects.requireNonNull(result, "result");
        entries = List.copyOf(entries);
    }

    /**
     * One ready entry.
     *
     * @param cookie the entry's cookie
     * @param result {@code OK} (a signal is satisfied), {@code FAILED_PRECONDITION} (none of its signals can
     *     ever be), or {@code CANCELLED} (its handle was closed or sent; the entry stays until removed)
     * @param signalsState the handle's signals ({@link SignalsState#NONE} when CANCELLED)
     */
    public record Entry(long cookie, MojoResult result, SignalsState signalsState) {
        public Entry {
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(signalsState, "signalsState");
        }
    }
}

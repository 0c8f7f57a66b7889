package org.jmojo.system;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link Trap#arm}.
 *
 * <ul>
 *   <li>{@link MojoResult#OK}: armed; the next relevant change fires the handler.
 *   <li>{@link MojoResult#NOT_FOUND}: the trap has no triggers; add one first.
 *   <li>{@link MojoResult#FAILED_PRECONDITION}: not armed, because some triggers would fire at once;
 *       {@link #blockingEvents()} lists them (rotated between calls so no trigger starves). Handle the
 *       condition (e.g. read the messages) and arm again.
 * </ul>
 *
 * @param result one of the codes above
 * @param blockingEvents the events that prevented arming; empty unless FAILED_PRECONDITION
 */
public record ArmResult(MojoResult result, List<TrapEvent> blockingEvents) {
    public ArmResult {
        Objects.requireNonNull(result, "result");
        blockingEvents = List.copyOf(blockingEvents);
    }
}

package org.jmojo.system;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link Core#waitMany}.
 *
 * @param result as for {@link WaitResult}, about the handle at {@link #index()}; {@code DEADLINE_EXCEEDED}
 *     concerns none
 * @param index the position of the handle that ended the wait, or -1 for {@code DEADLINE_EXCEEDED}
 * @param signalsStates the signals of every handle when the wait ended, in argument order
 *     ({@link SignalsState#NONE} for a closed one); for the handle at {@link #index()}, the state that
 *     ended the wait
 */
public record WaitManyResult(MojoResult result, int index, List<SignalsState> signalsStates) {
    public WaitManyResult {
        Objects.requireNonNull(result, "result");
        signalsStates = List.copyOf(signalsStates);
    }
}

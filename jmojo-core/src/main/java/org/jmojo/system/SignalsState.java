package org.jmojo.system;

import java.util.Objects;

/**
 * A snapshot of a handle's signals: those {@code satisfied} now and those that could still become
 * satisfied ({@code satisfiable}, a superset of {@code satisfied}).
 *
 * <p>A signal outside {@code satisfiable} can never be satisfied again; waiting for it fails at
 * once with {@link MojoResult#FAILED_PRECONDITION}.
 */
public record SignalsState(Signals satisfied, Signals satisfiable) {
    /** The state reported for a handle that was closed during a wait: nothing, and nothing possible. */
    public static final SignalsState NONE = new SignalsState(Signals.NONE, Signals.NONE);

    public SignalsState {
        Objects.requireNonNull(satisfied, "satisfied");
        Objects.requireNonNull(satisfiable, "satisfiable");
    }

    /** Whether any of {@code signals} is satisfied. */
    public boolean satisfiesAny(Signals signals) {
        return satisfied.containsAny(signals);
    }

    /** Whether all of {@code signals} are satisfied. */
    public boolean satisfiesAll(Signals signals) {
        return satisfied.containsAll(signals);
    }

    /** Whether any of {@code signals} can still become satisfied. */
    public boolean canSatisfyAny(Signals signals) {
        return satisfiable.containsAny(signals);
    }
}

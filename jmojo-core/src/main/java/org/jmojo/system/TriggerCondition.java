package org.jmojo.system;

/** When a trap trigger fires, with respect to its signals. */
public enum TriggerCondition {
    /** When any of the trigger's signals becomes satisfied (or can never be: FAILED_PRECONDITION). */
    SIGNALS_SATISFIED,
    /** When any of the trigger's signals becomes unsatisfied. */
    SIGNALS_UNSATISFIED
}

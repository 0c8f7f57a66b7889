package org.jmojo.internal.ports.wire;

/**
 * A peer's event bytes broke a rule: carries the typed {@link Rejection} and a message naming the event type, the
 * field, the value and the rule. The only exception {@link EventCodec#decode} throws for any input.
 */
public final class EventDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final Rejection reason;

    public EventDecodeException(Rejection reason, String message) {
        super(message, null, false, false);
        this.reason = java.util.Objects.requireNonNull(reason, "reason");
    }

    public Rejection reason() {
        return reason;
    }

    @Override
    public String toString() {
        return "EventDecodeException " + reason + ": " + getMessage();
    }
}

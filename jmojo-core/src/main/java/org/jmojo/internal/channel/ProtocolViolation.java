package org.jmojo.internal.channel;

/**
 * A peer broke a rule of §4: carries the typed {@link CloseReason} and a message naming the frame,
 * the field, the value and the rule. Thrown inside the channel layer and turned into a close; never
 * seen by users.
 */
public final class ProtocolViolation extends Exception {
    private static final long serialVersionUID = 1L;

    private final CloseReason reason;

    public ProtocolViolation(CloseReason reason, String message) {
        super(message, null, false, false);
        if (!reason.isViolation()) {
            throw new IllegalArgumentException("not a violation reason: " + reason);
        }
        this.reason = reason;
    }

    public CloseReason reason() {
        return reason;
    }

    @Override
    public String toString() {
        return "ProtocolViolation " + reason + ": " + getMessage();
    }
}

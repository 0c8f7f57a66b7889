package org.jmojo.internal.ports;

import java.util.Objects;

/**
 * An event from another node broke a rule of the ports protocol (docs/architecture.md §3): a control
 * sequence already used, an unsequenced event where one must be sequenced, more held events than the
 * bound. The sending node misbehaved and is to be cut off by whoever runs its channel; the event was not
 * processed and the receiving port is unharmed.
 */
public final class ProtocolViolationException extends Exception {
    private static final long serialVersionUID = 1L;

    private final NodeName offender;

    public ProtocolViolationException(NodeName offender, String message) {
        super(Objects.requireNonNull(offender, "offender") + ": " + message);
        this.offender = offender;
    }

    /** The node whose event broke the rule. */
    public NodeName offender() {
        return offender;
    }
}

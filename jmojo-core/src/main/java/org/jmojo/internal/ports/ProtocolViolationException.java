package org.jmojo.internal.ports;

import java.util.Objects;
import org.jmojo.internal.ports.wire.Rejection;

/**
 * An event from another node broke a rule of the ports protocol (docs/architecture.md §3): a control
 * sequence already used, an unsequenced event where one must be sequenced, more held events than the
 * bound, a forged sender, a reused name. Its {@link #category()} is the cut-off reason of §4's trust table. The sending node misbehaved and is to be cut off by whoever runs its channel; the event was not
 * processed and the receiving port is unharmed.
 */
public final class ProtocolViolationException extends Exception {
    private static final long serialVersionUID = 1L;

    private final NodeName offender;
    private final Rejection.Category category;

    /**
     * A violation of a ports-protocol rule that none of the trust table's typed rows covers (an event or handle this
     * release does not accept, an unsequenced event where one must be sequenced): {@link Rejection.Category#MALFORMED}.
     */
    public ProtocolViolationException(NodeName offender, String message) {
        this(offender, Rejection.Category.MALFORMED, message);
    }

    /**
     * A violation of the given category (the cut-off reason of docs/architecture.md §4 it earns; for example
     * {@link Rejection.Category#FD_MISMATCH} when a frame's descriptors do not match what its event declares).
     */
    public ProtocolViolationException(NodeName offender, Rejection.Category category, String message) {
        // The category last, so that a message reads as before: the offender, then what it did.
        super(Objects.requireNonNull(offender, "offender") + ": " + message + " ["
                + Objects.requireNonNull(category, "category") + "]");
        this.offender = offender;
        this.category = category;
    }

    /** The cut-off reason this violation earns its sender. */
    public Rejection.Category category() {
        return category;
    }

    /** The node whose event broke the rule. */
    public NodeName offender() {
        return offender;
    }
}

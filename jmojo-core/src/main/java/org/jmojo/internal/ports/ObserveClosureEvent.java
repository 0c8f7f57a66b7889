package org.jmojo.internal.ports;

/**
 * Event type 5: the sender port is gone; {@code lastSequence} is the last user sequence it sent (0 if
 * none) and {@code reason} a closure reason (0 user, 1 receive quota, 2 peer lost, 3 merge failed).
 * Receivers judge completeness by the number, never by arrival order. {@code controlSequence} as in
 * {@link UserMessageEvent}.
 */
public record ObserveClosureEvent(NodeName targetNode, PortName target, PortName sender, long lastSequence, int reason,
        long controlSequence) implements Event {
    public static final int TYPE = 5;

    /** A local event: no control sequence. */
    public ObserveClosureEvent(NodeName targetNode, PortName target, PortName sender, long lastSequence, int reason) {
        this(targetNode, target, sender, lastSequence, reason, 0);
    }

    @Override
    public Event withControlSequence(long cs) {
        return new ObserveClosureEvent(targetNode, target, sender, lastSequence, reason, cs);
    }

    @Override
    public int type() {
        return TYPE;
    }
}

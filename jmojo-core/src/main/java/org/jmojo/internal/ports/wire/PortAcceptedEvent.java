package org.jmojo.internal.ports.wire;

import org.jmojo.internal.ports.PortName;

/**
 * Type 2, unsequenced, empty body: the new location {@code sender} of a carried port tells the referring port
 * {@code target} that it exists, which ends the referring port's buffering.
 */
public record PortAcceptedEvent(PortName target, PortName sender) implements PortsEvent {
    public PortAcceptedEvent {
        Invariants.header(EventType.PORT_ACCEPTED, target, sender, SequenceNumbers.NONE);
    }

    @Override
    public EventType type() {
        return EventType.PORT_ACCEPTED;
    }

    @Override
    public long controlSequence() {
        return SequenceNumbers.NONE;
    }

    @Override
    public PortAcceptedEvent readdressed(PortName target, PortName sender, long controlSequence) {
        Invariants.controlSequence(EventType.PORT_ACCEPTED, controlSequence);
        return new PortAcceptedEvent(target, sender);
    }
}

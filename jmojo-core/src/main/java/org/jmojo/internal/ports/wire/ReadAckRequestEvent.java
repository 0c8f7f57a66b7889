package org.jmojo.internal.ports.wire;

import org.jmojo.internal.ports.PortName;

/**
 * Type 7, sequenced: the writing side asks for a read-ack once the reader has read up to
 * {@code sequenceToAcknowledge} (1 or more); passed hop by hop.
 */
public record ReadAckRequestEvent(PortName target, PortName sender, long controlSequence, long sequenceToAcknowledge)
        implements PortsEvent {
    public ReadAckRequestEvent {
        Invariants.header(EventType.READ_ACK_REQUEST, target, sender, controlSequence);
        Invariants.counted(sequenceToAcknowledge, "read-ack request sequenceToAcknowledge");
    }

    @Override
    public EventType type() {
        return EventType.READ_ACK_REQUEST;
    }

    @Override
    public ReadAckRequestEvent readdressed(PortName target, PortName sender, long controlSequence) {
        return new ReadAckRequestEvent(target, sender, controlSequence, sequenceToAcknowledge);
    }
}

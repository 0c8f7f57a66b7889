package org.jmojo.internal.ports.wire;

import org.jmojo.internal.ports.PortName;

/**
 * Type 8, sequenced: the reading side reports the highest user sequence it has read ({@link SequenceNumbers#NONE}
 * if none); passed hop by hop to the writer.
 */
public record ReadAckEvent(PortName target, PortName sender, long controlSequence, long highestSequenceRead)
        implements PortsEvent {
    public ReadAckEvent {
        Invariants.header(EventType.READ_ACK, target, sender, controlSequence);
        Invariants.countedOrNone(highestSequenceRead, "read-ack highestSequenceRead");
    }

    @Override
    public EventType type() {
        return EventType.READ_ACK;
    }

    @Override
    public ReadAckEvent readdressed(PortName target, PortName sender, long controlSequence) {
        return new ReadAckEvent(target, sender, controlSequence, highestSequenceRead);
    }
}

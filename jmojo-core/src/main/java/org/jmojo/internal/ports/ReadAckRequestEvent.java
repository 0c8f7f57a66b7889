package org.jmojo.internal.ports;

/**
 * Event type 7: the writing end asks the reading end to say when it has read every message up to
 * {@code sequenceToAcknowledge}. Travels the writer's route hop by hop; a buffering port keeps it until it
 * proxies (docs/ports.md, "Read acks").
 */
public record ReadAckRequestEvent(NodeName targetNode, PortName target, PortName sender, long sequenceToAcknowledge,
        long controlSequence) implements Event {
    public static final int TYPE = 7;

    @Override
    public Event withControlSequence(long cs) {
        return new ReadAckRequestEvent(targetNode, target, sender, sequenceToAcknowledge, cs);
    }

    @Override
    public int type() {
        return TYPE;
    }
}

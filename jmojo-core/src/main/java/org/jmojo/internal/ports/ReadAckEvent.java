package org.jmojo.internal.ports;

/**
 * Event type 8: the reading end has read every message up to {@code highestSequenceRead}. Travels the reader's
 * route hop by hop to the writing end, which then knows how many of its messages are unread (docs/ports.md,
 * "Read acks").
 */
public record ReadAckEvent(NodeName targetNode, PortName target, PortName sender, long highestSequenceRead,
        long controlSequence) implements Event {
    public static final int TYPE = 8;

    @Override
    public Event withControlSequence(long cs) {
        return new ReadAckEvent(targetNode, target, sender, highestSequenceRead, cs);
    }

    @Override
    public int type() {
        return TYPE;
    }
}

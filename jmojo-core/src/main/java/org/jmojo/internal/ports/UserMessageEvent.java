package org.jmojo.internal.ports;

/**
 * Event type 1: a user message with its user sequence number (from 1, per sending port) and, for an event
 * that crosses nodes, its control sequence on the sender → target link (0 between ports of one node, which
 * order by user sequence alone).
 */
public record UserMessageEvent(NodeName targetNode, PortName target, PortName sender, long sequence, UserMessage message,
        long controlSequence) implements Event {
    public static final int TYPE = 1;

    /** A local event: no control sequence. */
    public UserMessageEvent(NodeName targetNode, PortName target, PortName sender, long sequence, UserMessage message) {
        this(targetNode, target, sender, sequence, message, 0);
    }

    @Override
    public int type() {
        return TYPE;
    }
}

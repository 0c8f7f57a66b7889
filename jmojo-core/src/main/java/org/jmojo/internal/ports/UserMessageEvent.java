package org.jmojo.internal.ports;

/**
 * Event type 1: a user message with its user sequence number (from 1, per sending port).
 */
public record UserMessageEvent(NodeName targetNode, PortName target, PortName sender, long sequence, UserMessage message)
        implements Event {
    public static final int TYPE = 1;

    @Override
    public int type() {
        return TYPE;
    }
}

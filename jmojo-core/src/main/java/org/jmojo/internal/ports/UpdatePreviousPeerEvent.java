package org.jmojo.internal.ports;

/**
 * Event type 9: the target's current previous sender, {@code sender}, hands that role to {@code newPort} on
 * {@code newNode}; it is the last event {@code sender} sends the target. The target then accepts events only
 * from the new sender, counting its control sequences from 1 (docs/ports.md, "Sender verification").
 */
public record UpdatePreviousPeerEvent(NodeName targetNode, PortName target, PortName sender, NodeName newNode,
        PortName newPort, long controlSequence) implements Event {
    public static final int TYPE = 9;

    @Override
    public Event withControlSequence(long cs) {
        return new UpdatePreviousPeerEvent(targetNode, target, sender, newNode, newPort, cs);
    }

    @Override
    public int type() {
        return TYPE;
    }
}

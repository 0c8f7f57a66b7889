package org.jmojo.internal.ports;

/**
 * Event type 2, unsequenced: the new location {@code sender} of a port carried to another node tells the
 * port that referred to it, {@code target}, that it exists; the target stops buffering and starts proxying.
 * Only the target's peer may send it (docs/ports.md, "Moving a port").
 */
public record PortAcceptedEvent(NodeName targetNode, PortName target, PortName sender) implements UnsequencedEvent {
    public static final int TYPE = 2;

    @Override
    public int type() {
        return TYPE;
    }
}

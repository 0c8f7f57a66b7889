package org.jmojo.internal.ports;

/**
 * Event type 2, unsequenced: the new location {@code sender} of a port carried to another node tells the
 * port that referred to it, {@code target}, that it exists; the target stops buffering and starts proxying.
 * Only the target's peer may send it (docs/ports.md, "Moving a port").
 */
public record PortAcceptedEvent(NodeName targetNode, PortName target, PortName sender) implements Event {
    public static final int TYPE = 2;

    @Override
    public long controlSequence() {
        return 0;
    }

    @Override
    public Event withControlSequence(long controlSequence) {
        if (controlSequence != 0) {
            throw new IllegalArgumentException("port-accepted is unsequenced; control sequence " + controlSequence);
        }
        return this;
    }

    @Override
    public int type() {
        return TYPE;
    }
}

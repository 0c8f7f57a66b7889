package org.jmojo.internal.ports;

/**
 * Event type 10, unsequenced: jmojo's dead-proxy notice (docs/ports.md, "Node loss"). Port {@code sender} tells port
 * {@code target}, whose route ran through it, that port {@code deadPort} of node {@code deadNode} is gone because a
 * channel was lost: either the sender itself (then it is the target's peer, erased) or the new location the sender
 * was moving to and handed the target as its previous sender, which will now never exist. It goes against the
 * direction of the route, so it carries no control sequence; the target checks it against what it knows instead.
 */
public record DeadPortEvent(NodeName targetNode, PortName target, PortName sender, NodeName deadNode,
        PortName deadPort) implements Event {
    public static final int TYPE = 10;

    @Override
    public long controlSequence() {
        return 0;
    }

    @Override
    public Event withControlSequence(long controlSequence) {
        if (controlSequence != 0) {
            throw new IllegalArgumentException("a dead-port notice is unsequenced; control sequence " + controlSequence);
        }
        return this;
    }

    @Override
    public int type() {
        return TYPE;
    }
}

package org.jmojo.internal.ports.wire;

import org.jmojo.internal.ports.NodeName;
import org.jmojo.internal.ports.PortName;

/**
 * Type 10, unsequenced (jmojo's dead-proxy notice, docs/ports.md "Node loss"): the port {@code deadPort} on
 * {@code deadNode} is gone, or will never exist, because a channel it depended on was lost. The sending port tells
 * the target, the port whose route ran through the dead one; the target acts only if the dead port is its own peer
 * (then the notice must come from that very port) or the previous sender the sending port handed it.
 */
public record DeadPortEvent(PortName target, PortName sender, NodeName deadNode, PortName deadPort)
        implements PortsEvent {
    public DeadPortEvent {
        Invariants.header(EventType.DEAD_PORT, target, sender, SequenceNumbers.NONE);
        Invariants.node(deadNode, "deadNode");
        Invariants.port(deadPort, "deadPort");
    }

    @Override
    public EventType type() {
        return EventType.DEAD_PORT;
    }

    @Override
    public long controlSequence() {
        return SequenceNumbers.NONE;
    }

    @Override
    public DeadPortEvent readdressed(PortName target, PortName sender, long controlSequence) {
        Invariants.controlSequence(EventType.DEAD_PORT, controlSequence);
        return new DeadPortEvent(target, sender, deadNode, deadPort);
    }
}

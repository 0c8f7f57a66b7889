package org.jmojo.internal.ports.wire;

import org.jmojo.internal.ports.NodeName;
import org.jmojo.internal.ports.PortName;

/**
 * Type 9, sequenced: the target's current previous sender hands over, as its last event on this link: from now on
 * the target expects its events from ({@code newNode}, {@code newPort}), starting again at control sequence 1.
 */
public record UpdatePreviousPeerEvent(PortName target, PortName sender, long controlSequence, NodeName newNode,
        PortName newPort) implements PortsEvent {
    public UpdatePreviousPeerEvent {
        Invariants.header(EventType.UPDATE_PREVIOUS_PEER, target, sender, controlSequence);
        Invariants.node(newNode, "newNode");
        Invariants.port(newPort, "newPort");
    }

    @Override
    public EventType type() {
        return EventType.UPDATE_PREVIOUS_PEER;
    }

    @Override
    public UpdatePreviousPeerEvent readdressed(PortName target, PortName sender, long controlSequence) {
        return new UpdatePreviousPeerEvent(target, sender, controlSequence, newNode, newPort);
    }
}

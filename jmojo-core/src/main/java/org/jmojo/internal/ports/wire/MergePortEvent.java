package org.jmojo.internal.ports.wire;

import java.util.Objects;
import org.jmojo.internal.ports.PortName;

/**
 * Type 6, unsequenced: a remote merge. The sending node converted its port as for a transfer and asks the node of
 * {@code target} to accept {@code descriptor} and merge the new port with {@code target}.
 */
public record MergePortEvent(PortName target, PortName sender, PortDescriptor descriptor) implements PortsEvent {
    public MergePortEvent {
        Invariants.header(EventType.MERGE_PORT, target, sender, SequenceNumbers.NONE);
        Objects.requireNonNull(descriptor, "descriptor");
    }

    @Override
    public EventType type() {
        return EventType.MERGE_PORT;
    }

    @Override
    public long controlSequence() {
        return SequenceNumbers.NONE;
    }

    @Override
    public MergePortEvent readdressed(PortName target, PortName sender, long controlSequence) {
        Invariants.controlSequence(EventType.MERGE_PORT, controlSequence);
        return new MergePortEvent(target, sender, descriptor);
    }
}

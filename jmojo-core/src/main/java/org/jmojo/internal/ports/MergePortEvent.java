package org.jmojo.internal.ports;

import java.util.Objects;
import org.jmojo.internal.ports.wire.PortDescriptor;

/**
 * Event type 6, unsequenced: a remote merge (docs/ports.md, "Merging"). The sending node converted its port
 * {@code sender} as for a transfer ({@code descriptor} describes its new location on the target's node) and asks
 * that node to make the new port and merge it with {@code target}. The target's node accepts it only if its own
 * code said, with {@link Node#expectMerge}, that this sending node may merge with {@code target}; any other
 * merge-port is a violation and creates nothing.
 */
public record MergePortEvent(NodeName targetNode, PortName target, PortName sender, PortDescriptor descriptor)
        implements UnsequencedEvent {
    public static final int TYPE = 6;

    public MergePortEvent {
        Objects.requireNonNull(descriptor, "descriptor");
    }

    @Override
    public int type() {
        return TYPE;
    }
}

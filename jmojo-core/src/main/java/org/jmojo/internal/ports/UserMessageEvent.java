package org.jmojo.internal.ports;

import java.util.List;
import org.jmojo.internal.ports.wire.PortDescriptor;

/**
 * Event type 1: a user message with its user sequence number (from 1, per pipe direction: a proxy passes it on
 * unchanged) and its control sequence on the sender → target link ({@link Event#controlSequence()}).
 *
 * <p>{@code descriptors} is empty while the event stays on its node. For an event leaving the node it holds one
 * descriptor per carried port, in the message's port order: the ports were converted (they are buffering for
 * their new locations) just before the event was handed to the node layer.
 */
public record UserMessageEvent(NodeName targetNode, PortName target, PortName sender, long sequence, UserMessage message,
        long controlSequence, List<PortDescriptor> descriptors) implements Event {
    public static final int TYPE = 1;

    public UserMessageEvent {
        descriptors = List.copyOf(descriptors);
    }

    /** An event whose carried ports, if any, are not converted. */
    public UserMessageEvent(NodeName targetNode, PortName target, PortName sender, long sequence, UserMessage message,
            long controlSequence) {
        this(targetNode, target, sender, sequence, message, controlSequence, List.of());
    }

    /** A local event: no control sequence. */
    public UserMessageEvent(NodeName targetNode, PortName target, PortName sender, long sequence, UserMessage message) {
        this(targetNode, target, sender, sequence, message, 0);
    }

    @Override
    public UserMessageEvent withControlSequence(long cs) {
        return new UserMessageEvent(targetNode, target, sender, sequence, message, cs, descriptors);
    }

    /** This event with its carried ports' descriptors. */
    UserMessageEvent withDescriptors(List<PortDescriptor> converted) {
        return new UserMessageEvent(targetNode, target, sender, sequence, message, controlSequence, converted);
    }

    @Override
    public int type() {
        return TYPE;
    }
}

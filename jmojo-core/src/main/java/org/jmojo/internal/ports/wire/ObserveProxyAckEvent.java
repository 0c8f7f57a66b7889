package org.jmojo.internal.ports.wire;

import org.jmojo.internal.ports.PortName;

/**
 * Type 4, sequenced: the port that pointed at a proxy answers its observe-proxy with the last user sequence it sent
 * through it ({@link SequenceNumbers#NONE} if none), or {@link SequenceNumbers#RETRY} when it cannot know yet.
 */
public record ObserveProxyAckEvent(PortName target, PortName sender, long controlSequence, long lastSequenceSent)
        implements PortsEvent {
    public ObserveProxyAckEvent {
        Invariants.header(EventType.OBSERVE_PROXY_ACK, target, sender, controlSequence);
    }

    /** Whether this is the "retry" answer rather than a number. */
    public boolean isRetry() {
        return lastSequenceSent == SequenceNumbers.RETRY;
    }

    @Override
    public EventType type() {
        return EventType.OBSERVE_PROXY_ACK;
    }

    @Override
    public ObserveProxyAckEvent readdressed(PortName target, PortName sender, long controlSequence) {
        return new ObserveProxyAckEvent(target, sender, controlSequence, lastSequenceSent);
    }
}

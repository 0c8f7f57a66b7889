package org.jmojo.internal.ports;

/**
 * Event type 4: the port that pointed at proxy {@code target} now points past it; {@code lastSequenceSent} is
 * the last user message it sent through the proxy, or {@link #RETRY} when the sender could not tell (it was
 * itself buffering or proxying) and the proxy must ask again (docs/ports.md, "Removing a proxy").
 */
public record ObserveProxyAckEvent(NodeName targetNode, PortName target, PortName sender, long lastSequenceSent,
        long controlSequence) implements Event {
    public static final int TYPE = 4;

    /** The "ask again" value of {@link #lastSequenceSent} (2^64-1). */
    public static final long RETRY = -1L;

    @Override
    public Event withControlSequence(long cs) {
        return new ObserveProxyAckEvent(targetNode, target, sender, lastSequenceSent, cs);
    }

    @Override
    public int type() {
        return TYPE;
    }
}

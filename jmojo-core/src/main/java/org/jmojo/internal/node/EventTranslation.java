package org.jmojo.internal.node;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.Function;
import org.jmojo.internal.ports.Event;
import org.jmojo.internal.ports.NodeName;
import org.jmojo.internal.ports.ObserveClosureEvent;
import org.jmojo.internal.ports.ProtocolViolationException;
import org.jmojo.internal.ports.UserMessage;
import org.jmojo.internal.ports.UserMessageEvent;
import org.jmojo.internal.ports.wire.ClosureReason;
import org.jmojo.internal.ports.wire.EventCodec;
import org.jmojo.internal.ports.wire.EventDecodeException;
import org.jmojo.internal.ports.wire.PortsEvent;

/**
 * Turns the ports layer's events into the bytes that cross nodes (docs/ports-wire.md, {@link EventCodec}) and
 * back. The node layer owns this step so that the system layer never learns the encoding (docs/architecture.md
 * §2); the system layer supplies only how its messages become payload bytes and back.
 *
 * <p>This release carries user messages without handles and observe-closure, the events a pipe whose ends stay
 * on their nodes needs. A user message carrying ports cannot leave its node yet (the system layer refuses such a
 * write with UNIMPLEMENTED before it is sent), and an inbound event of another type, or a message carrying
 * descriptors or handle entries, is refused as a violation naming what is not built.
 *
 * <p>Stateless and thread-safe.
 *
 * @param payloadOf the bytes of a message written on this node (the system layer's message type)
 * @param messageOf a message of the system layer made from received payload bytes (which it may keep)
 */
public record EventTranslation(Function<UserMessage, byte[]> payloadOf, Function<byte[], UserMessage> messageOf) {
    /**
     * The encoded form of {@code event}, an event of this node for a port on another node.
     *
     * @throws IllegalStateException for an event this release cannot send across nodes (a message with ports)
     */
    public byte[] encode(Event event) {
        PortsEvent wire = switch (event) {
            case UserMessageEvent m -> {
                if (!m.message().ports().isEmpty()) {
                    throw new IllegalStateException(m + " carries ports, which cannot move between nodes yet (issue 8 "
                            + "item 2, moving a port); the system layer refuses such a write before sending it");
                }
                yield org.jmojo.internal.ports.wire.UserMessageEvent.of(m.target(), m.sender(), m.controlSequence(),
                        m.sequence(), MemorySegment.ofArray(payloadOf.apply(m.message())));
            }
            case ObserveClosureEvent c -> new org.jmojo.internal.ports.wire.ObserveClosureEvent(c.target(), c.sender(),
                    c.controlSequence(), c.lastSequence(), ClosureReason.ofCode(c.reason()));
        };
        return EventCodec.encode(wire);
    }

    /**
     * The event node {@code from} sent as {@code bytes}, for a port of node {@code self}.
     *
     * @throws ProtocolViolationException naming {@code from} for bytes that do not decode, or an event this
     *     release does not accept from another node
     */
    public Event decode(NodeName from, NodeName self, byte[] bytes) throws ProtocolViolationException {
        PortsEvent wire;
        try {
            wire = EventCodec.decode(MemorySegment.ofArray(bytes), 0);
        } catch (EventDecodeException e) {
            throw new ProtocolViolationException(from, "undecodable event: " + e.getMessage());
        }
        return switch (wire) {
            case org.jmojo.internal.ports.wire.UserMessageEvent m -> {
                if (!m.ports().isEmpty() || !m.handles().isEmpty()) {
                    throw new ProtocolViolationException(from, m + ": carries " + m.ports().size() + " port(s) and "
                            + m.handles().size() + " handle(s); this release accepts messages without handles only");
                }
                // A copy: the message outlives the frame it came in.
                yield new UserMessageEvent(self, m.target(), m.sender(), m.sequence(),
                        messageOf.apply(m.payload().toArray(ValueLayout.JAVA_BYTE)),
                        m.controlSequence());
            }
            case org.jmojo.internal.ports.wire.ObserveClosureEvent c -> new ObserveClosureEvent(self, c.target(),
                    c.sender(), c.lastSequenceSent(), c.reason().code(), c.controlSequence());
            default -> throw new ProtocolViolationException(from, wire.type() + " is not accepted from another node "
                    + "in this release (moving ports and proxies come later: issue 8)");
        };
    }
}

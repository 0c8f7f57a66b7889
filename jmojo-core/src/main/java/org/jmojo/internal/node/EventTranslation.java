package org.jmojo.internal.node;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.jmojo.internal.ports.Event;
import org.jmojo.internal.ports.MergePortEvent;
import org.jmojo.internal.ports.NodeName;
import org.jmojo.internal.ports.ObserveClosureEvent;
import org.jmojo.internal.ports.ObserveProxyAckEvent;
import org.jmojo.internal.ports.ObserveProxyEvent;
import org.jmojo.internal.ports.PortAcceptedEvent;
import org.jmojo.internal.ports.PortRef;
import org.jmojo.internal.ports.ProtocolViolationException;
import org.jmojo.internal.ports.ReadAckEvent;
import org.jmojo.internal.ports.ReadAckRequestEvent;
import org.jmojo.internal.ports.UpdatePreviousPeerEvent;
import org.jmojo.internal.ports.UserMessage;
import org.jmojo.internal.ports.UserMessageEvent;
import org.jmojo.internal.ports.wire.ClosureReason;
import org.jmojo.internal.ports.wire.EventCodec;
import org.jmojo.internal.ports.wire.EventDecodeException;
import org.jmojo.internal.ports.wire.HandleEntry;
import org.jmojo.internal.ports.wire.HandleKind;
import org.jmojo.internal.ports.wire.PortDescriptor;
import org.jmojo.internal.ports.wire.PortsEvent;

/**
 * Turns the ports layer's events into the bytes that cross nodes (docs/ports-wire.md, {@link EventCodec}) and
 * back. The node layer owns this step so that the system layer never learns the encoding (docs/architecture.md
 * §2); the system layer supplies only how its messages become payload and handle bytes and back
 * ({@link MessageCodec}).
 *
 * <p>Every event type the ports layer produces crosses: user messages (with the descriptors of the ports they
 * carry, one message-pipe handle entry per port, each with the extra bytes the system layer gives it),
 * port-accepted, merge-port, observe-proxy and its ack, observe-closure, read-ack request, read-ack and
 * update-previous-peer. A merge-port's carried port is made by the ports layer, once it has checked that the merge
 * is expected (so a forged one creates nothing). A handle entry of another kind than a message pipe is refused as a
 * violation (no other handle can cross in this release: the system layer
 * refuses to attach one, so a peer that sends one misbehaves).
 *
 * <p>Stateless and thread-safe.
 *
 * @param codec how the system layer's messages become bytes and back
 */
public record EventTranslation(MessageCodec codec) {
    /** What the system layer provides: its messages as bytes, and messages made from received bytes. */
    public interface MessageCodec {
        /** The payload bytes of {@code message}, a message written on this node. */
        byte[] payload(UserMessage message);

        /** The extra bytes of the handle that carries {@code message}'s port number {@code index} (its header). */
        byte[] handleExtra(UserMessage message, int index);

        /**
         * Checks the extra bytes another node sent for a message pipe handle, before anything is made from them.
         *
         * @throws IllegalArgumentException naming the rule they break
         */
        void checkHandleExtra(byte[] extra);

        /** A message of the system layer made from received payload bytes and the ports it carries, in order. */
        UserMessage message(byte[] payload, List<PortRef> ports, List<byte[]> handleExtras);
    }

    /** Makes the ports a received message carries (the ports layer's {@code acceptPortDescriptors}). */
    @FunctionalInterface
    public interface PortAcceptor {
        List<PortRef> accept(NodeName from, List<PortDescriptor> descriptors) throws ProtocolViolationException;
    }

    /** The encoded form of {@code event}, an event of this node for a port on another node. */
    public byte[] encode(Event event) {
        PortsEvent wire = switch (event) {
            case UserMessageEvent m -> encodeUserMessage(m);
            case PortAcceptedEvent a -> new org.jmojo.internal.ports.wire.PortAcceptedEvent(a.target(), a.sender());
            case MergePortEvent m -> new org.jmojo.internal.ports.wire.MergePortEvent(m.target(), m.sender(),
                    m.descriptor());
            case ObserveProxyEvent o -> new org.jmojo.internal.ports.wire.ObserveProxyEvent(o.target(), o.sender(),
                    o.controlSequence(), o.proxyNode(), o.proxyPort(), o.proxyTargetNode(), o.proxyTargetPort());
            case ObserveProxyAckEvent a -> new org.jmojo.internal.ports.wire.ObserveProxyAckEvent(a.target(), a.sender(),
                    a.controlSequence(), a.lastSequenceSent());
            case ObserveClosureEvent c -> new org.jmojo.internal.ports.wire.ObserveClosureEvent(c.target(), c.sender(),
                    c.controlSequence(), c.lastSequence(), ClosureReason.ofCode(c.reason()));
            case ReadAckRequestEvent r -> new org.jmojo.internal.ports.wire.ReadAckRequestEvent(r.target(), r.sender(),
                    r.controlSequence(), r.sequenceToAcknowledge());
            case ReadAckEvent r -> new org.jmojo.internal.ports.wire.ReadAckEvent(r.target(), r.sender(),
                    r.controlSequence(), r.highestSequenceRead());
            case UpdatePreviousPeerEvent u -> new org.jmojo.internal.ports.wire.UpdatePreviousPeerEvent(u.target(),
                    u.sender(), u.controlSequence(), u.newNode(), u.newPort());
        };
        return EventCodec.encode(wire);
    }

    private org.jmojo.internal.ports.wire.UserMessageEvent encodeUserMessage(UserMessageEvent m) {
        MemorySegment payload = MemorySegment.ofArray(codec.payload(m.message()));
        int ports = m.message().ports().size();
        if (ports == 0) {
            return org.jmojo.internal.ports.wire.UserMessageEvent.of(m.target(), m.sender(), m.controlSequence(),
                    m.sequence(), payload);
        }
        if (m.descriptors().size() != ports) {
            throw new IllegalStateException(m + " carries " + ports + " port(s) but " + m.descriptors().size()
                    + " descriptor(s): the ports layer converts every carried port before the message leaves");
        }
        List<HandleEntry> entries = new ArrayList<>(ports);
        List<byte[]> extras = new ArrayList<>(ports);
        int extraLength = 0;
        for (int i = 0; i < ports; i++) {
            byte[] extra = codec.handleExtra(m.message(), i);
            extras.add(extra);
            extraLength += extra.length;
            entries.add(new HandleEntry(HandleKind.MESSAGE_PIPE, 0, 1, extra.length));
        }
        byte[] extra = new byte[extraLength];
        int at = 0;
        for (byte[] e : extras) {
            System.arraycopy(e, 0, extra, at, e.length);
            at += e.length;
        }
        return new org.jmojo.internal.ports.wire.UserMessageEvent(m.target(), m.sender(), m.controlSequence(),
                m.sequence(), m.descriptors(), entries, MemorySegment.ofArray(extra), payload);
    }

    /**
     * The event node {@code from} sent as {@code bytes}, for a port of node {@code self}. A user message's carried
     * ports are made on this node by {@code acceptor} (which sends port-accepted for each) once every other check
     * passed.
     *
     * @throws ProtocolViolationException naming {@code from} for bytes that do not decode, or an event or handle
     *     this release does not accept from another node
     */
    public Event decode(NodeName from, NodeName self, byte[] bytes, PortAcceptor acceptor)
            throws ProtocolViolationException {
        PortsEvent wire;
        try {
            wire = EventCodec.decode(MemorySegment.ofArray(bytes), 0);
        } catch (EventDecodeException e) {
            throw new ProtocolViolationException(from, "undecodable event: " + e.getMessage());
        }
        return switch (wire) {
            case org.jmojo.internal.ports.wire.UserMessageEvent m -> decodeUserMessage(from, self, m, acceptor);
            case org.jmojo.internal.ports.wire.PortAcceptedEvent a -> new PortAcceptedEvent(self, a.target(), a.sender());
            // The carried port is made only once the ports layer has checked that the merge is expected.
            case org.jmojo.internal.ports.wire.MergePortEvent m -> new MergePortEvent(self, m.target(), m.sender(),
                    m.descriptor());
            case org.jmojo.internal.ports.wire.ObserveProxyEvent o -> new ObserveProxyEvent(self, o.target(), o.sender(),
                    o.proxyNode(), o.proxyPort(), o.proxyTargetNode(), o.proxyTargetPort(), o.controlSequence());
            case org.jmojo.internal.ports.wire.ObserveProxyAckEvent a -> new ObserveProxyAckEvent(self, a.target(),
                    a.sender(), a.lastSequenceSent(), a.controlSequence()); // the same bits for "retry"
            case org.jmojo.internal.ports.wire.ObserveClosureEvent c -> new ObserveClosureEvent(self, c.target(),
                    c.sender(), c.lastSequenceSent(), c.reason().code(), c.controlSequence());
            case org.jmojo.internal.ports.wire.ReadAckRequestEvent r -> new ReadAckRequestEvent(self, r.target(),
                    r.sender(), r.sequenceToAcknowledge(), r.controlSequence());
            case org.jmojo.internal.ports.wire.ReadAckEvent r -> new ReadAckEvent(self, r.target(), r.sender(),
                    r.highestSequenceRead(), r.controlSequence());
            case org.jmojo.internal.ports.wire.UpdatePreviousPeerEvent u -> new UpdatePreviousPeerEvent(self, u.target(),
                    u.sender(), u.newNode(), u.newPort(), u.controlSequence());
            default -> throw new ProtocolViolationException(from, wire.type() + " is not accepted from another node "
                    + "in this release");
        };
    }

    private UserMessageEvent decodeUserMessage(NodeName from, NodeName self, org.jmojo.internal.ports.wire.UserMessageEvent m,
            PortAcceptor acceptor) throws ProtocolViolationException {
        List<byte[]> extras = new ArrayList<>(m.handles().size());
        long at = 0;
        for (int i = 0; i < m.handles().size(); i++) {
            HandleEntry h = m.handles().get(i);
            if (h.kind() != HandleKind.MESSAGE_PIPE || h.portCount() != 1 || h.fdCount() != 0) {
                throw new ProtocolViolationException(from, m + ": handle " + i + " is " + h + "; only message pipe "
                        + "endpoints (one port, no fds) cross nodes in this release");
            }
            byte[] extra = m.extra().asSlice(at, h.extraBytes()).toArray(ValueLayout.JAVA_BYTE);
            at += h.extraBytes();
            try {
                codec.checkHandleExtra(extra);
            } catch (IllegalArgumentException e) {
                throw new ProtocolViolationException(from, m + ": handle " + i + ": " + e.getMessage());
            }
            extras.add(extra);
        }
        List<PortRef> ports = acceptor.accept(from, m.ports());
        // A copy: the message outlives the frame it came in.
        UserMessage message = codec.message(m.payload().toArray(ValueLayout.JAVA_BYTE), ports, extras);
        return new UserMessageEvent(self, m.target(), m.sender(), m.sequence(), message, m.controlSequence());
    }

}

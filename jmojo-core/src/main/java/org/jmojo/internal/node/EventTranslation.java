package org.jmojo.internal.node;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.jmojo.internal.platform.Fd;
import org.jmojo.internal.ports.DeadPortEvent;
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
import org.jmojo.internal.ports.wire.Rejection;

/**
 * Turns the ports layer's events into the bytes that cross nodes (docs/ports-wire.md, {@link EventCodec}) and
 * back. The node layer owns this step so that the system layer never learns the encoding (docs/architecture.md
 * §2); the system layer supplies only how its messages become payload and handle bytes and back
 * ({@link MessageCodec}).
 *
 * <p>Every event type the ports layer produces crosses: user messages (with the descriptors of the ports they
 * carry and one handle entry per attached handle, in attachment order: a message pipe endpoint consumes one port
 * descriptor, a platform handle one of the frame's fds, each with the header the system layer gives it),
 * port-accepted, merge-port, observe-proxy and its ack, observe-closure, read-ack request, read-ack,
 * update-previous-peer and the dead-port notice. A user message's descriptors travel beside its bytes
 * ({@link EncodedEvent#fds()}, a frame's fds); the decoder checks that the entries consume exactly the fds that
 * came before it makes anything, and closes them whenever it refuses the event. A merge-port's carried port is
 * made by the ports layer, once it has checked that the merge is expected (so a forged one creates nothing). A
 * handle entry of another kind is refused as a violation (shared buffers and data pipes come later).
 *
 * <p>Stateless and thread-safe.
 *
 * @param codec how the system layer's messages become bytes and back
 */
public record EventTranslation(MessageCodec codec) {
    /** What the system layer provides: its messages as bytes and descriptors, and messages made from received ones. */
    public interface MessageCodec {
        /**
         * The payload bytes of {@code message}, a message written on this node: its own array, not a copy, which
         * nobody changes (the encoding gathers it into the frame instead of copying it).
         */
        byte[] payload(UserMessage message);

        /**
         * The handles {@code message} carries, in attachment order: each one's kind and header. A
         * {@link HandleKind#MESSAGE_PIPE} handle consumes the next of {@code message.ports()}, a
         * {@link HandleKind#PLATFORM_HANDLE} the next of {@link #takeFds}.
         */
        List<SerializedHandle> handles(UserMessage message);

        /**
         * Takes the descriptors {@code message} carries, in attachment order: the caller owns them from now on (the
         * message will not close them). Called once, as the message leaves the node.
         */
        List<Fd> takeFds(UserMessage message);

        /**
         * Checks the header another node sent for a handle of {@code kind}, before anything is made from it.
         *
         * @throws IllegalArgumentException naming the rule it breaks
         */
        void checkHandleExtra(HandleKind kind, byte[] extra);

        /**
         * A message of the system layer made from received payload bytes and its handles: {@code kinds} and
         * {@code extras} per handle in order, the ports of its message pipe handles and the descriptors of its
         * platform handles, each in order. Takes ownership of {@code fds}.
         */
        UserMessage message(byte[] payload, List<HandleKind> kinds, List<byte[]> extras, List<PortRef> ports,
                List<Fd> fds);
    }

    /** One handle as it leaves the node: its kind and its header (the extra bytes of its entry). */
    public record SerializedHandle(HandleKind kind, byte[] extra) {}

    /**
     * An event ready for a channel: its bytes, as {@code head} and then {@code payload}, and the descriptors that
     * travel beside them (a frame's fds; only a user message carrying platform handles has any). Whoever holds it
     * owns the descriptors.
     *
     * <p>A user message's encoding is gathered, not copied: {@code head} holds everything before its payload (a
     * multiple of 8 bytes), {@code payload} is the message's own payload array, not a copy, and the event is the
     * two followed by zeros to a multiple of 8 ({@link EventCodec#encodeUserMessageHead}); a channel copies both
     * straight into its frame, whose padding supplies the zeros. The payload array belongs to the message, which
     * never changes it, so it may be read until the event has been written. Any other event is all {@code head},
     * with an empty {@code payload}.
     */
    public record EncodedEvent(byte[] head, byte[] payload, List<Fd> fds) {
        private static final byte[] NONE = new byte[0];

        public EncodedEvent {
            fds = List.copyOf(fds);
        }

        /** An event whose bytes are all in {@code bytes}. */
        public EncodedEvent(byte[] bytes, List<Fd> fds) {
            this(bytes, NONE, fds);
        }

        /** The whole event in one new array, its padding included (for a transport that cannot gather). */
        public byte[] bytes() {
            return joined(head, payload);
        }

        /** {@code head}, then {@code payload}, then zeros to a multiple of 8: one event's bytes, in a new array. */
        public static byte[] joined(byte[] head, byte[] payload) {
            if (payload.length == 0) {
                return head;
            }
            byte[] bytes = new byte[Math.addExact(head.length, (payload.length + 7) & ~7)];
            System.arraycopy(head, 0, bytes, 0, head.length);
            System.arraycopy(payload, 0, bytes, head.length, payload.length);
            return bytes;
        }

        /** Closes the descriptors (for a holder that drops the event). */
        public void closeFds() {
            for (Fd fd : fds) {
                fd.close();
            }
        }
    }

    /** Makes the ports a received message carries (the ports layer's {@code acceptPortDescriptors}). */
    @FunctionalInterface
    public interface PortAcceptor {
        List<PortRef> accept(NodeName from, List<PortDescriptor> descriptors) throws ProtocolViolationException;
    }

    /**
     * The encoded form of {@code event}, an event of this node for a port on another node. A user message's
     * descriptors are taken from it into the result, which the caller then owns.
     */
    public EncodedEvent encode(Event event) {
        if (event instanceof UserMessageEvent m) {
            return encodeUserMessage(m);
        }
        PortsEvent wire = switch (event) {
            case UserMessageEvent m -> throw new AssertionError(m);
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
            case DeadPortEvent d -> new org.jmojo.internal.ports.wire.DeadPortEvent(d.target(), d.sender(), d.deadNode(),
                    d.deadPort());
        };
        return new EncodedEvent(EventCodec.encode(wire), List.of());
    }

    private EncodedEvent encodeUserMessage(UserMessageEvent m) {
        byte[] payloadBytes = codec.payload(m.message());
        MemorySegment payload = MemorySegment.ofArray(payloadBytes);
        List<SerializedHandle> handles = codec.handles(m.message());
        if (handles.isEmpty()) {
            return new EncodedEvent(EventCodec.encodeUserMessageHead(org.jmojo.internal.ports.wire.UserMessageEvent.of(
                    m.target(), m.sender(), m.controlSequence(), m.sequence(), payload)), payloadBytes, List.of());
        }
        int ports = m.message().ports().size();
        if (m.descriptors().size() != ports) {
            throw new IllegalStateException(m + " carries " + ports + " port(s) but " + m.descriptors().size()
                    + " descriptor(s): the ports layer converts every carried port before the message leaves");
        }
        List<HandleEntry> entries = new ArrayList<>(handles.size());
        int extraLength = 0;
        for (SerializedHandle h : handles) {
            extraLength += h.extra().length;
            entries.add(switch (h.kind()) {
                case MESSAGE_PIPE -> new HandleEntry(HandleKind.MESSAGE_PIPE, 0, 1, h.extra().length);
                case PLATFORM_HANDLE -> new HandleEntry(HandleKind.PLATFORM_HANDLE, 1, 0, h.extra().length);
                default -> throw new IllegalStateException(h.kind() + " handles are not built in this release");
            });
        }
        byte[] extra = new byte[extraLength];
        int at = 0;
        for (SerializedHandle h : handles) {
            System.arraycopy(h.extra(), 0, extra, at, h.extra().length);
            at += h.extra().length;
        }
        byte[] head = EventCodec.encodeUserMessageHead(new org.jmojo.internal.ports.wire.UserMessageEvent(m.target(),
                m.sender(), m.controlSequence(), m.sequence(), m.descriptors(), entries, MemorySegment.ofArray(extra),
                payload));
        // Taken last: nothing above can fail once the descriptors are out of the message.
        return new EncodedEvent(head, payloadBytes, codec.takeFds(m.message()));
    }

    /** {@link #decode(NodeName, NodeName, byte[], List, PortAcceptor)} of an event that came with no descriptors. */
    public Event decode(NodeName from, NodeName self, byte[] bytes, PortAcceptor acceptor)
            throws ProtocolViolationException {
        return decode(from, self, bytes, List.of(), acceptor);
    }

    /**
     * The event node {@code from} sent as {@code bytes}, with the descriptors {@code fds} that came beside it (a
     * frame's fds), for a port of node {@code self}. A user message's carried ports are made on this node by
     * {@code acceptor} (which sends port-accepted for each) once every other check passed.
     *
     * <p>Takes ownership of {@code fds}: they go into the decoded message, or are closed if the event is refused.
     * The handle entries must consume exactly {@code fds.size()} descriptors: checked from the counts alone, before
     * anything is allocated for them.
     *
     * @throws ProtocolViolationException naming {@code from} for bytes that do not decode, descriptors that do not
     *     match the entries ({@link Rejection.Category#FD_MISMATCH}), or an event or handle this release does not
     *     accept from another node
     */
    public Event decode(NodeName from, NodeName self, byte[] bytes, List<Fd> fds, PortAcceptor acceptor)
            throws ProtocolViolationException {
        return decode(from, self, MemorySegment.ofArray(bytes), fds, acceptor);
    }

    /**
     * {@link #decode(NodeName, NodeName, byte[], List, PortAcceptor)} of an event in {@code bytes}, which may be a
     * view of a channel's receive buffer: the event made copies everything it keeps (a message's payload and its
     * handles' headers), so {@code bytes} may change once this returns.
     */
    public Event decode(NodeName from, NodeName self, MemorySegment bytes, List<Fd> fds, PortAcceptor acceptor)
            throws ProtocolViolationException {
        boolean handedOver = false;
        try {
            Event event = decodeOwned(from, self, bytes, fds, acceptor);
            handedOver = true;
            return event;
        } finally {
            if (!handedOver) {
                for (Fd fd : fds) {
                    fd.close();
                }
            }
        }
    }

    private Event decodeOwned(NodeName from, NodeName self, MemorySegment bytes, List<Fd> fds, PortAcceptor acceptor)
            throws ProtocolViolationException {
        if (fds.size() > UserMessageFrames.MAX_FDS) {
            // A channel refuses such a frame itself; an in-memory transport relies on this check.
            throw new ProtocolViolationException(from, Rejection.Category.LIMIT, "an event came with " + fds.size()
                    + " fds; a frame carries at most " + UserMessageFrames.MAX_FDS);
        }
        PortsEvent wire;
        try {
            wire = EventCodec.decode(bytes, fds.size());
        } catch (EventDecodeException e) {
            throw new ProtocolViolationException(from, e.reason().category(), "undecodable event: " + e.getMessage());
        }
        return switch (wire) {
            case org.jmojo.internal.ports.wire.UserMessageEvent m -> decodeUserMessage(from, self, m, fds, acceptor);
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
            case org.jmojo.internal.ports.wire.DeadPortEvent d -> new DeadPortEvent(self, d.target(), d.sender(),
                    d.deadNode(), d.deadPort());
            default -> throw new ProtocolViolationException(from, wire.type() + " is not accepted from another node "
                    + "in this release");
        };
    }

    private UserMessageEvent decodeUserMessage(NodeName from, NodeName self, org.jmojo.internal.ports.wire.UserMessageEvent m,
            List<Fd> fds, PortAcceptor acceptor) throws ProtocolViolationException {
        int n = m.handles().size();
        List<HandleKind> kinds = new ArrayList<>(n);
        List<byte[]> extras = new ArrayList<>(n);
        long at = 0;
        for (int i = 0; i < n; i++) {
            HandleEntry h = m.handles().get(i);
            boolean pipe = h.kind() == HandleKind.MESSAGE_PIPE && h.portCount() == 1 && h.fdCount() == 0;
            boolean platform = h.kind() == HandleKind.PLATFORM_HANDLE && h.portCount() == 0 && h.fdCount() == 1;
            if (!pipe && !platform) {
                throw new ProtocolViolationException(from, m + ": handle " + i + " is " + h + "; only message pipe "
                        + "endpoints (one port, no fds) and platform handles (one fd, no port) cross nodes in this release");
            }
            byte[] extra = m.extra().asSlice(at, h.extraBytes()).toArray(ValueLayout.JAVA_BYTE);
            at += h.extraBytes();
            try {
                codec.checkHandleExtra(h.kind(), extra);
            } catch (IllegalArgumentException e) {
                throw new ProtocolViolationException(from, m + ": handle " + i + ": " + e.getMessage());
            }
            kinds.add(h.kind());
            extras.add(extra);
        }
        List<PortRef> ports = acceptor.accept(from, m.ports());
        // A copy: the message outlives the frame it came in (and the receive buffer the frame may be a view of).
        UserMessage message = codec.message(m.payload().toArray(ValueLayout.JAVA_BYTE), kinds, extras, ports, fds);
        return new UserMessageEvent(self, m.target(), m.sender(), m.sequence(), message, m.controlSequence());
    }

}

package org.jmojo.internal.ports.wire;

import java.lang.foreign.MemorySegment;
import org.jmojo.internal.ports.PortName;

/**
 * Turns a {@link PortsEvent} into the bytes of an event frame's payload and back (docs/ports-wire.md). Every event
 * size is a multiple of 8, so the encoding fills a frame payload exactly, with no padding after it.
 *
 * <p>Stateless and thread-safe. Decoding trusts nothing: it reads the header, checks the type, the zero fields
 * and the body's size against the type (for a user message, the declared counts against the bytes present) before
 * it allocates anything sized by the input, and refuses with an {@link EventDecodeException} naming a
 * {@link Rejection}; for any input, nothing else is thrown.
 */
public final class EventCodec {
    private EventCodec() {}

    /** The number of bytes {@code event} encodes to: the 48-byte header and its body. */
    public static long encodedSize(PortsEvent event) {
        long body = event instanceof UserMessageEvent m ? UserMessageLayout.bodySize(m) : event.type().bodySize();
        return EventHeaderLayout.SIZE + body;
    }

    /**
     * The number of bytes a user-message event with these counts and lengths encodes to (header and body),
     * without making one: for the size checks of layers that must not know the layout.
     */
    public static long userMessageSize(long ports, long handles, long extraLength, long payloadLength) {
        return EventHeaderLayout.SIZE + UserMessageLayout.bodySize(ports, handles, extraLength, payloadLength);
    }

    /**
     * Encodes {@code event} into a new array of exactly {@link #encodedSize} bytes.
     *
     * @throws IllegalArgumentException if the event is larger than an array can be
     */
    public static byte[] encode(PortsEvent event) {
        long size = encodedSize(event);
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(event.type() + " of " + size + " bytes does not fit an array; encode it into a segment");
        }
        byte[] bytes = new byte[(int) size];
        encode(event, MemorySegment.ofArray(bytes));
        return bytes;
    }

    /**
     * Encodes {@code event} into {@code destination}, which must be exactly {@link #encodedSize} bytes; every byte of
     * it is written, zero fields and padding included.
     *
     * @throws IllegalArgumentException if {@code destination} has another size
     */
    public static void encode(PortsEvent event, MemorySegment destination) {
        long size = encodedSize(event);
        if (destination.byteSize() != size) {
            throw new IllegalArgumentException(event.type() + " encodes to " + size + " bytes; the destination has "
                    + destination.byteSize());
        }
        EventHeaderLayout.write(destination, event);
        MemorySegment body = destination.asSlice(EventHeaderLayout.SIZE);
        switch (event) {
            case UserMessageEvent m -> UserMessageLayout.write(body, m);
            case PortAcceptedEvent a -> {}
            case ObserveProxyEvent o -> {
                WireFields.putNode(body, ObserveProxyLayout.PROXY_NODE, o.proxyNode());
                WireFields.putPort(body, ObserveProxyLayout.PROXY_PORT, o.proxyPort());
                WireFields.putNode(body, ObserveProxyLayout.PROXY_TARGET_NODE, o.proxyTargetNode());
                WireFields.putPort(body, ObserveProxyLayout.PROXY_TARGET_PORT, o.proxyTargetPort());
            }
            case ObserveProxyAckEvent a -> WireFields.putU64(body, SequenceBodyLayout.SEQUENCE, a.lastSequenceSent());
            case ObserveClosureEvent c -> {
                WireFields.putU64(body, ObserveClosureLayout.LAST_SEQUENCE_SENT, c.lastSequenceSent());
                WireFields.putU32(body, ObserveClosureLayout.REASON, c.reason().code());
                WireFields.putU32(body, ObserveClosureLayout.RESERVED, 0);
            }
            case MergePortEvent m -> PortDescriptorLayout.write(body, 0, m.descriptor());
            case ReadAckRequestEvent r -> WireFields.putU64(body, SequenceBodyLayout.SEQUENCE, r.sequenceToAcknowledge());
            case ReadAckEvent r -> WireFields.putU64(body, SequenceBodyLayout.SEQUENCE, r.highestSequenceRead());
            case UpdatePreviousPeerEvent u -> {
                WireFields.putNode(body, UpdatePreviousPeerLayout.NEW_NODE, u.newNode());
                WireFields.putPort(body, UpdatePreviousPeerLayout.NEW_PORT, u.newPort());
            }
            case DeadPortEvent d -> {
                WireFields.putNode(body, UpdatePreviousPeerLayout.NEW_NODE, d.deadNode());
                WireFields.putPort(body, UpdatePreviousPeerLayout.NEW_PORT, d.deadPort());
            }
        }
    }

    /**
     * The bytes of user message {@code m} before its payload: its header and every body field and area up to the
     * payload, a multiple of 8 bytes. The whole event is these bytes, then the payload, then zeros to a multiple of
     * 8, so a sender can gather the payload from where it lies instead of copying it into one array (a channel
     * frame's own zero padding supplies the last zeros).
     */
    public static byte[] encodeUserMessageHead(UserMessageEvent m) {
        long size = encodedSize(m) - WireFields.padded(m.payload().byteSize());
        byte[] bytes = new byte[Math.toIntExact(size)]; // handle headers past 2 GiB do not fit an array: refused
        MemorySegment destination = MemorySegment.ofArray(bytes);
        EventHeaderLayout.write(destination, m);
        UserMessageLayout.writeHead(destination.asSlice(EventHeaderLayout.SIZE), m);
        return bytes;
    }

    /**
     * Decodes the payload of an event frame. A user message's extra bytes and payload are read-only views of
     * {@code event}, not copies: the caller keeps that memory unchanged while the event is in use.
     *
     * @param event the frame's payload: exactly one event
     * @param fdCount the number of fds the frame carried (the handle entries must consume exactly these)
     * @throws EventDecodeException for bytes that break a rule, naming the {@link Rejection}
     * @throws IllegalArgumentException for a negative {@code fdCount} (a caller's bug, not the peer's)
     */
    public static PortsEvent decode(MemorySegment event, int fdCount) throws EventDecodeException {
        if (fdCount < 0) {
            throw new IllegalArgumentException("fdCount " + fdCount + " is negative");
        }
        if (event.byteSize() < EventHeaderLayout.SIZE) {
            throw new EventDecodeException(Rejection.TOO_SHORT, "event of " + event.byteSize() + " bytes, shorter than its "
                    + EventHeaderLayout.SIZE + "-byte header");
        }
        int code = WireFields.u16(event, EventHeaderLayout.TYPE);
        EventType type = EventType.ofCode(code);
        if (type == null) {
            throw new EventDecodeException(Rejection.UNKNOWN_TYPE, "event type " + code + " is not defined in version 1 (1..10)");
        }
        int flags = WireFields.u16(event, EventHeaderLayout.FLAGS);
        if (flags != 0) {
            throw new EventDecodeException(Rejection.NONZERO_FLAGS, type + " header flags 0x" + Integer.toHexString(flags)
                    + "; version 1 defines none");
        }
        if (WireFields.u32(event, EventHeaderLayout.RESERVED) != 0) {
            throw new EventDecodeException(Rejection.NONZERO_RESERVED, type + " header reserved bytes 4..7 not zero");
        }
        if (type != EventType.USER_MESSAGE && fdCount != 0) {
            throw new EventDecodeException(Rejection.UNEXPECTED_FDS, type + " came with " + fdCount
                    + " fd(s); only user messages carry fds");
        }
        MemorySegment body = event.asSlice(EventHeaderLayout.SIZE);
        if (type != EventType.USER_MESSAGE && body.byteSize() != type.bodySize()) {
            throw new EventDecodeException(Rejection.WRONG_SIZE, type + " body of " + body.byteSize() + " bytes; its size is "
                    + type.bodySize());
        }
        PortsEventHeader header = new PortsEventHeader(WireFields.port(event, EventHeaderLayout.TARGET),
                WireFields.port(event, EventHeaderLayout.SENDER), WireFields.u64(event, EventHeaderLayout.CONTROL_SEQUENCE));
        try {
            return decodeBody(type, header, body, fdCount);
        } catch (InvalidValue invalid) {
            throw new EventDecodeException(invalid.rejection(), type + ": " + invalid.getMessage());
        }
    }

    private static PortsEvent decodeBody(EventType type, PortsEventHeader h, MemorySegment body, int fdCount)
            throws EventDecodeException {
        PortName target = h.target();
        PortName sender = h.sender();
        long cs = h.controlSequence();
        return switch (type) {
            case USER_MESSAGE -> UserMessageLayout.read(body, h, fdCount);
            case PORT_ACCEPTED -> {
                Invariants.controlSequence(type, cs);
                yield new PortAcceptedEvent(target, sender);
            }
            case OBSERVE_PROXY -> new ObserveProxyEvent(target, sender, cs,
                    WireFields.node(body, ObserveProxyLayout.PROXY_NODE), WireFields.port(body, ObserveProxyLayout.PROXY_PORT),
                    WireFields.node(body, ObserveProxyLayout.PROXY_TARGET_NODE),
                    WireFields.port(body, ObserveProxyLayout.PROXY_TARGET_PORT));
            case OBSERVE_PROXY_ACK -> new ObserveProxyAckEvent(target, sender, cs, sequence(body));
            case OBSERVE_CLOSURE -> {
                long code = WireFields.u32(body, ObserveClosureLayout.REASON);
                ClosureReason reason = ClosureReason.ofCode(code);
                if (reason == null) {
                    throw new EventDecodeException(Rejection.UNKNOWN_CLOSURE_REASON, type + " reason " + code + "; reasons are 0..3");
                }
                if (WireFields.u32(body, ObserveClosureLayout.RESERVED) != 0) {
                    throw new EventDecodeException(Rejection.NONZERO_RESERVED, type + " body bytes 12..15 not zero");
                }
                yield new ObserveClosureEvent(target, sender, cs, WireFields.u64(body, ObserveClosureLayout.LAST_SEQUENCE_SENT), reason);
            }
            case MERGE_PORT -> {
                Invariants.controlSequence(type, cs);
                yield new MergePortEvent(target, sender, PortDescriptorLayout.read(body, 0));
            }
            case READ_ACK_REQUEST -> new ReadAckRequestEvent(target, sender, cs, sequence(body));
            case READ_ACK -> new ReadAckEvent(target, sender, cs, sequence(body));
            case UPDATE_PREVIOUS_PEER -> new UpdatePreviousPeerEvent(target, sender, cs,
                    WireFields.node(body, UpdatePreviousPeerLayout.NEW_NODE), WireFields.port(body, UpdatePreviousPeerLayout.NEW_PORT));
            case DEAD_PORT -> {
                Invariants.controlSequence(type, cs);
                yield new DeadPortEvent(target, sender, WireFields.node(body, UpdatePreviousPeerLayout.NEW_NODE),
                        WireFields.port(body, UpdatePreviousPeerLayout.NEW_PORT));
            }
        };
    }

    private static long sequence(MemorySegment body) {
        return WireFields.u64(body, SequenceBodyLayout.SEQUENCE);
    }

    /** The header fields every event value takes, as read (not yet checked: the value's constructor checks them). */
    record PortsEventHeader(PortName target, PortName sender, long controlSequence) {}
}

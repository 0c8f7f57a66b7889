package org.jmojo.internal.channel;

import static org.jmojo.internal.channel.PeerRole.BROKER;
import static org.jmojo.internal.channel.PeerRole.BROKER_CLIENT;
import static org.jmojo.internal.channel.PeerRole.INTRODUCED_PEER;
import static org.jmojo.internal.channel.PeerRole.INVITEE;
import static org.jmojo.internal.channel.PeerRole.INVITER;
import static org.jmojo.internal.channel.PeerRole.LINK_CONNECTOR;
import static org.jmojo.internal.channel.PeerRole.LINK_SERVER;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The frame types of channel version 1 (DESIGN.md §4's frame table): code, payload size, descriptor
 * count and the roles that may send each. Payload sizes are exact (a fixed-size frame's length must be
 * its header plus its padded payload), except for {@link #EVENT} (any size up to the frame limit,
 * checked by the ports layer's decoder) and {@link #REQUEST_PORT_MERGE} (a name of at most 256 bytes).
 *
 * <p>Checks run in two steps, both before anything is allocated from the claim being checked:
 * {@link #checkHeader} on the 16 header bytes, {@link #checkPayload} once the payload is complete.
 */
public enum FrameType {
    HELLO(1, Hello.SIZE, 0, 0, EnumSet.of(INVITEE, BROKER_CLIENT, BROKER, INTRODUCED_PEER, LINK_CONNECTOR)),
    HELLO_ACK(2, HelloAck.SIZE, 0, 1, EnumSet.of(INVITER, LINK_SERVER)),
    EVENT(3, Layout.VARIABLE, 0, Integer.MAX_VALUE, EnumSet.allOf(PeerRole.class)),
    /** node (16): the node the client wants to reach. */
    REQUEST_INTRODUCTION(4, 16, 0, 0, EnumSet.of(BROKER_CLIENT)),
    /** node (16), u32 status (0 ok + 1 fd, 1 unknown, 2 already introduced), u32 0. */
    INTRODUCE(5, 24, 0, 1, EnumSet.of(BROKER)),
    /** node (16): a client acting as inviter registers its invitee. */
    ADD_CLIENT(6, 16, 0, 0, EnumSet.of(BROKER_CLIENT)),
    /** node (16), u32 status (0 ok + 1 fd, 3 name in use), u32 0. */
    CLIENT_ADDED(7, 24, 0, 1, EnumSet.of(BROKER)),
    /** port (16), u16 name length ≤ 256, 6 bytes 0, UTF-8 name, zero padding. */
    REQUEST_PORT_MERGE(8, Layout.VARIABLE, 0, 0, EnumSet.of(INVITEE, LINK_CONNECTOR)),
    /** port (16). */
    MERGE_FAILED(9, 16, 0, 0, EnumSet.of(INVITER, LINK_SERVER)),
    /** node (16), port (16). Relayed by the broker; a link end sends its own. */
    DEAD_PROXY(10, 32, 0, 0, EnumSet.of(BROKER_CLIENT, BROKER, LINK_CONNECTOR, LINK_SERVER)),
    /** Empty: the last frame on a channel. */
    GOODBYE(11, 0, 0, 0, EnumSet.allOf(PeerRole.class)),
    /**
     * node (16), then one dead-port event (ports event type 10, 80 bytes): jmojo's relay of its port-to-port
     * dead-port notice through the broker, for a node the sender has no channel to (docs/processes.md). From a
     * client the node is the event's destination; from the broker, the client the event came from.
     */
    RELAY_DEAD_PORT(12, 16 + 80, 0, 0, EnumSet.of(BROKER_CLIENT, BROKER));

    /** The node field of a {@link #RELAY_DEAD_PORT} payload. */
    public static final int RELAY_NODE_SIZE = 16;
    /** The event of a {@link #RELAY_DEAD_PORT} payload: a dead-port event's 48-byte header and 32-byte body. */
    public static final int RELAYED_EVENT_SIZE = 80;
    /** The ports event type a {@link #RELAY_DEAD_PORT} frame may carry (docs/ports-wire.md: dead port). */
    public static final int RELAYED_EVENT_TYPE = 10;

    /** Holds the marker for variable-size payloads (enum constants cannot name the enum's own statics). */
    private static final class Layout {
        static final int VARIABLE = -1;
    }

    /** Largest name in a request-port-merge (DESIGN.md §4 limit table). */
    public static final int MAX_MERGE_NAME = 256;
    static final int MERGE_NAME_OFFSET = 24;

    private static final FrameType[] BY_CODE = new FrameType[13];

    static {
        for (FrameType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;
    private final int payloadSize;
    private final int minFds;
    private final int maxFds;
    private final Set<PeerRole> legalSenders;

    FrameType(int code, int payloadSize, int minFds, int maxFds, EnumSet<PeerRole> legalSenders) {
        this.code = code;
        this.payloadSize = payloadSize;
        this.minFds = minFds;
        this.maxFds = maxFds;
        this.legalSenders = Collections.unmodifiableSet(legalSenders);
    }

    /** The type's number on the wire. */
    public int code() {
        return code;
    }

    /** The roles that may send this type. */
    public Set<PeerRole> legalSenders() {
        return legalSenders;
    }

    /** Whether this is one of the two handshake frames, legal only as a channel's first frame. */
    public boolean isHandshake() {
        return this == HELLO || this == HELLO_ACK;
    }

    /** The type with wire number {@code code} in version {@code version}, or {@code null} if there is none. */
    public static FrameType of(int code, int version) {
        // Version 1 is the only version; a later one extends the table here.
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** Whether a peer holding any of {@code roles} may send this type. */
    public boolean isLegalFrom(Set<PeerRole> roles) {
        for (PeerRole role : roles) {
            if (legalSenders.contains(role)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Checks the payload length and fd count a header declares for this type (limits of the frame as
     * a whole are checked before, by the decoder).
     *
     * @throws ProtocolViolation MALFORMED for a payload length this type cannot have, FD_MISMATCH for an
     *     fd count outside the type's range
     */
    void checkHeader(long payloadLength, int fdCount) throws ProtocolViolation {
        if (payloadSize != Layout.VARIABLE) {
            if (payloadLength != FrameHeader.padded(payloadSize)) {
                throw new ProtocolViolation(CloseReason.MALFORMED, this + " frame with a " + payloadLength
                        + "-byte payload; its size is " + payloadSize);
            }
        } else if (this == REQUEST_PORT_MERGE) {
            long max = FrameHeader.padded(MERGE_NAME_OFFSET + MAX_MERGE_NAME);
            if (payloadLength < MERGE_NAME_OFFSET || payloadLength > max) {
                throw new ProtocolViolation(CloseReason.MALFORMED, this + " frame with a " + payloadLength
                        + "-byte payload; it must be " + MERGE_NAME_OFFSET + ".." + max);
            }
        }
        if (fdCount < minFds || fdCount > maxFds) {
            throw new ProtocolViolation(CloseReason.FD_MISMATCH, this + " frame declaring " + fdCount + " fd(s); it carries "
                    + (minFds == maxFds ? String.valueOf(minFds) : minFds + ".." + maxFds));
        }
    }

    /**
     * Checks a complete payload (padding included) against this type's layout: zero fields, status
     * values, the fd count each status implies, the merge name. Hello and hello-ack are checked by
     * {@link Hello#decode} and {@link HelloAck#decode}; events by the ports layer.
     *
     * @throws ProtocolViolation MALFORMED, LIMIT or FD_MISMATCH naming the field and value
     */
    void checkPayload(MemorySegment payload, int fdCount) throws ProtocolViolation {
        switch (this) {
            case INTRODUCE -> checkStatus(payload, fdCount, 0b110); // 1 unknown, 2 already introduced
            case CLIENT_ADDED -> checkStatus(payload, fdCount, 0b1000);
            case REQUEST_PORT_MERGE -> checkMergeName(payload);
            case RELAY_DEAD_PORT -> {
                int eventType = Wire.u16(payload, RELAY_NODE_SIZE);
                if (eventType != RELAYED_EVENT_TYPE) {
                    throw new ProtocolViolation(CloseReason.MALFORMED, this + " carries a ports event of type " + eventType
                            + "; only dead-port notices (" + RELAYED_EVENT_TYPE + ") are relayed");
                }
            }
            default -> {}
        }
    }

    /**
     * The node (16), u32 status, u32 0 layout: status 0 comes with exactly one fd; the statuses in
     * {@code otherStatuses} (a bit mask, bit n = status n) with none.
     */
    private void checkStatus(MemorySegment payload, int fdCount, int otherStatuses) throws ProtocolViolation {
        long status = Wire.u32(payload, 16);
        if (Wire.u32(payload, 20) != 0) {
            throw new ProtocolViolation(CloseReason.MALFORMED, this + " bytes 20..23 not zero");
        }
        boolean known = status == 0 || (status < 32 && (otherStatuses & (1 << status)) != 0);
        if (!known) {
            throw new ProtocolViolation(CloseReason.MALFORMED, this + " status " + status + " unknown");
        }
        int expected = status == 0 ? 1 : 0;
        if (fdCount != expected) {
            throw new ProtocolViolation(CloseReason.FD_MISMATCH, this + " with status " + status + " carries " + fdCount
                    + " fd(s); it must carry " + expected);
        }
    }

    private void checkMergeName(MemorySegment payload) throws ProtocolViolation {
        int nameLength = Wire.u16(payload, 16);
        if (nameLength > MAX_MERGE_NAME) {
            throw new ProtocolViolation(CloseReason.LIMIT, this + " name length " + nameLength + " > " + MAX_MERGE_NAME);
        }
        if (!Wire.zero(payload, 18, MERGE_NAME_OFFSET)) {
            throw new ProtocolViolation(CloseReason.MALFORMED, this + " bytes 18..23 not zero");
        }
        long expected = FrameHeader.padded(MERGE_NAME_OFFSET + nameLength);
        if (payload.byteSize() != expected) {
            throw new ProtocolViolation(CloseReason.MALFORMED, this + " payload of " + payload.byteSize()
                    + " bytes for a " + nameLength + "-byte name; it must be " + expected);
        }
        if (!Wire.zero(payload, MERGE_NAME_OFFSET + nameLength, expected)) {
            throw new ProtocolViolation(CloseReason.MALFORMED, this + " padding after the name not zero");
        }
        ByteBuffer name = payload.asSlice(MERGE_NAME_OFFSET, nameLength).asByteBuffer();
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(name);
        } catch (CharacterCodingException e) {
            throw new ProtocolViolation(CloseReason.MALFORMED, this + " name is not valid UTF-8");
        }
    }
}

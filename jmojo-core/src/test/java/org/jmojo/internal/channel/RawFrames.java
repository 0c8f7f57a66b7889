package org.jmojo.internal.channel;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds raw frame bytes as a hostile or a well-behaved peer would put them on the wire. */
public final class RawFrames {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    public static byte[] header(long length, int type, int flags, int fdCount, long reserved) {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt((int) length).putShort((short) type).putShort((short) flags).putShort((short) fdCount);
        b.put((byte) reserved).put((byte) (reserved >>> 8)).putInt((int) (reserved >>> 16));
        return b.array();
    }

    /** A well-formed frame of {@code type} around {@code payload} (padded), declaring {@code fdCount} fds. */
    public static byte[] frame(FrameType type, byte[] payload, int fdCount) {
        return frame(type.code(), payload, fdCount);
    }

    public static byte[] frame(int type, byte[] payload, int fdCount) {
        long length = FrameHeader.frameLength(payload.length);
        byte[] out = new byte[(int) length];
        System.arraycopy(header(length, type, 0, fdCount, 0), 0, out, 0, 16);
        System.arraycopy(payload, 0, out, 16, payload.length);
        return out;
    }

    public static byte[] hello(PeerRole role) {
        return frame(FrameType.HELLO, new Hello(1, 1, role, 0, new Id128(1, 2), Id128.NONE, Id128.NONE).encode().toArray(
                java.lang.foreign.ValueLayout.JAVA_BYTE), 0);
    }

    public static byte[] helloAck(HelloAck.Status status, int version) {
        return frame(FrameType.HELLO_ACK, new HelloAck(version, status, 0, new Id128(3, 4), Id128.NONE).encode()
                .toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), 0);
    }

    /** The handshake frame a peer holding {@code role} sends first. */
    public static byte[] handshakeFrom(PeerRole role) {
        return role.helloCode() != 0 ? hello(role) : helloAck(HelloAck.Status.OK, 1);
    }

    /** The frame types none of {@code roles} may send, from the frame table ({@link FrameType#legalSenders()}). */
    public static java.util.List<FrameType> forbiddenFrom(java.util.Set<PeerRole> roles) {
        java.util.List<FrameType> forbidden = new java.util.ArrayList<>();
        for (FrameType type : FrameType.values()) {
            if (!type.isLegalFrom(roles)) {
                forbidden.add(type);
            }
        }
        return forbidden;
    }

    /** A payload of the exact size {@code type} has (for variable types: a plausible one), zero except status/name. */
    public static byte[] validPayload(FrameType type) {
        return switch (type) {
            case HELLO -> new Hello(1, 1, PeerRole.INVITEE, 0, new Id128(1, 2), Id128.NONE, Id128.NONE).encode()
                    .toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            case HELLO_ACK -> new byte[HelloAck.SIZE];
            case EVENT -> new byte[48];
            case REQUEST_INTRODUCTION, ADD_CLIENT, MERGE_FAILED -> new byte[16];
            case INTRODUCE -> statusPayload(1);
            case CLIENT_ADDED -> statusPayload(3);
            case REQUEST_PORT_MERGE -> mergePayload("pipe");
            case DEAD_PROXY -> new byte[32];
            case GOODBYE -> new byte[0];
            case RELAY_DEAD_PORT -> relayPayload();
        };
    }

    /** A relay frame's payload: a node, then a dead-port event's bytes (only its type is checked by the channel). */
    static byte[] relayPayload() {
        byte[] p = new byte[FrameType.RELAY_NODE_SIZE + FrameType.RELAYED_EVENT_SIZE];
        ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).putShort(FrameType.RELAY_NODE_SIZE, (short) FrameType.RELAYED_EVENT_TYPE);
        return p;
    }

    public static byte[] statusPayload(int status) {
        byte[] p = new byte[24];
        ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).putInt(16, status);
        return p;
    }

    public static byte[] mergePayload(String name) {
        byte[] n = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] p = new byte[(int) FrameHeader.padded(24 + n.length)];
        ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).putShort(16, (short) n.length);
        System.arraycopy(n, 0, p, 24, n.length);
        return p;
    }

    RawFrames add(byte[] part) {
        bytes.writeBytes(part);
        return this;
    }

    byte[] toArray() {
        return bytes.toByteArray();
    }

    static MemorySegment segment(byte[] data) {
        return MemorySegment.ofArray(data);
    }

    private RawFrames() {}

    static RawFrames stream() {
        return new RawFrames();
    }
}

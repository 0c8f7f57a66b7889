package org.jmojo.internal.channel;

import java.lang.foreign.MemorySegment;

/**
 * The payload of a hello-ack frame (type 2, 48 bytes), the accepting side's answer to hello on an
 * invitation or a named endpoint (DESIGN.md §4). With status OK it may carry one fd: the invitee's
 * channel to the broker, when the inviter is not the broker.
 *
 * <pre>
 *  0          2         4        8                16             32             48
 *  +----------+---------+--------+----------------+--------------+--------------+
 *  | chosen   | status  | u32 0  | capabilities   | node name    | broker name  |
 *  | version  | u16     |        | u64            | 128 bits     | 128 bits     |
 *  +----------+---------+--------+----------------+--------------+--------------+
 * </pre>
 */
public record HelloAck(int version, Status status, long capabilities, Id128 node, Id128 broker) {
    public static final int SIZE = 48;
    static final long VERSION = 0;
    static final long STATUS = 2;
    static final long ZERO = 4;
    static final long CAPABILITIES = 8;
    static final long NODE = 16;
    static final long BROKER = 32;

    /** The accepting side's answer. */
    public enum Status {
        OK(0),
        REFUSED(1),
        NO_COMMON_VERSION(2),
        NAME_IN_USE(3);

        final int code;

        Status(int code) {
            this.code = code;
        }

        static Status of(int code) {
            for (Status s : values()) {
                if (s.code == code) {
                    return s;
                }
            }
            return null;
        }
    }

    public MemorySegment encode() {
        MemorySegment s = MemorySegment.ofArray(new byte[SIZE]);
        s.set(Wire.U16, VERSION, (short) version);
        s.set(Wire.U16, STATUS, (short) status.code);
        s.set(Wire.U64, CAPABILITIES, capabilities);
        node.write(s, NODE);
        broker.write(s, BROKER);
        return s;
    }

    /**
     * Parses a hello-ack payload and checks it against the fds that came with it and our versions.
     *
     * @throws ProtocolViolation MALFORMED for a wrong size, non-zero padding, an unknown status, or an
     *     OK answer choosing a version outside {@link Versions#MIN}..{@link Versions#MAX};
     *     FD_MISMATCH for an fd with a status other than OK
     */
    public static HelloAck decode(MemorySegment payload, int fdCount) throws ProtocolViolation {
        if (payload.byteSize() != SIZE) {
            throw new ProtocolViolation(CloseReason.MALFORMED, "hello-ack payload of " + payload.byteSize() + " bytes, not " + SIZE);
        }
        Status status = Status.of(Wire.u16(payload, STATUS));
        if (status == null) {
            throw new ProtocolViolation(CloseReason.MALFORMED, "hello-ack status " + Wire.u16(payload, STATUS) + " outside 0..3");
        }
        if (!Wire.zero(payload, ZERO, CAPABILITIES)) {
            throw new ProtocolViolation(CloseReason.MALFORMED, "hello-ack bytes 4..7 not zero");
        }
        int version = Wire.u16(payload, VERSION);
        if (status == Status.OK && (version < Versions.MIN || version > Versions.MAX)) {
            throw new ProtocolViolation(CloseReason.MALFORMED, "hello-ack chose version " + version + ", which we never offered ("
                    + Versions.MIN + ".." + Versions.MAX + ")");
        }
        if (status != Status.OK && fdCount != 0) {
            throw new ProtocolViolation(CloseReason.FD_MISMATCH, "hello-ack with status " + status + " carries " + fdCount + " fd(s)");
        }
        return new HelloAck(version, status, payload.get(Wire.U64, CAPABILITIES), Id128.read(payload, NODE),
                Id128.read(payload, BROKER));
    }
}

package org.jmojo.internal.channel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The payload of a hello frame (type 1, 64 bytes, no fds): the first frame the connecting side sends,
 * and both sides of a socket made by the broker (DESIGN.md §4).
 *
 * <pre>
 *  0         2         4      5          8                16             32             48        64
 *  +---------+---------+------+----------+----------------+--------------+--------------+---------+
 *  | min ver | max ver | role | 3 bytes 0| capabilities   | node name    | broker name  | token   |
 *  | u16     | u16     | u8   |          | u64            | 128 bits     | 128 bits, or | 128 bits|
 *  |         |         |      |          |                |              | 0 if none    | or 0    |
 *  +---------+---------+------+----------+----------------+--------------+--------------+---------+
 * </pre>
 *
 * Capabilities are 0 in version 1 and ignored when received (a later version may set bits that only
 * matter once both sides offer it).
 */
public record Hello(int minVersion, int maxVersion, PeerRole role, long capabilities, Id128 node, Id128 broker,
        Id128 token) {
    public static final int SIZE = 64;
    static final long MIN_VERSION = 0;
    static final long MAX_VERSION = 2;
    static final long ROLE = 4;
    static final long ZERO = 5;
    static final long CAPABILITIES = 8;
    static final long NODE = 16;
    static final long BROKER = 32;
    static final long TOKEN = 48;

    /**
     * @throws IllegalArgumentException if a version is outside 1..65535, {@code min > max}, or the role
     *     never sends hello
     */
    public Hello {
        checkVersions(minVersion, maxVersion);
        if (role.helloCode() == 0) {
            throw new IllegalArgumentException("role " + role + " never sends hello");
        }
    }

    private static void checkVersions(int min, int max) {
        if (min < 1 || max > 0xFFFF || min > max) {
            throw new IllegalArgumentException("hello versions must satisfy 1 <= min <= max <= 65535: " + min + ".." + max);
        }
    }

    /** The 64 payload bytes. */
    public MemorySegment encode() {
        MemorySegment s = MemorySegment.ofArray(new byte[SIZE]);
        s.set(Wire.U16, MIN_VERSION, (short) minVersion);
        s.set(Wire.U16, MAX_VERSION, (short) maxVersion);
        s.set(ValueLayout.JAVA_BYTE, ROLE, (byte) role.helloCode());
        s.set(Wire.U64, CAPABILITIES, capabilities);
        node.write(s, NODE);
        broker.write(s, BROKER);
        token.write(s, TOKEN);
        return s;
    }

    /**
     * Parses a hello payload.
     *
     * @throws ProtocolViolation MALFORMED for a wrong size, non-zero padding, a role byte outside 1..5,
     *     or versions outside {@code 1 <= min <= max}
     */
    public static Hello decode(MemorySegment payload) throws ProtocolViolation {
        if (payload.byteSize() != SIZE) {
            throw new ProtocolViolation(CloseReason.MALFORMED, "hello payload of " + payload.byteSize() + " bytes, not " + SIZE);
        }
        int min = Wire.u16(payload, MIN_VERSION);
        int max = Wire.u16(payload, MAX_VERSION);
        if (min < 1 || min > max) {
            throw new ProtocolViolation(CloseReason.MALFORMED, "hello versions " + min + ".." + max + " (need 1 <= min <= max)");
        }
        PeerRole role = PeerRole.ofHelloCode(Wire.u8(payload, ROLE));
        if (role == null) {
            throw new ProtocolViolation(CloseReason.MALFORMED, "hello role byte " + Wire.u8(payload, ROLE) + " outside 1..5");
        }
        if (!Wire.zero(payload, ZERO, CAPABILITIES)) {
            throw new ProtocolViolation(CloseReason.MALFORMED, "hello bytes 5..7 not zero");
        }
        return new Hello(min, max, role, payload.get(Wire.U64, CAPABILITIES), Id128.read(payload, NODE),
                Id128.read(payload, BROKER), Id128.read(payload, TOKEN));
    }
}

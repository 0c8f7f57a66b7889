package org.jmojo.internal.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/**
 * {@link Hello} and {@link HelloAck} payloads on their own: every field where DESIGN.md §4 puts it (little endian),
 * a round trip of every field, and each rule of their decoding and construction at its edge, with the close reason
 * and the message naming the value.
 */
class HandshakePayloadsTest {
    private static final Id128 NODE = new Id128(0x1111_2222_3333_4444L, 0x5555_6666_7777_8888L);
    private static final Id128 BROKER = new Id128(9, 10);
    private static final Id128 TOKEN = new Id128(11, 12);

    private static MemorySegment helloBytes() {
        return new Hello(2, 0x1234, PeerRole.LINK_CONNECTOR, 0x0102030405060708L, NODE, BROKER, TOKEN).encode();
    }

    private static CloseReason violation(ThrowingDecode decode, String... inMessage) {
        try {
            decode.run();
        } catch (ProtocolViolation v) {
            assertThat(v.getMessage()).contains(inMessage);
            return v.reason();
        }
        throw new AssertionError("decoded");
    }

    private interface ThrowingDecode {
        void run() throws ProtocolViolation;
    }

    @Test
    void hello_encodesEveryFieldInPlace_andDecodesToTheSameValue() throws Exception {
        MemorySegment s = helloBytes();
        byte[] b = s.toArray(ValueLayout.JAVA_BYTE);
        assertThat(b).hasSize(Hello.SIZE);
        assertThat(b[0]).isEqualTo((byte) 2);
        assertThat(b[1]).isZero();
        assertThat(b[2]).isEqualTo((byte) 0x34);
        assertThat(b[3]).isEqualTo((byte) 0x12);
        assertThat(b[4]).isEqualTo((byte) 5);
        assertThat(b[8]).isEqualTo((byte) 8);
        assertThat(b[15]).isEqualTo((byte) 1);
        assertThat(Id128.read(s, 16)).isEqualTo(NODE);
        assertThat(Id128.read(s, 32)).isEqualTo(BROKER);
        assertThat(Id128.read(s, 48)).isEqualTo(TOKEN);
        assertThat(Hello.decode(s))
                .isEqualTo(new Hello(2, 0x1234, PeerRole.LINK_CONNECTOR, 0x0102030405060708L, NODE, BROKER, TOKEN));
        assertThat(Hello.decode(new Hello(65535, 65535, PeerRole.INVITEE, 0, NODE, Id128.NONE, Id128.NONE).encode()).maxVersion())
                .isEqualTo(65535);
    }

    @Test
    void hello_construction_versionsAndRoleChecked() {
        new Hello(1, 1, PeerRole.INVITEE, 0, NODE, Id128.NONE, Id128.NONE);
        new Hello(1, 65535, PeerRole.BROKER, 0, NODE, Id128.NONE, Id128.NONE);
        for (int[] bad : new int[][] {{0, 1}, {1, 65536}, {3, 2}}) {
            assertThatThrownBy(() -> new Hello(bad[0], bad[1], PeerRole.INVITEE, 0, NODE, Id128.NONE, Id128.NONE))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("hello versions must satisfy 1 <= min <= max <= 65535: " + bad[0] + ".." + bad[1]);
        }
        for (PeerRole answering : new PeerRole[] {PeerRole.INVITER, PeerRole.LINK_SERVER}) {
            assertThatThrownBy(() -> new Hello(1, 1, answering, 0, NODE, Id128.NONE, Id128.NONE))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("role " + answering + " never sends hello");
        }
    }

    @Test
    void hello_decode_eachRuleAtItsEdge_malformed() throws Exception {
        assertThat(violation(() -> Hello.decode(MemorySegment.ofArray(new byte[63])), "hello payload of 63 bytes, not 64"))
                .isEqualTo(CloseReason.MALFORMED);
        assertThat(violation(() -> Hello.decode(MemorySegment.ofArray(new byte[65])), "65 bytes"))
                .isEqualTo(CloseReason.MALFORMED);
        MemorySegment s = helloBytes();
        s.set(Wire.U16, Hello.MIN_VERSION, (short) 0);
        assertThat(violation(() -> Hello.decode(s), "hello versions 0..4660 (need 1 <= min <= max)")).isEqualTo(CloseReason.MALFORMED);
        s.set(Wire.U16, Hello.MIN_VERSION, (short) 0x1235);
        assertThat(violation(() -> Hello.decode(s), "hello versions 4661..4660")).isEqualTo(CloseReason.MALFORMED);
        s.set(Wire.U16, Hello.MIN_VERSION, (short) 0x1234); // min == max is fine
        assertThat(Hello.decode(s).minVersion()).isEqualTo(0x1234);
        for (int role : new int[] {0, 6, 255}) {
            s.set(ValueLayout.JAVA_BYTE, Hello.ROLE, (byte) role);
            assertThat(violation(() -> Hello.decode(s), "hello role byte " + role + " outside 1..5")).isEqualTo(CloseReason.MALFORMED);
        }
        s.set(ValueLayout.JAVA_BYTE, Hello.ROLE, (byte) 1);
        for (long at = Hello.ZERO; at < Hello.CAPABILITIES; at++) {
            MemorySegment dirty = MemorySegment.ofArray(s.toArray(ValueLayout.JAVA_BYTE));
            dirty.set(ValueLayout.JAVA_BYTE, at, (byte) 0x80);
            assertThat(violation(() -> Hello.decode(dirty), "hello bytes 5..7 not zero")).isEqualTo(CloseReason.MALFORMED);
        }
        assertThat(Hello.decode(s).role()).isEqualTo(PeerRole.INVITEE);
    }

    @Test
    void helloAck_encodesEveryFieldInPlace_andDecodesToTheSameValue() throws Exception {
        HelloAck ack = new HelloAck(1, HelloAck.Status.NAME_IN_USE, -2L, NODE, BROKER);
        MemorySegment s = ack.encode();
        byte[] b = s.toArray(ValueLayout.JAVA_BYTE);
        assertThat(b).hasSize(HelloAck.SIZE);
        assertThat(b[0]).isEqualTo((byte) 1);
        assertThat(b[2]).isEqualTo((byte) 3);
        assertThat(b[3]).isZero();
        assertThat(s.get(Wire.U64, HelloAck.CAPABILITIES)).isEqualTo(-2L);
        assertThat(Id128.read(s, 16)).isEqualTo(NODE);
        assertThat(Id128.read(s, 32)).isEqualTo(BROKER);
        assertThat(HelloAck.decode(s, 0)).isEqualTo(ack);
        for (HelloAck.Status status : HelloAck.Status.values()) {
            assertThat(HelloAck.decode(new HelloAck(1, status, 0, NODE, Id128.NONE).encode(), 0).status()).isEqualTo(status);
        }
    }

    @Test
    void helloAck_decode_eachRuleAtItsEdge() throws Exception {
        assertThat(violation(() -> HelloAck.decode(MemorySegment.ofArray(new byte[47]), 0), "hello-ack payload of 47 bytes, not 48"))
                .isEqualTo(CloseReason.MALFORMED);
        MemorySegment unknown = new HelloAck(1, HelloAck.Status.OK, 0, NODE, BROKER).encode();
        unknown.set(Wire.U16, HelloAck.STATUS, (short) 4);
        assertThat(violation(() -> HelloAck.decode(unknown, 0), "hello-ack status 4 outside 0..3")).isEqualTo(CloseReason.MALFORMED);
        for (long at = HelloAck.ZERO; at < HelloAck.CAPABILITIES; at++) {
            MemorySegment dirty = new HelloAck(1, HelloAck.Status.OK, 0, NODE, BROKER).encode();
            dirty.set(ValueLayout.JAVA_BYTE, at, (byte) 1);
            assertThat(violation(() -> HelloAck.decode(dirty, 0), "hello-ack bytes 4..7 not zero")).isEqualTo(CloseReason.MALFORMED);
        }
        for (int version : new int[] {Versions.MIN - 1, Versions.MAX + 1}) {
            MemorySegment chosen = new HelloAck(version, HelloAck.Status.OK, 0, NODE, BROKER).encode();
            assertThat(violation(() -> HelloAck.decode(chosen, 0),
                    "hello-ack chose version " + version + ", which we never offered (1..1)")).isEqualTo(CloseReason.MALFORMED);
        }
        // A refusal names no version; only an OK may carry an fd.
        assertThat(HelloAck.decode(new HelloAck(0, HelloAck.Status.NO_COMMON_VERSION, 0, NODE, BROKER).encode(), 0).version()).isZero();
        assertThat(HelloAck.decode(new HelloAck(1, HelloAck.Status.OK, 0, NODE, BROKER).encode(), 1).status()).isEqualTo(HelloAck.Status.OK);
        assertThat(violation(() -> HelloAck.decode(new HelloAck(1, HelloAck.Status.REFUSED, 0, NODE, BROKER).encode(), 1),
                "hello-ack with status REFUSED carries 1 fd(s)")).isEqualTo(CloseReason.FD_MISMATCH);
    }
}

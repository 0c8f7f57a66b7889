package org.jmojo.internal.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/**
 * The channel layer's small value types at their bounds: {@link ChannelLimits}' checks, {@link Versions}' rule,
 * {@link PeerRole}'s hello codes, which {@link CloseReason}s are violations, {@link Id128}'s byte order and text, and
 * {@link ProtocolViolation}'s refusal of an ordinary reason.
 */
class ChannelValuesTest {
    @Test
    void channelLimits_eachBoundAcceptedAtItsEdge_refusedJustPastIt_namingTheValue() {
        new ChannelLimits(FrameHeader.SIZE, 0, 0, 0);
        new ChannelLimits(0xFFFF_FFF8L, 253, 253, Long.MAX_VALUE);
        assertThat(new ChannelLimits(1024, 2, 3)).isEqualTo(new ChannelLimits(1024, 2, 3, ChannelLimits.DEFAULT_MAX_QUEUED_BYTES));
        assertThat(ChannelLimits.DEFAULT).isEqualTo(new ChannelLimits(128L << 20, 64, 64, 256L << 20));
        assertThatThrownBy(() -> new ChannelLimits(1024, 2, 2, -1))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("maxQueuedBytes negative: -1");
        for (long bad : new long[] {FrameHeader.SIZE - 8, 0xFFFF_FFF8L + 8, 1028}) {
            assertThatThrownBy(() -> new ChannelLimits(bad, 2, 2))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("maxFrameLength outside 16..2^32-8 or not a multiple of 8: " + bad);
        }
        for (int bad : new int[] {-1, 254}) {
            assertThatThrownBy(() -> new ChannelLimits(1024, bad, 300))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("maxFdsPerFrame outside 0..253: " + bad);
        }
        assertThatThrownBy(() -> new ChannelLimits(1024, 5, 4))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("maxFdsHeld < maxFdsPerFrame: 4 < 5");
    }

    @Test
    void versions_highestInBothRanges_orZeroWhenTheyDoNotMeet() {
        assertThat(Versions.negotiate(1, 5, 3, 9)).isEqualTo(5);
        assertThat(Versions.negotiate(3, 9, 1, 5)).isEqualTo(5);
        assertThat(Versions.negotiate(2, 4, 4, 7)).isEqualTo(4); // ranges touching at one version
        assertThat(Versions.negotiate(2, 3, 4, 7)).isZero();
        assertThat(Versions.negotiate(5, 7, 1, 4)).isZero();
        assertThat(Versions.negotiate(Versions.MIN, Versions.MAX)).isEqualTo(Versions.MAX);
        assertThat(Versions.negotiate(Versions.MAX + 1, Versions.MAX + 3)).isZero();
    }

    @Test
    void peerRole_helloCodes_oneToFive_theTwoAnsweringRolesHaveNone() {
        assertThat(PeerRole.ofHelloCode(0)).isNull();
        assertThat(PeerRole.ofHelloCode(6)).isNull();
        assertThat(PeerRole.ofHelloCode(-1)).isNull();
        for (PeerRole role : EnumSet.range(PeerRole.INVITEE, PeerRole.LINK_CONNECTOR)) {
            assertThat(PeerRole.ofHelloCode(role.helloCode())).isEqualTo(role);
        }
        assertThat(PeerRole.LINK_CONNECTOR.helloCode()).isEqualTo(5);
        assertThat(PeerRole.INVITER.helloCode()).isZero();
        assertThat(PeerRole.LINK_SERVER.helloCode()).isZero();
    }

    @Test
    void closeReason_theTwelveCutOffsAreViolations_theFourEndsAreNot() {
        assertThat(EnumSet.range(CloseReason.MALFORMED, CloseReason.HELLO_DEADLINE))
                .hasSize(12).allMatch(CloseReason::isViolation);
        assertThat(EnumSet.range(CloseReason.GOODBYE, CloseReason.IO_ERROR))
                .hasSize(4).noneMatch(CloseReason::isViolation);
    }

    @Test
    void protocolViolation_onlyForAViolationReason_toStringNamesIt() {
        ProtocolViolation v = new ProtocolViolation(CloseReason.SEQUENCE, "frame 3: seq 9 outside the window");
        assertThat(v.reason()).isEqualTo(CloseReason.SEQUENCE);
        assertThat(v).hasToString("ProtocolViolation SEQUENCE: frame 3: seq 9 outside the window");
        assertThatThrownBy(() -> new ProtocolViolation(CloseReason.GOODBYE, "x"))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("not a violation reason: GOODBYE");
    }

    @Test
    void id128_lowWordFirstLittleEndian_textHighWordFirst_noneOnlyWhenBothZero() {
        Id128 id = new Id128(0x0102030405060708L, 0x1112131415161718L);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(20);
            id.write(s, 2);
            assertThat(s.asSlice(2, 16).toArray(ValueLayout.JAVA_BYTE)).containsExactly(
                    8, 7, 6, 5, 4, 3, 2, 1, 0x18, 0x17, 0x16, 0x15, 0x14, 0x13, 0x12, 0x11);
            assertThat(Id128.read(s, 2)).isEqualTo(id);
        }
        assertThat(id).hasToString("11121314151617180102030405060708");
        assertThat(new Id128(1, 0)).hasToString("00000000000000000000000000000001");
        assertThat(Id128.NONE.isNone()).isTrue();
        assertThat(new Id128(1, 0).isNone()).isFalse();
        assertThat(new Id128(0, 1).isNone()).isFalse();
    }

    @Test
    void frameHeader_writtenOverOldBytes_eachFieldLittleEndian_flagsAndReservedZeroed() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment frame = arena.allocate(FrameHeader.SIZE);
            frame.fill((byte) 0xFF);
            FrameHeader.write(frame, 0x8000_0010L, 0xFEDC, 0x1234);
            assertThat(frame.toArray(ValueLayout.JAVA_BYTE)).containsExactly(
                    0x10, 0, 0, (byte) 0x80, (byte) 0xDC, (byte) 0xFE, 0, 0, 0x34, 0x12, 0, 0, 0, 0, 0, 0);
            assertThat(FrameHeader.length(frame)).isEqualTo(0x8000_0010L);
            assertThat(FrameHeader.type(frame)).isEqualTo(0xFEDC);
            assertThat(FrameHeader.flags(frame)).isZero();
            assertThat(FrameHeader.fdCount(frame)).isEqualTo(0x1234);
            assertThat(FrameHeader.reservedZero(frame)).isTrue();
            for (long i = FrameHeader.RESERVED; i < FrameHeader.SIZE; i++) {
                frame.set(ValueLayout.JAVA_BYTE, i, (byte) 1);
                assertThat(FrameHeader.reservedZero(frame)).as("reserved byte %d", i).isFalse();
                frame.set(ValueLayout.JAVA_BYTE, i, (byte) 0);
            }
        }
        assertThat(FrameHeader.frameLength(0)).isEqualTo(16);
        assertThat(FrameHeader.frameLength(1)).isEqualTo(24);
        assertThat(FrameHeader.frameLength(8)).isEqualTo(24);
        assertThat(FrameHeader.frameLength(9)).isEqualTo(32);
    }
}

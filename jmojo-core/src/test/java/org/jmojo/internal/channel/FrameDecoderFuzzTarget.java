package org.jmojo.internal.channel;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * The property every fuzz input is checked against: whatever bytes a peer sends, split however the
 * kernel hands them over, the frame decoder either delivers frames that obey §4 or refuses with a
 * {@link ProtocolViolation} of a violation reason; nothing else escapes, and its payload buffer never
 * exceeds twice the bytes it has been given (it grows by at most doubling, never to a declared length).
 *
 * <p>Input layout: byte 0 selects the peer's roles (bit n = {@code PeerRole.values()[n]}; none set
 * means INVITEE), byte 1 the size of each receive (1 + its value, 1..256), the rest is the stream.
 * Every delivered frame must have a type legal from those roles, a payload that is a multiple of 8
 * and within the frame limit, and no fds (the fuzzer sends none).
 */
final class FrameDecoderFuzzTarget {
    private FrameDecoderFuzzTarget() {}

    static byte[] input(int roleBits, int chunkSelector, byte[] stream) {
        byte[] input = new byte[stream.length + 2];
        input[0] = (byte) roleBits;
        input[1] = (byte) chunkSelector;
        System.arraycopy(stream, 0, input, 2, stream.length);
        return input;
    }

    static void check(byte[] input) {
        if (input.length < 2) {
            return;
        }
        EnumSet<PeerRole> roles = EnumSet.noneOf(PeerRole.class);
        for (PeerRole role : PeerRole.values()) {
            if ((input[0] & (1 << role.ordinal())) != 0) {
                roles.add(role);
            }
        }
        if (roles.isEmpty()) {
            roles.add(PeerRole.INVITEE);
        }
        int chunk = 1 + (input[1] & 0xFF);
        FrameDecoder decoder = new FrameDecoder(roles, ChannelLimits.DEFAULT);
        List<Frame> frames = new ArrayList<>();
        MemorySegment stream = MemorySegment.ofArray(input).asSlice(2);
        try {
            for (long at = 0; at < stream.byteSize(); at += chunk) {
                long n = Math.min(chunk, stream.byteSize() - at);
                decoder.accept(stream.asSlice(at, n), n, List.of(), frames::add);
            }
            decoder.endOfStream();
        } catch (ProtocolViolation v) {
            if (!v.reason().isViolation()) {
                throw new AssertionError("non-violation reason " + v.reason(), v);
            }
        }
        for (Frame f : frames) {
            if (!f.type().isLegalFrom(roles)) {
                throw new AssertionError(f.type() + " delivered from " + roles);
            }
            if (f.payload().byteSize() % 8 != 0 || f.payload().byteSize() + FrameHeader.SIZE > ChannelLimits.DEFAULT.maxFrameLength()) {
                throw new AssertionError(f.type() + " delivered with a payload of " + f.payload().byteSize() + " bytes");
            }
            if (!f.fds().isEmpty()) {
                throw new AssertionError(f.type() + " delivered with fds nobody sent");
            }
        }
        if (decoder.largestBuffer() > 2 * stream.byteSize()) {
            throw new AssertionError("buffered " + decoder.largestBuffer() + " bytes from a " + stream.byteSize() + "-byte input");
        }
        if (decoder.heldFds() != 0) {
            throw new AssertionError("fds held after the end");
        }
    }
}

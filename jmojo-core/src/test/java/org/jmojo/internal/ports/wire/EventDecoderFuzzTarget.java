package org.jmojo.internal.ports.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * The property every fuzz input is checked against: whatever bytes a peer sends as an event, with whatever fd count
 * its frame declared, {@link EventCodec#decode} either returns an event or throws an {@link EventDecodeException}
 * with a reason; nothing else escapes. An event it returns is the canonical encoding of itself (re-encoding gives
 * the input bytes back: no field was ignored, no padding or reserved byte was non-zero) and its handle entries
 * consume exactly the fds the frame carried.
 *
 * <p>Input layout: byte 0 is the frame's fd count (its low 6 bits: 0..63, a frame carries at most 64); the rest is
 * the event.
 */
final class EventDecoderFuzzTarget {
    private EventDecoderFuzzTarget() {}

    static byte[] input(int fdCount, byte[] event) {
        byte[] input = new byte[event.length + 1];
        input[0] = (byte) fdCount;
        System.arraycopy(event, 0, input, 1, event.length);
        return input;
    }

    /** Checks the property on one input; returns the event decoded, or {@code null} if it was refused. */
    static PortsEvent check(byte[] input) {
        if (input.length < 1) {
            return null;
        }
        int fdCount = input[0] & 0x3F;
        MemorySegment bytes = MemorySegment.ofArray(input).asSlice(1);
        PortsEvent event;
        try {
            event = EventCodec.decode(bytes, fdCount);
        } catch (EventDecodeException refused) {
            if (refused.reason() == null || refused.getMessage() == null || refused.getMessage().isBlank()) {
                throw new AssertionError("refusal without a reason or message", refused);
            }
            return null;
        }
        byte[] again = EventCodec.encode(event);
        if (!Arrays.equals(again, bytes.toArray(ValueLayout.JAVA_BYTE))) {
            throw new AssertionError("accepted " + event + " but it re-encodes differently");
        }
        int entryFds = event instanceof UserMessageEvent m ? m.fdCount() : 0;
        if (entryFds != fdCount) {
            throw new AssertionError("accepted " + event + " consuming " + entryFds + " fds of " + fdCount);
        }
        return event;
    }
}

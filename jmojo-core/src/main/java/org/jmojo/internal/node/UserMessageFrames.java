package org.jmojo.internal.node;

import org.jmojo.internal.channel.ChannelLimits;
import org.jmojo.internal.channel.FrameHeader;

/**
 * The size of the event frame that carries one user message between nodes (docs/architecture.md §3,
 * "Events", and §4): the channel's frame header, the 48-byte event header, the 24-byte user-message
 * body, a 120-byte descriptor per port, a 16-byte entry per handle, and the payload padded to 8 (the
 * handles' extra bytes are not counted: no transferable handle has any yet).
 *
 * <p>It lives in the node layer, which turns events into frames, so that the system layer can refuse a
 * message too large ever to leave the node without knowing the frame format (docs/architecture.md §2:
 * the system layer must not know it). The event and descriptor sizes are those of the ports layer's
 * event encoding; once that codec exists they should be read from it instead of repeated here.
 */
public final class UserMessageFrames {
    /** The event header of every ports event. */
    static final int EVENT_HEADER_BYTES = 48;
    /** The user-message event's fixed body: sequence, port count, handle count, payload and extra lengths. */
    static final int USER_MESSAGE_BODY_BYTES = 24;
    /** One port descriptor. */
    static final int PORT_DESCRIPTOR_BYTES = 120;
    /** One handle entry. */
    static final int HANDLE_ENTRY_BYTES = 16;

    /** The largest frame a channel accepts from a peer, and so the largest a message may need. */
    public static final long MAX_FRAME_BYTES = ChannelLimits.DEFAULT.maxFrameLength();

    private UserMessageFrames() {}

    /**
     * The length of the frame that would carry a user message of {@code payloadBytes} with {@code ports}
     * port descriptors and {@code handles} handle entries.
     */
    public static long frameBytes(long payloadBytes, int ports, int handles) {
        long body = EVENT_HEADER_BYTES + USER_MESSAGE_BODY_BYTES
                + (long) PORT_DESCRIPTOR_BYTES * ports + (long) HANDLE_ENTRY_BYTES * handles;
        return FrameHeader.frameLength(body + padded(payloadBytes));
    }

    /** Whether such a message fits in one frame of at most {@link #MAX_FRAME_BYTES}. */
    public static boolean fits(long payloadBytes, int ports, int handles) {
        return frameBytes(payloadBytes, ports, handles) <= MAX_FRAME_BYTES;
    }

    private static long padded(long n) {
        return (n + 7) & ~7L;
    }
}

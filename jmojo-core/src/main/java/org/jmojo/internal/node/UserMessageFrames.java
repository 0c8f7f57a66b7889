package org.jmojo.internal.node;

import org.jmojo.internal.channel.ChannelLimits;
import org.jmojo.internal.channel.FrameHeader;
import org.jmojo.internal.ports.wire.EventCodec;

/**
 * The size of the event frame that carries one user message between nodes (docs/architecture.md §3,
 * "Events", and §4): the channel's frame header around the encoded user-message event (its header,
 * body, a descriptor per port, an entry per handle, the handles' extra bytes and the padded payload). The sizes come from the channel
 * ({@link FrameHeader}) and the ports event codec ({@link EventCodec#userMessageSize}).
 *
 * <p>It lives in the node layer, which turns events into frames, so that the system layer can refuse a
 * message too large ever to leave the node without knowing the frame format (docs/architecture.md §2:
 * the system layer must not know it).
 */
public final class UserMessageFrames {
    /** The largest frame a channel accepts from a peer, and so the largest a message may need. */
    public static final long MAX_FRAME_BYTES = ChannelLimits.DEFAULT.maxFrameLength();

    /** The most descriptors one frame may carry, and so the most platform handles one message may carry. */
    public static final int MAX_FDS = ChannelLimits.DEFAULT.maxFdsPerFrame();

    private UserMessageFrames() {}

    /**
     * The length of the frame that would carry a user message of {@code payloadBytes} with {@code ports}
     * port descriptors and {@code handles} handle entries.
     */
    public static long frameBytes(long payloadBytes, int ports, int handles) {
        return FrameHeader.frameLength(EventCodec.userMessageSize(ports, handles, 0, payloadBytes));
    }

    /** Like {@link #frameBytes(long, int, int)}, with {@code extraBytes} of handle headers. */
    public static long frameBytes(long payloadBytes, int ports, int handles, long extraBytes) {
        return FrameHeader.frameLength(EventCodec.userMessageSize(ports, handles, extraBytes, payloadBytes));
    }

    /** Whether such a message fits in one frame of at most {@link #MAX_FRAME_BYTES}. */
    public static boolean fits(long payloadBytes, int ports, int handles) {
        return frameBytes(payloadBytes, ports, handles) <= MAX_FRAME_BYTES;
    }

    /** Whether such a message, with {@code extraBytes} of handle headers, fits in one frame. */
    public static boolean fits(long payloadBytes, int ports, int handles, long extraBytes) {
        return frameBytes(payloadBytes, ports, handles, extraBytes) <= MAX_FRAME_BYTES;
    }
}

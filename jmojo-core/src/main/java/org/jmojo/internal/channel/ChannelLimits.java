package org.jmojo.internal.channel;

/**
 * The limits a channel enforces on what its peer sends (DESIGN.md §4's limit table), checked before
 * anything is allocated for a frame.
 *
 * @param maxFrameLength largest total frame length accepted (header and padding included)
 * @param maxFdsPerFrame largest fd count one frame may declare
 * @param maxFdsHeld most descriptors held in the channel's FIFO at once
 */
public record ChannelLimits(long maxFrameLength, int maxFdsPerFrame, int maxFdsHeld) {
    /** 128 MiB frames, 64 fds per frame, 64 held. */
    public static final ChannelLimits DEFAULT = new ChannelLimits(128L << 20, 64, 64);

    public ChannelLimits {
        if (maxFrameLength < FrameHeader.SIZE || maxFrameLength > 0xFFFF_FFF8L || maxFrameLength % 8 != 0) {
            throw new IllegalArgumentException("maxFrameLength outside 16..2^32-8 or not a multiple of 8: " + maxFrameLength);
        }
        if (maxFdsPerFrame < 0 || maxFdsPerFrame > 253) {
            throw new IllegalArgumentException("maxFdsPerFrame outside 0..253: " + maxFdsPerFrame);
        }
        if (maxFdsHeld < maxFdsPerFrame) {
            throw new IllegalArgumentException("maxFdsHeld < maxFdsPerFrame: " + maxFdsHeld + " < " + maxFdsPerFrame);
        }
    }
}

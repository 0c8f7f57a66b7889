package org.jmojo.internal.channel;

/**
 * The limits a channel enforces on what its peer sends (DESIGN.md §4's limit table), checked before
 * anything is allocated for a frame.
 *
 * @param maxFrameLength largest total frame length accepted (header and padding included)
 * @param maxFdsPerFrame largest fd count one frame may declare
 * @param maxFdsHeld most descriptors held in the channel's FIFO at once
 * @param maxQueuedBytes most bytes of frames waiting in the write queue because the peer does not read: a frame
 *     that would take a non-empty queue past it cuts the peer off ({@link CloseReason#LIMIT}) instead of queueing
 *     (a frame finding the queue empty always goes in, so one frame of any legal size can be written)
 */
public record ChannelLimits(long maxFrameLength, int maxFdsPerFrame, int maxFdsHeld, long maxQueuedBytes) {
    /** Queue bound of {@link #DEFAULT}: two frames of the largest size. */
    public static final long DEFAULT_MAX_QUEUED_BYTES = 256L << 20;

    /** 128 MiB frames, 64 fds per frame, 64 held, 256 MiB queued. */
    public static final ChannelLimits DEFAULT = new ChannelLimits(128L << 20, 64, 64);

    /** Limits with the default write-queue bound ({@link #DEFAULT_MAX_QUEUED_BYTES}). */
    public ChannelLimits(long maxFrameLength, int maxFdsPerFrame, int maxFdsHeld) {
        this(maxFrameLength, maxFdsPerFrame, maxFdsHeld, DEFAULT_MAX_QUEUED_BYTES);
    }

    public ChannelLimits {
        if (maxQueuedBytes < 0) {
            throw new IllegalArgumentException("maxQueuedBytes negative: " + maxQueuedBytes);
        }
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

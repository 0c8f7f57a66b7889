package org.jmojo.internal.channel;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Set;
import org.jmojo.internal.platform.Fd;

/**
 * One connection to one other node, carrying frames (DESIGN.md §4). The channel frames, checks and
 * delivers; it knows nothing of ports, handles or nodes. The Unix-socket implementation is
 * {@link UnixChannel}; a shared-memory transport (frames in a ring in a memfd, the socket kept for
 * descriptors and wake-ups) can implement the same contract.
 *
 * <p><b>Contract.</b>
 * <ul>
 *   <li>{@link #write} is thread-safe. Frames never interleave: each is written whole, under the
 *       channel's write lock, and frames from one thread leave in the order it wrote them.
 *   <li>Frames are delivered to the {@link Listener} one at a time, in arrival order, each complete
 *       and checked against §4's rules, by whoever holds the channel's read token (today the node's
 *       I/O thread), with no jmojo lock held.
 *   <li>A peer that breaks a rule is cut off: the channel closes with a typed {@link CloseReason}
 *       for which {@link CloseReason#isViolation()} holds. Only that channel closes.
 *   <li>{@link Listener#onClosed} runs exactly once, with no lock held, on the thread that closed the
 *       channel. After it, writes return {@link WriteResult#CLOSED} and no frame is delivered.
 *   <li>Closing releases every descriptor the channel holds: received but not yet delivered, and
 *       queued for writing but not yet sent.
 * </ul>
 */
public interface Channel {

    /** Receives what a channel reads. Called without any jmojo lock held; must not block. */
    interface Listener {
        /**
         * A complete, checked frame. The listener owns {@code frame.fds()} from this call on. Runs on
         * the read-token holder's thread; a listener that throws closes the channel ({@link CloseReason#LOCAL}).
         */
        void onFrame(Channel channel, Frame frame);

        /**
         * Whether {@link #onFrame} may be given a frame whose payload is a view of the channel's receive buffer,
         * valid only until {@code onFrame} returns: a frame that arrived whole in one receive is then delivered with
         * no copy of its payload. A listener that says yes reads or copies the payload during the call and keeps
         * no reference to it. Asked once, when the channel is made; by default no (every payload is the
         * listener's to keep).
         */
        default boolean acceptsBorrowedPayloads() {
            return false;
        }

        /** The channel closed; runs once, on the closing thread. */
        void onClosed(Channel channel, CloseReason reason, String detail);
    }

    /** What became of a written frame. */
    enum WriteResult {
        /** The socket took the whole frame. */
        WRITTEN,
        /** Part or all of the frame waits in the write queue; it leaves in order, before any later frame. */
        QUEUED,
        /** The channel is closed; the frame was dropped and its descriptors closed. */
        CLOSED
    }

    /** What the peer is to this node, as the node layer declared it. */
    Set<PeerRole> peerRoles();

    /** The version the handshake settled on, 0 before the handshake (or if it found none). */
    int version();

    /**
     * Writes one frame: header, {@code payload} and zero padding to a multiple of 8, with {@code fds}
     * riding on its first byte. Never blocks: whatever the transport refuses is queued. {@code payload} is read
     * before this returns (sent, or copied into the queue) and never kept.
     *
     * @param fds descriptors to send; the channel takes ownership and closes them once sent, dropped
     *     or when the channel closes (but not when this method throws)
     * @throws IllegalArgumentException if the frame is longer than the channel's
     *     {@link ChannelLimits#maxFrameLength()} or carries more than {@link ChannelLimits#maxFdsPerFrame()}
     *     fds: the layers above check limits before they build a frame (§4: RESOURCE_EXHAUSTED)
     */
    WriteResult write(FrameType type, MemorySegment payload, List<Fd> fds);

    /**
     * {@link #write(FrameType, MemorySegment, List)} of a payload given in two parts: {@code head}, then
     * {@code tail}, gathered into the frame (no joined copy is made first). Both are read before this returns and
     * never kept, so the caller may change them afterwards.
     */
    default WriteResult write(FrameType type, MemorySegment head, MemorySegment tail, List<Fd> fds) {
        if (tail.byteSize() == 0) {
            return write(type, head, fds);
        }
        MemorySegment joined = MemorySegment.ofArray(new byte[Math.toIntExact(head.byteSize() + tail.byteSize())]);
        MemorySegment.copy(head, 0, joined, 0, head.byteSize());
        MemorySegment.copy(tail, 0, joined, head.byteSize(), tail.byteSize());
        return write(type, joined, fds);
    }

    /**
     * Ends the channel in order: writes goodbye, and closes ({@link CloseReason#LOCAL}) once the write
     * queue has drained. Returns at once.
     */
    void closeAfterGoodbye();

    /**
     * Closes the channel now, dropping queued writes. A layer above that finds a violation (a bad
     * token, a forged sender) passes its typed reason here; the first close wins.
     */
    void close(CloseReason reason, String detail);

    /** Whether the channel closed. */
    boolean isClosed();

    /** Why the channel closed, or {@code null} while it is open. */
    CloseReason closeReason();

    /** The message that went with {@link #closeReason()}, or {@code null} while open. */
    String closeDetail();
}

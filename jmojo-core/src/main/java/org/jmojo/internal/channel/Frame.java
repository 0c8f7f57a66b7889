package org.jmojo.internal.channel;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.jmojo.internal.platform.Fd;

/**
 * One complete, checked frame as a channel delivers it.
 *
 * @param type the frame type
 * @param payload the bytes after the header, padding included (an event's own encoding says where it
 *     ends); the receiver's to keep, unless its listener {@linkplain Channel.Listener#acceptsBorrowedPayloads()
 *     accepts borrowed payloads}: then possibly a view of the channel's receive buffer, valid only during
 *     {@code onFrame}
 * @param fds the descriptors that came with the frame, in the order the sender attached them; the
 *     receiver of the frame owns them and must close or pass on each ({@link #closeFds()} closes all)
 */
public record Frame(FrameType type, MemorySegment payload, List<Fd> fds) {
    public Frame {
        fds = List.copyOf(fds);
    }

    /** Closes every descriptor of the frame (for a receiver that drops it). */
    public void closeFds() {
        for (Fd fd : fds) {
            fd.close();
        }
    }
}

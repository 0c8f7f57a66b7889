package org.jmojo.system;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * For the Lincheck tests: Lincheck makes test instances it never validates (the sequential
 * specification's among them), so each instance registers the pipe it makes here, and the test closes
 * them all after the check instead of leaving them to the leak detector.
 */
final class PipesMade {
    private final Queue<MessagePipe> pipes = new ConcurrentLinkedQueue<>();

    /** A new pipe, closed by the next {@link #closeAll()}. */
    MessagePipe create() {
        MessagePipe pipe = Core.instance().createMessagePipe();
        pipes.add(pipe);
        return pipe;
    }

    void closeAll() {
        MessagePipe p;
        while ((p = pipes.poll()) != null) {
            p.close();
        }
    }
}

package org.jmojo.internal.channel;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records what a channel delivers: frames in a queue, the close as a future. */
final class RecordingListener implements Channel.Listener {
    record Closed(CloseReason reason, String detail, Thread thread) {}

    final LinkedBlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<Closed> closed = new CompletableFuture<>();
    volatile Thread frameThread;

    @Override
    public void onFrame(Channel channel, Frame frame) {
        frameThread = Thread.currentThread();
        frames.add(frame);
    }

    @Override
    public void onClosed(Channel channel, CloseReason reason, String detail) {
        if (!closed.complete(new Closed(reason, detail, Thread.currentThread()))) {
            throw new AssertionError("onClosed called twice: " + reason);
        }
    }

    /** The next frame; fails the test after 30 s (a hang, not a timing assertion). */
    Frame next() throws InterruptedException {
        Frame f = frames.poll(30, TimeUnit.SECONDS);
        if (f == null) {
            throw new AssertionError("no frame within 30 s");
        }
        return f;
    }

    Closed awaitClosed() throws Exception {
        return closed.get(30, TimeUnit.SECONDS);
    }
}

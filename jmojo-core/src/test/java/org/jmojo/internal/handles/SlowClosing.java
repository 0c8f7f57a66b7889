package org.jmojo.internal.handles;

import java.util.concurrent.CountDownLatch;
import org.jmojo.internal.sync.LockRank;
import org.jmojo.system.Core;
import org.jmojo.system.Handle;
import org.jmojo.system.HandleType;
import org.jmojo.system.Signals;
import org.jmojo.system.SignalsState;

/**
 * For tests: a transferable handle whose close stops inside {@link #closeResources} until released, so
 * that it stays in CLOSING (its close in progress on one thread) for as long as a test needs. A real
 * endpoint is in that state only while its port closes.
 */
final class SlowClosing extends Dispatcher {
    /** Opened when the closing thread has entered {@link #closeResources}. */
    final CountDownLatch closing = new CountDownLatch(1);
    /** Opened by the test to let the close finish. */
    final CountDownLatch release = new CountDownLatch(1);
    /** The handle object, and the thread closing it ({@link #closingOnAnotherThread}). */
    private Holder holder;
    private Thread closer;

    SlowClosing() {
        // On the default node, where the tests that attach it write.
        super(LocalCore.of(Core.instance()), HandleType.MESSAGE_PIPE_ENDPOINT, EndpointDispatcher.DEFAULT_RIGHTS,
                LockRank.ENDPOINT);
    }

    /** A new such handle whose close has begun on a new platform thread and now stops in closeResources. */
    static SlowClosing closingOnAnotherThread() throws InterruptedException {
        SlowClosing d = new SlowClosing();
        d.holder = new Holder(d);
        d.closer = Thread.ofPlatform().start(d.holder::close);
        d.closing.await();
        return d;
    }

    /** The handle object being closed. */
    Handle handle() {
        return holder;
    }

    /** Lets the close finish and waits for the closing thread. */
    void finishClose() throws InterruptedException {
        release.countDown();
        closer.join();
    }

    @Override
    SignalsState currentSignals() {
        return new SignalsState(Signals.WRITABLE, Signals.of(Signals.WRITABLE, Signals.PEER_CLOSED));
    }

    @Override
    void closeResources() {
        closing.countDown();
        try {
            release.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    static final class Holder extends HandleHolder<SlowClosing> {
        Holder(SlowClosing d) {
            super(d);
        }

        @Override
        public Handle pass() {
            return new Holder(take());
        }
    }
}

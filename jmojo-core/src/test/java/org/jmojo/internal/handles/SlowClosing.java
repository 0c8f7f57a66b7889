package org.jmojo.internal.handles;

import java.util.concurrent.CountDownLatch;
import org.jmojo.internal.ports.HeldLocks;
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

    SlowClosing() {
        super(LocalCore.instance().table, HandleType.MESSAGE_PIPE_ENDPOINT, EndpointDispatcher.DEFAULT_RIGHTS,
                HeldLocks.Rank.ENDPOINT);
    }

    /** A handle object for a new such dispatcher. */
    static Holder handle() {
        return new Holder(new SlowClosing());
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

        SlowClosing slow() {
            return dispatcher();
        }

        @Override
        public Handle pass() {
            return new Holder(take());
        }
    }
}

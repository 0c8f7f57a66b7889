package org.jmojo.internal.handles;

import java.time.Duration;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.Signals;

/**
 * For tests that count live handles or ports: lets the leak detector finish closing what earlier
 * tests dropped without closing (such handles are closed whenever a collection finds them, which
 * would otherwise change the counts in the middle of a test).
 */
final class PendingLeaks {
    private static final int MAX_ROUNDS = 50;

    private PendingLeaks() {}

    /**
     * Forces collections until one round closes no further leaked handle (at most {@value #MAX_ROUNDS}
     * rounds). Between collections it waits on a pipe with a short deadline, a bounded pause in which
     * the cleaner thread works, not a sleep.
     */
    static void settle() {
        try (MessagePipe probe = Core.instance().createMessagePipe()) {
            long seen = -1;
            for (int i = 0; i < MAX_ROUNDS; i++) {
                System.gc();
                Core.instance().wait(probe.end0(), Signals.READABLE, Deadline.after(Duration.ofMillis(10)));
                long now = LeakDetector.leakedCount();
                if (now == seen) {
                    return;
                }
                seen = now;
            }
        }
    }
}

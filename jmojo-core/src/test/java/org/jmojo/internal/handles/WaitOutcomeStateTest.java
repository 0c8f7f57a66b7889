package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.Handle;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MojoResult;
import org.jmojo.system.Signals;
import org.jmojo.system.WaitManyResult;
import org.jmojo.system.WaitResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 7, smaller finding: {@code wait} and {@code waitMany} report the signals state that ended the
 * wait, not one read again after waking (by then another thread may have read the message).
 *
 * <p>The waiter is woken by a write made while this thread holds the watched endpoint's lock; the woken
 * waiter needs that lock to unregister, so it cannot look at the endpoint again before this thread has
 * read the message away and released the lock.
 */
@Timeout(30)
class WaitOutcomeStateTest {
    private final Core core = Core.instance();

    private static Dispatcher dispatcherOf(Handle handle) {
        return ((HandleHolder<?>) handle).dispatcher();
    }

    private static void awaitObserved(Dispatcher d) {
        while (d.observerCount() == 0) {
            Thread.onSpinWait();
        }
    }

    @Test
    void wait_messageReadAwayBeforeWaiterLooksAgain_reportsTheReadableStateThatEndedIt() throws Exception {
        try (MessagePipe p = core.createMessagePipe()) {
            Dispatcher d = dispatcherOf(p.end1());
            AtomicReference<WaitResult> result = new AtomicReference<>();
            Thread waiter = Thread.ofPlatform().start(
                    () -> result.set(core.wait(p.end1(), Signals.READABLE, Deadline.INFINITE)));
            awaitObserved(d);
            d.lock.lock();
            try {
                assertThat(p.end0().writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK); // ends the wait
                assertThat(p.end1().readMessage().result()).isEqualTo(MojoResult.OK);
            } finally {
                d.lock.unlock();
            }
            waiter.join();
            assertThat(result.get().result()).isEqualTo(MojoResult.OK);
            assertThat(result.get().signalsState().satisfiesAny(Signals.READABLE)).isTrue();
        }
    }

    @Test
    void waitMany_messageReadAwayBeforeWaiterLooksAgain_reportsTheReadableStateThatEndedIt() throws Exception {
        try (MessagePipe p = core.createMessagePipe(); MessagePipe q = core.createMessagePipe()) {
            Dispatcher d = dispatcherOf(p.end1());
            AtomicReference<WaitManyResult> result = new AtomicReference<>();
            Thread waiter = Thread.ofPlatform().start(() -> result.set(core.waitMany(
                    List.of(q.end1(), p.end1()), List.of(Signals.READABLE, Signals.READABLE), Deadline.INFINITE)));
            awaitObserved(d);
            d.lock.lock();
            try {
                assertThat(p.end0().writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK);
                assertThat(p.end1().readMessage().result()).isEqualTo(MojoResult.OK);
            } finally {
                d.lock.unlock();
            }
            waiter.join();
            WaitManyResult r = result.get();
            assertThat(r.result()).isEqualTo(MojoResult.OK);
            assertThat(r.index()).isEqualTo(1);
            assertThat(r.signalsStates().get(1).satisfiesAny(Signals.READABLE)).isTrue();
        }
    }
}

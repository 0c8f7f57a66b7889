package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@code close()} that finds another thread's close of the same handle in progress returns only once
 * that close is complete ({@code Dispatcher.close}, {@code awaitClosed}): after any close returns, the
 * handle is closed and its peer knows, as if the two closes had run one after the other. Were the
 * second close to return at once, a read of the peer right after it could still find the peer open;
 * {@code RacingCloseLincheckTest} checks the same promise through the public API.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConcurrentCloseTest {
    @Test
    void secondClose_returnsOnlyAfterTheFirstCompletes() throws Exception {
        SlowClosing d = SlowClosing.closingOnAnotherThread(); // the first close is releasing the resources

        CompletableFuture<Void> second = new CompletableFuture<>();
        Thread secondThread = Thread.ofPlatform().start(() -> {
            d.close();
            second.complete(null);
        });
        // The second close either parks, waiting for the first (the rule), or returns.
        while (!second.isDone() && secondThread.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        assertThat(second.isDone()).as("a close returned while another close of the handle was in progress").isFalse();
        assertThat(d.state()).isEqualTo(Dispatcher.State.CLOSING);

        d.finishClose();
        second.get(20, TimeUnit.SECONDS);
        assertThat(d.state()).isEqualTo(Dispatcher.State.CLOSED);
        secondThread.join();
    }

    @Test
    void secondClose_interrupted_stillWaits_andKeepsTheInterrupt() throws Exception {
        SlowClosing d = SlowClosing.closingOnAnotherThread();

        CompletableFuture<Boolean> interruptedAfter = new CompletableFuture<>();
        Thread secondThread = Thread.ofPlatform().start(() -> {
            d.close();
            interruptedAfter.complete(Thread.currentThread().isInterrupted());
        });
        while (secondThread.getState() != Thread.State.WAITING && !interruptedAfter.isDone()) {
            Thread.onSpinWait();
        }
        secondThread.interrupt();
        // Interrupted, it goes back to waiting: still not done while the first close is in progress.
        while (secondThread.getState() != Thread.State.WAITING && !interruptedAfter.isDone()) {
            Thread.onSpinWait();
        }
        assertThat(interruptedAfter.isDone()).isFalse();

        d.finishClose();
        assertThat(interruptedAfter.get(20, TimeUnit.SECONDS)).as("interrupt status kept").isTrue();
        assertThat(d.state()).isEqualTo(Dispatcher.State.CLOSED);
        secondThread.join();
    }
}

package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.HandleWatcher;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MojoResult;
import org.jmojo.system.Signals;
import org.jmojo.system.SignalsState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a call borrows it gives back: the observer a timed-out wait registered, the private trap of a
 * {@link HandleWatcher} or of a {@code readAsync}. A call that forgot to would leak quietly (an
 * observer per timed-out wait on a long-lived handle, a trap handle per watch), which no outcome
 * shows, so these tests count.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReleaseTest {
    private final Core core = Core.instance();
    private final LocalCore local = LocalCore.of(Core.instance());

    /** Handles other tests dropped are closed by the leak detector at some collection: not during this test. */
    @BeforeEach
    void closeHandlesOtherTestsDropped() {
        PendingLeaks.settle();
    }

    private static Dispatcher dispatcherOf(org.jmojo.system.Handle h) {
        return ((HandleHolder<?>) h).dispatcher();
    }

    /** Long enough that the wait gets past its spin and registers its observer before it expires. */
    private static Deadline shortDeadline() {
        return Deadline.after(Duration.ofMillis(20));
    }

    @Test
    void wait_timedOut_removesItsObserver() {
        try (MessagePipe pipe = core.createMessagePipe()) {
            Dispatcher d = dispatcherOf(pipe.end0());
            for (int i = 0; i < 3; i++) {
                assertThat(core.wait(pipe.end0(), Signals.READABLE, shortDeadline()).result())
                        .isEqualTo(MojoResult.DEADLINE_EXCEEDED);
                assertThat(d.observerCount()).isZero();
            }
        }
    }

    @Test
    void waitMany_timedOut_removesEveryObserver() {
        try (MessagePipe a = core.createMessagePipe();
                MessagePipe b = core.createMessagePipe()) {
            assertThat(core.waitMany(
                                    List.of(a.end0(), b.end0()),
                                    List.of(Signals.READABLE, Signals.READABLE),
                                    shortDeadline())
                            .result())
                    .isEqualTo(MojoResult.DEADLINE_EXCEEDED);
            assertThat(dispatcherOf(a.end0()).observerCount()).isZero();
            assertThat(dispatcherOf(b.end0()).observerCount()).isZero();
        }
    }

    @Test
    void wait_satisfied_removesItsObserver_andReturnsTheStateThatEndedIt() throws Exception {
        try (MessagePipe pipe = core.createMessagePipe()) {
            Dispatcher d = dispatcherOf(pipe.end1());
            CompletableFuture<org.jmojo.system.WaitResult> waiting =
                    CompletableFuture.supplyAsync(() -> core.wait(pipe.end1(), Signals.READABLE, Deadline.INFINITE));
            // Wait until the waiter has registered (past its spin), then satisfy it.
            while (d.observerCount() == 0 && !waiting.isDone()) {
                Thread.onSpinWait();
            }
            assertThat(pipe.end0().writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK);
            org.jmojo.system.WaitResult r = waiting.get(30, TimeUnit.SECONDS);
            assertThat(r.result()).isEqualTo(MojoResult.OK);
            assertThat(r.signalsState().satisfied().containsAll(Signals.READABLE)).isTrue();
            assertThat(d.observerCount()).isZero();
        }
    }

    @Test
    void handleWatcher_cancel_closesItsTrap() {
        try (MessagePipe pipe = core.createMessagePipe()) {
            int before = local.liveHandleCount();
            HandleWatcher watcher = new HandleWatcher(Runnable::run);
            watcher.start(pipe.end0(), Signals.READABLE, (result, state) -> {});
            assertThat(local.liveHandleCount()).isEqualTo(before + 1); // its private trap
            watcher.cancel();
            assertThat(watcher.isWatching()).isFalse();
            assertThat(local.liveHandleCount()).isEqualTo(before);
            watcher.close(); // idempotent
            assertThat(local.liveHandleCount()).isEqualTo(before);
        }
    }

    @Test
    void handleWatcher_startOnAClosedHandle_throws_andLeavesNoTrap() {
        MessagePipe pipe = core.createMessagePipe();
        org.jmojo.system.MessagePipeEndpoint stale = pipe.end0();
        int before = local.liveHandleCount();
        pipe.close();
        try (HandleWatcher watcher = new HandleWatcher(Runnable::run)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> watcher.start(stale, Signals.READABLE, (result, state) -> {}))
                    .isInstanceOf(org.jmojo.system.InvalidHandleException.class);
            assertThat(watcher.isWatching()).isFalse();
            assertThat(local.liveHandleCount()).isEqualTo(before - 2); // the pipe's two ends, and no trap
            // Cancelled, it can start again.
            try (MessagePipe other = core.createMessagePipe()) {
                watcher.start(other.end0(), Signals.READABLE, (result, state) -> {});
                assertThat(local.liveHandleCount()).isEqualTo(before + 1);
            }
        }
    }

    @Test
    void handleWatcher_watchedHandleClosed_lastCallbackIsCancelled_andTheTrapIsClosed() {
        MessagePipe pipe = core.createMessagePipe();
        try (HandleWatcher watcher = new HandleWatcher(Runnable::run)) {
            int before = local.liveHandleCount();
            List<MojoResult> results = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<SignalsState> states = new java.util.concurrent.CopyOnWriteArrayList<>();
            watcher.start(pipe.end0(), Signals.READABLE, (result, state) -> {
                results.add(result);
                states.add(state);
            });
            pipe.end0().close();
            assertThat(results).containsExactly(MojoResult.CANCELLED);
            assertThat(watcher.isWatching()).isFalse();
            // The watcher's trap and the closed endpoint are both gone.
            assertThat(local.liveHandleCount()).isEqualTo(before - 1);
        } finally {
            pipe.close();
        }
    }

    @Test
    void readAsync_completed_closesItsTrap() throws Exception {
        try (MessagePipe pipe = core.createMessagePipe()) {
            int before = local.liveHandleCount();
            CompletableFuture<Message> read = pipe.end1().readAsync(Runnable::run);
            assertThat(local.liveHandleCount()).isEqualTo(before + 1);
            assertThat(pipe.end0().writeMessage(new byte[] {7})).isEqualTo(MojoResult.OK);
            assertThat(read.get(30, TimeUnit.SECONDS).bytes()).containsExactly(7);
            assertThat(local.liveHandleCount()).isEqualTo(before);
        }
    }

    @Test
    void readAsync_cancelledByTheCaller_closesItsTrap() {
        try (MessagePipe pipe = core.createMessagePipe()) {
            int before = local.liveHandleCount();
            CompletableFuture<Message> read = pipe.end1().readAsync(Runnable::run);
            assertThat(read.cancel(false)).isTrue();
            assertThat(local.liveHandleCount()).isEqualTo(before);
        }
    }

    /** An unwrapped platform handle gives its value back: the descriptor went to the caller, the handle is gone. */
    @Test
    void platformHandle_unwrapped_leavesTheTable(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = org.jmojo.internal.platform.TestFiles.file(dir, "unwrap.txt", "content");
        int before = local.liveHandleCount();
        org.jmojo.system.PlatformHandle h = core.wrapFileChannel(
                java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ));
        assertThat(local.liveHandleCount()).isEqualTo(before + 1);
        try (java.nio.channels.FileChannel back = h.unwrapFileChannel()) {
            assertThat(back.isOpen()).isTrue();
            assertThat(local.liveHandleCount()).isEqualTo(before);
        }
    }
}

package org.jmojo.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jmojo.internal.sync.HeldLocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs with both ends of its pipes on one node; {@link AsyncCrossNodeTest} runs it with them on two. */
@Timeout(30)
class AsyncTest extends PlacedPipes {
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "async-test-executor"));

    @AfterEach
    void shutDown() {
        executor.shutdownNow();
    }

    private static Throwable cause(CompletableFuture<?> f) throws InterruptedException {
        try {
            f.get(10, TimeUnit.SECONDS);
            throw new AssertionError("future completed normally");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("future did not complete", e);
        }
    }

    @Test
    void readAsync_messageWrittenLater_completesOnExecutor() throws Exception {
        try (MessagePipe p = nodes.createMessagePipe()) {
            AtomicReference<CompletableFuture<Message>> future = new AtomicReference<>();
            CompletableFuture<Boolean> completedByExecutorTask = new CompletableFuture<>();
            Executor watching = task -> executor.execute(() -> {
                boolean before = future.get().isDone();
                task.run();
                completedByExecutorTask.complete(!before && future.get().isDone());
            });
            future.set(p.end1().readAsync(watching));
            assertThat(future.get()).isNotDone();
            p.end0().writeMessage(new byte[] {5});
            assertThat(future.get().get(10, TimeUnit.SECONDS).bytes()).containsExactly(5);
            assertThat(completedByExecutorTask.get(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void readAsync_messageAlreadyQueued_completesOnExecutor() throws Exception {
        try (MessagePipe p = nodes.createMessagePipe()) {
            p.end0().writeMessage(new byte[] {6});
            assertThat(p.end1().readAsync(executor).get(10, TimeUnit.SECONDS).bytes()).containsExactly(6);
        }
    }

    @Test
    void readAsync_peerClosedAndDrained_failedPrecondition() throws Exception {
        try (MessagePipe p = nodes.createMessagePipe()) {
            CompletableFuture<Message> f = p.end1().readAsync(executor);
            p.end0().close();
            assertThat(cause(f)).isInstanceOfSatisfying(MojoException.class,
                    e -> assertThat(e.result()).isEqualTo(MojoResult.FAILED_PRECONDITION));
        }
    }

    @Test
    void readAsync_endpointClosed_cancelled() throws Exception {
        MessagePipe p = nodes.createMessagePipe();
        CompletableFuture<Message> f = p.end1().readAsync(executor);
        p.end1().close();
        assertThat(cause(f)).isInstanceOfSatisfying(MojoException.class,
                e -> assertThat(e.result()).isEqualTo(MojoResult.CANCELLED));
        p.end0().close();
    }

    @Test
    void readAsync_carriesHandles() throws Exception {
        try (MessagePipe p = nodes.createMessagePipe(); MessagePipe cargo = nodes.createMessagePipe()) {
            CompletableFuture<Message> f = p.end1().readAsync(executor);
            p.end0().writeMessage(new byte[0], List.of(cargo.end0()));
            try (MessagePipeEndpoint e = f.get(10, TimeUnit.SECONDS).handle(0, MessagePipeEndpoint.class)) {
                assertThat(e.writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK);
                assertThat(cargo.end1().readMessage().isOk()).isTrue();
            }
        }
    }

    @Test
    void handleWatcher_callsBackOnExecutorAndReArms() throws Exception {
        BlockingQueue<MojoResult> results = new LinkedBlockingQueue<>();
        BlockingQueue<Integer> heldLocks = new LinkedBlockingQueue<>();
        try (MessagePipe p = nodes.createMessagePipe(); HandleWatcher w = new HandleWatcher(executor)) {
            w.start(p.end1(), Signals.READABLE, (r, s) -> {
                heldLocks.add(HeldLocks.total());
                if (r == MojoResult.OK) {
                    p.end1().readMessage();
                }
                results.add(r);
            });
            assertThat(w.isWatching()).isTrue();
            p.end0().writeMessage(new byte[1]);
            assertThat(results.poll(10, TimeUnit.SECONDS)).isEqualTo(MojoResult.OK);
            p.end0().writeMessage(new byte[1]);
            assertThat(results.poll(10, TimeUnit.SECONDS)).isEqualTo(MojoResult.OK);
            p.end0().close();
            assertThat(results.poll(10, TimeUnit.SECONDS)).isEqualTo(MojoResult.FAILED_PRECONDITION);
            executor.submit(() -> {}).get(10, TimeUnit.SECONDS);
            assertThat(w.isWatching()).isFalse();
            assertThat(heldLocks).containsOnly(0);
        }
    }

    @Test
    void handleWatcher_handleClosed_cancelledCallback() throws Exception {
        BlockingQueue<MojoResult> results = new LinkedBlockingQueue<>();
        MessagePipe p = nodes.createMessagePipe();
        try (HandleWatcher w = new HandleWatcher(executor)) {
            w.start(p.end1(), Signals.READABLE, (r, s) -> results.add(r));
            p.end1().close();
            assertThat(results.poll(10, TimeUnit.SECONDS)).isEqualTo(MojoResult.CANCELLED);
        } finally {
            p.close();
        }
    }

    @Test
    void handleWatcher_cancel_noMoreCallbacks() throws Exception {
        BlockingQueue<MojoResult> results = new LinkedBlockingQueue<>();
        try (MessagePipe p = nodes.createMessagePipe()) {
            HandleWatcher w = new HandleWatcher(executor);
            w.start(p.end1(), Signals.READABLE, (r, s) -> results.add(r));
            w.cancel();
            p.end0().writeMessage(new byte[1]);
            executor.submit(() -> {}).get(10, TimeUnit.SECONDS);
            assertThat(results).isEmpty();
            assertThat(w.isWatching()).isFalse();
            // A cancelled watcher can start again.
            w.start(p.end1(), Signals.READABLE, (r, s) -> {
                p.end1().readMessage();
                results.add(r);
            });
            assertThat(results.poll(10, TimeUnit.SECONDS)).isEqualTo(MojoResult.OK);
            w.cancel();
        }
    }

    @Test
    void readAsync_cancelledBeforeMessage_messageStaysQueued() throws Exception {
        try (MessagePipe p = nodes.createMessagePipe()) {
            CompletableFuture<Message> f = p.end1().readAsync(executor);
            assertThat(f.cancel(false)).isTrue();
            p.end0().writeMessage(new byte[] {4});
            executor.submit(() -> {}).get(10, TimeUnit.SECONDS);
            assertThat(p.end1().readMessage().message().bytes()).containsExactly(4);
        }
    }

    @Test
    void handleWatcher_startOnInvalidHandle_throwsAndStaysIdle() {
        MessagePipe p = nodes.createMessagePipe();
        p.close();
        try (HandleWatcher w = new HandleWatcher(executor)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> w.start(p.end0(), Signals.READABLE, (r, s) -> {}))
                    .isInstanceOf(InvalidHandleException.class);
            assertThat(w.isWatching()).isFalse();
        }
    }

    @Test
    void handleWatcher_startTwice_alreadyExists() {
        try (MessagePipe p = nodes.createMessagePipe(); HandleWatcher w = new HandleWatcher(executor)) {
            w.start(p.end1(), Signals.READABLE, (r, s) -> {});
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> w.start(p.end1(), Signals.READABLE, (r, s) -> {}))
                    .isInstanceOfSatisfying(MojoException.class,
                            e -> assertThat(e.result()).isEqualTo(MojoResult.ALREADY_EXISTS))
                    .hasMessageContaining("already watching");
        }
    }

    @Test
    void readAsync_executorRefuses_futureFailsWithRefusal() throws Exception {
        try (MessagePipe p = nodes.createMessagePipe()) {
            Executor refusing = task -> {
                throw new java.util.concurrent.RejectedExecutionException("shut down");
            };
            CompletableFuture<Message> f = p.end1().readAsync(refusing);
            assertThat(p.end0().writeMessage(new byte[1])).isEqualTo(MojoResult.OK);
            assertThat(cause(f)).isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
        }
    }

    @Test
    void handleWatcher_executorRefuses_watchCancelled() {
        try (MessagePipe p = nodes.createMessagePipe()) {
            HandleWatcher w = new HandleWatcher(task -> {
                throw new java.util.concurrent.RejectedExecutionException("shut down");
            });
            w.start(p.end1(), Signals.READABLE, (r, s) -> {});
            assertThat(p.end0().writeMessage(new byte[1])).isEqualTo(MojoResult.OK);
            assertThat(w.isWatching()).isFalse();
        }
    }
}

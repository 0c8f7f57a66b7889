package org.jmojo.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/**
 * {@link MessagePipeEndpoint#readAsync} with an executor the test runs by hand ({@link ManualExecutor}):
 * the future completes only when the executor runs the completion, and a message whose reader gave
 * up (the future was cancelled, or the executor refused) has its handles closed instead of leaked.
 * {@link AsyncTest} runs the same on a real executor.
 */
class ReadAsyncTest {
    private final Core core = Core.instance();
    private final ManualExecutor executor = new ManualExecutor();

    private static Throwable failure(CompletableFuture<?> f) {
        assertThat(f).isCompletedExceptionally();
        try {
            f.join();
            throw new AssertionError("completed normally");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    @Test
    void messageQueued_futureCompletesOnlyWhenTheExecutorRuns() {
        try (MessagePipe p = core.createMessagePipe()) {
            p.end0().writeMessage(new byte[] {3});

            CompletableFuture<Message> f = p.end1().readAsync(executor);

            assertThat(f).isNotDone();
            assertThat(executor.tasks).hasSize(1);
            assertThat(executor.runNext()).isNull();
            assertThat(f.join().bytes()).containsExactly(3);
            // Read once: the message left the queue, and nothing else is scheduled.
            assertThat(p.end1().readMessage().result()).isEqualTo(MojoResult.SHOULD_WAIT);
            assertThat(executor.tasks).isEmpty();
        }
    }

    @Test
    void cancelledAfterTheRead_beforeTheCompletionRan_theMessagesHandlesAreClosed() {
        try (MessagePipe p = core.createMessagePipe(); MessagePipe cargo = core.createMessagePipe()) {
            CompletableFuture<Message> f = p.end1().readAsync(executor);
            assertThat(p.end0().writeMessage(new byte[] {1}, List.of(cargo.end0()))).isEqualTo(MojoResult.OK);
            assertThat(executor.tasks).as("the completion, read but not yet delivered").hasSize(1);

            assertThat(f.cancel(false)).isTrue();
            assertThat(executor.runNext()).isNull();

            // The reader gave the message up: its endpoint is closed, so the cargo's other end is told.
            assertThat(cargo.end1().querySignalsState().satisfiesAll(Signals.PEER_CLOSED)).isTrue();
            assertThat(f).isCancelled();
        }
    }

    @Test
    void executorRefuses_futureFailsWithTheRefusal_andTheMessagesHandlesAreClosed() {
        try (MessagePipe p = core.createMessagePipe(); MessagePipe cargo = core.createMessagePipe()) {
            executor.refuseNext = 1;
            assertThat(p.end0().writeMessage(new byte[] {1}, List.of(cargo.end0()))).isEqualTo(MojoResult.OK);

            CompletableFuture<Message> f = p.end1().readAsync(executor);

            assertThat(failure(f)).isInstanceOf(RejectedExecutionException.class).hasMessage("refused by the test");
            assertThat(cargo.end1().querySignalsState().satisfiesAll(Signals.PEER_CLOSED)).isTrue();
            // The message was taken (and its handles closed): nothing is left to read.
            assertThat(p.end1().readMessage().result()).isEqualTo(MojoResult.SHOULD_WAIT);
        }
    }

    @Test
    void endpointClosedWhileWaiting_cancelledNamingTheHandle_onTheExecutor() {
        MessagePipe p = core.createMessagePipe();
        int value = p.end1().value();
        CompletableFuture<Message> f = p.end1().readAsync(executor);

        p.end1().close();

        assertThat(f).isNotDone();
        assertThat(executor.runNext()).isNull();
        assertThat(failure(f)).isInstanceOfSatisfying(MojoException.class, e -> {
            assertThat(e.result()).isEqualTo(MojoResult.CANCELLED);
            assertThat(e).hasMessageContaining("handle=0x" + Integer.toHexString(value)
                    + " was closed or sent before a message arrived");
        });
        assertThat(executor.tasks).isEmpty();
        p.close();
    }

    @Test
    void peerClosedAndEverythingRead_failedPreconditionNamingTheHandle() {
        try (MessagePipe p = core.createMessagePipe()) {
            p.end0().writeMessage(new byte[] {9});
            p.end0().close();
            // The queued message first, then the failure.
            CompletableFuture<Message> first = p.end1().readAsync(executor);
            assertThat(executor.runNext()).isNull();
            assertThat(first.join().bytes()).containsExactly(9);

            CompletableFuture<Message> f = p.end1().readAsync(executor);

            assertThat(executor.runNext()).isNull();
            assertThat(failure(f)).isInstanceOfSatisfying(MojoException.class, e -> {
                assertThat(e.result()).isEqualTo(MojoResult.FAILED_PRECONDITION);
                assertThat(e).hasMessageContaining("handle=0x" + Integer.toHexString(p.end1().value())
                        + ": the peer is closed and every message was read");
            });
        }
    }

    @Test
    void peerClosesWhileWaiting_failedPrecondition() {
        try (MessagePipe p = core.createMessagePipe()) {
            CompletableFuture<Message> f = p.end1().readAsync(executor);
            assertThat(executor.tasks).isEmpty();

            p.end0().close();

            assertThat(executor.runNext()).isNull();
            assertThat(failure(f)).isInstanceOfSatisfying(MojoException.class,
                    e -> assertThat(e.result()).isEqualTo(MojoResult.FAILED_PRECONDITION));
        }
    }

    @Test
    void twoMessagesWhileWaiting_eachReadAsyncTakesOne() {
        try (MessagePipe p = core.createMessagePipe()) {
            CompletableFuture<Message> f = p.end1().readAsync(executor);
            p.end0().writeMessage(new byte[] {1});
            p.end0().writeMessage(new byte[] {2});
            assertThat(executor.tasks).hasSize(1);
            assertThat(executor.runNext()).isNull();
            assertThat(f.join().bytes()).containsExactly(1);

            CompletableFuture<Message> g = p.end1().readAsync(executor);
            assertThat(executor.runNext()).isNull();
            assertThat(g.join().bytes()).containsExactly(2);
            assertThat(executor.tasks).isEmpty();
        }
    }

    @Test
    void closedEndpoint_throwsAtOnce_andLeavesNoTrap() {
        MessagePipe p = core.createMessagePipe();
        p.end1().close();
        assertThatThrownBy(() -> p.end1().readAsync(executor)).isInstanceOf(InvalidHandleException.class);
        assertThat(executor.tasks).isEmpty();
        p.close();
    }
}

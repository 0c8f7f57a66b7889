package org.jmojo.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs with both ends of its pipes on one node; {@link WaitCrossNodeTest} runs it with them on two. */
@Timeout(30)
class WaitTest extends PlacedPipes {
    /**
     * Spins (no sleep) until {@code t} is blocked in its wait, so a state change is sure to happen during it: parked,
     * or, for a platform thread waiting on a pipe whose peer is on another node, polling that node's channel as the
     * holder of its read token (docs/concurrency.md), which it reaches only once its wake-up is registered.
     */
    static void awaitParked(Thread t) {
        while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING
                && !pollsAsReadTokenHolder(t)) {
            assertThat(t.isAlive()).as("waiter ended before parking").isTrue();
            Thread.onSpinWait();
        }
    }

    private static boolean pollsAsReadTokenHolder(Thread t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().equals("org.jmojo.internal.channel.UnixChannel")
                    && e.getMethodName().equals("awaitAsHolder")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void wait_alreadySatisfied_okAtOnce() {
        try (MessagePipe p = nodes.createMessagePipe()) {
            WaitResult r = nodes.core0().wait(p.end0(), Signals.WRITABLE, Deadline.NONE);
            assertThat(r.result()).isEqualTo(MojoResult.OK);
            assertThat(r.signalsState().satisfied().containsAll(Signals.WRITABLE)).isTrue();
        }
    }

    @Test
    void wait_unsatisfiable_failedPreconditionAtOnce() {
        try (MessagePipe p = nodes.createMessagePipe()) {
            p.end1().close();
            WaitResult r = nodes.core0().wait(p.end0(), Signals.READABLE, Deadline.INFINITE);
            assertThat(r.result()).isEqualTo(MojoResult.FAILED_PRECONDITION);
            assertThat(r.signalsState().satisfied()).isEqualTo(Signals.PEER_CLOSED);
        }
    }

    @Test
    void wait_pollNotSatisfied_deadlineExceeded() {
        try (MessagePipe p = nodes.createMessagePipe()) {
            WaitResult r = nodes.core0().wait(p.end0(), Signals.READABLE, Deadline.NONE);
            assertThat(r.result()).isEqualTo(MojoResult.DEADLINE_EXCEEDED);
            assertThat(r.signalsState().satisfied()).isEqualTo(nodes.withPeerRemote(Signals.WRITABLE));
            assertThat(nodes.core0().wait(p.end0(), Signals.READABLE, Deadline.after(Duration.ofMillis(2))).result())
                    .isEqualTo(MojoResult.DEADLINE_EXCEEDED);
        }
    }

    @Test
    void wait_messageWrittenByAnotherThread_ok() throws Exception {
        try (MessagePipe p = nodes.createMessagePipe()) {
            CompletableFuture<WaitResult> waiting = new CompletableFuture<>();
            Thread waiter = Thread.ofPlatform().start(() -> waiting.complete(nodes.core1().wait(p.end1(), Signals.READABLE, Deadline.INFINITE)));
            awaitParked(waiter);
            p.end0().writeMessage(new byte[] {1});
            WaitResult r = waiting.get(10, TimeUnit.SECONDS);
            assertThat(r.result()).isEqualTo(MojoResult.OK);
            assertThat(r.signalsState().satisfied().containsAll(Signals.READABLE)).isTrue();
        }
    }

    @Test
    void wait_peerClosedDuringWait_failedPrecondition() throws Exception {
        try (MessagePipe p = nodes.createMessagePipe()) {
            CompletableFuture<WaitResult> waiting = new CompletableFuture<>();
            Thread waiter = Thread.ofPlatform().start(() -> waiting.complete(nodes.core1().wait(p.end1(), Signals.READABLE, Deadline.INFINITE)));
            awaitParked(waiter);
            p.end0().close();
            assertThat(waiting.get(10, TimeUnit.SECONDS).result()).isEqualTo(MojoResult.FAILED_PRECONDITION);
        }
    }

    @Test
    void wait_handleClosedDuringWait_cancelled() throws Exception {
        try (MessagePipe p = nodes.createMessagePipe()) {
            CompletableFuture<WaitResult> waiting = new CompletableFuture<>();
            Thread waiter = Thread.ofPlatform().start(() -> waiting.complete(nodes.core1().wait(p.end1(), Signals.READABLE, Deadline.INFINITE)));
            awaitParked(waiter);
            p.end1().close();
            WaitResult r = waiting.get(10, TimeUnit.SECONDS);
            assertThat(r.result()).isEqualTo(MojoResult.CANCELLED);
            assertThat(r.signalsState()).isEqualTo(SignalsState.NONE);
        }
    }

    @Test
    void wait_handleSentDuringWait_cancelled() throws Exception {
        try (MessagePipe p = nodes.createMessagePipe(); MessagePipe carrier = nodes.core1().createMessagePipe()) {
            CompletableFuture<WaitResult> waiting = new CompletableFuture<>();
            Thread waiter = Thread.ofPlatform().start(() -> waiting.complete(nodes.core1().wait(p.end1(), Signals.READABLE, Deadline.INFINITE)));
            awaitParked(waiter);
            carrier.end0().writeMessage(new byte[0], List.of(p.end1()));
            assertThat(waiting.get(10, TimeUnit.SECONDS).result()).isEqualTo(MojoResult.CANCELLED);
            carrier.end1().readMessage().message().closeHandles();
        }
    }

    @Test
    void waitMany_secondHandleReady_reportsItsIndex() {
        try (MessagePipe a = nodes.createMessagePipe(); MessagePipe b = nodes.createMessagePipe()) {
            b.end0().writeMessage(new byte[1]);
            WaitManyResult r = nodes.core1().waitMany(List.of(a.end1(), b.end1()), List.of(Signals.READABLE, Signals.READABLE), Deadline.INFINITE);
            assertThat(r.result()).isEqualTo(MojoResult.OK);
            assertThat(r.index()).isEqualTo(1);
            assertThat(r.signalsStates()).hasSize(2);
            assertThat(r.signalsStates().get(1).satisfied().containsAll(Signals.READABLE)).isTrue();
        }
    }

    @Test
    void waitMany_unsatisfiable_failedPreconditionWithIndex() {
        try (MessagePipe a = nodes.createMessagePipe(); MessagePipe b = nodes.createMessagePipe()) {
            b.end0().close();
            WaitManyResult r = nodes.core1().waitMany(List.of(a.end1(), b.end1()), List.of(Signals.READABLE, Signals.READABLE), Deadline.INFINITE);
            assertThat(r.result()).isEqualTo(MojoResult.FAILED_PRECONDITION);
            assertThat(r.index()).isEqualTo(1);
        }
    }

    @Test
    void waitMany_invalidHandle_reportsItsIndex() {
        try (MessagePipe a = nodes.createMessagePipe()) {
            MessagePipe b = nodes.createMessagePipe();
            MessagePipe closed = nodes.createMessagePipe();
            closed.close();
            assertThatThrownBy(() -> nodes.core1().waitMany(
                            List.of(a.end1(), b.end1(), closed.end1()),
                            List.of(Signals.READABLE, Signals.READABLE, Signals.READABLE),
                            Deadline.NONE))
                    .isInstanceOfSatisfying(InvalidHandleException.class, e -> {
                        assertThat(e.index()).isEqualTo(2);
                        assertThat(e.result()).isEqualTo(MojoResult.INVALID_ARGUMENT);
                    })
                    .hasMessageContaining("handles[2]");
            b.close();
        }
    }

    @Test
    void waitMany_secondAlreadyReady_noTimeToWait_okWithItsIndexAndState() {
        try (MessagePipe a = nodes.createMessagePipe(); MessagePipe b = nodes.createMessagePipe()) {
            b.end0().writeMessage(new byte[] {1});

            WaitManyResult r = nodes.core1().waitMany(List.of(a.end1(), b.end1()), List.of(Signals.READABLE, Signals.READABLE),
                    Deadline.NONE);

            assertThat(r.result()).isEqualTo(MojoResult.OK);
            assertThat(r.index()).isEqualTo(1);
            assertThat(r.signalsStates().get(1).satisfiesAll(Signals.READABLE)).isTrue();
        }
    }

    @Test
    void waitMany_noneReady_deadlineExceededIndexMinusOne() {
        try (MessagePipe a = nodes.createMessagePipe()) {
            WaitManyResult r = nodes.core1().waitMany(List.of(a.end1()), List.of(Signals.READABLE), Deadline.after(Duration.ofMillis(1)));
            assertThat(r.result()).isEqualTo(MojoResult.DEADLINE_EXCEEDED);
            assertThat(r.index()).isEqualTo(-1);
        }
    }

    @Test
    void waitMany_handleClosedDuringWait_cancelledWithIndex() throws Exception {
        try (MessagePipe a = nodes.createMessagePipe(); MessagePipe b = nodes.createMessagePipe()) {
            CompletableFuture<WaitManyResult> waiting = new CompletableFuture<>();
            Thread waiter = Thread.ofPlatform().start(() -> waiting.complete(nodes.core1().waitMany(
                    List.of(a.end1(), b.end1()), List.of(Signals.READABLE, Signals.READABLE), Deadline.INFINITE)));
            awaitParked(waiter);
            b.end1().close();
            WaitManyResult r = waiting.get(10, TimeUnit.SECONDS);
            assertThat(r.result()).isEqualTo(MojoResult.CANCELLED);
            assertThat(r.index()).isEqualTo(1);
        }
    }

    @Test
    void waitMany_mismatchedLists_invalidArgument() {
        try (MessagePipe a = nodes.createMessagePipe()) {
            assertThatThrownBy(() -> nodes.core1().waitMany(List.of(a.end0()), List.of(), Deadline.NONE))
                    .isInstanceOfSatisfying(MojoException.class,
                            e -> assertThat(e.result()).isEqualTo(MojoResult.INVALID_ARGUMENT))
                    .hasMessageContaining("handles.size()=1, signals.size()=0");
        }
    }

    @Test
    void waitMany_emptyLists_invalidArgument() {
        assertThatThrownBy(() -> nodes.core1().waitMany(List.of(), List.of(), Deadline.NONE))
                .isInstanceOfSatisfying(MojoException.class,
                        e -> assertThat(e.result()).isEqualTo(MojoResult.INVALID_ARGUMENT))
                .hasMessageContaining("handles=[]: waitMany needs at least one handle");
    }

    /**
     * Far more virtual threads than carriers block in wait(); a virtual thread then writes to each pipe.
     * If a wait pinned its carrier, the writer could never be scheduled and the test would time out.
     */
    @Test
    @Timeout(60)
    void wait_onVirtualThread_doesNotPin() throws Exception {
        int waiters = Runtime.getRuntime().availableProcessors() * 8 + 8;
        List<MessagePipe> pipes = new ArrayList<>();
        for (int i = 0; i < waiters; i++) {
            pipes.add(nodes.createMessagePipe());
        }
        try (ExecutorService vts = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<WaitResult>> results = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (MessagePipe p : pipes) {
                CompletableFuture<Thread> started = new CompletableFuture<>();
                results.add(vts.submit(() -> {
                    started.complete(Thread.currentThread());
                    return nodes.core1().wait(p.end1(), Signals.READABLE, Deadline.INFINITE);
                }));
                threads.add(started.get());
            }
            threads.forEach(WaitTest::awaitParked);
            Future<?> writer = vts.submit(() -> pipes.forEach(p -> p.end0().writeMessage(new byte[] {1})));
            writer.get(30, TimeUnit.SECONDS);
            for (Future<WaitResult> r : results) {
                assertThat(r.get(30, TimeUnit.SECONDS).result()).isEqualTo(MojoResult.OK);
            }
        } finally {
            pipes.forEach(MessagePipe::close);
        }
    }

    @Test
    void waitSpinNanos_defaultIsTwentyMicrosOrZeroOnOneCpu() {
        long expected = System.getProperty(Core.WAIT_SPIN_NANOS_PROPERTY) != null
                ? Long.parseLong(System.getProperty(Core.WAIT_SPIN_NANOS_PROPERTY))
                : Runtime.getRuntime().availableProcessors() == 1 ? 0 : 20_000;
        assertThat(nodes.core0().waitSpinNanos()).isEqualTo(expected);
    }

    @Test
    void wait_interrupted_keepsWaitingAndKeepsInterruptStatus() throws Exception {
        try (MessagePipe p = nodes.createMessagePipe()) {
            CompletableFuture<WaitResult> waiting = new CompletableFuture<>();
            CompletableFuture<Boolean> interruptedAfter = new CompletableFuture<>();
            Thread waiter = Thread.ofPlatform().start(() -> {
                waiting.complete(nodes.core1().wait(p.end1(), Signals.READABLE, Deadline.INFINITE));
                interruptedAfter.complete(Thread.currentThread().isInterrupted());
            });
            awaitParked(waiter);
            waiter.interrupt();
            while (waiter.isInterrupted()) {
                Thread.onSpinWait(); // the wait takes the interrupt status so that park blocks again
            }
            awaitParked(waiter);
            assertThat(waiting).isNotDone();
            p.end0().writeMessage(new byte[1]);
            assertThat(waiting.get(10, TimeUnit.SECONDS).result()).isEqualTo(MojoResult.OK);
            assertThat(interruptedAfter.get(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}

package org.jmojo.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * {@link HandleWatcher} driven by an executor the test runs by hand ({@link ManualExecutor}): every
 * callback runs when the test says, so the order of notifications, re-arms and executor tasks is
 * fixed. {@link AsyncTest} runs the watcher on a real executor.
 */
class HandleWatcherTest {
    private record Call(MojoResult result, SignalsState state) {}

    private final Core core = Core.instance();
    private final ManualExecutor executor = new ManualExecutor();

    /**
     * Whether another thread can use {@code w} (its state lock is free): a lock left held by the test's
     * thread would not show on that thread, the lock being reentrant.
     */
    private static boolean usableFromAnotherThread(HandleWatcher w) {
        try {
            CompletableFuture.supplyAsync(w::isWatching, r -> Thread.ofPlatform().start(r)).get(30, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void callbackLeavesTheConditionTrue_calledAgain_allInOneExecutorTask() {
        List<Call> calls = new ArrayList<>();
        try (MessagePipe p = core.createMessagePipe(); HandleWatcher w = new HandleWatcher(executor)) {
            w.start(p.end1(), Signals.READABLE, (r, s) -> {
                calls.add(new Call(r, s));
                if (calls.size() >= 3) {
                    p.end1().readMessage(); // from the third call on, each call clears the condition
                }
            });
            assertThat(executor.tasks).isEmpty();
            p.end0().writeMessage(new byte[] {1});
            assertThat(executor.tasks).hasSize(1);

            assertThat(executor.runNext()).isNull();

            assertThat(calls).extracting(Call::result).containsExactly(MojoResult.OK, MojoResult.OK, MojoResult.OK);
            assertThat(calls).allSatisfy(c -> assertThat(c.state().satisfiesAll(Signals.READABLE)).isTrue());
            // The later notifications were queued behind the running task, not given tasks of their own.
            assertThat(executor.submitted).isEqualTo(1);
            assertThat(executor.tasks).isEmpty();
            assertThat(w.isWatching()).isTrue();

            // Re-armed: the next message is seen too, in a new task.
            p.end0().writeMessage(new byte[] {2});
            assertThat(executor.runNext()).isNull();
            assertThat(calls).hasSize(4);
            assertThat(executor.submitted).isEqualTo(2);
        }
    }

    @Test
    void callbackThrows_exceptionReachesTheExecutor_aFreshTaskTakesTheRest_watchGoesOn() {
        List<Call> calls = new ArrayList<>();
        RuntimeException thrown = new IllegalStateException("callback failed");
        try (MessagePipe p = core.createMessagePipe(); HandleWatcher w = new HandleWatcher(executor)) {
            w.start(p.end1(), Signals.READABLE, (r, s) -> {
                calls.add(new Call(r, s));
                if (calls.size() == 1) {
                    throw thrown; // without reading: the condition still holds
                }
                p.end1().readMessage();
            });
            p.end0().writeMessage(new byte[] {1});

            assertThat(executor.runNext()).isSameAs(thrown);

            assertThat(usableFromAnotherThread(w)).isTrue();
            assertThat(calls).hasSize(1);
            assertThat(executor.tasks).as("the re-armed notification's task").hasSize(1);
            assertThat(executor.runNext()).isNull();
            assertThat(calls).hasSize(2);
            assertThat(p.end1().querySignalsState().satisfiesAny(Signals.READABLE)).isFalse();
            assertThat(executor.tasks).isEmpty();
            assertThat(w.isWatching()).isTrue();

            p.end0().writeMessage(new byte[] {2});
            assertThat(executor.runNext()).isNull();
            assertThat(calls).hasSize(3);
        }
    }

    @Test
    void callbackThrowsOnItsLastNotification_noTaskResubmitted() {
        List<Call> calls = new ArrayList<>();
        RuntimeException thrown = new IllegalStateException("callback failed");
        try (MessagePipe p = core.createMessagePipe(); HandleWatcher w = new HandleWatcher(executor)) {
            w.start(p.end1(), Signals.READABLE, (r, s) -> {
                calls.add(new Call(r, s));
                p.end1().readMessage();
                throw thrown;
            });
            p.end0().writeMessage(new byte[] {1});

            assertThat(executor.runNext()).isSameAs(thrown);

            assertThat(calls).hasSize(1);
            assertThat(executor.tasks).isEmpty();
            // The watch goes on, and the draining flag was reset: the next notification gets a task.
            p.end0().writeMessage(new byte[] {2});
            assertThat(executor.tasks).hasSize(1);
            assertThat(executor.runNext()).isSameAs(thrown);
            assertThat(calls).hasSize(2);
        }
    }

    @Test
    void cancelledWhileANotificationIsQueued_noCallback_andANewWatchGetsOnlyItsOwn() {
        List<String> calls = new ArrayList<>();
        try (MessagePipe p = core.createMessagePipe(); HandleWatcher w = new HandleWatcher(executor)) {
            w.start(p.end1(), Signals.READABLE, (r, s) -> calls.add("first " + r));
            p.end0().writeMessage(new byte[] {1});
            assertThat(executor.tasks).hasSize(1);

            w.cancel();
            assertThat(w.isWatching()).isFalse();
            // Closing the trap cancels its trigger: that CANCELLED is the watcher's own doing, not queued.
            assertThat(executor.submitted).isEqualTo(1);
            // The message is still there: the new watch is told at once, behind the stale notification.
            w.start(p.end1(), Signals.READABLE, (r, s) -> {
                calls.add("second " + r);
                p.end1().readMessage();
            });
            assertThat(executor.submitted).isEqualTo(1);

            assertThat(executor.runNext()).isNull();

            assertThat(calls).containsExactly("second OK");
            assertThat(w.isWatching()).isTrue();
        }
    }

    @Test
    void cancelled_thenWritten_noTaskAtAll() {
        try (MessagePipe p = core.createMessagePipe()) {
            HandleWatcher w = new HandleWatcher(executor);
            w.start(p.end1(), Signals.READABLE, (r, s) -> {});
            w.cancel();
            w.cancel(); // idempotent

            p.end0().writeMessage(new byte[] {1});

            assertThat(executor.submitted).isZero();
        }
    }

    @Test
    void handleClosed_cancelledOnce_thenTheWatchEnds() {
        List<Call> calls = new ArrayList<>();
        MessagePipe p = core.createMessagePipe();
        try (HandleWatcher w = new HandleWatcher(executor)) {
            w.start(p.end1(), Signals.READABLE, (r, s) -> calls.add(new Call(r, s)));
            p.end1().close();
            assertThat(executor.tasks).hasSize(1);
            // Still watching until the notification is delivered.
            assertThat(w.isWatching()).isTrue();

            assertThat(executor.runNext()).isNull();

            assertThat(calls).extracting(Call::result).containsExactly(MojoResult.CANCELLED);
            assertThat(w.isWatching()).isFalse();
            assertThat(executor.tasks).isEmpty();
            // A finished watcher can watch again. PEER_CLOSED stays satisfied, so the callback ends the watch.
            w.start(p.end0(), Signals.PEER_CLOSED, (r, s) -> {
                calls.add(new Call(r, s));
                w.cancel();
            });
            assertThat(executor.runNext()).isNull();
            assertThat(calls).extracting(Call::result).containsExactly(MojoResult.CANCELLED, MojoResult.OK);
            assertThat(calls.get(1).state().satisfiesAll(Signals.PEER_CLOSED)).isTrue();
            assertThat(executor.tasks).isEmpty();
        } finally {
            p.close();
        }
    }

    @Test
    void neverSatisfiable_failedPreconditionOnce_withTheStateThatSaysSo() {
        List<Call> calls = new ArrayList<>();
        try (MessagePipe p = core.createMessagePipe(); HandleWatcher w = new HandleWatcher(executor)) {
            p.end0().close();
            w.start(p.end1(), Signals.READABLE, (r, s) -> calls.add(new Call(r, s)));
            // Armed on a state that can never satisfy READABLE: told at once, through the executor.
            assertThat(calls).isEmpty();
            assertThat(executor.runNext()).isNull();

            assertThat(calls).hasSize(1);
            assertThat(calls.get(0).result()).isEqualTo(MojoResult.FAILED_PRECONDITION);
            assertThat(calls.get(0).state().canSatisfyAny(Signals.READABLE)).isFalse();
            assertThat(calls.get(0).state().satisfiesAll(Signals.PEER_CLOSED)).isTrue();
            assertThat(w.isWatching()).isFalse();
            assertThat(executor.tasks).isEmpty();
        }
    }

    @Test
    void executorRefuses_watchCancelledAndWarned_andTheWatcherCanStartAgain() {
        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger(HandleWatcher.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                warnings.add(r);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        boolean toParent = logger.getUseParentHandlers();
        logger.addHandler(capture);
        logger.setUseParentHandlers(false);
        List<Call> calls = new ArrayList<>();
        try (MessagePipe p = core.createMessagePipe(); HandleWatcher w = new HandleWatcher(executor)) {
            w.start(p.end1(), Signals.READABLE, (r, s) -> calls.add(new Call(r, s)));
            executor.refuseNext = 1;

            assertThat(p.end0().writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK);

            assertThat(usableFromAnotherThread(w)).isTrue();
            assertThat(w.isWatching()).isFalse();
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0).getMessage()).isEqualTo("HandleWatcher executor refused a callback; watch cancelled");
            assertThat(warnings.get(0).getThrown()).isInstanceOf(RejectedExecutionException.class);

            // The executor takes tasks again: a new watch runs (the refused one left nothing queued).
            w.start(p.end1(), Signals.READABLE, (r, s) -> {
                calls.add(new Call(r, s));
                p.end1().readMessage();
            });
            assertThat(executor.tasks).hasSize(1);
            assertThat(executor.runNext()).isNull();
            assertThat(calls).extracting(Call::result).containsExactly(MojoResult.OK);
        } finally {
            logger.setUseParentHandlers(toParent);
            logger.removeHandler(capture);
        }
    }

    @Test
    void startFailsToAddTheTrigger_exceptionPropagates_notWatching_andTheWatcherCanStartAgain() {
        try (MessagePipe p = core.createMessagePipe(); HandleWatcher w = new HandleWatcher(executor)) {
            assertThatThrownBy(() -> w.start(p.end1(), Signals.NONE, (r, s) -> {}))
                    .isInstanceOfSatisfying(MojoException.class,
                            e -> assertThat(e.result()).isEqualTo(MojoResult.INVALID_ARGUMENT));

            assertThat(w.isWatching()).isFalse();
            List<MojoResult> calls = new ArrayList<>();
            w.start(p.end1(), Signals.READABLE, (r, s) -> {
                calls.add(r);
                p.end1().readMessage();
            });
            p.end0().writeMessage(new byte[] {1});
            assertThat(executor.runNext()).isNull();
            assertThat(calls).containsExactly(MojoResult.OK);
        }
    }

    @Test
    void close_endsTheWatch_likeCancel() {
        try (MessagePipe p = core.createMessagePipe()) {
            HandleWatcher w = new HandleWatcher(executor);
            w.start(p.end1(), Signals.READABLE, (r, s) -> {});

            w.close();

            assertThat(w.isWatching()).isFalse();
            p.end0().writeMessage(new byte[] {1});
            assertThat(executor.submitted).isZero();
        }
    }

    /**
     * A watch that ends (FAILED_PRECONDITION) with its handle's CANCELLED queued behind, whose callback
     * starts a new watch: the old watch's CANCELLED must not reach the new one.
     */
    @Test
    void watchRestartedByItsLastCallback_theOldWatchesQueuedNotificationIsDropped() {
        List<String> calls = new ArrayList<>();
        MessagePipe p = core.createMessagePipe();
        try (MessagePipe q = core.createMessagePipe(); HandleWatcher w = new HandleWatcher(executor)) {
            p.end0().close();
            w.start(p.end1(), Signals.READABLE, (r, s) -> {
                calls.add("old " + r);
                w.start(q.end1(), Signals.READABLE, (r2, s2) -> calls.add("new " + r2));
            });
            // Queued: FAILED_PRECONDITION (READABLE can never come), then CANCELLED as the handle closes.
            p.end1().close();
            assertThat(executor.tasks).hasSize(1);

            assertThat(executor.runNext()).isNull();

            assertThat(calls).containsExactly("old FAILED_PRECONDITION");
            assertThat(w.isWatching()).isTrue();
            assertThat(executor.tasks).isEmpty();
        } finally {
            p.close();
        }
    }

    @Test
    void nullArguments_rejectedNamingThem() {
        assertThatThrownBy(() -> new HandleWatcher(null))
                .isInstanceOf(NullPointerException.class).hasMessage("executor");
        try (MessagePipe p = core.createMessagePipe(); HandleWatcher w = new HandleWatcher(executor)) {
            assertThatThrownBy(() -> w.start(p.end1(), Signals.READABLE, null))
                    .isInstanceOf(NullPointerException.class).hasMessage("callback");
            assertThat(w.isWatching()).isFalse();
        }
    }
}

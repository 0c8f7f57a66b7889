package org.jmojo.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * An executor the test runs by hand: {@link #execute} queues the task, {@link #runNext} runs the oldest
 * one on the test's thread. It can refuse the next tasks ({@link #refuseNext}), as a shut-down executor
 * does. Not thread-safe: for tests that submit and run on one thread.
 */
final class ManualExecutor implements Executor {
    final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    /** Tasks accepted so far. */
    int submitted;
    /** How many of the next tasks to refuse with {@link RejectedExecutionException}. */
    int refuseNext;

    @Override
    public void execute(Runnable task) {
        if (refuseNext > 0) {
            refuseNext--;
            throw new RejectedExecutionException("refused by the test");
        }
        submitted++;
        tasks.add(task);
    }

    /** Runs the oldest queued task; returns what it threw, or null. */
    Throwable runNext() {
        assertThat(tasks).as("a queued task").isNotEmpty();
        try {
            tasks.poll().run();
            return null;
        } catch (RuntimeException | Error e) {
            return e;
        }
    }
}

package org.jmojo.bindings.internal.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dispatch queue: order, one drain at a time, and what a waiting sync call may take early. */
class SerialQueueTest {

    @Test
    void tasks_run_in_order_in_one_drain_and_a_waiting_sync_call_takes_only_sync_tasks() {
        RecordingExecutor executor = new RecordingExecutor();
        SerialQueue queue = new SerialQueue(executor);
        List<String> ran = new ArrayList<>();
        queue.submit(new SerialQueue.Task(false, () -> ran.add("async 1")));
        queue.submit(new SerialQueue.Task(true, () -> ran.add("sync 1")));
        queue.submit(new SerialQueue.Task(false, () -> ran.add("async 2")));
        queue.submit(new SerialQueue.Task(true, () -> ran.add("sync 2")));
        assertThat(executor.given).as("one drain for the four tasks").hasSize(1);

        SerialQueue.Task early = queue.pollSync();
        SerialQueue.run(early);
        assertThat(ran).containsExactly("sync 1");

        executor.given.getFirst().run();
        assertThat(ran).containsExactly("sync 1", "async 1", "async 2", "sync 2");
        assertThat(queue.pollSync()).isNull();
    }

    @Test
    void a_waiter_is_woken_by_a_sync_task_and_not_by_others() {
        SerialQueue queue = new SerialQueue(new RecordingExecutor());
        SyncWaiter waiter = new SyncWaiter();
        queue.addWaiter(waiter);
        long before = waiter.events();
        queue.submit(new SerialQueue.Task(false, () -> { }));
        assertThat(waiter.events()).isEqualTo(before);
        queue.submit(new SerialQueue.Task(true, () -> { }));
        assertThat(waiter.events()).isEqualTo(before + 1);
        queue.removeWaiter(waiter);
        queue.submit(new SerialQueue.Task(true, () -> { }));
        assertThat(waiter.events()).isEqualTo(before + 1);
    }

    @Test
    void a_task_that_throws_does_not_stop_the_queue() {
        RecordingExecutor executor = new RecordingExecutor();
        SerialQueue queue = new SerialQueue(executor);
        List<String> ran = new ArrayList<>();
        queue.submit(new SerialQueue.Task(false, () -> {
            throw new IllegalStateException("boom (expected by the test)");
        }));
        queue.submit(new SerialQueue.Task(false, () -> ran.add("after")));
        executor.given.getFirst().run();
        assertThat(ran).containsExactly("after");
    }
    @Test
    void an_executor_that_refuses_the_drain_drops_the_queued_tasks_and_the_queue_starts_again_later() {
        List<Runnable> accepted = new ArrayList<>();
        boolean[] refuse = {true};
        SerialQueue queue = new SerialQueue(command -> {
            if (refuse[0]) {
                throw new java.util.concurrent.RejectedExecutionException("shut down (expected by the test)");
            }
            accepted.add(command);
        });
        List<String> ran = new ArrayList<>();
        queue.submit(new SerialQueue.Task(true, () -> ran.add("dropped")));
        assertThat(queue.pollSync()).as("the refused task is gone").isNull();
        refuse[0] = false;
        queue.submit(new SerialQueue.Task(false, () -> ran.add("later")));
        assertThat(accepted).as("a new drain is asked for").hasSize(1);
        accepted.getFirst().run();
        assertThat(ran).containsExactly("later");
    }

    @Test
    void a_waiter_woken_before_it_waits_does_not_block() {
        SyncWaiter waiter = new SyncWaiter();
        long seen = waiter.events();
        waiter.wake();
        waiter.await(seen, Long.MAX_VALUE); // returns at once: an event came after 'seen'
        assertThat(waiter.events()).isEqualTo(seen + 1);
    }

    @Test
    void a_waiter_blocks_until_woken_from_another_thread() throws Exception {
        SyncWaiter waiter = new SyncWaiter();
        long seen = waiter.events();
        Thread t = Thread.ofPlatform().start(() -> waiter.await(seen, Long.MAX_VALUE));
        while (t.getState() != Thread.State.WAITING) {
            assertThat(t.isAlive()).as("the waiter returned without an event").isTrue();
            Thread.onSpinWait();
        }
        waiter.wake();
        t.join();
        assertThat(waiter.events()).isEqualTo(seen + 1);
    }

    @Test
    void a_timed_wait_ends_without_an_event_and_an_interrupt_is_kept() throws Exception {
        SyncWaiter waiter = new SyncWaiter();
        long seen = waiter.events();
        waiter.await(seen, 1_000); // 1 microsecond: returns with no event
        assertThat(waiter.events()).isEqualTo(seen);
        boolean[] interrupted = new boolean[1];
        Thread t = Thread.ofPlatform().start(() -> {
            Thread.currentThread().interrupt();
            waiter.await(seen, Long.MAX_VALUE);
            interrupted[0] = Thread.currentThread().isInterrupted();
        });
        while (t.isAlive() && t.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        waiter.wake();
        t.join();
        assertThat(interrupted[0]).as("the interrupt is restored for the caller").isTrue();
    }
}

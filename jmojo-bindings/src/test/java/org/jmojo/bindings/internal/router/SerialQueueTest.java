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
}

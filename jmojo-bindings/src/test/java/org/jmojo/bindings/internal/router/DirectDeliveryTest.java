package org.jmojo.bindings.internal.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * The direct path's per-thread rules, without pipes: a watcher turn produced inside a scope runs on
 * this thread when the outermost scope closes; outside a scope it goes to the fallback; direct tasks
 * submitted by a turn run after it, in order; nesting past the bound goes to the fallback.
 */
class DirectDeliveryTest {

    @Test
    void a_turn_produced_in_a_scope_runs_on_this_thread_when_the_outermost_scope_closes() {
        RecordingExecutor fallback = new RecordingExecutor();
        Executor watcher = DirectDelivery.executor(fallback);
        List<String> ran = new ArrayList<>();
        DirectDelivery.State outer = DirectDelivery.enter();
        DirectDelivery.State inner = DirectDelivery.enter();
        watcher.execute(() -> ran.add("turn"));
        DirectDelivery.exit(inner);
        assertThat(ran).as("not while a scope is still open").isEmpty();
        DirectDelivery.exit(outer);
        assertThat(ran).containsExactly("turn");
        assertThat(fallback.given).isEmpty();
    }

    @Test
    void a_turn_produced_outside_a_scope_goes_to_the_fallback_and_its_direct_tasks_run_after_it() {
        RecordingExecutor fallback = new RecordingExecutor();
        Executor watcher = DirectDelivery.executor(fallback);
        List<String> ran = new ArrayList<>();
        watcher.execute(() -> {
            ran.add("turn begins");
            SerialQueue.DIRECT.execute(() -> ran.add("task 1"));
            SerialQueue.DIRECT.execute(() -> ran.add("task 2"));
            ran.add("turn ends");
        });
        assertThat(ran).isEmpty();
        assertThat(fallback.given).hasSize(1);
        fallback.given.getFirst().run();
        assertThat(ran).containsExactly("turn begins", "turn ends", "task 1", "task 2");
    }

    @Test
    void a_direct_task_outside_a_turn_runs_at_once() {
        List<String> ran = new ArrayList<>();
        SerialQueue.DIRECT.execute(() -> ran.add("task"));
        assertThat(ran).containsExactly("task");
    }

    @Test
    void a_direct_task_of_a_turn_that_makes_another_turn_runs_that_turn_and_its_tasks_first() {
        RecordingExecutor fallback = new RecordingExecutor();
        Executor watcher = DirectDelivery.executor(fallback);
        List<String> ran = new ArrayList<>();
        DirectDelivery.State scope = DirectDelivery.enter();
        watcher.execute(() -> SerialQueue.DIRECT.execute(() -> {
            ran.add("task of turn 1");
            // as a dispatch that writes: a scope, in which the peer's watcher queues its turn
            DirectDelivery.State write = DirectDelivery.enter();
            watcher.execute(() -> SerialQueue.DIRECT.execute(() -> ran.add("task of turn 2")));
            DirectDelivery.exit(write);
            ran.add("task of turn 1 ends");
        }));
        DirectDelivery.exit(scope);
        assertThat(ran).containsExactly("task of turn 1", "task of turn 2", "task of turn 1 ends");
        assertThat(fallback.given).isEmpty();
    }

    @Test
    void turns_nested_past_the_bound_go_to_the_fallback() {
        RecordingExecutor fallback = new RecordingExecutor();
        Executor watcher = DirectDelivery.executor(fallback);
        List<Integer> depths = new ArrayList<>();
        // Each turn's task writes, which makes the next turn: a chain as deep as the test asks.
        class Link implements Runnable {
            final int depth;

            Link(int depth) {
                this.depth = depth;
            }

            @Override
            public void run() {
                SerialQueue.DIRECT.execute(() -> {
                    depths.add(depth);
                    if (depth < 3 * DirectDelivery.MAX_NESTED_TURNS) {
                        DirectDelivery.State write = DirectDelivery.enter();
                        watcher.execute(new Link(depth + 1));
                        DirectDelivery.exit(write);
                    }
                });
            }
        }
        DirectDelivery.State scope = DirectDelivery.enter();
        watcher.execute(new Link(1));
        DirectDelivery.exit(scope);
        assertThat(depths).as("the turns this thread ran nested").hasSize(DirectDelivery.MAX_NESTED_TURNS);
        assertThat(fallback.given).hasSize(1);
        // As a reader thread would: the handed-off turn itself is not nested, the bound applies anew to
        // the turns it makes.
        fallback.given.removeFirst().run();
        assertThat(depths).hasSize(2 * DirectDelivery.MAX_NESTED_TURNS + 1);
        assertThat(fallback.given).hasSize(1);
    }
}

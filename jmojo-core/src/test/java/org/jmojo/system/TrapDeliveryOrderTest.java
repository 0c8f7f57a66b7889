package org.jmojo.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link TrapHandler}'s ordering promise across threads: events of one trap reach its handler in the
 * order they were produced, whichever thread produced them, and nothing follows a trigger's
 * {@code CANCELLED} (issue 7, failure 1).
 *
 * <p>Two traps watch one endpoint. A write on thread A trips both; trap 1's handler runs first on A and
 * blocks, so trap 2's OK is produced but not yet delivered when the main thread cancels trap 2's
 * trigger. The OK was produced first and must be delivered first.
 *
 * <p>{@link TrapDeliveryOrderCrossNodeTest} runs it with the writer on another node than the watched end.
 */
@Timeout(30)
class TrapDeliveryOrderTest extends PlacedPipes {
    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Cancels trap 2's trigger (context 2) on endpoint {@code watched} while trap 1's handler blocks A. */
    private interface Cancel {
        void run(MessagePipeEndpoint watched, Trap trap2);
    }

    /** Runs the race above with {@code cancel}; returns trap 2's events once everything is done. */
    private List<TrapEvent> race(Cancel cancel) throws Exception {
        MessagePipe p = nodes.createMessagePipe();
        CountDownLatch inHandler1 = new CountDownLatch(1);
        CountDownLatch release1 = new CountDownLatch(1);
        List<TrapEvent> events2 = new CopyOnWriteArrayList<>();
        Trap trap1 = nodes.core1().createTrap(e -> {
            if (e.result() == MojoResult.OK) {
                inHandler1.countDown();
                await(release1);
            }
        });
        Trap trap2 = nodes.core1().createTrap(events2::add);
        assertThat(trap1.addTrigger(p.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 1)).isEqualTo(MojoResult.OK);
        assertThat(trap2.addTrigger(p.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 2)).isEqualTo(MojoResult.OK);
        assertThat(trap1.arm().result()).isEqualTo(MojoResult.OK);
        assertThat(trap2.arm().result()).isEqualTo(MojoResult.OK);

        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread a = Thread.ofPlatform().name("writer-A").start(() -> {
            try {
                assertThat(p.end0().writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        await(inHandler1); // trap 2's OK is produced and not delivered: A is inside trap 1's handler
        cancel.run(p.end1(), trap2);
        // The cancelling call delivered trap 2's events in production order, OK (written by A) first.
        assertThat(events2).extracting(TrapEvent::context, TrapEvent::result)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2L, MojoResult.OK),
                        org.assertj.core.groups.Tuple.tuple(2L, MojoResult.CANCELLED));
        release1.countDown();
        a.join();
        assertThat(failure.get()).isNull();
        trap1.close();
        trap2.close();
        p.close();
        return events2;
    }

    @Test
    void okProducedOnAnotherThreadBeforeClose_deliveredBeforeCancelled() throws Exception {
        List<TrapEvent> events2 = race((watched, trap2) -> watched.close());
        // A found nothing left to deliver for trap 2: still exactly OK then CANCELLED.
        assertThat(events2).extracting(TrapEvent::result).containsExactly(MojoResult.OK, MojoResult.CANCELLED);
    }

    @Test
    void okProducedOnAnotherThreadBeforeRemoveTrigger_deliveredBeforeCancelled() throws Exception {
        List<TrapEvent> events2 = race((watched, trap2) -> assertThat(trap2.removeTrigger(2)).isEqualTo(MojoResult.OK));
        assertThat(events2).extracting(TrapEvent::result).containsExactly(MojoResult.OK, MojoResult.CANCELLED);
    }
}

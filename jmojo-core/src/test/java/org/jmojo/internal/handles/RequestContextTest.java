package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jmojo.system.Core;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MojoResult;
import org.jmojo.system.Signals;
import org.jmojo.system.Trap;
import org.jmojo.system.TriggerCondition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link RequestContext}: the scope of an API call, where trap events are delivered when the outermost call ends,
 * or handed to another thread while a read-token holder reads ({@link RequestContext#drainingElsewhere}).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RequestContextTest {
    private final Core core = Core.instance();

    /** Runs nothing until told; refuses every task after the first {@code accepted}. */
    private static final class HeldTasks implements Executor {
        final List<Runnable> tasks = new ArrayList<>();
        final int accepted;

        HeldTasks(int accepted) {
            this.accepted = accepted;
        }

        @Override
        public void execute(Runnable task) {
            if (tasks.size() == accepted) {
                throw new RejectedExecutionException("stopped");
            }
            tasks.add(task);
        }

        void runAll() {
            tasks.forEach(Runnable::run);
        }
    }

    @Test
    void isOutsideCalls_falseInsideNestedCalls_untilTheOutermostEnds() {
        assertThat(RequestContext.isOutsideCalls()).isTrue();
        try (RequestContext outer = RequestContext.enter()) {
            assertThat(RequestContext.isOutsideCalls()).isFalse();
            try (RequestContext inner = RequestContext.enter()) {
                assertThat(RequestContext.isOutsideCalls()).isFalse();
            }
            assertThat(RequestContext.isOutsideCalls()).isFalse();
        }
        assertThat(RequestContext.isOutsideCalls()).isTrue();
    }

    @Test
    void noteTrap_outsideAnyCall_illegalStateNamingTheTrap() {
        TrapDispatcher trap = new TrapDispatcher(LocalCore.of(core), e -> {});
        try {
            assertThatThrownBy(() -> RequestContext.noteTrap(trap))
                    .isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("trap event produced outside a system API call")
                    .hasMessageContaining(trap.toString());
        } finally {
            trap.close();
        }
    }

    @Test
    void drainingElsewhere_insideACallOrNested_illegalState() {
        Executor never = task -> {
            throw new AssertionError("nothing is handed over");
        };
        try (RequestContext c = RequestContext.enter()) {
            assertThatThrownBy(() -> RequestContext.drainingElsewhere(never, () -> {}))
                    .isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("inside an API call (depth 1)");
        }
        List<Throwable> nested = new ArrayList<>();
        RequestContext.drainingElsewhere(never, () -> {
            try {
                RequestContext.drainingElsewhere(never, () -> {});
            } catch (IllegalStateException e) {
                nested.add(e);
            }
        });
        assertThat(nested).singleElement().extracting(Throwable::getMessage).asString().contains("(depth 0)");
        // Left as it was: events are drained here again.
        List<Thread> handlerThreads = new CopyOnWriteArrayList<>();
        try (MessagePipe p = core.createMessagePipe(); Trap trap = core.createTrap(e -> handlerThreads.add(Thread.currentThread()))) {
            trap.addTrigger(p.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 1);
            trap.arm();
            p.end0().writeMessage(new byte[1]);
            assertThat(handlerThreads).containsExactly(Thread.currentThread());
        }
    }

    @Test
    void drainingElsewhere_eventsRunOnlyWhenTheOtherThreadRunsThem_inTheOrderNoted() {
        List<String> delivered = new CopyOnWriteArrayList<>();
        HeldTasks elsewhere = new HeldTasks(Integer.MAX_VALUE);
        try (MessagePipe p = core.createMessagePipe();
                Trap first = core.createTrap(e -> delivered.add("first " + e.result()));
                Trap second = core.createTrap(e -> delivered.add("second " + e.result()))) {
            first.addTrigger(p.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 1);
            second.addTrigger(p.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 1);
            first.arm();
            second.arm();
            RequestContext.drainingElsewhere(elsewhere, () ->
                    assertThat(p.end0().writeMessage(new byte[1])).isEqualTo(MojoResult.OK));
            assertThat(delivered).isEmpty();
            assertThat(elsewhere.tasks).hasSize(2);
            assertThat(RequestContext.isOutsideCalls()).isTrue();
            elsewhere.runAll();
            assertThat(delivered).containsExactly("first OK", "second OK");
        }
    }

    @Test
    void drainingElsewhere_otherThreadStops_theTrapsNotHandedOverAreDrainedHere() {
        List<String> delivered = new CopyOnWriteArrayList<>();
        HeldTasks elsewhere = new HeldTasks(1);
        try (MessagePipe p = core.createMessagePipe();
                Trap first = core.createTrap(e -> delivered.add("first " + e.result()));
                Trap second = core.createTrap(e -> delivered.add("second " + e.result()))) {
            first.addTrigger(p.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 1);
            second.addTrigger(p.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 1);
            first.arm();
            second.arm();
            RequestContext.drainingElsewhere(elsewhere, () -> p.end0().writeMessage(new byte[1]));
            // The first trap went to the other thread before it stopped; the second was drained here.
            assertThat(delivered).containsExactly("second OK");
            assertThat(elsewhere.tasks).hasSize(1);
            elsewhere.runAll();
            assertThat(delivered).containsExactly("second OK", "first OK");
        }
    }
}

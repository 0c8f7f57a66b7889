package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jmojo.system.ArmResult;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.MojoResult;
import org.jmojo.system.Signals;
import org.jmojo.system.SignalsState;
import org.jmojo.system.Trap;
import org.jmojo.system.TrapEvent;
import org.jmojo.system.TriggerCondition;
import org.jmojo.system.WaitSet;
import org.jmojo.system.WaitSetResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A trap trigger or wait-set entry whose watched handle closes while its add is pending (subscribed, not yet
 * active; {@link WatcherDispatcher}): the add still succeeds, nothing judges the registration before it completes,
 * and once it completes the close is reported (the trigger's one event is its {@code CANCELLED}; the entry is ready
 * with {@code CANCELLED}). The close happens inside the window, on the adding thread, through
 * {@link HookedEndpoint#atNextLockedSignals}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PendingRegistrationTest {
    private final Core core = Core.instance();

    @Test
    void trigger_handleClosedWhileTheAddIsPending_addOk_oneCancelledEventOnceActive() {
        List<TrapEvent> events = new CopyOnWriteArrayList<>();
        HookedEndpoint watched = new HookedEndpoint();
        AtomicReference<ArmResult> armedInWindow = new AtomicReference<>();
        List<TrapEvent> eventsInWindow = new CopyOnWriteArrayList<>();
        try (Trap trap = core.createTrap(events::add)) {
            watched.atNextLockedSignals(() -> {
                watched.close();
                eventsInWindow.addAll(events);
                armedInWindow.set(trap.arm());
            });
            assertThat(trap.addTrigger(watched.handle(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 17))
                    .isEqualTo(MojoResult.OK);
            assertThat(eventsInWindow).isEmpty();
            assertThat(armedInWindow.get().result()).isEqualTo(MojoResult.NOT_FOUND);
            assertThat(events).containsExactly(new TrapEvent(17, MojoResult.CANCELLED, SignalsState.NONE, true));
            // The trigger is gone: nothing to arm on, nothing to remove, and no second CANCELLED at the trap's close.
            assertThat(trap.arm().result()).isEqualTo(MojoResult.NOT_FOUND);
            assertThat(trap.removeTrigger(17)).isEqualTo(MojoResult.NOT_FOUND);
        }
        assertThat(events).hasSize(1);
        assertThat(watched.handle().isValid()).isFalse();
    }

    @Test
    void waitSetEntry_handleClosedWhileTheAddIsPending_notJudgedInTheWindow_cancelledOnceActive() {
        HookedEndpoint watched = new HookedEndpoint();
        AtomicReference<WaitSetResult> waitedInWindow = new AtomicReference<>();
        try (WaitSet ws = core.createWaitSet()) {
            watched.atNextLockedSignals(() -> {
                watched.close();
                waitedInWindow.set(ws.wait(Deadline.NONE, 8));
            });
            assertThat(ws.add(watched.handle(), Signals.READABLE, 23)).isEqualTo(MojoResult.OK);
            assertThat(waitedInWindow.get()).isEqualTo(new WaitSetResult(MojoResult.DEADLINE_EXCEEDED, List.of()));
            assertThat(ws.wait(Deadline.NONE, 8)).isEqualTo(new WaitSetResult(
                    MojoResult.OK, List.of(new WaitSetResult.Entry(23, MojoResult.CANCELLED, SignalsState.NONE))));
            assertThat(ws.remove(23)).isEqualTo(MojoResult.OK);
            assertThat(ws.wait(Deadline.NONE, 8).result()).isEqualTo(MojoResult.DEADLINE_EXCEEDED);
        }
    }
}

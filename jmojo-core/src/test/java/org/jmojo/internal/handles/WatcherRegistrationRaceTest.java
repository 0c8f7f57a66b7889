package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.jmojo.system.ArmResult;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.Handle;
import org.jmojo.system.InvalidHandleException;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MojoResult;
import org.jmojo.system.Signals;
import org.jmojo.system.Trap;
import org.jmojo.system.TrapEvent;
import org.jmojo.system.TriggerCondition;
import org.jmojo.system.WaitSet;
import org.jmojo.system.WaitSetResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A trap trigger or wait-set entry being added on one thread while another thread arms the trap, waits
 * on the wait set, or closes it (found by the stress test). Until the add has subscribed to the watched
 * handle it has seen no signals, so it must not be judged (arm and wait skip it); a close that comes
 * first makes the add fail, with no event and no observer left behind.
 *
 * <p>The adding thread is held at its subscription by holding the watched endpoint's lock, which the
 * subscription needs; this thread may still arm, wait with no deadline, and close, as those take the
 * endpoint's lock only reentrantly.
 */
@Timeout(30)
class WatcherRegistrationRaceTest {
    private final Core core = Core.instance();

    private static Dispatcher dispatcherOf(Handle handle) {
        return ((HandleHolder<?>) handle).dispatcher();
    }

    /** Starts {@code add} on another thread and returns once it is blocked subscribing to {@code d}. */
    private static Thread startBlockedOn(Dispatcher d, Runnable add) {
        Thread t = Thread.ofPlatform().start(add);
        while (!d.lock.hasQueuedThreads()) {
            Thread.onSpinWait();
        }
        return t;
    }

    @Test
    void armWhileTriggerIsBeingAdded_noEventFromUnseenSignals_triggerFiresWhenAddCompletes() throws Exception {
        List<TrapEvent> events = new CopyOnWriteArrayList<>();
        try (MessagePipe p = core.createMessagePipe(); MessagePipe quiet = core.createMessagePipe();
                Trap trap = core.createTrap(events::add)) {
            assertThat(p.end0().writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK);
            assertThat(trap.addTrigger(quiet.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 1)).isEqualTo(MojoResult.OK);
            Dispatcher d = dispatcherOf(p.end1());
            AtomicReference<Object> added = new AtomicReference<>();
            Thread adder;
            ArmResult armed;
            d.lock.lock();
            try {
                adder = startBlockedOn(d, () -> added.set(
                        trap.addTrigger(p.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 2)));
                armed = trap.arm();
            } finally {
                d.lock.unlock();
            }
            adder.join();
            // Arming saw only trigger 1 (not ready); trigger 2, readable from the start, fired as its add completed.
            assertThat(armed.result()).isEqualTo(MojoResult.OK);
            assertThat(armed.blockingEvents()).isEmpty();
            assertThat(added.get()).isEqualTo(MojoResult.OK);
            assertThat(events).singleElement().satisfies(e -> {
                assertThat(e.context()).isEqualTo(2);
                assertThat(e.result()).isEqualTo(MojoResult.OK);
                assertThat(e.signalsState().satisfiesAny(Signals.READABLE)).isTrue();
            });
        }
    }

    @Test
    void trapClosedWhileTriggerIsBeingAdded_addFailsNoEventNoObserverLeft() throws Exception {
        List<TrapEvent> events = new CopyOnWriteArrayList<>();
        try (MessagePipe p = core.createMessagePipe()) {
            Trap trap = core.createTrap(events::add);
            Dispatcher d = dispatcherOf(p.end1());
            AtomicReference<Object> added = new AtomicReference<>();
            Thread adder;
            d.lock.lock();
            try {
                adder = startBlockedOn(d, () -> {
                    try {
                        added.set(trap.addTrigger(p.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 7));
                    } catch (RuntimeException e) {
                        added.set(e);
                    }
                });
                trap.close();
            } finally {
                d.lock.unlock();
            }
            adder.join();
            assertThat(added.get()).isInstanceOfSatisfying(InvalidHandleException.class,
                    e -> assertThat(e.handle()).isEqualTo(trap.value()));
            assertThat(events).isEmpty();
            assertThat(d.observerCount()).isZero();
        }
    }

    @Test
    void waitWhileEntryIsBeingAdded_entryNotReportedUntilAdded() throws Exception {
        try (MessagePipe p = core.createMessagePipe(); WaitSet ws = core.createWaitSet()) {
            Dispatcher d = dispatcherOf(p.end1());
            AtomicReference<Object> added = new AtomicReference<>();
            Thread adder;
            WaitSetResult during;
            d.lock.lock();
            try {
                adder = startBlockedOn(d, () -> added.set(ws.add(p.end1(), Signals.READABLE, 3)));
                during = ws.wait(Deadline.NONE, 4);
            } finally {
                d.lock.unlock();
            }
            adder.join();
            assertThat(during.result()).isEqualTo(MojoResult.DEADLINE_EXCEEDED);
            assertThat(added.get()).isEqualTo(MojoResult.OK);
            assertThat(p.end0().writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK);
            WaitSetResult after = ws.wait(Deadline.NONE, 4);
            assertThat(after.result()).isEqualTo(MojoResult.OK);
            assertThat(after.entries()).singleElement().satisfies(e -> {
                assertThat(e.cookie()).isEqualTo(3);
                assertThat(e.result()).isEqualTo(MojoResult.OK);
            });
        }
    }

    /**
     * A trigger added while its handle's close is under way (the port already released, the handle not
     * yet closed) has no signals to be judged by: arming must not report it FAILED_PRECONDITION with no
     * signals. Its one event is the CANCELLED that the close delivers.
     */
    @Test
    void triggerAddedWhileHandleIsClosing_notJudgedByTheEmptyState_cancelledByTheClose() throws Exception {
        List<TrapEvent> events = new CopyOnWriteArrayList<>();
        MessagePipe p = core.createMessagePipe();
        try (MessagePipe quiet = core.createMessagePipe(); Trap trap = core.createTrap(events::add);
                Trap peerWatch = core.createTrap(e -> {})) {
            // An observer on end0, so that end1's close stops to tell it, with end1's port already closed.
            peerWatch.addTrigger(p.end0(), Signals.PEER_CLOSED, TriggerCondition.SIGNALS_SATISFIED, 1);
            trap.addTrigger(quiet.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 1);
            Dispatcher closing = dispatcherOf(p.end1());
            Dispatcher peer = dispatcherOf(p.end0());
            Thread closer;
            ArmResult armed;
            // Another thread holds the peer's lock: this thread then takes endpoint locks itself (the
            // trigger's add), which it may not do while holding one (the lock-order test mode).
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread holder = Thread.ofPlatform().start(() -> {
                peer.lock.lock();
                try {
                    held.countDown();
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    peer.lock.unlock();
                }
            });
            held.await();
            try {
                closer = startBlockedOn(peer, () -> p.end1().close());
                assertThat(closing.state()).isEqualTo(Dispatcher.State.CLOSING);
                assertThat(trap.addTrigger(p.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 2)).isEqualTo(MojoResult.OK);
                armed = trap.arm();
            } finally {
                release.countDown();
                holder.join();
            }
            closer.join();
            assertThat(armed.result()).isEqualTo(MojoResult.OK);
            assertThat(events).extracting(TrapEvent::context, TrapEvent::result)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, MojoResult.CANCELLED));
        } finally {
            p.close();
        }
    }
}

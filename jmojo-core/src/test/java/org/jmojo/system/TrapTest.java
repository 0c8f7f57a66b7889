package org.jmojo.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jmojo.internal.sync.HeldLocks;
import org.junit.jupiter.api.Test;

/**
 * Runs with both ends of its pipes on one node; {@link TrapCrossNodeTest} runs it with them on two. A trap is
 * made on the node of the ends it watches.
 */
class TrapTest extends PlacedPipes {
    private final List<TrapEvent> events = new CopyOnWriteArrayList<>();

    @Test
    void arm_noTriggers_notFound() {
        try (Trap trap = nodes.core1().createTrap(events::add)) {
            assertThat(trap.arm().result()).isEqualTo(MojoResult.NOT_FOUND);
        }
    }

    @Test
    void addTrigger_contextInUse_alreadyExists() {
        try (Trap trap = nodes.core1().createTrap(events::add); MessagePipe p = nodes.createMessagePipe();
                MessagePipe q = nodes.createMessagePipe()) {
            assertThat(trap.addTrigger(q.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 5)).isEqualTo(MojoResult.OK);
            assertThat(trap.addTrigger(p.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 5))
                    .isEqualTo(MojoResult.ALREADY_EXISTS);
        }
    }

    @Test
    void addTrigger_emptySignalsOrTrapHandle_invalidArgument() {
        try (Trap trap = nodes.core1().createTrap(events::add); Trap other = nodes.core1().createTrap(events::add);
                MessagePipe p = nodes.createMessagePipe()) {
            assertThatThrownBy(() -> trap.addTrigger(p.end1(), Signals.NONE, TriggerCondition.SIGNALS_SATISFIED, 1))
                    .isInstanceOfSatisfying(MojoException.class, e -> assertThat(e.result()).isEqualTo(MojoResult.INVALID_ARGUMENT));
            assertThatThrownBy(() -> trap.addTrigger(other, Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 1))
                    .isInstanceOfSatisfying(MojoException.class, e -> assertThat(e.result()).isEqualTo(MojoResult.INVALID_ARGUMENT));
        }
    }

    @Test
    void removeTrigger_unknown_notFound() {
        try (Trap trap = nodes.core1().createTrap(events::add)) {
            assertThat(trap.removeTrigger(9)).isEqualTo(MojoResult.NOT_FOUND);
        }
    }

    @Test
    void trap_armed_firesOnceThenDisarms() {
        try (Trap trap = nodes.core1().createTrap(events::add); MessagePipe p = nodes.createMessagePipe()) {
            trap.addTrigger(p.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 42);
            assertThat(trap.arm().result()).isEqualTo(MojoResult.OK);
            assertThat(events).isEmpty();
            p.end0().writeMessage(new byte[1]);
            assertThat(events).singleElement().satisfies(e -> {
                assertThat(e.context()).isEqualTo(42);
                assertThat(e.result()).isEqualTo(MojoResult.OK);
                assertThat(e.signalsState().satisfied().containsAll(Signals.READABLE)).isTrue();
                assertThat(e.withinApiCall()).isTrue();
            });
            p.end0().writeMessage(new byte[1]);
            assertThat(events).hasSize(1); // disarmed by the first trip
        }
    }

    @Test
    void trap_arm_alreadySatisfied_failedPreconditionWithEvents() {
        try (Trap trap = nodes.core1().createTrap(events::add); MessagePipe p = nodes.createMessagePipe()) {
            p.end0().writeMessage(new byte[1]);
            trap.addTrigger(p.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 1);
            ArmResult r = trap.arm();
            assertThat(r.result()).isEqualTo(MojoResult.FAILED_PRECONDITION);
            assertThat(r.blockingEvents()).singleElement().satisfies(e -> {
                assertThat(e.context()).isEqualTo(1);
                assertThat(e.result()).isEqualTo(MojoResult.OK);
            });
            assertThat(events).isEmpty();
            p.end1().readMessage();
            assertThat(trap.arm().result()).isEqualTo(MojoResult.OK);
        }
    }

    @Test
    void trap_arm_unsatisfiable_failedPreconditionEvent() {
        try (Trap trap = nodes.core1().createTrap(events::add); MessagePipe p = nodes.createMessagePipe()) {
            p.end0().close();
            trap.addTrigger(p.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 1);
            ArmResult r = trap.arm();
            assertThat(r.result()).isEqualTo(MojoResult.FAILED_PRECONDITION);
            assertThat(r.blockingEvents()).singleElement().extracting(TrapEvent::result).isEqualTo(MojoResult.FAILED_PRECONDITION);
        }
    }

    /** {@code arm()} reports every blocking event (up to its default of 64), not just one. */
    @Test
    void trap_arm_severalTriggersSatisfied_everyBlockingEvent() {
        try (Trap trap = nodes.core0().createTrap(events::add); MessagePipe a = nodes.createMessagePipe();
                MessagePipe b = nodes.createMessagePipe(); MessagePipe c = nodes.createMessagePipe()) {
            trap.addTrigger(a.end0(), Signals.WRITABLE, TriggerCondition.SIGNALS_SATISFIED, 1);
            trap.addTrigger(b.end0(), Signals.WRITABLE, TriggerCondition.SIGNALS_SATISFIED, 2);
            trap.addTrigger(c.end0(), Signals.WRITABLE, TriggerCondition.SIGNALS_SATISFIED, 3);

            ArmResult r = trap.arm();

            assertThat(r.result()).isEqualTo(MojoResult.FAILED_PRECONDITION);
            assertThat(r.blockingEvents()).extracting(TrapEvent::context).containsExactlyInAnyOrder(1L, 2L, 3L);
        }
    }

    @Test
    void trap_pass_movesTheTriggersAndTheHandler_oldObjectInvalid() {
        try (MessagePipe p = nodes.createMessagePipe()) {
            Trap old = nodes.core1().createTrap(events::add);
            old.addTrigger(p.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 5);
            try (Trap moved = old.pass()) {
                assertThat(moved.value()).isEqualTo(old.value());
                assertThat(old.isValid()).isFalse();
                assertThatThrownBy(old::arm).isInstanceOf(InvalidHandleException.class).hasMessageContaining("pass()");
                assertThat(moved.arm().result()).isEqualTo(MojoResult.OK);
                p.end0().writeMessage(new byte[1]);
                assertThat(events).singleElement().extracting(TrapEvent::context).isEqualTo(5L);
                assertThat(moved.removeTrigger(5)).isEqualTo(MojoResult.OK);
            }
        }
    }

    @Test
    void trap_arm_blockingEventsRotateBetweenCalls() {
        try (Trap trap = nodes.core0().createTrap(events::add); MessagePipe a = nodes.createMessagePipe(); MessagePipe b = nodes.createMessagePipe()) {
            trap.addTrigger(a.end0(), Signals.WRITABLE, TriggerCondition.SIGNALS_SATISFIED, 1);
            trap.addTrigger(b.end0(), Signals.WRITABLE, TriggerCondition.SIGNALS_SATISFIED, 2);
            long first = trap.arm(1).blockingEvents().getFirst().context();
            long second = trap.arm(1).blockingEvents().getFirst().context();
            assertThat(List.of(first, second)).containsExactlyInAnyOrder(1L, 2L);
        }
    }

    @Test
    void trap_oneStateChange_firesEveryTriggerItMadeRelevant() {
        try (Trap trap = nodes.core0().createTrap(events::add); MessagePipe p = nodes.createMessagePipe()) {
            trap.addTrigger(p.end0(), Signals.PEER_CLOSED, TriggerCondition.SIGNALS_SATISFIED, 1);
            trap.addTrigger(p.end0(), Signals.WRITABLE, TriggerCondition.SIGNALS_UNSATISFIED, 2);
            trap.addTrigger(p.end0(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 3);
            assertThat(trap.arm().result()).isEqualTo(MojoResult.OK);
            p.end1().close();
            assertThat(events).extracting(TrapEvent::context, TrapEvent::result)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(1L, MojoResult.OK),
                            org.assertj.core.groups.Tuple.tuple(2L, MojoResult.OK),
                            org.assertj.core.groups.Tuple.tuple(3L, MojoResult.FAILED_PRECONDITION));
        }
    }

    @Test
    void trap_conditionUnsatisfied_firesWhenSignalClears() {
        try (Trap trap = nodes.core1().createTrap(events::add); MessagePipe p = nodes.createMessagePipe()) {
            p.end0().writeMessage(new byte[1]);
            trap.addTrigger(p.end1(), Signals.READABLE, TriggerCondition.SIGNALS_UNSATISFIED, 8);
            assertThat(trap.arm().result()).isEqualTo(MojoResult.OK);
            p.end1().readMessage();
            assertThat(events).singleElement().satisfies(e -> {
                assertThat(e.context()).isEqualTo(8);
                assertThat(e.result()).isEqualTo(MojoResult.OK);
            });
        }
    }

    @Test
    void removeTrigger_whileDisarmed_cancelledEvent() {
        try (Trap trap = nodes.core1().createTrap(events::add); MessagePipe p = nodes.createMessagePipe()) {
            trap.addTrigger(p.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 4);
            assertThat(trap.removeTrigger(4)).isEqualTo(MojoResult.OK);
            assertThat(events).singleElement().satisfies(e -> {
                assertThat(e.context()).isEqualTo(4);
                assertThat(e.result()).isEqualTo(MojoResult.CANCELLED);
            });
            p.end0().writeMessage(new byte[1]);
            assertThat(events).hasSize(1);
        }
    }

    @Test
    void trap_watchedHandleClosed_cancelledEvent() {
        try (Trap trap = nodes.core1().createTrap(events::add)) {
            MessagePipe p = nodes.createMessagePipe();
            trap.addTrigger(p.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 6);
            p.end1().close();
            assertThat(events).singleElement().extracting(TrapEvent::result).isEqualTo(MojoResult.CANCELLED);
            assertThat(trap.arm().result()).isEqualTo(MojoResult.NOT_FOUND);
            p.end0().close();
        }
    }

    /**
     * The CANCELLED event of a closed handle is delivered as its close() returns, while the handle
     * object still refers to the closed handle: a wait on it from that handler fails as on any closed
     * handle, with InvalidHandleException (naming the index in waitMany), not with a result.
     */
    @Test
    void trap_cancelledHandlerWaitsOnTheClosedHandle_invalidHandle() {
        List<Throwable> waits = new ArrayList<>();
        MessagePipe p = nodes.createMessagePipe();
        MessagePipe q = nodes.createMessagePipe();
        try (Trap trap = nodes.core1().createTrap(e -> {
            if (e.result() == MojoResult.CANCELLED) {
                waits.add(catchThrowable(() -> nodes.core1().wait(p.end1(), Signals.READABLE, Deadline.NONE)));
                waits.add(catchThrowable(() -> nodes.core1().waitMany(List.of(q.end1(), p.end1()),
                        List.of(Signals.READABLE, Signals.READABLE), Deadline.NONE)));
            }
        })) {
            trap.addTrigger(p.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 6);
            p.end1().close();
        }
        p.end0().close();
        q.close();

        assertThat(waits).hasSize(2);
        assertThat(waits.get(0)).isInstanceOf(InvalidHandleException.class);
        assertThat(waits.get(1)).isInstanceOfSatisfying(InvalidHandleException.class,
                e -> assertThat(e.index()).isEqualTo(1));
    }

    @Test
    void trap_watchedHandleSent_cancelledEvent() {
        try (Trap trap = nodes.core1().createTrap(events::add); MessagePipe p = nodes.createMessagePipe(); MessagePipe carrier = nodes.core1().createMessagePipe()) {
            trap.addTrigger(p.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 6);
            carrier.end0().writeMessage(new byte[0], List.of(p.end1()));
            assertThat(events).singleElement().extracting(TrapEvent::result).isEqualTo(MojoResult.CANCELLED);
            carrier.end1().readMessage().message().closeHandles();
        }
    }

    @Test
    void close_trap_cancelsEveryTrigger() {
        try (MessagePipe p = nodes.createMessagePipe(); MessagePipe q = nodes.createMessagePipe()) {
            Trap trap = nodes.core1().createTrap(events::add);
            trap.addTrigger(q.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 1);
            trap.addTrigger(p.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 2);
            trap.close();
            assertThat(events).extracting(TrapEvent::context).containsExactlyInAnyOrder(1L, 2L);
            assertThat(events).extracting(TrapEvent::result).containsOnly(MojoResult.CANCELLED);
            p.end0().writeMessage(new byte[1]);
            assertThat(events).hasSize(2);
        }
    }

    @Test
    void trap_handler_runsWithNoLockHeld() {
        List<Integer> heldInHandler = new ArrayList<>();
        try (MessagePipe p = nodes.createMessagePipe();
                Trap trap = nodes.core1().createTrap(e -> heldInHandler.add(HeldLocks.total()))) {
            trap.addTrigger(p.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 1);
            trap.arm();
            p.end0().writeMessage(new byte[1]);
            trap.removeTrigger(1);
        }
        assertThat(heldInHandler).containsExactly(0, 0);
    }

    @Test
    void trap_handlerReArmsAndWrites_neverReentered() {
        AtomicInteger depth = new AtomicInteger();
        AtomicInteger maxDepth = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        try (MessagePipe p = nodes.createMessagePipe()) {
            Trap[] holder = new Trap[1];
            holder[0] = nodes.core1().createTrap(e -> {
                maxDepth.accumulateAndGet(depth.incrementAndGet(), Math::max);
                try {
                    if (e.result() == MojoResult.OK && calls.incrementAndGet() < 5) {
                        p.end1().readMessage();
                        assertThat(holder[0].arm().result()).isEqualTo(MojoResult.OK);
                        // Fires the same trigger again, inside this handler's own Mojo call.
                        p.end0().writeMessage(new byte[1]);
                    }
                } finally {
                    depth.decrementAndGet();
                }
            });
            try (Trap trap = holder[0]) {
                trap.addTrigger(p.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 1);
                trap.arm();
                p.end0().writeMessage(new byte[1]);
            }
        }
        assertThat(calls.get()).isEqualTo(5);
        assertThat(maxDepth.get()).isEqualTo(1);
    }

    @Test
    void trap_addTriggerWhileArmedAndReady_fires() {
        try (Trap trap = nodes.core1().createTrap(events::add); MessagePipe a = nodes.createMessagePipe(); MessagePipe b = nodes.createMessagePipe()) {
            trap.addTrigger(a.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 1);
            assertThat(trap.arm().result()).isEqualTo(MojoResult.OK);
            trap.addTrigger(b.end1(), Signals.WRITABLE, TriggerCondition.SIGNALS_SATISFIED, 2);
            assertThat(events).singleElement().extracting(TrapEvent::context).isEqualTo(2L);
        }
    }

    @Test
    void trap_handlerThrows_exceptionPropagatesAfterDelivery() {
        try (MessagePipe p = nodes.createMessagePipe();
                Trap trap = nodes.core1().createTrap(e -> {
                    if (e.result() == MojoResult.OK) {
                        throw new IllegalStateException("handler failed");
                    }
                })) {
            trap.addTrigger(p.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 1);
            trap.arm();
            if (nodes.remoteHandlersOnIoThread()) {
                // Across processes the handler runs on the reader's I/O thread: its failure is logged there and
                // never reaches the writer, whose node did nothing wrong (the channel stays up: checkPlacement).
                assertThat(p.end0().writeMessage(new byte[1])).isEqualTo(MojoResult.OK);
            } else {
                assertThatThrownBy(() -> p.end0().writeMessage(new byte[1])).hasMessage("handler failed");
            }
            assertThat(p.end1().readMessage().isOk()).isTrue(); // the write itself happened
        }
    }

    @Test
    void trap_handler_runsOnTheThreadThatChangedTheState() throws Exception {
        List<Thread> handlerThreads = new CopyOnWriteArrayList<>();
        List<Boolean> onReadersIoThread = new CopyOnWriteArrayList<>();
        try (MessagePipe p = nodes.createMessagePipe();
                Trap trap = nodes.core1().createTrap(e -> {
                    handlerThreads.add(Thread.currentThread());
                    onReadersIoThread.add(nodes.onIoThreadOf(nodes.core1()));
                })) {
            trap.addTrigger(p.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 1);
            trap.arm();
            Thread writer = Thread.ofPlatform().start(() -> p.end0().writeMessage(new byte[1]));
            writer.join();
            if (nodes.remoteHandlersOnIoThread()) {
                // Changed remotely: the change reaches the reader's node on its I/O thread, which runs the handler.
                assertThat(onReadersIoThread).containsExactly(true);
            } else {
                assertThat(handlerThreads).containsExactly(writer);
            }
        }
    }

    @Test
    void trap_handlerThrowsError_laterEventsStillDelivered() {
        List<Long> delivered = new CopyOnWriteArrayList<>();
        try (MessagePipe p = nodes.createMessagePipe();
                Trap trap = nodes.core1().createTrap(e -> {
                    delivered.add(e.context());
                    if (e.context() == 1 && e.result() == MojoResult.OK) {
                        throw new AssertionError("first handler call fails");
                    }
                })) {
            trap.addTrigger(p.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 1);
            trap.addTrigger(p.end1(), Signals.WRITABLE, TriggerCondition.SIGNALS_UNSATISFIED, 2);
            trap.arm();
            if (nodes.remoteHandlersOnIoThread()) {
                assertThat(p.end0().writeMessage(new byte[1])).isEqualTo(MojoResult.OK); // thrown on the I/O thread
            } else {
                assertThatThrownBy(() -> p.end0().writeMessage(new byte[1])).isInstanceOf(AssertionError.class);
            }
            p.end1().readMessage();
            assertThat(trap.arm().result()).isEqualTo(MojoResult.OK);
            p.end0().close();
            assertThat(delivered).containsExactly(1L, 1L, 2L);
        }
    }
}

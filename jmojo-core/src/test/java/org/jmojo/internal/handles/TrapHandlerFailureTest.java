package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jmojo.system.Core;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MojoResult;
import org.jmojo.system.Signals;
import org.jmojo.system.Trap;
import org.jmojo.system.TrapHandler;
import org.jmojo.system.TriggerCondition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Trap handlers that throw: every queued event is still delivered, the caller gets the first failure with the later
 * ones suppressed in it (within one trap, and across the traps one call delivers), its type kept; and a failure of a
 * type the handler's signature does not declare (a checked exception thrown around the compiler) neither loses later
 * events nor leaves the trap unable to deliver.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TrapHandlerFailureTest {
    private final Core core = Core.instance();

    @Test
    void oneTrap_twoEventsBothFail_firstThrown_secondSuppressed_bothDelivered() {
        List<Long> delivered = new CopyOnWriteArrayList<>();
        try (MessagePipe p = core.createMessagePipe();
                Trap trap = core.createTrap(e -> {
                    delivered.add(e.context());
                    if (e.result() == MojoResult.OK) {
                        throw new IllegalStateException("event " + e.context());
                    }
                })) {
            trap.addTrigger(p.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 1);
            trap.addTrigger(p.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 2);
            assertThat(trap.arm().result()).isEqualTo(MojoResult.OK);
            Throwable thrown = catchThrowable(() -> p.end0().writeMessage(new byte[1]));
            assertThat(thrown).isExactlyInstanceOf(IllegalStateException.class).hasMessage("event 1");
            assertThat(thrown.getSuppressed()).singleElement()
                    .isInstanceOf(IllegalStateException.class)
                    .extracting(Throwable::getMessage).isEqualTo("event 2");
            assertThat(delivered).containsExactly(1L, 2L);
            assertThat(p.end1().readMessage().isOk()).isTrue(); // the write itself happened
        }
    }

    @Test
    void twoTraps_bothFail_firstTrapsFailureThrown_secondsSuppressed_errorTypeKept() {
        try (MessagePipe p = core.createMessagePipe();
                Trap first = core.createTrap(e -> {
                    if (e.result() == MojoResult.OK) {
                        throw new AssertionError("first trap");
                    }
                });
                Trap second = core.createTrap(e -> {
                    if (e.result() == MojoResult.OK) {
                        throw new UnsupportedOperationException("second trap");
                    }
                })) {
            first.addTrigger(p.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 1);
            second.addTrigger(p.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 1);
            first.arm();
            second.arm();
            Throwable thrown = catchThrowable(() -> p.end0().writeMessage(new byte[1]));
            assertThat(thrown).isExactlyInstanceOf(AssertionError.class).hasMessage("first trap");
            assertThat(thrown.getSuppressed()).singleElement()
                    .isExactlyInstanceOf(UnsupportedOperationException.class)
                    .extracting(Throwable::getMessage).isEqualTo("second trap");
        }
    }

    /** Throws {@code t} although the handler's signature declares no checked exception. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void throwUnchecked(Throwable t) throws T {
        throw (T) t;
    }

    @Test
    void handlerThrowsACheckedException_laterEventsDelivered_trapKeepsDelivering() {
        List<Long> delivered = new CopyOnWriteArrayList<>();
        IOException checked = new IOException("checked, thrown around the compiler");
        TrapHandler handler = e -> {
            delivered.add(e.context());
            if (e.context() == 1 && delivered.size() == 1) {
                throwUnchecked(checked);
            }
        };
        try (MessagePipe p = core.createMessagePipe(); Trap trap = core.createTrap(handler)) {
            trap.addTrigger(p.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 1);
            trap.addTrigger(p.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 2);
            trap.arm();
            assertThatThrownBy(() -> p.end0().writeMessage(new byte[1]))
                    .isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessage("unexpected checked failure")
                    .hasCause(checked);
            assertThat(delivered).containsExactly(1L, 2L);
            // The trap is not stuck "delivering": a later event reaches the handler.
            assertThat(p.end1().readMessage().isOk()).isTrue();
            assertThat(trap.arm().result()).isEqualTo(MojoResult.OK);
            assertThat(p.end0().writeMessage(new byte[1])).isEqualTo(MojoResult.OK);
            assertThat(delivered).containsExactly(1L, 2L, 1L, 2L);
        }
    }

    @Test
    void failures_rethrow_keepsTheTypeAndInstance_wrapsOnlyACheckedOne() {
        Failures.rethrow(null); // nothing to throw
        IllegalArgumentException runtime = new IllegalArgumentException("r");
        assertThat(catchThrowable(() -> Failures.rethrow(runtime))).isSameAs(runtime);
        StackOverflowError error = new StackOverflowError("e");
        assertThat(catchThrowable(() -> Failures.rethrow(error))).isSameAs(error);
        Exception checked = new Exception("c");
        assertThat(catchThrowable(() -> Failures.rethrow(checked)))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("unexpected checked failure")
                .hasCause(checked);
    }
}

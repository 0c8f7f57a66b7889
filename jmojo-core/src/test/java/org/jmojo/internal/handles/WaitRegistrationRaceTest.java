package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MojoResult;
import org.jmojo.system.Signals;
import org.jmojo.system.SignalsState;
import org.jmojo.system.WaitManyResult;
import org.jmojo.system.WaitResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A wait whose handle is sent after the wait's last poll and before its observer registers
 * ({@link LocalCore#wait}, {@link LocalCore#waitMany}): the registration finds the handle gone and the wait ends
 * {@code CANCELLED} at once, as if the handle had been sent a moment earlier, instead of parking until its
 * deadline. The carrying write takes effect exactly in that window through
 * {@link HookedEndpoint#beginTransitDepartingWhenLocked}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WaitRegistrationRaceTest {
    /** Long enough that a wait parked by mistake ends DEADLINE_EXCEEDED instead of CANCELLED. */
    private static Deadline later() {
        return Deadline.after(Duration.ofSeconds(20));
    }

    private final Core core = Core.instance();
    private final HookedEndpoint sent = new HookedEndpoint();

    @AfterEach
    void endTheTransit() {
        try (RequestContext c = RequestContext.enter()) {
            sent.endTransit(true);
        }
        assertThat(sent.handle().isValid()).isFalse();
    }

    @Test
    void wait_handleSentBeforeTheObserverRegisters_cancelledAtOnce_noObserverLeft() {
        sent.beginTransitDepartingWhenLocked();
        WaitResult r = core.wait(sent.handle(), Signals.READABLE, later());
        assertThat(r).isEqualTo(new WaitResult(MojoResult.CANCELLED, SignalsState.NONE));
        assertThat(sent.observerCount()).isZero();
    }

    @Test
    void waitMany_secondHandleSentBeforeItsObserverRegisters_cancelledForIt_firstObserverRemoved() {
        sent.beginTransitDepartingWhenLocked();
        try (MessagePipe pipe = core.createMessagePipe()) {
            Dispatcher first = HandleHolder.dispatcherOf(pipe.end1(), 0);
            WaitManyResult r = core.waitMany(List.of(pipe.end1(), sent.handle()),
                    List.of(Signals.READABLE, Signals.READABLE), later());
            assertThat(r.result()).isEqualTo(MojoResult.CANCELLED);
            assertThat(r.index()).isEqualTo(1);
            assertThat(r.signalsStates().get(1)).isEqualTo(SignalsState.NONE);
            assertThat(r.signalsStates().get(0)).isEqualTo(pipe.end1().querySignalsState());
            assertThat(first.observerCount()).isZero();
            assertThat(sent.observerCount()).isZero();
        }
    }

    @Test
    void waitAndWaitMany_handleWhoseCarryingWriteTookEffect_cancelledWithNoSignals_whateverItsPortShows() {
        sent.beginTransitDeparted(); // its stand-in port still shows WRITABLE: a CANCELLED wait reports none
        assertThat(core.wait(sent.handle(), Signals.READABLE, later()))
                .isEqualTo(new WaitResult(MojoResult.CANCELLED, SignalsState.NONE));
        try (MessagePipe pipe = core.createMessagePipe()) {
            WaitManyResult r = core.waitMany(List.of(pipe.end1(), sent.handle()),
                    List.of(Signals.READABLE, Signals.WRITABLE), later());
            assertThat(r).isEqualTo(new WaitManyResult(MojoResult.CANCELLED, 1,
                    List.of(pipe.end1().querySignalsState(), SignalsState.NONE)));
        }
    }
}

package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;

import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MojoResult;
import org.jmojo.system.Signals;
import org.jmojo.system.WaitResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A wait on an endpoint that its state decides (at once, or on a round of its spin) hands out a result made once per
 * port status ({@link EndpointDispatcher#decideWait}): the same object for the same state, with the result and the
 * signals a new one would have had, so the wait allocates nothing.
 */
@Timeout(30)
class DecidedWaitTest {
    private final Core core = Core.instance();

    @Test
    void readableEndpoint_okWithItsSignals_sameResultEachTime() {
        try (MessagePipe p = core.createMessagePipe()) {
            p.end0().writeMessage(new byte[] {1});
            WaitResult first = core.wait(p.end1(), Signals.READABLE, Deadline.INFINITE);
            WaitResult second = core.wait(p.end1(), Signals.READABLE, Deadline.INFINITE);
            assertThat(first.result()).isEqualTo(MojoResult.OK);
            assertThat(first.signalsState()).isEqualTo(p.end1().querySignalsState());
            assertThat(first.signalsState().satisfied().containsAll(Signals.READABLE)).isTrue();
            assertThat(second).isSameAs(first);
        }
    }

    @Test
    void statesThatDiffer_resultsThatDiffer() {
        try (MessagePipe p = core.createMessagePipe()) {
            WaitResult writable = core.wait(p.end1(), Signals.WRITABLE, Deadline.INFINITE);
            p.end0().writeMessage(new byte[] {1});
            WaitResult readable = core.wait(p.end1(), Signals.WRITABLE, Deadline.INFINITE);
            assertThat(writable.result()).isEqualTo(MojoResult.OK);
            assertThat(readable.result()).isEqualTo(MojoResult.OK);
            assertThat(writable.signalsState().satisfied().containsAll(Signals.READABLE)).isFalse();
            assertThat(readable.signalsState().satisfied().containsAll(Signals.READABLE)).isTrue();
        }
    }

    @Test
    void peerClosedAndEmpty_failedPreconditionWithItsSignals_sameResultEachTime() {
        try (MessagePipe p = core.createMessagePipe()) {
            p.end0().close();
            WaitResult first = core.wait(p.end1(), Signals.READABLE, Deadline.INFINITE);
            WaitResult second = core.wait(p.end1(), Signals.READABLE, Deadline.INFINITE);
            assertThat(first.result()).isEqualTo(MojoResult.FAILED_PRECONDITION);
            assertThat(first.signalsState()).isEqualTo(p.end1().querySignalsState());
            assertThat(first.signalsState().satisfied()).isEqualTo(Signals.PEER_CLOSED);
            assertThat(second).isSameAs(first);
        }
    }
}

package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.Handle;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoException;
import org.jmojo.system.MojoResult;
import org.jmojo.system.Signals;
import org.jmojo.system.SignalsState;
import org.jmojo.system.Trap;
import org.jmojo.system.WaitManyResult;
import org.jmojo.system.WaitResult;
import org.jmojo.system.WaitSet;
import org.junit.jupiter.api.Test;

/**
 * A trap and a wait set have no signals of their own: querying one gives none, a wait on one fails at once (nothing
 * can ever be satisfied), and a wait set refuses to watch either. And a message too large ever to leave the node is
 * refused without handles too, from every kind of payload.
 */
class NoSignalsTest {
    private final Core core = Core.instance();

    private void assertNoSignals(Handle h) {
        assertThat(h.querySignalsState()).isEqualTo(SignalsState.NONE);
        assertThat(core.wait(h, Signals.READABLE, Deadline.after(Duration.ofSeconds(10))))
                .isEqualTo(new WaitResult(MojoResult.FAILED_PRECONDITION, SignalsState.NONE));
        assertThat(core.waitMany(List.of(h), List.of(Signals.PEER_CLOSED), Deadline.after(Duration.ofSeconds(10))))
                .isEqualTo(new WaitManyResult(MojoResult.FAILED_PRECONDITION, 0, List.of(SignalsState.NONE)));
    }

    @Test
    void trapAndWaitSet_noSignals_waitsFailAtOnce_aWaitSetRefusesThem() {
        try (Trap trap = core.createTrap(e -> {}); WaitSet ws = core.createWaitSet(); WaitSet other = core.createWaitSet()) {
            assertNoSignals(trap);
            assertNoSignals(ws);
            assertThatThrownBy(() -> other.add(trap, Signals.READABLE, 1))
                    .isInstanceOfSatisfying(MojoException.class, e -> assertThat(e.result()).isEqualTo(MojoResult.INVALID_ARGUMENT))
                    .hasMessage("INVALID_ARGUMENT: handle=0x" + Integer.toHexString(trap.value())
                            + " is a TRAP, which has no signals to wait for");
            assertThatThrownBy(() -> other.add(ws, Signals.READABLE, 1))
                    .hasMessageContaining("is a WAIT_SET, which has no signals to wait for");
        }
    }

    @Test
    void writeWithoutHandles_tooLargeForAFrame_resourceExhausted_fromAnArrayOrABuffer_nothingQueued() {
        byte[] huge = new byte[MessagePipeEndpoint.MAX_FRAME_BYTES];
        try (MessagePipe p = core.createMessagePipe()) {
            assertThat(p.end0().writeMessage(huge)).isEqualTo(MojoResult.RESOURCE_EXHAUSTED);
            assertThat(p.end0().writeMessage(ByteBuffer.wrap(huge), List.of())).isEqualTo(MojoResult.RESOURCE_EXHAUSTED);
            assertThat(p.end1().readMessage().result()).isEqualTo(MojoResult.SHOULD_WAIT);
            assertThat(p.end0().writeMessage(ByteBuffer.wrap(huge, 0, 16), List.of())).isEqualTo(MojoResult.OK);
            assertThat(p.end1().readMessage().message().bytes()).hasSize(16);
        }
    }
}

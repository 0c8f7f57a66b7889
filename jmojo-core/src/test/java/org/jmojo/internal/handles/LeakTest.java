package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jmojo.system.Core;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.QuotaPolicy;
import org.jmojo.system.ReceiveQuota;
import org.jmojo.system.Signals;
import org.jmojo.system.Trap;
import org.jmojo.system.TriggerCondition;
import org.jmojo.system.WaitSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** After every handle is closed, no handle value and no port is left behind. */
class LeakTest {
    private final Core core = Core.instance();
    private final LocalCore local = LocalCore.of(Core.instance());

    /** Handles other tests dropped are closed by the leak detector at some collection: not during this test. */
    @BeforeEach
    void closeHandlesOtherTestsDropped() {
        PendingLeaks.settle();
    }

    @Test
    void closeEverything_noHandleOrPortLeft() {
        int handlesBefore = local.liveHandleCount();
        int portsBefore = local.portCount();

        // Endpoints nested three deep, left unread in a queue that is then closed.
        MessagePipe a = core.createMessagePipe();
        MessagePipe b = core.createMessagePipe();
        MessagePipe c = core.createMessagePipe();
        c.end0().writeMessage(new byte[1]);
        b.end0().writeMessage(new byte[0], List.of(c.end1()));
        a.end0().writeMessage(new byte[0], List.of(b.end1()));
        a.close();
        b.close();
        c.close();

        // An endpoint that travels and is read, then closed by its new owner.
        MessagePipe carrier = core.createMessagePipe();
        MessagePipe cargo = core.createMessagePipe();
        carrier.end0().writeMessage(new byte[0], List.of(cargo.end0()));
        carrier.end1().readMessage().message().closeHandles();
        cargo.close();
        carrier.close();

        // A pipe broken by a HARD quota, with an endpoint in the refused message.
        MessagePipe limited = core.createMessagePipe();
        MessagePipe spare = core.createMessagePipe();
        limited.end1().setReceiveQuota(ReceiveQuota.messages(0, QuotaPolicy.HARD));
        assertThat(limited.end0().writeMessage(new byte[0], List.of(spare.end0()))).isEqualTo(MojoResult.RESOURCE_EXHAUSTED);
        limited.close();
        spare.close();

        // A message written to a peer that is already closed.
        MessagePipe halfClosed = core.createMessagePipe();
        MessagePipe inFlight = core.createMessagePipe();
        halfClosed.end1().close();
        assertThat(halfClosed.end0().writeMessage(new byte[0], List.of(inFlight.end0()))).isEqualTo(MojoResult.FAILED_PRECONDITION);
        halfClosed.close();
        inFlight.close();

        // Traps and wait sets on pipes.
        MessagePipe watched = core.createMessagePipe();
        Trap trap = core.createTrap(e -> {});
        trap.addTrigger(watched.end0(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 1);
        WaitSet ws = core.createWaitSet();
        ws.add(watched.end1(), Signals.READABLE, 1);
        MessagePipeEndpoint passed = watched.end0().pass();
        passed.close();
        watched.close();
        trap.close();
        ws.close();

        assertThat(local.liveHandleCount()).isEqualTo(handlesBefore);
        assertThat(local.portCount()).isEqualTo(portsBefore);
    }
}

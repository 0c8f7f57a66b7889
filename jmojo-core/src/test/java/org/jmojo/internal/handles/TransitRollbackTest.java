package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jmojo.system.Core;
import org.jmojo.system.Handle;
import org.jmojo.system.InvalidHandleException;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A write that attaches several handles marks them busy one by one; if one of them cannot be marked
 * (closed or attached elsewhere since the write checked it), the ones already marked go back to
 * usable, and the exception names the attachment that failed by its index.
 *
 * <p>To fail the second mark deterministically, the second attachment is a handle whose close is in
 * progress on another thread and stays there: a closing handle passes a write's checks (it is still
 * usable until its resources are gone) but cannot start a transit. A real endpoint is in that state
 * only while its port closes; the stand-in here ({@link SlowClosing}) holds it there.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TransitRollbackTest {
    private final Core core = Core.instance();

    @Test
    void secondAttachmentCannotStartItsTransit_firstIsUsableAgain_errorNamesIndexOne() throws Exception {
        SlowClosing closingDispatcher = SlowClosing.closingOnAnotherThread();
        Handle closing = closingDispatcher.handle();
        try (MessagePipe carrier = core.createMessagePipe();
                MessagePipe cargo = core.createMessagePipe()) {
            assertThatThrownBy(() -> carrier.end0().writeMessage(new byte[] {1}, List.of(cargo.end0(), closing)))
                    .isInstanceOfSatisfying(InvalidHandleException.class, e -> {
                        assertThat(e.index()).isEqualTo(1);
                        assertThat(e.handle()).isEqualTo(closing.value());
                        assertThat(e.getMessage()).contains("handles[1]").contains("is closed");
                    });

            // The first attachment's transit was rolled back: it is open, and a write can send it.
            assertThat(cargo.end0().isValid()).isTrue();
            assertThat(carrier.end1().queuedMessages()).isZero();
            assertThat(carrier.end0().writeMessage(new byte[] {2}, List.of(cargo.end0()))).isEqualTo(MojoResult.OK);
            Message m = carrier.end1().readMessage().message();
            try (MessagePipeEndpoint received = m.handle(0, MessagePipeEndpoint.class)) {
                assertThat(cargo.end1().writeMessage(new byte[] {3})).isEqualTo(MojoResult.OK);
                assertThat(received.readMessage().message().bytes()).containsExactly(3);
            }
        } finally {
            closingDispatcher.finishClose();
        }
        assertThat(closingDispatcher.state()).isEqualTo(Dispatcher.State.CLOSED);
    }
}

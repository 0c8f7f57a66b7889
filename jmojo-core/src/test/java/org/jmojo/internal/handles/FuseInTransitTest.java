package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.jmojo.internal.ports.SendResult;
import org.jmojo.system.Core;
import org.jmojo.system.Handle;
import org.jmojo.system.InvalidHandleException;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MojoException;
import org.jmojo.system.MojoResult;
import org.jmojo.system.Signals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Core#fuseMessagePipes} on a handle in transit (docs/architecture.md §1): a write that attaches it is
 * driven step by step, as in {@link InTransitTest}, and the fuse runs between the steps.
 */
@Timeout(30)
class FuseInTransitTest {
    private final Core core = Core.instance();
    private final LocalCore local = LocalCore.of(Core.instance());

    private static EndpointDispatcher dispatcherOf(Handle handle) {
        return (EndpointDispatcher) ((HandleHolder<?>) handle).dispatcher();
    }

    private static void endTransit(Dispatcher d, boolean sent) {
        try (RequestContext c = RequestContext.enter()) {
            d.endTransit(sent);
        }
    }

    @Test
    void handleBeingAttached_fuseBusyNamingIt_nothingChanged_thenFusesOnceTheWriteFailed() {
        MessagePipe left = core.createMessagePipe();
        MessagePipe right = core.createMessagePipe();
        EndpointDispatcher b = dispatcherOf(right.end0());
        b.beginTransit(); // a write on another thread is attaching b
        assertThatThrownBy(() -> core.fuseMessagePipes(left.end1(), right.end0()))
                .isInstanceOfSatisfying(MojoException.class, e -> assertThat(e.result()).isEqualTo(MojoResult.BUSY))
                .hasMessageContaining("handles[1]: handle=0x" + Integer.toHexString(right.end0().value()));
        assertThatThrownBy(() -> core.fuseMessagePipes(right.end0(), left.end1()))
                .isInstanceOfSatisfying(MojoException.class, e -> assertThat(e.result()).isEqualTo(MojoResult.BUSY))
                .hasMessageContaining("handles[0]");
        // The refused fuse left a usable: its own transit ended.
        assertThat(left.end1().writeMessage(new byte[0])).isEqualTo(MojoResult.OK);
        assertThat(left.end0().readMessage().isOk()).isTrue();
        endTransit(b, false); // that write failed: b is b again
        MessagePipe fresh = core.createMessagePipe();
        core.fuseMessagePipes(fresh.end1(), right.end0());
        assertThat(fresh.end0().writeMessage(new byte[] {4})).isEqualTo(MojoResult.OK);
        assertThat(right.end1().readMessage().message().bytes()).containsExactly(4);
        left.close();
        right.close();
        fresh.close();
    }

    @Test
    void handleWhoseCarryingWriteTookEffect_fuseInvalidAsSent_otherUntouched() {
        MessagePipe left = core.createMessagePipe();
        MessagePipe right = core.createMessagePipe();
        MessagePipe carrier = core.createMessagePipe();
        EndpointDispatcher b = dispatcherOf(right.end0());
        b.beginTransit();
        EndpointDispatcher w = dispatcherOf(carrier.end0());
        LocalMessage m = LocalMessage.of(new byte[0], List.of(LocalMessage.Attachment.ofPort(b.port, b.rightsForTransfer())));
        assertThat(local.node.sendUserMessage(w.port, w, m)).isEqualTo(SendResult.OK);
        assertThatThrownBy(() -> core.fuseMessagePipes(left.end1(), right.end0()))
                .isInstanceOfSatisfying(InvalidHandleException.class, e -> assertThat(e.index()).isEqualTo(1))
                .hasMessageContaining("was sent in a message");
        endTransit(b, true);
        assertThat(left.end1().querySignalsState().satisfied().containsAll(Signals.WRITABLE)).isTrue();
        // The sent end arrives whole at the carrier's reader, and can be fused there.
        try (var received = carrier.end1().readMessage().message().handle(0, org.jmojo.system.MessagePipeEndpoint.class)) {
            core.fuseMessagePipes(left.end1(), received);
        }
        assertThat(left.end0().writeMessage(new byte[] {8})).isEqualTo(MojoResult.OK);
        assertThat(right.end1().readMessage().message().bytes()).containsExactly(8);
        left.close();
        right.close();
        carrier.close();
    }
}

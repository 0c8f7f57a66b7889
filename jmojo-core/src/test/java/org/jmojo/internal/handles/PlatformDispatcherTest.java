package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import org.jmojo.internal.platform.UnixSocket;
import org.jmojo.system.Core;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MojoException;
import org.jmojo.system.MojoResult;
import org.jmojo.system.PlatformHandle;
import org.jmojo.system.Right;
import org.junit.jupiter.api.Test;

/**
 * {@link PlatformDispatcher} as only the system layer sees it: which descriptor the handle still owns (its
 * {@code toString}, {@code -1} once the descriptor went to a message or to an unwrap), an unwrap that cannot
 * convert the descriptor (the handle unchanged, still owning it), and the two rights an unwrap needs.
 */
class PlatformDispatcherTest {
    private final Core core = Core.instance();

    /** A platform handle around one end of a new socket pair (its other end closed). */
    private static PlatformHandle socketHandle(Core core) throws Exception {
        UnixSocket.Pair pair = UnixSocket.pair(false);
        pair.second().close();
        return core.wrapFileDescriptor(pair.first().release());
    }

    private static PlatformDispatcher dispatcherOf(PlatformHandle h) {
        return (PlatformDispatcher) HandleHolder.dispatcherOf(h, -1);
    }

    @Test
    void toString_namesTheOwnedDescriptor_untilAWriteSendsIt() throws Exception {
        PlatformHandle h = socketHandle(core);
        PlatformDispatcher d = dispatcherOf(h);
        int number = d.fdNumber();
        assertThat(number).isNotNegative();
        assertThat(d.toString()).isEqualTo("PLATFORM_HANDLE[handle=0x" + Integer.toHexString(h.value()) + "](fd " + number + ")");
        try (MessagePipe pipe = core.createMessagePipe()) {
            assertThat(pipe.end0().writeMessage(new byte[0], List.of(h))).isEqualTo(MojoResult.OK);
            // The message owns the descriptor now: the sent handle's dispatcher forgot it.
            assertThat(d.fdNumber()).isEqualTo(-1);
            assertThat(d.toString()).endsWith("(fd -1)");
            try (PlatformHandle received = pipe.end1().readMessage().message().handle(0, PlatformHandle.class)) {
                assertThat(dispatcherOf(received).fdNumber()).isEqualTo(number);
            }
        }
    }

    @Test
    void unwrapAsAChannel_ofASocket_failedPrecondition_handleUnchanged_thenUnwrapsAsANumber() throws Exception {
        PlatformHandle h = socketHandle(core);
        PlatformDispatcher d = dispatcherOf(h);
        int number = d.fdNumber();
        String name = "handle=0x" + Integer.toHexString(h.value());
        assertThatThrownBy(h::unwrapFileChannel)
                .isInstanceOfSatisfying(MojoException.class, e -> assertThat(e.result()).isEqualTo(MojoResult.FAILED_PRECONDITION))
                .hasMessageContainingAll(name, "cannot be unwrapped as a FileChannel",
                        "the handle is unchanged and still owns its descriptor");
        assertThat(h.isValid()).isTrue();
        assertThat(d.state()).isEqualTo(Dispatcher.State.OPEN);
        assertThat(d.fdNumber()).isEqualTo(number);
        assertThatThrownBy(h::unwrapFileDescriptorObject)
                .isInstanceOfSatisfying(MojoException.class, e -> assertThat(e.result()).isEqualTo(MojoResult.FAILED_PRECONDITION))
                .hasMessageContaining("cannot be unwrapped as a FileDescriptor");
        int unwrapped = h.unwrapFileDescriptor();
        assertThat(unwrapped).isEqualTo(number);
        assertThat(h.isValid()).isFalse();
        assertThat(d.toString()).endsWith("(fd -1)");
        new org.jmojo.internal.platform.Fd(unwrapped, "socket").close();
    }

    @Test
    void unwrap_withoutTheReadRight_permissionDenied_handleKept() throws Exception {
        try (PlatformHandle h = socketHandle(core)) {
            h.reduceRights(EnumSet.of(Right.READ));
            assertThatThrownBy(h::unwrapFileDescriptor)
                    .isInstanceOfSatisfying(MojoException.class, e -> assertThat(e.result()).isEqualTo(MojoResult.PERMISSION_DENIED))
                    .hasMessageContainingAll("handle=0x" + Integer.toHexString(h.value()), "has no READ right");
            assertThat(h.isValid()).isTrue();
            assertThat(dispatcherOf(h).fdNumber()).isNotNegative();
        }
    }
}

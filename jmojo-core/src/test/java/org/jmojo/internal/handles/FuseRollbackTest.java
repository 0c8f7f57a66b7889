package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jmojo.system.Core;
import org.jmojo.system.InvalidHandleException;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MojoResult;
import org.jmojo.system.Signals;
import org.jmojo.system.SignalsState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A fuse one of whose endpoints cannot begin its transit because its close is in progress on another thread (it
 * passes the fuse's checks, which accept a closing handle, and then cannot be marked busy): the fuse fails naming
 * that endpoint by its index, and the other endpoint, marked busy first or not at all, is usable again. The close
 * is held in progress by an observer on its peer, which the closing port notifies and which waits there.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FuseRollbackTest {
    private final Core core = Core.instance();

    /** pipe.end0()'s close, held where its port has told the peer (the handle is CLOSING meanwhile). */
    private static final class HeldClose implements SignalObserver {
        final CountDownLatch peerTold = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final Dispatcher peer;
        final Thread closer;

        HeldClose(MessagePipe pipe) throws InterruptedException {
            peer = HandleHolder.dispatcherOf(pipe.end1(), -1);
            peer.addObserver(this, false);
            closer = Thread.ofPlatform().start(pipe.end0()::close);
            peerTold.await();
        }

        @Override
        public void signalsChanged(Dispatcher d, SignalsState s, long change) {
            if (s.satisfied().containsAll(Signals.PEER_CLOSED)) {
                peerTold.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
        }

        @Override
        public void handleClosed(Dispatcher d) {}

        void finish() throws InterruptedException {
            release.countDown();
            closer.join();
            peer.removeObserver(this);
        }
    }

    private static String name(MessagePipe pipe) {
        return "handle=0x" + Integer.toHexString(pipe.end0().value());
    }

    @Test
    void secondEndpointClosing_fuseInvalidAtIndexOne_firstUsableAgain() throws Exception {
        try (MessagePipe kept = core.createMessagePipe(); MessagePipe closing = core.createMessagePipe();
                MessagePipe fresh = core.createMessagePipe()) {
            HeldClose held = new HeldClose(closing);
            try {
                assertThat(HandleHolder.dispatcherOf(closing.end0(), -1).state()).isEqualTo(Dispatcher.State.CLOSING);
                assertThatThrownBy(() -> core.fuseMessagePipes(kept.end1(), closing.end0()))
                        .isInstanceOfSatisfying(InvalidHandleException.class, e -> {
                            assertThat(e.index()).isEqualTo(1);
                            assertThat(e.handle()).isEqualTo(closing.end0().value());
                        })
                        .hasMessageContaining("handles[1]: " + name(closing) + " is closed");
                // The first endpoint's transit was rolled back: it reads, and it can be fused.
                assertThat(HandleHolder.dispatcherOf(kept.end1(), 0).state()).isEqualTo(Dispatcher.State.OPEN);
                assertThat(kept.end0().writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK);
                assertThat(kept.end1().readMessage().message().bytes()).containsExactly(1);
            } finally {
                held.finish();
            }
            core.fuseMessagePipes(kept.end1(), fresh.end0());
            assertThat(kept.end0().writeMessage(new byte[] {2})).isEqualTo(MojoResult.OK);
            assertThat(fresh.end1().readMessage().message().bytes()).containsExactly(2);
        }
    }

    @Test
    void firstEndpointClosing_fuseInvalidAtIndexZero_secondNeverMarked() throws Exception {
        try (MessagePipe kept = core.createMessagePipe(); MessagePipe closing = core.createMessagePipe()) {
            HeldClose held = new HeldClose(closing);
            try {
                assertThatThrownBy(() -> core.fuseMessagePipes(closing.end0(), kept.end1()))
                        .isInstanceOfSatisfying(InvalidHandleException.class, e -> assertThat(e.index()).isZero())
                        .hasMessageContaining("handles[0]: " + name(closing) + " is closed");
                assertThat(HandleHolder.dispatcherOf(kept.end1(), 1).state()).isEqualTo(Dispatcher.State.OPEN);
                assertThat(kept.end1().writeMessage(new byte[] {3})).isEqualTo(MojoResult.OK);
                assertThat(kept.end0().readMessage().message().bytes()).containsExactly(3);
            } finally {
                held.finish();
            }
            assertThat(closing.end0().isValid()).isFalse();
        }
    }
}

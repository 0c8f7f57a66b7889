package org.jmojo.bindings.internal.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jmojo.bindings.Remote;
import org.jmojo.bindings.TestCalc;
import org.jmojo.bindings.ValidationError;
import org.jmojo.bindings.ValidationException;
import org.jmojo.bindings.runtime.Codecs;
import org.jmojo.bindings.runtime.MessageBuilder;
import org.jmojo.bindings.runtime.MessageHeader;
import org.jmojo.bindings.runtime.ValueCodec;
import org.jmojo.system.Core;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoException;
import org.jmojo.system.MojoResult;
import org.jmojo.system.Signals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The pipe-control messages a connection reads but does not act on, and the checks of
 * {@link ControlMessages#endpointClosedEvent} and {@link Router}'s factories, with a router built
 * directly on a pipe whose other end the test plays by hand.
 */
@Timeout(60)
class PipeControlTest {

    private final List<MessagePipe> pipes = new java.util.ArrayList<>();

    @AfterEach
    void closeAll() {
        for (MessagePipe p : pipes) {
            p.end0().close();
            p.end1().close();
        }
    }

    private MessagePipe pipe() {
        MessagePipe p = Core.instance().createMessagePipe();
        pipes.add(p);
        return p;
    }

    private static Message next(MessagePipeEndpoint end) throws Exception {
        return end.readAsync(Runnable::run).get(30, TimeUnit.SECONDS);
    }

    /** A {@code pause_until_flush_completes} pipe-control request carrying {@code flushPipe}. */
    private static Message pauseUntilFlush(MessagePipeEndpoint flushPipe) {
        ValueCodec.Encoded encoded = MessageBuilder.encode(MessageHeader.INVALID_INTERFACE_ID,
                MessageHeader.RUN_OR_CLOSE_PIPE_MESSAGE_ID, 0, 0, ControlMessages.PIPE_CONTROL_PARAMS,
                Map.of("input", new ValueCodec.UnionValue("pause_until_flush_completes",
                        Map.of("flush_pipe", flushPipe))));
        return new Message(encoded.bytes(), List.of(flushPipe));
    }

    @Test
    void aPauseRequest_isIgnored_itsPipeClosed_andReadingGoesOn() throws Exception {
        MessagePipe p = pipe();
        Router<TestCalc> router = Router.implementation(Codecs.binding(TestCalc.class), p.end1(), new TestCalc.Base(),
                new SerialQueue(Runnable::run));
        try {
            MessagePipe flush = pipe();
            Message pause = pauseUntilFlush(flush.end1());
            assertThat(p.end0().writeMessage(pause.bytes(), pause.handles())).isEqualTo(MojoResult.OK);
            assertThat(p.end0().writeMessage(ControlMessages.queryVersion(1).bytes())).isEqualTo(MojoResult.OK);
            assertThat(next(p.end0()).bytes()).isEqualTo(ControlMessages.runResponse(1, TestCalc.VERSION).bytes());
            assertThat(router.isConnected()).isTrue();
            Throwable flushRead = flush.end0().readAsync(Runnable::run).handle((m, t) -> t).get(30, TimeUnit.SECONDS);
            assertThat(flushRead).as("the flush pipe came with the message and was closed with it")
                    .isInstanceOf(MojoException.class);
        } finally {
            router.close(null, null);
        }
    }

    @Test
    void endpointClosedEvent_ofAnInterfaceControlMessage_isRefused_andItsHandlesClosed() throws Exception {
        MessagePipe attached = pipe();
        Message require = ControlMessages.requireVersion(1);
        Message carrying = new Message(require.bytes(), List.of(attached.end1()));
        assertThatThrownBy(() -> ControlMessages.endpointClosedEvent(carrying))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.error())
                        .isEqualTo(ValidationError.VALIDATION_ERROR_MESSAGE_HEADER_UNKNOWN_METHOD));
        assertThat(attached.end0().querySignalsState().satisfiesAny(Signals.PEER_CLOSED)).isTrue();
        assertThat(ControlMessages.peerReason(ControlMessages.endpointClosed(5, 1, "sub"))).as("not interface 0")
                .isNull();
        assertThat(ControlMessages.peerReason(ControlMessages.disconnectReason(2, "primary")))
                .isEqualTo(new org.jmojo.bindings.DisconnectReason(
                        org.jmojo.bindings.DisconnectReason.Kind.PEER_REASON, 2, "primary"));
    }

    @Test
    void aClientRouter_needsRoomForOneCall() {
        MessagePipe p = pipe();
        assertThatThrownBy(() -> Router.client(Codecs.binding(TestCalc.class), p.end0(), 0, Runnable::run, Remote.Reads.WATCHER, false, 0,
                Remote.Overflow.FAIL_FAST, Duration.ofSeconds(1), true))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("maxInFlight must be at least 1: 0");
        Router<TestCalc> one = Router.client(Codecs.binding(TestCalc.class), p.end0(), 0, Runnable::run, Remote.Reads.WATCHER, false, 1,
                Remote.Overflow.FAIL_FAST, null, true);
        try {
            assertThat(one.maxInFlight()).isEqualTo(1);
            assertThat(one.inFlight()).isZero();
            assertThat(one.interfaceId()).isZero();
            assertThat(one.side()).isEqualTo(Router.Side.CLIENT);
        } finally {
            one.close(null, null);
        }
    }
}

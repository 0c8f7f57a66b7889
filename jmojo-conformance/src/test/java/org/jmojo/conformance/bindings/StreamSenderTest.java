package org.jmojo.conformance.bindings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jmojo.test.bindings.Calc;
import org.jmojo.bindings.BindingException;
import org.jmojo.bindings.Remote;
import org.jmojo.bindings.StreamSender;
import org.junit.jupiter.api.Test;

/**
 * {@link StreamSender} over a real pipe, with {@code Calc.Hold} as the streamed method: the
 * implementation answers when the test says, and its answer (the token) is read as the window the
 * receiver grants. No sleeps: the window is checked with {@code tryWrite}, which never blocks.
 */
class StreamSenderTest extends BindingModeTest {

    StreamSenderTest(BindingMode mode) {
        super(mode);
    }

    private Remote<Calc> calc(BindingsEndToEndTest.CalcImpl impl) {
        return connect(Calc.DESCRIPTOR, impl);
    }

    @Test
    void the_window_bounds_the_calls_in_flight_and_responses_move_it() throws Exception {
        BindingsEndToEndTest.CalcImpl impl = new BindingsEndToEndTest.CalcImpl();
        Remote<Calc> remote = calc(impl);
        StreamSender<Integer, Integer> stream = StreamSender.create(remote.get()::hold, token -> 1, 2, window -> window);
        assertThat(stream.tryWrite(1)).isTrue();
        assertThat(stream.tryWrite(2)).isTrue();
        assertThat(stream.tryWrite(3)).as("window of 2 full").isFalse();
        assertThat(stream.inFlight()).isEqualTo(2);
        assertThat(impl.held.poll(WAIT_S, TimeUnit.SECONDS)).isEqualTo(1);
        // The receiver answers call 1 granting a window of 5 (the token it answers with).
        impl.holds.get(1).complete(5);
        stream.write(3); // waits for that response, then fits
        assertThat(stream.window()).isEqualTo(5);
        assertThat(stream.inFlight()).isEqualTo(2);
        for (int i = 4; i <= 6; i++) {
            assertThat(stream.tryWrite(i)).isTrue();
        }
        assertThat(stream.tryWrite(7)).as("window of 5 full").isFalse();
        for (int i = 2; i <= 6; i++) {
            assertThat(impl.held.poll(WAIT_S, TimeUnit.SECONDS)).isEqualTo(i);
        }
        // A receiver falling behind shrinks the window to 1: one call at a time from now on.
        for (int i = 2; i <= 5; i++) {
            impl.holds.get(i).complete(1);
        }
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
            try {
                stream.write(7);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        impl.holds.get(6).complete(1);
        writing.get(WAIT_S, TimeUnit.SECONDS);
        assertThat(impl.held.poll(WAIT_S, TimeUnit.SECONDS)).isEqualTo(7);
        assertThat(impl.holds.get(6)).as("7 was sent only after 6 was answered").isDone();
        assertThat(stream.window()).isEqualTo(1);
        impl.holds.get(7).complete(1);
        CompletableFuture<Void> done = stream.finish();
        done.get(WAIT_S, TimeUnit.SECONDS);
        assertThat(stream.sent()).isEqualTo(7);
        assertThat(stream.inFlight()).isZero();
        assertThatThrownBy(() -> stream.tryWrite(8)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("finished");
    }

    @Test
    void a_long_stream_never_has_more_than_the_window_in_flight_at_the_receiver() throws Exception {
        AtomicInteger outstanding = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        BindingsEndToEndTest.CalcImpl impl = new BindingsEndToEndTest.CalcImpl() {
            @Override
            public CompletableFuture<Integer> hold(int token) {
                most.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
                // Answers on another thread, granting a window of 4.
                return CompletableFuture.supplyAsync(() -> {
                    outstanding.decrementAndGet();
                    return 4;
                });
            }
        };
        Remote<Calc> remote = calc(impl);
        StreamSender<Integer, Integer> stream = StreamSender.create(remote.get()::hold, token -> 1, 4, w -> w);
        for (int i = 0; i < 500; i++) {
            stream.write(i);
            assertThat(stream.inFlight()).isLessThanOrEqualTo(4);
        }
        stream.finish().get(WAIT_S, TimeUnit.SECONDS);
        assertThat(most.get()).isBetween(1, 4);
        assertThat(stream.sent()).isEqualTo(500);
    }

    @Test
    void the_first_failure_fails_the_stream() throws Exception {
        BindingsEndToEndTest.CalcImpl impl = new BindingsEndToEndTest.CalcImpl();
        Remote<Calc> remote = calc(impl);
        StreamSender<Integer, Integer> stream = StreamSender.create(remote.get()::hold, token -> 1, 8, w -> w);
        assertThat(stream.tryWrite(1)).isTrue();
        assertThat(impl.held.poll(WAIT_S, TimeUnit.SECONDS)).isEqualTo(1);
        // The implementation fails: the router closes the pipe and the call fails as disconnected.
        impl.holds.get(1).completeExceptionally(new IllegalStateException("disk full"));
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> stream.finish().get(WAIT_S, TimeUnit.SECONDS));
        assertThat(e.getCause()).isInstanceOf(BindingException.class);
        assertThat(((BindingException) e.getCause()).failure()).isEqualTo(BindingException.Failure.DISCONNECTED);
        assertThatThrownBy(() -> stream.tryWrite(2)).isInstanceOf(BindingException.class)
                .hasMessageContaining("the stream failed");
    }
}

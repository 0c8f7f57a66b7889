package org.jmojo.bindings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link StreamSender} without a pipe: each call is a future the test completes by hand, so the
 * window, the costs in flight and the outcome are checked after every step.
 */
class StreamSenderTest {

    /** The calls made, in order: the item and the future that answers it. */
    private final List<String> items = new ArrayList<>();
    private final List<CompletableFuture<Long>> answers = new ArrayList<>();

    private CompletableFuture<Long> call(String item) {
        CompletableFuture<Long> f = new CompletableFuture<>();
        synchronized (this) {
            items.add(item);
            answers.add(f);
        }
        return f;
    }

    private synchronized CompletableFuture<Long> answer(int i) {
        return answers.get(i);
    }

    /** Items cost their length; a response carries the new window. */
    private StreamSender<String, Long> bytes(long window) {
        return StreamSender.create(this::call, String::length, window, w -> w);
    }

    @Test
    void create_windowBelowOne_refused_withTheValue() {
        assertThatThrownBy(() -> bytes(0)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("the initial window must be at least 1: 0");
        assertThat(bytes(1).window()).isEqualTo(1);
    }

    @Test
    void create_nullCallOrCost_refused() {
        assertThatThrownBy(() -> StreamSender.create(null, String::length, 1, null))
                .isExactlyInstanceOf(NullPointerException.class).hasMessage("call");
        assertThatThrownBy(() -> StreamSender.<String, Long>create(this::call, null, 1, null))
                .isExactlyInstanceOf(NullPointerException.class).hasMessage("cost");
    }

    @Test
    void tryWrite_fitsUpToTheWindowExactly_thenRefuses_andCountsWhatIsInFlight() {
        StreamSender<String, Long> s = bytes(5);
        assertThat(s.tryWrite("ab")).isTrue();
        assertThat(s.tryWrite("abc")).as("2 + 3 fills the window of 5 exactly").isTrue();
        assertThat(s.inFlight()).isEqualTo(5);
        assertThat(s.sent()).isEqualTo(2);
        assertThat(s.tryWrite("x")).as("the window is full").isFalse();
        assertThat(s.sent()).as("a refused write is not sent").isEqualTo(2);
        assertThat(items).containsExactly("ab", "abc");

        answer(0).complete(5L);
        assertThat(s.inFlight()).isEqualTo(3);
        assertThat(s.tryWrite("xy")).isTrue();
        assertThat(s.tryWrite("z")).as("3 + 2 + 1 exceeds 5").isFalse();
        assertThat(items).containsExactly("ab", "abc", "xy");
    }

    @Test
    void tryWrite_largerThanTheWindow_goesThroughAlone_whenNothingIsInFlight() {
        StreamSender<String, Long> s = bytes(2);
        assertThat(s.tryWrite("abcdef")).as("one item always passes on an idle stream").isTrue();
        assertThat(s.inFlight()).isEqualTo(6);
        assertThat(s.tryWrite("")).as("in flight 6 > window 2: even a free item waits").isFalse();
        answer(0).complete(2L);
        assertThat(s.inFlight()).isZero();
        assertThat(s.tryWrite("")).isTrue();
    }

    @Test
    void response_setsTheWindow_evenToZero_andAnIdleStreamStillLetsOneItemThrough() {
        StreamSender<String, Long> s = bytes(4);
        assertThat(s.tryWrite("a")).isTrue();
        answer(0).complete(10L);
        assertThat(s.window()).isEqualTo(10);
        assertThat(s.tryWrite("aaaaaaaaaa")).isTrue();
        answer(1).complete(-7L);
        assertThat(s.window()).as("a negative window counts as 0").isZero();
        assertThat(s.tryWrite("b")).as("nothing in flight: one item passes").isTrue();
        assertThat(s.tryWrite("c")).as("window 0 with one in flight").isFalse();
    }

    @Test
    void fixedWindow_responsesDoNotChangeIt() {
        StreamSender<String, Long> s = StreamSender.create(this::call, item -> 1, 2, null);
        assertThat(s.tryWrite("a")).isTrue();
        answer(0).complete(100L);
        assertThat(s.window()).isEqualTo(2);
        assertThat(s.tryWrite("b")).isTrue();
        assertThat(s.tryWrite("c")).isTrue();
        assertThat(s.tryWrite("d")).isFalse();
    }

    @Test
    void nullResponse_keepsTheWindow() {
        StreamSender<String, Long> s = bytes(3);
        assertThat(s.tryWrite("a")).isTrue();
        answer(0).complete(null);
        assertThat(s.window()).isEqualTo(3);
        assertThat(s.inFlight()).isZero();
    }

    @Test
    void negativeCost_refused_withTheItem_andNothingSent() {
        StreamSender<String, Long> s = StreamSender.create(this::call, item -> -1, 3, null);
        assertThatThrownBy(() -> s.tryWrite("bad")).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("the cost of an item must not be negative: -1 for bad");
        assertThatThrownBy(() -> s.write("bad")).isExactlyInstanceOf(IllegalArgumentException.class);
        assertThat(items).isEmpty();
        assertThat(s.sent()).isZero();
    }

    @Test
    void write_blocksWhileTheWindowIsFull_andGoesOnWhenAResponseFreesRoom() throws Exception {
        StreamSender<String, Long> s = bytes(3);
        s.write("abc");
        CountDownLatch written = new CountDownLatch(1);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                s.write("de");
                written.countDown();
            } catch (Throwable t) {
                failed.set(t);
            }
        });
        Pipes.awaitParked(writer);
        assertThat(s.sent()).as("the blocked write sent nothing").isEqualTo(1);
        answer(0).complete(3L);
        assertThat(written.await(30, TimeUnit.SECONDS)).isTrue();
        writer.join();
        assertThat(failed.get()).isNull();
        assertThat(items).containsExactly("abc", "de");
        assertThat(s.inFlight()).isEqualTo(2);
    }

    @Test
    void write_blocked_isWokenByAFailure_andThrowsIt() throws Exception {
        StreamSender<String, Long> s = bytes(1);
        s.write("a");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                s.write("b");
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        Pipes.awaitParked(writer);
        answer(0).completeExceptionally(new IllegalStateException("boom"));
        writer.join();
        assertThat(thrown.get()).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("the stream failed: java.lang.IllegalStateException: boom")
                .hasCauseExactlyInstanceOf(IllegalStateException.class);
        assertThat(items).containsExactly("a");
    }

    @Test
    void write_interrupted_sendsNothing() throws Exception {
        StreamSender<String, Long> s = bytes(1);
        s.write("a");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                s.write("b");
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        Pipes.awaitParked(writer);
        writer.interrupt();
        writer.join();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(s.sent()).isEqualTo(1);
        assertThat(items).containsExactly("a");
    }

    @Test
    void failure_isRethrownByLaterWrites_asBindingException_withItsFailureAndReason() {
        StreamSender<String, Long> s = bytes(10);
        assertThat(s.tryWrite("a")).isTrue();
        assertThat(s.tryWrite("b")).isTrue();
        DisconnectReason reason = DisconnectReason.peerClosed();
        answer(0).completeExceptionally(new java.util.concurrent.CompletionException(
                new BindingException(BindingException.Failure.DISCONNECTED, "gone", reason)));
        assertThat(s.inFlight()).isEqualTo(1);
        assertThatThrownBy(() -> s.tryWrite("c")).isExactlyInstanceOf(BindingException.class)
                .hasMessage("the stream failed: gone")
                .satisfies(e -> {
                    BindingException b = (BindingException) e;
                    assertThat(b.failure()).isEqualTo(BindingException.Failure.DISCONNECTED);
                    assertThat(b.disconnectReason()).contains(reason);
                });
        answer(1).completeExceptionally(new IllegalStateException("second"));
        CompletableFuture<Void> done = s.finish();
        assertThat(done).isCompletedExceptionally();
        assertThatThrownBy(done::join).hasCauseExactlyInstanceOf(BindingException.class)
                .cause().hasMessage("gone");
        assertThat(items).containsExactly("a", "b");
    }

    @Test
    void callThatThrows_releasesItsCost_andFailsTheStream() {
        StreamSender<String, Long> s = StreamSender.create(item -> {
            throw new IllegalArgumentException("no " + item);
        }, String::length, 5, null);
        assertThatThrownBy(() -> s.tryWrite("abc")).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("no abc");
        assertThat(s.inFlight()).isZero();
        assertThat(s.sent()).isEqualTo(1);
        assertThatThrownBy(() -> s.tryWrite("d")).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("the stream failed: java.lang.IllegalArgumentException: no abc");
    }

    @Test
    void finish_completesOnlyWhenEveryCallWasAnswered_andRefusesLaterWrites() {
        StreamSender<String, Long> s = bytes(10);
        assertThat(s.tryWrite("a")).isTrue();
        assertThat(s.tryWrite("b")).isTrue();
        CompletableFuture<Void> done = s.finish();
        assertThat(done).isNotDone();
        assertThatThrownBy(() -> s.tryWrite("c")).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("the stream is finished: no write after finish()");
        answer(1).complete(10L);
        assertThat(done).as("one call still in flight").isNotDone();
        answer(0).complete(10L);
        assertThat(done).isCompleted().isNotCompletedExceptionally();
        assertThat(s.finish()).as("idempotent: the same future").isSameAs(done);
    }

    @Test
    void finish_onAnIdleStream_completesAtOnce() {
        assertThat(bytes(3).finish()).isCompleted().isNotCompletedExceptionally();
    }

    @Test
    void finish_afterAFailure_failsWithIt_evenWithNothingInFlight() {
        StreamSender<String, Long> s = bytes(3);
        assertThat(s.tryWrite("a")).isTrue();
        IllegalStateException boom = new IllegalStateException("boom");
        answer(0).completeExceptionally(boom);
        CompletableFuture<Void> done = s.finish();
        assertThat(done).isCompletedExceptionally();
        assertThatThrownBy(done::join).cause().isSameAs(boom);
    }

    @Test
    void finish_pending_failsWhenALaterResponseFails() {
        StreamSender<String, Long> s = bytes(3);
        assertThat(s.tryWrite("a")).isTrue();
        CompletableFuture<Void> done = s.finish();
        IllegalStateException boom = new IllegalStateException("late");
        answer(0).completeExceptionally(boom);
        assertThatThrownBy(done::join).cause().isSameAs(boom);
    }
}

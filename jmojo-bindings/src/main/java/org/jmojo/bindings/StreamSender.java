package org.jmojo.bindings;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Streams items through a method with a response, with a window of items (or bytes) in flight that
 * the responses move, as Cap'n Proto's {@code -> stream} methods do: each call costs
 * {@code cost(item)} units of the window until its response arrives, and a response may carry the
 * receiver's new window ({@code windowFromResponse}), so a receiver that falls behind shrinks it and
 * one that keeps up grows it. The sender never queues more than the window, so a fast producer
 * cannot fill the pipe or the receiver's memory.
 *
 * <pre>{@code
 * StreamSender<byte[], Integer> upload = StreamSender.create(
 *         chunk -> sink.get().write(chunk),   // => (uint32 window)
 *         chunk -> chunk.length, 64 * 1024, window -> window);
 * for (byte[] chunk : chunks) {
 *     upload.write(chunk);                     // blocks while the window is full
 * }
 * upload.finish().join();                      // every chunk answered, or the first failure
 * }</pre>
 *
 * <p><b>Rules.</b> A call that does not fit waits ({@link #write}) or is refused ({@link #tryWrite}),
 * except that one item is always let through when nothing is in flight, so an item larger than the
 * window, or a window of 0, never stalls the stream for ever. The first failed call fails the stream:
 * later writes throw it and {@link #finish()} fails with it. Calls are made in write order.
 *
 * <p><b>Threads.</b> Thread-safe; several threads may write, each call keeps its cost until its
 * response. Responses release the window on the thread that completes them (a {@link Remote}'s
 * callback executor): never block in {@link #write} on that executor. The state ({@link #window()},
 * {@link #inFlight()}, {@link #sent()}) is observable at any time as a snapshot.
 *
 * @param <T> the item
 * @param <R> the response of one call
 */
public final class StreamSender<T, R> {

    private final Function<? super T, ? extends CompletionStage<R>> call;
    private final ToLongFunction<? super T> cost;
    private final ToLongFunction<? super R> windowFromResponse;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a response released part of the window or the stream failed. */
    private final Condition room = lock.newCondition();
    /** Guarded by {@link #lock}: the window, in cost units. */
    private long window;
    /** Guarded by {@link #lock}: the cost of the calls in flight. */
    private long inFlight;
    /** Guarded by {@link #lock}: how many calls are in flight. */
    private int calls;
    /** Guarded by {@link #lock}: calls made so far. */
    private long sent;
    /** Guarded by {@link #lock}: the first failure. */
    private Throwable failure;
    /** Guarded by {@link #lock}: {@link #finish()} was called. */
    private boolean finished;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    private StreamSender(Function<? super T, ? extends CompletionStage<R>> call, ToLongFunction<? super T> cost,
            long initialWindow, ToLongFunction<? super R> windowFromResponse) {
        this.call = Objects.requireNonNull(call, "call");
        this.cost = Objects.requireNonNull(cost, "cost");
        this.windowFromResponse = windowFromResponse;
        if (initialWindow < 1) {
            throw new IllegalArgumentException("the initial window must be at least 1: " + initialWindow);
        }
        this.window = initialWindow;
    }

    /**
     * A sender that calls {@code call} for each item.
     *
     * @param call makes one call, typically a method of a {@link Remote}'s proxy
     * @param cost what an item costs of the window (1 for a window of items, the length for bytes); not negative
     * @param initialWindow the window until a response carries another, at least 1
     * @param windowFromResponse the window a response carries; null for a fixed window
     * @throws IllegalArgumentException if {@code initialWindow} is below 1
     */
    public static <T, R> StreamSender<T, R> create(Function<? super T, ? extends CompletionStage<R>> call,
            ToLongFunction<? super T> cost, long initialWindow, ToLongFunction<? super R> windowFromResponse) {
        return new StreamSender<>(call, cost, initialWindow, windowFromResponse);
    }

    /**
     * Calls for {@code item} once it fits in the window, blocking until then.
     *
     * @throws BindingException or the exception an earlier call failed with, if the stream failed
     * @throws IllegalStateException if {@link #finish()} was called
     * @throws InterruptedException if interrupted while waiting; nothing was sent
     */
    public void write(T item) throws InterruptedException {
        long c = costOf(item);
        lock.lock();
        try {
            while (true) {
                checkWritable();
                if (fits(c)) {
                    reserve(c);
                    break;
                }
                room.await();
            }
        } finally {
            lock.unlock();
        }
        issue(item, c);
    }

    /**
     * Calls for {@code item} if it fits in the window now.
     *
     * @return false, with nothing sent, if the window is full
     * @throws BindingException or the exception an earlier call failed with, if the stream failed
     * @throws IllegalStateException if {@link #finish()} was called
     */
    public boolean tryWrite(T item) {
        long c = costOf(item);
        lock.lock();
        try {
            checkWritable();
            if (!fits(c)) {
                return false;
            }
            reserve(c);
        } finally {
            lock.unlock();
        }
        issue(item, c);
        return true;
    }

    /**
     * Ends the stream: no more writes. The future completes when every call was answered, or fails
     * with the first failure. Idempotent.
     */
    public CompletableFuture<Void> finish() {
        Throwable outcome;
        lock.lock();
        try {
            finished = true;
            outcome = outcome();
        } finally {
            lock.unlock();
        }
        settle(outcome);
        return done;
    }

    /** The window now, in cost units. */
    public long window() {
        lock.lock();
        try {
            return window;
        } finally {
            lock.unlock();
        }
    }

    /** The cost of the calls in flight now. */
    public long inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    /** How many calls were made so far. */
    public long sent() {
        lock.lock();
        try {
            return sent;
        } finally {
            lock.unlock();
        }
    }

    private long costOf(T item) {
        long c = cost.applyAsLong(item);
        if (c < 0) {
            throw new IllegalArgumentException("the cost of an item must not be negative: " + c + " for " + item);
        }
        return c;
    }

    /** Under {@link #lock}. */
    private void checkWritable() {
        if (failure != null) {
            if (failure instanceof BindingException b) {
                throw new BindingException(b.failure(), "the stream failed: " + b.getMessage(),
                        b.disconnectReason().orElse(null));
            }
            throw new IllegalStateException("the stream failed: " + failure, failure);
        }
        if (finished) {
            throw new IllegalStateException("the stream is finished: no write after finish()");
        }
    }

    /** Under {@link #lock}. */
    private boolean fits(long c) {
        return calls == 0 || inFlight + c <= window;
    }

    /** Under {@link #lock}. */
    private void reserve(long c) {
        inFlight += c;
        calls++;
        sent++;
    }

    private void issue(T item, long c) {
        CompletionStage<R> response;
        try {
            response = call.apply(item);
        } catch (RuntimeException e) {
            release(c, null, e);
            throw e;
        }
        response.whenComplete((value, error) -> release(c, value, error));
    }

    private void release(long c, R value, Throwable error) {
        Throwable outcome;
        lock.lock();
        try {
            inFlight -= c;
            calls--;
            if (error != null) {
                if (failure == null) {
                    failure = error instanceof java.util.concurrent.CompletionException ce && ce.getCause() != null
                            ? ce.getCause() : error;
                }
            } else if (windowFromResponse != null && value != null) {
                window = Math.max(0, windowFromResponse.applyAsLong(value));
            }
            room.signalAll();
            outcome = outcome();
        } finally {
            lock.unlock();
        }
        settle(outcome);
    }

    /** What {@link #done} ends with, once finished: {@link #NOT_YET}, {@link #SUCCESS} or the failure. Under {@link #lock}. */
    private Throwable outcome() {
        if (!finished) {
            return NOT_YET;
        }
        if (failure != null) {
            return failure;
        }
        return calls == 0 ? SUCCESS : NOT_YET;
    }

    /** Completes {@link #done} outside the lock, so its dependents never run under it. */
    private void settle(Throwable outcome) {
        if (outcome == SUCCESS) {
            done.complete(null);
        } else if (outcome != NOT_YET) {
            done.completeExceptionally(outcome);
        }
    }

    private static final Throwable NOT_YET = new Throwable("not yet", null, false, false) { };
    private static final Throwable SUCCESS = new Throwable("success", null, false, false) { };
}

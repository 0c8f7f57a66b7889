package org.jmojo.bindings.internal.router;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The future of a call on a remote whose callbacks run on its own default queue: a platform thread that
 * blocks on it ({@link #get()}, {@link #get(long, TimeUnit)}, {@link #join()}) reads and routes the pipe
 * itself and runs the remote's queued callbacks, instead of parking until a reader thread and the callback
 * thread wake it ({@link Connection#readOnCaller}). Between processes its wait on the pipe takes the
 * channel's read token, so the response goes from the socket to the caller with no thread hand-off
 * (docs/performance.md §5.2). When that is not possible (a virtual thread, the queue busy on another
 * thread, another caller reading, reading paused, or a remote reading {@code AUTO} whose peer is in this process)
 * it waits as any future does. Futures derived from it ({@code thenApply} and the
 * like, as the generated proxies return) are of this class too, so blocking on them reads the same way.
 *
 * @param <T> the value
 */
final class CallerReadFuture<T> extends CompletableFuture<T> {
    private final Connection connection;
    private final SerialQueue queue;
    /** Whether a blocked caller reads now (the remote's {@code Reads} mode, and for {@code AUTO} where the peer is). */
    private final java.util.function.BooleanSupplier readsNow;

    CallerReadFuture(Connection connection, SerialQueue queue, java.util.function.BooleanSupplier readsNow) {
        this.connection = connection;
        this.queue = queue;
        this.readsNow = readsNow;
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        readHere(false, 0);
        return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        readHere(true, deadline);
        return super.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    @Override
    public T join() {
        readHere(false, 0);
        return super.join();
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CallerReadFuture<>(connection, queue, readsNow);
    }

    private void readHere(boolean timed, long deadline) {
        if (!isDone() && !Thread.currentThread().isVirtual() && readsNow.getAsBoolean()) {
            connection.readOnCaller(this, queue, timed, deadline);
        }
    }
}

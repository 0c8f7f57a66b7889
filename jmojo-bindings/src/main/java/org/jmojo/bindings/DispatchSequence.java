package org.jmojo.bindings;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.jmojo.bindings.internal.router.SerialQueue;

/**
 * An ordered dispatch context that one or more {@link Receiver}s share: their requests run one at a
 * time, in arrival order, on one {@link Executor}, as Chromium's receivers bound on one sequence do.
 * This is also the unit of sync re-entrancy: a thread blocked in a {@code [Sync]} call while running
 * a request of a sequence serves that sequence's incoming sync requests, from any of its receivers.
 * So a service bound on several pipes (say, one for its clients and one for a peer service that
 * calls it back) binds them all on one sequence.
 *
 * <p>By default every receiver gets a sequence of its own. Thread-safe.
 */
public final class DispatchSequence {

    private final SerialQueue queue;

    private DispatchSequence(Executor executor) {
        this.queue = new SerialQueue(executor);
    }

    /** A sequence that runs its requests on {@code executor} (a pool is fine: requests never overlap). */
    public static DispatchSequence on(Executor executor) {
        return new DispatchSequence(Objects.requireNonNull(executor, "executor"));
    }

    /**
     * A direct sequence: its requests run on the thread that delivers them, with no hand-off (gRPC's
     * {@code directExecutor}). In one process that is the caller's thread, inside the proxy call that
     * wrote the request (so the call returns after the implementation did), or the thread of whoever
     * wrote the message; a raw write through the system API, or a message already waiting when the
     * receiver is bound, is delivered by a reader thread of the bindings. Order, sync re-entrancy,
     * {@code [NoInterrupt]}, flow control and disconnect reasons are as on any sequence: requests
     * still run one at a time, in arrival order, and a request that arrives while the sequence is busy
     * (on this thread or another) waits for it, then runs on the thread that is draining it.
     *
     * <p><b>Rules for the implementation</b>, as with any direct executor: it runs on threads it does
     * not own, possibly inside another binding's callback or request, so it must not block (no
     * waiting on a future, a lock held elsewhere or I/O; a blocking {@code [Sync]} call is fine, the
     * bindings serve it), must be short, and must not hold a lock across a call to a remote (the
     * implementation at the other end may run inside that call). Break these rules and the callers
     * stall or deadlock; use the default sequence instead. A chain of direct calls deeper than 16
     * hands further work to a reader thread, which bounds a thread's stack.
     */
    public static DispatchSequence direct() {
        return new DispatchSequence(SerialQueue.DIRECT);
    }

    /**
     * The executor that {@link #direct()} dispatches on; give it to {@link Receiver#bind(PendingReceiver,
     * Object, Executor)} or {@link Remote.Options#withCallbackExecutor} for the direct path. Another
     * executor that runs tasks inline dispatches on the bindings' reader thread instead (one hand-off).
     */
    public static Executor directExecutor() {
        return SerialQueue.DIRECT;
    }

    /** A sequence on a virtual thread per turn, named after {@code name}. */
    public static DispatchSequence create(String name) {
        return on(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("jmojo-receiver-" + name + "-", 0)
                .factory()));
    }

    SerialQueue queue() {
        return queue;
    }
}

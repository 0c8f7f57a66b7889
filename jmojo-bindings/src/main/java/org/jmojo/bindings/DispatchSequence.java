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

    /** A sequence on a virtual thread per turn, named after {@code name}. */
    public static DispatchSequence create(String name) {
        return on(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("jmojo-receiver-" + name + "-", 0)
                .factory()));
    }

    SerialQueue queue() {
        return queue;
    }
}

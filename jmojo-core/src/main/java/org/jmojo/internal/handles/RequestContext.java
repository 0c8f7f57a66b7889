package org.jmojo.internal.handles;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jmojo.internal.sync.HeldLocks;

/**
 * The per-thread scope of one system API call: the traps for which this call produced events are
 * noted here, and their events are delivered when the outermost call on this thread ends, after every
 * lock is released (Chromium's RequestContext idea).
 *
 * <p>The events themselves are not kept here: each is appended to its trap's own delivery queue at
 * the moment it is produced, under the trap's lock ({@link TrapDispatcher#enqueueLocked}), so one
 * trap's events are queued in the order they were produced whichever threads produced them. At the
 * end of the call this thread drains the queue of every trap it noted; if another thread is running
 * that trap's handler, that thread drains it instead. Draining here, never from a thread-local list of
 * events, is what keeps an event produced earlier on one thread from reaching the handler after a
 * {@code CANCELLED} produced later on another (issue 7).
 *
 * <p>Traps noted while draining (a handler that writes, closes or re-arms) are drained by the same loop
 * after the current handler returns, so no handler is ever entered recursively on one thread. Usage:
 * {@code try (RequestContext c = RequestContext.enter()) { … }}.
 */
final class RequestContext implements AutoCloseable {
    private static final ThreadLocal<RequestContext> CURRENT = ThreadLocal.withInitial(RequestContext::new);

    /** Traps with events this thread queued; only this thread touches it. */
    private final ArrayDeque<TrapDispatcher> toDrain = new ArrayDeque<>();
    private int depth;
    /**
     * Where the outermost call hands its noted traps instead of draining them here: set while this thread reads a
     * channel holding its read token (the handlers then run on the node's I/O thread, docs/concurrency.md); null
     * otherwise. Only this thread touches it.
     */
    private Executor drainElsewhere;

    private RequestContext() {}

    /** Enters a (possibly nested) API call on this thread. */
    static RequestContext enter() {
        RequestContext c = CURRENT.get();
        c.depth++;
        return c;
    }

    /**
     * Notes that {@code trap} has an event queued by this call, to drain when the outermost call ends.
     * Called with the trap's lock held (it takes no lock).
     *
     * @throws IllegalStateException outside a system API call
     */
    static void noteTrap(TrapDispatcher trap) {
        RequestContext c = CURRENT.get();
        if (c.depth == 0) {
            throw new IllegalStateException("trap event produced outside a system API call on " + trap);
        }
        if (c.toDrain.peekLast() != trap) {
            c.toDrain.add(trap);
        }
    }

    /** Whether this thread is inside no system API call (nor a trap handler run by one). */
    static boolean isOutsideCalls() {
        return CURRENT.get().depth == 0;
    }

    /**
     * Runs {@code body} with the traps its outermost calls note handed to {@code handlerThread} rather than drained
     * on this thread. Call outside any API call ({@link #isOutsideCalls}).
     */
    static void drainingElsewhere(Executor handlerThread, Runnable body) {
        RequestContext c = CURRENT.get();
        if (c.depth != 0 || c.drainElsewhere != null) {
            throw new IllegalStateException("trap deferral inside an API call (depth " + c.depth + ")");
        }
        c.drainElsewhere = handlerThread;
        try {
            body.run();
        } finally {
            c.drainElsewhere = null;
        }
    }

    /**
     * A read-token holder's end of call: hands every noted trap to {@link #drainElsewhere}, in the order noted (each
     * trap keeps its own event order in its queue, whoever drains it). Returns false, with the traps not handed
     * still noted, if that thread no longer takes tasks (it stopped): they are then drained here.
     */
    private boolean handedElsewhere() {
        for (TrapDispatcher trap; (trap = toDrain.peek()) != null; ) {
            TrapDispatcher t = trap;
            try {
                drainElsewhere.execute(() -> drainHere(t));
            } catch (RejectedExecutionException stopped) {
                return false;
            }
            toDrain.poll();
        }
        return true;
    }

    /** Drains {@code trap} on this thread, as the outermost call that noted it would have. */
    private static void drainHere(TrapDispatcher trap) {
        RequestContext c = enter();
        c.toDrain.add(trap);
        c.close();
    }

    /** Leaves the call; the outermost exit drains the noted traps. */
    @Override
    public void close() {
        if (depth > 1 || toDrain.isEmpty()) {
            depth--;
            return;
        }
        if (drainElsewhere != null && handedElsewhere()) {
            depth--;
            return;
        }
        // Stay at depth 1 while delivering, so that calls made by handlers only note traps.
        Throwable failure = null;
        try {
            TrapDispatcher trap;
            while ((trap = toDrain.poll()) != null) {
                HeldLocks.checkNone("trap event delivery");
                try {
                    trap.drain();
                } catch (RuntimeException | Error e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        } finally {
            depth--;
        }
        Failures.rethrow(failure);
    }
}

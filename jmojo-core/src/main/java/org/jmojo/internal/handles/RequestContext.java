package org.jmojo.internal.handles;

import java.util.ArrayDeque;
import org.jmojo.internal.ports.HeldLocks;
import org.jmojo.system.TrapEvent;

/**
 * The per-thread scope of one system API call: trap events produced during the call (under locks) are
 * collected here and delivered when the outermost call on this thread ends, after every lock is
 * released (Chromium's RequestContext idea).
 *
 * <p>Events caused while delivering (a handler that writes, closes or re-arms) are appended and
 * delivered by the same loop after the current handler returns, so no handler is ever entered
 * recursively on one thread. Usage: {@code try (RequestContext c = RequestContext.enter()) { … }}.
 */
final class RequestContext implements AutoCloseable {
    private static final ThreadLocal<RequestContext> CURRENT = ThreadLocal.withInitial(RequestContext::new);

    private record Pending(TrapDispatcher trap, TrapEvent event) {}

    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private int depth;

    private RequestContext() {}

    /** Enters a (possibly nested) API call on this thread. */
    static RequestContext enter() {
        RequestContext c = CURRENT.get();
        c.depth++;
        return c;
    }

    /** Records an event to deliver when the outermost call ends. */
    static void addTrapEvent(TrapDispatcher trap, TrapEvent event) {
        RequestContext c = CURRENT.get();
        if (c.depth == 0) {
            throw new IllegalStateException("trap event produced outside a system API call: " + event);
        }
        c.pending.add(new Pending(trap, event));
    }

    /** Leaves the call; the outermost exit delivers the collected events. */
    @Override
    public void close() {
        if (depth > 1 || pending.isEmpty()) {
            depth--;
            return;
        }
        // Stay at depth 1 while delivering, so that calls made by handlers only append.
        Throwable failure = null;
        try {
            Pending p;
            while ((p = pending.poll()) != null) {
                HeldLocks.checkNone("trap event delivery");
                try {
                    p.trap().deliver(p.event());
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

package org.jmojo.internal.handles;

import org.jmojo.internal.node.EventTransport;
import org.jmojo.internal.ports.NodeName;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;

/**
 * The read-token fast path of a platform thread waiting on one endpoint (docs/concurrency.md, "The read token";
 * docs/architecture.md §5): instead of parking until the node's I/O thread has read the message and unparked it
 * (two wake-ups: the kernel wakes the I/O thread, the I/O thread wakes the waiter), the waiter takes the read
 * token of the channel its messages arrive on, and polls and reads that channel itself (one wake-up).
 *
 * <p><b>When.</b> The waiting thread is a platform thread, outside any API call or handler, and the property
 * {@link Core#READ_TOKEN_PROPERTY} is not {@code false}; the endpoint's port is receiving straight from another
 * node (its expected previous sender is there, no events are held for a sender switch,
 * {@link org.jmojo.internal.ports.Node#remoteSender}); the transport has a live channel to that node; and the
 * deadline is at least {@link #MAX_HOLD_NANOS} away (a shorter wait parks, so that it ends on time). Virtual
 * threads never read: they park and are unparked through the I/O thread.
 *
 * <p><b>Holding.</b> The holder reads and dispatches every frame as the I/O thread would (every port's events, in
 * arrival order), except that the trap handlers they cause are handed to the I/O thread
 * ({@link RequestContext#drainingElsewhere}); it runs only its own wait's observer, then re-checks its condition.
 * It lets go when its wait ends, when its port stops qualifying, when the channel closes, when another waiter
 * asks for the token (the newest waiter reads; the one that let go parks for the rest of its wait) and after at
 * most {@link #MAX_HOLD_NANOS} (then it may take it again). Anyone who would unpark it wakes its poll instead
 * ({@link Waiter#reading}). It holds no lock meanwhile.
 */
final class ReadTokenWait {
    /** The longest a waiter holds a token at a stretch (docs/architecture.md §5: 1 ms, a decision). */
    static final long MAX_HOLD_NANOS = 1_000_000;
    private static final int POLL_MILLIS = 1;

    private ReadTokenWait() {}

    /**
     * Waits until {@code waiter} is done or {@code deadline} passes, reading {@code d}'s channel while the token is to
     * be had, parked otherwise. Called with no lock held, with {@code waiter}'s observer registered.
     */
    static void await(LocalCore core, Dispatcher d, Waiter waiter, Deadline deadline) {
        // Uninterruptible, as parking is (WaitSpin.park): the status is taken while the thread polls, set again at the end.
        boolean interrupted = false;
        try {
            while (!waiter.isDone()) {
                interrupted |= Thread.interrupted();
                EventTransport.DirectReader r = reader(core, d, deadline);
                if (r == null || !acquire(r, waiter, deadline)) {
                    WaitSpin.park(waiter::isDone, deadline);
                    return;
                }
                boolean yielded;
                try {
                    yielded = hold(core, ((EndpointDispatcher) d), r, waiter, deadline);
                } finally {
                    r.release();
                }
                if (yielded) {
                    WaitSpin.park(waiter::isDone, deadline); // the newer waiter reads; this one is woken as others are
                    return;
                }
                if (!deadline.isInfinite() && deadline.remainingNanos() <= 0) {
                    return;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The channel this wait may read, or null if it must park. */
    private static EventTransport.DirectReader reader(LocalCore core, Dispatcher d, Deadline deadline) {
        if (!(d instanceof EndpointDispatcher e) || Thread.currentThread().isVirtual()
                || !RequestContext.isOutsideCalls() || "false".equals(System.getProperty(Core.READ_TOKEN_PROPERTY))
                || (!deadline.isInfinite() && deadline.remainingNanos() < MAX_HOLD_NANOS)) {
            return null;
        }
        EventTransport t = core.transport();
        if (t == null) {
            return null;
        }
        NodeName sender = core.node.remoteSender(e.port);
        return sender == null ? null : t.directReader(sender);
    }

    /**
     * Takes the token, or asks its holder for it and spins briefly while it lets go; false if it did not come (or
     * the wait ended meanwhile).
     */
    private static boolean acquire(EventTransport.DirectReader r, Waiter waiter, Deadline deadline) {
        if (r.tryAcquire()) {
            return true;
        }
        r.want();
        Boolean got = WaitSpin.spin(() -> waiter.isDone() ? Boolean.FALSE : r.tryAcquire() ? Boolean.TRUE : null,
                deadline);
        return got == Boolean.TRUE;
    }

    /**
     * Reads and polls the channel, as its token's holder, until the wait ends or it must let go.
     *
     * @return whether it let go because another waiter asked for the token
     */
    private static boolean hold(LocalCore core, EndpointDispatcher d, EventTransport.DirectReader r, Waiter waiter,
            Deadline deadline) {
        NodeName sender = core.node.remoteSender(d.port);
        boolean[] yielded = {false};
        waiter.reading(r); // before the next isDone: an outcome set from now on wakes the poll
        try {
            RequestContext.drainingElsewhere(r.handlerThread(), () -> {
                long until = System.nanoTime() + MAX_HOLD_NANOS;
                while (!waiter.isDone() && r.read() && !waiter.isDone()) {
                    if (r.wanted()) {
                        yielded[0] = true;
                        return;
                    }
                    if (System.nanoTime() - until >= 0 || sender == null || !sender.equals(core.node.remoteSender(d.port))
                            || (!deadline.isInfinite() && deadline.remainingNanos() <= 0)) {
                        return;
                    }
                    r.await(POLL_MILLIS);
                }
            });
        } finally {
            waiter.reading(null);
        }
        return yielded[0];
    }
}

package org.jmojo.internal.channel;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The right to read one channel and dispatch its frames (DESIGN.md §5): free, held by one owner (the
 * I/O thread, or later a platform thread waiting on an endpoint whose route ends at this channel), or
 * retired once the closed channel's reader state has been released. Not a lock: nobody waits for it,
 * a thread that cannot take it simply leaves the reading to the holder, and the holder holds no lock
 * while it reads.
 *
 * <p>Seam for the read-token fast path: a waiter takes the token with {@link #tryAcquire}, polls the
 * channel socket with its own eventfd, reads through {@link UnixChannel#readAvailable} and gives it
 * back through {@link UnixChannel#releaseReadToken}, which re-arms the socket in the I/O thread's epoll
 * set.
 */
final class ReadToken {
    private static final Object RETIRED = new Object() {
        @Override
        public String toString() {
            return "retired";
        }
    };

    private final AtomicReference<Object> owner = new AtomicReference<>();

    /** Takes the token if it is free. */
    boolean tryAcquire(Object who) {
        return owner.compareAndSet(null, who);
    }

    /** Gives the token back. */
    void release(Object who) {
        if (!owner.compareAndSet(who, null)) {
            throw new IllegalStateException("read token released by " + who + " but held by " + owner.get());
        }
    }

    /** Marks the token as never available again (the channel closed and its reader state is gone). */
    void retire(Object who) {
        if (!owner.compareAndSet(who, RETIRED)) {
            throw new IllegalStateException("read token retired by " + who + " but held by " + owner.get());
        }
    }

    boolean isFree() {
        return owner.get() == null;
    }

    /** The current holder, for messages and tests. */
    Object holder() {
        return owner.get();
    }
}

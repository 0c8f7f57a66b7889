package org.jmojo.internal.platform;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * {@code poll(2)} over a small fixed set of descriptors, with its {@code pollfd} array allocated once:
 * the way a read-token holder will wait on one channel socket and its own eventfd (DESIGN.md §5).
 *
 * <p>Not thread-safe: one thread sets the entries, polls and reads the results. A blocking
 * {@link #poll} must run on a platform thread.
 */
public final class Poller implements AutoCloseable {
    public static final int IN = 0x1;
    public static final int OUT = 0x4;
    public static final int ERR = 0x8;
    public static final int HUP = 0x10;
    public static final int NVAL = 0x20;
    public static final int RDHUP = 0x2000;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment entries;
    private final Fd[] fds;

    public Poller(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("poll set size < 1: " + size);
        }
        entries = arena.allocate(PollfdLayout.SIZE * size, 8);
        fds = new Fd[size];
    }

    /** Sets entry {@code index} to watch {@code fd} for {@code events}; the Poller does not own {@code fd}. */
    public void set(int index, Fd fd, int events) {
        fds[index] = fd;
        PollfdLayout.set(entries, index, fd.number(), events);
    }

    /**
     * Waits until an entry is ready, {@code timeoutMillis} passed (-1 = no limit, 0 = just look) or a
     * signal interrupted the wait (returns 0).
     *
     * @return the number of entries with a non-zero {@link #ready(int)} mask
     * @throws IllegalStateException if {@code timeoutMillis != 0} on a virtual thread
     */
    public int poll(int timeoutMillis) throws NativeException {
        Blocking.requirePlatformThread("poll", timeoutMillis);
        int acquired = 0;
        try {
            for (Fd fd : fds) {
                fd.acquire();
                acquired++;
            }
            int n = Libc.poll(entries, fds.length, timeoutMillis);
            if (n >= 0) {
                return n;
            }
            int errno = Libc.errno();
            if (errno == Errno.EINTR) {
                return 0;
            }
            throw new NativeException("poll", fds.length + " fds", errno);
        } finally {
            for (int i = 0; i < acquired; i++) {
                fds[i].releaseUse();
            }
        }
    }

    /** The ready mask ({@code revents}) of entry {@code index} after the last {@link #poll}. */
    public int ready(int index) {
        return PollfdLayout.revents(entries, index);
    }

    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}

package org.jmojo.internal.platform;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;

/**
 * A non-blocking, close-on-exec {@code eventfd}: a kernel counter that makes a waiting {@code epoll} or
 * {@code poll} return. {@link #signal()} adds 1 (any thread, never blocks); {@link #drain()} reads and
 * resets the counter.
 */
public final class EventFd implements AutoCloseable {
    static final int EFD_NONBLOCK = 0x800;
    static final int EFD_CLOEXEC = 0x80000;

    private final Fd fd;

    public EventFd() throws NativeException {
        int n = Libc.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        if (n < 0) {
            throw new NativeException("eventfd", "EFD_NONBLOCK | EFD_CLOEXEC", Libc.errno());
        }
        fd = new Fd(n, "eventfd");
    }

    /** The descriptor, to register with {@link Epoll} or {@link Poller}; owned by this object. */
    public Fd fd() {
        return fd;
    }

    /** Adds 1 to the counter, making the descriptor readable. Thread-safe. */
    public void signal() throws NativeException {
        int n = fd.acquire();
        try {
            MemorySegment value = Libc.scratch();
            value.set(JAVA_LONG, 0, 1L);
            for (;;) {
                if (Libc.write(n, value, 8) == 8) {
                    return;
                }
                int errno = Libc.errno();
                // EAGAIN: the counter is at its maximum, so the descriptor is readable anyway.
                if (errno == Errno.EAGAIN) {
                    return;
                }
                if (errno != Errno.EINTR) {
                    throw new NativeException("write", "eventfd " + n, errno);
                }
            }
        } finally {
            fd.releaseUse();
        }
    }

    /** Reads and resets the counter: the number of signals since the last drain, 0 if none. */
    public long drain() throws NativeException {
        int n = fd.acquire();
        try {
            MemorySegment value = Libc.scratch();
            for (;;) {
                if (Libc.read(n, value, 8) == 8) {
                    return value.get(JAVA_LONG, 0);
                }
                int errno = Libc.errno();
                if (errno == Errno.EAGAIN) {
                    return 0;
                }
                if (errno != Errno.EINTR) {
                    throw new NativeException("read", "eventfd " + n, errno);
                }
            }
        } finally {
            fd.releaseUse();
        }
    }

    @Override
    public void close() {
        fd.close();
    }
}

package org.jmojo.internal.platform;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * An epoll instance ({@code epoll_create1}, {@code epoll_ctl}, {@code epoll_wait}) with its own array
 * of returned events.
 *
 * <p><b>Threads.</b> {@link #add}, {@link #modify} and {@link #delete} may be called from any thread
 * (the kernel serialises them). {@link #await} and the accessors of its results belong to one thread,
 * the loop that owns this instance, and a blocking {@link #await} must run on a platform thread: an FFM
 * downcall pins a virtual thread's carrier for its whole duration (DESIGN.md §5).
 *
 * <p>The registration data is a {@code long} chosen by the caller, returned with each event.
 */
public final class Epoll implements AutoCloseable {
    public static final int IN = 0x1;
    public static final int OUT = 0x4;
    public static final int ERR = 0x8;
    public static final int HUP = 0x10;
    public static final int RDHUP = 0x2000;
    public static final int ONESHOT = 1 << 30;

    static final int EPOLL_CLOEXEC = 0x80000;
    static final int CTL_ADD = 1;
    static final int CTL_DEL = 2;
    static final int CTL_MOD = 3;

    private final Fd epfd;
    private final Arena arena = Arena.ofShared();
    /** Filled by {@link #await}; owned by the loop thread. */
    private final MemorySegment events;
    private final int capacity;

    /** A new close-on-exec epoll instance returning at most {@code capacity} events per {@link #await}. */
    public Epoll(int capacity) throws NativeException {
        if (capacity < 1) {
            throw new IllegalArgumentException("epoll capacity < 1: " + capacity);
        }
        int fd = Libc.epollCreate1(EPOLL_CLOEXEC);
        if (fd < 0) {
            throw new NativeException("epoll_create1", "EPOLL_CLOEXEC", Libc.errno());
        }
        this.epfd = new Fd(fd, "epoll");
        this.capacity = capacity;
        this.events = arena.allocate(EpollEventLayout.SIZE * capacity, 8);
    }

    /** Registers {@code fd} for {@code interest} (a mask of this class's constants). */
    public void add(Fd fd, int interest, long data) throws NativeException {
        control(CTL_ADD, "EPOLL_CTL_ADD", fd, interest, data);
    }

    /** Changes the interest of a registered {@code fd}; with {@link #ONESHOT} this re-arms it. */
    public void modify(Fd fd, int interest, long data) throws NativeException {
        control(CTL_MOD, "EPOLL_CTL_MOD", fd, interest, data);
    }

    /** Removes {@code fd}; {@code false} if it was not registered ({@code ENOENT}). */
    public boolean delete(Fd fd) throws NativeException {
        try {
            control(CTL_DEL, "EPOLL_CTL_DEL", fd, 0, 0);
            return true;
        } catch (NativeException e) {
            if (e.errno() == Errno.ENOENT) {
                return false;
            }
            throw e;
        }
    }

    private void control(int op, String opName, Fd fd, int interest, long data) throws NativeException {
        int ep = epfd.acquire();
        int target = fd.acquire();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment event = call.allocate(EpollEventLayout.LAYOUT);
            EpollEventLayout.set(event, 0, interest, data);
            if (Libc.epollCtl(ep, op, target, event) != 0) {
                throw new NativeException("epoll_ctl(" + opName + ")", "epoll fd " + ep + ", fd " + target, Libc.errno());
            }
        } finally {
            fd.releaseUse();
            epfd.releaseUse();
        }
    }

    /**
     * Waits for events: returns as soon as at least one is ready, after {@code timeoutMillis}
     * (-1 = no limit, 0 = just look), or early with 0 when a signal interrupted the wait.
     *
     * @return the number of events now readable through {@link #events(int)} and {@link #data(int)}
     * @throws IllegalStateException if {@code timeoutMillis != 0} on a virtual thread
     */
    public int await(int timeoutMillis) throws NativeException {
        Blocking.requirePlatformThread("epoll_wait", timeoutMillis);
        int ep = epfd.acquire();
        try {
            int n = Libc.epollWait(ep, events, capacity, timeoutMillis);
            if (n >= 0) {
                return n;
            }
            int errno = Libc.errno();
            if (errno == Errno.EINTR) {
                return 0;
            }
            throw new NativeException("epoll_wait", "epoll fd " + ep, errno);
        } finally {
            epfd.releaseUse();
        }
    }

    /** The ready mask of event {@code index} of the last {@link #await}. */
    public int events(int index) {
        return EpollEventLayout.events(events, index);
    }

    /** The registration data of event {@code index} of the last {@link #await}. */
    public long data(int index) {
        return EpollEventLayout.data(events, index);
    }

    /** Closes the epoll descriptor and frees the event array; registered descriptors stay open. */
    @Override
    public void close() {
        epfd.close();
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}

package org.jmojo.internal.platform;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An owned file descriptor: the one object responsible for closing one kernel descriptor number.
 *
 * <p><b>Ownership.</b> Whoever holds an {@code Fd} must {@link #close()} it or hand it to someone who
 * will (a method that takes ownership says so in its contract). {@link #close()} is idempotent and
 * calls {@code close(2)} exactly once over the object's life, whichever threads call it and however
 * often; {@link #release()} ends ownership without closing (the number then belongs to the caller).
 * So a descriptor can neither leak through a lost reference to its owner nor be closed twice.
 *
 * <p><b>Calls in flight.</b> The platform layer brackets every system call on a descriptor with
 * {@link #acquire()}/{@link #releaseUse()}. A {@link #close()} that finds calls in flight only marks
 * the object closed; the last of those calls to finish performs {@code close(2)}. So a concurrent
 * close can never let the kernel hand the number to a newly opened file while a call is still using
 * it, and a call that starts after close fails with {@link IllegalStateException} naming the fd.
 *
 * <p>Thread-safe: the whole state is one {@code int} changed by compare-and-set (bit 0 = closed,
 * the rest = number of calls in flight).
 */
public final class Fd implements AutoCloseable {
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Fd.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final int CLOSED = 1;
    private static final int USER = 2;

    /**
     * The descriptor numbers owned by adopted objects ({@link #adopt}), process-wide as the numbers are: so that
     * one number handed to jmojo twice (two owners, two closes) is refused. An entry is removed just before its
     * {@code close(2)} (or at {@link #release()}), so that a number the kernel hands out again is never refused.
     */
    private static final ConcurrentHashMap<Integer, Fd> ADOPTED = new ConcurrentHashMap<>();

    private final int number;
    private final String kind;
    /** Whether this object is in {@link #ADOPTED}. */
    private final boolean adopted;
    /** Bit 0: closed (no new use may start); bits 1..31: calls in flight. Changed only by CAS. */
    private volatile int state;
    /** Set once, by the thread that performs close(2) (or release()); read for messages only. */
    private volatile String fate;

    /**
     * Takes ownership of descriptor {@code number}.
     *
     * @param kind what the descriptor is ({@code "socket"}, {@code "epoll"}, {@code "received"}), used
     *     in error messages only
     * @throws IllegalArgumentException if {@code number < 0}
     */
    public Fd(int number, String kind) {
        this(number, kind, false);
    }

    private Fd(int number, String kind, boolean adopted) {
        if (number < 0) {
            throw new IllegalArgumentException("descriptor number < 0: " + number);
        }
        this.number = number;
        this.kind = kind;
        this.adopted = adopted;
    }

    /**
     * Takes ownership of descriptor {@code number}, given by code outside jmojo, after checking that it is open
     * ({@code fcntl(F_GETFD)}) and that no other adopted object owns it already.
     *
     * @throws NativeException {@code EBADF} if {@code number} is not an open descriptor (nothing is owned then)
     * @throws IllegalArgumentException naming the number if it is negative, or already owned by an adopted
     *     object (handed to jmojo twice)
     */
    public static Fd adopt(int number, String kind) throws NativeException {
        if (number < 0) {
            throw new IllegalArgumentException("fd " + number + " is negative: descriptor numbers are 0 or more");
        }
        if (Libc.fcntl(number, Fcntl.F_GETFD, 0) < 0) {
            throw new NativeException("fcntl(F_GETFD)", "fd " + number, Libc.errno());
        }
        return register(new Fd(number, kind, true));
    }

    private static Fd register(Fd fd) {
        Fd owner = ADOPTED.putIfAbsent(fd.number, fd);
        if (owner != null) {
            throw new IllegalArgumentException("fd " + fd.number + " is already owned by jmojo (" + owner.kind
                    + "): a descriptor has one owner, so it can be handed over once");
        }
        return fd;
    }


    /**
     * The descriptor number, for logging and for tests that compare numbers. Using it in a system call
     * outside {@link #acquire()}/{@link #releaseUse()} gives up the in-flight protection.
     */
    public int number() {
        return number;
    }

    /** What the descriptor is, as given at construction. */
    public String kind() {
        return kind;
    }

    /** Whether the object still owns its descriptor (neither closed nor released). */
    public boolean isOpen() {
        return (state & CLOSED) == 0;
    }

    /**
     * Starts a use of the descriptor in a system call; every successful call must be matched by one
     * {@link #releaseUse()}, in a {@code finally}.
     *
     * @return the descriptor number
     * @throws IllegalStateException naming the fd if it was closed or released
     */
    public int acquire() {
        for (;;) {
            int s = state;
            if ((s & CLOSED) != 0) {
                throw new IllegalStateException(this + " is used after it was " + fate);
            }
            if (STATE.compareAndSet(this, s, s + USER)) {
                return number;
            }
        }
    }

    /** Ends a use begun by {@link #acquire()}; performs a close that was requested meanwhile. */
    public void releaseUse() {
        int s = (int) STATE.getAndAdd(this, -USER) - USER;
        if (s == CLOSED) {
            closeNow();
        }
    }

    /**
     * Closes the descriptor, now if no call is in flight, else when the last one ends. Idempotent: a
     * second call, or a call after {@link #release()}, does nothing.
     *
     * @throws IllegalStateException if {@code close(2)} reports {@code EBADF}: someone closed this
     *     number behind its owner's back, a bug that could have closed an unrelated file
     */
    @Override
    public void close() {
        for (;;) {
            int s = state;
            if ((s & CLOSED) != 0) {
                return;
            }
            if (STATE.compareAndSet(this, s, s | CLOSED)) {
                if (s == 0) {
                    closeNow();
                }
                return;
            }
        }
    }

    private void closeNow() {
        fate = "closed";
        if (adopted) {
            ADOPTED.remove(number, this);
        }
        if (Libc.close(number) != 0) {
            int errno = Libc.errno();
            // EINTR: Linux has released the number anyway, and retrying could close a reused one.
            if (errno == Errno.EBADF) {
                throw new IllegalStateException(
                        "close(" + this + "): EBADF, the descriptor was closed by someone other than its owner");
            }
        }
    }

    /**
     * Gives up ownership without closing: the caller now owns the number (for example to hand it to
     * a child process). Fails if a call is in flight or the fd is already closed or released.
     *
     * @return the descriptor number
     * @throws IllegalStateException naming the fd and why
     */
    public int release() {
        if (!STATE.compareAndSet(this, 0, CLOSED)) {
            int s = state;
            throw new IllegalStateException((s & CLOSED) != 0
                    ? this + " cannot be released: it was already " + fate
                    : this + " cannot be released while " + (s >>> 1) + " call(s) use it");
        }
        fate = "released";
        if (adopted) {
            ADOPTED.remove(number, this);
        }
        return number;
    }

    /**
     * A new owned descriptor for the same open file, close-on-exec ({@code fcntl(F_DUPFD_CLOEXEC)}, so
     * that a child process started later does not inherit it, unlike plain {@code dup}). The duplicate of an
     * {@linkplain #adopt adopted} object is adopted too.
     *
     * @throws NativeException if the kernel refuses (for example {@code EMFILE})
     */
    public Fd duplicate() throws NativeException {
        int fd = acquire();
        try {
            int copy = Libc.fcntl(fd, Fcntl.F_DUPFD_CLOEXEC, 0);
            if (copy < 0) {
                throw new NativeException("fcntl(F_DUPFD_CLOEXEC)", "fd " + fd, Libc.errno());
            }
            Fd duplicate = new Fd(copy, kind, adopted);
            if (adopted) {
                try {
                    register(duplicate);
                } catch (IllegalArgumentException e) {
                    Libc.close(copy); // not ours to keep: another adopted object claims the number
                    throw e;
                }
            }
            return duplicate;
        } finally {
            releaseUse();
        }
    }

    @Override
    public String toString() {
        return "fd " + number + " (" + kind + ")";
    }
}

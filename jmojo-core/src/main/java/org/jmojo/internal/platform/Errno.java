package org.jmojo.internal.platform;

/**
 * Linux x86-64 {@code errno} values that the platform layer tests for or is likely to report, with a
 * symbolic name and a short description of each, so an exception can say {@code EPIPE (the peer
 * closed its end)} instead of a bare number.
 *
 * <p>Only the values are Linux ABI; the descriptions are jmojo's own wording, chosen to help the
 * reader of a log line rather than to match {@code strerror(3)}.
 */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int EEXIST = 17;
    public static final int ENOTDIR = 20;
    public static final int EINVAL = 22;
    public static final int ENFILE = 23;
    public static final int EMFILE = 24;
    public static final int ENOSPC = 28;
    public static final int EPIPE = 32;
    public static final int ENAMETOOLONG = 36;
    public static final int ENOSYS = 38;
    public static final int ENOTSOCK = 88;
    public static final int EMSGSIZE = 90;
    public static final int ENOPROTOOPT = 92;
    public static final int EOPNOTSUPP = 95;
    public static final int EAFNOSUPPORT = 97;
    public static final int EADDRINUSE = 98;
    public static final int EADDRNOTAVAIL = 99;
    public static final int ECONNABORTED = 103;
    public static final int ECONNRESET = 104;
    public static final int ENOBUFS = 105;
    public static final int EISCONN = 106;
    public static final int ENOTCONN = 107;
    public static final int ETOOMANYREFS = 109;
    public static final int ETIMEDOUT = 110;
    public static final int ECONNREFUSED = 111;
    public static final int EALREADY = 114;
    public static final int EINPROGRESS = 115;

    private static final String[] NAMES = new String[128];
    private static final String[] TEXTS = new String[128];

    static {
        describe(EPERM, "EPERM", "operation not permitted");
        describe(ENOENT, "ENOENT", "no such file or directory");
        describe(EINTR, "EINTR", "interrupted by a signal");
        describe(EIO, "EIO", "input/output error");
        describe(EBADF, "EBADF", "not an open file descriptor");
        describe(EAGAIN, "EAGAIN", "would block (non-blocking descriptor not ready)");
        describe(ENOMEM, "ENOMEM", "out of kernel memory");
        describe(EACCES, "EACCES", "permission denied");
        describe(EFAULT, "EFAULT", "bad address passed to the kernel");
        describe(EEXIST, "EEXIST", "already exists");
        describe(ENOTDIR, "ENOTDIR", "a path component is not a directory");
        describe(EINVAL, "EINVAL", "invalid argument");
        describe(ENFILE, "ENFILE", "system-wide open file limit reached");
        describe(EMFILE, "EMFILE", "per-process open file limit reached");
        describe(ENOSPC, "ENOSPC", "no space left");
        describe(EPIPE, "EPIPE", "the peer closed its end (broken pipe)");
        describe(ENAMETOOLONG, "ENAMETOOLONG", "file name too long");
        describe(ENOSYS, "ENOSYS", "system call not implemented by this kernel");
        describe(ENOTSOCK, "ENOTSOCK", "descriptor is not a socket");
        describe(EMSGSIZE, "EMSGSIZE", "message too long");
        describe(ENOPROTOOPT, "ENOPROTOOPT", "socket option not available");
        describe(EOPNOTSUPP, "EOPNOTSUPP", "operation not supported on this socket");
        describe(EAFNOSUPPORT, "EAFNOSUPPORT", "address family not supported");
        describe(EADDRINUSE, "EADDRINUSE", "address already in use");
        describe(EADDRNOTAVAIL, "EADDRNOTAVAIL", "address not available");
        describe(ECONNABORTED, "ECONNABORTED", "connection aborted");
        describe(ECONNRESET, "ECONNRESET", "connection reset by the peer");
        describe(ENOBUFS, "ENOBUFS", "no buffer space available");
        describe(EISCONN, "EISCONN", "socket already connected");
        describe(ENOTCONN, "ENOTCONN", "socket not connected");
        describe(ETOOMANYREFS, "ETOOMANYREFS", "too many descriptors in flight");
        describe(ETIMEDOUT, "ETIMEDOUT", "timed out");
        describe(ECONNREFUSED, "ECONNREFUSED", "connection refused (nobody listens on that address)");
        describe(EALREADY, "EALREADY", "operation already in progress");
        describe(EINPROGRESS, "EINPROGRESS", "operation in progress");
    }

    private Errno() {}

    private static void describe(int errno, String name, String text) {
        NAMES[errno] = name;
        TEXTS[errno] = text;
    }

    /** The symbolic name of {@code errno} ({@code "EAGAIN"}), or {@code "errno 200"} for one not in the table. */
    public static String name(int errno) {
        String name = errno > 0 && errno < NAMES.length ? NAMES[errno] : null;
        return name != null ? name : "errno " + errno;
    }

    /** A short description of {@code errno}, or {@code "unknown error"} for one not in the table. */
    public static String text(int errno) {
        String text = errno > 0 && errno < TEXTS.length ? TEXTS[errno] : null;
        return text != null ? text : "unknown error";
    }
}

package org.jmojo.internal.platform;

/** {@code fcntl(2)} on owned descriptors: the non-blocking and close-on-exec flags. */
public final class Fcntl {
    static final int F_GETFD = 1;
    static final int F_SETFD = 2;
    static final int F_GETFL = 3;
    static final int F_SETFL = 4;
    static final int F_DUPFD_CLOEXEC = 1030;
    static final int FD_CLOEXEC = 1;
    static final int O_NONBLOCK = 0x800;

    private Fcntl() {}

    /** Turns {@code O_NONBLOCK} on or off. */
    public static void setNonBlocking(Fd fd, boolean nonBlocking) throws NativeException {
        int n = fd.acquire();
        try {
            int flags = call("F_GETFL", n, F_GETFL, 0);
            int wanted = nonBlocking ? flags | O_NONBLOCK : flags & ~O_NONBLOCK;
            if (wanted != flags) {
                call("F_SETFL", n, F_SETFL, wanted);
            }
        } finally {
            fd.releaseUse();
        }
    }

    /** Whether {@code O_NONBLOCK} is set. */
    public static boolean isNonBlocking(Fd fd) throws NativeException {
        return (get(fd, "F_GETFL", F_GETFL) & O_NONBLOCK) != 0;
    }

    /** Whether {@code FD_CLOEXEC} is set (every descriptor this package creates has it). */
    public static boolean isCloseOnExec(Fd fd) throws NativeException {
        return (get(fd, "F_GETFD", F_GETFD) & FD_CLOEXEC) != 0;
    }

    private static int get(Fd fd, String command, int cmd) throws NativeException {
        int n = fd.acquire();
        try {
            return call(command, n, cmd, 0);
        } finally {
            fd.releaseUse();
        }
    }

    private static int call(String command, int fd, int cmd, int arg) throws NativeException {
        int r = Libc.fcntl(fd, cmd, arg);
        if (r < 0) {
            throw new NativeException("fcntl(" + command + ")", "fd " + fd, Libc.errno());
        }
        return r;
    }
}

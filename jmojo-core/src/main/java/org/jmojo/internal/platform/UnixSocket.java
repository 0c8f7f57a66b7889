package org.jmojo.internal.platform;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * {@code AF_UNIX} stream sockets: pairs, listening on a path, accepting, connecting, peer credentials.
 *
 * <p>Every socket made here is close-on-exec. Sockets are non-blocking unless a method says
 * otherwise; data moves through {@link SocketMessenger}, which never blocks. Each method returns
 * owned {@link Fd}s: the caller closes them.
 *
 * <p>The owner-only permission of a named endpoint is the node layer's business (it binds inside a
 * 0700 directory it created, DESIGN.md §4): {@code bind} gives the socket file the process umask.
 */
public final class UnixSocket {
    /** Returned by non-blocking operations when the kernel answered {@code EAGAIN}. */
    public static final long WOULD_BLOCK = -1;
    /**
     * Returned by {@link SocketMessenger#receive} when the kernel set {@code MSG_CTRUNC}: descriptors
     * were dropped because the control buffer was too small or the receiver hit its descriptor limit.
     */
    public static final long CONTROL_TRUNCATED = -2;

    static final int AF_UNIX = 1;
    static final int SOCK_STREAM = 1;
    static final int SOCK_NONBLOCK = 0x800;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_PEERCRED = 17;
    static final int SHUT_WR = 1;

    /** Two connected sockets. */
    public record Pair(Fd first, Fd second) implements AutoCloseable {
        @Override
        public void close() {
            first.close();
            second.close();
        }
    }

    /** What {@code SO_PEERCRED} reports: the process that created or connected the peer socket. */
    public record PeerCredentials(int pid, int uid, int gid) {}

    private UnixSocket() {}

    /**
     * {@code socketpair(AF_UNIX, SOCK_STREAM)}: two connected sockets, close-on-exec.
     *
     * @param nonBlocking whether both are non-blocking
     */
    public static Pair pair(boolean nonBlocking) throws NativeException {
        MemorySegment sv = Libc.scratch();
        int type = SOCK_STREAM | SOCK_CLOEXEC | (nonBlocking ? SOCK_NONBLOCK : 0);
        if (Libc.socketpair(AF_UNIX, type, 0, sv) != 0) {
            throw new NativeException("socketpair", "AF_UNIX, SOCK_STREAM", Libc.errno());
        }
        return new Pair(new Fd(sv.get(JAVA_INT, 0), "socket"), new Fd(sv.get(JAVA_INT, 4), "socket"));
    }

    /**
     * A non-blocking socket bound to {@code path} and listening.
     *
     * @throws NativeException {@code EADDRINUSE} if a file exists at {@code path} (see
     *     {@link #listenReplacingStale}), or any other failure of socket, bind or listen
     */
    public static Fd listen(Path path, int backlog) throws NativeException {
        return socketAt(path, (fd, address, length) -> {
            if (Libc.bind(fd, address, length) != 0) {
                throw new NativeException("bind", "fd " + fd + ", " + path, Libc.errno());
            }
            if (Libc.listen(fd, backlog) != 0) {
                throw new NativeException("listen", "fd " + fd + ", " + path, Libc.errno());
            }
        });
    }

    /**
     * Like {@link #listen}, but the socket file is made owner-only (mode 0600: only this user may connect, and
     * root) before the socket listens, so nobody can connect while it has the umask's wider mode.
     *
     * @throws NativeException as {@link #listen}; {@code EPERM} wrapping the failure to change the mode
     */
    public static Fd listenOwnerOnly(Path path, int backlog) throws NativeException {
        return socketAt(path, (fd, address, length) -> {
            if (Libc.bind(fd, address, length) != 0) {
                throw new NativeException("bind", "fd " + fd + ", " + path, Libc.errno());
            }
            try {
                Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (IOException | UnsupportedOperationException e) {
                Os.unlink(path);
                throw new NativeException("chmod", path + " to 0600 (" + e.getMessage() + ")", Errno.EPERM);
            }
            if (Libc.listen(fd, backlog) != 0) {
                int errno = Libc.errno();
                Os.unlink(path);
                throw new NativeException("listen", "fd " + fd + ", " + path, errno);
            }
        });
    }

    /** What to do with a new socket and the address of a path: bind and listen, or connect. */
    @FunctionalInterface
    private interface AddressUse {
        void use(int fd, MemorySegment address, int addressLength) throws NativeException;
    }

    /** A new non-blocking socket, handed with the address of {@code path} to {@code use}; closed if it fails. */
    private static Fd socketAt(Path path, AddressUse use) throws NativeException {
        Fd socket = newSocket(true);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment address = SockaddrUnLayout.of(arena, path);
            int fd = socket.acquire();
            try {
                use.use(fd, address, SockaddrUnLayout.length(path));
            } finally {
                socket.releaseUse();
            }
            return socket;
        } catch (NativeException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Like {@link #listen}, but a socket file left at {@code path} by a process that is gone (nobody
     * accepts on it: connecting is refused) is removed and replaced. A file that is not a socket, or a
     * socket somebody still listens on, is left alone and the call fails with {@code EADDRINUSE}. The socket
     * file is made owner-only, as by {@link #listenOwnerOnly} (a named endpoint's socket, docs/processes.md).
     * Two callers racing for one path must exclude each other first (a named endpoint holds a lock file).
     */
    public static Fd listenReplacingStale(Path path, int backlog) throws NativeException {
        try {
            return listenOwnerOnly(path, backlog);
        } catch (NativeException e) {
            if (e.errno() != Errno.EADDRINUSE || !isStaleSocket(path)) {
                throw e;
            }
        }
        Os.unlink(path);
        return listenOwnerOnly(path, backlog);
    }

    private static boolean isStaleSocket(Path path) throws NativeException {
        try {
            if (!Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
                return false; // a regular file, directory or link: not ours to delete
            }
        } catch (IOException e) {
            return false;
        }
        try {
            connect(path).close();
            return false; // somebody listens there
        } catch (NativeException e) {
            if (e.errno() == Errno.ECONNREFUSED) {
                return true;
            }
            throw e;
        }
    }

    /**
     * Accepts one pending connection as a non-blocking, close-on-exec socket.
     *
     * @return the connection, or {@code null} if none is pending (a non-blocking listener said {@code EAGAIN})
     */
    public static Fd accept(Fd listener) throws NativeException {
        int fd = listener.acquire();
        try {
            for (;;) {
                int accepted = Libc.accept4(fd, MemorySegment.NULL, MemorySegment.NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
                if (accepted >= 0) {
                    return new Fd(accepted, "socket");
                }
                int errno = Libc.errno();
                if (errno == Errno.EAGAIN) {
                    return null;
                }
                // ECONNABORTED: the connector left before we accepted; look at the next one.
                if (errno != Errno.EINTR && errno != Errno.ECONNABORTED) {
                    throw new NativeException("accept4", "fd " + fd, errno);
                }
            }
        } finally {
            listener.releaseUse();
        }
    }

    /**
     * Connects a new non-blocking, close-on-exec socket to the listener at {@code path}. A Unix-socket
     * connect completes at once or fails; it does not wait.
     *
     * @throws NativeException {@code ECONNREFUSED} if nobody listens there, {@code ENOENT} if there is
     *     no file, {@code EAGAIN} if the listener's backlog is full (the caller may retry later)
     */
    public static Fd connect(Path path) throws NativeException {
        return socketAt(path, (fd, address, length) -> {
            if (Libc.connect(fd, address, length) != 0) {
                throw new NativeException("connect", "fd " + fd + ", " + path, Libc.errno());
            }
        });
    }

    /** The credentials of the peer of a connected socket ({@code SO_PEERCRED}). */
    public static PeerCredentials peerCredentials(Fd socket) throws NativeException {
        int fd = socket.acquire();
        try {
            MemorySegment scratch = Libc.scratch();
            MemorySegment ucred = scratch.asSlice(0, UcredLayout.SIZE);
            MemorySegment length = scratch.asSlice(16, 4);
            length.set(JAVA_INT, 0, UcredLayout.SIZE);
            if (Libc.getsockopt(fd, SOL_SOCKET, SO_PEERCRED, ucred, length) != 0) {
                throw new NativeException("getsockopt(SO_PEERCRED)", "fd " + fd, Libc.errno());
            }
            return new PeerCredentials(
                    ucred.get(JAVA_INT, UcredLayout.PID), ucred.get(JAVA_INT, UcredLayout.UID),
                    ucred.get(JAVA_INT, UcredLayout.GID));
        } finally {
            socket.releaseUse();
        }
    }

    /** Half-closes the socket for writing: the peer reads end-of-stream after the bytes already sent. */
    public static void shutdownOutput(Fd socket) throws NativeException {
        int fd = socket.acquire();
        try {
            if (Libc.shutdown(fd, SHUT_WR) != 0) {
                throw new NativeException("shutdown(SHUT_WR)", "fd " + fd, Libc.errno());
            }
        } finally {
            socket.releaseUse();
        }
    }

    private static Fd newSocket(boolean nonBlocking) throws NativeException {
        int fd = Libc.socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | (nonBlocking ? SOCK_NONBLOCK : 0), 0);
        if (fd < 0) {
            throw new NativeException("socket", "AF_UNIX, SOCK_STREAM", Libc.errno());
        }
        return new Fd(fd, "socket");
    }
}

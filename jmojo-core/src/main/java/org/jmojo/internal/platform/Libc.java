package org.jmojo.internal.platform;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Locale;

/**
 * The C library functions jmojo calls, one {@code static final} downcall handle per symbol, each
 * capturing {@code errno} (DESIGN.md §2: this package is the only FFM code).
 *
 * <p>Every wrapper returns the raw C result and records the call's {@code errno} in a segment owned by
 * the calling thread (a virtual thread has its own, and cannot move to another carrier during a
 * downcall), so {@link #errno()} read right after the call on the same thread is that call's value and
 * never another thread's. Wrappers do not interpret results: the typed classes of this package
 * ({@link UnixSocket}, {@link Epoll}, ...) retry {@code EINTR}, return {@code EAGAIN} as a value and
 * throw {@link NativeException} for the rest.
 *
 * <p>Loading this class checks the platform: the constants and struct layouts of this package are
 * those of Linux on x86-64, and any other system fails here with {@link UnsupportedOperationException}
 * (wrapped in {@link ExceptionInInitializerError}) instead of misbehaving later.
 */
final class Libc {
    private static final Linker LINKER;
    private static final SymbolLookup LOOKUP;
    private static final StructLayout CALL_STATE_LAYOUT;
    private static final VarHandle ERRNO;
    private static final ThreadLocal<MemorySegment> CALL_STATE;
    /** Per-thread scratch for small out-parameters; see {@link #scratch()}. */
    private static final ThreadLocal<MemorySegment> SCRATCH;
    static final long SCRATCH_SIZE = 64;

    static {
        requireSupportedPlatform(System.getProperty("os.name"), System.getProperty("os.arch"));
        LINKER = Linker.nativeLinker();
        LOOKUP = LINKER.defaultLookup();
        CALL_STATE_LAYOUT = Linker.Option.captureStateLayout();
        ERRNO = CALL_STATE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        // Arena.ofAuto: the segment is freed when its thread (and so the thread-local) is gone.
        CALL_STATE = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CALL_STATE_LAYOUT));
        SCRATCH = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(SCRATCH_SIZE, 8));
    }

    private static final MethodHandle SOCKETPAIR = downcall("socketpair", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS);
    private static final MethodHandle SOCKET = downcall("socket", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle BIND = downcall("bind", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle LISTEN = downcall("listen", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle ACCEPT4 = downcall("accept4", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
    private static final MethodHandle CONNECT = downcall("connect", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle SHUTDOWN = downcall("shutdown", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle SENDMSG = downcall("sendmsg", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle RECVMSG = downcall("recvmsg", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle GETSOCKOPT =
            downcall("getsockopt", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle READ = downcall("read", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
    private static final MethodHandle WRITE = downcall("write", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
    private static final MethodHandle CLOSE = downcall("close", JAVA_INT, JAVA_INT);
    private static final MethodHandle DUP = downcall("dup", JAVA_INT, JAVA_INT);
    private static final MethodHandle LSEEK = downcall("lseek", JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT);
    // fcntl is variadic: its third argument is passed as a variadic int.
    private static final MethodHandle FCNTL = downcallVariadic("fcntl", 2, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    // open is variadic (the mode argument); jmojo never creates files with it, so mode is always 0.
    private static final MethodHandle OPEN = downcallVariadic("open", 2, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    private static final MethodHandle UNLINK = downcall("unlink", JAVA_INT, ADDRESS);
    private static final MethodHandle EPOLL_CREATE1 = downcall("epoll_create1", JAVA_INT, JAVA_INT);
    private static final MethodHandle EPOLL_CTL = downcall("epoll_ctl", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS);
    private static final MethodHandle EPOLL_WAIT = downcall("epoll_wait", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    private static final MethodHandle EVENTFD = downcall("eventfd", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle POLL = downcall("poll", JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
    private static final MethodHandle MEMFD_CREATE = downcall("memfd_create", JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle FTRUNCATE = downcall("ftruncate", JAVA_INT, JAVA_INT, JAVA_LONG);
    private static final MethodHandle MMAP =
            downcall("mmap", ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG);
    private static final MethodHandle MUNMAP = downcall("munmap", JAVA_INT, ADDRESS, JAVA_LONG);
    private static final MethodHandle GETPID = downcall("getpid", JAVA_INT);
    private static final MethodHandle GETUID = downcall("getuid", JAVA_INT);

    private Libc() {}

    /**
     * Fails unless {@code osName}/{@code osArch} name Linux on x86-64, the only ABI whose constants and
     * struct layouts this package encodes.
     */
    static void requireSupportedPlatform(String osName, String osArch) {
        String os = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        String arch = osArch == null ? "" : osArch.toLowerCase(Locale.ROOT);
        if (!os.equals("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new UnsupportedOperationException("jmojo's platform layer (Unix sockets, epoll, SCM_RIGHTS) supports"
                    + " Linux on x86-64 only; this JVM reports os.name=" + osName + ", os.arch=" + osArch);
        }
    }

    private static MethodHandle downcall(String name, MemoryLayout result, MemoryLayout... args) {
        FunctionDescriptor descriptor = result == null ? FunctionDescriptor.ofVoid(args) : FunctionDescriptor.of(result, args);
        return link(name, descriptor, Linker.Option.captureCallState("errno"));
    }

    private static MethodHandle downcallVariadic(String name, int firstVariadic, MemoryLayout result, MemoryLayout... args) {
        return link(name, FunctionDescriptor.of(result, args), Linker.Option.captureCallState("errno"),
                Linker.Option.firstVariadicArg(firstVariadic));
    }

    private static MethodHandle link(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment symbol = LOOKUP.find(name).orElseThrow(() -> new LinkageError(
                "C library symbol '" + name + "' not found: jmojo's platform layer needs glibc 2.27 or newer on Linux x86-64"));
        try {
            return LINKER.downcallHandle(symbol, descriptor, options);
        } catch (IllegalCallerException e) {
            throw new IllegalCallerException("jmojo needs native access for its platform layer: run java with"
                    + " --enable-native-access=org.jmojo.core (module path) or --enable-native-access=ALL-UNNAMED"
                    + " (class path)", e);
        }
    }

    /** The {@code errno} of the last call this thread made through this class. */
    static int errno() {
        return (int) ERRNO.get(CALL_STATE.get(), 0L);
    }

    /**
     * A 64-byte, 8-aligned native segment owned by the calling thread, for the small in and out
     * parameters of one call (an eventfd counter, a {@code socklen_t}, the two ints of
     * {@code socketpair}). Valid until the thread's next use of it: read results before making
     * another call that might use it.
     */
    static MemorySegment scratch() {
        return SCRATCH.get();
    }

    private static MemorySegment state() {
        return CALL_STATE.get();
    }

    private static Error unexpected(String call, Throwable t) {
        if (t instanceof Error e) {
            return e;
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        return new AssertionError("downcall " + call + " threw a checked exception", t);
    }

    static int socketpair(int domain, int type, int protocol, MemorySegment sv) {
        try {
            return (int) SOCKETPAIR.invokeExact(state(), domain, type, protocol, sv);
        } catch (Throwable t) {
            throw unexpected("socketpair", t);
        }
    }

    static int socket(int domain, int type, int protocol) {
        try {
            return (int) SOCKET.invokeExact(state(), domain, type, protocol);
        } catch (Throwable t) {
            throw unexpected("socket", t);
        }
    }

    static int bind(int fd, MemorySegment address, int addressLength) {
        try {
            return (int) BIND.invokeExact(state(), fd, address, addressLength);
        } catch (Throwable t) {
            throw unexpected("bind", t);
        }
    }

    static int listen(int fd, int backlog) {
        try {
            return (int) LISTEN.invokeExact(state(), fd, backlog);
        } catch (Throwable t) {
            throw unexpected("listen", t);
        }
    }

    static int accept4(int fd, MemorySegment address, MemorySegment addressLength, int flags) {
        try {
            return (int) ACCEPT4.invokeExact(state(), fd, address, addressLength, flags);
        } catch (Throwable t) {
            throw unexpected("accept4", t);
        }
    }

    static int connect(int fd, MemorySegment address, int addressLength) {
        try {
            return (int) CONNECT.invokeExact(state(), fd, address, addressLength);
        } catch (Throwable t) {
            throw unexpected("connect", t);
        }
    }

    static int shutdown(int fd, int how) {
        try {
            return (int) SHUTDOWN.invokeExact(state(), fd, how);
        } catch (Throwable t) {
            throw unexpected("shutdown", t);
        }
    }

    static long sendmsg(int fd, MemorySegment msghdr, int flags) {
        try {
            return (long) SENDMSG.invokeExact(state(), fd, msghdr, flags);
        } catch (Throwable t) {
            throw unexpected("sendmsg", t);
        }
    }

    static long recvmsg(int fd, MemorySegment msghdr, int flags) {
        try {
            return (long) RECVMSG.invokeExact(state(), fd, msghdr, flags);
        } catch (Throwable t) {
            throw unexpected("recvmsg", t);
        }
    }

    static int getsockopt(int fd, int level, int name, MemorySegment value, MemorySegment valueLength) {
        try {
            return (int) GETSOCKOPT.invokeExact(state(), fd, level, name, value, valueLength);
        } catch (Throwable t) {
            throw unexpected("getsockopt", t);
        }
    }

    static long read(int fd, MemorySegment buffer, long count) {
        try {
            return (long) READ.invokeExact(state(), fd, buffer, count);
        } catch (Throwable t) {
            throw unexpected("read", t);
        }
    }

    static long write(int fd, MemorySegment buffer, long count) {
        try {
            return (long) WRITE.invokeExact(state(), fd, buffer, count);
        } catch (Throwable t) {
            throw unexpected("write", t);
        }
    }

    static int close(int fd) {
        try {
            return (int) CLOSE.invokeExact(state(), fd);
        } catch (Throwable t) {
            throw unexpected("close", t);
        }
    }

    static int dup(int fd) {
        try {
            return (int) DUP.invokeExact(state(), fd);
        } catch (Throwable t) {
            throw unexpected("dup", t);
        }
    }

    static long lseek(int fd, long offset, int whence) {
        try {
            return (long) LSEEK.invokeExact(state(), fd, offset, whence);
        } catch (Throwable t) {
            throw unexpected("lseek", t);
        }
    }

    static int fcntl(int fd, int command, int argument) {
        try {
            return (int) FCNTL.invokeExact(state(), fd, command, argument);
        } catch (Throwable t) {
            throw unexpected("fcntl", t);
        }
    }

    static int open(MemorySegment path, int flags) {
        try {
            return (int) OPEN.invokeExact(state(), path, flags, 0);
        } catch (Throwable t) {
            throw unexpected("open", t);
        }
    }

    static int unlink(MemorySegment path) {
        try {
            return (int) UNLINK.invokeExact(state(), path);
        } catch (Throwable t) {
            throw unexpected("unlink", t);
        }
    }

    static int epollCreate1(int flags) {
        try {
            return (int) EPOLL_CREATE1.invokeExact(state(), flags);
        } catch (Throwable t) {
            throw unexpected("epoll_create1", t);
        }
    }

    static int epollCtl(int epfd, int op, int fd, MemorySegment event) {
        try {
            return (int) EPOLL_CTL.invokeExact(state(), epfd, op, fd, event);
        } catch (Throwable t) {
            throw unexpected("epoll_ctl", t);
        }
    }

    static int epollWait(int epfd, MemorySegment events, int maxEvents, int timeoutMillis) {
        try {
            return (int) EPOLL_WAIT.invokeExact(state(), epfd, events, maxEvents, timeoutMillis);
        } catch (Throwable t) {
            throw unexpected("epoll_wait", t);
        }
    }

    static int eventfd(int initial, int flags) {
        try {
            return (int) EVENTFD.invokeExact(state(), initial, flags);
        } catch (Throwable t) {
            throw unexpected("eventfd", t);
        }
    }

    static int poll(MemorySegment fds, long count, int timeoutMillis) {
        try {
            return (int) POLL.invokeExact(state(), fds, count, timeoutMillis);
        } catch (Throwable t) {
            throw unexpected("poll", t);
        }
    }

    static int memfdCreate(MemorySegment name, int flags) {
        try {
            return (int) MEMFD_CREATE.invokeExact(state(), name, flags);
        } catch (Throwable t) {
            throw unexpected("memfd_create", t);
        }
    }

    static int ftruncate(int fd, long length) {
        try {
            return (int) FTRUNCATE.invokeExact(state(), fd, length);
        } catch (Throwable t) {
            throw unexpected("ftruncate", t);
        }
    }

    static MemorySegment mmap(MemorySegment address, long length, int protection, int flags, int fd, long offset) {
        try {
            return (MemorySegment) MMAP.invokeExact(state(), address, length, protection, flags, fd, offset);
        } catch (Throwable t) {
            throw unexpected("mmap", t);
        }
    }

    static int munmap(MemorySegment address, long length) {
        try {
            return (int) MUNMAP.invokeExact(state(), address, length);
        } catch (Throwable t) {
            throw unexpected("munmap", t);
        }
    }

    static int getpid() {
        try {
            return (int) GETPID.invokeExact(state());
        } catch (Throwable t) {
            throw unexpected("getpid", t);
        }
    }

    static int getuid() {
        try {
            return (int) GETUID.invokeExact(state());
        } catch (Throwable t) {
            throw unexpected("getuid", t);
        }
    }
}

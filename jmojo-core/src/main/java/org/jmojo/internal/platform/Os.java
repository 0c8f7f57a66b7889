package org.jmojo.internal.platform;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import java.nio.file.Path;

/**
 * Process identity and the few file calls the layers above need: {@code getpid}, {@code getuid},
 * {@code unlink}, and {@code open}/{@code read}/{@code write} on owned descriptors (a file's
 * descriptor is what a platform handle carries to another process).
 */
public final class Os {
    private Os() {}

    /** This process's id. */
    public static int pid() {
        return Libc.getpid();
    }

    /** This process's real user id. */
    public static int uid() {
        return Libc.getuid();
    }

    /**
     * Removes a directory entry (a socket file): {@code true} if removed, {@code false} if there was none.
     *
     * @throws NativeException for any other failure ({@code EACCES}, {@code EISDIR}, ...)
     */
    public static boolean unlink(Path path) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = arena.allocateFrom(path.toString());
            if (Libc.unlink(cPath) == 0) {
                return true;
            }
            int errno = Libc.errno();
            if (errno == Errno.ENOENT) {
                return false;
            }
            throw new NativeException("unlink", path.toString(), errno);
        }
    }

    static final int O_RDONLY = 0;
    static final int O_RDWR = 2;
    static final int O_CLOEXEC = 0x80000;

    /**
     * Opens an existing file, close-on-exec, read-only or read-write.
     *
     * @throws NativeException {@code ENOENT}, {@code EACCES}, ...
     */
    public static Fd open(Path path, boolean writable) throws NativeException {
        int fd;
        try (Arena arena = Arena.ofConfined()) {
            fd = Libc.open(arena.allocateFrom(path.toString()), (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC);
        }
        if (fd < 0) {
            throw new NativeException("open", path.toString(), Libc.errno());
        }
        return new Fd(fd, "file");
    }

    /**
     * Reads up to {@code length} bytes at the descriptor's position into {@code target}.
     *
     * @return the number read, 0 at end of file, or {@link UnixSocket#WOULD_BLOCK} for a non-blocking
     *     descriptor with nothing to read
     */
    public static int read(Fd fd, byte[] target, int offset, int length) throws NativeException {
        return transfer(fd, false, target, offset, length);
    }

    /**
     * Writes up to {@code length} bytes from {@code source} at the descriptor's position.
     *
     * @return the number written (possibly fewer), or {@link UnixSocket#WOULD_BLOCK}
     */
    public static int write(Fd fd, byte[] source, int offset, int length) throws NativeException {
        return transfer(fd, true, source, offset, length);
    }

    /** {@code read(2)} or {@code write(2)} through a native copy of the array range, retrying EINTR. */
    private static int transfer(Fd fd, boolean write, byte[] array, int offset, int length) throws NativeException {
        Objects.checkFromIndexSize(offset, length, array.length);
        int n = fd.acquire();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(Math.max(1, length));
            if (write) {
                MemorySegment.copy(array, offset, buffer, ValueLayout.JAVA_BYTE, 0, length);
            }
            for (;;) {
                long r = write ? Libc.write(n, buffer, length) : Libc.read(n, buffer, length);
                if (r >= 0) {
                    if (!write) {
                        MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, 0, array, offset, (int) r);
                    }
                    return (int) r;
                }
                int errno = Libc.errno();
                if (errno == Errno.EAGAIN) {
                    return (int) UnixSocket.WOULD_BLOCK;
                }
                if (errno != Errno.EINTR) {
                    throw new NativeException(write ? "write" : "read", fd.toString(), errno);
                }
            }
        } finally {
            fd.releaseUse();
        }
    }
}

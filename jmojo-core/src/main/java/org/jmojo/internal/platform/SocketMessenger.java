package org.jmojo.internal.platform;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * {@code sendmsg}/{@code recvmsg} on a non-blocking stream socket, with descriptors passed as
 * {@code SCM_RIGHTS}, through native memory allocated once: the {@code msghdr}, the {@code iovec},
 * the control buffer and a data buffer of a size chosen at construction.
 *
 * <p><b>Threads.</b> Not thread-safe: one messenger serves one direction of one channel and is used by
 * one thread at a time (the holder of the channel's write lock for sending, of its read token for
 * receiving), which may change from call to call. Its memory lives in a shared arena freed by
 * {@link #close()}.
 *
 * <p><b>Never blocks:</b> every call passes {@code MSG_DONTWAIT}, so it returns {@link
 * UnixSocket#WOULD_BLOCK} instead of waiting even on a socket in blocking mode, and holds a virtual
 * thread's carrier only for the call.
 */
public final class SocketMessenger implements AutoCloseable {
    static final int MSG_CTRUNC = 0x8;
    static final int MSG_DONTWAIT = 0x40;
    static final int MSG_NOSIGNAL = 0x4000;
    static final int MSG_CMSG_CLOEXEC = 0x40000000;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment msghdr;
    private final MemorySegment iov;
    private final MemorySegment control;
    private final MemorySegment buffer;
    private final int receiveFdCapacity;
    private final int[] fdNumbers = new int[CmsgLayout.SCM_MAX_FD];

    /**
     * A messenger whose control buffer has room for the kernel's maximum of descriptors per message
     * ({@code SCM_MAX_FD} = 253), so that {@code MSG_CTRUNC} on receive can only mean that the peer
     * misbehaved or this process ran out of descriptors (DESIGN.md §4).
     *
     * @param bufferSize bytes of the native data buffer ({@link #buffer()})
     */
    public SocketMessenger(int bufferSize) {
        this(bufferSize, CmsgLayout.SCM_MAX_FD);
    }

    /**
     * A messenger that can receive at most {@code receiveFdCapacity} descriptors per {@code recvmsg};
     * more are dropped by the kernel and reported as {@link UnixSocket#CONTROL_TRUNCATED}. Smaller
     * than 253 only in tests.
     */
    public SocketMessenger(int bufferSize, int receiveFdCapacity) {
        if (bufferSize <= 0) {
            throw new IllegalArgumentException("bufferSize <= 0: " + bufferSize);
        }
        if (receiveFdCapacity < 1 || receiveFdCapacity > CmsgLayout.SCM_MAX_FD) {
            throw new IllegalArgumentException("receiveFdCapacity outside 1.." + CmsgLayout.SCM_MAX_FD + ": " + receiveFdCapacity);
        }
        this.receiveFdCapacity = receiveFdCapacity;
        msghdr = arena.allocate(MsghdrLayout.LAYOUT);
        iov = arena.allocate(IovecLayout.LAYOUT);
        control = arena.allocate(CmsgLayout.space(CmsgLayout.SCM_MAX_FD * 4L), 8);
        buffer = arena.allocate(bufferSize, 8);
    }

    /** The native data buffer: {@link #receive} fills it, {@link #send} copies heap data through it. */
    public MemorySegment buffer() {
        return buffer;
    }

    /**
     * Sends up to {@code length} bytes of {@code data} from {@code offset}, with {@code fds} attached to
     * the first byte sent. A native {@code data} is passed to the kernel in place; heap data is copied
     * into {@link #buffer()} first, at most its size per call. The descriptors stay owned by the caller
     * (the kernel duplicates them into the message); on success the caller usually closes its copies.
     *
     * @param fds descriptors to pass, at most 253; empty for none
     * @return the number of bytes the socket took (at least 1 when {@code length > 0}; descriptors were
     *     sent if and only if the result is positive), or {@link UnixSocket#WOULD_BLOCK}
     * @throws NativeException {@code EPIPE}/{@code ECONNRESET} if the peer is gone, or any other failure
     */
    public long send(Fd socket, MemorySegment data, long offset, long length, List<Fd> fds) throws NativeException {
        if (fds.size() > CmsgLayout.SCM_MAX_FD) {
            throw new IllegalArgumentException("more than " + CmsgLayout.SCM_MAX_FD + " fds in one sendmsg: " + fds.size());
        }
        MemorySegment chunk;
        if (data.isNative()) {
            chunk = data.asSlice(offset, length);
        } else {
            long n = Math.min(length, buffer.byteSize());
            MemorySegment.copy(data, offset, buffer, 0, n);
            chunk = buffer.asSlice(0, n);
        }
        IovecLayout.set(iov, 0, chunk);
        int acquiredFds = 0;
        int fd = socket.acquire();
        try {
            for (Fd attached : fds) {
                fdNumbers[acquiredFds] = attached.acquire();
                acquiredFds++;
            }
            if (acquiredFds > 0) {
                CmsgLayout.writeRights(control, fdNumbers, acquiredFds);
                MsghdrLayout.set(msghdr, iov, 1, control, CmsgLayout.space(acquiredFds * 4L));
            } else {
                MsghdrLayout.set(msghdr, iov, 1, MemorySegment.NULL, 0);
            }
            for (;;) {
                long sent = Libc.sendmsg(fd, msghdr, MSG_NOSIGNAL | MSG_DONTWAIT);
                if (sent >= 0) {
                    return sent;
                }
                int errno = Libc.errno();
                if (errno == Errno.EAGAIN) {
                    return UnixSocket.WOULD_BLOCK;
                }
                if (errno != Errno.EINTR) {
                    throw new NativeException("sendmsg", "fd " + fd + ", " + chunk.byteSize() + " bytes, "
                            + acquiredFds + " fds", errno);
                }
            }
        } finally {
            for (int i = 0; i < acquiredFds; i++) {
                fds.get(i).releaseUse();
            }
            socket.releaseUse();
        }
    }

    /**
     * Receives into {@link #buffer()} (from its start), appending any descriptors that arrived to
     * {@code receivedFds} as owned, close-on-exec {@link Fd}s in the order the peer attached them.
     *
     * @return the number of bytes received (0 = end of stream: the peer closed or shut down its
     *     side), {@link UnixSocket#WOULD_BLOCK}, or {@link UnixSocket#CONTROL_TRUNCATED} (the kernel
     *     dropped descriptors; the ones that did arrive were closed and nothing was appended)
     * @throws NativeException {@code ECONNRESET} or any other failure
     */
    public long receive(Fd socket, List<Fd> receivedFds) throws NativeException {
        IovecLayout.set(iov, 0, buffer);
        long controlSpace = CmsgLayout.space(receiveFdCapacity * 4L);
        int fd = socket.acquire();
        long received;
        try {
            for (;;) {
                MsghdrLayout.set(msghdr, iov, 1, control, controlSpace);
                received = Libc.recvmsg(fd, msghdr, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
                if (received >= 0) {
                    break;
                }
                int errno = Libc.errno();
                if (errno == Errno.EAGAIN) {
                    return UnixSocket.WOULD_BLOCK;
                }
                if (errno != Errno.EINTR) {
                    throw new NativeException("recvmsg", "fd " + fd, errno);
                }
            }
        } finally {
            socket.releaseUse();
        }
        int before = receivedFds.size();
        collectRights(receivedFds);
        if ((MsghdrLayout.flags(msghdr) & MSG_CTRUNC) != 0) {
            for (int i = receivedFds.size() - 1; i >= before; i--) {
                receivedFds.remove(i).close();
            }
            return UnixSocket.CONTROL_TRUNCATED;
        }
        return received;
    }

    /** Walks the control messages the kernel wrote, wrapping every SCM_RIGHTS descriptor. */
    private void collectRights(List<Fd> receivedFds) {
        long length = MsghdrLayout.controlLength(msghdr);
        long at = 0;
        while (at + CmsgLayout.HEADER_SIZE <= length) {
            long cmsgLen = control.get(JAVA_LONG, at + CmsgLayout.LEN);
            if (cmsgLen < CmsgLayout.HEADER_SIZE || at + cmsgLen > length) {
                break; // malformed: cannot happen from the kernel, and nothing beyond it is reliable
            }
            if (control.get(JAVA_INT, at + CmsgLayout.LEVEL) == CmsgLayout.SOL_SOCKET
                    && control.get(JAVA_INT, at + CmsgLayout.TYPE) == CmsgLayout.SCM_RIGHTS) {
                long count = (cmsgLen - CmsgLayout.HEADER_SIZE) / 4;
                for (long i = 0; i < count; i++) {
                    receivedFds.add(new Fd(control.get(JAVA_INT, at + CmsgLayout.DATA + i * 4), "received"));
                }
            }
            at += CmsgLayout.align(cmsgLen);
        }
    }

    /** Frees the native memory. Idempotent; the messenger must not be used afterwards. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}

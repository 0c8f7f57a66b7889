package org.jmojo.internal.channel;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jmojo.internal.platform.Epoll;
import org.jmojo.internal.platform.Errno;
import org.jmojo.internal.platform.EventFd;
import org.jmojo.internal.platform.Fd;
import org.jmojo.internal.platform.NativeException;
import org.jmojo.internal.platform.Poller;
import org.jmojo.internal.platform.SocketMessenger;
import org.jmojo.internal.platform.UnixSocket;
import org.jmojo.internal.sync.LockRank;
import org.jmojo.internal.sync.RankedLock;

/**
 * A {@link Channel} over one non-blocking {@code AF_UNIX} stream socket.
 *
 * <p><b>State and who guards it.</b>
 * <ul>
 *   <li>Write side ({@link #writeQueue}, {@link #out}, {@link #closeWhenDrained}, the socket's output
 *       and the EPOLLOUT interest): {@link #writeLock}, the channel write lock of docs/architecture.md §5 (rank 5, a {@link RankedLock}).
 *       It is held across {@code sendmsg} and {@code epoll_ctl}, never while calling the listener.
 *   <li>Read side ({@link #decoder} with its fd FIFO, {@link #in}, {@link #received}, and a waiting
 *       holder's {@link #holderPoller}): the holder of the {@link ReadToken}, one thread at a time, no lock.
 *       {@link #holderWakeup} is made with the channel, closed with the reader state, and signalled by anyone.
 *   <li>Frames left by writers that found a sender holding the write lock ({@link #handedOff}, with
 *       {@link #handedOffBytes} and {@link #sending}): lock-free; any writer adds, only a holder of the write lock
 *       takes them, into the write queue, and every sender looks for them after letting go.
 *   <li>{@link #closed}: set once by compare-and-set; the winner runs the close.
 * </ul>
 *
 * <p><b>Readiness</b> (with an {@link IoThread}): the socket is registered
 * {@code EPOLLIN | EPOLLRDHUP | EPOLLONESHOT}, plus {@code EPOLLOUT} while the write queue is non-empty.
 * Whoever releases the read token re-arms it with the current interest; a writer that queues bytes
 * while the token is free re-arms it itself. Both re-arm under the write lock, so the last
 * {@code epoll_ctl} always reflects the queue as it is.
 *
 * <p><b>Descriptors.</b> The channel owns its socket. Fds passed to {@link #write} are closed once
 * sent; received fds belong to the decoder's FIFO until a frame takes them, then to the listener.
 * Closing releases all of them.
 */
public final class UnixChannel implements Channel {
    private static final System.Logger LOG = System.getLogger("org.jmojo.channel");
    /**
     * Native buffer per direction, in bytes: a frame is encoded into the sending one (or a queued frame copied
     * through it in chunks of this size), and one {@code recvmsg} fills the receiving one. Twice 64 KiB, so that a
     * 64 KiB message with its event and frame headers goes out in one {@code sendmsg} and comes in with one
     * {@code recvmsg} (docs/performance.md §6).
     */
    static final int IO_BUFFER = 128 * 1024;
    /**
     * Event frames up to this size (header included) with no fds are handed to the write lock's holder when the lock
     * is taken, instead of waiting for it (docs/performance.md §6.z): a larger frame's copy costs more than the wait.
     */
    static final int HANDOFF_MAX_FRAME = 8 * 1024;
    private static final Object CLOSER = new Object() {
        @Override
        public String toString() {
            return "closing thread";
        }
    };

    private record Closure(CloseReason reason, String detail) {}

    /** A frame waiting to be written: its bytes from {@code offset} on; its fds until the first byte left. */
    private static final class Pending {
        final MemorySegment bytes;
        long offset;
        List<Fd> fds;

        Pending(MemorySegment bytes, long offset, List<Fd> fds) {
            this.bytes = bytes;
            this.offset = offset;
            this.fds = fds;
        }
    }

    private final Fd socket;
    private final Set<PeerRole> peerRoles;
    private final ChannelLimits limits;
    private final Listener listener;
    private final ReadToken token = new ReadToken();
    private final AtomicReference<Closure> closed = new AtomicReference<>();

    /**
     * The channel write lock (docs/architecture.md §5, rank 5): whole frames, the queue, the socket's
     * write side. Ranked, so the lock-order test mode sees it; nothing of another layer runs under it.
     */
    private final RankedLock writeLock = new RankedLock(LockRank.CHANNEL_WRITE);
    /** Guarded by writeLock. Frames the socket refused, oldest first; the head may be partly sent. */
    private final ArrayDeque<Pending> writeQueue = new ArrayDeque<>();
    /** Guarded by writeLock. The whole sizes of the frames in {@link #writeQueue} (bounded by maxQueuedBytes). */
    private long queuedBytes;
    /** Guarded by writeLock. */
    private final SocketMessenger out;
    /** Guarded by writeLock: {@code sendmsg} calls that carried more than one queued frame (stats, tests). */
    private long batchedSends;
    /** Guarded by writeLock: {@code sendmsg} calls (stats, tests). */
    private long sends;
    /**
     * Small fd-less event frames, encoded, from writers that found the write lock taken: whoever holds it next moves
     * them into {@link #writeQueue} and sends them with its own in one {@code sendmsg} (any thread adds; the lock
     * holder takes). Bounded by {@link #handedOffBytes}.
     */
    private final ConcurrentLinkedQueue<MemorySegment> handedOff = new ConcurrentLinkedQueue<>();
    /** The bytes in {@link #handedOff}, at most {@link #IO_BUFFER}: past that a writer waits for the lock. */
    private final AtomicLong handedOffBytes = new AtomicLong();
    /**
     * Whether the write lock's holder is a sender ({@link #write}, {@link #flush}, {@link #sendHandedOff}), which
     * looks at {@link #handedOff} after letting go: only then may a writer leave its frame and return. Written by
     * that holder only (true after taking the lock, false before letting go); read by anyone.
     */
    private volatile boolean sending;
    /** Guarded by writeLock: close (LOCAL) as soon as the queue is empty (after goodbye). */
    private boolean closeWhenDrained;

    /** Owned by the read-token holder. */
    private final FrameDecoder decoder;
    /** Owned by the read-token holder. */
    private final SocketMessenger in;
    /** Owned by the read-token holder: the fds of one receive, handed to the decoder. */
    private final List<Fd> received = new ArrayList<>();

    /**
     * The eventfd that wakes a waiting thread holding the read token (docs/concurrency.md, "The read token"): made
     * with the channel, closed with the reader state (so the channel's descriptors are the same whether or not a
     * waiter ever held its token: a count of open descriptors does not depend on who read); signalled by writers that
     * queue, by {@link #close} and by whoever ends that thread's wait. Null only if it could not be made (waiters
     * then park).
     */
    private final EventFd holderWakeup;
    /** Frames delivered by a read-token holder other than the I/O thread (written by the holder; stats, tests). */
    private volatile long framesReadByWaiters;
    /** {@code recvmsg} calls that returned bytes or {@code EAGAIN} (written by the read-token holder; stats, tests). */
    private volatile long receives;
    /** Set by a waiter that could not take the read token; cleared by the next waiter that takes it. */
    private volatile boolean tokenWanted;
    /** Used by the read-token holder: a waiting holder's poll set (the socket, {@link #holderWakeup}); made with it. */
    private final Poller holderPoller;

    /** Set once by {@link IoThread#register}; null when the channel is driven by hand (tests). */
    private volatile IoThread io;
    private volatile long ioKey;

    /**
     * Wraps a connected socket. The channel owns {@code socket} from now on; nothing is read until it
     * is {@linkplain IoThread#register registered} with an I/O thread (or a test calls
     * {@link #readAvailable} holding the token).
     *
     * @param peerRoles what the peer is to this node; decides the expected handshake and legal frames
     */
    public UnixChannel(Fd socket, Set<PeerRole> peerRoles, ChannelLimits limits, Listener listener) {
        this(socket, peerRoles, limits, listener, 253);
    }

    /** Tests: a receive control buffer for fewer than 253 fds, to provoke {@code MSG_CTRUNC}. */
    UnixChannel(Fd socket, Set<PeerRole> peerRoles, ChannelLimits limits, Listener listener, int receiveFdCapacity) {
        // Checks the roles before native memory is taken. A listener that accepts borrowed payloads gets a frame that
        // arrived whole as a view of the receive buffer (no copy); the buffer is refilled only after it returns.
        this.decoder = new FrameDecoder(peerRoles, limits, listener.acceptsBorrowedPayloads());
        this.socket = socket;
        this.peerRoles = Set.copyOf(EnumSet.copyOf(peerRoles));
        this.limits = limits;
        this.listener = listener;
        this.in = new SocketMessenger(IO_BUFFER, receiveFdCapacity);
        this.out = new SocketMessenger(IO_BUFFER);
        EventFd wakeup = null;
        try {
            wakeup = new EventFd();
        } catch (NativeException e) {
            LOG.log(System.Logger.Level.WARNING, "no eventfd for a waiting reader of " + socket + "; its waiters park", e);
        }
        this.holderWakeup = wakeup;
        this.holderPoller = wakeup == null ? null : new Poller(2);
    }

    /** The connected socket, for peer credentials and registration. Owned by the channel. */
    public Fd socket() {
        return socket;
    }

    @Override
    public Set<PeerRole> peerRoles() {
        return peerRoles;
    }

    @Override
    public int version() {
        return decoder.version();
    }

    @Override
    public boolean isClosed() {
        return closed.get() != null;
    }

    @Override
    public CloseReason closeReason() {
        Closure c = closed.get();
        return c == null ? null : c.reason();
    }

    @Override
    public String closeDetail() {
        Closure c = closed.get();
        return c == null ? null : c.detail();
    }

    // ---- writing ----------------------------------------------------------------------------

    private static final MemorySegment NO_BYTES = MemorySegment.ofArray(new byte[0]);

    /** The bytes of one frame: header, payload ({@code head}, then {@code tail}), zero padding. */
    static MemorySegment encode(FrameType type, MemorySegment head, MemorySegment tail, int fdCount) {
        long length = FrameHeader.frameLength(head.byteSize() + tail.byteSize());
        MemorySegment frame = MemorySegment.ofArray(new byte[(int) length]);
        FrameHeader.write(frame, length, type.code(), fdCount);
        MemorySegment.copy(head, 0, frame, FrameHeader.SIZE, head.byteSize());
        MemorySegment.copy(tail, 0, frame, FrameHeader.SIZE + head.byteSize(), tail.byteSize());
        return frame;
    }

    @Override
    public WriteResult write(FrameType type, MemorySegment payload, List<Fd> fds) {
        return write(type, payload, NO_BYTES, fds);
    }

    /**
     * Gathers {@code head} and {@code tail} into the frame where it is encoded (the staging buffer, or the queued
     * copy), so a large tail, such as a message's payload, is copied once.
     */
    @Override
    public WriteResult write(FrameType type, MemorySegment head, MemorySegment tail, List<Fd> fds) {
        long length = FrameHeader.frameLength(head.byteSize() + tail.byteSize());
        if (length > limits.maxFrameLength()) {
            throw new IllegalArgumentException(type + " frame of " + length + " bytes exceeds the channel limit of "
                    + limits.maxFrameLength());
        }
        if (fds.size() > limits.maxFdsPerFrame()) {
            throw new IllegalArgumentException(type + " frame with " + fds.size() + " fds exceeds the limit of "
                    + limits.maxFdsPerFrame() + " per frame");
        }
        boolean locked = false;
        if (type == FrameType.EVENT && fds.isEmpty() && length <= HANDOFF_MAX_FRAME) {
            // Another writer is inside sendmsg: it sends this frame with whatever it sends next, in one call.
            locked = writeLock.tryLock();
            if (!locked && sending && handOff(encode(type, head, tail, 0))) {
                return WriteResult.QUEUED;
            }
        }
        WriteResult result = writeFrame(type, head, tail, length, fds, locked);
        sendHandedOff(); // frames handed off while this writer held the lock, after it last looked
        return result;
    }

    /** {@link #write} under the write lock ({@code locked}: taken already), behind any frames handed off. */
    private WriteResult writeFrame(FrameType type, MemorySegment head, MemorySegment tail, long length, List<Fd> fds,
            boolean locked) {
        // A frame that fits the staging buffer is encoded there, under the write lock, when it goes out at once (no
        // heap copy of it at all); a larger one is encoded here, outside the lock, and sent in chunks.
        MemorySegment frame = length > IO_BUFFER ? encode(type, head, tail, fds.size()) : null;
        List<Fd> owned = fds.isEmpty() ? List.of() : List.copyOf(fds);
        NativeException failure = null;
        long overflow = -1;
        if (!locked) {
            writeLock.lock();
        }
        sending = true;
        try {
            if (closed.get() != null) {
                closeAll(owned);
                return WriteResult.CLOSED;
            }
            boolean queueWasEmpty = writeQueue.isEmpty();
            takeHandedOffLocked();
            if (writeQueue.isEmpty()) {
                Pending p = null;
                try {
                    if (frame == null) {
                        p = sendStaged(type, head, tail, length, owned);
                        if (p == null) {
                            return WriteResult.WRITTEN;
                        }
                    } else {
                        p = new Pending(frame, 0, owned);
                        if (sendPending(p)) {
                            return WriteResult.WRITTEN;
                        }
                    }
                } catch (NativeException e) {
                    closeAll(owned); // not sent: nothing left the socket, the fds are still ours
                    failure = e;
                }
                if (failure == null) {
                    writeQueue.add(p);
                    queuedBytes += p.bytes.byteSize();
                    rearmOrWakeHolder();
                }
            } else if (queuedBytes + length > limits.maxQueuedBytes()) {
                closeAll(owned);
                overflow = queuedBytes;
            } else {
                writeQueue.add(new Pending(frame != null ? frame : encode(type, head, tail, fds.size()), 0, owned));
                queuedBytes += length;
                if (queueWasEmpty) {
                    // Only handed-off frames were queued: the socket refused nothing, so they and this one go now.
                    try {
                        if (sendQueueLocked()) {
                            return WriteResult.WRITTEN;
                        }
                        rearmOrWakeHolder();
                    } catch (NativeException e) {
                        failure = e; // the queue holds this frame's fds: the close releases them
                    }
                }
            }
        } finally {
            sending = false;
            writeLock.unlock();
        }
        if (failure != null) {
            closeForIoFailure("sendmsg", failure);
            return WriteResult.CLOSED;
        }
        if (overflow >= 0) {
            // The peer does not read what we send: holding more for it would let it grow this process's memory.
            close(CloseReason.LIMIT, "the peer does not read: " + overflow + " bytes wait in the write queue and a "
                    + length + "-byte frame would pass the bound of " + limits.maxQueuedBytes());
            return WriteResult.CLOSED;
        }
        return WriteResult.QUEUED;
    }

    /**
     * Leaves encoded {@code frame} for the write lock's holder, unless {@link #IO_BUFFER} bytes wait so already.
     *
     * @return whether it was left (else the caller waits for the lock)
     */
    private boolean handOff(MemorySegment frame) {
        long size = frame.byteSize();
        if (handedOffBytes.addAndGet(size) > IO_BUFFER) {
            handedOffBytes.addAndGet(-size);
            return false;
        }
        handedOff.add(frame);
        sendHandedOff(); // the holder may have let go before the frame was added
        return true;
    }

    /**
     * Sends the handed-off frames, unless a sender holds the write lock (it does so after letting go); waits for the
     * lock if another holds it. Every sender calls this after letting go, so no frame is left behind: a writer that
     * left one returned only after seeing {@link #sending} true after adding it, so the holder that set it had not
     * yet cleared it, and looks after it here once it has let go.
     */
    private void sendHandedOff() {
        while (!handedOff.isEmpty()) {
            if (!writeLock.tryLock()) {
                if (sending) {
                    return;
                }
                writeLock.lock(); // a holder that does not send (a re-arm, a statistic): briefly
            }
            sending = true;
            NativeException failure = null;
            try {
                if (closed.get() != null) {
                    handedOff.clear(); // dropped with the channel, as queued frames are
                    handedOffBytes.set(0);
                    return;
                }
                boolean queueWasEmpty = writeQueue.isEmpty();
                takeHandedOffLocked();
                // Behind frames the socket refused they wait for room (EPOLLOUT, or a waiting holder's poll).
                if (queueWasEmpty && !sendQueueLocked()) {
                    rearmOrWakeHolder();
                }
            } catch (NativeException e) {
                failure = e;
            } finally {
                sending = false;
                writeLock.unlock();
            }
            if (failure != null) {
                closeForIoFailure("sendmsg", failure);
                return;
            }
        }
    }

    /**
     * Moves the handed-off frames to the end of the write queue (which may so pass its bound by up to
     * {@link #IO_BUFFER} bytes). Caller holds the write lock.
     */
    private void takeHandedOffLocked() {
        for (MemorySegment f; (f = handedOff.poll()) != null; ) {
            handedOffBytes.addAndGet(-f.byteSize());
            writeQueue.add(new Pending(f, 0, null));
            queuedBytes += f.byteSize();
        }
    }

    /**
     * Sends queued frames, several per {@code sendmsg}, until the socket refuses or the queue is empty. Caller holds
     * the write lock.
     *
     * @return whether the queue is now empty
     */
    private boolean sendQueueLocked() throws NativeException {
        while (!writeQueue.isEmpty() && closed.get() == null) {
            if (!sendQueuedBatch()) {
                return false;
            }
        }
        return writeQueue.isEmpty();
    }

    /** One {@code sendmsg} of the staging or a queued buffer, counted. Caller holds the write lock. */
    private long send(MemorySegment bytes, long offset, long length, List<Fd> fds) throws NativeException {
        sends++;
        return out.send(socket, bytes, offset, length, fds);
    }

    /**
     * Encodes a frame of {@code length} bytes (at most {@link #IO_BUFFER}) straight into the staging buffer and sends
     * it with {@code fds}, which are closed once its first byte has left. Caller holds the write lock and has found
     * the queue empty.
     *
     * @return null if the whole frame left; else what is left of it for the queue (a heap copy of the bytes the socket
     *     refused, with the fds if none left)
     */
    private Pending sendStaged(FrameType type, MemorySegment head, MemorySegment tail, long length, List<Fd> fds)
            throws NativeException {
        MemorySegment staging = out.buffer();
        FrameHeader.write(staging, length, type.code(), fds.size());
        long end = FrameHeader.SIZE + head.byteSize() + tail.byteSize();
        MemorySegment.copy(head, 0, staging, FrameHeader.SIZE, head.byteSize());
        MemorySegment.copy(tail, 0, staging, FrameHeader.SIZE + head.byteSize(), tail.byteSize());
        if (length > end) {
            staging.asSlice(end, length - end).fill((byte) 0); // padding: the buffer holds an earlier frame's bytes
        }
        long sent = send(staging, 0, length, fds);
        if (sent == length) {
            closeAll(fds); // the kernel holds its own references now
            return null;
        }
        long from = sent == UnixSocket.WOULD_BLOCK ? 0 : sent;
        MemorySegment rest = MemorySegment.ofArray(new byte[(int) (length - from)]);
        MemorySegment.copy(staging, from, rest, 0, rest.byteSize());
        if (from > 0) {
            closeAll(fds);
            return new Pending(rest, 0, null);
        }
        return new Pending(rest, 0, fds);
    }

    /**
     * Sends what the socket takes of {@code p}; closes its fds once its first byte has left. Caller
     * holds the write lock.
     *
     * @return whether the whole frame has left
     */
    private boolean sendPending(Pending p) throws NativeException {
        long size = p.bytes.byteSize();
        while (p.offset < size) {
            List<Fd> attach = p.fds == null ? List.of() : p.fds;
            long n = send(p.bytes, p.offset, size - p.offset, attach);
            if (n == UnixSocket.WOULD_BLOCK) {
                return false;
            }
            if (p.fds != null) {
                closeAll(p.fds); // the kernel holds its own references now
                p.fds = null;
            }
            p.offset += n;
        }
        return true;
    }

    /**
     * Sends the head of the write queue and, in the same {@code sendmsg}, the frames queued behind it that carry no
     * fds, as many as fit the staging buffer together (a frame with fds starts the next batch: its fds must ride on
     * its own first byte). Frames the socket took whole leave the queue; the first one it took in part keeps its
     * offset. Caller holds the write lock.
     *
     * @return whether everything offered was sent (false: the socket refused the rest for now)
     */
    private boolean sendQueuedBatch() throws NativeException {
        MemorySegment staging = out.buffer();
        long total = 0;
        int frames = 0;
        for (Pending p : writeQueue) {
            long rest = p.bytes.byteSize() - p.offset;
            boolean carriesFds = p.fds != null && !p.fds.isEmpty();
            if (frames > 0 && (carriesFds || total + rest > staging.byteSize())) {
                break;
            }
            if (rest > staging.byteSize()) {
                break; // a large head goes alone, through sendPending's chunks
            }
            MemorySegment.copy(p.bytes, p.offset, staging, total, rest);
            total += rest;
            frames++;
        }
        Pending head = writeQueue.peek();
        if (frames <= 1) {
            if (!sendPending(head)) {
                return false;
            }
            queuedBytes -= writeQueue.poll().bytes.byteSize();
            return true;
        }
        long sent = send(staging, 0, total, head.fds == null ? List.of() : head.fds);
        if (sent == UnixSocket.WOULD_BLOCK) {
            return false;
        }
        if (head.fds != null) {
            closeAll(head.fds); // the kernel holds its own references now
            head.fds = null;
        }
        for (long left = sent; left > 0; ) {
            Pending p = writeQueue.peek();
            long rest = p.bytes.byteSize() - p.offset;
            if (left >= rest) {
                left -= rest;
                p.fds = null; // none (only the head may carry fds, and they left above)
                queuedBytes -= writeQueue.poll().bytes.byteSize();
            } else {
                p.offset += left;
                left = 0;
            }
        }
        batchedSends++;
        return sent == total;
    }

    /**
     * Writes queued frames until the socket refuses or the queue is empty (the I/O thread on
     * EPOLLOUT; later also a read-token holder).
     *
     * @return whether the queue is now empty
     */
    public boolean flush() {
        NativeException failure = null;
        boolean drained = false;
        boolean closeNow = false;
        writeLock.lock();
        sending = true;
        try {
            try {
                takeHandedOffLocked();
                if (!sendQueueLocked()) {
                    return false;
                }
                drained = writeQueue.isEmpty();
                closeNow = drained && closeWhenDrained;
            } catch (NativeException e) {
                failure = e;
            }
        } finally {
            sending = false;
            writeLock.unlock();
            sendHandedOff(); // left while this flush held the lock
        }
        if (failure != null) {
            closeForIoFailure("sendmsg", failure);
        } else if (closeNow) {
            close(CloseReason.LOCAL, "goodbye sent");
        }
        return drained;
    }

    /** Bytes of the frames waiting in the write queue (tests, stats). */
    public long queuedBytes() {
        writeLock.lock();
        try {
            return queuedBytes;
        } finally {
            writeLock.unlock();
        }
    }

    /** Frames delivered so far by a waiting thread holding the read token rather than by the I/O thread (stats, tests). */
    public long framesReadByWaiters() {
        return framesReadByWaiters;
    }

    /** {@code recvmsg} calls so far that returned bytes or {@code EAGAIN} (tests, stats). */
    public long receives() {
        return receives;
    }

    /** {@code sendmsg} calls so far that carried several queued frames at once (tests, stats). */
    public long batchedSends() {
        writeLock.lock();
        try {
            return batchedSends;
        } finally {
            writeLock.unlock();
        }
    }

    /** {@code sendmsg} calls so far (tests, stats). */
    public long sends() {
        writeLock.lock();
        try {
            return sends;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Tests: takes ({@code true}) or lets go of the write lock as a sender holds it, but without sending what writers
     * left meanwhile (the next sender does). Call from one thread, in pairs.
     */
    void holdWriteLockAsSenderForTests(boolean hold) {
        if (hold) {
            writeLock.lock();
            sending = true;
        } else {
            sending = false;
            writeLock.unlock();
        }
    }

    /** The write lock, for tests that hold it as a thread that does not send would. */
    RankedLock writeLockForTests() {
        return writeLock;
    }

    /** Number of frames waiting in the write queue (tests, stats). */
    public int queuedFrames() {
        writeLock.lock();
        try {
            return writeQueue.size();
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void closeAfterGoodbye() {
        WriteResult result = write(FrameType.GOODBYE, MemorySegment.ofArray(new byte[0]), List.of());
        if (result == WriteResult.WRITTEN) {
            close(CloseReason.LOCAL, "goodbye sent");
            return;
        }
        boolean closeNow = false;
        writeLock.lock();
        try {
            closeWhenDrained = true;
            closeNow = writeQueue.isEmpty();
        } finally {
            writeLock.unlock();
        }
        if (closeNow) {
            close(CloseReason.LOCAL, "goodbye sent");
        }
    }

    // ---- reading ----------------------------------------------------------------------------

    /** How a {@link #readAvailable} pass ended. */
    public enum ReadStatus {
        /** The socket has nothing more for now ({@code EAGAIN}). */
        DRAINED,
        /** The byte budget was used up; more may be waiting. */
        BUDGET_USED,
        /** The channel is closed (by this pass or before). */
        CLOSED
    }

    /**
     * Reads until the socket has nothing more or {@code budget} bytes were read, delivering each complete frame to the
     * listener. The caller must hold the read token (the I/O thread does, inside {@link #onReady}; see
     * {@link #tryAcquireReadToken}).
     *
     * <p>"Nothing more" is {@code EAGAIN}, or a receive that did not fill the buffer and brought no descriptors: the
     * kernel copies every byte queued on a stream socket up to the buffer's size and stops early only after bytes
     * that carried descriptors, so such a receive took everything there was, and a further {@code recvmsg} would
     * only say {@code EAGAIN}. Bytes arriving after it are found as any are: the I/O thread's re-arm on release
     * ({@code EPOLL_CTL_MOD} reports a socket already readable), a waiting holder's {@code poll}.
     */
    public ReadStatus readAvailable(long budget) {
        long total = 0;
        while (closed.get() == null) {
            long n;
            try {
                n = in.receive(socket, received);
            } catch (NativeException e) {
                closeForIoFailure("recvmsg", e);
                return ReadStatus.CLOSED;
            } catch (IllegalStateException e) {
                if (closed.get() != null) {
                    return ReadStatus.CLOSED; // closed by another thread between the check and the call
                }
                throw e;
            }
            receives++; // one writer: the holder
            if (n == UnixSocket.WOULD_BLOCK) {
                return ReadStatus.DRAINED;
            }
            if (n == UnixSocket.CONTROL_TRUNCATED) {
                close(CloseReason.CTRUNC, "the kernel truncated received descriptors (MSG_CTRUNC)");
                return ReadStatus.CLOSED;
            }
            boolean broughtFds = !received.isEmpty();
            try {
                if (n == 0) {
                    boolean goodbye = decoder.sawGoodbye();
                    decoder.endOfStream();
                    close(goodbye ? CloseReason.GOODBYE : CloseReason.DISCONNECTED,
                            goodbye ? "peer said goodbye" : "end of stream without goodbye");
                    return ReadStatus.CLOSED;
                }
                decoder.accept(in.buffer(), n, received, this::deliver);
            } catch (ProtocolViolation v) {
                close(v.reason(), v.getMessage());
                return ReadStatus.CLOSED;
            } finally {
                received.clear();
            }
            total += n;
            if (total >= budget) {
                return ReadStatus.BUDGET_USED;
            }
            if (n < in.buffer().byteSize() && !broughtFds) {
                return closed.get() == null ? ReadStatus.DRAINED : ReadStatus.CLOSED;
            }
        }
        return ReadStatus.CLOSED;
    }

    private boolean deliver(Frame frame) {
        if (closed.get() != null) {
            frame.closeFds();
            return false;
        }
        if (token.holder() != io) {
            framesReadByWaiters++; // one writer: the holder
        }
        try {
            listener.onFrame(this, frame);
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "channel listener failed on a " + frame.type() + " frame; closing the channel", e);
            close(CloseReason.LOCAL, "listener failed: " + e);
            return false;
        }
        return closed.get() == null;
    }

    /** Takes the read token for {@code owner} if it is free (the seam for read-token waiters). */
    public boolean tryAcquireReadToken(Object owner) {
        return token.tryAcquire(owner);
    }

    /**
     * Gives the read token back: re-arms the socket with the current interest, or, if the channel
     * closed meanwhile, releases the reader state.
     */
    public void releaseReadToken(Object owner) {
        token.release(owner);
        if (closed.get() != null) {
            retireReaderIfFree();
            return;
        }
        writeLock.lock();
        try {
            rearmLocked();
        } finally {
            writeLock.unlock();
        }
    }

    // ---- a waiting thread as reader (the read token) ------------------------------------------

    /**
     * Takes the read token for {@code waiter}, a thread waiting on an endpoint (never the I/O thread), and disarms
     * the socket in the I/O thread's epoll set, so that the kernel wakes only the waiter. The holder then calls
     * {@link #readAvailable} and {@link #awaitAsHolder}, and gives the token back with {@link #releaseReadToken}.
     *
     * @return false if the token is taken, the channel is closed or it has no I/O thread
     */
    public boolean tryAcquireReadTokenForWaiter(Object waiter) {
        IoThread thread = io;
        if (thread == null || holderWakeup == null || closed.get() != null || !token.tryAcquire(waiter)) {
            return false;
        }
        tokenWanted = false;
        writeLock.lock();
        try {
            if (closed.get() == null) {
                thread.rearm(socket, Epoll.ONESHOT, ioKey); // no interest: HUP and ERR fire once at most
            }
        } catch (NativeException | IllegalStateException e) {
            // Closed under us: the holder finds the channel closed and lets go.
        } finally {
            writeLock.unlock();
        }
        return true;
    }

    /**
     * Waits, as a holder that is not the I/O thread, until the socket has bytes, or room while frames are queued
     * (which it then writes, as the I/O thread would), {@link #wakeHolder} is called, or {@code timeoutMillis} pass.
     * A blocking call: platform threads only.
     */
    public void awaitAsHolder(int timeoutMillis) {
        if (closed.get() != null) {
            return;
        }
        boolean queued = queuedFrames() != 0;
        Poller p = holderPoller;
        EventFd wakeup = holderWakeup;
        try {
            p.set(0, socket, Poller.IN | Poller.RDHUP | (queued ? Poller.OUT : 0));
            p.set(1, wakeup.fd(), Poller.IN);
            p.poll(timeoutMillis);
            if ((p.ready(1) & Poller.IN) != 0) {
                wakeup.drain();
            }
            if (queued && (p.ready(0) & (Poller.OUT | Poller.ERR | Poller.HUP)) != 0) {
                flush();
            }
        } catch (NativeException e) {
            closeForIoFailure("poll", e);
        } catch (IllegalStateException e) {
            if (closed.get() == null) {
                throw e;
            }
            // The socket closed under us: the caller finds the channel closed.
        }
    }

    /**
     * Asks a waiting holder to let go (see {@link #tokenWanted()}), waking it if it polls; an I/O thread holding the
     * token lets go by itself at the end of its pass. Any thread.
     */
    public void wantReadToken() {
        tokenWanted = true;
        Object holder = token.holder();
        if (holder != null && holder != io) {
            wakeHolder();
        }
    }

    /** Whether a waiter asked for the read token since the last waiter took it. */
    public boolean tokenWanted() {
        return tokenWanted;
    }

    /** Makes a waiting holder's {@link #awaitAsHolder} return now (or its next one at once). Any thread. */
    public void wakeHolder() {
        EventFd w = holderWakeup;
        if (w != null) {
            try {
                w.signal();
            } catch (NativeException | IllegalStateException e) {
                // Closed with the reader state: no holder is left to wake.
            }
        }
    }

    /** Called by the I/O thread for an epoll event on this channel's socket. */
    void onReady(IoThread thread, int events) {
        if (!token.tryAcquire(thread)) {
            return; // a waiter reads this channel; it re-arms when it lets go
        }
        try {
            if ((events & (Epoll.IN | Epoll.RDHUP | Epoll.HUP | Epoll.ERR)) != 0) {
                readAvailable(IoThread.READ_BUDGET);
            }
            if ((events & (Epoll.OUT | Epoll.ERR | Epoll.HUP)) != 0 && closed.get() == null) {
                flush();
            }
        } finally {
            releaseReadToken(thread);
        }
    }

    // ---- readiness --------------------------------------------------------------------------

    void attach(IoThread thread, long key) {
        this.ioKey = key;
        this.io = thread;
    }

    /** The epoll interest now: input always, output while frames wait. Caller holds the write lock. */
    int interestLocked() {
        return Epoll.IN | Epoll.RDHUP | Epoll.ONESHOT | (writeQueue.isEmpty() ? 0 : Epoll.OUT);
    }

    /**
     * After queueing: re-arms the socket (EPOLLOUT) if nobody reads the channel, or wakes a waiting holder, which
     * polls for output itself. An I/O thread holding the token re-arms when it lets go. Caller holds the write lock.
     */
    private void rearmOrWakeHolder() {
        Object holder = token.holder();
        if (holder == null) {
            rearmLocked();
        } else if (holder != io) {
            wakeHolder();
        }
    }

    /** Caller holds the write lock. */
    private void rearmLocked() {
        IoThread thread = io;
        if (thread == null || closed.get() != null) {
            return;
        }
        try {
            thread.rearm(socket, interestLocked(), ioKey);
        } catch (NativeException | IllegalStateException e) {
            // Closed under us (ENOENT, fd gone): nothing to re-arm. Anything else is reported by a close,
            // which must not run under the write lock.
            if (closed.get() == null) {
                try {
                    thread.execute(() -> close(CloseReason.IO_ERROR, "epoll_ctl failed: " + e.getMessage()));
                } catch (RuntimeException stopped) {
                    // The I/O thread is stopping; it closes every channel it still has.
                }
            }
        }
    }

    // ---- closing ----------------------------------------------------------------------------

    private void closeForIoFailure(String call, NativeException e) {
        boolean gone = e.errno() == Errno.EPIPE || e.errno() == Errno.ECONNRESET;
        close(gone ? CloseReason.DISCONNECTED : CloseReason.IO_ERROR, e.getMessage());
    }

    @Override
    public void close(CloseReason reason, String detail) {
        if (!closed.compareAndSet(null, new Closure(reason, detail))) {
            return;
        }
        if (reason.isViolation()) {
            LOG.log(System.Logger.Level.WARNING, "channel {0} cut off: {1}: {2}", socket, reason, detail);
        }
        IoThread thread = io;
        if (thread != null) {
            thread.deregister(ioKey, socket);
        }
        wakeHolder(); // a waiter reading this channel lets go
        writeLock.lock();
        try {
            for (Pending p; (p = writeQueue.poll()) != null; ) {
                if (p.fds != null) {
                    closeAll(p.fds);
                }
            }
            queuedBytes = 0;
            handedOff.clear();
            handedOffBytes.set(0);
            out.close();
        } finally {
            writeLock.unlock();
        }
        socket.close(); // deferred by Fd while a reader is inside recvmsg
        retireReaderIfFree();
        listener.onClosed(this, reason, detail);
    }

    /** Releases the read side if nobody holds the token; otherwise its holder does on release. */
    private void retireReaderIfFree() {
        if (token.tryAcquire(CLOSER)) {
            decoder.close();
            closeAll(received);
            received.clear();
            in.close();
            if (holderWakeup != null) {
                holderPoller.close();
                holderWakeup.close();
            }
            token.retire(CLOSER);
        }
    }

    private static void closeAll(List<Fd> fds) {
        for (Fd fd : fds) {
            fd.close();
        }
    }

    /** The waiting holder's wake-up descriptor (tests: made and closed with the channel). */
    Fd holderWakeupFd() {
        return holderWakeup.fd();
    }

    /** Descriptors held by the decoder's FIFO (tests). Only meaningful to the read-token holder. */
    int heldFds() {
        return decoder.heldFds();
    }

    /** The decoder's largest payload buffer so far (tests: nothing allocated from claims). */
    long largestReadBuffer() {
        return decoder.largestBuffer();
    }

    @Override
    public String toString() {
        return "UnixChannel[" + socket + ", peer " + peerRoles + (closed.get() == null ? "" : ", closed " + closeReason()) + "]";
    }
}

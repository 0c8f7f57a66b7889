package org.jmojo.internal.channel;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jmojo.internal.platform.Fd;

/**
 * Turns the byte stream and descriptors received on one channel into checked {@link Frame}s
 * (DESIGN.md §4, "Reading"). Pure: it makes no system call, so tests and the fuzz target drive it
 * with any split of any bytes.
 *
 * <ul>
 *   <li>Received descriptors go to a FIFO that is not tied to receive boundaries; a complete frame
 *       takes exactly its count from the front. Since a frame's fds ride with its first byte, they
 *       must be in the FIFO once its header is: too few is FD_MISMATCH, and so is an fd left over at a
 *       frame boundary (checked before the frame that ends a receive is delivered). More than {@link ChannelLimits#maxFdsHeld()} held is LIMIT.
 *   <li>The header is checked as soon as its 16 bytes are in, before anything is allocated for the
 *       frame: length (unsigned, multiple of 8, 16..limit), flags and reserved bytes, fd count, type
 *       known in the version, sender role, channel state, the type's payload size and fd range.
 *   <li>The payload buffer grows with the bytes actually received (at most doubling, never beyond the
 *       declared length), never to the declared length up front.
 *   <li>The first frame must be the handshake the peer's roles call for (hello-ack from an inviter or
 *       named-endpoint server, hello from everyone else); a later handshake frame, or any frame after
 *       goodbye or after a hello with no common version, is BAD_STATE.
 * </ul>
 *
 * After a {@link ProtocolViolation} the decoder is dead: it has closed every descriptor it held,
 * including those passed to the failing call, and must not be fed again.
 *
 * <p>Not thread-safe: owned by whoever holds the channel's read token.
 */
public final class FrameDecoder {
    /** Receives each complete frame; returns whether decoding should go on (false: the channel closed). */
    @FunctionalInterface
    public interface Sink {
        boolean frame(Frame frame);
    }

    private enum State { AWAITING_HANDSHAKE, OPEN, NO_COMMON_VERSION, ENDED, FAILED }

    private final Set<PeerRole> peerRoles;
    private final ChannelLimits limits;
    private final FrameType expectedHandshake;
    /** Whether a payload that arrived whole in one {@link #accept} is delivered as a view of its bytes. */
    private final boolean lendPayloads;

    private final ArrayDeque<Fd> fdFifo = new ArrayDeque<>();
    private final MemorySegment header = MemorySegment.ofArray(new byte[FrameHeader.SIZE]);
    private int headerFilled;
    /** The frame being read once its header has passed, else null. */
    private FrameType type;
    private int fdCount;
    private long payloadLength;
    private byte[] payload;
    private long payloadFilled;
    private State state = State.AWAITING_HANDSHAKE;
    private int version;
    private long largestBuffer;

    public FrameDecoder(Set<PeerRole> peerRoles, ChannelLimits limits) {
        this(peerRoles, limits, false);
    }

    /**
     * @param lendPayloads whether a frame whose payload arrives whole in one {@link #accept} is delivered with a
     *     view of {@code data} as its payload instead of a copy (valid only until the sink returns, since the caller
     *     reuses {@code data}); a frame spread over several calls is always copied
     */
    public FrameDecoder(Set<PeerRole> peerRoles, ChannelLimits limits, boolean lendPayloads) {
        this.lendPayloads = lendPayloads;
        if (peerRoles.isEmpty()) {
            throw new IllegalArgumentException("a channel's peer needs at least one role");
        }
        this.peerRoles = EnumSet.copyOf(peerRoles);
        this.limits = limits;
        this.expectedHandshake = peerRoles.contains(PeerRole.INVITER) || peerRoles.contains(PeerRole.LINK_SERVER)
                ? FrameType.HELLO_ACK : FrameType.HELLO;
    }

    /** The version chosen by the handshake (hello: the highest both ranges share), 0 before or if none. */
    public int version() {
        return version;
    }

    /** Whether a goodbye frame was delivered. */
    public boolean sawGoodbye() {
        return state == State.ENDED;
    }

    /** The number of descriptors held: in the FIFO, not yet taken by a frame. */
    public int heldFds() {
        return fdFifo.size();
    }

    /** The largest payload buffer allocated so far, in bytes (tests: nothing is allocated from claims). */
    public long largestBuffer() {
        return largestBuffer;
    }

    /** Whether bytes of an unfinished frame are held. */
    public boolean inFrame() {
        return headerFilled > 0;
    }

    /**
     * Consumes {@code length} bytes of {@code data} from offset 0, and the descriptors that arrived with
     * them (they go to the FIFO first; the decoder owns them from this call on, even when it throws).
     * Delivers every frame completed by these bytes to {@code sink}, in order, and stops early if the
     * sink says so.
     *
     * @throws ProtocolViolation the peer broke a rule; every held descriptor is closed
     */
    public void accept(MemorySegment data, long length, List<Fd> newFds, Sink sink) throws ProtocolViolation {
        if (state == State.FAILED) {
            newFds.forEach(Fd::close);
            throw new IllegalStateException("decoder used after a protocol violation");
        }
        fdFifo.addAll(newFds);
        try {
            if (fdFifo.size() > limits.maxFdsHeld()) {
                throw new ProtocolViolation(CloseReason.LIMIT, fdFifo.size() + " fds held, more than " + limits.maxFdsHeld());
            }
            long at = 0;
            while (at < length) {
                MemorySegment lent = null;
                if (type == null) {
                    int n = (int) Math.min(FrameHeader.SIZE - headerFilled, length - at);
                    MemorySegment.copy(data, at, header, headerFilled, n);
                    headerFilled += n;
                    at += n;
                    if (headerFilled < FrameHeader.SIZE) {
                        break;
                    }
                    startFrame();
                } else if (lendPayloads && payloadFilled == 0 && payloadLength <= length - at) {
                    lent = data.asSlice(at, payloadLength); // the whole payload is here: no copy
                    payloadFilled = payloadLength;
                    at += payloadLength;
                } else {
                    long n = Math.min(payloadLength - payloadFilled, length - at);
                    ensureCapacity(payloadFilled + n);
                    MemorySegment.copy(data, at, MemorySegment.ofArray(payload), payloadFilled, n);
                    payloadFilled += n;
                    at += n;
                }
                if (type != null && payloadFilled == payloadLength) {
                    if (at == length && fdFifo.size() > fdCount) {
                        // Nothing after this frame arrived with these bytes, so the extra fds belong to none.
                        throw new ProtocolViolation(CloseReason.FD_MISMATCH, type + " frame declares " + fdCount
                                + " fd(s) but " + fdFifo.size() + " arrived");
                    }
                    if (!sink.frame(finishFrame(lent != null ? lent : MemorySegment.ofArray(payload)))) {
                        return;
                    }
                }
            }
            if (headerFilled == 0 && !fdFifo.isEmpty()) {
                throw new ProtocolViolation(CloseReason.FD_MISMATCH, fdFifo.size() + " fd(s) arrived that no frame declares");
            }
        } catch (ProtocolViolation e) {
            fail();
            throw e;
        }
    }

    /**
     * The stream ended (the peer closed its side). A frame cut short is MALFORMED; otherwise the end is
     * ordinary and the decoder releases what it holds.
     */
    public void endOfStream() throws ProtocolViolation {
        boolean truncated = headerFilled > 0;
        long had = type == null ? headerFilled : FrameHeader.SIZE + payloadFilled;
        fail();
        if (truncated) {
            throw new ProtocolViolation(CloseReason.MALFORMED, "stream ended inside a frame, after " + had + " of its bytes");
        }
    }

    /** Releases everything held (descriptors in the FIFO, the partial frame); the decoder is then dead. */
    public void close() {
        fail();
    }

    private void fail() {
        state = State.FAILED;
        type = null;
        payload = null;
        headerFilled = 0;
        for (Fd fd; (fd = fdFifo.poll()) != null; ) {
            fd.close();
        }
    }

    private void startFrame() throws ProtocolViolation {
        long length = FrameHeader.length(header);
        if (length < FrameHeader.SIZE || length % 8 != 0) {
            throw new ProtocolViolation(CloseReason.MALFORMED, "frame length " + length + " (must be a multiple of 8, at least 16)");
        }
        if (length > limits.maxFrameLength()) {
            throw new ProtocolViolation(CloseReason.LIMIT, "frame length " + length + " > " + limits.maxFrameLength());
        }
        if (FrameHeader.flags(header) != 0 || !FrameHeader.reservedZero(header)) {
            throw new ProtocolViolation(CloseReason.MALFORMED, "frame flags or reserved bytes not zero");
        }
        int fds = FrameHeader.fdCount(header);
        if (fds > limits.maxFdsPerFrame()) {
            throw new ProtocolViolation(CloseReason.LIMIT, "frame declares " + fds + " fds > " + limits.maxFdsPerFrame());
        }
        int code = FrameHeader.type(header);
        FrameType t = FrameType.of(code, Math.max(version, Versions.MIN));
        if (t == null) {
            throw new ProtocolViolation(CloseReason.UNKNOWN_TYPE, "frame type " + code + " unknown in version "
                    + Math.max(version, Versions.MIN));
        }
        if (!t.isLegalFrom(peerRoles)) {
            throw new ProtocolViolation(CloseReason.WRONG_ROLE, t + " frame from a peer that is " + peerRoles
                    + "; only " + t.legalSenders() + " may send it");
        }
        checkState(t);
        t.checkHeader(length - FrameHeader.SIZE, fds);
        if (fdFifo.size() < fds) {
            throw new ProtocolViolation(CloseReason.FD_MISMATCH, t + " frame declares " + fds + " fd(s) but " + fdFifo.size()
                    + " arrived with its first byte");
        }
        type = t;
        fdCount = fds;
        payloadLength = length - FrameHeader.SIZE;
        payloadFilled = 0;
        payload = EMPTY;
    }

    private static final byte[] EMPTY = new byte[0];

    private void checkState(FrameType t) throws ProtocolViolation {
        switch (state) {
            case AWAITING_HANDSHAKE -> {
                if (t != expectedHandshake) {
                    throw new ProtocolViolation(CloseReason.BAD_STATE, t + " frame before the handshake; expected "
                            + expectedHandshake + " first");
                }
            }
            case OPEN -> {
                if (t.isHandshake()) {
                    throw new ProtocolViolation(CloseReason.BAD_STATE, t + " frame after the handshake");
                }
            }
            case NO_COMMON_VERSION -> throw new ProtocolViolation(CloseReason.BAD_STATE, t
                    + " frame after a hello that shares no version with us");
            case ENDED -> throw new ProtocolViolation(CloseReason.BAD_STATE, t + " frame after goodbye");
            case FAILED -> throw new IllegalStateException("decoder used after a protocol violation");
        }
    }

    /** Grows the payload buffer to hold {@code needed} bytes: at least doubling, never past the declared length. */
    private void ensureCapacity(long needed) {
        if (needed <= payload.length) {
            return;
        }
        long grown = Math.min(payloadLength, Math.max(needed, 2L * payload.length));
        byte[] bigger = new byte[(int) grown];
        System.arraycopy(payload, 0, bigger, 0, (int) payloadFilled);
        payload = bigger;
        largestBuffer = Math.max(largestBuffer, grown);
    }

    private Frame finishFrame(MemorySegment bytes) throws ProtocolViolation {
        FrameType t = type;
        t.checkPayload(bytes, fdCount);
        switch (t) {
            case HELLO -> {
                Hello hello = Hello.decode(bytes);
                if (!peerRoles.contains(hello.role())) {
                    throw new ProtocolViolation(CloseReason.WRONG_ROLE, "hello announcing role " + hello.role()
                            + " from a peer that is " + peerRoles);
                }
                version = Versions.negotiate(hello.minVersion(), hello.maxVersion());
                state = version == 0 ? State.NO_COMMON_VERSION : State.OPEN;
            }
            case HELLO_ACK -> {
                HelloAck ack = HelloAck.decode(bytes, fdCount);
                version = ack.status() == HelloAck.Status.OK ? ack.version() : 0;
                state = version == 0 ? State.NO_COMMON_VERSION : State.OPEN;
            }
            case GOODBYE -> state = State.ENDED;
            default -> {}
        }
        List<Fd> fds = new ArrayList<>(fdCount);
        for (int i = 0; i < fdCount; i++) {
            fds.add(fdFifo.poll());
        }
        type = null;
        headerFilled = 0;
        payload = null;
        return new Frame(t, bytes, fds);
    }
}

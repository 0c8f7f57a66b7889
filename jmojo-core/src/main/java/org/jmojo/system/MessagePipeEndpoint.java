package org.jmojo.system;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One end of a message pipe. A message is a byte sequence plus a handle sequence, written and read
 * whole. Writes never block (the message is queued on the peer at once); reads never block.
 *
 * <h2>Outcomes: values versus exceptions</h2>
 * Expected outcomes are returned as {@link MojoResult} values: {@code OK}, {@code SHOULD_WAIT} (empty
 * queue, read again later), {@code FAILED_PRECONDITION} (the peer is closed) and
 * {@code RESOURCE_EXHAUSTED} (a size limit or the receiver's {@link QuotaPolicy#HARD} quota). Misuse is
 * thrown as {@link MojoException}: {@code INVALID_ARGUMENT} (an invalid handle — as
 * {@link InvalidHandleException} —, attaching the writing endpoint or its own peer, attaching a
 * non-transferable handle), {@code BUSY} (the same handle twice, or a handle that another thread is
 * attaching right now: see {@link Handle}, "A handle in transit"), {@code PERMISSION_DENIED} (a missing
 * {@link Right}).
 *
 * <h2>Signals</h2>
 * <ul>
 *   <li>{@link Signals#READABLE}: a message can be read now.
 *   <li>{@link Signals#WRITABLE}: the peer is not known to be closed.
 *   <li>{@link Signals#PEER_CLOSED}: the peer is closed <em>and</em> every message it wrote has arrived
 *       (the queue is complete). From then on writes return {@code FAILED_PRECONDITION} — exactly when
 *       this signal is satisfied, not earlier — and READABLE stays until the queue is drained.
 *   <li>{@link Signals#QUOTA_EXCEEDED}: the queue is above a {@link QuotaPolicy#SIGNAL} quota.
 *   <li>{@link Signals#PEER_REMOTE}: the peer is in another process (never, for an in-process pipe).
 * </ul>
 *
 * <h2>Thread safety</h2>
 * Every method may be called from any thread at any time. Concurrent writers each get their message
 * queued whole; the order between two concurrent writes is the order in which they took their sequence
 * numbers. Concurrent readers each get distinct messages.
 */
public interface MessagePipeEndpoint extends Handle {
    /** The most handles one message may carry (ports included). */
    int MAX_HANDLES_PER_MESSAGE = 4096;

    /**
     * The most {@link PlatformHandle}s one message may carry: the descriptors one frame carries between processes
     * (checked on every pipe, local or not, as a queued message may be forwarded later).
     */
    int MAX_PLATFORM_HANDLES_PER_MESSAGE = 64;

    /**
     * The largest frame a message may need, as it would be serialised to cross a process: payload and
     * handle headers included (docs/architecture.md §4).
     */
    int MAX_FRAME_BYTES = 128 * 1024 * 1024;

    /**
     * Writes one message: a copy of {@code bytes} and the handles of {@code handles}, in that order.
     *
     * <p>Ownership: the caller keeps {@code bytes}. On {@code OK} every attached handle has moved into
     * the message and its object is invalid; on any other outcome (returned or thrown) every attached
     * handle is still valid and owned by the caller.
     *
     * @return {@code OK}; {@code FAILED_PRECONDITION} if {@link Signals#PEER_CLOSED} is satisfied (nothing
     *     queued); {@code RESOURCE_EXHAUSTED} if the message exceeds {@link #MAX_HANDLES_PER_MESSAGE},
     *     {@link #MAX_PLATFORM_HANDLES_PER_MESSAGE} or {@link #MAX_FRAME_BYTES}, or overruns the receiver's {@link QuotaPolicy#HARD} quota (the pipe
     *     then breaks; nothing queued either way)
     * @throws InvalidHandleException if this endpoint or an attached handle is invalid (for an attached
     *     one, {@link InvalidHandleException#index()} is its position in {@code handles}); also if this
     *     endpoint was sent by another thread's write that took effect before this one reached it
     * @throws MojoException {@code INVALID_ARGUMENT} if {@code handles} contains this endpoint, its peer,
     *     or a handle whose type cannot travel; {@code BUSY} if a handle appears twice, or this endpoint or
     *     an attached handle is being attached on another thread (the message names the attached one as
     *     {@code handles[i]}); {@code PERMISSION_DENIED} without {@link Right#WRITE} here or
     *     {@link Right#TRANSFER} on an attached handle
     */
    MojoResult writeMessage(byte[] bytes, List<? extends Handle> handles);

    /** Writes the {@link ByteBuffer#remaining() remaining} bytes of {@code bytes} (position unchanged), as {@link #writeMessage(byte[], List)}. */
    MojoResult writeMessage(ByteBuffer bytes, List<? extends Handle> handles);

    /** Writes the bytes of {@code bytes}, as {@link #writeMessage(byte[], List)}. */
    MojoResult writeMessage(MemorySegment bytes, List<? extends Handle> handles);

    /** Writes {@code bytes} with no handles, as {@link #writeMessage(byte[], List)}. */
    default MojoResult writeMessage(byte[] bytes) {
        return writeMessage(bytes, List.of());
    }

    /**
     * Reads the next message, if one has arrived. Never blocks.
     *
     * @return {@code OK} with the message; {@code SHOULD_WAIT}; or {@code FAILED_PRECONDITION} (see
     *     {@link ReadResult})
     * @throws InvalidHandleException if this endpoint is invalid, or was sent by another thread's write
     *     that took effect before this read reached its queue (nothing is taken)
     * @throws MojoException {@code BUSY} while another thread is attaching this endpoint to a message;
     *     {@code PERMISSION_DENIED} without {@link Right#READ}
     */
    ReadResult readMessage();

    /**
     * Reads the next message when it arrives. The future completes on {@code executor} (never under a
     * lock, never inline in this call): with the message; or exceptionally with a
     * {@link MojoException} carrying {@code FAILED_PRECONDITION} if the peer closes with the queue
     * drained, or {@code CANCELLED} if this endpoint is closed or sent first. Cancelling the future stops
     * the watch; a message that was already read is then closed (its handles too), never lost silently
     * to another reader — so cancel only when giving the endpoint up.
     *
     * <p>Two outstanding {@code readAsync} calls, or one mixed with {@link #readMessage()} on other threads,
     * each get distinct messages in no guaranteed order.
     *
     * @throws InvalidHandleException if this endpoint is invalid
     * @throws MojoException {@code BUSY} while another thread is attaching this endpoint to a message;
     *     {@code PERMISSION_DENIED} without {@link Right#READ}
     */
    CompletableFuture<Message> readAsync(Executor executor);

    /**
     * Sets the receive-queue limits of this endpoint ({@link ReceiveQuota#UNLIMITED} removes them). Takes
     * effect for messages arriving afterwards; a {@link QuotaPolicy#SIGNAL} quota also re-evaluates
     * {@link Signals#QUOTA_EXCEEDED} at once.
     *
     * @throws InvalidHandleException if this endpoint is invalid
     * @throws MojoException {@code BUSY} while another thread is attaching this endpoint to a message;
     *     {@code PERMISSION_DENIED} without {@link Right#SET_OPTIONS}
     */
    void setReceiveQuota(ReceiveQuota quota);

    /**
     * The receive quota set on this endpoint object.
     *
     * @throws InvalidHandleException if this endpoint is invalid
     * @throws MojoException {@code PERMISSION_DENIED} without {@link Right#GET_OPTIONS}
     */
    ReceiveQuota receiveQuota();

    /**
     * Why the peer is gone, once it is known to be gone (a pipe broken by a HARD quota reports
     * {@link ClosureReason#RECEIVE_QUOTA_EXCEEDED} on both ends); empty while the peer is open.
     *
     * @throws InvalidHandleException if this endpoint is invalid
     */
    Optional<ClosureReason> peerClosureReason();

    /**
     * The number of messages queued here and not read yet (including any not yet readable in order). A
     * snapshot; never blocks.
     *
     * @throws InvalidHandleException if this endpoint is invalid
     */
    long queuedMessages();

    /**
     * The payload bytes of {@link #queuedMessages()}. A snapshot; never blocks.
     *
     * @throws InvalidHandleException if this endpoint is invalid
     */
    long queuedBytes();

    @Override
    MessagePipeEndpoint pass();
}

package org.jmojo.system;

import java.util.Set;

/**
 * A typed Java object owning one Mojo handle: an opaque, process-local {@code int} that is never 0,
 * not allocated sequentially and not reused soon after it is closed.
 *
 * <h2>Ownership (holder semantics)</h2>
 * The object owns its handle until one of these happens, after which the object is <em>invalid</em>
 * for good:
 * <ul>
 *   <li>{@link #close()} closes the handle;
 *   <li>{@link #pass()} moves the handle into a new object (same value) and empties this one;
 *   <li>a successful {@link MessagePipeEndpoint#writeMessage write} that attached it moves the handle
 *       into the message (a failed write leaves it valid).
 * </ul>
 * Every operation on an invalid object throws {@link InvalidHandleException}
 * ({@link MojoResult#INVALID_ARGUMENT}) whose message names the handle and says which of the above
 * happened. {@link #close()} is the exception: it never fails and is idempotent.
 *
 * <h2>Thread safety</h2>
 * All methods may be called from any thread, virtual threads included. Closing a handle while
 * another thread waits on it ends that wait with {@link MojoResult#CANCELLED}; closing it while
 * another thread is attaching it to a message closes it as soon as that write has decided (if the
 * write failed the handle is closed then; if it succeeded the handle had already left).
 *
 * <h2>A handle in transit</h2>
 * A handle attached to a write that has not yet returned (on any thread) is <em>busy</em>:
 * <ul>
 *   <li>using it gives {@link MojoResult#BUSY} (thrown as {@link MojoException}): reading from it,
 *       writing to it, attaching it to another message, setting its receive quota, adding a trap
 *       trigger or a wait-set entry on it;
 *   <li>looking at it works as on any valid handle: {@link #querySignalsState()}, {@link #rights()},
 *       {@link Core#wait waits} (a wait in progress ends with {@link MojoResult#CANCELLED} once the
 *       write succeeds, as for a close);
 *   <li>when the write fails, the handle is usable again with nothing taken from it.
 * </ul>
 * A successful write takes effect at one instant, when its message is queued, a little before it
 * returns. From that instant the handle counts as sent: it is invalid ({@link #isValid()} is false, a
 * query or a use throws {@link InvalidHandleException} "was sent in a message"), and an operation that
 * began before that instant but reaches the handle's queue only after it acts on nothing and throws
 * the same. So no message is ever read from a handle after the write that carries it took effect, and
 * no message written through it lands after its new owner's. A wait that begins in that short
 * interval ends with {@code CANCELLED} rather than throwing.
 */
public interface Handle extends AutoCloseable {
    /**
     * The handle value: never 0. Still returned after the object became invalid (so messages and logs
     * can name it), but then no longer usable.
     */
    int value();

    /** Whether this object still owns a live handle. A snapshot: another thread may close it next. */
    boolean isValid();

    /** The type of the handle; available even after the object became invalid. */
    HandleType type();

    /**
     * The rights the handle carries now.
     *
     * @throws InvalidHandleException if the object is invalid
     */
    Set<Right> rights();

    /**
     * Removes {@code rights} from the handle, for good (rights never grow). Removing a right the handle
     * does not have is allowed.
     *
     * @throws InvalidHandleException if the object is invalid
     */
    void reduceRights(Set<Right> rights);

    /**
     * The signals satisfied now and those still satisfiable. Never blocks.
     *
     * @throws InvalidHandleException if the object is invalid
     */
    SignalsState querySignalsState();

    /**
     * Moves the handle into a new object of the same type (same value) and makes this object invalid.
     * Use it to hand ownership over explicitly.
     *
     * @throws InvalidHandleException if the object is already invalid
     */
    Handle pass();

    /**
     * Closes the handle if this object still owns it; otherwise does nothing. Never fails, never
     * blocks on another thread's user code. Waits on the handle end with {@link MojoResult#CANCELLED},
     * trap triggers on it receive a {@code CANCELLED} event.
     */
    @Override
    void close();
}

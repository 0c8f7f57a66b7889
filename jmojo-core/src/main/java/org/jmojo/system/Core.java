package org.jmojo.system;

import java.io.FileDescriptor;
import java.nio.channels.FileChannel;
import java.util.List;
import org.jmojo.internal.handles.LocalCore;

/**
 * The entry point of the Mojo system API for one node: creates pipes, traps and wait sets, and waits
 * on handles.
 *
 * <p>Thread-safe; every method may be called from any thread, virtual threads included.
 *
 * <h2>Nodes</h2>
 * A process is one Mojo node, and {@link #instance()} is its {@code Core}. Every handle belongs to the
 * node that made it, with its own handle table: a handle of one node given to another node's
 * {@code Core} (waited on there, attached to a message written there, watched by a trap or wait set of
 * that node) is refused with an {@link InvalidHandleException} that names the handle and both nodes.
 * Tests may run several independent nodes in one JVM (the {@code jmojo-testing} module's
 * {@code MultiNodeFixture}); each has a {@code Core} of its own, and helpers such as
 * {@link MessagePipeEndpoint#readAsync} and {@link HandleWatcher} act on the node of the handle they are
 * given.
 *
 * <h2>Waiting</h2>
 * A waiting thread first spins for a bounded time (polling the handle's state, yielding the processor
 * between polls), then parks with {@link java.util.concurrent.locks.LockSupport}
 * and is unparked by the thread that makes its condition true. Parking never pins a virtual thread.
 * The spin time is {@link #waitSpinNanos()}: by default 20 µs, or 0 on a one-CPU machine; set the system
 * property {@value #WAIT_SPIN_NANOS_PROPERTY} (nanoseconds, {@code 0} disables spinning) before first use
 * of this class to change it.
 *
 * <p>Waits are uninterruptible (like {@link java.util.concurrent.locks.Lock#lock()}): an interrupt does
 * not end them, and the thread's interrupt status is still set when they return. Use a deadline, or
 * close the handle (the wait then ends with {@link MojoResult#CANCELLED}), to stop a wait from outside.
 */
public final class Core {
    /** System property holding the spin time of a waiter before it parks, in nanoseconds. */
    public static final String WAIT_SPIN_NANOS_PROPERTY = "org.jmojo.waitSpinNanos";

    /**
     * System property switching the read-token fast path of platform threads waiting on an endpoint whose peer is
     * in another process (docs/concurrency.md, "The read token"): {@code false} turns it off, anything else (or
     * nothing) leaves it on. Read at each wait, so it may be changed while the process runs.
     */
    public static final String READ_TOKEN_PROPERTY = "org.jmojo.readToken";

    static {
        // The one way for the system layer to put a facade on a node it makes (the constructor is
        // private): a function, the same for every node.
        LocalCore.installApi(new LocalCore.Api() {
            @Override
            public Core wrap(LocalCore node) {
                return new Core(node);
            }

            @Override
            public LocalCore unwrap(Core core) {
                return core.impl;
            }
        });
    }

    /** The default node, made on first use (not when this class initialises: other nodes need no default). */
    private static final class DefaultNode {
        static final Core CORE = LocalCore.newNode();
    }

    private final LocalCore impl;

    private Core(LocalCore impl) {
        this.impl = impl;
    }

    /** The process's Core: the system API of the process's node. */
    public static Core instance() {
        return DefaultNode.CORE;
    }

    /**
     * The {@code Core} of the node that owns {@code handle}: {@link #instance()} for a handle made in this process's
     * node, another node's for a handle of a node a test made. For helpers that wait on a handle they were given
     * without being told its node (as {@link HandleWatcher} watches one).
     *
     * @throws InvalidHandleException if {@code handle} is closed, sent or moved away
     */
    public static Core of(Handle handle) {
        return LocalCore.nodeOf(java.util.Objects.requireNonNull(handle, "handle")).core();
    }

    /** Creates a message pipe; the caller owns both endpoints. */
    public MessagePipe createMessagePipe() {
        return impl.createMessagePipe();
    }

    /**
     * Fuses two pipes into one (Chromium's {@code MojoFuseMessagePipes}): given pipes {@code A–first} and
     * {@code second–B}, afterwards {@code A} and {@code B} are the two ends of one pipe, and {@code first}
     * and {@code second} are closed. Nothing is lost or reordered: the messages {@code A} had written that
     * {@code first} had not read are {@code B}'s to read first, in order, then what {@code A} writes next;
     * likewise from {@code B} to {@code A}. A handle that either held in its queue travels on with its
     * message. {@code A} and {@code B} may be on this node or on any others (one here and one elsewhere, both on
     * one other node, or on two): messages already on their way to {@code first} or {@code second} are passed on,
     * in order, and the route then collapses so that {@code A} and {@code B} talk directly.
     *
     * <p>If {@code first}'s peer had already closed, {@code B} receives what that peer wrote, then sees
     * {@code PEER_CLOSED} with the closure's reason, as if it had been that peer's own peer (likewise the
     * other way); a close racing the fuse is seen the same way, after every message. A receive quota set on
     * {@code A} or {@code B} applies to the messages they take over (a {@code HARD} overrun breaks that pipe as a
     * write would); quotas set on {@code first} or {@code second} go with them.
     *
     * <p>Both must be message pipe endpoints of this node, of two different pipes, each with the
     * {@link Right#TRANSFER} right (fusing gives its connection away, as sending it would), neither being
     * attached to a message on another thread, and neither may ever have written a message (its peer
     * numbers what it receives from it). An endpoint that has read messages can be fused only if the other
     * pipe's peer is a plain endpoint on this node (a peer elsewhere numbers what it receives from the first
     * message and cannot be told to start later). When every end is on this node, a race with a write or close
     * on another thread takes effect wholly before or wholly after the fuse; while it runs, both handles are
     * busy ({@code BUSY} to a read, write or attach). After a refusal nothing has changed: both handles are
     * still the caller's, as they were. Differs from Chromium, which closes both handles even when it refuses.
     *
     * <p>Across an isolated link (docs/processes.md, "Isolated links and bridges"): when {@code A}'s route and
     * {@code B}'s are in two different networks of this process (one reaches its peer through a named endpoint's
     * link to another network, the other does not), a merge would make one route across the link, which no route
     * may span; instead, after the same checks, a bridge on this node takes {@code first} and {@code second} over and
     * relays every message between them, in order, with its handles, for the life of the pipe (the handles are
     * closed as after any fuse). What a user sees is the same, but that the route never collapses (each message
     * is relayed once more on this node) and the rule on reading does not apply (nothing is renumbered).
     * The check that the two are not the ends of one pipe sees direct peers only: fusing the two ends of one
     * pipe while proxies stand between them both ways (both ends moved between nodes, their routes not yet
     * collapsed) is not detected; do not do that (what it leaves is not cleaned up).
     *
     * @throws InvalidHandleException if either is invalid, or another node's; its index is 0 or 1
     * @throws MojoException naming the handle and the rule: {@code INVALID_ARGUMENT} if both are the same
     *     handle or the two ends of one pipe; {@code FAILED_PRECONDITION} if one has written a message, or has
     *     read one while the other pipe's peer is not on this node; {@code PERMISSION_DENIED} without
     *     {@code TRANSFER}; {@code BUSY} if one is being attached to a message on another thread
     */
    public void fuseMessagePipes(MessagePipeEndpoint first, MessagePipeEndpoint second) {
        impl.fuseMessagePipes(first, second);
    }

    /**
     * Wraps file descriptor {@code fd} as a {@link PlatformHandle}, taking ownership of it: from now on the handle
     * closes it (see {@link PlatformHandle} for what moves and closes it). The caller must no longer use or close
     * the number. If the call throws, nothing was taken and the descriptor is still the caller's.
     *
     * @throws MojoException {@code INVALID_ARGUMENT} naming {@code fd} and the rule if it is negative, not an
     *     open descriptor ({@code EBADF}: closed, or never opened), or already owned by a platform handle (wrapped
     *     twice)
     */
    public PlatformHandle wrapFileDescriptor(int fd) {
        return impl.wrapFileDescriptor(fd);
    }

    /**
     * Wraps the open file of {@code channel} as a {@link PlatformHandle}, <b>taking</b> the channel: the handle
     * gets its own descriptor for the channel's open file (a duplicate, sharing its offset and status flags) and
     * the channel is then closed, so the handle is the file's only owner here, as with
     * {@link #wrapFileDescriptor(int)}. If the call throws, the channel is untouched and still open.
     *
     * <p>The JDK does not expose a channel's descriptor number without {@code --add-opens}, so jmojo finds it
     * through the kernel: it moves the channel to a random marker offset, looks in {@code /proc/self/fd} for the
     * descriptor at that offset, confirms with a second marker, duplicates it and restores the offset. So the
     * channel must be a seekable file's and no other thread may use it during the call.
     *
     * @throws MojoException {@code INVALID_ARGUMENT} naming the rule if the channel is closed or not seekable (a
     *     pipe's or socket's channel: wrap its descriptor number instead)
     */
    public PlatformHandle wrapFileChannel(FileChannel channel) {
        return impl.wrapFileChannel(channel);
    }

    /**
     * Wraps the open file of {@code descriptor} as a {@link PlatformHandle}, <b>duplicating</b> it: the handle owns
     * a new descriptor for the same open file (sharing its offset and status flags), and {@code descriptor} stays
     * valid and open, still owned by whatever stream or file made it (a {@code FileDescriptor} has no close of its
     * own, so the handle cannot take it). {@link FileDescriptor#in}, {@code out} and {@code err} are duplicated
     * directly; any other descriptor is found as in {@link #wrapFileChannel} and must be a seekable file's.
     *
     * @throws MojoException {@code INVALID_ARGUMENT} naming the rule if {@code descriptor} is invalid or not
     *     seekable
     */
    public PlatformHandle wrapFileDescriptor(FileDescriptor descriptor) {
        return impl.wrapFileDescriptor(descriptor);
    }

    /**
     * Creates a trap with no triggers, disarmed.
     *
     * @param handler receives the trap's events (see {@link TrapHandler} for where it runs)
     */
    public Trap createTrap(TrapHandler handler) {
        return impl.createTrap(handler);
    }

    /** Creates an empty wait set. */
    public WaitSet createWaitSet() {
        return impl.createWaitSet();
    }

    /**
     * Blocks until any of {@code signals} is satisfied on {@code handle}, none can ever be, the handle is
     * closed, or {@code deadline} passes. With {@link Deadline#NONE} it only checks.
     *
     * <p>A handle being attached to a message on another thread can be waited on as any other; the
     * wait ends {@code CANCELLED} once that write succeeds (see {@link Handle}, "A handle in transit").
     *
     * @return {@code OK}, {@code FAILED_PRECONDITION} (at once if unsatisfiable), {@code DEADLINE_EXCEEDED}
     *     or {@code CANCELLED} (closed or sent during the wait), with the signals state that ended the
     *     wait (for {@code OK} it satisfies one of {@code signals}, for {@code FAILED_PRECONDITION} it can
     *     satisfy none, for {@code CANCELLED} it is {@link SignalsState#NONE}; for
     *     {@code DEADLINE_EXCEEDED}, the state when the deadline passed)
     * @throws InvalidHandleException if {@code handle} is invalid when the call starts
     */
    public WaitResult wait(Handle handle, Signals signals, Deadline deadline) {
        return impl.wait(handle, signals, deadline);
    }

    /**
     * Like {@link #wait(Handle, Signals, Deadline)} over several handles: returns as soon as one of them
     * ends the wait, with its index. The state reported for that handle is the one that ended the wait;
     * the others are reported as they are when the call returns.
     *
     * @throws MojoException {@code INVALID_ARGUMENT} if the lists are empty or differ in size
     * @throws InvalidHandleException if a handle is invalid when the call starts; its
     *     {@link InvalidHandleException#index()} is the position of the first such handle
     */
    public WaitManyResult waitMany(List<? extends Handle> handles, List<Signals> signals, Deadline deadline) {
        return impl.waitMany(handles, signals, deadline);
    }

    /** How long a waiter spins before parking, in nanoseconds (see the class documentation). */
    public long waitSpinNanos() {
        return impl.waitSpinNanos();
    }

    /** {@code Core[node:…]}, naming this Core's node as error messages do. */
    @Override
    public String toString() {
        return "Core[" + impl.name() + "]";
    }
}

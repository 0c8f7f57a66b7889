package org.jmojo.bindings;

import java.util.Objects;
import org.jmojo.bindings.internal.router.Connection;

/**
 * What the two pending associated ends, {@link PendingAssociatedRemote} and
 * {@link PendingAssociatedReceiver}, have in common: the interface, the interface ID on the carrying
 * pipe, and the end's token on that pipe (null for a value built by hand), which holds the ID there
 * until the end is bound, sent or closed, or a cleaner closes it once the end is unreachable.
 * Package-private: the public types are the two subclasses. Thread-safe (immutable; the pipe's state
 * is the connection's).
 *
 * @param <I> the generated interface type
 */
abstract class PendingAssociatedEnd<I> implements AutoCloseable {

    private final InterfaceDescriptor<I> descriptor;
    private final int interfaceId;
    /** This end's token on the pipe it belongs to; null for a value built by hand. */
    private final Connection.End end;

    static {
        Connection.installEndAccess(o -> o instanceof PendingAssociatedEnd<?> e ? e.end : null);
    }

    /**
     * An end for {@code interfaceId}: it belongs to the pipe of the message being decoded on this
     * thread if that message announces the ID, else to no pipe.
     */
    PendingAssociatedEnd(InterfaceDescriptor<I> descriptor, int interfaceId) {
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        this.interfaceId = interfaceId;
        this.end = Connection.claimDecoded(interfaceId, this);
    }

    /** An end of a pair just minted; {@code end} is its token. */
    PendingAssociatedEnd(InterfaceDescriptor<I> descriptor, Connection.End end) {
        this.descriptor = descriptor;
        this.interfaceId = end.id();
        this.end = end;
        Connection.closeWhenUnreachable(this, end);
    }

    /** This end's token, null if it belongs to no pipe. */
    final Connection.End end() {
        return end;
    }

    /** The pipe this end belongs to, null if none. */
    final Connection connection() {
        return end == null ? null : end.connection();
    }

    /** Whether this end belongs to a pipe and still holds its interface ID there (not bound, sent or closed). A snapshot. */
    public final boolean isPending() {
        return end != null && end.connection().isPending(end);
    }

    /**
     * Closes this end if it belongs to a pipe and is neither bound nor sent: the peer learns that the
     * interface is closed. Never fails; idempotent.
     */
    @Override
    public final void close() {
        if (end != null) {
            end.connection().closeEnd(end);
        }
    }

    /** The interface. */
    public final InterfaceDescriptor<I> descriptor() {
        return descriptor;
    }

    /** The interface ID on the carrying pipe (a uint32 on the wire). */
    public final int interfaceId() {
        return interfaceId;
    }

    /** Whether {@code that} is of the same class, for the same interface and ID. */
    final boolean sameEnd(PendingAssociatedEnd<?> that) {
        return getClass() == that.getClass() && descriptor == that.descriptor && interfaceId == that.interfaceId;
    }
}

package org.jmojo.bindings;

import java.util.Objects;
import org.jmojo.bindings.internal.router.Connection;

/**
 * The implementation end of an associated interface that is not bound yet: the Java type of a Mojom
 * {@code pending_associated_receiver<I>} (older syntax: {@code associated I&}). On the wire it is an
 * index into the carrying message's interface-ID array (docs/wire-format.md §10).
 *
 * <p>Where one comes from and who owns it: as {@link PendingAssociatedRemote}; bind it with
 * {@link Receiver#bind(PendingAssociatedReceiver, Object)}. Thread-safe; equal when descriptor and
 * interface ID are.
 *
 * @param <I> the generated interface type
 */
public final class PendingAssociatedReceiver<I> implements AutoCloseable {

    private final InterfaceDescriptor<I> descriptor;
    private final int interfaceId;

    /** This end's token on the pipe it belongs to; null for a value built by hand. */
    private final Connection.End end;

    static {
        Connection.installEndAccess(AssociatedEnds::tokenOf);
    }

    /**
     * An associated receiver for {@code descriptor}'s interface with ID {@code interfaceId} on the
     * carrying pipe. Generated decoders call this while the bindings decode a received message: the
     * end then belongs to that message's pipe.
     */
    public PendingAssociatedReceiver(InterfaceDescriptor<I> descriptor, int interfaceId) {
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        this.interfaceId = interfaceId;
        this.end = Connection.claimDecoded(interfaceId, this);
    }

    /** The receiver end of a pair just minted; {@code end} is its token. */
    PendingAssociatedReceiver(InterfaceDescriptor<I> descriptor, Connection.End end) {
        this.descriptor = descriptor;
        this.interfaceId = end.id();
        this.end = end;
        Connection.closeWhenUnreachable(this, end);
    }

    /** This end's token, null if it belongs to no pipe. */
    Connection.End end() {
        return end;
    }

    /** The pipe this end belongs to, null if none. */
    Connection connection() {
        return end == null ? null : end.connection();
    }

    /** Whether this end belongs to a pipe and still holds its interface ID there (not bound, sent or closed). A snapshot. */
    public boolean isPending() {
        return end != null && end.connection().isPending(end);
    }

    /**
     * Closes this end if it belongs to a pipe and is neither bound nor sent: the peer learns that the
     * interface is closed. Never fails; idempotent.
     */
    @Override
    public void close() {
        if (end != null) {
            end.connection().closeEnd(end);
        }
    }

    /** The interface. */
    public InterfaceDescriptor<I> descriptor() {
        return descriptor;
    }

    /** The interface ID on the carrying pipe (a uint32 on the wire). */
    public int interfaceId() {
        return interfaceId;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PendingAssociatedReceiver<?> that && descriptor == that.descriptor
                && interfaceId == that.interfaceId;
    }

    @Override
    public int hashCode() {
        return Objects.hash(descriptor.name(), interfaceId);
    }

    @Override
    public String toString() {
        return "PendingAssociatedReceiver<" + descriptor + ">(interface ID " + Integer.toUnsignedString(interfaceId)
                + ")";
    }
}

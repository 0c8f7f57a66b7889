package org.jmojo.bindings;

import java.util.Objects;
import org.jmojo.bindings.internal.router.Connection;

/**
 * The client end of an associated interface that is not bound yet: the Java type of a Mojom
 * {@code pending_associated_remote<I>} (older syntax: {@code associated I}). An associated interface
 * shares the message pipe of the interface whose message carries it; on the wire it is an index into
 * that message's interface-ID array (docs/wire-format.md §10) plus the version.
 *
 * <p><b>Where one comes from.</b> {@link Remote#newAssociatedPair} or {@link Receiver#newAssociatedPair}
 * makes a pair of ends on that binding's pipe: send one end in a message on that pipe, bind the other
 * here ({@link Remote#bind(PendingAssociatedRemote)}). A pending associated remote decoded from a
 * message received on a pipe belongs to that pipe and can be bound. One built with the public
 * constructor belongs to no pipe: it is a value (for codecs and tests) that cannot be bound or sent.
 *
 * <p><b>Ownership.</b> An end that belongs to a pipe holds its interface ID there until it is bound,
 * sent, or {@link #close() closed}; if it becomes unreachable first, a cleaner closes it, so a dropped
 * end never holds up the pipe. Its peer then learns that the interface is closed.
 *
 * <p>Thread-safe; equal when descriptor, interface ID and version are.
 *
 * @param <I> the generated interface type
 */
public final class PendingAssociatedRemote<I> implements AutoCloseable {

    private final InterfaceDescriptor<I> descriptor;
    private final int interfaceId;
    private final int version;
    /** This end's token on the pipe it belongs to; null for a value built by hand. */
    private final Connection.End end;

    static {
        Connection.installEndAccess(AssociatedEnds::tokenOf);
    }

    /**
     * An associated remote for {@code descriptor}'s interface with ID {@code interfaceId} on the
     * carrying pipe, whose other end implements {@code version}. Generated decoders call this while
     * the bindings decode a received message: the end then belongs to that message's pipe.
     *
     * @throws IllegalArgumentException if {@code version} is negative
     */
    public PendingAssociatedRemote(InterfaceDescriptor<I> descriptor, int interfaceId, int version) {
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        if (version < 0) {
            throw new IllegalArgumentException("version < 0: " + version);
        }
        this.interfaceId = interfaceId;
        this.version = version;
        this.end = Connection.claimDecoded(interfaceId, this);
    }

    /** The remote end of a pair just minted; {@code end} is its token. */
    PendingAssociatedRemote(InterfaceDescriptor<I> descriptor, int version, Connection.End end) {
        this.descriptor = descriptor;
        this.interfaceId = end.id();
        this.version = version;
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

    /** The version of the interface the other end implements, as far as the sender knew. */
    public int version() {
        return version;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PendingAssociatedRemote<?> that && descriptor == that.descriptor
                && interfaceId == that.interfaceId && version == that.version;
    }

    @Override
    public int hashCode() {
        return Objects.hash(descriptor.name(), interfaceId, version);
    }

    @Override
    public String toString() {
        return "PendingAssociatedRemote<" + descriptor + ">(interface ID " + Integer.toUnsignedString(interfaceId)
                + ", version " + version + ")";
    }
}

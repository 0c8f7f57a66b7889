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
public final class PendingAssociatedRemote<I> extends PendingAssociatedEnd<I> {

    private final int version;

    /**
     * An associated remote for {@code descriptor}'s interface with ID {@code interfaceId} on the
     * carrying pipe, whose other end implements {@code version}. Generated decoders call this while
     * the bindings decode a received message: the end then belongs to that message's pipe.
     *
     * @throws IllegalArgumentException if {@code version} is negative
     */
    public PendingAssociatedRemote(InterfaceDescriptor<I> descriptor, int interfaceId, int version) {
        Objects.requireNonNull(descriptor, "descriptor");
        if (version < 0) {
            throw new IllegalArgumentException("version < 0: " + version);
        }
        super(descriptor, interfaceId);
        this.version = version;
    }

    /** The remote end of a pair just minted; {@code end} is its token. */
    PendingAssociatedRemote(InterfaceDescriptor<I> descriptor, int version, Connection.End end) {
        super(descriptor, end);
        this.version = version;
    }

    /** The version of the interface the other end implements, as far as the sender knew. */
    public int version() {
        return version;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PendingAssociatedRemote<?> that && sameEnd(that) && version == that.version;
    }

    @Override
    public int hashCode() {
        return Objects.hash(descriptor().name(), interfaceId(), version);
    }

    @Override
    public String toString() {
        return "PendingAssociatedRemote<" + descriptor() + ">(interface ID " + Integer.toUnsignedString(interfaceId())
                + ", version " + version + ")";
    }
}

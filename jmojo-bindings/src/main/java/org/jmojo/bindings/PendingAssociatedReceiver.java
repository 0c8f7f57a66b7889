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
public final class PendingAssociatedReceiver<I> extends PendingAssociatedEnd<I> {

    /**
     * An associated receiver for {@code descriptor}'s interface with ID {@code interfaceId} on the
     * carrying pipe. Generated decoders call this while the bindings decode a received message: the
     * end then belongs to that message's pipe.
     */
    public PendingAssociatedReceiver(InterfaceDescriptor<I> descriptor, int interfaceId) {
        super(descriptor, interfaceId);
    }

    /** The receiver end of a pair just minted; {@code end} is its token. */
    PendingAssociatedReceiver(InterfaceDescriptor<I> descriptor, Connection.End end) {
        super(descriptor, end);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PendingAssociatedReceiver<?> that && sameEnd(that);
    }

    @Override
    public int hashCode() {
        return Objects.hash(descriptor().name(), interfaceId());
    }

    @Override
    public String toString() {
        return "PendingAssociatedReceiver<" + descriptor() + ">(interface ID " + Integer.toUnsignedString(interfaceId())
                + ")";
    }
}

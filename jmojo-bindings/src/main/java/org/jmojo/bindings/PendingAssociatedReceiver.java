package org.jmojo.bindings;

import java.util.Objects;

/**
 * The implementation end of an associated interface that is not bound yet: the Java type of a Mojom
 * {@code pending_associated_receiver<I>} (older syntax: {@code associated I&}). On the wire it is an
 * index into the carrying message's interface-ID array (docs/wire-format.md §10).
 *
 * <p>Until the bindings multiplex associated interfaces, this value names the interface ID it
 * arrived with (or is to be sent with) and owns nothing. Immutable and thread-safe; equal when
 * descriptor and interface ID are.
 *
 * @param <I> the generated interface type
 */
public final class PendingAssociatedReceiver<I> {

    private final InterfaceDescriptor<I> descriptor;
    private final int interfaceId;

    /** An associated receiver for {@code descriptor}'s interface with ID {@code interfaceId} on the carrying pipe. */
    public PendingAssociatedReceiver(InterfaceDescriptor<I> descriptor, int interfaceId) {
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        this.interfaceId = interfaceId;
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

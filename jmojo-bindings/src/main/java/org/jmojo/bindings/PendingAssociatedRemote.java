package org.jmojo.bindings;

import java.util.Objects;

/**
 * The client end of an associated interface that is not bound yet: the Java type of a Mojom
 * {@code pending_associated_remote<I>} (older syntax: {@code associated I}). An associated interface
 * shares the message pipe of the interface whose message carries it; on the wire it is an index into
 * that message's interface-ID array (docs/wire-format.md §10) plus the version.
 *
 * <p>Until the bindings multiplex associated interfaces, this value names the interface ID it
 * arrived with (or is to be sent with) and owns nothing: it has nothing to close. Immutable and
 * thread-safe; equal when descriptor, interface ID and version are.
 *
 * @param <I> the generated interface type
 */
public final class PendingAssociatedRemote<I> {

    private final InterfaceDescriptor<I> descriptor;
    private final int interfaceId;
    private final int version;

    /**
     * An associated remote for {@code descriptor}'s interface with ID {@code interfaceId} on the
     * carrying pipe, whose other end implements {@code version}.
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

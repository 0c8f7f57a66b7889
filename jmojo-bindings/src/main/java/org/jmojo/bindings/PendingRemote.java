package org.jmojo.bindings;

import java.util.Objects;
import org.jmojo.system.MessagePipeEndpoint;

/**
 * The client end of an interface that is not bound yet: a message pipe endpoint, the interface the
 * other end implements ({@link #descriptor()}) and the version of it that the other end implements
 * ({@link #version()}). It is the Java type of a Mojom {@code pending_remote<I>} (older syntax:
 * {@code I}) and travels in messages; a {@code Remote} will bind it to make calls.
 *
 * <p>Ownership and threads as {@link PendingEndpoint}: it owns its endpoint until {@link #close()},
 * {@link #passEndpoint()} or a successful write of a message that carries it.
 *
 * <p>Two pending remotes are equal when they hold equal endpoints for the same interface and
 * version.
 *
 * @param <I> the generated interface type
 */
public final class PendingRemote<I> extends PendingEndpoint<I> {

    private final int version;

    /**
     * A pending remote over {@code endpoint}, whose peer implements version {@code version} of
     * {@code descriptor}'s interface. It takes the endpoint over.
     *
     * @throws IllegalArgumentException if {@code version} is negative
     */
    public PendingRemote(InterfaceDescriptor<I> descriptor, MessagePipeEndpoint endpoint, int version) {
        super(descriptor, endpoint);
        if (version < 0) {
            throw new IllegalArgumentException("version < 0: " + version);
        }
        this.version = version;
    }

    /** {@link #PendingRemote(InterfaceDescriptor, MessagePipeEndpoint, int)} with version 0. */
    public PendingRemote(InterfaceDescriptor<I> descriptor, MessagePipeEndpoint endpoint) {
        this(descriptor, endpoint, 0);
    }

    /** The version of the interface the other end implements, as far as the sender knew (0 if unknown). */
    public int version() {
        return version;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PendingRemote<?> that && sameEndpoint(that) && version == that.version;
    }

    @Override
    public int hashCode() {
        return Objects.hash(descriptor().name(), endpoint(), version);
    }

    @Override
    public String toString() {
        return "PendingRemote<" + descriptor() + ">(" + endpoint() + ", version " + version + ")";
    }
}

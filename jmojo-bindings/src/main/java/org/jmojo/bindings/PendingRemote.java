package org.jmojo.bindings;

import java.util.Objects;
import org.jmojo.system.InvalidHandleException;
import org.jmojo.system.MessagePipeEndpoint;

/**
 * The client end of an interface that is not bound yet: a message pipe endpoint, the interface the
 * other end implements ({@link #descriptor()}) and the version of it that the other end implements
 * ({@link #version()}). It is the Java type of a Mojom {@code pending_remote<I>} (older syntax:
 * {@code I}) and travels in messages; a {@code Remote} will bind it to make calls.
 *
 * <p><b>Ownership.</b> A pending remote owns its endpoint as a {@link org.jmojo.system.Handle} owns
 * its handle, until one of: {@link #close()}; {@link #passEndpoint()}, which moves the endpoint out;
 * or a successful write of a message that carries it (a struct's {@code serialize()} only records
 * the endpoint; writing the resulting message moves it). After any of these it is invalid
 * ({@link #isValid()} false); {@link #close()} stays allowed and does nothing.
 *
 * <p><b>Threads.</b> Immutable apart from the endpoint's own state; every method may be called from
 * any thread, with the endpoint's thread-safety (see {@link MessagePipeEndpoint}).
 *
 * <p>Two pending remotes are equal when they hold equal endpoints for the same interface and
 * version.
 *
 * @param <I> the generated interface type
 */
public final class PendingRemote<I> implements AutoCloseable {

    private final InterfaceDescriptor<I> descriptor;
    private final MessagePipeEndpoint endpoint;
    private final int version;

    /**
     * A pending remote over {@code endpoint}, whose peer implements version {@code version} of
     * {@code descriptor}'s interface. It takes the endpoint over.
     *
     * @throws IllegalArgumentException if {@code version} is negative
     */
    public PendingRemote(InterfaceDescriptor<I> descriptor, MessagePipeEndpoint endpoint, int version) {
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        if (version < 0) {
            throw new IllegalArgumentException("version < 0: " + version);
        }
        this.version = version;
    }

    /** {@link #PendingRemote(InterfaceDescriptor, MessagePipeEndpoint, int)} with version 0. */
    public PendingRemote(InterfaceDescriptor<I> descriptor, MessagePipeEndpoint endpoint) {
        this(descriptor, endpoint, 0);
    }

    /** The interface. */
    public InterfaceDescriptor<I> descriptor() {
        return descriptor;
    }

    /** The version of the interface the other end implements, as far as the sender knew (0 if unknown). */
    public int version() {
        return version;
    }

    /** The endpoint, still owned by this pending remote. */
    public MessagePipeEndpoint endpoint() {
        return endpoint;
    }

    /** Whether this pending remote still owns a live endpoint. A snapshot, as {@link MessagePipeEndpoint#isValid()}. */
    public boolean isValid() {
        return endpoint.isValid();
    }

    /**
     * Moves the endpoint out (into a new object, see {@link MessagePipeEndpoint#pass()}); this
     * pending remote is then invalid.
     *
     * @throws InvalidHandleException if it is already invalid
     */
    public MessagePipeEndpoint passEndpoint() {
        return endpoint.pass();
    }

    /** Closes the endpoint if this pending remote still owns it. Never fails; idempotent. */
    @Override
    public void close() {
        endpoint.close();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PendingRemote<?> that && descriptor == that.descriptor
                && endpoint.equals(that.endpoint) && version == that.version;
    }

    @Override
    public int hashCode() {
        return Objects.hash(descriptor.name(), endpoint, version);
    }

    @Override
    public String toString() {
        return "PendingRemote<" + descriptor + ">(" + endpoint + ", version " + version + ")";
    }
}

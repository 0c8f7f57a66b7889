package org.jmojo.bindings;

import java.util.Objects;
import org.jmojo.system.InvalidHandleException;
import org.jmojo.system.MessagePipeEndpoint;

/**
 * The implementation end of an interface that is not bound yet: a message pipe endpoint and the
 * interface that requests on it will call ({@link #descriptor()}). It is the Java type of a Mojom
 * {@code pending_receiver<I>} (older syntax: {@code I&}) and travels in messages; a {@code Receiver}
 * will bind it to an implementation.
 *
 * <p><b>Ownership and threads</b> as {@link PendingRemote}: it owns its endpoint until
 * {@link #close()}, {@link #passEndpoint()} or a successful write of a message that carries it.
 *
 * <p>Two pending receivers are equal when they hold equal endpoints for the same interface.
 *
 * @param <I> the generated interface type
 */
public final class PendingReceiver<I> implements AutoCloseable {

    private final InterfaceDescriptor<I> descriptor;
    private final MessagePipeEndpoint endpoint;

    /** A pending receiver over {@code endpoint} for {@code descriptor}'s interface; it takes the endpoint over. */
    public PendingReceiver(InterfaceDescriptor<I> descriptor, MessagePipeEndpoint endpoint) {
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    /** The interface. */
    public InterfaceDescriptor<I> descriptor() {
        return descriptor;
    }

    /** The endpoint, still owned by this pending receiver. */
    public MessagePipeEndpoint endpoint() {
        return endpoint;
    }

    /** Whether this pending receiver still owns a live endpoint. A snapshot. */
    public boolean isValid() {
        return endpoint.isValid();
    }

    /**
     * Moves the endpoint out (into a new object); this pending receiver is then invalid.
     *
     * @throws InvalidHandleException if it is already invalid
     */
    public MessagePipeEndpoint passEndpoint() {
        return endpoint.pass();
    }

    /** Closes the endpoint if this pending receiver still owns it. Never fails; idempotent. */
    @Override
    public void close() {
        endpoint.close();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PendingReceiver<?> that && descriptor == that.descriptor
                && endpoint.equals(that.endpoint);
    }

    @Override
    public int hashCode() {
        return Objects.hash(descriptor.name(), endpoint);
    }

    @Override
    public String toString() {
        return "PendingReceiver<" + descriptor + ">(" + endpoint + ")";
    }
}

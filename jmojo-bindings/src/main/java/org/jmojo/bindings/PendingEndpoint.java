package org.jmojo.bindings;

import java.util.Objects;
import org.jmojo.system.InvalidHandleException;
import org.jmojo.system.MessagePipeEndpoint;

/**
 * What a {@link PendingRemote} and a {@link PendingReceiver} have in common: an interface that is
 * not bound yet, as a message pipe endpoint and the interface it speaks ({@link #descriptor()}).
 *
 * <p><b>Ownership.</b> A pending endpoint owns its endpoint as a {@link org.jmojo.system.Handle}
 * owns its handle, until one of: {@link #close()}; {@link #passEndpoint()}, which moves the endpoint
 * out (a {@code Remote} or {@code Receiver} binds that); or a successful write of a message that
 * carries it (a struct's {@code serialize()} only records the endpoint; writing the resulting message
 * moves it). After any of these it is invalid ({@link #isValid()} false); {@link #close()} stays
 * allowed and does nothing.
 *
 * <p><b>Threads.</b> Immutable apart from the endpoint's own state; every method may be called from
 * any thread, with the endpoint's thread-safety (see {@link MessagePipeEndpoint}).
 *
 * @param <I> the generated interface type
 */
public abstract sealed class PendingEndpoint<I> implements AutoCloseable permits PendingRemote, PendingReceiver {

    private final InterfaceDescriptor<I> descriptor;
    private final MessagePipeEndpoint endpoint;

    PendingEndpoint(InterfaceDescriptor<I> descriptor, MessagePipeEndpoint endpoint) {
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    /** The interface. */
    public final InterfaceDescriptor<I> descriptor() {
        return descriptor;
    }

    /** The endpoint, still owned by this pending endpoint. */
    public final MessagePipeEndpoint endpoint() {
        return endpoint;
    }

    /** Whether this still owns a live endpoint. A snapshot, as {@link MessagePipeEndpoint#isValid()}. */
    public final boolean isValid() {
        return endpoint.isValid();
    }

    /**
     * Moves the endpoint out (into a new object, see {@link MessagePipeEndpoint#pass()}); this
     * pending endpoint is then invalid.
     *
     * @throws InvalidHandleException if it is already invalid
     */
    public final MessagePipeEndpoint passEndpoint() {
        return endpoint.pass();
    }

    /** Closes the endpoint if this still owns it. Never fails; idempotent. */
    @Override
    public final void close() {
        endpoint.close();
    }

    /** Whether {@code that} is of the same class, for the same interface, over an equal endpoint. */
    final boolean sameEndpoint(PendingEndpoint<?> that) {
        return getClass() == that.getClass() && descriptor == that.descriptor && endpoint.equals(that.endpoint);
    }
}

package org.jmojo.bindings;

import java.util.Objects;
import org.jmojo.system.MessagePipeEndpoint;

/**
 * The implementation end of an interface that is not bound yet: a message pipe endpoint and the
 * interface that requests on it will call ({@link #descriptor()}). It is the Java type of a Mojom
 * {@code pending_receiver<I>} (older syntax: {@code I&}) and travels in messages; a {@code Receiver}
 * will bind it to an implementation.
 *
 * <p>Ownership and threads as {@link PendingEndpoint}: it owns its endpoint until {@link #close()},
 * {@link #passEndpoint()} or a successful write of a message that carries it.
 *
 * <p>Two pending receivers are equal when they hold equal endpoints for the same interface.
 *
 * @param <I> the generated interface type
 */
public final class PendingReceiver<I> extends PendingEndpoint<I> {

    /** A pending receiver over {@code endpoint} for {@code descriptor}'s interface; it takes the endpoint over. */
    public PendingReceiver(InterfaceDescriptor<I> descriptor, MessagePipeEndpoint endpoint) {
        super(descriptor, endpoint);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PendingReceiver<?> that && sameEndpoint(that);
    }

    @Override
    public int hashCode() {
        return Objects.hash(descriptor().name(), endpoint());
    }

    @Override
    public String toString() {
        return "PendingReceiver<" + descriptor() + ">(" + endpoint() + ")";
    }
}

package org.jmojo.bindings;

import java.util.Objects;
import org.jmojo.bindings.internal.router.Connection;

/**
 * The two ends of a new associated interface on the pipe of a {@link Remote} or {@link Receiver}
 * ({@link Remote#newAssociatedPair}, {@link Receiver#newAssociatedPair}): send one end in a message
 * on that pipe and bind the other on this side. Messages on the interface then travel on the same
 * pipe as the primary interface, in one order with it.
 *
 * <p>The end bound here may be bound before the other end is sent: what it writes waits, and follows
 * the message that carries the other end. Sending an end on another pipe, sending both ends, or
 * binding both ends here is refused ({@link IllegalArgumentException}, {@link IllegalStateException}).
 *
 * @param remote the client end
 * @param receiver the implementation end
 * @param <I> the generated interface
 */
public record AssociatedPair<I>(PendingAssociatedRemote<I> remote, PendingAssociatedReceiver<I> receiver) {

    public AssociatedPair {
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(receiver, "receiver");
    }

    /** A pair minted on {@code connection} for {@code descriptor}'s interface. */
    static <I> AssociatedPair<I> mint(Connection connection, InterfaceDescriptor<I> descriptor) {
        Objects.requireNonNull(descriptor, "descriptor");
        Connection.End[] ends = connection.mint();
        return new AssociatedPair<>(new PendingAssociatedRemote<>(descriptor, descriptor.version(), ends[0]),
                new PendingAssociatedReceiver<>(descriptor, ends[1]));
    }
}

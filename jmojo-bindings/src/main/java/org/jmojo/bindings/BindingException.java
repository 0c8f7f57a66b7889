package org.jmojo.bindings;

import java.util.Objects;
import java.util.Optional;

/**
 * A call through a {@link Remote} that did not get its response: the future of the call fails with
 * this exception (a blocking {@code [Sync]} call throws it). {@link #failure()} says why; a
 * disconnection carries its {@link DisconnectReason}.
 */
public final class BindingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the call failed. */
    public enum Failure {
        /** The pipe closed (either side) before the response arrived; see {@link #disconnectReason()}. */
        DISCONNECTED,
        /** The call's deadline passed; the implementation was told to cancel. */
        DEADLINE_EXCEEDED,
        /** A blocking {@code [Sync]} call waited longer than the remote's sync-call timeout. */
        SYNC_TIMEOUT,
        /** The remote had its maximum of requests in flight and was set to fail fast. */
        TOO_MANY_IN_FLIGHT,
        /** The remote was closed by its owner before the response arrived. */
        CLOSED
    }

    private final Failure failure;
    private final transient DisconnectReason reason;

    /** A failure; {@code reason} only for {@link Failure#DISCONNECTED}, else null. */
    public BindingException(Failure failure, String message, DisconnectReason reason) {
        super(message);
        this.failure = Objects.requireNonNull(failure, "failure");
        this.reason = reason;
    }

    /** Why the call failed. */
    public Failure failure() {
        return failure;
    }

    /** The reason of a {@link Failure#DISCONNECTED} failure. */
    public Optional<DisconnectReason> disconnectReason() {
        return Optional.ofNullable(reason);
    }
}

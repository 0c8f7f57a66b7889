package org.jmojo.system;

import java.util.Objects;

/**
 * The outcome of {@link MessagePipeEndpoint#readMessage()}.
 *
 * <ul>
 *   <li>{@link MojoResult#OK}: {@link #message()} is the next message, now owned by the caller.
 *   <li>{@link MojoResult#SHOULD_WAIT}: the queue is empty and the peer may still write; wait for
 *       {@link Signals#READABLE} (or {@link Signals#PEER_CLOSED}) and read again.
 *   <li>{@link MojoResult#FAILED_PRECONDITION}: the queue is empty and the peer is closed with
 *       everything it sent already read; nothing will ever arrive. Close the endpoint.
 * </ul>
 *
 * @param result one of the three codes above
 * @param message the message when {@code result} is OK, otherwise {@code null}
 */
public record ReadResult(MojoResult result, Message message) {
    /**
     * @throws MojoException {@code INVALID_ARGUMENT} unless {@code message} is present exactly when
     *     {@code result} is OK
     */
    public ReadResult {
        Objects.requireNonNull(result, "result");
        if ((result == MojoResult.OK) != (message != null)) {
            throw new MojoException(MojoResult.INVALID_ARGUMENT, "result=" + result + ", message="
                    + (message == null ? "null" : "present") + ": a message is present exactly when the result is OK");
        }
    }

    /** Whether a message was read. */
    public boolean isOk() {
        return result == MojoResult.OK;
    }
}

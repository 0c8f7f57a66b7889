package org.jmojo.internal.ports;

/**
 * The outcome of {@link Node#getMessage}.
 *
 * @param status what happened
 * @param message the message, only for {@link Status#OK}; the caller now owns it and its ports
 */
public record ReadOutcome(Status status, UserMessage message) {
    /** What happened. */
    public enum Status {
        /** A message was taken. */
        OK,
        /** Nothing readable yet; the peer may still send. */
        EMPTY,
        /** Nothing readable and nothing ever will be: the peer closed and everything was read. */
        PEER_CLOSED,
        /** The port is closed or unknown. */
        UNKNOWN_PORT,
        /** The caller is not the port's owner (it was sent); nothing was taken. */
        NOT_OWNER
    }

    static final ReadOutcome EMPTY = new ReadOutcome(Status.EMPTY, null);
    static final ReadOutcome PEER_CLOSED = new ReadOutcome(Status.PEER_CLOSED, null);
    static final ReadOutcome UNKNOWN_PORT = new ReadOutcome(Status.UNKNOWN_PORT, null);
    static final ReadOutcome NOT_OWNER = new ReadOutcome(Status.NOT_OWNER, null);
}

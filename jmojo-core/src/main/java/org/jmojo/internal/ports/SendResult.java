package org.jmojo.internal.ports;

/** The outcome of {@link Node#sendUserMessage}. */
public enum SendResult {
    /** Sent (or, if the peer had just closed unseen, dropped with its ports closed, as Mojo does). */
    OK,
    /** The sending port's PEER_CLOSED rule holds; nothing was sent. */
    PEER_CLOSED,
    /** The message carries the sending port itself; nothing was sent. */
    CANNOT_SEND_SELF,
    /** The message carries the sending port's own peer; nothing was sent. */
    CANNOT_SEND_PEER,
    /** The sending port or a carried one is closed or unknown; nothing was sent. */
    UNKNOWN_PORT,
    /**
     * The local receiving port's hard quota refused the message: nothing was queued, the carried ports
     * are untouched, and the receiving port broke (reason 1).
     */
    REFUSED_BY_QUOTA
}

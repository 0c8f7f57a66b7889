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
    /** The sending port is closed or unknown; nothing was sent. */
    UNKNOWN_PORT,
    /** The caller is not the sending port's owner (the port was sent); nothing was sent. */
    NOT_OWNER,
    /**
     * A carried port is closed; nothing was sent. The system layer never asks for this (a handle being
     * attached cannot close until its write decides), so it reports a broken invariant.
     */
    CARRIED_PORT_CLOSED,
    /**
     * The local receiving port's hard quota refused the message: nothing was queued, the carried ports
     * are untouched, and the receiving port broke (reason 1).
     */
    REFUSED_BY_QUOTA
}

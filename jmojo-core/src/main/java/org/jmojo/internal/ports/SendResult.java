package org.jmojo.internal.ports;

/** The outcome of {@link Node#sendUserMessage}. */
public enum SendResult {
    /**
     * Sent: processed by a local peer that was next to take it, or handed on as an event (to a remote peer, or
     * a local one that expects another sender or event first; if the peer has just closed unseen it drops the
     * message with its ports closed, and the closure reaches the sender as PEER_CLOSED: a message after OK is
     * delivered or its pipe is reported broken).
     */
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

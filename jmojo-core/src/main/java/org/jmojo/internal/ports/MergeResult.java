package org.jmojo.internal.ports;

/** The outcome of {@link Node#mergeLocalPorts}; on anything but {@link #OK} nothing changed. */
public enum MergeResult {
    /** Merged: the two peers are each other's peer, the two ports are erased. */
    OK,
    /** A caller is not its port's owner (the port was sent); nothing changed. */
    NOT_OWNER,
    /** A port is closed or not receiving; nothing changed. */
    UNKNOWN_PORT,
    /** The two ports are each other's peer (the two ends of one pipe); nothing changed. */
    SAME_PIPE,
    /** The first port has sent a user message; nothing changed. */
    FIRST_HAS_SENT,
    /** The second port has sent a user message; nothing changed. */
    SECOND_HAS_SENT,
    /**
     * The first port's peer is on another node and open: merging it needs a proxy (docs/architecture.md §3,
     * merging), not built yet; nothing changed.
     */
    FIRST_PEER_REMOTE,
    /** As {@link #FIRST_PEER_REMOTE}, for the second port. */
    SECOND_PEER_REMOTE
}

package org.jmojo.internal.ports;

/**
 * The outcome of {@link Node#mergeLocalPorts} and {@link Node#mergeWithRemotePort}; on anything but {@link #OK}
 * nothing changed.
 */
public enum MergeResult {
    /**
     * Merged: the two peers become each other's peer. The merged ports are erased at once when everything was on
     * this node, or proxy what is still on its way until their routes collapse (docs/ports.md, "Merging").
     */
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
     * The first port has read messages, and the second port's peer, which would receive what is left of them and
     * everything after them, is not a receiving port of this node: it numbers what it receives from 1 and nothing
     * can tell it to start later (docs/ports.md, "Merging"), or it is one but expects a merge-port, which renumbering
     * would make fail; nothing changed.
     */
    FIRST_HAS_READ,
    /** As {@link #FIRST_HAS_READ}, for the second port (its messages would go to the first port's peer). */
    SECOND_HAS_READ,
    /**
     * The two ports' routes are in two different networks (docs/processes.md, "Isolated links and bridges"): a merge
     * would make one route across an isolated link, which no route may span; nothing changed. Returned only by
     * {@link Node#mergeLocalPorts}, after every other check, so the caller may join the two with
     * {@link Node#bridgePorts} instead.
     */
    ACROSS_NETWORKS
}

package org.jmojo.internal.node;

import org.jmojo.internal.ports.NodeName;

/**
 * Where a node puts the encoded events it sends to other nodes: a channel per peer node, in time a socket
 * (DESIGN.md §4), today the in-memory links of {@code org.jmojo.internal.multinode.SimulatedNetwork}.
 *
 * <p>Called from the ports layer's delivery loop with no jmojo lock held, from any thread; implementations
 * are thread-safe and must not call back into the sending node from inside {@link #send} (delivery happens
 * later, from whoever drives the receiving side).
 */
@FunctionalInterface
public interface EventTransport {
    /**
     * Queues one encoded event (docs/ports-wire.md: the 48-byte header and its body) from node {@code from}
     * for node {@code to}. The array is the transport's from here on.
     */
    void send(NodeName from, NodeName to, byte[] event);
}

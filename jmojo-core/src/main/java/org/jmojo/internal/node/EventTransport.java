package org.jmojo.internal.node;

import org.jmojo.internal.ports.NodeName;

/**
 * Where a node puts the encoded events it sends to other nodes: a channel per peer node, in time a socket
 * (DESIGN.md §4), today the in-memory links of {@code org.jmojo.internal.multinode.SimulatedNetwork}.
 *
 * <p>Called from the ports layer's delivery loop with no jmojo lock held, from any thread; implementations
 * are thread-safe. Delivery normally happens later, from whoever drives the receiving side. A transport
 * may also deliver from inside {@link #send}, on the sending thread (the immediate mode of
 * {@code SimulatedNetwork}), provided it never recurses: a frame produced while it delivers, including one
 * for the sending node, waits until the delivery in progress returns. The ports layer allows that
 * re-entry: a node called back while this thread drains it defers the resulting work to that drain.
 */
@FunctionalInterface
public interface EventTransport {
    /**
     * Queues one encoded event (docs/ports-wire.md: the 48-byte header and its body) from node {@code from}
     * for node {@code to}. The array is the transport's from here on.
     */
    void send(NodeName from, NodeName to, byte[] event);
}

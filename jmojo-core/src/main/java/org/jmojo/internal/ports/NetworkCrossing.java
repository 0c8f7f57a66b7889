package org.jmojo.internal.ports;

import java.util.List;
import org.jmojo.internal.ports.wire.PortDescriptor;

/**
 * The node layer's say on carried ports that leave this node (docs/architecture.md §4, "Crossing an isolated
 * link"): a route never spans two networks, so a port whose route is in another network than the channel a message
 * leaves on does not move; the node layer keeps it, joins it to a new local pair's end with a bridge, and the pair's
 * other end travels instead. Installed with {@link Node#crossNetworksWith}; a node without one (every in-process
 * node) moves every carried port, at no cost.
 */
public interface NetworkCrossing {
    /**
     * The port to convert and send in place of {@code carried}, a receiving port in transit in a user message about
     * to leave for node {@code to}: {@code carried} itself, or a fresh receiving port whose pair's other end the
     * implementation now relays to and from {@code carried}. Called by the node's delivery loop with no port lock
     * held, once per carried port, in the message's port order.
     */
    PortRef portToSend(PortRef carried, NodeName to);

    /**
     * Checks the descriptors of ports arriving from node {@code from} before anything is made from them: a route
     * never spans two networks, so each new port's peer must be this node or a node of {@code from}'s network.
     *
     * @throws ProtocolViolationException naming {@code from} if a descriptor's peer is in another network
     */
    void checkArriving(NodeName from, List<PortDescriptor> descriptors) throws ProtocolViolationException;

    /**
     * Whether receiving ports {@code first} and {@code second} of this node may be merged
     * ({@link Node#mergeLocalPorts}): false when their routes are in two different networks, which a merge would
     * join into one route across an isolated link. When it answers true, a side whose route is free (a local pair
     * that never left) is claimed for the other side's network at once, so the answer stays true (also when the merge
     * is then refused for another reason: that pair's other end, leaving later into another network, is bridged
     * where it could have moved). Called with no port lock held.
     */
    boolean mayMerge(PortRef first, PortRef second);

    /**
     * Joins receiving ports {@code first} and {@code second} of this node, whose routes are in two networks, with a
     * relay that passes every message arriving at either through the other, in order, until one side's peer closes
     * ({@link MergeResult#ACROSS_NETWORKS}); takes both ports over. Called with no port lock held.
     */
    void bridge(PortRef first, PortRef second);
}

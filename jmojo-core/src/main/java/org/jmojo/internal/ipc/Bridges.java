package org.jmojo.internal.ipc;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.internal.ports.NetworkCrossing;
import org.jmojo.internal.ports.Node;
import org.jmojo.internal.ports.NodeName;
import org.jmojo.internal.ports.PortRef;
import org.jmojo.internal.ports.ProtocolViolationException;
import org.jmojo.internal.ports.wire.PortDescriptor;
import org.jmojo.internal.sync.LockRank;
import org.jmojo.internal.sync.RankedLock;

/**
 * A node's networks and its bridges between them (docs/architecture.md §4, "Crossing an isolated link";
 * docs/processes.md, "Isolated links and bridges"). Networks are numbered per node: {@link #BROKER_NETWORK} for the
 * node's broker network (every peer that is not an isolated link's), 2, 3, … for its isolated links. Each port is
 * tagged with the network of its route (docs/ports.md, "Network tags"); a carried port leaving on a channel of
 * another network than its tag stays here behind a {@link Bridge}, and a new pair's far end leaves instead.
 *
 * <p><b>Cost.</b> Until the node's first isolated link {@link #portToSend} returns at its first test: no tag is
 * written, no lock taken. Tags are needed only from then on: a port that has none yet takes its route's network
 * (its peer's node, or the node its local peer passes messages to); only a local pair that never left is free,
 * and the first crossing claims it for its network.
 *
 * <p><b>State.</b> {@link #linkNetworks} is a concurrent map, written once per link by the I/O thread's handshake
 * (numbers from {@link #nextLinkNetwork}; {@link #anyLink} is set after the first).
 * Port tags are read and written only under {@link #tagLock} (a leaf lock: nothing is taken under it; the routes
 * are read before it, under port locks). {@link #live} counts bridges from their making to their end.
 */
final class Bridges implements NetworkCrossing {
    /** The network number of every peer that is not an isolated link's. */
    static final int BROKER_NETWORK = 1;

    private final LocalCore core;
    private final Node node;
    private final Executor later;
    // The isolated link's network of each node at the other end of one; entries stay (a lost peer's ports keep it).
    private final Map<NodeName, Integer> linkNetworks = new ConcurrentHashMap<>();
    private final AtomicInteger nextLinkNetwork = new AtomicInteger(BROKER_NETWORK + 1);
    private volatile boolean anyLink;
    private final RankedLock tagLock = new RankedLock(LockRank.LEAF);
    private final AtomicInteger live = new AtomicInteger();

    /** {@code later} runs a bridge's start outside the delivery loop (the node's I/O thread). */
    Bridges(LocalCore core, Executor later) {
        this.core = core;
        this.node = core.node();
        this.later = later;
    }

    /** Makes {@code peer}'s channel an isolated link: a network of its own, numbered on. */
    void isolatedLink(NodeName peer) {
        linkNetworks.computeIfAbsent(peer, p -> nextLinkNetwork.getAndIncrement());
        anyLink = true;
    }

    /** Whether {@code peer} is (or was) at the other end of an isolated link of this node. */
    boolean isLinkPeer(NodeName peer) {
        return anyLink && linkNetworks.containsKey(peer);
    }

    /** The network of the channel to {@code peer}. */
    int networkOf(NodeName peer) {
        Integer n = anyLink ? linkNetworks.get(peer) : null;
        return n == null ? BROKER_NETWORK : n;
    }

    /** Tags the two ends of a named endpoint's pipe with the network of the channel to {@code peer}. */
    void tagPair(PortRef a, PortRef b, NodeName peer) {
        int network = networkOf(peer);
        tagLock.lock();
        try {
            node.tagNetwork(a, network);
            node.tagNetwork(b, network);
        } finally {
            tagLock.unlock();
        }
    }

    /** How many bridges relay now (tests). */
    int count() {
        return live.get();
    }

    /** {@code b} has closed both its sides. */
    void ended(Bridge b) {
        live.decrementAndGet();
    }

    @Override
    public void checkArriving(NodeName from, List<PortDescriptor> descriptors) throws ProtocolViolationException {
        if (!anyLink) {
            return; // one network: every peer is in it
        }
        int network = networkOf(from);
        for (PortDescriptor d : descriptors) {
            if (!d.peerNode().equals(node.name()) && networkOf(d.peerNode()) != network) {
                throw new ProtocolViolationException(from, "descriptor for " + d.newPort() + " names peer node "
                        + d.peerNode() + ", which is not in the network of the channel it came on (a route never "
                        + "spans an isolated link)");
            }
        }
    }

    @Override
    public PortRef portToSend(PortRef carried, NodeName to) {
        if (!anyLink) {
            return carried; // the common path: no isolated link, every port moves
        }
        int network = networkOf(to);
        Node.Route route = node.route(carried);
        PortRef localPeer = route == null ? null : route.localPeer();
        int tag;
        tagLock.lock();
        try {
            tag = node.networkTag(carried);
            if (tag == 0 && localPeer != null) {
                tag = node.networkTag(localPeer);
            }
            if (tag == 0 && route != null && route.remoteNode() != null) {
                tag = networkOf(route.remoteNode());
            }
            if (tag == 0) {
                tag = network; // a local pair that never left: it joins the network it leaves into
            }
            node.tagNetwork(carried, tag);
            if (localPeer != null) {
                node.tagNetwork(localPeer, tag);
            }
        } finally {
            tagLock.unlock();
        }
        if (tag == network) {
            return carried;
        }
        PortRef[] pair = node.createPortPair(); // [0] stays, bridged to carried; [1] leaves in its place
        tagLock.lock();
        try {
            node.tagNetwork(pair[0], network);
            node.tagNetwork(pair[1], network);
        } finally {
            tagLock.unlock();
        }
        live.incrementAndGet(); // counted at once: a census sees it before its start runs
        try {
            later.execute(() -> Bridge.start(this, core, carried, pair[0]));
        } catch (RejectedExecutionException stopping) {
            // The node's channels are closing: no bridge; both sides close, and the far end sees PEER_CLOSED.
            live.decrementAndGet();
            node.closePort(carried);
            node.closePort(pair[0]);
        }
        return pair[1];
    }
}

package org.jmojo.internal.ipc;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
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
 * <p><b>Tags.</b> A port that has no tag yet takes its route's network (its peer's node, or the node its local peer
 * passes messages to); only a local pair that never left is free, and the first crossing or fuse claims it for its
 * network. Every decision is made under {@link #tagLock} and writes its tags before the lock is released, also
 * before the node's first link (a port leaving then is claimed for the broker network): so two threads sending the
 * two ends of a fresh pair into two networks, or a send racing the first link, see one claim and bridge the other
 * end. Tags are written once: a decision made under the lock stays true. Cost per carried port leaving the node:
 * its route read ({@link Node#route}: two port locks) and the tag lock, beside its conversion.
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
    /**
     * Test seam: run with the carried port after {@link #portToSend} has decided its tag and before the port is
     * converted (the window of the first link's race); null but in tests.
     */
    volatile Consumer<PortRef> afterDecision;

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
        // Decided under the tag lock on every send, also before the node's first link: a link made while a port
        // leaves then finds that port's pair already claimed for the broker network, and bridges its other end
        // (docs/concurrency.md, "Bridges": the first link). The route is read before the lock (port locks).
        int network = networkOf(to);
        Node.Route route = node.route(carried);
        int tag;
        tagLock.lock();
        try {
            tag = networkLocked(carried, route);
            if (tag == 0) {
                tag = network; // a local pair that never left: it joins the network it leaves into
            }
            claimLocked(carried, route, tag);
        } finally {
            tagLock.unlock();
        }
        Consumer<PortRef> seam = afterDecision;
        if (seam != null) {
            seam.accept(carried);
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
        startLater(carried, pair[0]);
        return pair[1];
    }

    @Override
    public boolean mayMerge(PortRef first, PortRef second) {
        Node.Route firstRoute = node.route(first);
        Node.Route secondRoute = node.route(second);
        tagLock.lock();
        try {
            int a = networkLocked(first, firstRoute);
            int b = networkLocked(second, secondRoute);
            if (a != 0 && b != 0 && a != b) {
                return false;
            }
            // A free side is claimed for the other's network now, so that a send of its other end racing the merge
            // finds it claimed (and is bridged) instead of taking the joined route into a third network.
            int network = Math.max(a, b);
            if (network != 0) {
                claimLocked(first, firstRoute, network);
                claimLocked(second, secondRoute, network);
            }
            return true;
        } finally {
            tagLock.unlock();
        }
    }

    @Override
    public void bridge(PortRef first, PortRef second) {
        startLater(first, second);
    }

    /**
     * The network of {@code port}'s route as known now, 0 if it is free (a local pair that never left, or a port that
     * is not receiving): its own tag, else its local peer's, else its peer node's network. Tag lock held.
     */
    private int networkLocked(PortRef port, Node.Route route) {
        int tag = node.networkTag(port);
        PortRef localPeer = route == null ? null : route.localPeer();
        if (tag == 0 && localPeer != null) {
            tag = node.networkTag(localPeer);
        }
        if (tag == 0 && route != null && route.remoteNode() != null) {
            tag = networkOf(route.remoteNode());
        }
        return tag;
    }

    /** Tags {@code port} and its local peer, if it has one, with {@code network}. Tag lock held. */
    private void claimLocked(PortRef port, Node.Route route, int network) {
        node.tagNetwork(port, network);
        if (route != null && route.localPeer() != null) {
            node.tagNetwork(route.localPeer(), network);
        }
    }

    /** Starts a bridge between receiving ports {@code a} and {@code b} on the I/O thread (counted at once). */
    private void startLater(PortRef a, PortRef b) {
        live.incrementAndGet(); // counted at once: a census sees it before its start runs
        try {
            later.execute(() -> Bridge.start(this, core, a, b));
        } catch (RejectedExecutionException stopping) {
            // The node's channels are closing: no bridge; both sides close, and the far ends see PEER_CLOSED.
            live.decrementAndGet();
            node.closePort(a);
            node.closePort(b);
        }
    }
}

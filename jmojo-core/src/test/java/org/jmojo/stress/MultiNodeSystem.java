package org.jmojo.stress;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.internal.multinode.Nodes;
import org.jmojo.internal.multinode.SimulatedNetwork;
import org.jmojo.system.Core;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;

/**
 * Several nodes in one JVM joined by a simulated channel that delivers on the sending thread
 * ({@link SimulatedNetwork#immediate()}), with the stress test's pipes spread over them (issue 8, item 8):
 * each pipe's two ends sit on two nodes picked by the worker's generator (on one node a third of the time).
 * Every event between two ends on two nodes crosses encoded and is checked by the receiving node.
 *
 * <p>Endpoints do not move between nodes yet, so the test attaches handles only to pipes whose ends share a
 * node ({@link #movesEndpointsAcrossNodes()} is false); traps and wait sets are spread over the nodes and
 * watch handles of their own node. What happens across nodes (writes, reads, closure, quotas of both
 * policies, waits, traps woken by a delivery) is checked as in one node, with the one difference the design
 * makes: a HARD quota overrun from another node is seen as a broken pipe after an {@code OK} write.
 *
 * <p>The nodes are made once per instance and reused for every seed; a seed's leak check compares the sums
 * of their counters before and after.
 */
public final class MultiNodeSystem implements StressSystem {
    private final SimulatedNetwork network = SimulatedNetwork.immediate();
    private final List<Core> nodes;

    /** {@code nodeCount} new nodes, joined. */
    public MultiNodeSystem(int nodeCount) {
        if (nodeCount < 2) {
            throw new IllegalArgumentException("nodeCount=" + nodeCount + ": spreading pipes needs two nodes at least");
        }
        List<Core> made = new ArrayList<>(nodeCount);
        for (int i = 0; i < nodeCount; i++) {
            Core c = Nodes.newNode();
            network.join(c);
            made.add(c);
        }
        nodes = List.copyOf(made);
    }

    @Override
    public String name() {
        return nodes.size() + " nodes";
    }

    @Override
    public Core core() {
        return nodes.getFirst();
    }

    @Override
    public List<Core> nodes() {
        return nodes;
    }

    @Override
    public Core coreOf(MessagePipeEndpoint end) {
        return Nodes.coreOf(end);
    }

    @Override
    public MessagePipe createMessagePipe(SplittableRandom random) {
        int first = random.nextInt(nodes.size());
        if (random.nextInt(3) == 0) {
            return nodes.get(first).createMessagePipe();
        }
        int second = (first + 1 + random.nextInt(nodes.size() - 1)) % nodes.size();
        return Nodes.pipeBetween(nodes.get(first), nodes.get(second));
    }

    @Override
    public String replayOptions() {
        return " --nodes " + nodes.size();
    }

    @Override
    public boolean movesEndpointsAcrossNodes() {
        return false;
    }

    @Override
    public void awaitQuiescence() {
        // Every frame is delivered by its sending thread before that thread's call returns: once the
        // workers have stopped, nothing is on its way.
        int pending = network.pendingFrames();
        if (pending != 0) {
            throw new IllegalStateException(pending + " frame(s) waiting on an immediate network");
        }
    }

    @Override
    public LiveCounts liveCounts() {
        long handles = 0;
        long ports = 0;
        long inTransit = 0;
        for (Core c : nodes) {
            LocalCore n = LocalCore.of(c);
            handles += n.liveHandleCount();
            ports += n.portCount();
            inTransit += n.portsInTransitCount();
        }
        return new LiveCounts(handles, ports, inTransit);
    }

    /** Events delivered between the nodes so far: how much of the workload crossed a node boundary. */
    public long framesBetweenNodes() {
        return network.deliveredFrames();
    }

    @Override
    public List<String> problems() {
        return network.violationMessages();
    }
}

package org.jmojo.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jmojo.internal.multinode.Nodes;
import org.jmojo.internal.multinode.SimulatedNetwork;
import org.jmojo.system.Core;
import org.jmojo.system.Handle;
import org.jmojo.system.MessagePipe;

/**
 * Several Mojo nodes in one JVM, joined by simulated channels, for tests: each node has its own
 * {@link Core}, with its own handle table and ports, so a test can hold handles on three nodes at once and
 * check that what it builds works whichever node its pieces sit on.
 *
 * <pre>{@code
 * try (MultiNodeFixture nodes = MultiNodeFixture.create(3)) {
 *     try (MessagePipe pipe = nodes.endpointPair(0, 1)) {   // end0 on node 0, end1 on node 1
 *         pipe.end0().writeMessage(new byte[] {1});
 *         nodes.deliverAll();                              // the event crosses from node 0 to node 1
 *         ... pipe.end1().readMessage() ...
 *     }
 *     nodes.deliverAll();                                  // the closures cross too
 *     nodes.assertNoLeaks();
 * }
 * }</pre>
 *
 * <h2>Delivery between nodes</h2>
 * Events between nodes travel encoded, as the bytes a socket will carry, on one FIFO link per ordered pair
 * of nodes. The fixture runs no thread: an event waits on its link until the test calls
 * {@link #deliverAll()} (or {@link #deliverNext()}), which delivers on the calling thread, so a test is
 * deterministic and a blocking wait for something from another node must come after the delivery. A node
 * that sends an event breaking the protocol is cut off from its receiver ({@link #violations()}), as if
 * their channel were lost.
 *
 * <h2>Losing nodes</h2>
 * {@link #loseConnection(int, int)} ends the channel between two nodes and {@link #kill(int)} ends every
 * channel of one node, so a test can check what its service does when its peer goes away: every pipe
 * between the two nodes (or to the killed node) reports PEER_CLOSED at once, with
 * {@link org.jmojo.system.ClosureReason#PEER_LOST}, after the messages that already arrived are read; the
 * events still on the way are lost.
 *
 * <p>A fixture made by {@link #createWithImmediateDelivery(int)} delivers instead on the thread that sends,
 * before the system API call that produced the event returns (the events still cross encoded, and the
 * receiving node checks them as it would a socket's). A test then uses a pipe across nodes as it would a pipe
 * in one node, threads and blocking waits included: when a call returns on a thread, what it sent has
 * arrived. Trap handlers that a delivery triggers run on the sending thread when its call ends. Two threads
 * writing one pipe at once may each return before the other's message arrives; it arrives before both have
 * returned. {@link #deliverAll()} finds nothing to deliver in this mode.
 *
 * <h2>What works today, and what does not yet</h2>
 * <ul>
 *   <li>Nodes are independent: every one is a fresh node with a fresh random name, distinct from each
 *       other and from the process's default node ({@link Core#instance()}). A handle belongs to the
 *       node that made it; giving it to another node's {@code Core} (waiting on it there, attaching it
 *       to a message written there, adding it to a trap or wait set there) throws
 *       {@link org.jmojo.system.InvalidHandleException} naming the handle, both nodes and the rule.
 *   <li>{@link #endpointPair(int, int)} with both ends on one node returns that node's pipe; with two
 *       nodes, a pipe across them: user messages without handles, in order, and closure (PEER_CLOSED once
 *       every message the closed end wrote has arrived); PEER_REMOTE is satisfied on both ends.
 *   <li>Not yet (issue 8 of the jmojo tracker, "Ports across nodes"): a message carrying handles to an
 *       end on another node (the write returns {@code UNIMPLEMENTED}, every handle still the caller's),
 *       and so moving an endpoint between nodes.
 * </ul>
 *
 * <p>Thread-safe: the nodes are fixed at creation, and every {@code Core} is thread-safe. The fixture
 * holds no resource of its own; {@link #close()} only refuses further use. Handles a test made on the
 * nodes are the test's to close.
 */
public final class MultiNodeFixture implements AutoCloseable {
    /** Most frames one {@link #deliverAll()} delivers before it decides the nodes never settle. */
    static final int MAX_FRAMES_PER_DELIVERY = 1_000_000;

    private final List<Core> nodes;
    private final SimulatedNetwork network;
    private volatile boolean closed;

    private MultiNodeFixture(List<Core> nodes, SimulatedNetwork network) {
        this.nodes = List.copyOf(nodes);
        this.network = network;
    }

    /**
     * Creates {@code nodeCount} new, independent nodes.
     *
     * @throws IllegalArgumentException if {@code nodeCount} is below 1
     */
    public static MultiNodeFixture create(int nodeCount) {
        return create(nodeCount, new SimulatedNetwork());
    }

    /**
     * Creates {@code nodeCount} new, independent nodes whose events are delivered by the thread that sends
     * them, before its API call returns (see "Delivery between nodes" in the class documentation).
     *
     * @throws IllegalArgumentException if {@code nodeCount} is below 1
     */
    public static MultiNodeFixture createWithImmediateDelivery(int nodeCount) {
        return create(nodeCount, SimulatedNetwork.immediate());
    }

    private static MultiNodeFixture create(int nodeCount, SimulatedNetwork network) {
        if (nodeCount < 1) {
            throw new IllegalArgumentException("nodeCount=" + nodeCount + ": a fixture needs at least one node");
        }
        List<Core> made = new ArrayList<>(nodeCount);
        for (int i = 0; i < nodeCount; i++) {
            Core node = Nodes.newNode();
            network.join(node);
            made.add(node);
        }
        return new MultiNodeFixture(made, network);
    }

    /** How many nodes this fixture has. */
    public int nodeCount() {
        return nodes.size();
    }

    /**
     * The system API of node {@code index}.
     *
     * @throws IndexOutOfBoundsException naming the index and the node count if there is no such node
     * @throws IllegalStateException once the fixture is closed
     */
    public Core node(int index) {
        checkOpen();
        return nodes.get(Objects.checkIndex(index, nodes.size()));
    }

    /** Every node's system API, in index order. @throws IllegalStateException once closed */
    public List<Core> nodes() {
        checkOpen();
        return nodes;
    }

    /**
     * The {@code Core} of the node that owns {@code handle} (a handle read from a message belongs to the
     * reader's node): the one to wait on it with, or to add it to a trap or wait set of.
     *
     * @throws org.jmojo.system.InvalidHandleException if {@code handle} is closed, sent or moved away
     */
    public Core coreOf(Handle handle) {
        checkOpen();
        return Nodes.coreOf(handle);
    }

    /** The name of node {@code index} ({@code node:} and 32 hex digits), as error messages print it. */
    public String nodeName(int index) {
        return Nodes.nodeName(node(index));
    }

    /**
     * A message pipe with {@code end0} on node {@code nodeOf0} and {@code end1} on node {@code nodeOf1}
     * (the same node or two; see the class documentation for what crosses nodes today). The caller owns
     * both ends.
     *
     * @throws IndexOutOfBoundsException if either index names no node
     */
    public MessagePipe endpointPair(int nodeOf0, int nodeOf1) {
        Core first = node(nodeOf0);
        Core second = node(nodeOf1);
        return nodeOf0 == nodeOf1 ? first.createMessagePipe() : Nodes.pipeBetween(first, second);
    }

    /**
     * Delivers every event waiting between nodes, and those their delivery produces, on this thread, until
     * none waits.
     *
     * @return how many events were delivered
     * @throws IllegalStateException if the nodes are still exchanging events after a million (a livelock)
     */
    public int deliverAll() {
        checkOpen();
        return network.deliverAll(MAX_FRAMES_PER_DELIVERY);
    }

    /**
     * Delivers one waiting event between nodes (the oldest of the link that first carried one).
     *
     * @return false if none was waiting
     */
    public boolean deliverNext() {
        checkOpen();
        return network.deliverNext();
    }

    /** How many events wait between nodes. */
    public int pendingEvents() {
        return network.pendingFrames();
    }

    /**
     * Ends the channel between nodes {@code first} and {@code second} (see "Losing nodes" above); both learn
     * of it at once. Nothing happens if it was already lost.
     *
     * @return how many pipe ends on the two nodes broke
     * @throws IllegalArgumentException if both are the same node
     */
    public int loseConnection(int first, int second) {
        if (first == second) {
            throw new IllegalArgumentException("loseConnection(" + first + ", " + second + "): a node has no channel to itself");
        }
        return network.loseLink(node(first), node(second));
    }

    /**
     * Kills node {@code index}: every channel it has ends at once and the other nodes learn of it (see
     * "Losing nodes" above). Its handles stay the test's to close; what it sends from now on reaches nobody,
     * and {@link #assertNoLeaks()} still counts its handles and ports.
     *
     * @return how many pipe ends on the other nodes broke
     */
    public int kill(int index) {
        return network.kill(node(index));
    }

    /** The protocol violations that made a node cut another off, as messages naming the offender. */
    public List<String> violations() {
        return network.violationMessages();
    }

    /**
     * Checks that no node has an open handle or a port left, and no event waits between nodes (for the end
     * of a test, after it closed everything it made and {@link #deliverAll() delivered} the closures).
     *
     * @throws AssertionError naming each node that has some, with its counts, and the events still waiting
     */
    public void assertNoLeaks() {
        List<String> leaks = new ArrayList<>();
        int waiting = network.pendingFrames();
        if (waiting != 0) {
            leaks.add(waiting + " event(s) waiting between nodes (deliverAll() delivers them)");
        }
        for (int i = 0; i < nodes.size(); i++) {
            Core c = nodes.get(i);
            int handles = Nodes.liveHandleCount(c);
            int ports = Nodes.portCount(c);
            if (handles != 0 || ports != 0) {
                leaks.add("node " + i + " (" + Nodes.nodeName(c) + "): " + handles + " open handle(s), "
                        + ports + " port(s)");
            }
        }
        if (!leaks.isEmpty()) {
            throw new AssertionError("left open at the end of the test: " + String.join("; ", leaks));
        }
    }

    /** Ends the fixture's use; idempotent. Handles made on its nodes stay the caller's to close. */
    @Override
    public void close() {
        closed = true;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this MultiNodeFixture is closed");
        }
    }

    @Override
    public String toString() {
        return "MultiNodeFixture[" + nodes.size() + " nodes]";
    }
}

package org.jmojo.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jmojo.internal.multinode.Nodes;
import org.jmojo.system.Core;
import org.jmojo.system.MessagePipe;

/**
 * Several Mojo nodes in one JVM, for tests: each node has its own {@link Core}, with its own handle
 * table and ports, so a test can hold handles on three nodes at once and check that what it builds
 * works whichever node its pieces sit on.
 *
 * <pre>{@code
 * try (MultiNodeFixture nodes = MultiNodeFixture.create(3)) {
 *     Core a = nodes.node(0);
 *     try (MessagePipe pipe = nodes.endpointPair(0, 0)) {   // both ends on node 0
 *         pipe.end0().writeMessage(new byte[] {1});
 *         ...
 *     }
 *     nodes.assertNoLeaks();
 * }
 * }</pre>
 *
 * <h2>What works today, and what does not yet</h2>
 * <ul>
 *   <li>Nodes are independent: every one is a fresh node with a fresh random name, distinct from each
 *       other and from the process's default node ({@link Core#instance()}). A handle belongs to the
 *       node that made it; giving it to another node's {@code Core} (waiting on it there, attaching it
 *       to a message written there, adding it to a trap or wait set there) throws
 *       {@link org.jmojo.system.InvalidHandleException} naming the handle, both nodes and the rule.
 *   <li>{@link #endpointPair(int, int)} with both ends on one node returns that node's pipe.
 *   <li>Nodes are <em>not joined</em> yet: the in-memory channels between them, and so an endpoint pair
 *       whose ends sit on two different nodes, need the ports protocol between nodes (issue 8 of the
 *       jmojo tracker, "Ports across nodes"). Until it is built, {@link #endpointPair(int, int)} with two
 *       different nodes throws {@link UnsupportedOperationException} saying so; it never hands out a
 *       pipe that only looks as if it crossed nodes.
 * </ul>
 *
 * <p>Thread-safe: the nodes are fixed at creation, and every {@code Core} is thread-safe. The fixture
 * holds no resource of its own; {@link #close()} only refuses further use. Handles a test made on the
 * nodes are the test's to close.
 */
public final class MultiNodeFixture implements AutoCloseable {
    /** The issue that joins nodes; named by every refusal of a cross-node request. */
    static final String CROSS_NODE_ISSUE = "issue 8 (\"Ports across nodes\")";

    private final List<Core> nodes;
    private volatile boolean closed;

    private MultiNodeFixture(List<Core> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /**
     * Creates {@code nodeCount} new, independent nodes.
     *
     * @throws IllegalArgumentException if {@code nodeCount} is below 1
     */
    public static MultiNodeFixture create(int nodeCount) {
        if (nodeCount < 1) {
            throw new IllegalArgumentException("nodeCount=" + nodeCount + ": a fixture needs at least one node");
        }
        List<Core> made = new ArrayList<>(nodeCount);
        for (int i = 0; i < nodeCount; i++) {
            made.add(Nodes.newNode());
        }
        return new MultiNodeFixture(made);
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

    /** The name of node {@code index} ({@code node:} and 32 hex digits), as error messages print it. */
    public String nodeName(int index) {
        return Nodes.nodeName(node(index));
    }

    /**
     * A message pipe with {@code end0} on node {@code nodeOf0} and {@code end1} on node {@code nodeOf1}.
     * The caller owns both ends.
     *
     * @throws UnsupportedOperationException if the two nodes differ: joining nodes is not built yet (see
     *     the class documentation)
     * @throws IndexOutOfBoundsException if either index names no node
     */
    public MessagePipe endpointPair(int nodeOf0, int nodeOf1) {
        Core first = node(nodeOf0);
        node(nodeOf1);
        if (nodeOf0 != nodeOf1) {
            throw new UnsupportedOperationException("an endpoint pair with ends on node " + nodeOf0 + " ("
                    + nodeName(nodeOf0) + ") and node " + nodeOf1 + " (" + nodeName(nodeOf1)
                    + ") needs the ports protocol between nodes and the in-memory channels that join them, "
                    + "which are not built yet: " + CROSS_NODE_ISSUE + "; only pairs on one node work today");
        }
        return first.createMessagePipe();
    }

    /**
     * Checks that no node has an open handle or a port left (for the end of a test, after it closed
     * everything it made).
     *
     * @throws AssertionError naming each node that has some, with its counts
     */
    public void assertNoLeaks() {
        List<String> leaks = new ArrayList<>();
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

package org.jmojo.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jmojo.internal.multinode.Nodes;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.internal.ipc.NodeChannels;
import org.jmojo.internal.multinode.SimulatedNetwork;
import org.jmojo.internal.multinode.SocketNetwork;
import org.jmojo.internal.platform.NativeException;

/**
 * Where the two ends of the pipes a semantic test makes sit (issue 8, item 8): the core's semantic tests
 * take their pipes from here, so each runs twice, once with both ends on one node ({@link #sameNode()}, the
 * process's default node) and once with the peer on another node ({@link #crossNode()}: two fresh nodes
 * joined by a {@link SimulatedNetwork#immediate() simulated channel that delivers on the sending thread},
 * so every event between the ends crosses encoded and is checked by the receiving node as a socket's would
 * be, and a call that returns has delivered what it sent).
 *
 * <p>Each node has its own handle table, so a test uses a handle through the {@link Core} of the node that
 * owns it: {@link #core0()} for {@code end0} of the pipes from {@link #createMessagePipe()}, {@link #core1()}
 * for {@code end1}, {@link #coreOf} for a handle read from a message. Pipes a test makes only as a tool
 * (a carrier for a handle, a second pipe to wait on) come from one node's {@code Core} directly.
 *
 * <h2>Handles across nodes</h2>
 * Every test runs in both placements. Where a test attaches handles to a pipe under test, the cross-node run
 * moves them between the nodes; sending a pipe's own peer is tried after the peer was moved to the writer's
 * node ({@link #onNode0}), since a handle is used only through its own node's Core. {@code QuotaTest}'s and
 * {@code HardQuotaMemoryTest}'s HARD overruns differ across nodes by design (docs/architecture.md §3: the
 * quota is checked on the receiving node after the write returned {@code OK}), and say so where they branch.
 *
 * <h2>Over sockets</h2>
 * {@link #socketNode()} runs the same tests a third time (the {@code *SocketNodeTest} classes) with the two nodes
 * joined by a real socket pair. Two differences are by design (docs/architecture.md §5) and the tests branch on
 * {@link #remoteHandlersOnIoThread()}: a trap handler caused by a change on the other node runs on its own node's
 * I/O thread, and so an exception it throws is logged there instead of reaching the caller on the other node
 * ({@code TrapTest}'s three handler-thread tests). {@code TrapDeliveryOrderTest} has no socket run: its handler
 * blocks the delivering thread until the test thread acts, and over sockets that thread is the reader's I/O
 * thread, which §5 forbids handlers to block (the test thread, settling after its close, would wait for that
 * very I/O thread: a deadlock the test would build on purpose).
 */
abstract sealed class PipePlacement permits PipePlacement.SameNode, PipePlacement.TwoNodes {
    /** Both ends on the process's default node. */
    static PipePlacement sameNode() {
        return new SameNode();
    }

    /** {@code end0} on one new node, {@code end1} on another, joined by an immediate simulated channel. */
    static PipePlacement crossNode() {
        return new CrossNode();
    }

    /**
     * {@code end0} on one new node, {@code end1} on another, joined by a real Unix socket pair with an I/O
     * thread per node ({@link SocketNetwork}, issue 9): events cross as frames and are handled on the receiving
     * node's I/O thread. The network settles after every send from a test thread (it waits until every frame
     * written has been handled), so a call that returns has had its effect on the far node.
     */
    static PipePlacement socketNode() {
        return new SocketNode();
    }

    /** The Core of {@code end0}'s node. */
    abstract Core core0();

    /**
     * Whether the trap handlers that a change made on one node causes on the other run on that other node's I/O
     * thread (docs/architecture.md §5: for anything caused remotely), rather than at the end of the call that made
     * the change, on its thread. True only over sockets; the immediate simulated channel delivers on the calling
     * thread.
     */
    boolean remoteHandlersOnIoThread() {
        return false;
    }

    /** Whether the calling thread is the I/O thread of {@code core}'s node (never, without sockets). */
    boolean onIoThreadOf(Core core) {
        return false;
    }

    /** The Core of {@code end1}'s node. */
    abstract Core core1();

    /** A new pipe, {@code end0} on {@link #core0()}'s node and {@code end1} on {@link #core1()}'s. */
    abstract MessagePipe createMessagePipe();

    /** Whether the two ends of {@link #createMessagePipe()}'s pipes sit on different nodes. */
    abstract boolean crossesNodes();

    /**
     * {@code signals} plus, across nodes, {@link Signals#PEER_REMOTE}: what an open end with those signals
     * satisfies here (PEER_REMOTE is satisfied while the peer's node is another).
     */
    Signals withPeerRemote(Signals signals) {
        return crossesNodes() ? signals.and(Signals.PEER_REMOTE) : signals;
    }

    /**
     * {@code end1} of a pipe from {@link #createMessagePipe()} on {@link #core0()}'s node: itself on one node;
     * across nodes, moved there inside a message on a pipe from {@code end1}'s node (the returned object is the
     * endpoint as read there; the one given is then invalid, having been sent).
     */
    abstract MessagePipeEndpoint onNode0(MessagePipeEndpoint end1);

    /** The Core of the node owning {@code handle}. */
    Core coreOf(Handle handle) {
        return Nodes.coreOf(handle);
    }

    /** Checks what the placement itself can check at the end of a test (no protocol violation between nodes). */
    abstract void checkAfterTest();

    static final class SameNode extends PipePlacement {
        private final Core core = Core.instance();

        @Override
        Core core0() {
            return core;
        }

        @Override
        Core core1() {
            return core;
        }

        @Override
        MessagePipe createMessagePipe() {
            return core.createMessagePipe();
        }

        @Override
        boolean crossesNodes() {
            return false;
        }

        @Override
        MessagePipeEndpoint onNode0(MessagePipeEndpoint end1) {
            return end1;
        }

        @Override
        void checkAfterTest() {}

        @Override
        public String toString() {
            return "same node";
        }
    }

    /** Two nodes joined by some transport; {@link #createMessagePipe()} spans them. */
    abstract static sealed class TwoNodes extends PipePlacement permits PipePlacement.CrossNode, PipePlacement.SocketNode {
        final Core first = Nodes.newNode();
        final Core second = Nodes.newNode();

        @Override
        Core core0() {
            return first;
        }

        @Override
        Core core1() {
            return second;
        }

        @Override
        MessagePipe createMessagePipe() {
            return Nodes.pipeBetween(first, second);
        }

        @Override
        boolean crossesNodes() {
            return true;
        }

        @Override
        MessagePipeEndpoint onNode0(MessagePipeEndpoint end1) {
            try (MessagePipe carrier = Nodes.pipeBetween(second, first)) {
                assertThat(carrier.end0().writeMessage(new byte[0], List.of(end1))).isEqualTo(MojoResult.OK);
                return carrier.end1().readMessage().message().handle(0, MessagePipeEndpoint.class);
            }
        }

    }

    static final class CrossNode extends TwoNodes {
        private final SimulatedNetwork network = SimulatedNetwork.immediate();

        CrossNode() {
            network.join(first);
            network.join(second);
        }

        @Override
        void checkAfterTest() {
            assertThat(network.violations()).as("protocol violations between the nodes").isEmpty();
            assertThat(network.pendingFrames()).as("frames left undelivered").isZero();
        }

        @Override
        public String toString() {
            return "cross node";
        }
    }

    static final class SocketNode extends TwoNodes {
        private final SocketNetwork network = new SocketNetwork(true);

        SocketNode() {
            try {
                network.join(first);
                network.join(second);
            } catch (NativeException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        void checkAfterTest() {
            try {
                network.awaitQuiet();
                for (NodeChannels m : network.members()) {
                    assertThat(m.connectedNodes()).as("channels of %s still up (none cut off)", m.name()).hasSize(1);
                }
            } finally {
                network.close();
            }
        }

        @Override
        boolean remoteHandlersOnIoThread() {
            return true;
        }

        @Override
        boolean onIoThreadOf(Core core) {
            NodeChannels c = NodeChannels.existing(LocalCore.of(core));
            return c != null && c.ioThread().isCurrentThread();
        }

        @Override
        public String toString() {
            return "socket node";
        }
    }
}

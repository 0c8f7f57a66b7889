package org.jmojo.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jmojo.internal.multinode.Nodes;
import org.jmojo.internal.multinode.SimulatedNetwork;

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
 */
abstract sealed class PipePlacement {
    /** Both ends on the process's default node. */
    static PipePlacement sameNode() {
        return new SameNode();
    }

    /** {@code end0} on one new node, {@code end1} on another, joined by an immediate simulated channel. */
    static PipePlacement crossNode() {
        return new CrossNode();
    }

    /** The Core of {@code end0}'s node. */
    abstract Core core0();

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

    private static final class SameNode extends PipePlacement {
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

    private static final class CrossNode extends PipePlacement {
        private final SimulatedNetwork network = SimulatedNetwork.immediate();
        private final Core first = Nodes.newNode();
        private final Core second = Nodes.newNode();

        CrossNode() {
            network.join(first);
            network.join(second);
        }

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
}

package org.jmojo.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jmojo.system.ClosureReason;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.InvalidHandleException;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MojoResult;
import org.jmojo.system.Signals;
import org.jmojo.system.Trap;
import org.junit.jupiter.api.Test;

class MultiNodeFixtureTest {
    @Test
    void create_independentNodes_distinctNamesAndNotTheDefault() {
        try (MultiNodeFixture nodes = MultiNodeFixture.create(3)) {
            assertThat(nodes.nodeCount()).isEqualTo(3);
            Set<String> names = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                assertThat(nodes.node(i)).isNotSameAs(Core.instance());
                assertThat(nodes.nodeName(i)).matches("node:[0-9a-f]{32}");
                names.add(nodes.nodeName(i));
            }
            assertThat(names).hasSize(3);
            assertThat(nodes.nodes()).containsExactly(nodes.node(0), nodes.node(1), nodes.node(2));
        }
    }

    @Test
    void create_belowOneNode_illegalArgumentNamingTheCount() {
        assertThatThrownBy(() -> MultiNodeFixture.create(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nodeCount=0: a fixture needs at least one node");
    }

    @Test
    void node_unknownIndex_indexOutOfBounds() {
        try (MultiNodeFixture nodes = MultiNodeFixture.create(2)) {
            assertThatThrownBy(() -> nodes.node(2)).isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("2");
            assertThatThrownBy(() -> nodes.endpointPair(0, -1)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    /** Handles on three nodes at once: each node's pipes and traps work, and its counts are its own. */
    @Test
    void handlesOnThreeNodesAtOnce_eachWorksAndLeaksAreCountedPerNode() {
        try (MultiNodeFixture nodes = MultiNodeFixture.create(3)) {
            MessagePipe[] pipes = new MessagePipe[3];
            for (int i = 0; i < 3; i++) {
                pipes[i] = nodes.endpointPair(i, i);
            }
            for (int i = 0; i < 3; i++) {
                assertThat(pipes[i].end0().writeMessage(new byte[] {(byte) i})).isEqualTo(MojoResult.OK);
                assertThat(nodes.node(i).wait(pipes[i].end1(), Signals.READABLE, Deadline.NONE).result())
                        .isEqualTo(MojoResult.OK);
                assertThat(pipes[i].end1().readMessage().message().bytes()).containsExactly((byte) i);
            }
            pipes[0].close();
            pipes[2].close();
            assertThatThrownBy(nodes::assertNoLeaks)
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("left open at the end of the test: node 1 (" + nodes.nodeName(1)
                            + "): 2 open handle(s), 2 port(s)");
            pipes[1].close();
            nodes.assertNoLeaks();
        }
    }

    @Test
    void handleOfOneNode_givenToAnotherNodesCore_refusedNamingHandleAndRule() {
        try (MultiNodeFixture nodes = MultiNodeFixture.create(2); MessagePipe onA = nodes.endpointPair(0, 0);
                MessagePipe onB = nodes.endpointPair(1, 1); Trap trapOnB = nodes.node(1).createTrap(e -> {})) {
            String rule = "a handle is used only through the node (Core) that made it";
            String belongs = "handle=0x" + Integer.toHexString(onA.end0().value()) + " belongs to "
                    + nodes.nodeName(0) + ", not to " + nodes.nodeName(1);
            assertThatThrownBy(() -> nodes.node(1).wait(onA.end0(), Signals.WRITABLE, Deadline.NONE))
                    .isInstanceOf(InvalidHandleException.class)
                    .hasMessageContaining(belongs)
                    .hasMessageContaining(rule);
            assertThatThrownBy(() -> onB.end0().writeMessage(new byte[0], List.of(onA.end0())))
                    .isInstanceOf(InvalidHandleException.class)
                    .hasMessageContaining("handles[0]: " + belongs)
                    .hasMessageContaining(rule);
            assertThatThrownBy(() -> trapOnB.addTrigger(onA.end0(), Signals.READABLE,
                            org.jmojo.system.TriggerCondition.SIGNALS_SATISFIED, 1))
                    .isInstanceOf(InvalidHandleException.class)
                    .hasMessageContaining(belongs);
            // The refused handle is untouched: still usable on its own node.
            assertThat(onA.end0().writeMessage(new byte[] {5})).isEqualTo(MojoResult.OK);
            assertThat(onA.end1().readMessage().message().bytes()).containsExactly(5);
        }
    }

    @Test
    void close_thenUse_illegalState() {
        MultiNodeFixture nodes = MultiNodeFixture.create(1);
        nodes.close();
        nodes.close();
        assertThatThrownBy(() -> nodes.node(0)).isInstanceOf(IllegalStateException.class).hasMessage("this MultiNodeFixture is closed");
    }

    /** A service's peer goes away: the pipe to it reports PEER_CLOSED (PEER_LOST) after what arrived is read. */
    @Test
    void loseConnectionAndKill_pipesToTheLostNodePeerClosedAfterWhatArrived_othersWork() {
        try (MultiNodeFixture nodes = MultiNodeFixture.create(3)) {
            MessagePipe p01 = nodes.endpointPair(0, 1);
            MessagePipe p02 = nodes.endpointPair(0, 2);
            MessagePipe p12 = nodes.endpointPair(1, 2);
            p01.end1().writeMessage(new byte[] {1});
            nodes.deliverAll();
            p01.end1().writeMessage(new byte[] {2}); // still on the way when the channel ends

            assertThat(nodes.loseConnection(0, 1)).isEqualTo(2);

            assertThat(p01.end0().querySignalsState().satisfied().containsAll(Signals.PEER_CLOSED)).isTrue();
            assertThat(p01.end0().peerClosureReason()).contains(ClosureReason.PEER_LOST);
            assertThat(p01.end0().readMessage().message().bytes()).containsExactly(1);
            assertThat(p01.end0().readMessage().result()).isEqualTo(MojoResult.FAILED_PRECONDITION);

            assertThat(nodes.kill(2)).as("ends broken on nodes 0 and 1").isEqualTo(2);
            assertThat(p02.end0().querySignalsState().satisfied().containsAll(Signals.PEER_CLOSED)).isTrue();
            assertThat(p12.end0().querySignalsState().satisfied().containsAll(Signals.PEER_CLOSED)).isTrue();
            assertThatThrownBy(() -> nodes.loseConnection(1, 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("a node has no channel to itself");
            p01.close();
            p02.close();
            p12.close();
            nodes.deliverAll();
            nodes.assertNoLeaks();
        }
    }
}

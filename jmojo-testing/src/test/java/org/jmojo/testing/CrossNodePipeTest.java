package org.jmojo.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.ReadResult;
import org.jmojo.system.Signals;
import org.jmojo.system.SignalsState;
import org.jmojo.system.Trap;
import org.jmojo.system.TrapEvent;
import org.jmojo.system.TriggerCondition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 8, item 2: a message pipe whose ends sit on two nodes of a {@link MultiNodeFixture}, used through
 * the public system API only. Events cross when the test delivers them ({@link MultiNodeFixture#deliverAll}).
 */
@Timeout(60)
class CrossNodePipeTest {
    private static boolean has(SignalsState state, Signals signal) {
        return state.satisfied().containsAll(signal);
    }

    /** Closes the pipes (closing a closed end is a no-op), delivers the closures, checks nothing is left. */
    private static void closeAndCheckNoLeaks(MultiNodeFixture nodes, MessagePipe... pipes) {
        for (MessagePipe p : pipes) {
            p.close();
        }
        nodes.deliverAll();
        assertThat(nodes.violations()).isEmpty();
        nodes.assertNoLeaks();
    }

    @Test
    void writeOnOneNode_readOnTheOther_inOrder_bothWays_afterDelivery() {
        try (MultiNodeFixture nodes = MultiNodeFixture.create(2)) {
            MessagePipe pipe = nodes.endpointPair(0, 1);
            for (int i = 1; i <= 5; i++) {
                assertThat(pipe.end0().writeMessage(new byte[] {(byte) i})).isEqualTo(MojoResult.OK);
            }
            assertThat(pipe.end1().writeMessage(new byte[] {42, 43})).isEqualTo(MojoResult.OK);
            // Nothing has crossed yet: six events wait, nothing is readable.
            assertThat(nodes.pendingEvents()).isEqualTo(6);
            assertThat(pipe.end1().readMessage().result()).isEqualTo(MojoResult.SHOULD_WAIT);
            assertThat(nodes.deliverAll()).isEqualTo(6);
            for (int i = 1; i <= 5; i++) {
                assertThat(pipe.end1().readMessage().message().bytes()).containsExactly(i);
            }
            assertThat(pipe.end1().readMessage().result()).isEqualTo(MojoResult.SHOULD_WAIT);
            assertThat(pipe.end0().readMessage().message().bytes()).containsExactly(42, 43);
            closeAndCheckNoLeaks(nodes, pipe);
        }
    }

    @Test
    void peerRemote_satisfiedOnBothEndsAcrossNodes_notOnOneNode() {
        try (MultiNodeFixture nodes = MultiNodeFixture.create(3)) {
            MessagePipe across = nodes.endpointPair(2, 0);
            MessagePipe local = nodes.endpointPair(1, 1);
            assertThat(has(across.end0().querySignalsState(), Signals.PEER_REMOTE)).isTrue();
            assertThat(has(across.end1().querySignalsState(), Signals.PEER_REMOTE)).isTrue();
            assertThat(has(local.end0().querySignalsState(), Signals.PEER_REMOTE)).isFalse();
            closeAndCheckNoLeaks(nodes, across, local);
        }
    }

    @Test
    void close_peerClosedOnlyAfterItsLastMessage_readableUntilDrained_thenWritesFail() {
        try (MultiNodeFixture nodes = MultiNodeFixture.create(2)) {
            MessagePipe pipe = nodes.endpointPair(0, 1);
            assertThat(pipe.end0().writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK);
            assertThat(pipe.end0().writeMessage(new byte[] {2})).isEqualTo(MojoResult.OK);
            pipe.end0().close();
            assertThat(nodes.pendingEvents()).isEqualTo(3);
            // One event at a time: the closure comes last, and only then is PEER_CLOSED satisfied.
            assertThat(nodes.deliverNext()).isTrue();
            assertThat(has(pipe.end1().querySignalsState(), Signals.PEER_CLOSED)).isFalse();
            assertThat(nodes.deliverNext()).isTrue();
            assertThat(has(pipe.end1().querySignalsState(), Signals.PEER_CLOSED)).isFalse();
            assertThat(pipe.end1().writeMessage(new byte[] {9})).isEqualTo(MojoResult.OK); // still open: goes out
            assertThat(nodes.deliverNext()).isTrue();
            SignalsState state = pipe.end1().querySignalsState();
            assertThat(has(state, Signals.PEER_CLOSED)).isTrue();
            assertThat(has(state, Signals.READABLE)).isTrue();
            assertThat(pipe.end1().readMessage().message().bytes()).containsExactly(1);
            assertThat(pipe.end1().readMessage().message().bytes()).containsExactly(2);
            assertThat(pipe.end1().readMessage().result()).isEqualTo(MojoResult.FAILED_PRECONDITION);
            assertThat(pipe.end1().writeMessage(new byte[] {3})).isEqualTo(MojoResult.FAILED_PRECONDITION);
            // The message written before the closure arrived finds its port gone on node 0: dropped, no leak.
            nodes.deliverAll();
            closeAndCheckNoLeaks(nodes, pipe);
        }
    }

    /** An endpoint written into a pipe to another node arrives there as a working endpoint; the route collapses. */
    @Test
    void attachingAnEndpointToAMessageForAnotherNode_arrivesWorking_routeCollapses() {
        try (MultiNodeFixture nodes = MultiNodeFixture.create(2)) {
            MessagePipe pipe = nodes.endpointPair(0, 1);
            MessagePipe carried = nodes.endpointPair(0, 0);
            assertThat(carried.end0().writeMessage(new byte[] {6})).isEqualTo(MojoResult.OK);
            assertThat(pipe.end0().writeMessage(new byte[] {1}, List.of(carried.end1()))).isEqualTo(MojoResult.OK);
            assertThat(carried.end0().writeMessage(new byte[] {7})).isEqualTo(MojoResult.OK);
            nodes.deliverAll();
            ReadResult read = pipe.end1().readMessage();
            assertThat(read.message().bytes()).containsExactly(1);
            MessagePipeEndpoint moved = (MessagePipeEndpoint) read.message().handles().getFirst();
            assertThat(moved.readMessage().message().bytes()).containsExactly(6);
            assertThat(moved.readMessage().message().bytes()).containsExactly(7);
            assertThat(moved.writeMessage(new byte[] {8})).isEqualTo(MojoResult.OK);
            nodes.deliverAll();
            assertThat(carried.end0().readMessage().message().bytes()).containsExactly(8);
            assertThat(has(moved.querySignalsState(), Signals.PEER_REMOTE)).isTrue();
            nodes.assertRoutesCollapsed();
            assertThat(nodes.portCount(0)).isEqualTo(2);
            assertThat(nodes.portCount(1)).isEqualTo(2);
            moved.close();
            closeAndCheckNoLeaks(nodes, pipe, carried);
        }
    }

    /** The delivering thread stands for the receiving node's I/O thread: the trap handler runs on it. */
    @Test
    void trapOnTheReceivingNode_firesDuringDelivery() {
        try (MultiNodeFixture nodes = MultiNodeFixture.create(2)) {
            MessagePipe pipe = nodes.endpointPair(0, 1);
            List<TrapEvent> events = new CopyOnWriteArrayList<>();
            try (Trap trap = nodes.node(1).createTrap(events::add)) {
                assertThat(trap.addTrigger(pipe.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 5))
                        .isEqualTo(MojoResult.OK);
                assertThat(trap.arm().result()).isEqualTo(MojoResult.OK);
                assertThat(pipe.end0().writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK);
                assertThat(events).isEmpty();
                nodes.deliverAll();
                assertThat(events).hasSize(1);
                assertThat(events.getFirst().context()).isEqualTo(5);
                assertThat(events.getFirst().result()).isEqualTo(MojoResult.OK);
            }
            closeAndCheckNoLeaks(nodes, pipe);
        }
    }

    @Test
    void assertNoLeaks_eventsStillWaiting_namesThem() {
        try (MultiNodeFixture nodes = MultiNodeFixture.create(2)) {
            MessagePipe pipe = nodes.endpointPair(0, 1);
            pipe.close();
            assertThatThrownBy(nodes::assertNoLeaks)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("2 event(s) waiting between nodes");
            assertThat(nodes.deliverAll()).isEqualTo(2);
            nodes.assertNoLeaks();
        }
    }
}

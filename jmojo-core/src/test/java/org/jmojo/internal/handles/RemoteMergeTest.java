package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.jmojo.internal.multinode.Nodes;
import org.jmojo.internal.multinode.SimulatedNetwork;
import org.jmojo.internal.ports.MergeResult;
import org.jmojo.internal.ports.NameGenerator;
import org.jmojo.internal.ports.Node;
import org.jmojo.internal.ports.NodeName;
import org.jmojo.internal.ports.PortName;
import org.jmojo.internal.ports.PortRef;
import org.jmojo.internal.ports.wire.ClosureReason;
import org.jmojo.internal.ports.wire.EventCodec;
import org.jmojo.internal.ports.wire.MergePortEvent;
import org.jmojo.internal.ports.wire.PortDescriptor;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.ReadResult;
import org.jmojo.system.Signals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 8, item 2 (merge and its authorisation): the node layer's remote merge (docs/ports.md, "Merging"). Node
 * {@code x} sends its port {@code p} (pipe {@code A–p}) in a merge-port to port {@code t} of node {@code y}
 * (pipe {@code t–B}); {@code y} merges only what its own code said to expect ({@link Node#expectMerge}), from
 * exactly that node. A merge-port from another node, forged by a hostile node {@code h}, is a violation: that node
 * is cut off and nothing is created or changed.
 */
@Timeout(60)
class RemoteMergeTest {
    private final SimulatedNetwork network = new SimulatedNetwork();
    private final LocalCore x = joined();
    private final LocalCore y = joined();
    private final LocalCore h = joined();

    private LocalCore joined() {
        LocalCore n = LocalCore.of(LocalCore.newNode());
        network.join(n.core());
        return n;
    }

    @AfterEach
    void nothingLeftBehind() {
        network.deliverAll(100_000);
        for (LocalCore n : new LocalCore[] {x, y, h}) {
            assertThat(n.liveHandleCount()).as("handles on %s", n.nodeName()).isZero();
            assertThat(n.portCount()).as("ports on %s", n.nodeName()).isZero();
        }
    }

    private static EndpointDispatcher endpoint(MessagePipeEndpoint end) {
        return (EndpointDispatcher) HandleHolder.dispatcherOf(end, -1);
    }

    private static PortRef port(MessagePipeEndpoint end) {
        return endpoint(end).port;
    }

    private static void write(MessagePipeEndpoint end, int b) {
        assertThat(end.writeMessage(new byte[] {(byte) b})).isEqualTo(MojoResult.OK);
    }

    private static int read(MessagePipeEndpoint end) {
        ReadResult r = end.readMessage();
        assertThat(r.result()).isEqualTo(MojoResult.OK);
        return r.message().bytes()[0];
    }

    private static boolean peerClosed(MessagePipeEndpoint end) {
        return end.querySignalsState().satisfied().containsAll(Signals.PEER_CLOSED);
    }

    /** Merges {@code p} (on x) with {@code t} (on y) from x's side; returns what x's node answered. */
    private MergeResult merge(MessagePipeEndpoint p, MessagePipeEndpoint t) {
        return x.node.mergeWithRemotePort(port(p), endpoint(p), y.nodeName(), port(t).name());
    }

    /** A merge-port as hostile node h would forge it: its own port, claiming to merge with {@code target}. */
    private byte[] forgedMergePort(PortName target, PortName victimPeer, NodeName victimPeerNode) {
        NameGenerator names = new NameGenerator(new SplittableRandom(7));
        PortName sender = names.nextPortName();
        return EventCodec.encode(new MergePortEvent(target, sender, new PortDescriptor(names.nextPortName(),
                victimPeerNode, victimPeer, h.nodeName(), sender, 1, 1, 0, 0, false, false,
                ClosureReason.USER_CLOSED)));
    }

    @Test
    void expectedMerge_joinsThePipes_messagesInFlightBothWaysInOrder_routeCollapses() {
        MessagePipe left = x.createMessagePipe(); // A = end0, p = end1, both on x
        MessagePipe right = y.createMessagePipeTo(h); // t = end0 on y, B = end1 on h
        MessagePipeEndpoint endA = left.end0();
        MessagePipeEndpoint endB = right.end1();
        network.deliverAll(1000);
        assertThat(y.node.expectMerge(port(right.end0()), x.nodeName())).isTrue();
        write(endA, 1);
        write(endA, 2);
        write(endB, 11);
        assertThat(merge(left.end1(), right.end0())).isEqualTo(MergeResult.OK);
        write(endA, 3);
        write(endB, 12);
        network.deliverAll(1000);
        assertThat(read(endB)).isEqualTo(1);
        assertThat(read(endB)).isEqualTo(2);
        assertThat(read(endB)).isEqualTo(3);
        assertThat(read(endA)).isEqualTo(11);
        assertThat(read(endA)).isEqualTo(12);
        assertThat(network.violations()).isEmpty();
        for (LocalCore n : new LocalCore[] {x, y, h}) {
            assertThat(Nodes.portCounts(n.core()).collapsed()).as("routes on %s", n.nodeName()).isTrue();
        }
        assertThat(x.portCount()).isEqualTo(1);
        assertThat(y.portCount()).isZero();
        // The handles of the merged ports are dead: closing them changes nothing.
        left.end1().close();
        right.end0().close();
        endA.close();
        network.deliverAll(1000);
        assertThat(peerClosed(endB)).isTrue();
        endB.close();
    }

    /**
     * The expected merge under seeded delivery orders, with A on x or on h and B on y or on h: messages written
     * before and after the merge, some delivered before it, arrive once each and in order both ways, and every
     * route collapses. Each seed runs on three fresh nodes.
     */
    @Test
    void expectedMerge_seededDeliveryOrders_everyPlacement_inOrder_routeCollapses() {
        for (long seed = 0; seed < 60; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            SimulatedNetwork net = new SimulatedNetwork();
            LocalCore[] n = threeNodes(net); // x, y, h
            MessagePipe left = random.nextBoolean() ? n[0].createMessagePipe() : n[2].createMessagePipeTo(n[0]);
            MessagePipe right = random.nextBoolean() ? n[1].createMessagePipe() : n[1].createMessagePipeTo(n[2]);
            MessagePipeEndpoint endA = left.end0();
            MessagePipeEndpoint endB = right.end1();
            net.deliverAll(1000);
            assertThat(n[1].node.expectMerge(port(right.end0()), n[0].nodeName())).isTrue();
            int toB = 0;
            int toA = 0;
            for (int k = random.nextInt(4); k > 0; k--) {
                write(endA, ++toB);
                write(endB, 100 + ++toA);
            }
            deliverSome(net, random, random.nextInt(4));
            MessagePipeEndpoint p = left.end1();
            assertThat(n[0].node.mergeWithRemotePort(port(p), endpoint(p), n[1].nodeName(), port(right.end0()).name()))
                    .isEqualTo(MergeResult.OK);
            for (int k = random.nextInt(4); k > 0; k--) {
                write(endA, ++toB);
                write(endB, 100 + ++toA);
                deliverSome(net, random, random.nextInt(3));
            }
            while (!net.busyLinks().isEmpty()) {
                deliverSome(net, random, 1);
            }
            for (int i = 1; i <= toB; i++) {
                assertThat(read(endB)).as("seed %d", seed).isEqualTo(i);
            }
            for (int i = 1; i <= toA; i++) {
                assertThat(read(endA)).as("seed %d", seed).isEqualTo(100 + i);
            }
            assertThat(net.violations()).isEmpty();
            for (LocalCore c : n) {
                assertThat(Nodes.portCounts(c.core()).collapsed()).as("seed %d, routes on %s", seed, c.nodeName())
                        .isTrue();
            }
            closeAndCheckNothingLeft(net, n, seed, left, right);
        }
    }

    /**
     * A or B closes at a seeded point while the merge-port and the route's proxies are still on their way: the
     * other reads every message the closed one wrote, then sees PEER_CLOSED (closed by the user), and nothing is
     * left once it closes too.
     */
    @Test
    void closeRacingTheRemoteMerge_survivorReadsEverythingThenPeerClosed() {
        for (long seed = 0; seed < 60; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            SimulatedNetwork net = new SimulatedNetwork();
            LocalCore[] n = threeNodes(net); // x, y, h
            MessagePipe left = n[2].createMessagePipeTo(n[0]); // A on h, p on x
            MessagePipe right = n[1].createMessagePipeTo(n[2]); // t on y, B on h
            net.deliverAll(1000);
            assertThat(n[1].node.expectMerge(port(right.end0()), n[0].nodeName())).isTrue();
            boolean aCloses = random.nextBoolean();
            MessagePipeEndpoint closing = aCloses ? left.end0() : right.end1();
            MessagePipeEndpoint survivor = aCloses ? right.end1() : left.end0();
            write(closing, 1);
            MessagePipeEndpoint p = left.end1();
            assertThat(n[0].node.mergeWithRemotePort(port(p), endpoint(p), n[1].nodeName(), port(right.end0()).name()))
                    .isEqualTo(MergeResult.OK);
            write(closing, 2);
            deliverSome(net, random, random.nextInt(8));
            closing.close();
            while (!net.busyLinks().isEmpty()) {
                deliverSome(net, random, 1);
            }
            assertThat(read(survivor)).as("seed %d", seed).isEqualTo(1);
            assertThat(read(survivor)).as("seed %d", seed).isEqualTo(2);
            assertThat(peerClosed(survivor)).as("seed %d", seed).isTrue();
            assertThat(survivor.peerClosureReason()).contains(org.jmojo.system.ClosureReason.CLOSED_BY_USER);
            assertThat(net.violations()).isEmpty();
            closeAndCheckNothingLeft(net, n, seed, left, right);
        }
    }

    /** Three new nodes joined to {@code net}. */
    private static LocalCore[] threeNodes(SimulatedNetwork net) {
        LocalCore[] n = new LocalCore[3];
        for (int i = 0; i < 3; i++) {
            n[i] = LocalCore.of(LocalCore.newNode());
            net.join(n[i].core());
        }
        return n;
    }

    /** Closes both pipes, delivers what that sends, and checks that no port or handle is left on any node. */
    private static void closeAndCheckNothingLeft(SimulatedNetwork net, LocalCore[] n, long seed, MessagePipe... pipes) {
        for (MessagePipe pipe : pipes) {
            pipe.close();
        }
        net.deliverAll(1000);
        for (LocalCore c : n) {
            assertThat(c.portCount() + c.liveHandleCount()).as("seed %d: left on %s", seed, c.nodeName()).isZero();
        }
    }

    private static void deliverSome(SimulatedNetwork net, SplittableRandom random, int count) {
        for (int k = 0; k < count; k++) {
            List<SimulatedNetwork.Link> busy = net.busyLinks();
            if (busy.isEmpty()) {
                return;
            }
            net.deliverOn(busy.get(random.nextInt(busy.size())));
        }
    }

    @Test
    void forgedMergePortFromAnotherNode_violationCutsItOff_nothingCreatedOrChanged() {
        MessagePipe pipe = y.createMessagePipeTo(x); // t = end0 on y, its peer on x
        MessagePipeEndpoint t = pipe.end0();
        network.deliverAll(1000);
        // y expects a merge with t, but from x: h is not x.
        assertThat(y.node.expectMerge(port(t), x.nodeName())).isTrue();
        int portsBefore = y.portCount();
        network.sendRaw(h.nodeName(), y.nodeName(), forgedMergePort(port(t).name(), port(pipe.end1()).name(),
                x.nodeName()));
        network.deliverAll(1000);
        assertThat(network.violationMessages()).singleElement().asString()
                .contains(h.nodeName().toString()).contains("expects no merge");
        assertThat(network.isLost(h.nodeName(), y.nodeName())).isTrue();
        assertThat(y.portCount()).isEqualTo(portsBefore);
        // t's pipe is unharmed (t is not read: an end that read cannot merge with a remote peer's pipe), and x's
        // expected merge still works: the forged one did not use it up.
        write(pipe.end1(), 5);
        network.deliverAll(1000);
        assertThat(t.querySignalsState().satisfied().containsAll(Signals.READABLE)).isTrue();
        MessagePipe left = x.createMessagePipe();
        assertThat(merge(left.end1(), t)).isEqualTo(MergeResult.OK);
        write(left.end0(), 6);
        network.deliverAll(1000);
        assertThat(read(pipe.end1())).isEqualTo(6);
        assertThat(read(left.end0())).isEqualTo(5);
        assertThat(network.violations()).hasSize(1);
        left.close();
        pipe.close();
    }

    @Test
    void mergePortForAPortThatExpectsNone_violation_nothingCreated() {
        MessagePipe pipe = y.createMessagePipe();
        int portsBefore = y.portCount();
        network.sendRaw(h.nodeName(), y.nodeName(), forgedMergePort(port(pipe.end0()).name(),
                port(pipe.end1()).name(), y.nodeName()));
        network.deliverAll(1000);
        assertThat(network.violationMessages()).hasSize(1);
        assertThat(y.portCount()).isEqualTo(portsBefore);
        write(pipe.end1(), 1);
        assertThat(read(pipe.end0())).isEqualTo(1);
        pipe.close();
    }

    @Test
    void targetClosedBeforeTheMergeArrives_theMergedPipesPeerSeesMergeFailed() {
        MessagePipe left = x.createMessagePipe();
        MessagePipe right = y.createMessagePipe();
        assertThat(y.node.expectMerge(port(right.end0()), x.nodeName())).isTrue();
        write(left.end0(), 1);
        assertThat(merge(left.end1(), right.end0())).isEqualTo(MergeResult.OK);
        right.close();
        network.deliverAll(1000);
        assertThat(network.violations()).isEmpty();
        assertThat(peerClosed(left.end0())).isTrue();
        assertThat(left.end0().peerClosureReason()).contains(org.jmojo.system.ClosureReason.MERGE_FAILED);
        left.close();
    }

    @Test
    void targetThatHasSent_mergeRefusedThere_bothSidesSeeMergeFailed() {
        MessagePipe left = x.createMessagePipe();
        MessagePipe right = y.createMessagePipe();
        write(right.end0(), 9); // t has sent: it cannot merge
        assertThat(y.node.expectMerge(port(right.end0()), x.nodeName())).isTrue();
        assertThat(merge(left.end1(), right.end0())).isEqualTo(MergeResult.OK);
        network.deliverAll(1000);
        assertThat(network.violations()).isEmpty();
        assertThat(peerClosed(left.end0())).isTrue();
        assertThat(left.end0().peerClosureReason()).contains(org.jmojo.system.ClosureReason.MERGE_FAILED);
        assertThat(read(right.end1())).isEqualTo(9);
        assertThat(peerClosed(right.end1())).isTrue();
        assertThat(right.end1().peerClosureReason()).contains(org.jmojo.system.ClosureReason.MERGE_FAILED);
        left.close();
        right.close();
    }

    /**
     * Seed 60157 of the simulation: a fuse on y of an end that has read (a) with the other end (b) of t's pipe would
     * renumber t, which then could not merge any more (its new peer from x numbers from 1) and the merge-port that
     * y's own code expects would fail with MERGE_FAILED. A port that expects a merge is not a fresh peer: the fuse
     * is refused (it may be: a has read), and the merge still joins the pipes.
     */
    @Test
    void fuseThatWouldRenumberAPortExpectingAMerge_refused_theMergeStillJoins() {
        fuseRefusedThenMergeJoins(y.createMessagePipeTo(h)); // a = end0 on y, its peer on h
    }

    /** Seed 279900: the same when the fuse settles on y at once (all four ends there), renumbering t as it takes over. */
    @Test
    void settledFuseThatWouldRenumberAPortExpectingAMerge_refused_theMergeStillJoins() {
        fuseRefusedThenMergeJoins(y.createMessagePipe()); // a = end0, its peer end1, both on y
    }

    /**
     * End0 of {@code other} (a, on y) reads a message; t (on y) expects a merge from x; the fuse of a with t's other
     * end b must be refused, and the merge of x's p with t then joins A (on x) and b.
     */
    private void fuseRefusedThenMergeJoins(MessagePipe other) {
        MessagePipe left = x.createMessagePipe(); // A = end0, p = end1, both on x
        MessagePipe local = y.createMessagePipe(); // t = end0, b = end1, both on y
        write(other.end1(), 5);
        network.deliverAll(1000);
        assertThat(read(other.end0())).isEqualTo(5);
        assertThat(y.node.expectMerge(port(local.end0()), x.nodeName())).isTrue();

        assertThatThrownBy(() -> y.fuseMessagePipes(other.end0(), local.end1()))
                .isInstanceOfSatisfying(org.jmojo.system.MojoException.class,
                        e -> assertThat(e.result()).isEqualTo(MojoResult.FAILED_PRECONDITION));
        assertThat(merge(left.end1(), local.end0())).isEqualTo(MergeResult.OK);
        write(left.end0(), 1);
        write(local.end1(), 2);
        network.deliverAll(1000);

        assertThat(network.violations()).isEmpty();
        assertThat(read(local.end1())).isEqualTo(1);
        assertThat(read(left.end0())).isEqualTo(2);
        assertThat(peerClosed(left.end0()) || peerClosed(local.end1())).isFalse();
        left.close();
        local.close();
        other.close();
    }

    @Test
    void nodeExpectedToMergeIsLost_thePortThatWaitedCloses_itsPeerSeesMergeFailed() {
        MessagePipe waiting = y.createMessagePipe();
        MessagePipe unrelated = y.createMessagePipe();
        assertThat(y.node.expectMerge(port(waiting.end0()), x.nodeName())).isTrue();
        assertThat(y.node.expectMerge(port(unrelated.end0()), h.nodeName())).isTrue();
        network.loseLink(x.nodeName(), y.nodeName());
        assertThat(peerClosed(waiting.end1())).isTrue();
        assertThat(waiting.end1().peerClosureReason()).contains(org.jmojo.system.ClosureReason.MERGE_FAILED);
        // A merge expected from a node still there is unaffected.
        write(unrelated.end1(), 3);
        assertThat(read(unrelated.end0())).isEqualTo(3);
        waiting.close();
        unrelated.close();
    }

    @Test
    void refusals_changeNothing() {
        MessagePipe left = x.createMessagePipe();
        MessagePipe right = y.createMessagePipe();
        write(left.end1(), 1);
        assertThat(merge(left.end1(), right.end0())).isEqualTo(MergeResult.FIRST_HAS_SENT);
        assertThat(x.node.mergeWithRemotePort(port(left.end1()), new Object(), y.nodeName(), port(right.end0()).name()))
                .isEqualTo(MergeResult.NOT_OWNER);
        assertThatThrownBy(() -> x.node.mergeWithRemotePort(port(left.end0()), endpoint(left.end0()), x.nodeName(),
                port(left.end1()).name())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> y.node.expectMerge(port(right.end0()), y.nodeName()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(read(left.end0())).isEqualTo(1);
        assertThat(network.pendingFrames()).isZero();
        left.close();
        right.close();
    }
}

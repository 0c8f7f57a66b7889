package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.jmojo.internal.ports.Node;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoException;
import org.jmojo.system.MojoResult;
import org.jmojo.system.ReadResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two pipes sent into each other from two nodes at once (docs/ports.md, "Orphans": the chase). Each message is
 * addressed to the other pipe's end, which has just left inside the other message; before the fix each landed at a
 * proxy, was passed on to where the other end went, and its carried end moved again, for ever (the pump gave up
 * after any number of frames). Now the loop is recognised where a proxy passes one of them on, both carried ends
 * are closed, their near ends see PEER_CLOSED, every proxy goes, and pipes outside the loop are untouched. The same
 * holds for a loop of three pipes round three nodes and for a chase whose message passes an older proxy of the route
 * first, since every location of an endpoint has the high half of its first port's name (docs/ports.md, "Orphans").
 */
@Timeout(60)
class PipeChaseTest extends ThreeSimulatedNodes {
    @Test
    void pipesSentIntoEachOtherFromTwoNodesAtOnce_loopClosed_noChase_nothingLeft() {
        MessagePipe x = a.createMessagePipeTo(b); // x.end0 on a, x.end1 on b
        MessagePipe y = a.createMessagePipeTo(b); // y.end0 on a, y.end1 on b
        MessagePipe bystander = a.createMessagePipeTo(b);
        assertThat(x.end0().writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK);
        // On b, x's far end into y (towards y.end0 on a); on a, y's far end into x (towards x.end1 on b), before
        // either message arrives.
        assertThat(y.end1().writeMessage(new byte[] {2}, List.of(x.end1()))).isEqualTo(MojoResult.OK);
        assertThat(x.end0().writeMessage(new byte[] {3}, List.of(y.end0()))).isEqualTo(MojoResult.OK);
        assertThat(bystander.end0().writeMessage(new byte[] {4})).isEqualTo(MojoResult.OK);

        int frames = network.deliverAll(10_000);

        assertThat(frames).as("frames until quiet").isLessThan(200);
        assertThat(peerClosed(x.end0())).as("x's near end").isTrue();
        assertThat(peerClosed(y.end1())).as("y's near end").isTrue();
        ReadResult r = bystander.end1().readMessage();
        assertThat(r.result()).isEqualTo(MojoResult.OK);
        assertThat(r.message().bytes()).containsExactly(4);
        assertThat(peerClosed(bystander.end1())).isFalse();
        assertCollapsedThenNothingLeftAfterClosing(List.of(x.end0(), y.end1(), bystander.end0(), bystander.end1()));
    }

    @Test
    void sameShape_butTheFirstMessageWasReadBeforeItsReaderMoved_notALoop_nothingClosed() {
        MessagePipe x = a.createMessagePipeTo(b);
        MessagePipe y = a.createMessagePipeTo(b);
        // y.end0 goes to b inside x and is read there: it is a live end on b, not in transit.
        assertThat(x.end0().writeMessage(new byte[] {3}, List.of(y.end0()))).isEqualTo(MojoResult.OK);
        network.deliverAll(1_000);
        ReadResult got = x.end1().readMessage();
        assertThat(got.result()).isEqualTo(MojoResult.OK);
        MessagePipeEndpoint yMoved = (MessagePipeEndpoint) got.message().handles().getFirst();
        // Now x's far end goes into y from b, addressed to y's old location on a, whose proxy passes it on.
        assertThat(y.end1().writeMessage(new byte[] {2}, List.of(x.end1()))).isEqualTo(MojoResult.OK);
        network.deliverAll(1_000);

        ReadResult second = yMoved.readMessage();
        assertThat(second.result()).isEqualTo(MojoResult.OK);
        MessagePipeEndpoint xMoved = (MessagePipeEndpoint) second.message().handles().getFirst();
        assertThat(x.end0().writeMessage(new byte[] {5})).isEqualTo(MojoResult.OK);
        network.deliverAll(1_000);
        assertThat(xMoved.readMessage().message().bytes()).containsExactly(5);
        assertThat(peerClosed(x.end0())).isFalse();
        assertThat(peerClosed(y.end1())).isFalse();
        x.end0().close();
        xMoved.close();
        yMoved.close();
        y.end1().close();
        network.deliverAll(1_000);
        for (LocalCore n : List.of(a, b)) {
            assertThat(n.portCount() + n.liveHandleCount()).as("left on %s", n.nodeName()).isZero();
        }
    }

    /** Routes collapsed on every node, and after closing {@code rest} nothing left anywhere. */
    private void assertCollapsedThenNothingLeftAfterClosing(List<MessagePipeEndpoint> rest) {
        for (LocalCore n : List.of(a, b, c)) {
            Node.Census census = n.node().census();
            assertThat(census.buffering() + census.proxying() + census.heldEvents()).as("routes on %s", n.nodeName())
                    .isZero();
        }
        rest.forEach(MessagePipeEndpoint::close);
        network.deliverAll(1_000);
        for (LocalCore n : List.of(a, b, c)) {
            assertThat(n.portCount() + n.liveHandleCount() + n.portsInTransitCount()).as("left on %s", n.nodeName())
                    .isZero();
        }
    }

    @Test
    void threePipesSentRoundThreeNodesAtOnce_loopClosed_noChase_nothingLeft() {
        MessagePipe x = c.createMessagePipeTo(a); // x.end0 on c, x.end1 on a
        MessagePipe y = a.createMessagePipeTo(b); // y.end0 on a, y.end1 on b
        MessagePipe z = b.createMessagePipeTo(c); // z.end0 on b, z.end1 on c
        MessagePipe bystander = a.createMessagePipeTo(c);
        // Each far end into the next pipe, before any message arrives: x.end1 towards y.end1, y.end1 towards
        // z.end1, z.end1 towards x.end1. Each lands at a proxy, whose endpoint left inside the next message.
        assertThat(y.end0().writeMessage(new byte[] {1}, List.of(x.end1()))).isEqualTo(MojoResult.OK);
        assertThat(z.end0().writeMessage(new byte[] {2}, List.of(y.end1()))).isEqualTo(MojoResult.OK);
        assertThat(x.end0().writeMessage(new byte[] {3}, List.of(z.end1()))).isEqualTo(MojoResult.OK);
        assertThat(bystander.end0().writeMessage(new byte[] {4})).isEqualTo(MojoResult.OK);

        int frames = network.deliverAll(10_000);

        assertThat(frames).as("frames until quiet").isLessThan(400);
        assertThat(peerClosed(x.end0())).as("x's near end").isTrue();
        assertThat(peerClosed(y.end0())).as("y's near end").isTrue();
        assertThat(peerClosed(z.end0())).as("z's near end").isTrue();
        assertThat(bystander.end1().readMessage().message().bytes()).containsExactly(4);
        assertThat(peerClosed(bystander.end1())).isFalse();
        assertCollapsedThenNothingLeftAfterClosing(
                List.of(x.end0(), y.end0(), z.end0(), bystander.end0(), bystander.end1()));
    }

    @Test
    void chaseThroughAnOlderProxy_loopClosed_noChase_nothingLeft() {
        MessagePipe x = a.createMessagePipeTo(c); // x.end0 on a, x.end1 on c
        MessagePipe y = a.createMessagePipeTo(b); // y.end0 on a, y.end1 on b
        MessagePipe carrier = c.createMessagePipeTo(b);
        // x.end1 moves from c to b and is read there; its old port on c stays on x's route (nothing else is
        // delivered, so x.end0 on a still points at it).
        assertThat(carrier.end0().writeMessage(new byte[] {0}, List.of(x.end1()))).isEqualTo(MojoResult.OK);
        assertThat(network.deliverOn(c.core(), b.core())).isTrue();
        MessagePipeEndpoint xOnB = (MessagePipeEndpoint) carrier.end1().readMessage().message().handles().getFirst();
        // The chase: on b, x's far end into y (towards y.end0 on a); on a, y.end0 into x, addressed to x's far end's
        // old port on c, which passes it on to b.
        assertThat(y.end1().writeMessage(new byte[] {2}, List.of(xOnB))).isEqualTo(MojoResult.OK);
        assertThat(x.end0().writeMessage(new byte[] {3}, List.of(y.end0()))).isEqualTo(MojoResult.OK);

        int frames = network.deliverAll(10_000);

        assertThat(frames).as("frames until quiet").isLessThan(300);
        assertThat(peerClosed(x.end0())).as("x's near end").isTrue();
        assertThat(peerClosed(y.end1())).as("y's near end").isTrue();
        assertCollapsedThenNothingLeftAfterClosing(List.of(x.end0(), y.end1(), carrier.end0(), carrier.end1()));
    }

    @Test
    void ownPeerBehindAProxy_refused_handlesKept_pipeStillWorks() {
        MessagePipe x = a.createMessagePipeTo(b); // x.end0 on a, x.end1 on b
        MessagePipe carrier = b.createMessagePipeTo(a);
        assertThat(carrier.end0().writeMessage(new byte[] {0}, List.of(x.end1()))).isEqualTo(MojoResult.OK);
        assertThat(network.deliverOn(b.core(), a.core())).isTrue();
        MessagePipeEndpoint xOnA = (MessagePipeEndpoint) carrier.end1().readMessage().message().handles().getFirst();
        // x.end0's peer is still x.end1's old port on b, a proxy; the handle it attaches is x's other end all the same.
        assertThatThrownBy(() -> x.end0().writeMessage(new byte[] {1}, List.of(xOnA)))
                .isInstanceOfSatisfying(MojoException.class,
                        e -> assertThat(e.result()).isEqualTo(MojoResult.INVALID_ARGUMENT))
                .hasMessageContaining("its own peer");
        assertThat(x.end0().isValid()).isTrue();
        assertThat(xOnA.isValid()).isTrue();

        network.deliverAll(1_000);
        assertThat(x.end0().writeMessage(new byte[] {5})).isEqualTo(MojoResult.OK);
        network.deliverAll(1_000);
        assertThat(xOnA.readMessage().message().bytes()).containsExactly(5);
        assertThat(peerClosed(x.end0())).isFalse();
        assertCollapsedThenNothingLeftAfterClosing(List.of(x.end0(), xOnA, carrier.end0(), carrier.end1()));
    }

    /**
     * A loop of 40 pipes round three nodes, every far end sent at once into the next pipe (pipe i's far end inside a
     * message to pipe i+1's far end, which is itself leaving): each message lands at a proxy and chases the end it is
     * addressed to. The chain that recognises the loop has to run round all 40 pipes (docs/ports.md, "Orphans"), which
     * a fixed bound of 16 links once cut short: the messages then chased each other for ever.
     */
    @Test
    void fortyPipesSentRoundThreeNodesAtOnce_loopClosed_everyPortFreed() {
        int pipes = 40;
        List<LocalCore> nodes = List.of(a, b, c);
        // Pipe i's near end is on node(i), its far end on node(i + 1): a ring of 40 coloured with three nodes, so that
        // pipe i's far end and pipe i+1's near end, which sends it, share a node and no pipe lies within one node.
        List<LocalCore> nodeOf = new ArrayList<>();
        for (int i = 0; i < pipes; i++) {
            nodeOf.add(i == pipes - 1 ? b : nodes.get(i % 3));
        }
        List<MessagePipe> loop = new ArrayList<>();
        for (int i = 0; i < pipes; i++) {
            loop.add(nodeOf.get(i).createMessagePipeTo(nodeOf.get((i + 1) % pipes)));
        }
        MessagePipe bystander = a.createMessagePipeTo(c);
        for (int i = 0; i < pipes; i++) {
            MessagePipe next = loop.get((i + 1) % pipes);
            assertThat(next.end0().writeMessage(new byte[] {(byte) i}, List.of(loop.get(i).end1())))
                    .as("pipe %d's far end into pipe %d", i, (i + 1) % pipes).isEqualTo(MojoResult.OK);
        }
        assertThat(bystander.end0().writeMessage(new byte[] {4})).isEqualTo(MojoResult.OK);

        int frames = network.deliverAll(100_000);

        assertThat(network.pendingFrames()).as("frames left after %d", frames).isZero();
        for (int i = 0; i < pipes; i++) {
            assertThat(peerClosed(loop.get(i).end0())).as("pipe %d's near end", i).isTrue();
        }
        assertThat(bystander.end1().readMessage().message().bytes()).containsExactly(4);
        assertThat(peerClosed(bystander.end1())).isFalse();
        for (LocalCore n : nodes) {
            long nearEnds = nodeOf.stream().filter(x -> x == n).count();
            long bystanderEnds = n == a || n == c ? 1 : 0;
            assertThat(n.portCount()).as("ports on %s: its near ends and the bystander's", n.nodeName())
                    .isEqualTo(nearEnds + bystanderEnds);
            assertThat(n.portsInTransitCount()).as("ports in transit on %s", n.nodeName()).isZero();
        }
        List<MessagePipeEndpoint> rest = new ArrayList<>();
        loop.forEach(p -> rest.add(p.end0()));
        rest.add(bystander.end0());
        rest.add(bystander.end1());
        assertCollapsedThenNothingLeftAfterClosing(rest);
    }

    /**
     * Pipe {@code near}–{@code far} made by fusing {@code near}–m1 (m1 on c) with m2–{@code far} (m2 on c): both
     * peers are on other nodes, so the fuse leaves m1 and m2 as proxies on c and the route has not collapsed while
     * nothing is delivered (docs/ports.md, "Merging"). Returns {near, far}.
     */
    private MessagePipeEndpoint[] fusedOnC(LocalCore nearNode, LocalCore farNode) {
        MessagePipe first = nearNode.createMessagePipeTo(c);
        MessagePipe second = c.createMessagePipeTo(farNode);
        c.fuseMessagePipes(first.end1(), second.end0());
        assertThat(c.node().census().proxying()).as("the fuse's proxies on c").isPositive();
        return new MessagePipeEndpoint[] {first.end0(), second.end1()};
    }

    /**
     * The two-pipe chase where pipe y is fused on c and its route has not collapsed: y1's message carrying x1 is
     * addressed to y's fused end on c, whose name is no location of y0, so x1's old port on b names no endpoint of
     * the loop (a fuse gives the surviving end no new identity). The fused proxy passes that message on to y0 under
     * y0's own name, and from there the chase goes as for any two pipes: the loop is closed by the same rule.
     */
    @Test
    void chaseThroughAFusedPipeNotCollapsed_loopClosed_noChase_nothingLeft() {
        MessagePipe x = a.createMessagePipeTo(b); // x.end0 on a, x.end1 on b
        MessagePipeEndpoint[] y = fusedOnC(a, b); // y0 on a, y1 on b, the fuse's proxies on c
        assertThat(y[1].writeMessage(new byte[] {2}, List.of(x.end1()))).isEqualTo(MojoResult.OK);
        assertThat(x.end0().writeMessage(new byte[] {3}, List.of(y[0]))).isEqualTo(MojoResult.OK);

        network.deliverAll(100_000);

        assertThat(network.pendingFrames()).isZero();
        assertThat(peerClosed(x.end0())).as("x's near end").isTrue();
        assertThat(peerClosed(y[1])).as("y's near end").isTrue();
        assertCollapsedThenNothingLeftAfterClosing(List.of(x.end0(), y[1]));
    }

    /**
     * The same with both pipes fused on c, neither route collapsed: both messages are addressed to fused ends, so
     * neither carried end's old port names the other endpoint. Each fused proxy passes its message on under the
     * surviving end's name, and the next proxies of the chase recognise the loop.
     */
    @Test
    void chaseThroughTwoFusedPipesNotCollapsed_loopClosed_noChase_nothingLeft() {
        MessagePipeEndpoint[] x = fusedOnC(a, b); // x0 on a, x1 on b
        MessagePipeEndpoint[] y = fusedOnC(a, b); // y0 on a, y1 on b
        assertThat(y[1].writeMessage(new byte[] {2}, List.of(x[1]))).isEqualTo(MojoResult.OK);
        assertThat(x[0].writeMessage(new byte[] {3}, List.of(y[0]))).isEqualTo(MojoResult.OK);

        network.deliverAll(100_000);

        assertThat(network.pendingFrames()).isZero();
        assertThat(peerClosed(x[0])).as("x's near end").isTrue();
        assertThat(peerClosed(y[1])).as("y's near end").isTrue();
        assertCollapsedThenNothingLeftAfterClosing(List.of(x[0], y[1]));
    }
}

package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jmojo.internal.multinode.SimulatedNetwork;
import org.jmojo.internal.ports.Node;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.ReadResult;
import org.jmojo.system.Signals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two pipes sent into each other from two nodes at once (docs/ports.md, "Orphans": the chase). Each message is
 * addressed to the other pipe's end, which has just left inside the other message; before the fix each landed at a
 * proxy, was passed on to where the other end went, and its carried end moved again, for ever (the pump gave up
 * after any number of frames). Now the loop is recognised where a proxy passes one of them on, both carried ends
 * are closed, their near ends see PEER_CLOSED, every proxy goes, and pipes outside the loop are untouched.
 */
@Timeout(60)
class PipeChaseTest {
    private final SimulatedNetwork network = new SimulatedNetwork();
    private final LocalCore a = joined();
    private final LocalCore b = joined();

    private LocalCore joined() {
        LocalCore n = LocalCore.of(LocalCore.newNode());
        network.join(n.core());
        return n;
    }

    private static boolean peerClosed(MessagePipeEndpoint end) {
        return end.querySignalsState().satisfied().containsAll(Signals.PEER_CLOSED);
    }

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
        for (LocalCore n : List.of(a, b)) {
            Node.Census census = n.node().census();
            assertThat(census.buffering() + census.proxying() + census.heldEvents()).as("routes on %s", n.nodeName())
                    .isZero();
        }
        ReadResult r = bystander.end1().readMessage();
        assertThat(r.result()).isEqualTo(MojoResult.OK);
        assertThat(r.message().bytes()).containsExactly(4);
        assertThat(peerClosed(bystander.end1())).isFalse();

        x.end0().close();
        y.end1().close();
        bystander.close();
        network.deliverAll(1_000);
        for (LocalCore n : List.of(a, b)) {
            assertThat(n.portCount() + n.liveHandleCount() + n.portsInTransitCount()).as("left on %s", n.nodeName())
                    .isZero();
        }
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
}

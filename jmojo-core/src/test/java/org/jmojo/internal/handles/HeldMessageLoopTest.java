package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MojoResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A loop of pipes queued in each other where one link of the loop is a message that its port holds rather than
 * queues (docs/ports.md, "Orphans", the invariants kept). Found by simulation seeds 3685 and 46923; these tests drive
 * the same shape by hand, on two nodes, one frame at a time.
 *
 * <p>The shape: pipe X (x0 on a, x1 on b) and pipe Y (y0 on a, y1 on b). x1 goes from b to a inside a message to
 * y0, so its new port on a (x1') is queued in y0's queue. x0 learns of x1' (update-previous-peer), is told by x1's old
 * port on b to send to x1' directly (observe-proxy), and sends y0 to x1' inside a message. x1' still expects its
 * events from x1's old port on b, whose hand-over (update-previous-peer) has not arrived, so it holds that message:
 * y0 is held at x1' and x1' is queued in y0.
 */
@Timeout(60)
class HeldMessageLoopTest extends ThreeSimulatedNodes {
    private MessagePipe x;
    private MessagePipe y;

    /** Builds the shape above; returns with the message carrying y0 held at x1' and a's ack to b not delivered. */
    private void loopThroughAHeldMessage() {
        x = a.createMessagePipeTo(b);
        y = a.createMessagePipeTo(b);
        assertThat(y.end1().writeMessage(new byte[] {1}, List.of(x.end1()))).isEqualTo(MojoResult.OK);
        deliverAllOn(b, a); // x0 learns of x1'; x1' is made on a, queued in y0
        deliverAllOn(a, b); // port-accepted: x1's old port proxies and sends observe-proxy towards x1'
        deliverAllOn(b, a); // x1' passes it to x0, which re-points at x1' and acks (a to b, not delivered)
        assertThat(x.end0().writeMessage(new byte[] {2}, List.of(y.end0()))).isEqualTo(MojoResult.OK);
        assertThat(a.node().census().heldEvents()).as("the message carrying y0, held at x1'").isEqualTo(1);
    }

    /** Closes x0 and y1; then no port, port in transit, held event or handle is left on a or b. */
    private void closeTheNearEndsThenNothingLeft() {
        x.end0().close();
        y.end1().close();
        network.deliverAll(1_000);
        for (LocalCore n : List.of(a, b)) {
            assertThat(n.node().census().heldEvents()).as("held events on %s", n.nodeName()).isZero();
            assertThat(n.portCount()).as("ports on %s", n.nodeName()).isZero();
            assertThat(n.portsInTransitCount()).as("ports in transit on %s", n.nodeName()).isZero();
            assertThat(n.liveHandleCount()).as("handles on %s", n.nodeName()).isZero();
        }
    }

    /**
     * Without {@code heldCarriesLocked} y0 is not counted as queued anywhere, so the loop looks reachable from a
     * handle and the two ports stay on a for ever: the message is held behind an update-previous-peer from a node
     * that is lost, and every other end is gone (seed 3685).
     */
    @Test
    void messageHeldForEverAfterNodeLoss_loopFreedWhenItsPeersAreGone() {
        loopThroughAHeldMessage();

        // x1's old port will never hand over, so x1' breaks (its previous sender is lost) and tells x0; y1 is lost to
        // a, so y0 breaks too. Both ports of the loop now have a closed peer and no handle can reach them.
        network.loseLink(a.nodeName(), b.nodeName());
        assertThat(peerClosed(x.end0())).as("x0, told by x1' that it broke").isTrue();
        assertThat(a.portCount()).as("ports on a: x0 only").isEqualTo(1);
        assertThat(a.portsInTransitCount()).as("ports in transit on a").isZero();
        closeTheNearEndsThenNothingLeft();
    }

    /**
     * A port closed by the orphan rule while the message carrying it is held must not be counted in transit again
     * when that message is released and queued (seed 46923). Here z0 (pipe Z: z0 on a, z1 on b) is held at x1' in a
     * second message. The loop x1'/y0 has open peers (x0, y1), so when z1 closes, the orphan rule closes z0 alone
     * (it hangs off the loop: no handle can reach it) and leaves the loop. Then x1's old port hands over, x1' queues
     * both messages, and z0, already closed, must stay out of the transit set: nothing would ever take it out again
     * (a closed port is not closed twice), and a census would count it for ever.
     */
    @Test
    void portClosedWhileItsMessageIsHeld_notCountedInTransitWhenTheMessageIsQueued() {
        loopThroughAHeldMessage();
        MessagePipe z = a.createMessagePipeTo(b);
        assertThat(x.end0().writeMessage(new byte[] {3}, List.of(z.end0()))).isEqualTo(MojoResult.OK);
        assertThat(a.node().census().heldEvents()).as("both messages held at x1'").isEqualTo(2);
        assertThat(a.portsInTransitCount()).as("x1' in y0's queue; y0 and z0 held at x1'").isEqualTo(3);

        z.end1().close();
        deliverAllOn(b, a); // z0 learns that z1 closed: an orphan hanging off the loop
        assertThat(a.portsInTransitCount()).as("z0 closed; the loop, whose peers are open, stays").isEqualTo(2);
        deliverAllOn(a, b); // x0's ack: x1's old port hands over to x0 and goes
        deliverAllOn(b, a); // x1' now expects x0 and queues both messages
        assertThat(a.node().census().heldEvents()).as("held events on a").isZero();
        assertThat(a.portsInTransitCount()).as("x1' in y0's queue, y0 queued at x1'; not z0").isEqualTo(2);

        closeTheNearEndsThenNothingLeft();
    }
}

package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import org.jmojo.system.Core;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.ReadResult;
import org.jmojo.system.Signals;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docs/architecture.md §3, orphans: a port that no handle can ever reach (it sits in a loop of ports queued in each
 * other's queues) is closed once its peer closes, with every port in its queue; a port merely in transit
 * to a reader keeps every message its peer wrote before closing (§1).
 */
class OrphanPortsTest {
    private final Core core = Core.instance();
    private final LocalCore local = LocalCore.of(Core.instance());

    /** Handles other tests dropped are closed by the leak detector at some collection: not during this test. */
    @BeforeEach
    void closeHandlesOtherTestsDropped() {
        PendingLeaks.settle();
    }

    private static boolean peerClosed(MessagePipeEndpoint e) {
        return e.querySignalsState().satisfiesAny(Signals.PEER_CLOSED);
    }

    /** Pipe A's end queued in pipe B's queue and B's end in A's: a loop no reader can enter. */
    @Test
    void loopOfTwoPipes_peerClosesOneSide_wholeLoopClosedAndOtherSideSeesPeerClosed() {
        int portsBefore = local.portCount();
        MessagePipe a = core.createMessagePipe();
        MessagePipe b = core.createMessagePipe();
        MessagePipeEndpoint a0 = a.end0();
        MessagePipeEndpoint b0 = b.end0();
        assertThat(b0.writeMessage(new byte[] {1}, List.of(a.end1()))).isEqualTo(MojoResult.OK); // a1 -> b1's queue
        assertThat(a0.writeMessage(new byte[] {2}, List.of(b.end1()))).isEqualTo(MojoResult.OK); // b1 -> a1's queue

        // While both outside ends are open, nothing is closed: their peers exist, unreachable or not.
        assertThat(peerClosed(a0)).isFalse();
        assertThat(peerClosed(b0)).isFalse();
        assertThat(b0.writeMessage(new byte[] {3})).isEqualTo(MojoResult.OK);
        assertThat(local.portCount()).isEqualTo(portsBefore + 4);

        a0.close();
        // a1 learned that its peer closed and sits in the loop: it is closed with its queue, which closes
        // b1, so b0 learns that nothing will ever read it.
        assertThat(peerClosed(b0)).isTrue();
        assertThat(b0.writeMessage(new byte[] {4})).isEqualTo(MojoResult.FAILED_PRECONDITION);
        assertThat(local.portCount()).isEqualTo(portsBefore + 1);

        b0.close();
        assertThat(local.portCount()).isEqualTo(portsBefore);
    }

    /** Both outside ends closed before the loop exists: the send that closes the loop collects it. */
    @Test
    void loopClosedByLastSend_peersAlreadyClosed_collectedAtOnce() {
        int portsBefore = local.portCount();
        MessagePipe a = core.createMessagePipe();
        MessagePipe b = core.createMessagePipe();
        MessagePipeEndpoint a1 = a.end1();
        MessagePipeEndpoint b1 = b.end1();
        assertThat(a.end0().writeMessage(new byte[0], List.of(b1))).isEqualTo(MojoResult.OK); // b1 -> a1's queue
        a.end0().close();
        MessagePipe carrier = b;
        // a1 still has a handle: it is reachable and keeps its queue although its peer closed.
        assertThat(local.portCount()).isEqualTo(portsBefore + 3);
        assertThat(carrier.end0().writeMessage(new byte[0], List.of(a1))).isEqualTo(MojoResult.OK); // a1 -> b1's queue
        assertThat(peerClosed(carrier.end0())).isTrue();
        carrier.end0().close();
        assertThat(local.portCount()).isEqualTo(portsBefore);
    }

    /** A loop through three pipes is found as well, and a port hanging off it goes with it. */
    @Test
    void loopOfThreePipes_withPortQueuedInside_allClosed() {
        int portsBefore = local.portCount();
        MessagePipe a = core.createMessagePipe();
        MessagePipe b = core.createMessagePipe();
        MessagePipe c = core.createMessagePipe();
        MessagePipe hanging = core.createMessagePipe();
        assertThat(a.end0().writeMessage(new byte[0], List.of(hanging.end1()))).isEqualTo(MojoResult.OK);
        assertThat(b.end0().writeMessage(new byte[0], List.of(a.end1()))).isEqualTo(MojoResult.OK); // a1 in b1
        assertThat(c.end0().writeMessage(new byte[0], List.of(b.end1()))).isEqualTo(MojoResult.OK); // b1 in c1
        assertThat(a.end0().writeMessage(new byte[0], List.of(c.end1()))).isEqualTo(MojoResult.OK); // c1 in a1
        assertThat(peerClosed(hanging.end0())).isFalse();

        a.end0().close();
        assertThat(peerClosed(b.end0())).isTrue();
        assertThat(peerClosed(c.end0())).isTrue();
        assertThat(peerClosed(hanging.end0())).isTrue();

        b.end0().close();
        c.end0().close();
        hanging.end0().close();
        assertThat(local.portCount()).isEqualTo(portsBefore);
    }

    /** The case the literal rule would get wrong: an endpoint in transit whose peer wrote, then closed. */
    @Test
    void endpointInTransit_peerWritesThenCloses_readerStillGetsEveryMessage() {
        MessagePipe cargo = core.createMessagePipe();
        MessagePipe carrier = core.createMessagePipe();
        assertThat(carrier.end0().writeMessage(new byte[0], List.of(cargo.end1()))).isEqualTo(MojoResult.OK);
        assertThat(cargo.end0().writeMessage(new byte[] {7})).isEqualTo(MojoResult.OK);
        assertThat(cargo.end0().writeMessage(new byte[] {8})).isEqualTo(MojoResult.OK);
        cargo.end0().close();

        ReadResult r = carrier.end1().readMessage();
        assertThat(r.result()).isEqualTo(MojoResult.OK);
        try (MessagePipeEndpoint received = r.message().handle(0, MessagePipeEndpoint.class)) {
            assertThat(received.readMessage().message().bytes()).containsExactly(7);
            assertThat(received.readMessage().message().bytes()).containsExactly(8);
            assertThat(received.readMessage().result()).isEqualTo(MojoResult.FAILED_PRECONDITION);
        }
        carrier.close();
    }

    /** Nested in transit (a port in a port's queue in a held port's queue): reachable, so kept. */
    @Test
    void endpointNestedTwoDeep_peerCloses_keptUntilRead() {
        MessagePipe inner = core.createMessagePipe();
        MessagePipe middle = core.createMessagePipe();
        MessagePipe outer = core.createMessagePipe();
        assertThat(middle.end0().writeMessage(new byte[0], List.of(inner.end1()))).isEqualTo(MojoResult.OK);
        assertThat(outer.end0().writeMessage(new byte[0], List.of(middle.end1()))).isEqualTo(MojoResult.OK);
        assertThat(inner.end0().writeMessage(new byte[] {9})).isEqualTo(MojoResult.OK);
        inner.end0().close();
        middle.end0().close();

        try (MessagePipeEndpoint m = outer.end1().readMessage().message().handle(0, MessagePipeEndpoint.class);
                MessagePipeEndpoint i = m.readMessage().message().handle(0, MessagePipeEndpoint.class)) {
            assertThat(i.readMessage().message().bytes()).containsExactly(9);
            assertThat(i.readMessage().result()).isEqualTo(MojoResult.FAILED_PRECONDITION);
        }
        outer.close();
    }

    /** A port read out of a loop's former member before the loop formed is not part of the loop. */
    @Test
    void portReadBackOutOfQueue_thenLoopAttempt_reachableAgain() {
        int portsBefore = local.portCount();
        MessagePipe a = core.createMessagePipe();
        MessagePipe b = core.createMessagePipe();
        assertThat(b.end0().writeMessage(new byte[0], List.of(a.end1()))).isEqualTo(MojoResult.OK); // a1 in b1
        MessagePipeEndpoint a1 = b.end1().readMessage().message().handle(0, MessagePipeEndpoint.class);
        // b1 now goes into a1's queue: a1 holds a handle again, so no loop and nothing closes.
        assertThat(a.end0().writeMessage(new byte[0], List.of(b.end1()))).isEqualTo(MojoResult.OK);
        a.end0().close();
        assertThat(peerClosed(b.end0())).isFalse();
        MessagePipeEndpoint b1 = a1.readMessage().message().handle(0, MessagePipeEndpoint.class);
        assertThat(b.end0().writeMessage(new byte[] {5})).isEqualTo(MojoResult.OK);
        assertThat(b1.readMessage().message().bytes()).containsExactly(5);
        a1.close();
        b1.close();
        b.end0().close();
        assertThat(local.portCount()).isEqualTo(portsBefore);
    }

    /**
     * Two threads race to close a loop and their outside ends: each sends the other pipe's far end into
     * its own pipe, then closes its near end. Whatever the interleaving (a send failing because the
     * loop was already collected, a close before or after the loop forms), every port ends closed.
     */
    @Test
    @Timeout(60)
    void racingLoopFormationAndCloses_everyPortClosedEveryRound() throws Exception {
        int rounds = 2_000;
        int portsBefore = local.portCount();
        CyclicBarrier start = new CyclicBarrier(2);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        MessagePipe[][] pairs = new MessagePipe[rounds][];
        for (int i = 0; i < rounds; i++) {
            pairs[i] = new MessagePipe[] {core.createMessagePipe(), core.createMessagePipe()};
        }
        Thread[] threads = new Thread[2];
        for (int t = 0; t < 2; t++) {
            int self = t;
            threads[t] = Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < rounds; i++) {
                        start.await();
                        MessagePipe mine = pairs[i][self];
                        MessagePipe other = pairs[i][1 - self];
                        MessagePipeEndpoint cargo = other.end1();
                        MojoResult r = mine.end0().writeMessage(new byte[] {(byte) self}, List.of(cargo));
                        if (r != MojoResult.OK) {
                            cargo.close(); // a failed write leaves the handle with its caller
                        }
                        mine.end0().close();
                    }
                } catch (Throwable e) {
                    failures.add(e);
                    start.reset();
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
        assertThat(local.portCount()).isEqualTo(portsBefore);
    }
}

package org.jmojo.internal.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jmojo.system.Deadline;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.Signals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The network tag of a fresh local pair at its first crossing (docs/processes.md, "Isolated links and bridges";
 * docs/concurrency.md, "Bridges"), with {@link TwoNetworks}: A (client A1) and B (client B1) linked by A's named
 * endpoint. The two ends of a fresh pair at A leave at once, one into A's network (to A1) and one into the link (to
 * B); one thread is held by {@link Bridges#afterDecision} between its tag decision and its port's
 * conversion while the other sends. Whichever decides first claims the pair; the other end is bridged, and the pipe
 * works both ways once every route has collapsed.
 */
@Timeout(60)
class NetworkTagRaceTest extends TwoNetworks {
    private static final String SENDER = "tag-race-sender";

    /** A send held right after its tag decision at A ({@link #sendAndHold}). */
    private record HeldSend(Thread thread, CountDownLatch release, AtomicReference<MojoResult> result) {
        MojoResult finish() throws InterruptedException {
            release.countDown();
            thread.join();
            return result.get();
        }
    }

    /**
     * Writes {@code end} on {@code carrier} on a thread of its own and returns once that thread is held right after
     * it decided the tag of {@code end} at A (before {@code end} is converted). First every route made so far must
     * have collapsed, so that each send is decided on its writer's thread (not passed on later by a proxy, on an I/O
     * thread).
     */
    private HeldSend sendAndHold(MessagePipeEndpoint end, MessagePipeEndpoint carrier) throws InterruptedException {
        settle();
        CountDownLatch decided = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        channels(a).bridges().afterDecision = port -> {
            if (Thread.currentThread().getName().equals(SENDER)) {
                decided.countDown();
                try {
                    assertThat(release.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        };
        AtomicReference<MojoResult> result = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().name(SENDER)
                .start(() -> result.set(carrier.writeMessage(new byte[0], List.of(end))));
        assertThat(decided.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        return new HeldSend(thread, release, result);
    }

    @Test
    void anEndLeavingBeforeTheFirstLink_claimsThePairForItsNetwork_theOtherEndLeavingIntoTheNewLinkIsBridged()
            throws Exception {
        MessagePipe pair = a.createMessagePipe();
        HeldSend toA1 = sendAndHold(pair.end0(), controlA.end0());
        // end0 is decided for A's network, not converted yet; now A's first isolated link comes, and end1 goes into it.
        MessagePipe link = linkAToB();
        settle(); // the link's pipe is direct: end1 is decided on this thread
        assertThat(link.end0().writeMessage(new byte[0], List.of(pair.end1()))).isEqualTo(MojoResult.OK);
        finishAndCheck(toA1, link);
    }

    @Test
    void theLinkSideDecidesFirst_theEndLeavingIntoANetworkWhileItIsHeldIsBridged() throws Exception {
        MessagePipe link = linkAToB();
        MessagePipe pair = a.createMessagePipe();
        HeldSend toB = sendAndHold(pair.end1(), link.end0());
        assertThat(controlA.end0().writeMessage(new byte[0], List.of(pair.end0()))).isEqualTo(MojoResult.OK);
        finishAndCheck(toB, link);
    }

    @Test
    void theANetworkSideDecidesFirst_theEndLeavingIntoTheLinkWhileItIsHeldIsBridged() throws Exception {
        MessagePipe link = linkAToB();
        MessagePipe pair = a.createMessagePipe();
        HeldSend toA1 = sendAndHold(pair.end0(), controlA.end0());
        assertThat(link.end0().writeMessage(new byte[0], List.of(pair.end1()))).isEqualTo(MojoResult.OK);
        finishAndCheck(toA1, link);
    }

    /**
     * Lets {@code held} go on; then the pair's end0 has gone to A1 and its end1 to B over {@code link}, with exactly
     * one bridge at A, and the pipe works ({@link #checkPipeWorks}).
     */
    private void finishAndCheck(HeldSend held, MessagePipe link) throws InterruptedException {
        assertThat(held.finish()).isEqualTo(MojoResult.OK);
        assertThat(channels(a).bridgeCount()).isEqualTo(1);
        checkPipeWorks(read(a1, controlA.end1()).handle(0, MessagePipeEndpoint.class),
                read(b, link.end1()).handle(0, MessagePipeEndpoint.class));
    }

    /**
     * Messages go both ways between {@code atA1} and {@code atB}, and again once no port of A, A1 or B moves (every
     * proxy removed: a route spanning the link would have broken by then), then both close and the bridge ends.
     */
    private void checkPipeWorks(MessagePipeEndpoint atA1, MessagePipeEndpoint atB) {
        exchange(atA1, atB, 1);
        settle();
        exchange(atA1, atB, 3);
        atA1.close();
        assertThat(b.wait(atB, Signals.PEER_CLOSED, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
        atB.close();
        assertThat(ChildJvmTest.eventually(() -> channels(a).bridgeCount() == 0)).isTrue();
    }

    private void exchange(MessagePipeEndpoint atA1, MessagePipeEndpoint atB, int first) {
        assertThat(atA1.writeMessage(new byte[] {(byte) first})).isEqualTo(MojoResult.OK);
        assertThat(read(b, atB).bytes()).containsExactly(first);
        assertThat(atB.writeMessage(new byte[] {(byte) (first + 1)})).isEqualTo(MojoResult.OK);
        assertThat(read(a1, atA1).bytes()).containsExactly(first + 1);
    }
}

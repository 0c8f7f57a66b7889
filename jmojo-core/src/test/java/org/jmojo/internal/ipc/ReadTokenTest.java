package org.jmojo.internal.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.internal.multinode.Nodes;
import org.jmojo.internal.node.EventTransport;
import org.jmojo.internal.multinode.SocketNetwork;
import org.jmojo.system.ClosureReason;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.ReadResult;
import org.jmojo.system.Signals;
import org.jmojo.system.Trap;
import org.jmojo.system.TriggerCondition;
import org.jmojo.system.WaitResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The read token (docs/concurrency.md): a platform thread waiting on a pipe whose peer is on another node reads that
 * node's channel itself. Two nodes of one JVM joined by a real socket pair; no sleeps: a waiter is known to hold the
 * token when its stack is in the holder's poll, and races are run as many-thread ping-pong to completion.
 */
@Timeout(120)
class ReadTokenTest {
    private final SocketNetwork network = new SocketNetwork(false);

    @AfterEach
    void closeNetwork() {
        System.clearProperty(Core.READ_TOKEN_PROPERTY);
        network.close();
    }

    private Core joinedNode() throws Exception {
        Core core = Nodes.newNode();
        network.join(core);
        return core;
    }

    private static NodeChannels channels(Core core) {
        return NodeChannels.existing(LocalCore.of(core));
    }

    private static long readByWaiters(Core reader, Core from) {
        return channels(reader).framesReadByWaiters(LocalCore.of(from).nodeName());
    }

    private static byte[] read(Core core, MessagePipeEndpoint end) {
        while (true) {
            ReadResult r = end.readMessage();
            if (r.result() == MojoResult.OK) {
                return r.message().bytes();
            }
            assertThat(r.result()).isEqualTo(MojoResult.SHOULD_WAIT);
            assertThat(core.wait(end, Signals.READABLE, Deadline.INFINITE).result()).isEqualTo(MojoResult.OK);
        }
    }

    private static byte[] seq(int i) {
        return ByteBuffer.allocate(4).putInt(0, i).array();
    }

    @Test
    void platformWaiter_takesTheToken_readsItsMessageItself_andTheIoThreadTakesOverAfter() throws Exception {
        Core a = joinedNode();
        Core b = joinedNode();
        try (MessagePipe p = Nodes.pipeBetween(a, b)) {
            CompletableFuture<byte[]> got = new CompletableFuture<>();
            Thread waiter = Thread.ofPlatform().start(() -> got.complete(read(b, p.end1())));
            ReadTokenHolders.awaitHolding(waiter);
            p.end0().writeMessage(seq(7));
            assertThat(got.get(60, TimeUnit.SECONDS)).isEqualTo(seq(7));
            assertThat(readByWaiters(b, a)).as("frames b's waiter read from a's channel").isPositive();
            waiter.join();

            // The token was given back: with nobody waiting, the I/O thread reads again.
            long before = readByWaiters(b, a);
            p.end0().writeMessage(seq(8));
            while (!p.end1().querySignalsState().satisfied().containsAll(Signals.READABLE)) {
                Thread.onSpinWait();
            }
            assertThat(p.end1().readMessage().message().bytes()).isEqualTo(seq(8));
            assertThat(readByWaiters(b, a)).isEqualTo(before);
        }
    }

    /**
     * The race a waiter can lose: the token is held (here by the test thread, through the same seam a waiter uses), so
     * the waiter asks for it, spins, and parks. Its message arrives while nobody but the holder may read the socket;
     * when the holder lets go, the release re-arms the socket in the I/O thread's epoll set, the I/O thread reads, and
     * the parked waiter is woken by its message: it does not sleep out its wait (issue 9's ReadTokenTest flake).
     */
    @Test
    void waiterThatLosesTheTokenRace_parks_andIsWokenByItsMessageOnceTheHolderLetsGo() throws Exception {
        Core a = joinedNode();
        Core b = joinedNode();
        try (MessagePipe p = Nodes.pipeBetween(a, b)) {
            EventTransport.DirectReader token = channels(b).directReader(LocalCore.of(a).nodeName());
            assertThat(token.tryAcquire()).isTrue();
            CompletableFuture<byte[]> got = new CompletableFuture<>();
            Thread waiter;
            try {
                waiter = Thread.ofPlatform().start(() -> got.complete(read(b, p.end1())));
                ReadTokenHolders.awaitParkedInWait(waiter);
                assertThat(token.wanted()).as("the loser asked for the token").isTrue();
                assertThat(p.end0().writeMessage(seq(5))).isEqualTo(MojoResult.OK);
            } finally {
                token.release();
            }
            assertThat(got.get()).isEqualTo(seq(5));
            waiter.join();
        }
    }

    @Test
    void switchedOff_orVirtualThread_parksAndTheIoThreadReads() throws Exception {
        Core a = joinedNode();
        Core b = joinedNode();
        try (MessagePipe p = Nodes.pipeBetween(a, b)) {
            System.setProperty(Core.READ_TOKEN_PROPERTY, "false");
            CompletableFuture<byte[]> off = new CompletableFuture<>();
            Thread platform = Thread.ofPlatform().start(() -> off.complete(read(b, p.end1())));
            ReadTokenHolders.awaitParked(platform);
            p.end0().writeMessage(seq(1));
            assertThat(off.get(60, TimeUnit.SECONDS)).isEqualTo(seq(1));
            System.clearProperty(Core.READ_TOKEN_PROPERTY);

            CompletableFuture<byte[]> virtual = new CompletableFuture<>();
            Thread v = Thread.ofVirtual().start(() -> virtual.complete(read(b, p.end1())));
            ReadTokenHolders.awaitParked(v);
            p.end0().writeMessage(seq(2));
            assertThat(virtual.get(60, TimeUnit.SECONDS)).isEqualTo(seq(2));
            assertThat(readByWaiters(b, a)).as("frames read by waiters").isZero();
        }
    }

    @Test
    void holderDispatchesOtherPipesFrames_theirHandlersRunOnTheIoThread_inOrder() throws Exception {
        Core a = joinedNode();
        Core b = joinedNode();
        int messages = 50;
        ConcurrentLinkedQueue<String> handlerThreads = new ConcurrentLinkedQueue<>();
        List<byte[]> seen = new ArrayList<>();
        CountDownLatch all = new CountDownLatch(1);
        AtomicReference<Trap> self = new AtomicReference<>();
        try (MessagePipe waited = Nodes.pipeBetween(a, b); MessagePipe trapped = Nodes.pipeBetween(a, b);
                Trap reading = b.createTrap(e -> {
                    if (e.result() != MojoResult.OK) {
                        return; // CANCELLED when the test closes the trap: runs on the closing thread
                    }
                    handlerThreads.add(Thread.currentThread().getName());
                    do {
                        for (ReadResult r; (r = trapped.end1().readMessage()).result() == MojoResult.OK; ) {
                            seen.add(r.message().bytes());
                        }
                    } while (seen.size() < messages && self.get().arm().result() == MojoResult.FAILED_PRECONDITION);
                    if (seen.size() == messages) {
                        all.countDown();
                    }
                })) {
            self.set(reading);
            assertThat(reading.addTrigger(trapped.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 0))
                    .isEqualTo(MojoResult.OK);
            assertThat(reading.arm().result()).isEqualTo(MojoResult.OK);
            CompletableFuture<byte[]> got = new CompletableFuture<>();
            Thread waiter = Thread.ofPlatform().start(() -> got.complete(read(b, waited.end1())));
            ReadTokenHolders.awaitHolding(waiter);
            for (int i = 0; i < messages; i++) {
                trapped.end0().writeMessage(seq(i));
            }
            waited.end0().writeMessage(seq(-1));
            assertThat(got.get(60, TimeUnit.SECONDS)).isEqualTo(seq(-1));
            assertThat(all.await(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(handlerThreads).isNotEmpty().allSatisfy(n -> assertThat(n).startsWith("jmojo-io-"));
        for (int i = 0; i < messages; i++) {
            assertThat(seen.get(i)).isEqualTo(seq(i));
        }
    }

    @Test
    void channelEndsWhileTheTokenIsHeld_waitEndsPeerClosed() throws Exception {
        Core a = joinedNode();
        Core b = joinedNode();
        MessagePipe p = Nodes.pipeBetween(a, b);
        AtomicReference<WaitResult> result = new AtomicReference<>();
        Thread waiter = Thread.ofPlatform().start(() -> result.set(b.wait(p.end1(), Signals.READABLE, Deadline.INFINITE)));
        ReadTokenHolders.awaitHolding(waiter);
        channels(a).close(); // goodbye, then end of stream: b's holder reads both
        waiter.join();
        assertThat(result.get().result()).isEqualTo(MojoResult.FAILED_PRECONDITION);
        assertThat(p.end1().querySignalsState().satisfied().containsAll(Signals.PEER_CLOSED)).isTrue();
        assertThat(p.end1().peerClosureReason()).contains(ClosureReason.PEER_LOST);
        p.end1().close();
    }

    @Test
    void newerWaiterAsksForTheToken_olderLetsGoAndParks_bothGetTheirMessages() throws Exception {
        Core a = joinedNode();
        Core b = joinedNode();
        try (MessagePipe first = Nodes.pipeBetween(a, b); MessagePipe second = Nodes.pipeBetween(a, b)) {
            CompletableFuture<byte[]> one = new CompletableFuture<>();
            CompletableFuture<byte[]> two = new CompletableFuture<>();
            Thread older = Thread.ofPlatform().start(() -> one.complete(read(b, first.end1())));
            ReadTokenHolders.awaitHolding(older);
            Thread newer = Thread.ofPlatform().start(() -> two.complete(read(b, second.end1())));
            // The older holder is woken, sees the request and parks for the rest of its wait.
            ReadTokenHolders.awaitParked(older);
            second.end0().writeMessage(seq(2));
            first.end0().writeMessage(seq(1));
            assertThat(two.get(60, TimeUnit.SECONDS)).isEqualTo(seq(2));
            assertThat(one.get(60, TimeUnit.SECONDS)).isEqualTo(seq(1));
            newer.join();
            older.join();
        }
    }

    /**
     * Many pipes between two nodes, each driven by a ping-pong with sequence numbers; waiters on both sides are
     * platform and virtual threads mixed, so tokens change hands and frames for one pipe are dispatched by the I/O
     * thread and by other pipes' waiters in turn. Every pipe keeps its order and nothing is lost (a lost wake-up
     * would hang a pair until the timeout).
     */
    @Test
    void manyWaitersMixed_pingPong_orderKeptPerPipe_noLostWakeUp() throws Exception {
        Core a = joinedNode();
        Core b = joinedNode();
        int pipes = 8;
        int rounds = 1_500;
        List<MessagePipe> all = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        for (int k = 0; k < pipes; k++) {
            MessagePipe p = Nodes.pipeBetween(a, b);
            all.add(p);
            boolean virtualPinger = k % 2 == 1;
            boolean virtualEchoer = k % 4 >= 2;
            Runnable ping = () -> {
                try {
                    for (int i = 0; i < rounds; i++) {
                        assertThat(p.end0().writeMessage(seq(i))).isEqualTo(MojoResult.OK);
                        assertThat(read(a, p.end0())).isEqualTo(seq(i));
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            };
            Runnable echo = () -> {
                try {
                    for (int i = 0; i < rounds; i++) {
                        byte[] m = read(b, p.end1());
                        assertThat(m).isEqualTo(seq(i));
                        assertThat(p.end1().writeMessage(m)).isEqualTo(MojoResult.OK);
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            };
            threads.add((virtualPinger ? Thread.ofVirtual() : Thread.ofPlatform()).start(ping));
            threads.add((virtualEchoer ? Thread.ofVirtual() : Thread.ofPlatform()).start(echo));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
        all.forEach(MessagePipe::close);
    }
}

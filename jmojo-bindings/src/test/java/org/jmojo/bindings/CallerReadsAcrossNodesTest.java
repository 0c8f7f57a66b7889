package org.jmojo.bindings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.jmojo.bindings.internal.router.ConnectionProbe;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.testing.MultiNodeFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Remote.Reads#AUTO}, the default: a remote reads on its blocked caller while its pipe's peer is on another
 * node ({@link org.jmojo.system.Signals#PEER_REMOTE}), as between processes, and through its watcher while the peer
 * is on its own node; asked again at each wait, so a peer that moves to another node after the bind, or back,
 * changes the mode. Two nodes in this JVM ({@link MultiNodeFixture}, delivering on the sending thread), so the
 * pipe crosses nodes as it would cross processes. Who read is seen through the connection's count of caller turns
 * and the thread a continuation ran on; each test releases the answer only once the caller is parked in its wait.
 */
@Timeout(60)
class CallerReadsAcrossNodesTest {

    private final MultiNodeFixture nodes = MultiNodeFixture.createWithImmediateDelivery(2);
    private final Pipes pipes = new Pipes();

    @AfterEach
    void closeAll() throws Exception {
        pipes.close();
        nodes.close();
    }

    private static long callerTurns(Remote<?> remote) {
        return ConnectionProbe.callerReadTurns(remote.router().connection());
    }

    private static boolean readsOnCaller(Remote<?> remote) {
        return ConnectionProbe.readsOnCaller(remote.router());
    }

    private MessagePipe pipe(int nodeOf0, int nodeOf1) {
        MessagePipe p = nodes.endpointPair(nodeOf0, nodeOf1);
        pipes.add(p.end0()::close);
        pipes.add(p.end1()::close);
        return p;
    }

    /** {@code end} moved to node {@code to} through a pipe from its node {@code from}; the moved endpoint. */
    private MessagePipeEndpoint move(MessagePipeEndpoint end, int from, int to) throws Exception {
        MessagePipe carrier = pipe(from, to);
        assertThat(carrier.end0().writeMessage(new byte[] {1}, List.of(end))).isEqualTo(MojoResult.OK);
        MessagePipeEndpoint moved = Pipes.read(carrier.end1()).handle(0, MessagePipeEndpoint.class);
        pipes.add(moved::close);
        return moved;
    }

    /**
     * Calls {@code add(a, b)} from this (platform) thread and blocks on it; {@code impl} answers once this thread is
     * parked. Returns the thread the call's continuation ran on.
     */
    private static Thread blockedCall(Remote<TestCalc> remote, CallerReadTest.Holding impl, int a, int b)
            throws Exception {
        int answered = impl.held.size();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        CompletableFuture<Integer> f = remote.get().add(a, b).whenComplete((v, e) -> ranOn.set(Thread.currentThread()));
        Thread caller = Thread.currentThread();
        Thread releaser = Thread.ofPlatform().start(() -> {
            while (impl.held.size() <= answered) {
                Thread.onSpinWait();
            }
            Pipes.awaitParked(caller);
            impl.held.get(answered).complete(0);
        });
        assertThat(f.get()).isEqualTo(a + b);
        releaser.join();
        return ranOn.get();
    }

    /** {@code impl} served on node {@code nodeOfPeer}, and a remote with {@code options} on node {@code nodeOfRemote}. */
    private Remote<TestCalc> connect(int nodeOfRemote, int nodeOfPeer, CallerReadTest.Holding impl,
            Remote.Options options) {
        MessagePipe p = pipe(nodeOfRemote, nodeOfPeer);
        pipes.add(Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, p.end1()), impl));
        return pipes.add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p.end0()), options));
    }

    @Test
    void byDefault_aPeerOnAnotherNode_isReadByTheBlockedCaller() throws Exception {
        CallerReadTest.Holding impl = new CallerReadTest.Holding();
        Remote<TestCalc> remote = connect(0, 1, impl, Remote.Options.defaults());
        assertThat(readsOnCaller(remote)).isTrue();
        assertThat(blockedCall(remote, impl, 1, 2)).isSameAs(Thread.currentThread());
        assertThat(callerTurns(remote)).isPositive();
        assertThat(remote.get().twiceSync(4)).as("a sync call on another node").isEqualTo(8);
    }

    @Test
    void byDefault_aPeerOnTheSameNode_isReadByTheWatcher() throws Exception {
        CallerReadTest.Holding impl = new CallerReadTest.Holding();
        Remote<TestCalc> remote = connect(1, 1, impl, Remote.Options.defaults());
        assertThat(readsOnCaller(remote)).isFalse();
        assertThat(blockedCall(remote, impl, 1, 2)).isNotSameAs(Thread.currentThread());
        assertThat(callerTurns(remote)).isZero();
    }

    @Test
    void eitherModeCanBeForced_whereverThePeerIs() throws Exception {
        CallerReadTest.Holding far = new CallerReadTest.Holding();
        Remote<TestCalc> watcher = connect(0, 1, far, Remote.Options.defaults().withWatcherReads());
        assertThat(readsOnCaller(watcher)).isFalse();
        assertThat(blockedCall(watcher, far, 2, 2)).isNotSameAs(Thread.currentThread());
        assertThat(callerTurns(watcher)).isZero();

        CallerReadTest.Holding near = new CallerReadTest.Holding();
        Remote<TestCalc> caller = connect(0, 0, near, Remote.Options.defaults().withCallerReads());
        assertThat(readsOnCaller(caller)).isTrue();
        assertThat(blockedCall(caller, near, 3, 3)).isSameAs(Thread.currentThread());
        assertThat(callerTurns(caller)).isPositive();
    }

    /**
     * A default remote bound on node 0 with its peer end on node {@code peerFrom}, which then moves to node
     * {@code peerTo} and gets {@code impl} bound there; checks where the peer is before and after.
     */
    private Remote<TestCalc> remoteWhosePeerMoves(int peerFrom, int peerTo, CallerReadTest.Holding impl)
            throws Exception {
        MessagePipe p = pipe(0, peerFrom);
        Remote<TestCalc> remote = pipes.add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p.end0())));
        assertThat(readsOnCaller(remote)).as("the peer starts on node %d", peerFrom).isEqualTo(peerFrom != 0);
        MessagePipeEndpoint moved = move(p.end1(), peerFrom, peerTo);
        assertThat(nodes.coreOf(moved)).isSameAs(nodes.node(peerTo));
        pipes.add(Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, moved), impl));
        assertThat(readsOnCaller(remote)).as("the peer is on node %d now", peerTo).isEqualTo(peerTo != 0);
        return remote;
    }

    @Test
    void thePeerMovesToAnotherNodeAfterTheBind_theNextWaitReadsOnTheCaller() throws Exception {
        CallerReadTest.Holding impl = new CallerReadTest.Holding();
        Remote<TestCalc> remote = remoteWhosePeerMoves(0, 1, impl);
        assertThat(blockedCall(remote, impl, 5, 6)).isSameAs(Thread.currentThread());
        assertThat(callerTurns(remote)).isPositive();
    }

    @Test
    void thePeerMovesToTheRemotesNode_theNextWaitLeavesTheReadingToTheWatcher() throws Exception {
        CallerReadTest.Holding impl = new CallerReadTest.Holding();
        Remote<TestCalc> remote = remoteWhosePeerMoves(1, 0, impl);
        long before = callerTurns(remote);
        assertThat(blockedCall(remote, impl, 7, 8)).isNotSameAs(Thread.currentThread());
        assertThat(callerTurns(remote)).isEqualTo(before);
    }
}

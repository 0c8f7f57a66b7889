package org.jmojo.bindings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.jmojo.bindings.BindingException.Failure;
import org.jmojo.bindings.internal.router.ConnectionProbe;
import org.jmojo.system.MessagePipe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every case of {@link SyncReentrancyTest} with {@link Remote.Options#withCallerReads()} on every remote and A's
 * sequence on a platform thread, so that A's blocking {@code [Sync]} call to B reads B's pipe itself (a virtual
 * thread would wait as before): the nested sync request from B is still served by A's waiting thread, and a
 * {@code [NoInterrupt]} call still serves none. And the sync path's own cases: the caller read the response (the
 * connection's count of caller turns), a forced watcher does not, a close while the caller reads fails the call.
 */
@Timeout(60)
class CallerReadsSyncReentrancyTest extends SyncReentrancyTest {

    private final ExecutorService platformA = Executors.newSingleThreadExecutor(r -> new Thread(r, "A"));
    private final Pipes own = new Pipes();

    @AfterEach
    void stopA() throws Exception {
        own.close();
        platformA.shutdownNow();
    }

    @Override
    Remote.Options baseOptions() {
        return Remote.Options.defaults().withCallerReads();
    }

    @Override
    DispatchSequence sequenceA() {
        return DispatchSequence.on(platformA);
    }

    private static long callerTurns(Remote<?> remote) {
        return ConnectionProbe.callerReadTurns(remote.router().connection());
    }

    @Test
    void withTheWatcherForced_theSyncCallIsWokenAndReadsNothing() {
        Remote<TestCalc> remote = chain(baseOptions().withWatcherReads()); // A's remote of B, the others read here
        assertThat(remote.get().twiceSync(1)).isEqualTo(111);
        assertThat(callerTurns(remoteOfB)).isZero();
    }

    /** Answers {@code twice} only when the test completes the future it hands out. */
    static final class HoldingTwice extends TestCalc.Base {
        final CompletableFuture<Integer> release = new CompletableFuture<>();
        final CompletableFuture<Void> asked = new CompletableFuture<>();

        @Override
        public CompletableFuture<Integer> twice(int n) {
            asked.complete(null);
            return release.thenApply(ignored -> 2 * n);
        }
    }

    @Test
    void theAnswerArrivesWhileTheCallerWaitsOnThePipe_isReadByTheCaller() throws Exception {
        HoldingTwice impl = new HoldingTwice();
        Remote<TestCalc> remote = own.connect(impl, baseOptions());
        Thread caller = Thread.currentThread();
        Thread releaser = Thread.ofPlatform().start(() -> {
            impl.asked.join();
            Pipes.awaitParked(caller);
            impl.release.complete(0);
        });
        long before = callerTurns(remote);
        assertThat(remote.get().twiceSync(21)).isEqualTo(42);
        releaser.join();
        assertThat(callerTurns(remote)).isGreaterThan(before);
        assertThat(remote.get().add(1, 1).get()).as("the watcher was restarted: the remote still works").isEqualTo(2);
    }

    @Test
    void thePeerClosesWhileTheCallerWaitsOnThePipe_theSyncCallFailsDisconnected() {
        HoldingTwice impl = new HoldingTwice();
        MessagePipe p = own.pipe();
        Receiver<TestCalc> receiver = Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, p.end1()), impl);
        Remote<TestCalc> remote = own.add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p.end0()), baseOptions()));
        Thread caller = Thread.currentThread();
        Thread closer = Thread.ofPlatform().start(() -> {
            impl.asked.join();
            Pipes.awaitParked(caller);
            receiver.close();
        });
        assertThatThrownBy(() -> remote.get().twiceSync(1)).isExactlyInstanceOf(BindingException.class)
                .matches(e -> ((BindingException) e).failure() == Failure.DISCONNECTED);
        assertThat(remote.isConnected()).isFalse();
        try {
            closer.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aSyncCallAndABlockedFutureOnOneRemote_fromTwoPlatformThreads_bothComplete() throws Exception {
        HoldingTwice impl = new HoldingTwice();
        Remote<TestCalc> remote = own.connect(impl, baseOptions());
        CompletableFuture<Integer> sum = remote.get().add(2, 3); // answered at once, maybe read by either thread
        AtomicReference<Integer> twice = new AtomicReference<>();
        Thread syncCaller = Thread.ofPlatform().start(() -> twice.set(remote.get().twiceSync(5)));
        impl.asked.join();
        assertThat(sum.get()).isEqualTo(5); // this thread may read while the other waits, or wait while it reads
        Pipes.awaitParked(syncCaller);
        impl.release.complete(0);
        syncCaller.join();
        assertThat(twice.get()).isEqualTo(10);
    }
}

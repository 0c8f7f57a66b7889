package org.jmojo.bindings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jmojo.bindings.BindingException.Failure;
import org.jmojo.system.MessagePipe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With {@link Remote.Options#withCallerReads()}, a platform thread blocked on a future of a remote with its own
 * callback queue reads the pipe and runs the remote's callbacks itself (docs/performance.md §5.2): observed
 * through the thread a continuation runs on,
 * which is the blocked caller's, in the order the responses arrived; and everything else a blocked caller
 * sees is unchanged (timeouts, interruption, disconnection, a user's executor, a virtual-thread caller).
 * Each test releases the implementation's answer only once the caller is parked in its wait, so the
 * response always arrives while the caller is blocked.
 */
@Timeout(60)
class CallerReadTest {

    private static final Remote.Options CALLER_READS = Remote.Options.defaults().withCallerReads();

    private final Pipes pipes = new Pipes();

    @AfterEach
    void closeAll() throws Exception {
        pipes.close();
    }

    /** Answers each {@code add} only when the test completes the future it hands out. */
    static final class Holding extends TestCalc.Base {
        final List<CompletableFuture<Integer>> held = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<Integer> add(int a, int b) {
            CompletableFuture<Integer> f = new CompletableFuture<>();
            held.add(f);
            return f.thenApply(ignored -> a + b);
        }
    }

    /** Once {@code caller} parks, completes every answer {@code impl} holds (after {@code expected} arrived). */
    private static Thread releaseWhenParked(Thread caller, Holding impl, int expected) {
        return Thread.ofPlatform().start(() -> {
            while (impl.held.size() < expected) {
                Thread.onSpinWait();
            }
            Pipes.awaitParked(caller);
            impl.held.forEach(f -> f.complete(0));
        });
    }

    @Test
    void blockedPlatformCaller_runsTheContinuationsItself_inResponseOrder() throws Exception {
        Holding impl = new Holding();
        Remote<TestCalc> remote = pipes.connect(impl, CALLER_READS);
        List<Integer> order = new CopyOnWriteArrayList<>();
        List<Thread> ranOn = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> last = null;
        for (int i = 0; i < 5; i++) {
            last = remote.get().add(i, 100).whenComplete((v, e) -> {
                order.add(v);
                ranOn.add(Thread.currentThread());
            });
        }
        Thread releaser = releaseWhenParked(Thread.currentThread(), impl, 5);
        assertThat(last.get()).isEqualTo(104);
        releaser.join();
        assertThat(order).containsExactly(100, 101, 102, 103, 104);
        assertThat(ranOn).containsOnly(Thread.currentThread());
        // The queue is handed back: a later completion, with nobody blocked, runs on the remote's own thread.
        AtomicReference<Thread> later = new AtomicReference<>();
        CompletableFuture<Integer> next = remote.get().add(1, 1).whenComplete((v, e) -> later.set(Thread.currentThread()));
        while (impl.held.size() < 6) {
            Thread.onSpinWait();
        }
        impl.held.get(5).complete(0);
        while (!next.isDone()) { // not get(): that would read here again
            Thread.onSpinWait();
        }
        assertThat(next.getNow(null)).isEqualTo(2);
        assertThat(later.get()).isNotSameAs(Thread.currentThread());
    }

    @Test
    void withoutTheOption_theCallbacksStayOnTheRemotesOwnThread() throws Exception {
        Holding impl = new Holding();
        // The default reads AUTO: in one process (the peer is not remote) that is the watcher.
        Remote<TestCalc> remote = pipes.connect(impl);
        assertThat(Remote.Options.defaults().reads()).isEqualTo(Remote.Reads.AUTO);
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        CompletableFuture<Integer> f = remote.get().add(2, 2).whenComplete((v, e) -> ranOn.set(Thread.currentThread()));
        Thread releaser = releaseWhenParked(Thread.currentThread(), impl, 1);
        assertThat(f.get()).isEqualTo(4);
        releaser.join();
        assertThat(ranOn.get()).isNotNull().isNotSameAs(Thread.currentThread());
    }

    @Test
    void blockedVirtualCaller_orAUsersExecutor_leavesTheCallbacksWhereTheyWere() throws Exception {
        Holding impl = new Holding();
        Remote<TestCalc> remote = pipes.connect(impl, CALLER_READS);
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        AtomicReference<Thread> caller = new AtomicReference<>();
        Thread virtual = Thread.ofVirtual().start(() -> {
            caller.set(Thread.currentThread());
            CompletableFuture<Integer> f = remote.get().add(2, 3).whenComplete((v, e) -> ranOn.set(Thread.currentThread()));
            assertThat(f.join()).isEqualTo(5);
        });
        while (caller.get() == null) {
            Thread.onSpinWait();
        }
        releaseWhenParked(caller.get(), impl, 1).join();
        virtual.join();
        assertThat(ranOn.get()).isNotNull().isNotSameAs(caller.get());

        var executor = Executors.newSingleThreadExecutor();
        try {
            Holding impl2 = new Holding();
            Remote<TestCalc> own = pipes.connect(impl2, CALLER_READS.withCallbackExecutor(executor));
            AtomicReference<Thread> ownRanOn = new AtomicReference<>();
            CompletableFuture<Integer> f = own.get().add(4, 4).whenComplete((v, e) -> ownRanOn.set(Thread.currentThread()));
            Thread releaser = releaseWhenParked(Thread.currentThread(), impl2, 1);
            assertThat(f.get()).isEqualTo(8);
            releaser.join();
            assertThat(ownRanOn.get()).isNotSameAs(Thread.currentThread());
        } finally {
            executor.shutdown();
        }
    }

    @Test
    void timedGet_withNoAnswer_timesOut_andTheRemoteStillWorks() throws Exception {
        Holding impl = new Holding();
        Remote<TestCalc> remote = pipes.connect(impl, CALLER_READS);
        CompletableFuture<Integer> unanswered = remote.get().add(1, 2);
        assertThatThrownBy(() -> unanswered.get(20, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        Thread releaser = releaseWhenParked(Thread.currentThread(), impl, 1);
        assertThat(unanswered.get()).isEqualTo(3);
        releaser.join();
    }

    @Test
    void interruptedWhileBlocked_throwsInterruptedException() throws Exception {
        Holding impl = new Holding();
        Remote<TestCalc> remote = pipes.connect(impl, CALLER_READS);
        CompletableFuture<Integer> unanswered = remote.get().add(1, 2);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                unanswered.get();
            } catch (InterruptedException | ExecutionException e) {
                thrown.set(e);
            }
        });
        while (impl.held.isEmpty()) {
            Thread.onSpinWait();
        }
        Pipes.awaitParked(caller);
        caller.interrupt();
        caller.join();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    }

    @Test
    void peerClosedWhileBlocked_failsTheCallWithDisconnected() throws Exception {
        Holding impl = new Holding();
        MessagePipe p = pipes.pipe();
        Receiver<TestCalc> receiver = Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, p.end1()), impl);
        Remote<TestCalc> remote = pipes.add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p.end0()), CALLER_READS));
        CompletableFuture<Integer> unanswered = remote.get().add(1, 2);
        Thread caller = Thread.currentThread();
        Thread closer = Thread.ofPlatform().start(() -> {
            while (impl.held.isEmpty()) {
                Thread.onSpinWait();
            }
            Pipes.awaitParked(caller);
            receiver.close();
        });
        assertThatThrownBy(unanswered::get).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(BindingException.class)
                .satisfies(e -> assertThat(((BindingException) e).failure()).isEqualTo(Failure.DISCONNECTED));
        closer.join();
    }
}

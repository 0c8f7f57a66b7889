package org.jmojo.bindings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jmojo.bindings.Pipes.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.jmojo.bindings.BindingException.Failure;
import org.jmojo.bindings.DisconnectReason.Kind;
import org.jmojo.bindings.TestCalc.Binding;
import org.jmojo.bindings.TestCalc.Ints;
import org.jmojo.system.MessagePipe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Remote} and {@link Receiver} of {@link TestCalc} end to end over one pipe: calls, one-way
 * messages, sync calls, flow control, deadlines, versions, closing and disconnection, as a user sees
 * them.
 */
@org.junit.jupiter.api.Timeout(60) // the hang guard of the loops that wait for a request to be decoded
class RemoteReceiverTest {

    private final Pipes pipes = new Pipes(remoteOptions());

    /** The options of the primary remotes this class binds; a subclass runs every case with others. */
    Remote.Options remoteOptions() {
        return Remote.Options.defaults();
    }

    @AfterEach
    void closeAll() throws Exception {
        pipes.close();
    }

    /** An implementation whose {@code add} answers when the test completes the future it hands out. */
    static final class Holding extends TestCalc.Base {
        final List<CompletableFuture<Integer>> held = new CopyOnWriteArrayList<>();
        final List<CallContext> contexts = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> firstArrived = new CompletableFuture<>();

        @Override
        public CompletableFuture<Integer> add(int a, int b) {
            CompletableFuture<Integer> f = new CompletableFuture<>();
            held.add(f);
            contexts.add(CallContext.current());
            firstArrived.complete(null);
            return f;
        }

        @Override
        public CompletableFuture<Integer> twice(int n) {
            return add(n, n);
        }
    }

    /** Records the one-way notes in arrival order. */
    static final class Notes extends TestCalc.Base {
        final List<Integer> notes = new CopyOnWriteArrayList<>();

        @Override
        public void note(int n) {
            notes.add(n);
        }
    }

    @Test
    void call_returnsTheImplementationsAnswer() throws Exception {
        Remote<TestCalc> remote = pipes.connect(new TestCalc.Base());
        assertThat(await(remote.get().add(2, 40))).isEqualTo(42);
        assertThat(await(remote.get().add(-5, 3))).isEqualTo(-2);
        assertThat(remote.inFlight()).isZero();
        assertThat(remote.isConnected()).isTrue();
        assertThat(remote.descriptor()).isSameAs(TestCalc.DESCRIPTOR);
    }

    @Test
    void oneWayMessages_arriveInOrder_beforeALaterFlushCompletes() throws Exception {
        Notes impl = new Notes();
        Remote<TestCalc> remote = pipes.connect(impl);
        for (int i = 0; i < 50; i++) {
            remote.get().note(i);
        }
        await(remote.flush());
        assertThat(impl.notes).hasSize(50);
        for (int i = 0; i < 50; i++) {
            assertThat(impl.notes.get(i)).isEqualTo(i);
        }
    }

    @Test
    void syncCall_blocksForTheAnswer() {
        Remote<TestCalc> remote = pipes.connect(new TestCalc.Base());
        assertThat(remote.get().twiceSync(21)).isEqualTo(42);
        assertThat(remote.get().quietSync(7)).isEqualTo(7);
        assertThat(remote.inFlight()).isZero();
    }

    @Test
    void wrongCallForm_refused_namingTheMethod() {
        Remote<TestCalc> remote = pipes.connect(new TestCalc.Base());
        Ints p = new Ints(1, 2);
        assertThatThrownBy(() -> remote.router().send(Binding.method(TestCalc.ADD), Binding.INTS_CODEC, p))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("Add has a response: use call");
        assertThatThrownBy(() -> remote.router().call(Binding.method(TestCalc.NOTE), Binding.INTS_CODEC, p,
                Binding.INTS_CODEC))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("Note has no response: use send");
        assertThatThrownBy(() -> remote.router().callSync(Binding.method(TestCalc.ADD), Binding.INTS_CODEC, p,
                Binding.INTS_CODEC))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("Add is not a [Sync] method with a response");
        assertThatThrownBy(() -> remote.router().callSync(Binding.method(TestCalc.NOTE), Binding.INTS_CODEC, p,
                Binding.INTS_CODEC))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("Note is not a [Sync] method with a response");
        assertThat(remote.inFlight()).as("a refused call holds no slot").isZero();
    }

    @Test
    void failFast_atTheBound_failsTheNextCall_andASlotFreesWhenAnAnswerArrives() throws Exception {
        Holding impl = new Holding();
        Remote<TestCalc> remote = pipes.connect(impl,
                Remote.Options.defaults().withMaxInFlight(2, Remote.Overflow.FAIL_FAST));
        assertThat(remote.maxInFlight()).isEqualTo(2);
        CompletableFuture<Integer> first = remote.get().add(1, 1);
        CompletableFuture<Integer> second = remote.get().add(2, 2);
        assertThat(remote.inFlight()).isEqualTo(2);
        CompletableFuture<Integer> third = remote.get().add(3, 3);
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> await(third));
        assertThat(e.getCause()).isExactlyInstanceOf(BindingException.class)
                .hasMessage("Add: 2 calls are in flight already, the bound of this remote");
        assertThat(((BindingException) e.getCause()).failure()).isEqualTo(Failure.TOO_MANY_IN_FLIGHT);
        assertThat(remote.inFlight()).isEqualTo(2);

        while (impl.held.size() < 2) {
            await(remote.flush());
        }
        impl.held.get(0).complete(10);
        assertThat(await(first)).isEqualTo(10);
        assertThat(remote.inFlight()).isEqualTo(1);
        CompletableFuture<Integer> fourth = remote.get().add(4, 4);
        assertThat(remote.inFlight()).isEqualTo(2);
        impl.held.get(1).complete(20);
        assertThat(await(second)).isEqualTo(20);
        while (impl.held.size() < 3) {
            await(remote.flush());
        }
        impl.held.get(2).complete(30);
        assertThat(await(fourth)).isEqualTo(30);
        assertThat(remote.inFlight()).isZero();
    }

    @Test
    void failFast_syncCallAtTheBound_throws() throws Exception {
        Holding impl = new Holding();
        Remote<TestCalc> remote = pipes.connect(impl,
                Remote.Options.defaults().withMaxInFlight(1, Remote.Overflow.FAIL_FAST));
        CompletableFuture<Integer> first = remote.get().add(1, 1);
        assertThatThrownBy(() -> remote.get().twiceSync(3)).isExactlyInstanceOf(BindingException.class)
                .hasMessage("Twice: 1 calls are in flight already, the bound of this remote")
                .matches(t -> ((BindingException) t).failure() == Failure.TOO_MANY_IN_FLIGHT);
        await(impl.firstArrived);
        impl.held.get(0).complete(2);
        assertThat(await(first)).isEqualTo(2);
    }

    @Test
    void waitAtTheBound_blocksTheCaller_untilASlotFrees() throws Exception {
        Holding impl = new Holding();
        Remote<TestCalc> remote = pipes.connect(impl, Remote.Options.defaults().withMaxInFlight(1, Remote.Overflow.WAIT));
        CompletableFuture<Integer> first = remote.get().add(1, 1);
        AtomicReference<CompletableFuture<Integer>> second = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().start(() -> second.set(remote.get().add(2, 2)));
        Pipes.awaitParked(caller);
        assertThat(second.get()).as("the second call waits for a slot").isNull();
        await(impl.firstArrived);
        impl.held.get(0).complete(5);
        caller.join();
        assertThat(await(first)).isEqualTo(5);
        while (impl.held.size() < 2) {
            await(remote.flush());
        }
        impl.held.get(1).complete(6);
        assertThat(await(second.get())).isEqualTo(6);
    }

    @Test
    void options_refuseBadValues_namingThem() {
        assertThatThrownBy(() -> Remote.Options.defaults().withMaxInFlight(0, Remote.Overflow.WAIT))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("maxInFlight must be at least 1: 0");
        assertThatThrownBy(() -> Remote.Options.defaults().withSyncTimeout(Duration.ZERO))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("syncTimeout must be positive: PT0S");
        assertThatThrownBy(() -> Remote.Options.defaults().withSyncTimeout(Duration.ofSeconds(-1)))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("syncTimeout must be positive: PT-1S");
        assertThat(Remote.Options.defaults().withSyncTimeout(Duration.ofNanos(1)).syncTimeout())
                .isEqualTo(Duration.ofNanos(1));
        Remote.Options d = Remote.Options.defaults();
        assertThat(d.maxInFlight()).isEqualTo(Remote.Options.DEFAULT_MAX_IN_FLIGHT);
        assertThat(d.overflow()).isEqualTo(Remote.Overflow.WAIT);
        assertThat(d.syncTimeout()).isNull();
        assertThat(d.callbackExecutor()).isNull();
        assertThat(d.sendCancellations()).isTrue();
        assertThat(d.withSendCancellations(false).sendCancellations()).isFalse();
    }

    @Test
    void deadline_passes_failsTheCall_andCancelsTheRequest() throws Exception {
        Holding impl = new Holding();
        Remote<TestCalc> remote = pipes.connect(impl);
        CompletableFuture<Integer> call = remote.withDeadline(Duration.ofMillis(20)).add(1, 2);
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> await(call));
        assertThat(e.getCause()).isExactlyInstanceOf(BindingException.class)
                .hasMessage("Add: deadline of PT0.02S passed; the implementation was told to cancel");
        assertThat(((BindingException) e.getCause()).failure()).isEqualTo(Failure.DEADLINE_EXCEEDED);
        await(impl.firstArrived);
        CallContext served = impl.contexts.get(0);
        await(served.cancellation().toCompletableFuture());
        assertThat(served.isCancelled()).isTrue();
        assertThat(served.methodName()).isEqualTo("Add");
        assertThat(served.requestId()).isEqualTo(1);
        assertThat(remote.inFlight()).isZero();
        // The late answer is dropped quietly: the pipe stays up.
        impl.held.get(0).complete(3);
        assertThat(await(remote.get().quiet(9))).isEqualTo(9); // Holding answers quiet at once
        assertThat(remote.isConnected()).isTrue();
    }

    @Test
    void deadline_withCancellationsOff_leavesTheRequestRunning() throws Exception {
        Holding impl = new Holding();
        Remote<TestCalc> remote = pipes.connect(impl, Remote.Options.defaults().withSendCancellations(false));
        CompletableFuture<Integer> call = remote.withDeadline(Duration.ofMillis(20)).add(1, 2);
        assertThatThrownBy(() -> await(call)).cause().isExactlyInstanceOf(BindingException.class);
        await(remote.flush()); // a cancellation sent before the flush would have been read before its answer
        assertThat(impl.contexts.get(0).isCancelled()).isFalse();
        impl.held.get(0).complete(3);
        assertThat(await(remote.get().quiet(2))).isEqualTo(2);
    }

    @Test
    void deadline_answeredInTime_completesNormally_andOneWayAndSyncCallsWork() throws Exception {
        Notes impl = new Notes();
        Remote<TestCalc> remote = pipes.connect(impl);
        TestCalc withDeadline = remote.withDeadline(Duration.ofMinutes(5));
        assertThat(await(withDeadline.add(1, 2))).isEqualTo(3);
        assertThat(withDeadline.twiceSync(4)).isEqualTo(8);
        withDeadline.note(9);
        await(remote.flush());
        assertThat(impl.notes).containsExactly(9);
    }

    @Test
    void deadline_mustBePositive() {
        Remote<TestCalc> remote = pipes.connect(new TestCalc.Base());
        assertThatThrownBy(() -> remote.withDeadline(Duration.ZERO)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("a deadline must be positive: PT0S");
        assertThatThrownBy(() -> remote.withDeadline(Duration.ofMillis(-1)))
                .isExactlyInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deadline_onASyncCall_throwsDeadlineExceeded() {
        Holding impl = new Holding();
        Remote<TestCalc> remote = pipes.connect(impl);
        assertThatThrownBy(() -> remote.withDeadline(Duration.ofMillis(20)).twiceSync(1))
                .isExactlyInstanceOf(BindingException.class)
                .hasMessage("Twice: deadline of PT0.02S passed; the implementation was told to cancel")
                .matches(t -> ((BindingException) t).failure() == Failure.DEADLINE_EXCEEDED);
    }

    @Test
    void syncTimeout_passes_throwsSyncTimeout_andCancels() throws Exception {
        Holding impl = new Holding();
        Remote<TestCalc> remote = pipes.connect(impl, Remote.Options.defaults().withSyncTimeout(Duration.ofMillis(20)));
        assertThatThrownBy(() -> remote.get().twiceSync(1)).isExactlyInstanceOf(BindingException.class)
                .hasMessage("Twice: no response within the sync-call timeout of PT0.02S")
                .matches(t -> ((BindingException) t).failure() == Failure.SYNC_TIMEOUT);
        assertThat(remote.inFlight()).isZero();
        await(impl.firstArrived);
        await(impl.contexts.get(0).cancellation().toCompletableFuture());
    }

    /** A sync-call timeout that the answer beats (by minutes) does not end the call. */
    @Test
    void syncTimeout_notReached_callReturnsTheAnswer() {
        Remote<TestCalc> remote = pipes.connect(new TestCalc.Base(),
                Remote.Options.defaults().withSyncTimeout(Duration.ofMinutes(10)));
        assertThat(remote.get().twiceSync(21)).isEqualTo(42);
        assertThat(remote.get().twiceSync(-4)).isEqualTo(-8);
        assertThat(remote.inFlight()).isZero();
    }

    @Test
    void queryVersion_returnsTheImplementationsVersion_andRaisesTheKnownVersion() throws Exception {
        Remote<TestCalc> remote = pipes.connect(new TestCalc.Base());
        assertThat(remote.version()).as("the pending remote said 0").isZero();
        assertThat(await(remote.queryVersion())).isEqualTo(TestCalc.VERSION);
        assertThat(remote.version()).isEqualTo(TestCalc.VERSION);
    }

    @Test
    void requireVersion_met_keepsThePipe_andRaisesTheKnownVersion() throws Exception {
        Remote<TestCalc> remote = pipes.connect(new TestCalc.Base());
        remote.requireVersion(1);
        assertThat(remote.version()).isEqualTo(1);
        assertThat(await(remote.get().add(1, 1))).isEqualTo(2);
        remote.requireVersion(0);
        assertThat(remote.version()).as("the known version only grows").isEqualTo(1);
        assertThatThrownBy(() -> remote.requireVersion(-1)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("version < 0: -1");
    }

    @Test
    void requireVersion_unmet_closesThePipe_withVersionUnmet_onBothSides() throws Exception {
        MessagePipe p = pipes.pipe();
        Receiver<TestCalc> receiver = pipes.add(Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, p.end1()),
                new TestCalc.Base()));
        CompletableFuture<DisconnectReason> serviceLost = new CompletableFuture<>();
        receiver.setDisconnectHandler(serviceLost::complete);
        Remote<TestCalc> remote = pipes.add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p.end0(), 1)));
        CompletableFuture<DisconnectReason> clientLost = new CompletableFuture<>();
        remote.setDisconnectHandler(clientLost::complete);
        remote.requireVersion(2);
        String text = "the peer requires version 2 of t.Calc, this side implements version 1";
        assertThat(await(serviceLost)).isEqualTo(new DisconnectReason(Kind.VERSION_UNMET,
                DisconnectReason.VERSION_UNMET_CODE, text));
        assertThat(await(clientLost)).isEqualTo(new DisconnectReason(Kind.PEER_REASON,
                DisconnectReason.VERSION_UNMET_CODE, text));
        assertThat(remote.isConnected()).isFalse();
        assertThat(receiver.isConnected()).isFalse();
    }

    @Test
    void remoteClose_failsCallsInFlight_withClosed_andRunsNoHandler_whileTheReceiverLearns() throws Exception {
        MessagePipe p = pipes.pipe();
        Holding impl = new Holding();
        Receiver<TestCalc> receiver = pipes.add(Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, p.end1()),
                impl));
        CompletableFuture<DisconnectReason> serviceLost = new CompletableFuture<>();
        receiver.setDisconnectHandler(serviceLost::complete);
        Remote<TestCalc> remote = Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p.end0()), remoteOptions());
        List<DisconnectReason> clientLost = new CopyOnWriteArrayList<>();
        remote.setDisconnectHandler(clientLost::add);
        CompletableFuture<Integer> call = remote.get().add(1, 1);
        await(impl.firstArrived);
        remote.close();
        assertThat(remote.isConnected()).isFalse();
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> await(call));
        assertThat(e.getCause()).isExactlyInstanceOf(BindingException.class).hasMessage("the remote was closed");
        assertThat(((BindingException) e.getCause()).failure()).isEqualTo(Failure.CLOSED);
        assertThat(await(serviceLost)).isEqualTo(DisconnectReason.peerClosed());
        await(impl.contexts.get(0).cancellation().toCompletableFuture());
        remote.close(); // idempotent

        CompletableFuture<Integer> late = remote.get().add(2, 2);
        ExecutionException lateFailure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> await(late));
        assertThat(lateFailure.getCause()).isExactlyInstanceOf(BindingException.class)
                .hasMessage("Add: the pipe is disconnected (PEER_CLOSED)");
        assertThat(((BindingException) lateFailure.getCause()).failure()).isEqualTo(Failure.DISCONNECTED);
        assertThat(remote.inFlight()).isZero();
        assertThat(clientLost).as("no handler on the owner's close").isEmpty();
    }

    @Test
    void closeWithReason_reachesThePeersHandler() throws Exception {
        MessagePipe p = pipes.pipe();
        Receiver<TestCalc> receiver = pipes.add(Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, p.end1()),
                new TestCalc.Base()));
        CompletableFuture<DisconnectReason> serviceLost = new CompletableFuture<>();
        receiver.setDisconnectHandler(serviceLost::complete);
        Remote<TestCalc> remote = Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p.end0()), remoteOptions());
        remote.closeWithReason(7, "done here");
        assertThat(await(serviceLost)).isEqualTo(new DisconnectReason(Kind.PEER_REASON, 7, "done here"));
        assertThat(serviceLost.join().toString()).isEqualTo("PEER_REASON (reason 7: done here)");
    }

    @Test
    void receiverCloseWithReason_failsTheCallsInFlight_withTheReason() throws Exception {
        MessagePipe p = pipes.pipe();
        Holding impl = new Holding();
        Receiver<TestCalc> receiver = Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, p.end1()), impl);
        Remote<TestCalc> remote = pipes.add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p.end0()), remoteOptions()));
        CompletableFuture<DisconnectReason> clientLost = new CompletableFuture<>();
        remote.setDisconnectHandler(clientLost::complete);
        CompletableFuture<Integer> call = remote.get().add(1, 1);
        await(impl.firstArrived);
        receiver.closeWithReason(0x42, "maintenance");
        DisconnectReason reason = new DisconnectReason(Kind.PEER_REASON, 0x42, "maintenance");
        assertThat(await(clientLost)).isEqualTo(reason);
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> await(call));
        BindingException b = (BindingException) e.getCause();
        assertThat(b.failure()).isEqualTo(Failure.DISCONNECTED);
        assertThat(b.disconnectReason()).contains(reason);
        assertThat(b).hasMessage("the pipe is disconnected (PEER_REASON (reason 42: maintenance))");
        // A late answer of the closed receiver goes nowhere.
        impl.held.get(0).complete(2);
        assertThat(receiver.isConnected()).isFalse();
    }

    @Test
    void implementationFailure_closesThePipe_andTellsTheClient() throws Exception {
        MessagePipe p = pipes.pipe();
        Holding impl = new Holding();
        Receiver<TestCalc> receiver = pipes.add(Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, p.end1()),
                impl));
        CompletableFuture<DisconnectReason> serviceLost = new CompletableFuture<>();
        receiver.setDisconnectHandler(serviceLost::complete);
        Remote<TestCalc> remote = pipes.add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p.end0()), remoteOptions()));
        CompletableFuture<DisconnectReason> clientLost = new CompletableFuture<>();
        remote.setDisconnectHandler(clientLost::complete);
        CompletableFuture<Integer> call = remote.get().add(1, 1);
        await(impl.firstArrived);
        impl.held.get(0).completeExceptionally(new IllegalStateException("disk full"));
        // The binding's thenApply wraps the failure, as generated bindings do.
        String text = "Add failed: java.util.concurrent.CompletionException: java.lang.IllegalStateException: disk full";
        assertThat(await(serviceLost)).isEqualTo(new DisconnectReason(Kind.IMPLEMENTATION_FAILED,
                DisconnectReason.IMPLEMENTATION_FAILED_CODE, text));
        assertThat(await(clientLost)).isEqualTo(new DisconnectReason(Kind.PEER_REASON,
                DisconnectReason.IMPLEMENTATION_FAILED_CODE, text));
        assertThatThrownBy(() -> await(call)).cause().isExactlyInstanceOf(BindingException.class);
    }

    @Test
    void implementationThrowing_closesThePipe_andTellsTheClient() throws Exception {
        MessagePipe p = pipes.pipe();
        Receiver<TestCalc> receiver = pipes.add(Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, p.end1()),
                new TestCalc.Base()));
        CompletableFuture<DisconnectReason> serviceLost = new CompletableFuture<>();
        receiver.setDisconnectHandler(serviceLost::complete);
        Remote<TestCalc> remote = pipes.add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p.end0()), remoteOptions()));
        remote.get().note(1); // Base.note throws
        assertThat(await(serviceLost)).isEqualTo(new DisconnectReason(Kind.IMPLEMENTATION_FAILED,
                DisconnectReason.IMPLEMENTATION_FAILED_CODE,
                "Note failed: java.lang.UnsupportedOperationException: note"));
    }

    @Test
    void reportBadMessage_closesThePipe_countsTheReason_andSendsNoResponse() throws Exception {
        String reason = "RemoteReceiverTest: odd numbers refused " + System.nanoTime();
        MessagePipe p = pipes.pipe();
        TestCalc impl = new TestCalc.Base() {
            @Override
            public CompletableFuture<Integer> add(int a, int b) {
                CallContext.current().reportBadMessage(reason);
                CallContext.current().reportBadMessage(reason); // only the first counts
                return CompletableFuture.completedFuture(a + b);
            }
        };
        Receiver<TestCalc> receiver = pipes.add(Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, p.end1()),
                impl));
        CompletableFuture<DisconnectReason> serviceLost = new CompletableFuture<>();
        receiver.setDisconnectHandler(serviceLost::complete);
        Remote<TestCalc> remote = pipes.add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p.end0()), remoteOptions()));
        CompletableFuture<Integer> call = remote.get().add(1, 2);
        assertThat(await(serviceLost)).isEqualTo(new DisconnectReason(Kind.BAD_MESSAGE,
                DisconnectReason.BAD_MESSAGE_CODE, reason));
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> await(call));
        assertThat(((BindingException) e.getCause()).disconnectReason())
                .contains(new DisconnectReason(Kind.PEER_REASON, DisconnectReason.BAD_MESSAGE_CODE, reason));
        assertThat(BadMessages.count(reason)).isEqualTo(1);
        assertThat(BadMessages.snapshot()).containsEntry(reason, 1L);
    }

    @Test
    void callContext_outsideADispatch_refused() {
        assertThatThrownBy(CallContext::current).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("CallContext.current() is only available inside an implementation method that a "
                        + "Receiver is dispatching");
    }

    @Test
    void callContext_ofAOneWayMessage_hasRequestIdZero_andOfCallsCountsUpFromOne() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        TestCalc impl = new TestCalc.Base() {
            @Override
            public void note(int n) {
                seen.add(CallContext.current().methodName() + "#" + CallContext.current().requestId());
            }

            @Override
            public CompletableFuture<Integer> add(int a, int b) {
                seen.add(CallContext.current().methodName() + "#" + CallContext.current().requestId());
                return CompletableFuture.completedFuture(a + b);
            }
        };
        Remote<TestCalc> remote = pipes.connect(impl);
        remote.get().note(1);
        await(remote.get().add(1, 1));
        await(remote.get().add(1, 1));
        assertThat(seen).containsExactly("Note#0", "Add#1", "Add#2");
    }

    @Test
    void peerClosesWhileRequestsAreQueued_theyStillRun_thenTheHandler() throws Exception {
        MessagePipe p = pipes.pipe();
        List<String> events = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> release = new CompletableFuture<>();
        CompletableFuture<Void> blocked = new CompletableFuture<>();
        TestCalc impl = new TestCalc.Base() {
            @Override
            public void note(int n) {
                if (n == 0) {
                    blocked.complete(null);
                    release.join();
                }
                events.add("note " + n);
            }
        };
        Receiver<TestCalc> receiver = pipes.add(Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, p.end1()),
                impl));
        CompletableFuture<DisconnectReason> lost = new CompletableFuture<>();
        receiver.setDisconnectHandler(r -> {
            events.add("lost");
            lost.complete(r);
        });
        Remote<TestCalc> remote = Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p.end0()), remoteOptions());
        remote.get().note(0);
        await(blocked);
        remote.get().note(1);
        remote.get().note(2);
        remote.close();
        while (receiver.isConnected()) {
            Thread.onSpinWait(); // the reader sees the close while note 0 still runs
        }
        release.complete(null);
        await(lost);
        assertThat(events).containsExactly("note 0", "note 1", "note 2", "lost");
    }

    @Test
    void ownerClosesWhileRequestsAreQueued_theyAreDropped() throws Exception {
        MessagePipe p = pipes.pipe();
        List<Integer> notes = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> release = new CompletableFuture<>();
        CompletableFuture<Void> blocked = new CompletableFuture<>();
        CompletableFuture<Void> ended = new CompletableFuture<>();
        TestCalc impl = new TestCalc.Base() {
            @Override
            public void note(int n) {
                if (n == 0) {
                    blocked.complete(null);
                    release.join();
                }
                notes.add(n);
            }
        };
        // A second receiver on the same sequence: its request, queued after the close, runs after the dropped ones.
        DispatchSequence sequence = DispatchSequence.create("owner-close");
        Receiver<TestCalc> receiver = Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, p.end1()), impl,
                sequence);
        CompletableFuture<Void> barrier = new CompletableFuture<>();
        MessagePipe q = pipes.pipe();
        pipes.add(Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, q.end1()), new TestCalc.Base() {
            @Override
            public void note(int n) {
                barrier.complete(null);
            }
        }, sequence));
        Remote<TestCalc> behind = pipes.add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, q.end0())));
        Remote<TestCalc> remote = pipes.add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p.end0()), remoteOptions()));
        remote.setDisconnectHandler(r -> ended.complete(null));
        remote.get().note(0);
        await(blocked);
        int mark = TestCalc.Binding.mark();
        remote.get().note(1);
        CompletableFuture<Integer> call = remote.get().add(mark, 1);
        TestCalc.Binding.awaitDecoded(mark); // read and queued behind note 0
        receiver.close();
        behind.get().note(9);
        release.complete(null);
        await(ended);
        await(barrier);
        assertThatThrownBy(() -> await(call)).cause().isExactlyInstanceOf(BindingException.class);
        assertThat(notes).containsExactly(0);
        assertThat(receiver.implementation()).isSameAs(impl);
    }
    @Test
    void reportBadMessage_afterTheBindingEnded_isIgnored() throws Exception {
        MessagePipe p = pipes.pipe();
        Holding impl = new Holding();
        Receiver<TestCalc> receiver = pipes.add(Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, p.end1()),
                impl));
        CompletableFuture<DisconnectReason> lost = new CompletableFuture<>();
        receiver.setDisconnectHandler(lost::complete);
        Remote<TestCalc> remote = Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p.end0()), remoteOptions());
        remote.get().add(1, 1);
        await(impl.firstArrived);
        remote.close();
        assertThat(await(lost)).isEqualTo(DisconnectReason.peerClosed());
        String reason = "RemoteReceiverTest: too late " + System.nanoTime();
        impl.contexts.get(0).reportBadMessage(reason);
        assertThat(BadMessages.count(reason)).isZero();
        assertThatThrownBy(() -> impl.contexts.get(0).reportBadMessage(null))
                .isExactlyInstanceOf(NullPointerException.class).hasMessage("reason");
    }

    @Test
    void bind_aPendingEndpointAlreadyTaken_refused() {
        MessagePipe p = pipes.pipe();
        PendingRemote<TestCalc> pending = new PendingRemote<>(TestCalc.DESCRIPTOR, p.end0());
        pipes.add(Remote.bind(pending));
        assertThatThrownBy(() -> Remote.bind(pending)).isInstanceOf(org.jmojo.system.InvalidHandleException.class);
        PendingReceiver<TestCalc> receiver = new PendingReceiver<>(TestCalc.DESCRIPTOR, p.end1());
        pipes.add(Receiver.bind(receiver, new TestCalc.Base()));
        assertThatThrownBy(() -> Receiver.bind(receiver, new TestCalc.Base()))
                .isInstanceOf(org.jmojo.system.InvalidHandleException.class);
        assertThatThrownBy(() -> remoteWithNullDeadline()).isExactlyInstanceOf(NullPointerException.class);
    }

    private void remoteWithNullDeadline() {
        pipes.connect(new TestCalc.Base()).withDeadline(null);
    }
}

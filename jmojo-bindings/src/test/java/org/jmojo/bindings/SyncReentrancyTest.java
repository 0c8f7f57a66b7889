package org.jmojo.bindings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.jmojo.bindings.DisconnectReason.Kind;
import org.jmojo.system.MessagePipe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sync re-entrancy: service A, blocked in a {@code [Sync]} call to service B, serves the sync
 * request B makes back to A's sequence meanwhile, so the two do not deadlock; a {@code [NoInterrupt]}
 * call never does, and then only its sync-call timeout ends the wait.
 *
 * <pre>
 * test --pipe 1--> A (sequence SA) --pipe 2--> B --pipe 3--> A' (sequence SA)
 * </pre>
 */
class SyncReentrancyTest {

    private final Pipes pipes = new Pipes();
    /** A's twice: its context and thread before its sync call to B, then its context after it. */
    private final List<Object> seenByA = new CopyOnWriteArrayList<>();
    /** A2's twice (A' in the picture, served by A's waiting thread): its context and thread. */
    private final List<Object> seenByA2 = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        pipes.close();
    }

    /** The options of every remote of the chain before a test adds its own ({@code defaults()} here). */
    Remote.Options baseOptions() {
        return Remote.Options.defaults();
    }

    /** A's sequence SA, which A' shares ({@code create("SA")} here: virtual threads). */
    DispatchSequence sequenceA() {
        return DispatchSequence.create("SA");
    }

    /** A's remote of B, once {@link #chain} made it. */
    Remote<TestCalc> remoteOfB;

    /** The three pipes; {@code toB} is A's remote, with {@code options}. */
    Remote<TestCalc> chain(Remote.Options options) {
        DispatchSequence sa = sequenceA();
        AtomicReference<Remote<TestCalc>> toB = new AtomicReference<>();
        AtomicReference<Remote<TestCalc>> toA2 = new AtomicReference<>();
        TestCalc a = new TestCalc.Base() {
            @Override
            public CompletableFuture<Integer> twice(int n) {
                seenByA.add(CallContext.current());
                seenByA.add(Thread.currentThread());
                int fromB = toB.get().get().twiceSync(n);
                seenByA.add(CallContext.current());
                return CompletableFuture.completedFuture(fromB + 1);
            }

            @Override
            public CompletableFuture<Integer> quiet(int n) {
                return CompletableFuture.completedFuture(toB.get().get().quietSync(n) + 1);
            }
        };
        TestCalc b = new TestCalc.Base() {
            @Override
            public CompletableFuture<Integer> twice(int n) {
                return CompletableFuture.completedFuture(toA2.get().get().twiceSync(n) + 10);
            }

            @Override
            public CompletableFuture<Integer> quiet(int n) {
                return CompletableFuture.completedFuture(toA2.get().get().quietSync(n) + 10);
            }
        };
        TestCalc a2 = new TestCalc.Base() {
            @Override
            public CompletableFuture<Integer> twice(int n) {
                seenByA2.add(CallContext.current());
                seenByA2.add(Thread.currentThread());
                return CompletableFuture.completedFuture(n * 100);
            }

            @Override
            public CompletableFuture<Integer> quiet(int n) {
                return CompletableFuture.completedFuture(n * 100);
            }
        };
        MessagePipe p1 = pipes.pipe();
        MessagePipe p2 = pipes.pipe();
        MessagePipe p3 = pipes.pipe();
        pipes.add(Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, p1.end1()), a, sa));
        pipes.add(Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, p2.end1()), b));
        pipes.add(Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, p3.end1()), a2, sa));
        toB.set(pipes.add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p2.end0()), options)));
        toA2.set(pipes.add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p3.end0()), baseOptions())));
        remoteOfB = toB.get();
        return pipes.add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p1.end0()), baseOptions()));
    }

    @Test
    void syncCallBackIntoTheBlockedSequence_isServedByTheBlockedThread() throws Exception {
        Remote<TestCalc> remote = chain(baseOptions());
        assertThat(remote.get().twiceSync(1)).isEqualTo(111);
        assertThat(Pipes.await(remote.get().twice(2))).as("the async form of the sync method too").isEqualTo(211);
    }

    @Test
    void theNestedRequest_seesItsOwnCallContext_andTheOuterOneIsBackAfterTheSyncCall() throws Exception {
        Remote<TestCalc> remote = chain(baseOptions());
        assertThat(remote.get().twiceSync(1)).isEqualTo(111);
        assertThat(seenByA2.get(1)).as("served by A's waiting thread").isSameAs(seenByA.get(1));
        CallContext outer = (CallContext) seenByA.get(0);
        assertThat(seenByA2.get(0)).isNotNull().isNotSameAs(outer);
        assertThat(seenByA.get(2)).as("A's context after its sync call returned").isSameAs(outer);
        assertThatThrownBy(CallContext::current).as("none on the test thread").isInstanceOf(IllegalStateException.class);
    }

    @Test
    void noInterruptCall_doesNotServeTheCallBack_soOnlyItsTimeoutEndsIt() throws Exception {
        Remote<TestCalc> remote = chain(baseOptions().withSyncTimeout(Duration.ofMillis(300)));
        CompletableFuture<DisconnectReason> lost = new CompletableFuture<>();
        remote.setDisconnectHandler(lost::complete);
        assertThatThrownBy(() -> remote.get().quietSync(1)).isExactlyInstanceOf(BindingException.class)
                .matches(e -> ((BindingException) e).failure() == BindingException.Failure.DISCONNECTED);
        DisconnectReason reason = Pipes.await(lost);
        assertThat(reason.kind()).isEqualTo(Kind.PEER_REASON);
        assertThat(reason.description()).isEqualTo("Quiet failed: org.jmojo.bindings.BindingException: Quiet: no "
                + "response within the sync-call timeout of PT0.3S");
    }
}

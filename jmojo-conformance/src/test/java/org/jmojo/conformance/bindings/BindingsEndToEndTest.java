package org.jmojo.conformance.bindings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jmojo.test.bindings.Calc;
import jmojo.test.bindings.Ping;
import jmojo.test.bindings.Vault;
import org.jmojo.bindings.BadMessages;
import org.jmojo.bindings.BindingException;
import org.jmojo.bindings.BindingException.Failure;
import org.jmojo.bindings.CallContext;
import org.jmojo.bindings.DisconnectReason;
import org.jmojo.bindings.DisconnectReason.Kind;
import org.jmojo.bindings.PendingReceiver;
import org.jmojo.bindings.PendingRemote;
import org.jmojo.bindings.Receiver;
import org.jmojo.bindings.Remote;
import org.jmojo.bindings.ValidationError;
import org.jmojo.bindings.runtime.Codecs;
import org.jmojo.bindings.runtime.MessageBuilder;
import org.jmojo.bindings.runtime.MessageHeader;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.QuotaPolicy;
import org.jmojo.system.ReadResult;
import org.jmojo.system.ReceiveQuota;
import org.jmojo.system.Signals;
import org.junit.jupiter.api.Test;

/**
 * Remote and Receiver end to end over real in-process pipes, through the bindings jmojom generates
 * for {@link Calc} and {@link Ping} (bindings_test.mojom). No sleeps: latches, futures and flushes order everything; the
 * timeouts given to {@code get} and {@code await} only bound a failing run. Every test runs twice: on
 * the default executors and on the direct path ({@link BindingMode}).
 */
class BindingsEndToEndTest extends BindingModeTest {

    BindingsEndToEndTest(BindingMode mode) {
        super(mode);
    }

    /** An implementation that records what it sees; {@code hold} answers when the test says. */
    static class CalcImpl implements Calc {
        final BlockingQueue<String> notes = new LinkedBlockingQueue<>();
        final BlockingQueue<Integer> held = new LinkedBlockingQueue<>();
        final Map<Integer, CompletableFuture<Integer>> holds = new ConcurrentHashMap<>();
        final Map<Integer, CallContext> contexts = new ConcurrentHashMap<>();
        final CompletableFuture<Integer> stuck = new CompletableFuture<>();

        @Override
        public CompletableFuture<Integer> add(int a, int b) {
            return CompletableFuture.completedFuture(a + b);
        }

        @Override
        public void note(String text) {
            if (text.startsWith("bad")) {
                CallContext.current().reportBadMessage("NOTE_REJECTED");
            }
            notes.add(text);
        }

        @Override
        public CompletableFuture<Integer> hold(int token) {
            CompletableFuture<Integer> f = new CompletableFuture<>();
            holds.put(token, f);
            contexts.put(token, CallContext.current());
            held.add(token);
            return f;
        }

        @Override
        public CompletableFuture<Integer> twice(int n) {
            return n >= 0 ? CompletableFuture.completedFuture(2 * n) : stuck;
        }

        @Override
        public CompletableFuture<Integer> negate(int n) {
            return CompletableFuture.completedFuture(-n);
        }
    }

    private record Pair<I>(Remote<I> remote, Receiver<I> receiver) {}

    private Pair<Calc> calc(CalcImpl impl, Remote.Options options) {
        MessagePipe pipe = Core.instance().createMessagePipe();
        Receiver<Calc> receiver = mode.bind(new PendingReceiver<>(Calc.DESCRIPTOR, pipe.end1()), impl);
        Remote<Calc> remote = mode.bind(new PendingRemote<>(Calc.DESCRIPTOR, pipe.end0(), 0), options);
        closeLater(remote);
        closeLater(receiver);
        return new Pair<>(remote, receiver);
    }

    private static BindingException failureOf(CompletableFuture<?> f) {
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> f.get(WAIT_S, TimeUnit.SECONDS));
        assertThat(e.getCause()).isInstanceOf(BindingException.class);
        return (BindingException) e.getCause();
    }

    @Test
    void calls_with_responses_and_one_way_calls_arrive_in_order() throws Exception {
        CalcImpl impl = new CalcImpl();
        Pair<Calc> p = calc(impl, Remote.Options.defaults());
        Calc calc = p.remote().get();
        calc.note("first");
        CompletableFuture<Integer> sum = calc.add(2, 40);
        calc.note("second");
        assertThat(await(sum)).isEqualTo(42);
        assertThat(impl.notes.poll(WAIT_S, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(impl.notes.poll(WAIT_S, TimeUnit.SECONDS)).isEqualTo("second");
        assertThat(await(calc.negate(5))).isEqualTo(-5);
        assertThat(calc.twiceSync(21)).isEqualTo(42);
        assertThat(p.remote().inFlight()).isZero();
    }

    @Test
    void responses_complete_on_the_callback_executor_not_the_reader() throws Exception {
        CalcImpl impl = new CalcImpl();
        Pair<Calc> p = calc(impl, Remote.Options.defaults().withCallbackExecutor(
                r -> Thread.ofPlatform().name("test-callbacks").start(r)));
        CompletableFuture<String> thread = p.remote().get().hold(1).thenApply(x -> Thread.currentThread().getName());
        assertThat(impl.held.poll(WAIT_S, TimeUnit.SECONDS)).isEqualTo(1);
        impl.holds.get(1).complete(1); // completes on the implementation side; the response is read elsewhere
        assertThat(await(thread)).isEqualTo("test-callbacks");
    }

    @Test
    void flush_completes_after_every_earlier_request_was_dispatched() throws Exception {
        CalcImpl impl = new CalcImpl();
        Pair<Calc> p = calc(impl, Remote.Options.defaults());
        for (int i = 0; i < 100; i++) {
            p.remote().get().note("n" + i);
        }
        await(p.remote().flush());
        assertThat(impl.notes).hasSize(100);
    }

    @Test
    void disconnect_reason_reaches_the_peers_handler_both_ways() throws Exception {
        CalcImpl impl = new CalcImpl();
        Pair<Calc> p = calc(impl, Remote.Options.defaults());
        CompletableFuture<DisconnectReason> atReceiver = new CompletableFuture<>();
        p.receiver().setDisconnectHandler(atReceiver::complete);
        p.remote().closeWithReason(7, "bye");
        assertThat(await(atReceiver)).isEqualTo(new DisconnectReason(Kind.PEER_REASON, 7, "bye"));

        Pair<Calc> q = calc(new CalcImpl(), Remote.Options.defaults());
        CompletableFuture<DisconnectReason> atRemote = new CompletableFuture<>();
        q.remote().setDisconnectHandler(atRemote::complete);
        CompletableFuture<Integer> held = q.remote().get().hold(1);
        await(q.remote().flush());
        q.receiver().closeWithReason(9, "shutting down");
        assertThat(await(atRemote)).isEqualTo(new DisconnectReason(Kind.PEER_REASON, 9, "shutting down"));
        BindingException failed = failureOf(held);
        assertThat(failed.failure()).isEqualTo(Failure.DISCONNECTED);
        assertThat(failed.disconnectReason()).contains(new DisconnectReason(Kind.PEER_REASON, 9, "shutting down"));
        assertThat(q.remote().isConnected()).isFalse();
        assertThat(failureOf(q.remote().get().add(1, 2)).failure()).isEqualTo(Failure.DISCONNECTED);
    }

    @Test
    void a_peer_closed_without_reason_is_reported_as_such() throws Exception {
        Pair<Calc> p = calc(new CalcImpl(), Remote.Options.defaults());
        CompletableFuture<DisconnectReason> atRemote = new CompletableFuture<>();
        p.remote().setDisconnectHandler(atRemote::complete);
        p.receiver().close();
        assertThat(await(atRemote)).isEqualTo(DisconnectReason.peerClosed());
    }

    @Test
    void query_version_answers_the_implementations_version() throws Exception {
        Pair<Calc> p = calc(new CalcImpl(), Remote.Options.defaults());
        assertThat(p.remote().version()).isZero();
        assertThat(await(p.remote().queryVersion())).isEqualTo(Calc.VERSION).isEqualTo(2);
        assertThat(p.remote().version()).isEqualTo(2);
    }

    @Test
    void require_version_keeps_a_new_enough_implementation_and_closes_an_older_one() throws Exception {
        Pair<Calc> p = calc(new CalcImpl(), Remote.Options.defaults());
        p.remote().requireVersion(2);
        assertThat(await(p.remote().get().add(1, 2))).isEqualTo(3);
        assertThat(p.remote().isConnected()).isTrue();

        CompletableFuture<DisconnectReason> atRemote = new CompletableFuture<>();
        CompletableFuture<DisconnectReason> atReceiver = new CompletableFuture<>();
        p.remote().setDisconnectHandler(atRemote::complete);
        p.receiver().setDisconnectHandler(atReceiver::complete);
        p.remote().requireVersion(3);
        assertThat(await(atReceiver).kind()).isEqualTo(Kind.VERSION_UNMET);
        DisconnectReason seen = await(atRemote);
        assertThat(seen.kind()).isEqualTo(Kind.PEER_REASON);
        assertThat(seen.customReason()).isEqualTo(DisconnectReason.VERSION_UNMET_CODE);
        assertThat(seen.description()).contains("requires version 3", "implements version 2");
    }

    @Test
    void two_services_calling_each_other_synchronously_do_not_deadlock() throws Exception {
        // Service A and service B each serve their clients and each other on one sequence, and each
        // calls the other with a blocking [Sync] call from inside its implementation. Without sync
        // re-entrancy A's thread waits for B while B's request to A waits for A's thread: deadlock,
        // which the sync timeout turns into a failure instead of a hang.
        Remote.Options opts = Remote.Options.defaults().withSyncTimeout(Duration.ofSeconds(WAIT_S));
        TwoServices services = twoServices(opts, opts);
        PingService a = services.a();
        PingService b = services.b();
        org.jmojo.bindings.DispatchSequence seqA = services.seqA();
        Remote<Ping> client = ping(a, seqA, opts);
        assertThat(client.get().pingSync(6)).isEqualTo(6);
        assertThat(a.threads).hasSize(4); // depths 6, 4, 2, 0
        assertThat(b.threads).hasSize(3); // depths 5, 3, 1
        // Re-entrant: each service ran all its nested requests on the one thread that was waiting.
        assertThat(a.threads.stream().distinct()).hasSize(1);
        assertThat(b.threads.stream().distinct()).hasSize(1);
    }

    @Test
    void sync_re_entrancy_holds_under_concurrent_clients() throws Exception {
        // Four clients call A at once; every call bounces between A and B four times. Sync requests
        // of other clients re-enter the waiting threads too, so the nesting interleaves chains.
        Remote.Options opts = Remote.Options.defaults().withSyncTimeout(Duration.ofSeconds(WAIT_S));
        TwoServices services = twoServices(opts, opts);
        PingService a = services.a();
        PingService b = services.b();
        org.jmojo.bindings.DispatchSequence seqA = services.seqA();
        List<CompletableFuture<Integer>> runs = new java.util.ArrayList<>();
        for (int c = 0; c < 4; c++) {
            Remote<Ping> client = ping(a, seqA, opts);
            CompletableFuture<Integer> done = new CompletableFuture<>();
            Thread.ofPlatform().start(() -> {
                try {
                    int sum = 0;
                    for (int round = 0; round < 25; round++) {
                        sum += client.get().pingSync(4);
                    }
                    done.complete(sum);
                } catch (RuntimeException | Error e) {
                    done.completeExceptionally(e);
                }
            });
            runs.add(done);
        }
        for (CompletableFuture<Integer> run : runs) {
            assertThat(await(run)).isEqualTo(25 * 4);
        }
        assertThat(a.threads.size() + b.threads.size()).isEqualTo(4 * 25 * 5);
    }

    @Test
    void a_no_interrupt_sync_call_is_not_interrupted_by_incoming_sync_requests() throws Exception {
        // A.quiet calls B.quiet, which calls A.quiet back. A waits in a [NoInterrupt] call, so it must
        // not serve B's request. The verdict is A's own record: no quiet ran on A while another quiet
        // was running there. B's short sync timeout is only the way out of the wait it causes (B then
        // answers -1, which reaches the client as -1 + 1), not what the test measures.
        Remote.Options patient = Remote.Options.defaults().withSyncTimeout(Duration.ofSeconds(WAIT_S));
        TwoServices services = twoServices(patient,
                Remote.Options.defaults().withSyncTimeout(Duration.ofMillis(300)));
        PingService a = services.a();
        PingService b = services.b();
        org.jmojo.bindings.DispatchSequence seqA = services.seqA();
        Remote<Ping> client = ping(a, seqA, patient);
        assertThat(client.get().quietSync(2)).isEqualTo(0);
        assertThat(a.quietEnteredWhileRunning).as("quiet calls A served inside its [NoInterrupt] wait").isEmpty();
        assertThat(b.timeouts).hasSize(1);
    }

    /** Each call of depth d > 0 calls the other service with d - 1 and adds 1. */
    static final class PingService implements Ping {
        volatile Remote<Ping> other;
        final List<String> threads = new CopyOnWriteArrayList<>();
        final List<BindingException> timeouts = new CopyOnWriteArrayList<>();
        /** The depth of each quiet call that began while another quiet call of this service was running. */
        final List<Integer> quietEnteredWhileRunning = new CopyOnWriteArrayList<>();
        private final AtomicInteger quietRunning = new AtomicInteger();

        @Override
        public CompletableFuture<Integer> ping(int depth) {
            threads.add(Thread.currentThread().getName() + "#" + Thread.currentThread().threadId());
            return CompletableFuture.completedFuture(depth == 0 ? 0 : other.get().pingSync(depth - 1) + 1);
        }

        @Override
        public CompletableFuture<Integer> quiet(int depth) {
            if (quietRunning.getAndIncrement() > 0) {
                quietEnteredWhileRunning.add(depth);
            }
            try {
                if (depth == 0) {
                    return CompletableFuture.completedFuture(0);
                }
                return CompletableFuture.completedFuture(other.get().quietSync(depth - 1) + 1);
            } catch (BindingException e) {
                timeouts.add(e);
                assertThat(e.failure()).isEqualTo(Failure.SYNC_TIMEOUT);
                return CompletableFuture.completedFuture(-1);
            } finally {
                quietRunning.decrementAndGet();
            }
        }
    }

    /** Services A and B, each on a sequence of its own, each holding a remote to the other. */
    private record TwoServices(PingService a, PingService b, org.jmojo.bindings.DispatchSequence seqA) {}

    /** {@code aToB}: the options of A's remote to B; {@code bToA}: those of B's remote to A. */
    private TwoServices twoServices(Remote.Options aToB, Remote.Options bToA) {
        PingService a = new PingService();
        PingService b = new PingService();
        org.jmojo.bindings.DispatchSequence seqA = mode.sequence("A");
        org.jmojo.bindings.DispatchSequence seqB = mode.sequence("B");
        a.other = ping(b, seqB, aToB);
        b.other = ping(a, seqA, bToA);
        return new TwoServices(a, b, seqA);
    }

    private Remote<Ping> ping(PingService impl, org.jmojo.bindings.DispatchSequence seq, Remote.Options options) {
        MessagePipe pipe = Core.instance().createMessagePipe();
        Receiver<Ping> receiver = Receiver.bind(new PendingReceiver<>(Ping.DESCRIPTOR, pipe.end1()), impl, seq);
        Remote<Ping> remote = mode.bind(new PendingRemote<>(Ping.DESCRIPTOR, pipe.end0()), options);
        closeLater(remote);
        closeLater(receiver);
        return remote;
    }

    @Test
    void the_direct_path_runs_a_call_on_the_callers_thread_and_the_default_hands_it_off() throws Exception {
        PingService impl = new PingService();
        Remote<Ping> client = ping(impl, mode.sequence("P"), Remote.Options.defaults());
        String caller = Thread.currentThread().getName() + "#" + Thread.currentThread().threadId();
        CompletableFuture<Integer> answer = client.get().ping(0);
        if (mode == BindingMode.DIRECT) {
            // Read, dispatched, answered, read back and completed inside the call, on this thread.
            assertThat(answer).isCompletedWithValue(0);
            assertThat(impl.threads).containsExactly(caller);
        } else {
            assertThat(await(answer)).isZero();
            assertThat(impl.threads).hasSize(1).doesNotContain(caller);
        }
    }

    @Test
    void a_chain_of_services_each_calling_the_next_completes_and_direct_nesting_is_bounded() throws Exception {
        // Service i answers ping(d) by calling service i + 1 with d - 1 (a blocking [Sync] call). On the
        // direct path each call runs inside the write of the one before, one reading turn deeper on the
        // caller's stack; past the bound (16 nested turns) the bindings hand the next turn to a reader
        // thread, so the deepest services run elsewhere while the caller's thread waits.
        int length = 40;
        Remote.Options opts = Remote.Options.defaults().withSyncTimeout(Duration.ofSeconds(WAIT_S));
        List<PingService> services = new java.util.ArrayList<>();
        for (int i = 0; i < length; i++) {
            services.add(new PingService());
        }
        for (int i = 0; i + 1 < length; i++) {
            services.get(i).other = ping(services.get(i + 1), mode.sequence("S" + (i + 1)), opts);
        }
        Remote<Ping> client = ping(services.get(0), mode.sequence("S0"), opts);
        String caller = Thread.currentThread().getName() + "#" + Thread.currentThread().threadId();
        assertThat(client.get().pingSync(length - 1)).isEqualTo(length - 1);
        for (PingService s : services) {
            assertThat(s.threads).hasSize(1);
        }
        if (mode == BindingMode.DIRECT) {
            assertThat(services.get(0).threads).containsExactly(caller);
            assertThat(services.get(length - 1).threads).doesNotContain(caller);
        } else {
            assertThat(services.get(0).threads).doesNotContain(caller);
        }
    }

    /** Answers {@code Take} when the test completes the future it queued. */
    static final class VaultImpl implements Vault {
        final BlockingQueue<CompletableFuture<MessagePipeEndpoint>> answers = new LinkedBlockingQueue<>();

        @Override
        public CompletableFuture<MessagePipeEndpoint> take(int token) {
            CompletableFuture<MessagePipeEndpoint> answer = new CompletableFuture<>();
            answers.add(answer);
            return answer;
        }
    }

    /** A vault bound on {@code pipe.end1()}, its remote on {@code pipe.end0()}. */
    private Pair<Vault> vault(VaultImpl impl, MessagePipe pipe) {
        Receiver<Vault> receiver = mode.bind(new PendingReceiver<>(Vault.DESCRIPTOR, pipe.end1()), impl);
        Remote<Vault> remote = mode.bind(new PendingRemote<>(Vault.DESCRIPTOR, pipe.end0()));
        closeLater(remote);
        closeLater(receiver);
        return new Pair<>(remote, receiver);
    }

    /** Whether {@code end}'s peer was closed (a leaked handle would keep it open for ever). */
    private static boolean peerClosed(MessagePipeEndpoint end) {
        return Core.instance().wait(end, Signals.PEER_CLOSED, Deadline.after(Duration.ofSeconds(WAIT_S))).result()
                == MojoResult.OK;
    }

    @Test
    void a_response_whose_write_fails_closes_the_handle_it_carries() throws Exception {
        // The client's end takes no message (a HARD quota of 0), so writing the response fails with
        // RESOURCE_EXHAUSTED, which leaves the carried end with the writer: the bindings must close it.
        VaultImpl impl = new VaultImpl();
        MessagePipe pipe = Core.instance().createMessagePipe();
        pipe.end0().setReceiveQuota(ReceiveQuota.messages(0, QuotaPolicy.HARD));
        Pair<Vault> p = vault(impl, pipe);
        CompletableFuture<MessagePipeEndpoint> call = p.remote().get().take(1);
        MessagePipe carried = Core.instance().createMessagePipe();
        closeLater(carried);
        impl.answers.poll(WAIT_S, TimeUnit.SECONDS).complete(carried.end0());
        assertThat(peerClosed(carried.end1())).as("the end in the unsent response was closed").isTrue();
        assertThat(failureOf(call).failure()).isEqualTo(Failure.DISCONNECTED);
    }

    @Test
    void a_response_to_a_client_that_left_closes_the_handle_it_carries() throws Exception {
        // The receiver knows its client is gone before the implementation answers, so the response is
        // never written; the end the implementation gave up in it must not leak.
        VaultImpl impl = new VaultImpl();
        Pair<Vault> p = vault(impl, Core.instance().createMessagePipe());
        CompletableFuture<DisconnectReason> left = new CompletableFuture<>();
        p.receiver().setDisconnectHandler(left::complete);
        p.remote().get().take(1);
        CompletableFuture<MessagePipeEndpoint> answer = impl.answers.poll(WAIT_S, TimeUnit.SECONDS);
        p.remote().close();
        assertThat(await(left)).isEqualTo(DisconnectReason.peerClosed());
        MessagePipe carried = Core.instance().createMessagePipe();
        closeLater(carried);
        answer.complete(carried.end0());
        assertThat(peerClosed(carried.end1())).as("the end in the unsent response was closed").isTrue();
    }

    @Test
    void a_sync_call_past_its_timeout_fails_and_a_late_response_is_dropped() throws Exception {
        CalcImpl impl = new CalcImpl();
        Pair<Calc> p = calc(impl, Remote.Options.defaults().withSyncTimeout(Duration.ofMillis(200)));
        assertThatThrownBy(() -> p.remote().get().twiceSync(-1)).isInstanceOfSatisfying(BindingException.class,
                e -> assertThat(e.failure()).isEqualTo(Failure.SYNC_TIMEOUT));
        impl.stuck.complete(1); // the late response arrives and is dropped, not a protocol error
        assertThat(await(p.remote().get().add(3, 4))).isEqualTo(7);
        assertThat(p.remote().isConnected()).isTrue();
        assertThat(p.remote().inFlight()).isZero();
    }

    @Test
    void a_deadline_fails_the_call_and_the_implementation_sees_the_cancellation() throws Exception {
        CalcImpl impl = new CalcImpl();
        Pair<Calc> p = calc(impl, Remote.Options.defaults());
        CompletableFuture<Integer> call = p.remote().withDeadline(Duration.ofMillis(100)).hold(5);
        BindingException e = failureOf(call);
        assertThat(e.failure()).isEqualTo(Failure.DEADLINE_EXCEEDED);
        assertThat(e).hasMessageContaining("Hold").hasMessageContaining("deadline");
        assertThat(impl.held.poll(WAIT_S, TimeUnit.SECONDS)).isEqualTo(5);
        CallContext ctx = impl.contexts.get(5);
        await(ctx.cancellation().toCompletableFuture());
        assertThat(ctx.isCancelled()).isTrue();
        assertThat(ctx.methodName()).isEqualTo("Hold");
        impl.holds.get(5).complete(5); // an answer after cancellation is not sent
        assertThat(await(p.remote().get().add(1, 1))).isEqualTo(2);
        assertThat(p.remote().isConnected()).isTrue();
    }

    @Test
    void flow_control_fails_fast_at_the_bound() throws Exception {
        CalcImpl impl = new CalcImpl();
        Pair<Calc> p = calc(impl, Remote.Options.defaults().withMaxInFlight(2, Remote.Overflow.FAIL_FAST));
        CompletableFuture<Integer> one = p.remote().get().hold(1);
        CompletableFuture<Integer> two = p.remote().get().hold(2);
        assertThat(p.remote().inFlight()).isEqualTo(2);
        BindingException e = failureOf(p.remote().get().hold(3));
        assertThat(e.failure()).isEqualTo(Failure.TOO_MANY_IN_FLIGHT);
        assertThat(e).hasMessageContaining("2 calls are in flight");
        await(p.remote().flush());
        assertThat(impl.holds.keySet()).containsExactlyInAnyOrder(1, 2);
        impl.holds.get(1).complete(10);
        assertThat(await(one)).isEqualTo(10);
        assertThat(p.remote().inFlight()).isEqualTo(1);
        assertThat(p.remote().get().hold(4)).isNotNull();
        assertThat(impl.held.poll(WAIT_S, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(impl.held.poll(WAIT_S, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(impl.held.poll(WAIT_S, TimeUnit.SECONDS)).isEqualTo(4);
        impl.holds.get(2).complete(2);
        assertThat(await(two)).isEqualTo(2);
    }

    @Test
    void flow_control_makes_the_caller_wait_at_the_bound() throws Exception {
        CalcImpl impl = new CalcImpl();
        Pair<Calc> p = calc(impl, Remote.Options.defaults().withMaxInFlight(1, Remote.Overflow.WAIT));
        CompletableFuture<Integer> one = p.remote().get().hold(1);
        CompletableFuture<CompletableFuture<Integer>> second = new CompletableFuture<>();
        Thread caller = Thread.ofPlatform().start(() -> second.complete(p.remote().get().hold(2)));
        while (caller.getState() != Thread.State.WAITING && !second.isDone()) {
            Thread.onSpinWait();
        }
        await(p.remote().flush());
        assertThat(second).isNotDone();
        assertThat(impl.holds.keySet()).containsExactly(1);
        assertThat(p.remote().inFlight()).isEqualTo(1);
        impl.holds.get(1).complete(1);
        assertThat(await(one)).isEqualTo(1);
        CompletableFuture<Integer> two = await(second);
        assertThat(impl.held.poll(WAIT_S, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(impl.held.poll(WAIT_S, TimeUnit.SECONDS)).isEqualTo(2);
        impl.holds.get(2).complete(2);
        assertThat(await(two)).isEqualTo(2);
        caller.join();
    }

    @Test
    void a_hostile_client_is_cut_off_with_the_validation_error_and_other_clients_are_served() throws Exception {
        CalcImpl impl = new CalcImpl();
        Pair<Calc> good = calc(impl, Remote.Options.defaults());
        MessagePipe raw = Core.instance().createMessagePipe();
        closeLater(raw);
        Receiver<Calc> hostileSide = mode.bind(new PendingReceiver<>(Calc.DESCRIPTOR, raw.end1()), impl);
        closeLater(hostileSide);
        CompletableFuture<DisconnectReason> atReceiver = new CompletableFuture<>();
        hostileSide.setDisconnectHandler(atReceiver::complete);
        String error = ValidationError.VALIDATION_ERROR_ILLEGAL_MEMORY_RANGE.name();
        long before = BadMessages.count(error);

        // An Add request whose parameter struct claims more bytes than the message has.
        byte[] add = MessageBuilder.build(0, Calc.ADD_ORDINAL, MessageHeader.FLAG_EXPECTS_RESPONSE, 1,
                Codecs.struct(Calc.AddParams.class), Calc.AddParams.newBuilder().setA(1).setB(2).build()).bytes();
        add[32] = 64; // num_bytes of the params struct, which really has 16
        assertThat(raw.end0().writeMessage(add)).isEqualTo(MojoResult.OK);

        DisconnectReason reason = await(atReceiver);
        assertThat(reason.kind()).isEqualTo(Kind.VALIDATION_FAILED);
        assertThat(reason.description()).startsWith(error);
        assertThat(BadMessages.count(error)).isEqualTo(before + 1);
        // The hostile end reads the reason, then finds the pipe closed; no response was sent.
        DisconnectReason told = readDisconnectReason(raw.end0());
        assertThat(told.customReason()).isEqualTo(DisconnectReason.VALIDATION_FAILED_CODE);
        assertThat(told.description()).startsWith(error);
        assertThat(impl.notes).isEmpty();
        // The service still serves its other client.
        assertThat(await(good.remote().get().add(20, 22))).isEqualTo(42);
        assertThat(good.remote().isConnected()).isTrue();
    }

    /** Waits for the peer to close, reading the pipe-control message with its reason on the way. */
    private static DisconnectReason readDisconnectReason(MessagePipeEndpoint end) throws Exception {
        assertThat(Core.instance().wait(end, Signals.PEER_CLOSED, Deadline.after(Duration.ofSeconds(WAIT_S))).result())
                .isEqualTo(MojoResult.OK);
        ReadResult r = end.readMessage();
        // Skip what the binding sent before (requests, responses): the reason comes last.
        while (r.isOk() && new org.jmojo.bindings.runtime.Decoder(r.message().bytes())
                .getInt32(MessageHeader.INTERFACE_ID_OFFSET) != MessageHeader.INVALID_INTERFACE_ID) {
            r = end.readMessage();
        }
        assertThat(r.result()).isEqualTo(MojoResult.OK);
        // The layout of golden-extra case 020 (docs/wire-format.md §14), for interface ID 0.
        org.jmojo.bindings.runtime.Decoder d = new org.jmojo.bindings.runtime.Decoder(r.message().bytes());
        assertThat(d.getInt32(MessageHeader.INTERFACE_ID_OFFSET)).isEqualTo(MessageHeader.INVALID_INTERFACE_ID);
        assertThat(d.getInt32(MessageHeader.NAME_OFFSET)).isEqualTo(MessageHeader.RUN_OR_CLOSE_PIPE_MESSAGE_ID);
        assertThat(d.getInt32(36)).as("union tag: peer_associated_endpoint_closed_event").isZero();
        assertThat(d.getInt32(56)).as("interface id").isZero();
        int length = d.getInt32(100);
        byte[] text = java.util.Arrays.copyOfRange(r.message().bytes(), 104, 104 + length);
        DisconnectReason reason = new DisconnectReason(Kind.PEER_REASON, d.getInt32(80),
                new String(text, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(end.readMessage().result()).isEqualTo(MojoResult.FAILED_PRECONDITION);
        return reason;
    }

    /** A remote whose peer is a raw endpoint the test writes to, and its disconnect reason to come. */
    private record RawPeer(Remote<Calc> remote, MessagePipeEndpoint peer, CompletableFuture<DisconnectReason> reason) {}

    private RawPeer rawPeer() {
        MessagePipe raw = Core.instance().createMessagePipe();
        closeLater(raw);
        Remote<Calc> remote = mode.bind(new PendingRemote<>(Calc.DESCRIPTOR, raw.end0()));
        closeLater(remote);
        CompletableFuture<DisconnectReason> atRemote = new CompletableFuture<>();
        remote.setDisconnectHandler(atRemote::complete);
        return new RawPeer(remote, raw.end1(), atRemote);
    }

    @Test
    void a_response_to_an_unknown_request_id_is_a_protocol_error() throws Exception {
        RawPeer raw = rawPeer();
        Remote<Calc> remote = raw.remote();
        CompletableFuture<DisconnectReason> atRemote = raw.reason();
        long before = BadMessages.count(BadMessages.PROTOCOL_ERROR);
        CompletableFuture<Integer> inFlight = remote.get().add(1, 2); // request id 1

        byte[] response = MessageBuilder.build(0, Calc.ADD_ORDINAL, MessageHeader.FLAG_IS_RESPONSE, 99,
                Codecs.struct(Calc.AddResponseParams.class), Calc.AddResponseParams.newBuilder().setSum(3).build())
                .bytes();
        assertThat(raw.peer().writeMessage(response)).isEqualTo(MojoResult.OK);

        DisconnectReason reason = await(atRemote);
        assertThat(reason.kind()).isEqualTo(Kind.PROTOCOL_ERROR);
        assertThat(reason.description()).contains("request id 99").contains("not in flight");
        assertThat(BadMessages.count(BadMessages.PROTOCOL_ERROR)).isEqualTo(before + 1);
        assertThat(failureOf(inFlight).failure()).isEqualTo(Failure.DISCONNECTED);
        assertThat(readDisconnectReason(raw.peer()).customReason()).isEqualTo(DisconnectReason.PROTOCOL_ERROR_CODE);
    }

    @Test
    void a_response_for_another_method_than_its_request_is_a_protocol_error() throws Exception {
        RawPeer raw = rawPeer();
        Remote<Calc> remote = raw.remote();
        CompletableFuture<DisconnectReason> atRemote = raw.reason();
        CompletableFuture<Integer> add = remote.get().add(1, 2); // request id 1, method Add
        byte[] response = MessageBuilder.build(0, Calc.NEGATE_ORDINAL, MessageHeader.FLAG_IS_RESPONSE, 1,
                Codecs.struct(Calc.NegateResponseParams.class), Calc.NegateResponseParams.newBuilder().setN(3).build())
                .bytes();
        assertThat(raw.peer().writeMessage(response)).isEqualTo(MojoResult.OK);
        DisconnectReason reason = await(atRemote);
        assertThat(reason.kind()).isEqualTo(Kind.PROTOCOL_ERROR);
        assertThat(reason.description()).contains("Negate").contains("Add");
        assertThat(failureOf(add).failure()).isEqualTo(Failure.DISCONNECTED);
    }

    @Test
    void an_implementation_reports_a_bad_message() throws Exception {
        CalcImpl impl = new CalcImpl();
        Pair<Calc> p = calc(impl, Remote.Options.defaults());
        CompletableFuture<DisconnectReason> atRemote = new CompletableFuture<>();
        CompletableFuture<DisconnectReason> atReceiver = new CompletableFuture<>();
        p.remote().setDisconnectHandler(atRemote::complete);
        p.receiver().setDisconnectHandler(atReceiver::complete);
        long before = BadMessages.count("NOTE_REJECTED");
        p.remote().get().note("bad note");
        assertThat(await(atReceiver)).isEqualTo(new DisconnectReason(Kind.BAD_MESSAGE,
                DisconnectReason.BAD_MESSAGE_CODE, "NOTE_REJECTED"));
        assertThat(await(atRemote)).isEqualTo(new DisconnectReason(Kind.PEER_REASON,
                DisconnectReason.BAD_MESSAGE_CODE, "NOTE_REJECTED"));
        assertThat(BadMessages.count("NOTE_REJECTED")).isEqualTo(before + 1);
    }

    @Test
    void closing_a_remote_fails_its_calls_in_flight_without_calling_its_handler() throws Exception {
        CalcImpl impl = new CalcImpl();
        Pair<Calc> p = calc(impl, Remote.Options.defaults());
        CompletableFuture<DisconnectReason> atRemote = new CompletableFuture<>();
        p.remote().setDisconnectHandler(atRemote::complete);
        CompletableFuture<DisconnectReason> atReceiver = new CompletableFuture<>();
        p.receiver().setDisconnectHandler(atReceiver::complete);
        CompletableFuture<Integer> held = p.remote().get().hold(1);
        assertThat(impl.held.poll(WAIT_S, TimeUnit.SECONDS)).isEqualTo(1);
        p.remote().close();
        assertThat(failureOf(held).failure()).isEqualTo(Failure.CLOSED);
        assertThat(await(atReceiver)).isEqualTo(DisconnectReason.peerClosed());
        // The served call was cancelled by the disconnection, which the implementation can observe.
        await(impl.contexts.get(1).cancellation().toCompletableFuture());
        assertThat(atRemote).isNotDone();
    }

    @Test
    void binding_an_interface_without_generated_binding_is_refused_and_keeps_the_endpoint() {
        MessagePipe pipe = Core.instance().createMessagePipe();
        closeLater(pipe);
        PendingRemote<Runnable> pending = new PendingRemote<>(
                org.jmojo.bindings.InterfaceDescriptor.of(Runnable.class, "test.NotGenerated", 0), pipe.end0());
        assertThatThrownBy(() -> Remote.bind(pending)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Runnable");
        assertThat(pending.isValid()).isTrue();
    }
}

package org.jmojo.bindings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jmojo.bindings.Pipes.await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.jmojo.bindings.DisconnectReason.Kind;
import org.jmojo.bindings.TestCalc.Ints;
import org.jmojo.system.MessagePipe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ReceiverSet}, {@link RemoteSet}, self-owned receivers, {@link Interceptor}s on both sides,
 * dispatch sequences and callback executors, over {@link TestCalc}.
 */
@org.junit.jupiter.api.Timeout(60) // the hang guard of the loops that wait for a request to be decoded
class SetsAndInterceptorsTest {

    private final Pipes pipes = new Pipes();

    @AfterEach
    void closeAll() throws Exception {
        pipes.close();
    }

    /** Each add answers with the receiver set's context of the receiver dispatching it. */
    static final class ContextEcho extends TestCalc.Base {
        final ReceiverSet<TestCalc> set;
        final List<Long> ids = new CopyOnWriteArrayList<>();

        ContextEcho(ReceiverSet<TestCalc> set) {
            this.set = set;
        }

        @Override
        public CompletableFuture<Integer> add(int a, int b) {
            ids.add(set.currentReceiverId());
            return CompletableFuture.completedFuture((Integer) set.currentContext() + a + b);
        }
    }

    @Test
    void receiverSet_givesEachRequestItsReceiversIdAndContext_andForgetsClosedReceivers() throws Exception {
        ReceiverSet<TestCalc> set = pipes.add(new ReceiverSet<>());
        ContextEcho impl = new ContextEcho(set);
        MessagePipe p1 = pipes.pipe();
        MessagePipe p2 = pipes.pipe();
        long id1 = set.add(new PendingReceiver<>(TestCalc.DESCRIPTOR, p1.end1()), impl, 100);
        long id2 = set.add(new PendingReceiver<>(TestCalc.DESCRIPTOR, p2.end1()), impl, 200);
        assertThat(id1).isEqualTo(1);
        assertThat(id2).isEqualTo(2);
        assertThat(set.size()).isEqualTo(2);
        assertThat(set.isEmpty()).isFalse();
        List<Long> lost = new CopyOnWriteArrayList<>();
        CompletableFuture<DisconnectReason> lostReason = new CompletableFuture<>();
        set.setDisconnectHandler((id, reason) -> {
            lost.add(id);
            lostReason.complete(reason);
        });
        Remote<TestCalc> r1 = pipes.add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p1.end0())));
        Remote<TestCalc> r2 = Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p2.end0()));
        assertThat(await(r1.get().add(1, 2))).isEqualTo(103);
        assertThat(await(r2.get().add(1, 2))).isEqualTo(203);
        assertThat(impl.ids).containsExactly(1L, 2L);

        r2.closeWithReason(5, "gone");
        assertThat(await(lostReason)).isEqualTo(new DisconnectReason(Kind.PEER_REASON, 5, "gone"));
        assertThat(lost).containsExactly(2L);
        assertThat(set.size()).isEqualTo(1);

        CompletableFuture<DisconnectReason> clientLost = new CompletableFuture<>();
        r1.setDisconnectHandler(clientLost::complete);
        assertThat(set.remove(1)).isTrue();
        assertThat(set.remove(1)).isFalse();
        assertThat(set.isEmpty()).isTrue();
        assertThat(await(clientLost)).as("removing closes the receiver").isEqualTo(DisconnectReason.peerClosed());
        assertThat(lost).as("the owner's removal runs no handler").containsExactly(2L);
    }

    @Test
    void receiverSet_context_outsideADispatchOfTheSet_refused() throws Exception {
        ReceiverSet<TestCalc> set = new ReceiverSet<>();
        ReceiverSet<TestCalc> other = pipes.add(new ReceiverSet<>());
        String text = "currentContext() is only available while a receiver of this set dispatches a request, on its "
                + "thread";
        assertThatThrownBy(set::currentContext).isExactlyInstanceOf(IllegalStateException.class).hasMessage(text);
        assertThatThrownBy(set::currentReceiverId).isExactlyInstanceOf(IllegalStateException.class).hasMessage(text);
        // Inside a dispatch of another set's receiver.
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        MessagePipe p = pipes.pipe();
        other.add(new PendingReceiver<>(TestCalc.DESCRIPTOR, p.end1()), new TestCalc.Base() {
            @Override
            public CompletableFuture<Integer> add(int a, int b) {
                try {
                    set.currentContext();
                    seen.complete(null);
                } catch (IllegalStateException e) {
                    seen.complete(e);
                }
                return CompletableFuture.completedFuture(0);
            }
        }, "ctx");
        Remote<TestCalc> remote = pipes.add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p.end0())));
        await(remote.get().add(1, 1));
        assertThat(await(seen)).isExactlyInstanceOf(IllegalStateException.class).hasMessage(text);
    }

    @Test
    void receiverSet_aReceiverInASetAlready_refused() {
        ReceiverSet<TestCalc> set = pipes.add(new ReceiverSet<>());
        MessagePipe p = pipes.pipe();
        Receiver<TestCalc> receiver = pipes.add(Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, p.end1()),
                new TestCalc.Base()));
        set.add(receiver, null);
        assertThatThrownBy(() -> set.add(receiver, null)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage(receiver + " is already in a receiver set");
        assertThat(set.size()).isEqualTo(1);
    }

    @Test
    void receiverSet_close_closesEveryReceiver() throws Exception {
        ReceiverSet<TestCalc> set = new ReceiverSet<>();
        List<CompletableFuture<DisconnectReason>> lost = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            MessagePipe p = pipes.pipe();
            set.add(new PendingReceiver<>(TestCalc.DESCRIPTOR, p.end1()), new TestCalc.Base());
            Remote<TestCalc> r = pipes.add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p.end0())));
            CompletableFuture<DisconnectReason> f = new CompletableFuture<>();
            r.setDisconnectHandler(f::complete);
            lost.add(f);
        }
        set.close();
        assertThat(set.isEmpty()).isTrue();
        for (CompletableFuture<DisconnectReason> f : lost) {
            assertThat(await(f)).isEqualTo(DisconnectReason.peerClosed());
        }
    }

    @Test
    void receiverSet_interceptor_seesRequestsOfReceiversAddedBeforeAndAfter() throws Exception {
        ReceiverSet<TestCalc> set = pipes.add(new ReceiverSet<>());
        MessagePipe p1 = pipes.pipe();
        set.add(new PendingReceiver<>(TestCalc.DESCRIPTOR, p1.end1()), new TestCalc.Base());
        List<String> seen = new CopyOnWriteArrayList<>();
        set.addInterceptor(new Interceptor() {
            @Override
            public void onRequest(CallContext call, Object params) {
                seen.add(call.methodName() + params);
            }
        });
        MessagePipe p2 = pipes.pipe();
        set.add(new PendingReceiver<>(TestCalc.DESCRIPTOR, p2.end1()), new TestCalc.Base());
        Remote<TestCalc> r1 = pipes.add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p1.end0())));
        Remote<TestCalc> r2 = pipes.add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p2.end0())));
        await(r1.get().add(1, 2));
        await(r2.get().add(3, 4));
        assertThat(seen).containsExactly("Add" + new Ints(1, 2), "Add" + new Ints(3, 4));
    }

    @Test
    void remoteSet_callsEveryRemote_inIdOrder_andForgetsDisconnectedOnes() throws Exception {
        RemoteSet<TestCalc> set = pipes.add(new RemoteSet<>());
        List<Receiver<TestCalc>> receivers = new ArrayList<>();
        List<List<Integer>> notes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            MessagePipe p = pipes.pipe();
            List<Integer> mine = new CopyOnWriteArrayList<>();
            notes.add(mine);
            receivers.add(Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, p.end1()), new TestCalc.Base() {
                @Override
                public void note(int n) {
                    mine.add(n);
                }
            }));
            assertThat(set.add(new PendingRemote<>(TestCalc.DESCRIPTOR, p.end0()))).isEqualTo(i + 1);
        }
        assertThat(set.size()).isEqualTo(3);
        assertThat(set.ids()).containsExactly(1L, 2L, 3L);
        AtomicInteger n = new AtomicInteger();
        set.forEach(calc -> calc.note(n.incrementAndGet()));
        for (long id : set.ids()) {
            await(set.get(id).flush());
        }
        assertThat(notes.get(0)).containsExactly(1);
        assertThat(notes.get(1)).containsExactly(2);
        assertThat(notes.get(2)).containsExactly(3);

        CompletableFuture<Long> lostId = new CompletableFuture<>();
        CompletableFuture<DisconnectReason> lostReason = new CompletableFuture<>();
        set.setDisconnectHandler((id, reason) -> {
            lostReason.complete(reason);
            lostId.complete(id);
        });
        receivers.get(1).closeWithReason(4, "bye");
        assertThat(await(lostId)).isEqualTo(2L);
        assertThat(await(lostReason)).isEqualTo(new DisconnectReason(Kind.PEER_REASON, 4, "bye"));
        assertThat(set.ids()).containsExactly(1L, 3L);
        assertThat(set.get(2)).isNull();

        Remote<TestCalc> third = set.get(3);
        assertThat(set.remove(3)).isTrue();
        assertThat(set.remove(3)).isFalse();
        assertThat(third.isConnected()).as("removing closes the remote").isFalse();
        set.close();
        assertThat(set.size()).isZero();
        receivers.forEach(Receiver::close);
    }

    @Test
    void selfOwnedReceiver_closesItsImplementation_whenThePeerCloses() throws Exception {
        MessagePipe p = pipes.pipe();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        class Closeable extends TestCalc.Base implements AutoCloseable {
            @Override
            public void close() {
                closed.complete(null);
            }
        }
        Receiver<TestCalc> receiver = Receiver.bindSelfOwned(new PendingReceiver<>(TestCalc.DESCRIPTOR, p.end1()),
                new Closeable());
        Remote<TestCalc> remote = Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p.end0()));
        assertThat(await(remote.get().add(1, 1))).isEqualTo(2);
        assertThat(closed).isNotDone();
        remote.close();
        await(closed);
        assertThat(receiver.isConnected()).isFalse();
    }

    @Test
    void selfOwnedReceiver_closedByItsOwner_closesTheImplementation_evenIfItsCloseThrows() throws Exception {
        MessagePipe p = pipes.pipe();
        AtomicInteger closes = new AtomicInteger();
        class Failing extends TestCalc.Base implements AutoCloseable {
            @Override
            public void close() throws Exception {
                closes.incrementAndGet();
                throw new Exception("close failed");
            }
        }
        Receiver<TestCalc> receiver = Receiver.bindSelfOwned(new PendingReceiver<>(TestCalc.DESCRIPTOR, p.end1()),
                new Failing());
        pipes.add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p.end0())));
        receiver.close(); // on this thread: the owner closed it
        assertThat(closes.get()).isEqualTo(1);
        receiver.close();
        assertThat(closes.get()).as("once").isEqualTo(1);
    }

    @Test
    void interceptors_seeCallsAndRequests_inOrder_withValuesAndFailures() throws Exception {
        MessagePipe p = pipes.pipe();
        List<String> service = new CopyOnWriteArrayList<>();
        List<String> client = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> held = new CompletableFuture<>();
        Receiver<TestCalc> receiver = pipes.add(Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, p.end1()),
                new TestCalc.Base() {
                    @Override
                    public void note(int n) {
                        service.add("impl note " + n);
                    }

                    @Override
                    public CompletableFuture<Integer> twice(int n) {
                        return held;
                    }
                }));
        receiver.addInterceptor(new Interceptor() {
            @Override
            public void onRequest(CallContext call, Object params) {
                service.add("request " + call.methodName() + " " + params);
            }

            @Override
            public void onRequestDone(CallContext call, Object response, Throwable failure) {
                service.add("done " + call.methodName() + " " + response + " " + failure);
            }
        });
        Remote<TestCalc> remote = pipes.add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p.end0())));
        Interceptor recorder = new Interceptor() {
            @Override
            public void onCall(String methodName, Object params) {
                client.add("call " + methodName + " " + params);
            }

            @Override
            public void onCallDone(String methodName, Object response, Throwable failure) {
                client.add("done " + methodName + " " + response + " " + failure);
            }
        };
        remote.addInterceptor(recorder);
        remote.get().note(3);
        assertThat(await(remote.get().add(1, 2))).isEqualTo(3);
        // onCallDone may run after the caller's own continuation; the flush completes after it on the queue.
        await(remote.flush());
        assertThat(remote.get().quietSync(4)).isEqualTo(4);
        assertThat(service).containsExactly(
                "request Note " + new Ints(3, 0), "impl note 3", "done Note null null",
                "request Add " + new Ints(1, 2), "done Add " + new Ints(3, 0) + " null",
                "request Quiet " + new Ints(4, 0), "done Quiet " + new Ints(4, 0) + " null");
        assertThat(client).containsExactly(
                "call Note " + new Ints(3, 0), "done Note null null",
                "call Add " + new Ints(1, 2), "done Add " + new Ints(3, 0) + " null",
                "call Quiet " + new Ints(4, 0), "done Quiet " + new Ints(4, 0) + " null");

        client.clear();
        service.clear();
        CompletableFuture<Integer> failing = remote.get().twice(5);
        held.completeExceptionally(new IllegalStateException("no"));
        assertThatThrownBy(() -> await(failing)).cause().isExactlyInstanceOf(BindingException.class);
        await(remote.flush().handle((v, t) -> null)); // fails at once, queued behind the failed call's callbacks
        assertThat(service).hasSize(2);
        assertThat(service.get(1)).startsWith("done Twice null java.util.concurrent.CompletionException: "
                + "java.lang.IllegalStateException: no");
        assertThat(client).hasSize(2);
        assertThat(client.get(1)).startsWith("done Twice null org.jmojo.bindings.BindingException: the pipe is "
                + "disconnected (PEER_REASON");
    }

    @Test
    void interceptor_onSyncCallFailure_seesTheFailure_andTheCallerGetsIt() throws Exception {
        MessagePipe p = pipes.pipe();
        Receiver<TestCalc> receiver = Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, p.end1()),
                new TestCalc.Base());
        Remote<TestCalc> remote = pipes.add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p.end0())));
        List<String> client = new CopyOnWriteArrayList<>();
        remote.addInterceptor(new Interceptor() {
            @Override
            public void onCallDone(String methodName, Object response, Throwable failure) {
                client.add(methodName + " " + response + " " + (failure == null ? null : failure.getMessage()));
            }
        });
        CompletableFuture<DisconnectReason> lost = new CompletableFuture<>();
        remote.setDisconnectHandler(lost::complete);
        receiver.close();
        // Once the remote knows, the call fails before it starts; a call racing the close would instead be
        // failed by the disconnect, with the message of a call in flight.
        assertThat(await(lost)).isEqualTo(DisconnectReason.peerClosed());
        assertThatThrownBy(() -> remote.get().twiceSync(1)).isExactlyInstanceOf(BindingException.class)
                .hasMessage("Twice: the pipe is disconnected (PEER_CLOSED)");
        assertThat(client).containsExactly("Twice null Twice: the pipe is disconnected (PEER_CLOSED)");
    }

    @Test
    void interceptorThrowingOnCall_reachesTheCaller_andNothingIsSent() throws Exception {
        MessagePipe p = pipes.pipe();
        List<Integer> notes = new CopyOnWriteArrayList<>();
        pipes.add(Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, p.end1()), new TestCalc.Base() {
            @Override
            public void note(int n) {
                notes.add(n);
            }
        }));
        Remote<TestCalc> remote = pipes.add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p.end0())));
        remote.addInterceptor(new Interceptor() {
            @Override
            public void onCall(String methodName, Object params) {
                if (((Ints) params).a() < 0) {
                    throw new SecurityException("negative " + methodName);
                }
            }

            @Override
            public void onCallDone(String methodName, Object response, Throwable failure) {
                throw new IllegalStateException("logged, not thrown");
            }
        });
        assertThatThrownBy(() -> remote.get().note(-1)).isExactlyInstanceOf(SecurityException.class)
                .hasMessage("negative Note");
        assertThatThrownBy(() -> remote.get().add(-1, 0)).isExactlyInstanceOf(SecurityException.class);
        assertThat(remote.inFlight()).isZero();
        remote.get().note(2);
        assertThat(await(remote.get().add(1, 1))).isEqualTo(2);
        assertThat(remote.get().twiceSync(2)).isEqualTo(4);
        await(remote.flush());
        assertThat(notes).containsExactly(2);
    }

    @Test
    void interceptorRejectingARequest_keepsItFromTheImplementation_andClosesThePipe() throws Exception {
        MessagePipe p = pipes.pipe();
        List<Integer> notes = new CopyOnWriteArrayList<>();
        Receiver<TestCalc> receiver = pipes.add(Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, p.end1()),
                new TestCalc.Base() {
                    @Override
                    public void note(int n) {
                        notes.add(n);
                    }
                }));
        String reason = "SetsAndInterceptorsTest: not allowed " + System.nanoTime();
        List<String> done = new CopyOnWriteArrayList<>();
        receiver.addInterceptor(new Interceptor() {
            @Override
            public void onRequest(CallContext call, Object params) {
                if (((Ints) params).a() == 13) {
                    call.reportBadMessage(reason);
                }
            }

            @Override
            public void onRequestDone(CallContext call, Object response, Throwable failure) {
                done.add(call.methodName());
            }
        });
        CompletableFuture<DisconnectReason> lost = new CompletableFuture<>();
        receiver.setDisconnectHandler(lost::complete);
        Remote<TestCalc> remote = pipes.add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p.end0())));
        remote.get().note(1);
        remote.get().note(13);
        remote.get().note(2);
        assertThat(await(lost)).isEqualTo(new DisconnectReason(Kind.BAD_MESSAGE, DisconnectReason.BAD_MESSAGE_CODE,
                reason));
        assertThat(notes).containsExactly(1);
        assertThat(done).containsExactly("Note");
        assertThat(BadMessages.count(reason)).isEqualTo(1);
    }

    @Test
    void interceptorThrowingOnRequest_countsAsAFailedImplementation() throws Exception {
        MessagePipe p = pipes.pipe();
        Receiver<TestCalc> receiver = pipes.add(Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, p.end1()),
                new TestCalc.Base()));
        receiver.addInterceptor(new Interceptor() {
            @Override
            public void onRequest(CallContext call, Object params) {
                throw new IllegalStateException("interceptor broke");
            }
        });
        CompletableFuture<DisconnectReason> lost = new CompletableFuture<>();
        receiver.setDisconnectHandler(lost::complete);
        Remote<TestCalc> remote = pipes.add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p.end0())));
        CompletableFuture<Integer> call = remote.get().add(1, 1);
        assertThat(await(lost)).isEqualTo(new DisconnectReason(Kind.IMPLEMENTATION_FAILED,
                DisconnectReason.IMPLEMENTATION_FAILED_CODE,
                "Add failed: java.lang.IllegalStateException: interceptor broke"));
        assertThatThrownBy(() -> await(call)).cause().isExactlyInstanceOf(BindingException.class);
    }

    @Test
    void interceptorThrowingOnRequestDone_isLogged_andTheResponseStillGoes() throws Exception {
        MessagePipe p = pipes.pipe();
        Receiver<TestCalc> receiver = pipes.add(Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, p.end1()),
                new TestCalc.Base()));
        receiver.addInterceptor(new Interceptor() {
            @Override
            public void onRequestDone(CallContext call, Object response, Throwable failure) {
                throw new IllegalStateException("logged");
            }
        });
        Remote<TestCalc> remote = pipes.add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p.end0())));
        assertThat(await(remote.get().add(2, 2))).isEqualTo(4);
        assertThat(receiver.isConnected()).isTrue();
    }

    @Test
    void dispatchSequence_sharedByTwoReceivers_runsTheirRequestsInOneOrder_onItsExecutor() throws Exception {
        List<Runnable> tasks = new CopyOnWriteArrayList<>();
        Executor manual = tasks::add;
        DispatchSequence sequence = DispatchSequence.on(manual);
        List<String> order = new CopyOnWriteArrayList<>();
        MessagePipe p1 = pipes.pipe();
        MessagePipe p2 = pipes.pipe();
        pipes.add(Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, p1.end1()), new TestCalc.Base() {
            @Override
            public void note(int n) {
                order.add("one " + n);
            }
        }, sequence));
        pipes.add(Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, p2.end1()), new TestCalc.Base() {
            @Override
            public void note(int n) {
                order.add("two " + n);
            }
        }, sequence));
        Remote<TestCalc> r1 = pipes.add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p1.end0())));
        Remote<TestCalc> r2 = pipes.add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p2.end0())));
        int m1 = TestCalc.Binding.mark();
        r1.get().note(m1);
        TestCalc.Binding.awaitDecoded(m1);
        int m2 = TestCalc.Binding.mark();
        r2.get().note(m2);
        TestCalc.Binding.awaitDecoded(m2);
        int m3 = TestCalc.Binding.mark();
        r1.get().note(m3);
        TestCalc.Binding.awaitDecoded(m3);
        while (tasks.isEmpty()) {
            Thread.onSpinWait();
        }
        assertThat(order).as("nothing runs before the executor runs it").isEmpty();
        assertThat(tasks).as("one drain task for the whole sequence").hasSize(1);
        tasks.removeFirst().run();
        // The drain may have started before the last note was queued; run whatever it handed out since.
        while (order.size() < 3) {
            if (!tasks.isEmpty()) {
                tasks.removeFirst().run();
            }
            Thread.onSpinWait();
        }
        assertThat(order).containsExactly("one " + m1, "two " + m2, "one " + m3);
    }

    @Test
    void remote_callbackExecutor_completesTheFutures_andRunsTheDisconnectHandler() throws Exception {
        MessagePipe p = pipes.pipe();
        Receiver<TestCalc> receiver = Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, p.end1()),
                new TestCalc.Base());
        java.util.concurrent.BlockingQueue<Runnable> tasks = new java.util.concurrent.LinkedBlockingQueue<>();
        Remote<TestCalc> remote = pipes.add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p.end0()),
                Remote.Options.defaults().withCallbackExecutor(tasks::add)));
        CompletableFuture<Integer> sum = remote.get().add(1, 2);
        Runnable completion = tasks.poll(Pipes.WAIT_S, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(completion).as("the response is handed to the executor").isNotNull();
        assertThat(sum).as("and completes only when the executor runs it").isNotDone();
        completion.run();
        assertThat(sum).isCompletedWithValue(3);
        CompletableFuture<DisconnectReason> lost = new CompletableFuture<>();
        remote.setDisconnectHandler(lost::complete);
        receiver.close();
        Runnable handler = tasks.poll(Pipes.WAIT_S, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(handler).isNotNull();
        assertThat(lost).isNotDone();
        handler.run();
        assertThat(lost).isCompletedWithValue(DisconnectReason.peerClosed());
    }

    @Test
    void receiver_onExecutor_runsTheImplementationThere() throws Exception {
        MessagePipe p = pipes.pipe();
        CompletableFuture<String> thread = new CompletableFuture<>();
        Executor named = task -> Thread.ofPlatform().name("test-dispatch").start(task);
        pipes.add(Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, p.end1()), new TestCalc.Base() {
            @Override
            public void note(int n) {
                thread.complete(Thread.currentThread().getName());
            }
        }, named));
        Remote<TestCalc> remote = pipes.add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p.end0())));
        remote.get().note(1);
        assertThat(await(thread)).isEqualTo("test-dispatch");
    }
    @Test
    void receiverSet_aReceiverClosedBeforeItIsAdded_isForgottenAtOnce() {
        ReceiverSet<TestCalc> set = pipes.add(new ReceiverSet<>());
        MessagePipe p = pipes.pipe();
        Receiver<TestCalc> receiver = Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, p.end1()),
                new TestCalc.Base());
        receiver.close();
        assertThat(set.add(receiver, "ctx")).isEqualTo(1);
        assertThat(set.size()).isZero();
    }
}

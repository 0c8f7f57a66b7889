package org.jmojo.conformance.bindings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import jmojo.test.bindings.Calc;
import org.jmojo.bindings.BadMessages;
import org.jmojo.bindings.CallContext;
import org.jmojo.bindings.DisconnectReason;
import org.jmojo.bindings.DisconnectReason.Kind;
import org.jmojo.bindings.Interceptor;
import org.jmojo.bindings.PendingReceiver;
import org.jmojo.bindings.PendingRemote;
import org.jmojo.bindings.Receiver;
import org.jmojo.bindings.ReceiverSet;
import org.jmojo.bindings.Remote;
import org.jmojo.bindings.RemoteSet;
import org.jmojo.system.Core;
import org.jmojo.system.MessagePipe;
import org.junit.jupiter.api.Test;

/**
 * What users write around bindings, end to end over in-process pipes: receiver sets with per-client
 * contexts, remote sets, self-owned receivers, interceptors on both ends (logging and an
 * authorisation interceptor that rejects a call as a bad message). No sleeps.
 */
class BindingSetsAndInterceptorsTest extends BindingModeTest {

    BindingSetsAndInterceptorsTest(BindingMode mode) {
        super(mode);
    }

    private record Ends(PendingRemote<Calc> remote, PendingReceiver<Calc> receiver) {}

    private static Ends pipe() {
        MessagePipe p = Core.instance().createMessagePipe();
        return new Ends(new PendingRemote<>(Calc.DESCRIPTOR, p.end0(), 0),
                new PendingReceiver<>(Calc.DESCRIPTOR, p.end1()));
    }

    @Test
    void a_receiver_set_serves_each_client_with_its_own_context_and_forgets_lost_ones() throws Exception {
        ReceiverSet<Calc> set = closeLater(new ReceiverSet<>());
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        Calc shared = new BindingsEndToEndTest.CalcImpl() {
            @Override
            public void note(String text) {
                seen.add(set.currentContext() + "/" + set.currentReceiverId() + ": " + text);
            }
        };
        List<Remote<Calc>> clients = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Ends e = pipe();
            ids.add(set.add(e.receiver(), shared, "client-" + i));
            clients.add(closeLater(mode.bind(e.remote())));
        }
        assertThat(set.size()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            clients.get(i).get().note("hello");
            assertThat(seen.poll(WAIT_S, TimeUnit.SECONDS)).isEqualTo("client-" + i + "/" + ids.get(i) + ": hello");
        }
        CompletableFuture<Long> lostId = new CompletableFuture<>();
        CompletableFuture<DisconnectReason> lostReason = new CompletableFuture<>();
        set.setDisconnectHandler((id, reason) -> {
            lostId.complete(id);
            lostReason.complete(reason);
        });
        clients.get(1).close();
        assertThat(await(lostId)).isEqualTo(ids.get(1));
        assertThat(await(lostReason).kind()).isEqualTo(Kind.PEER_CLOSED);
        assertThat(set.size()).isEqualTo(2);
        assertThat(await(clients.get(2).get().add(20, 22))).isEqualTo(42);
        assertThatThrownBy(set::currentContext).isInstanceOf(IllegalStateException.class);
        assertThat(set.remove(ids.get(0))).isTrue();
        assertThat(set.remove(ids.get(0))).isFalse();
        assertThat(set.size()).isEqualTo(1);
    }

    @Test
    void a_remote_set_broadcasts_to_every_remote_and_forgets_lost_ones() throws Exception {
        RemoteSet<Calc> observers = closeLater(new RemoteSet<>());
        List<BindingsEndToEndTest.CalcImpl> impls = new ArrayList<>();
        List<Receiver<Calc>> receivers = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Ends e = pipe();
            BindingsEndToEndTest.CalcImpl impl = new BindingsEndToEndTest.CalcImpl();
            impls.add(impl);
            receivers.add(closeLater(mode.bind(e.receiver(), impl)));
            ids.add(observers.add(e.remote()));
        }
        observers.forEach(c -> c.note("tick"));
        for (BindingsEndToEndTest.CalcImpl impl : impls) {
            assertThat(impl.notes.poll(WAIT_S, TimeUnit.SECONDS)).isEqualTo("tick");
        }
        CompletableFuture<Long> lost = new CompletableFuture<>();
        observers.setDisconnectHandler((id, reason) -> lost.complete(id));
        receivers.get(0).closeWithReason(3, "unsubscribed");
        assertThat(await(lost)).isEqualTo(ids.get(0));
        assertThat(observers.ids()).containsExactly(ids.get(1), ids.get(2));
        assertThat(observers.get(ids.get(0))).isNull();
        observers.forEach(c -> c.note("tock"));
        assertThat(impls.get(1).notes.poll(WAIT_S, TimeUnit.SECONDS)).isEqualTo("tock");
        assertThat(impls.get(2).notes.poll(WAIT_S, TimeUnit.SECONDS)).isEqualTo("tock");
        assertThat(impls.get(0).notes).isEmpty();
    }

    /** An implementation with a lifetime: closed when its self-owned receiver ends. */
    static final class ClosingCalc extends BindingsEndToEndTest.CalcImpl implements AutoCloseable {
        final CompletableFuture<List<String>> closedSeeing = new CompletableFuture<>();

        @Override
        public void close() {
            closedSeeing.complete(List.copyOf(notes));
        }
    }

    @Test
    void a_self_owned_receiver_lives_with_its_pipe_and_closes_its_implementation_after_the_last_request()
            throws Exception {
        Ends e = pipe();
        ClosingCalc impl = new ClosingCalc();
        Receiver.bindSelfOwned(e.receiver(), impl);
        Remote<Calc> remote = mode.bind(e.remote());
        assertThat(await(remote.get().add(1, 2))).isEqualTo(3);
        assertThat(impl.closedSeeing).isNotDone();
        remote.get().note("last words");
        remote.close();
        assertThat(await(impl.closedSeeing)).containsExactly("last words");
    }

    @Test
    void interceptors_on_both_ends_see_every_call_and_its_outcome() throws Exception {
        Ends e = pipe();
        BindingsEndToEndTest.CalcImpl impl = new BindingsEndToEndTest.CalcImpl();
        Receiver<Calc> receiver = closeLater(mode.bind(e.receiver(), impl));
        Remote<Calc> remote = closeLater(mode.bind(e.remote()));
        List<String> served = new CopyOnWriteArrayList<>();
        List<String> called = new CopyOnWriteArrayList<>();
        receiver.addInterceptor(new Interceptor() {
            @Override
            public void onRequest(CallContext call, Object params) {
                served.add("request " + call.methodName() + " " + params.getClass().getSimpleName());
            }

            @Override
            public void onRequestDone(CallContext call, Object response, Throwable failure) {
                served.add("done " + call.methodName() + " "
                        + (response instanceof Calc.AddResponseParams r ? r.getSum() : response));
            }
        });
        CompletableFuture<Void> addDone = new CompletableFuture<>();
        remote.addInterceptor(new Interceptor() {
            @Override
            public void onCall(String methodName, Object params) {
                called.add("call " + methodName);
            }

            @Override
            public void onCallDone(String methodName, Object response, Throwable failure) {
                called.add("done " + methodName + " "
                        + (response instanceof Calc.AddResponseParams r ? r.getSum() : response));
                if (methodName.equals("Add")) {
                    addDone.complete(null);
                }
            }
        });
        remote.get().note("x");
        assertThat(await(remote.get().add(2, 3))).isEqualTo(5);
        await(addDone);
        await(remote.flush());
        assertThat(impl.notes.poll(WAIT_S, TimeUnit.SECONDS)).isEqualTo("x");
        assertThat(called).containsExactly("call Note", "done Note null", "call Add", "done Add 5");
        assertThat(served).containsExactly("request Note NoteParams", "done Note null", "request Add AddParams",
                "done Add 5");
    }

    @Test
    void an_authorisation_interceptor_rejects_a_call_as_a_bad_message() throws Exception {
        Ends e = pipe();
        BindingsEndToEndTest.CalcImpl impl = new BindingsEndToEndTest.CalcImpl();
        Receiver<Calc> receiver = closeLater(mode.bind(e.receiver(), impl));
        Remote<Calc> remote = closeLater(mode.bind(e.remote()));
        receiver.addInterceptor(new Interceptor() {
            @Override
            public void onRequest(CallContext call, Object params) {
                if (params instanceof Calc.NoteParams n && n.getText().startsWith("admin:")) {
                    call.reportBadMessage("UNAUTHORISED_NOTE");
                }
            }
        });
        CompletableFuture<DisconnectReason> clientSaw = new CompletableFuture<>();
        CompletableFuture<DisconnectReason> serviceSaw = new CompletableFuture<>();
        remote.setDisconnectHandler(clientSaw::complete);
        receiver.setDisconnectHandler(serviceSaw::complete);
        long before = BadMessages.count("UNAUTHORISED_NOTE");
        remote.get().note("fine");
        remote.get().note("admin: drop tables");
        remote.get().note("after");
        DisconnectReason reason = await(clientSaw);
        assertThat(reason.kind()).isEqualTo(Kind.PEER_REASON);
        assertThat(reason.customReason()).isEqualTo(DisconnectReason.BAD_MESSAGE_CODE);
        assertThat(reason.description()).isEqualTo("UNAUTHORISED_NOTE");
        assertThat(await(serviceSaw).kind()).isEqualTo(Kind.BAD_MESSAGE);
        assertThat(BadMessages.count("UNAUTHORISED_NOTE")).isEqualTo(before + 1);
        assertThat(List.copyOf(impl.notes)).containsExactly("fine");
    }
}

package org.jmojo.bindings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jmojo.bindings.Pipes.await;
import static org.jmojo.bindings.RawPeerTest.ints;
import static org.jmojo.bindings.RawPeerTest.peerClosed;
import static org.jmojo.bindings.RawPeerTest.write;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.jmojo.bindings.DisconnectReason.Kind;
import org.jmojo.bindings.RawPeerTest.Client;
import org.jmojo.bindings.RawPeerTest.Served;
import org.jmojo.bindings.TestCalc.Binding;
import org.jmojo.bindings.TestCalc.Ints;
import org.jmojo.bindings.internal.router.ConnectionProbe;
import org.jmojo.bindings.internal.router.ControlMessages;
import org.jmojo.bindings.internal.router.Router;
import org.jmojo.bindings.internal.router.SerialQueue;
import org.jmojo.bindings.runtime.Encoder;
import org.jmojo.bindings.runtime.InterfaceBinding;
import org.jmojo.bindings.runtime.InterfaceSchema;
import org.jmojo.bindings.runtime.MessageBuilder;
import org.jmojo.bindings.runtime.MessageHeader;
import org.jmojo.bindings.runtime.MethodCaller;
import org.jmojo.bindings.runtime.MethodSchema;
import org.jmojo.bindings.runtime.StructCodec;
import org.jmojo.bindings.runtime.ValidatingReader;
import org.jmojo.system.Handle;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.Signals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every handle a message carries is closed when the bindings drop the message instead of delivering
 * it: a message read for an interface this side closed or never had, one that breaks the binding, a
 * response nobody waits for, a message held or queued when the pipe fails, closes or refuses a write.
 * Each test carries one end of a fresh pipe and watches the other end: it sees {@code PEER_CLOSED}
 * (a read fails instead of waiting) only if the carried end was closed.
 */
@Timeout(60) // the hang guard of the loops that wait for a clean-up or a held message
class DroppedHandlesTest {

    private static final int RESPONSE = MessageHeader.FLAG_IS_RESPONSE;

    private final Pipes pipes = new Pipes();

    @AfterEach
    void closeAll() throws Exception {
        pipes.close();
    }

    /**
     * Parameters that attach {@code handles} (only the first is referenced by the struct): what the
     * bindings write when a call carries handles, without a generated interface that has any.
     */
    record Carry(PendingAssociatedReceiver<TestCalc> sub, List<Handle> handles) {
        Carry(List<Handle> handles) {
            this(null, handles);
        }
    }

    /** {@code struct { handle h; pending_associated_receiver sub; }} laid out as {@link Ints}: for writing only. */
    static final StructCodec<Carry> CARRY_CODEC = new StructCodec<>(Carry.class, Binding.INTS) {
        @Override
        public int encode(Encoder encoder, Carry value) {
            int at = encoder.allocate(16);
            encoder.putStructHeader(at, 16, 0);
            int first = -1;
            for (Handle h : value.handles()) {
                int index = encoder.appendHandle(h);
                first = first < 0 ? index : first;
            }
            encoder.putInt32(at + 8, first);
            encoder.putInt32(at + 12, value.sub() == null ? -1 : encoder.appendAssociatedEndpoint(value.sub()));
            return at;
        }

        @Override
        public long encodedSize(Carry value) {
            return 16;
        }

        @Override
        public Carry decode(ValidatingReader reader, long at) {
            throw new UnsupportedOperationException("the tests only write Carry");
        }
    };

    /** A handle that cannot be attached any more: a write carrying it is refused. */
    private Handle deadHandle() {
        MessagePipe dead = pipes.pipe();
        dead.end1().close();
        return dead.end1();
    }

    /** {@code bytes} written on {@code raw} with {@code handle} attached. */
    private static void writeCarrying(MessagePipeEndpoint raw, byte[] bytes, Handle handle) {
        assertThat(raw.writeMessage(bytes, List.of(handle))).isEqualTo(MojoResult.OK);
    }

    static BindingException failure(CompletableFuture<?> call) {
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> await(call));
        assertThat(e.getCause()).isInstanceOf(BindingException.class);
        return (BindingException) e.getCause();
    }

    // ------------------------------------------------------------------ messages this side writes

    @Test
    void aOneWayMessage_afterTheRemoteClosed_isNotWritten_andItsHandlesAreClosed() throws Exception {
        Client c = RawPeerTest.client(pipes);
        c.remote().close();
        MessagePipe carried = pipes.pipe();
        c.remote().router().send(Binding.method(TestCalc.NOTE), CARRY_CODEC, new Carry(List.of(carried.end1())));
        assertThat(peerClosed(carried.end0())).isTrue();
        assertThat(RawPeerTest.readUntilClosed(c.raw())).as("nothing reached the peer").isEmpty();
    }

    @Test
    void aCall_afterThePeerClosed_failsDisconnected_andItsHandlesAreClosed() throws Exception {
        Client c = RawPeerTest.client(pipes);
        c.raw().close();
        await(c.lost());
        MessagePipe carried = pipes.pipe();
        CompletableFuture<Ints> call = c.remote().router().call(Binding.method(TestCalc.ADD), CARRY_CODEC,
                new Carry(List.of(carried.end1())), Binding.INTS_CODEC);
        BindingException e = failure(call);
        assertThat(e.failure()).isEqualTo(BindingException.Failure.DISCONNECTED);
        assertThat(e.disconnectReason()).contains(DisconnectReason.peerClosed());
        assertThat(peerClosed(carried.end0())).isTrue();
        assertThat(c.remote().inFlight()).isZero();
    }

    @Test
    void aRequestThePipeRefuses_isNotWritten_itsOtherHandlesAreClosed_andTheCallFails() throws Exception {
        Client c = RawPeerTest.client(pipes);
        MessagePipe carried = pipes.pipe();
        CompletableFuture<Ints> call = c.remote().router().call(Binding.method(TestCalc.ADD), CARRY_CODEC,
                new Carry(List.of(carried.end1(), deadHandle())), Binding.INTS_CODEC);
        assertThat(failure(call).failure()).isEqualTo(BindingException.Failure.DISCONNECTED);
        assertThat(peerClosed(carried.end0())).isTrue();
        assertThat(c.remote().inFlight()).isZero();
        // The pipe itself is fine: the next call is request 2, the refused one never went out.
        CompletableFuture<Integer> next = c.remote().get().add(2, 3);
        Message request = Pipes.read(c.raw());
        assertThat(RawPeerTest.header(request).requestId()).isEqualTo(2);
        write(c.raw(), ints(0, TestCalc.ADD, RESPONSE, 2, 5, 0));
        assertThat(await(next)).isEqualTo(5);
        assertThat(c.remote().isConnected()).isTrue();
    }

    /** A sub-remote bound from a pair whose receiver end is not sent yet, and one message with a handle in its backlog. */
    private record Backlogged(Client client, AssociatedPair<TestCalc> pair, Remote<TestCalc> sub, MessagePipe carried) {}

    private Backlogged backlogged() {
        Client c = RawPeerTest.client(pipes);
        AssociatedPair<TestCalc> pair = c.remote().newAssociatedPair(TestCalc.DESCRIPTOR);
        Remote<TestCalc> sub = pipes.add(Remote.bind(pair.remote()));
        MessagePipe carried = pipes.pipe();
        sub.router().send(Binding.method(TestCalc.NOTE), CARRY_CODEC, new Carry(List.of(carried.end1())));
        return new Backlogged(c, pair, sub, carried);
    }

    @Test
    void aBacklog_whenThePipeFails_isClosedWithItsHandles() throws Exception {
        Backlogged b = backlogged();
        write(b.client().raw(), ints(0, TestCalc.ADD, RESPONSE, 1, 0, 0)); // a response to no request
        assertThat(await(b.client().lost()).kind()).isEqualTo(Kind.PROTOCOL_ERROR);
        assertThat(peerClosed(b.carried().end0())).isTrue();
    }

    @Test
    void aBacklog_whenThePeerClosesThePipe_isClosedWithItsHandles() throws Exception {
        Backlogged b = backlogged();
        b.client().raw().close();
        assertThat(await(b.client().lost())).isEqualTo(DisconnectReason.peerClosed());
        assertThat(peerClosed(b.carried().end0())).isTrue();
    }

    @Test
    void aBacklog_whoseRemoteClosesBeforeTheOtherEndIsSent_isClosedWithItsHandles() throws Exception {
        Backlogged b = backlogged();
        b.sub().close();
        assertThat(peerClosed(b.carried().end0())).isTrue();
        assertThat(b.client().remote().isConnected()).isTrue();
    }

    @Test
    void aBacklog_whenTheMessageCarryingTheOtherEndIsRefused_isClosedWithItsHandles() throws Exception {
        Backlogged b = backlogged();
        b.client().remote().router().send(Binding.method(TestCalc.BIND_SUB), CARRY_CODEC,
                new Carry(b.pair().receiver(), List.of(deadHandle())));
        assertThat(peerClosed(b.carried().end0())).isTrue();
        // Nothing of the sub-interface reached the peer: the next message is the next primary one.
        b.client().remote().get().note(4);
        MessageHeader next = RawPeerTest.header(Pipes.read(b.client().raw()));
        assertThat(next.interfaceId()).isZero();
        assertThat(next.name()).isEqualTo(TestCalc.NOTE);
    }

    // ------------------------------------------------------------------ messages the peer writes

    @Test
    void aMessageForAnEndTheServiceClosed_isDropped_itsHandlesAndTheEndsItAnnouncesClosed() throws Exception {
        Served s = RawPeerTest.serve(pipes, new TestCalc.Base() {
            @Override
            public void bindSub(PendingAssociatedReceiver<TestCalc> sub) {
                sub.close();
            }
        });
        write(s.raw(), RawPeerTest.bindSub(6));
        assertThat(ControlMessages.endpointClosedEvent(Pipes.read(s.raw())))
                .isEqualTo(new ControlMessages.EndpointClosed(6, null));
        MessagePipe carried = pipes.pipe();
        byte[] payload = Binding.INTS_CODEC.serialize(new Ints(1, 0)).bytes();
        writeCarrying(s.raw(), MessageBuilder.build(6, TestCalc.NOTE, 0, 0, payload, List.of(9)), carried.end1());
        assertThat(ControlMessages.endpointClosedEvent(Pipes.read(s.raw())))
                .as("the ID the dropped message announced is closed at once")
                .isEqualTo(new ControlMessages.EndpointClosed(9, null));
        assertThat(peerClosed(carried.end0())).isTrue();
        assertThat(s.receiver().isConnected()).isTrue();
    }

    @Test
    void aMessageForAnUnknownInterface_closesThePipe_andItsHandles() throws Exception {
        Served s = RawPeerTest.serve(pipes, new TestCalc.Base());
        MessagePipe carried = pipes.pipe();
        writeCarrying(s.raw(), ints(5, TestCalc.NOTE, 0, 0, 1, 1).bytes(), carried.end1());
        assertThat(await(s.lost()).kind()).isEqualTo(Kind.PROTOCOL_ERROR);
        assertThat(peerClosed(carried.end0())).isTrue();
    }

    @Test
    void aMessageThatBreaksTheBinding_closesThePipe_andItsHandles() throws Exception {
        Served s = RawPeerTest.serve(pipes, new TestCalc.Base());
        MessagePipe carried = pipes.pipe();
        writeCarrying(s.raw(), ints(0, TestCalc.NOTE, 0, 0, Binding.BINDING_BUG, 0).bytes(), carried.end1());
        assertThat(await(s.lost()).description()).startsWith("the message could not be handled: ");
        assertThat(peerClosed(carried.end0())).isTrue();
    }

    @Test
    void aRequestReusingAnIdInFlight_closesThePipe_andItsHandles() throws Exception {
        Served s = RawPeerTest.serve(pipes, new TestCalc.Base() {
            @Override
            public CompletableFuture<Integer> add(int a, int b) {
                return new CompletableFuture<>(); // in flight for good
            }
        });
        write(s.raw(), ints(0, TestCalc.ADD, MessageHeader.FLAG_EXPECTS_RESPONSE, 1, 1, 1));
        MessagePipe carried = pipes.pipe();
        writeCarrying(s.raw(), ints(0, TestCalc.ADD, MessageHeader.FLAG_EXPECTS_RESPONSE, 1, 2, 2).bytes(),
                carried.end1());
        assertThat(await(s.lost()).description()).isEqualTo("request id 1 reused while its call is in flight");
        assertThat(peerClosed(carried.end0())).isTrue();
    }

    @Test
    void aLateResponse_toACallGivenUp_isDropped_itsHandlesAndTheEndsItAnnouncesClosed() throws Exception {
        Client c = RawPeerTest.client(pipes);
        CompletableFuture<Integer> call = c.remote().withDeadline(java.time.Duration.ofMillis(1)).add(1, 1);
        Pipes.read(c.raw()); // the request, id 1
        assertThat(failure(call).failure()).isEqualTo(BindingException.Failure.DEADLINE_EXCEEDED);
        assertThat(Pipes.read(c.raw()).bytes()).isEqualTo(ControlMessages.cancelRequest(1).bytes());
        MessagePipe carried = pipes.pipe();
        byte[] payload = Binding.INTS_CODEC.serialize(new Ints(2, 0)).bytes();
        writeCarrying(c.raw(), MessageBuilder.build(0, TestCalc.ADD, RESPONSE, 1, payload, List.of(11)),
                carried.end1());
        assertThat(ControlMessages.endpointClosedEvent(Pipes.read(c.raw())))
                .isEqualTo(new ControlMessages.EndpointClosed(11, null));
        assertThat(peerClosed(carried.end0())).isTrue();
        assertThat(c.remote().isConnected()).isTrue();
    }

    @Test
    void aResponseForAnotherMethod_closesThePipe_andItsHandles() throws Exception {
        Client c = RawPeerTest.client(pipes);
        CompletableFuture<Integer> call = c.remote().get().add(1, 2);
        Pipes.read(c.raw());
        MessagePipe carried = pipes.pipe();
        writeCarrying(c.raw(), ints(0, TestCalc.TWICE, RESPONSE, 1, 3, 0).bytes(), carried.end1());
        assertThat(await(c.lost()).kind()).isEqualTo(Kind.PROTOCOL_ERROR);
        assertThat(failure(call).failure()).isEqualTo(BindingException.Failure.DISCONNECTED);
        assertThat(peerClosed(carried.end0())).isTrue();
    }

    /** A service that keeps the sub-receivers it is sent, unbound, and captures the context of its Add calls. */
    private static final class Keeper extends TestCalc.Base {
        final CompletableFuture<PendingAssociatedReceiver<TestCalc>> kept = new CompletableFuture<>();
        final CompletableFuture<CallContext> adding = new CompletableFuture<>();

        @Override
        public void bindSub(PendingAssociatedReceiver<TestCalc> sub) {
            kept.complete(sub);
        }

        @Override
        public CompletableFuture<Integer> add(int a, int b) {
            adding.complete(CallContext.current());
            return new CompletableFuture<>(); // answered never: the context stays usable
        }
    }

    /** Writes a message for ID 5 with {@code carried} attached after announcing 5 to {@code keeper}, and waits until it is held. */
    private void holdACarryingMessage(Served s, Keeper keeper, MessagePipe carried) throws Exception {
        write(s.raw(), RawPeerTest.bindSub(5));
        await(keeper.kept);
        writeCarrying(s.raw(), ints(5, TestCalc.NOTE, 0, 0, 1, 0).bytes(), carried.end1());
        while (!ConnectionProbe.isHolding(s.receiver().router().connection())) {
            Thread.yield();
        }
    }

    /** A service keeping the end of ID 5, and a message carrying {@code carried} held for it. */
    private record Held(Keeper keeper, Served served, MessagePipe carried) {}

    private Held held() throws Exception {
        Keeper keeper = new Keeper();
        Served s = RawPeerTest.serve(pipes, keeper);
        MessagePipe carried = pipes.pipe();
        holdACarryingMessage(s, keeper, carried);
        return new Held(keeper, s, carried);
    }

    @Test
    void aHeldMessage_whoseEndIsClosedUnbound_isDroppedWithItsHandles_andReadingGoesOn() throws Exception {
        Held h = held();
        Served s = h.served();
        MessagePipe carried = h.carried();
        await(h.keeper().kept).close();
        assertThat(ControlMessages.endpointClosedEvent(Pipes.read(s.raw())))
                .isEqualTo(new ControlMessages.EndpointClosed(5, null));
        assertThat(peerClosed(carried.end0())).isTrue();
        write(s.raw(), ControlMessages.queryVersion(1));
        assertThat(Pipes.read(s.raw()).bytes()).isEqualTo(ControlMessages.runResponse(1, TestCalc.VERSION).bytes());
    }

    @Test
    void aHeldMessage_whenThePipeFails_isClosedWithItsHandles() throws Exception {
        Keeper keeper = new Keeper();
        Served s = RawPeerTest.serve(pipes, keeper);
        write(s.raw(), ints(0, TestCalc.ADD, MessageHeader.FLAG_EXPECTS_RESPONSE, 1, 1, 1));
        CallContext adding = await(keeper.adding);
        MessagePipe carried = pipes.pipe();
        holdACarryingMessage(s, keeper, carried);
        adding.reportBadMessage("bad add");
        assertThat(await(s.lost())).isEqualTo(new DisconnectReason(Kind.BAD_MESSAGE,
                DisconnectReason.BAD_MESSAGE_CODE, "bad add"));
        assertThat(peerClosed(carried.end0())).isTrue();
    }

    @Test
    void aHeldMessage_whoseEndIsTheLastOfThePipeToClose_isClosedWithItsHandles() throws Exception {
        Held h = held();
        h.served().receiver().close();
        assertThat(h.served().raw().querySignalsState().satisfiesAny(Signals.PEER_CLOSED))
                .as("the held end keeps the pipe open").isFalse();
        await(h.keeper().kept).close();
        assertThat(peerClosed(h.carried().end0())).isTrue();
    }

    @Test
    void callsRefusedAtTheInFlightBound_closeTheirHandles() throws Exception {
        MessagePipe p = pipes.pipe();
        Remote<TestCalc> remote = pipes.add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p.end0()),
                Remote.Options.defaults().withMaxInFlight(1, Remote.Overflow.FAIL_FAST)));
        CompletableFuture<Integer> first = remote.get().add(1, 1); // end1 never answers: the one slot stays taken
        MessagePipe carried = pipes.pipe();
        CompletableFuture<Ints> refused = remote.router().call(Binding.method(TestCalc.ADD), CARRY_CODEC,
                new Carry(List.of(carried.end1())), Binding.INTS_CODEC);
        assertThat(failure(refused).failure()).isEqualTo(BindingException.Failure.TOO_MANY_IN_FLIGHT);
        assertThat(peerClosed(carried.end0())).isTrue();
        MessagePipe carriedSync = pipes.pipe();
        BindingException e = org.junit.jupiter.api.Assertions.assertThrows(BindingException.class,
                () -> remote.router().callSync(Binding.method(TestCalc.TWICE), CARRY_CODEC,
                        new Carry(List.of(carriedSync.end1())), Binding.INTS_CODEC));
        assertThat(e.failure()).isEqualTo(BindingException.Failure.TOO_MANY_IN_FLIGHT);
        assertThat(peerClosed(carriedSync.end0())).isTrue();
        assertThat(first).isNotDone();
        assertThat(remote.inFlight()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ responses never sent

    /** A binding of {@link TestCalc}'s schema that a test serves on a {@link Router} it builds; it has no proxy. */
    private abstract static class ServedCalc implements InterfaceBinding<TestCalc> {
        @Override
        public InterfaceDescriptor<TestCalc> descriptor() {
            return TestCalc.DESCRIPTOR;
        }

        @Override
        public InterfaceSchema schema() {
            return Binding.SCHEMA;
        }

        @Override
        public TestCalc proxy(MethodCaller caller) {
            throw new UnsupportedOperationException("only served");
        }
    }

    /** {@link TestCalc}'s binding, but Add answers with a handle-carrying value through a future the test completes. */
    private static final class HandleAnswers extends ServedCalc {
        final java.util.concurrent.BlockingQueue<CompletableFuture<Carry>> answers =
                new java.util.concurrent.LinkedBlockingQueue<>();
        final java.util.concurrent.BlockingQueue<CallContext> calls = new java.util.concurrent.LinkedBlockingQueue<>();

        @Override
        public Object decodeRequest(MethodSchema method, java.lang.foreign.MemorySegment message, MessageHeader header,
                List<? extends Handle> handles) throws ValidationException {
            return Binding.INSTANCE.decodeRequest(method, message, header, handles);
        }

        @Override
        public Response<?> invoke(TestCalc implementation, MethodSchema method, Object params) {
            CompletableFuture<Carry> answer = new CompletableFuture<>();
            calls.add(CallContext.current());
            answers.add(answer);
            return new Response<>(CARRY_CODEC, answer);
        }

        <T> T next(java.util.concurrent.BlockingQueue<T> queue) throws InterruptedException {
            T t = queue.poll(Pipes.WAIT_S, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(t).as("a request was dispatched").isNotNull();
            return t;
        }
    }

    /** An implementation router of {@link HandleAnswers} on end1 of a new pipe; the raw peer is end0. */
    private record Answering(Router<TestCalc> router, HandleAnswers binding, MessagePipeEndpoint raw) {}

    private Answering answering() {
        MessagePipe p = pipes.pipe();
        HandleAnswers binding = new HandleAnswers();
        Router<TestCalc> router = Router.implementation(binding, p.end1(), new TestCalc.Base(),
                new SerialQueue(Runnable::run));
        pipes.add(() -> router.close(null, null));
        write(p.end0(), ints(0, TestCalc.ADD, MessageHeader.FLAG_EXPECTS_RESPONSE, 1, 1, 1));
        return new Answering(router, binding, p.end0());
    }

    @Test
    void aResponse_carriesItsHandles_toThePeer() throws Exception {
        Answering a = answering();
        MessagePipe carried = pipes.pipe();
        a.binding().next(a.binding().answers).complete(new Carry(List.of(carried.end1())));
        Message response = Pipes.read(a.raw());
        assertThat(RawPeerTest.header(response).requestId()).isEqualTo(1);
        assertThat(response.handles()).hasSize(1);
        assertThat(carried.end0().querySignalsState().satisfiesAny(Signals.PEER_CLOSED))
                .as("the carried end is alive in the message").isFalse();
        response.closeHandles();
    }

    @Test
    void aResponseToACancelledRequest_isNotSent_andItsHandlesAreClosed() throws Exception {
        Answering a = answering();
        CallContext call = a.binding().next(a.binding().calls);
        write(a.raw(), ControlMessages.cancelRequest(1));
        await(call.cancellation().toCompletableFuture());
        MessagePipe carried = pipes.pipe();
        a.binding().next(a.binding().answers).complete(new Carry(List.of(carried.end1())));
        assertThat(peerClosed(carried.end0())).isTrue();
        write(a.raw(), ControlMessages.queryVersion(2));
        assertThat(Pipes.read(a.raw()).bytes()).as("no response to request 1 came first")
                .isEqualTo(ControlMessages.runResponse(2, TestCalc.VERSION).bytes());
    }

    @Test
    void aResponseAfterTheReceiverClosed_isNotSent_andItsHandlesAreClosed() throws Exception {
        Answering a = answering();
        CompletableFuture<Carry> answer = a.binding().next(a.binding().answers);
        a.router().close(null, null);
        MessagePipe carried = pipes.pipe();
        answer.complete(new Carry(List.of(carried.end1())));
        assertThat(peerClosed(carried.end0())).isTrue();
        assertThat(RawPeerTest.readUntilClosed(a.raw())).isEmpty();
    }

    // ------------------------------------------------------------------ requests never dispatched

    /** {@link TestCalc}'s schema; a request's parameters are the handles it carries, and Note blocks until released. */
    private static final class HandleRequests extends ServedCalc {
        final java.util.concurrent.BlockingQueue<List<? extends Handle>> decoded =
                new java.util.concurrent.LinkedBlockingQueue<>();
        final CompletableFuture<Void> release = new CompletableFuture<>();
        final CompletableFuture<Void> blocked = new CompletableFuture<>();

        @Override
        public Object decodeRequest(MethodSchema method, java.lang.foreign.MemorySegment message, MessageHeader header,
                List<? extends Handle> handles) {
            decoded.add(handles);
            return handles;
        }

        @Override
        public Response<?> invoke(TestCalc implementation, MethodSchema method, Object params) {
            blocked.complete(null);
            release.join();
            return null;
        }
    }

    @Test
    void aRequestQueuedWhenItsReceiverCloses_isDropped_andItsHandlesAreClosed() throws Exception {
        MessagePipe p = pipes.pipe();
        HandleRequests binding = new HandleRequests();
        java.util.concurrent.ExecutorService dispatcher = java.util.concurrent.Executors.newSingleThreadExecutor();
        pipes.add(dispatcher::shutdownNow);
        Router<TestCalc> router = Router.implementation(binding, p.end1(), new TestCalc.Base(), new SerialQueue(dispatcher));
        pipes.add(() -> router.close(null, null));
        write(p.end0(), ints(0, TestCalc.NOTE, 0, 0, 1, 0));
        await(binding.blocked); // the first request holds the dispatch queue
        MessagePipe carried = pipes.pipe();
        writeCarrying(p.end0(), ints(0, TestCalc.NOTE, 0, 0, 2, 0).bytes(), carried.end1());
        assertThat(binding.decoded.poll(Pipes.WAIT_S, java.util.concurrent.TimeUnit.SECONDS)).isEmpty();
        assertThat(binding.decoded.poll(Pipes.WAIT_S, java.util.concurrent.TimeUnit.SECONDS))
                .as("the second request was read and queued").hasSize(1);
        router.close(null, null);
        binding.release.complete(null);
        assertThat(peerClosed(carried.end0())).isTrue();
    }

    @Test
    void aRequestAnInterceptorRejects_neverReachesTheImplementation_andItsHandlesAreClosed() throws Exception {
        MessagePipe p = pipes.pipe();
        HandleRequests binding = new HandleRequests();
        binding.release.complete(null);
        Router<TestCalc> router = Router.implementation(binding, p.end1(), new TestCalc.Base(),
                new SerialQueue(Runnable::run));
        pipes.add(() -> router.close(null, null));
        router.addInterceptor(new Interceptor() {
            @Override
            public void onRequest(CallContext call, Object params) {
                call.reportBadMessage("rejected by the interceptor");
            }
        });
        MessagePipe carried = pipes.pipe();
        writeCarrying(p.end0(), ints(0, TestCalc.NOTE, 0, 0, 1, 0).bytes(), carried.end1());
        assertThat(peerClosed(carried.end0())).isTrue();
        assertThat(binding.blocked).as("the implementation never ran").isNotDone();
        assertThat(router.isConnected()).isFalse();
    }
}

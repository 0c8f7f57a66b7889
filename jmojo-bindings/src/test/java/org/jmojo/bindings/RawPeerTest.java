package org.jmojo.bindings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jmojo.bindings.Pipes.await;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.jmojo.bindings.DisconnectReason.Kind;
import org.jmojo.bindings.TestCalc.Binding;
import org.jmojo.bindings.TestCalc.Ints;
import org.jmojo.bindings.internal.router.ControlMessages;
import org.jmojo.bindings.runtime.MessageBuilder;
import org.jmojo.bindings.runtime.MessageHeader;
import org.jmojo.bindings.runtime.Validator;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoException;
import org.jmojo.system.MojoResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A {@link Receiver} or a {@link Remote} of {@link TestCalc} against a peer played by hand on the raw
 * other end of the pipe: the exact messages the bindings write, and what they do with messages a
 * generated peer would never send (each closes the pipe, tells the peer why and counts the reason).
 */
class RawPeerTest {

    private static final int EXPECTS = MessageHeader.FLAG_EXPECTS_RESPONSE;
    private static final int RESPONSE = MessageHeader.FLAG_IS_RESPONSE;
    private static final int SYNC = MessageHeader.FLAG_IS_SYNC;

    private final Pipes pipes = new Pipes();

    @AfterEach
    void closeAll() throws Exception {
        pipes.close();
    }

    /** A receiver of a {@link TestCalc.Base} on end1, the raw peer on end0. */
    record Served(Receiver<TestCalc> receiver, MessagePipeEndpoint raw, CompletableFuture<DisconnectReason> lost) {}

    private Served serve(TestCalc impl) {
        return serve(pipes, impl);
    }

    /** {@code impl} bound as a receiver on end1 of a new pipe of {@code pipes}, the raw peer on end0. */
    static Served serve(Pipes pipes, TestCalc impl) {
        MessagePipe p = pipes.pipe();
        Receiver<TestCalc> receiver = pipes.add(Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, p.end1()), impl));
        CompletableFuture<DisconnectReason> lost = new CompletableFuture<>();
        receiver.setDisconnectHandler(lost::complete);
        return new Served(receiver, p.end0(), lost);
    }

    /** A remote on end0, the raw peer on end1. */
    record Client(Remote<TestCalc> remote, MessagePipeEndpoint raw, CompletableFuture<DisconnectReason> lost) {}

    private Client client() {
        return client(pipes);
    }

    /** A remote on end0 of a new pipe of {@code pipes}, the raw peer on end1. */
    static Client client(Pipes pipes) {
        MessagePipe p = pipes.pipe();
        Remote<TestCalc> remote = pipes.add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p.end0())));
        CompletableFuture<DisconnectReason> lost = new CompletableFuture<>();
        remote.setDisconnectHandler(lost::complete);
        return new Client(remote, p.end1(), lost);
    }

    static void write(MessagePipeEndpoint raw, Message m) {
        assertThat(raw.writeMessage(m.bytes(), m.handles())).isEqualTo(MojoResult.OK);
    }

    static Message ints(int interfaceId, int name, int flags, long requestId, int a, int b) {
        return MessageBuilder.build(interfaceId, name, flags, requestId, Binding.INTS_CODEC, new Ints(a, b));
    }

    static MessageHeader header(Message m) throws ValidationException {
        return Validator.validateHeader(MemorySegment.ofArray(m.bytes()));
    }

    static Ints payload(Message m) throws ValidationException {
        MemorySegment bytes = MemorySegment.ofArray(m.bytes());
        return MessageBuilder.decodeParams(bytes, Validator.validateHeader(bytes), m.handles(), Binding.INTS_CODEC);
    }

    /** Every message on {@code raw} until the bindings closed their end. */
    static List<Message> readUntilClosed(MessagePipeEndpoint raw) throws Exception {
        List<Message> messages = new ArrayList<>();
        while (true) {
            try {
                messages.add(Pipes.read(raw));
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(MojoException.class);
                assertThat(((MojoException) e.getCause()).result()).isEqualTo(MojoResult.FAILED_PRECONDITION);
                return messages;
            }
        }
    }

    /** The reason the bindings sent for interface 0 before closing: the last message on {@code raw}. */
    static DisconnectReason closingReason(MessagePipeEndpoint raw) throws Exception {
        List<Message> messages = readUntilClosed(raw);
        assertThat(messages).as("the close event").isNotEmpty();
        return ControlMessages.peerReason(messages.getLast());
    }

    private static String validationText(ValidationException e) {
        return e.error().name() + ": " + e.getMessage();
    }

    // ------------------------------------------------------------------ what a remote writes

    @Test
    void remote_writesRequests_withTheHeaderMojoSpecifies() throws Exception {
        Client c = client();
        c.remote().get().note(5);
        CompletableFuture<Integer> add = c.remote().get().add(2, 3);
        CompletableFuture<Integer> twice = c.remote().get().twice(4);

        Message note = Pipes.read(c.raw());
        MessageHeader h = header(note);
        assertThat(h).isEqualTo(new MessageHeader(24, 0, 0, TestCalc.NOTE, 0, 0, 24, 0));
        assertThat(payload(note)).isEqualTo(new Ints(5, 0));
        assertThat(note.bytes()).hasSize(24 + 16);

        Message addRequest = Pipes.read(c.raw());
        assertThat(header(addRequest)).isEqualTo(new MessageHeader(32, 1, 0, TestCalc.ADD, EXPECTS, 1, 32, 0));
        assertThat(payload(addRequest)).isEqualTo(new Ints(2, 3));

        Message twiceRequest = Pipes.read(c.raw());
        assertThat(header(twiceRequest)).isEqualTo(new MessageHeader(32, 1, 0, TestCalc.TWICE, EXPECTS | SYNC, 2, 32, 0));

        write(c.raw(), ints(0, TestCalc.TWICE, RESPONSE | SYNC, 2, 8, 0));
        write(c.raw(), ints(0, TestCalc.ADD, RESPONSE, 1, 5, 0));
        assertThat(await(twice)).as("responses match by request id, in any order").isEqualTo(8);
        assertThat(await(add)).isEqualTo(5);
        assertThat(c.remote().inFlight()).isZero();
    }

    @Test
    void remote_syncCall_ofANoInterruptMethod_setsItsFlag() throws Exception {
        Client c = client();
        Thread caller = Thread.ofPlatform().start(() -> assertThat(c.remote().get().quietSync(3)).isEqualTo(30));
        Message request = Pipes.read(c.raw());
        assertThat(header(request)).isEqualTo(new MessageHeader(32, 1, 0, TestCalc.QUIET,
                EXPECTS | SYNC | MessageHeader.FLAG_NO_INTERRUPT, 1, 32, 0));
        write(c.raw(), ints(0, TestCalc.QUIET, RESPONSE | SYNC, 1, 30, 0));
        caller.join();
    }

    @Test
    void remote_queryVersionAndFlush_areRunRequests_answeredByRunResponses() throws Exception {
        Client c = client();
        CompletableFuture<Integer> version = c.remote().queryVersion();
        CompletableFuture<Void> flush = c.remote().flush();
        Message q = Pipes.read(c.raw());
        assertThat(q.bytes()).isEqualTo(ControlMessages.queryVersion(1).bytes());
        Message f = Pipes.read(c.raw());
        assertThat(f.bytes()).isEqualTo(ControlMessages.flush(2).bytes());
        write(c.raw(), ControlMessages.runResponse(2, null));
        write(c.raw(), ControlMessages.runResponse(1, 7));
        assertThat(await(flush)).isNull();
        assertThat(await(version)).isEqualTo(7);
        assertThat(c.remote().version()).isEqualTo(7);
        write(c.raw(), ControlMessages.requireVersion(3)); // a remote ignores RunOrClosePipe
        c.remote().requireVersion(2);
        assertThat(Pipes.read(c.raw()).bytes()).isEqualTo(ControlMessages.requireVersion(2).bytes());
        assertThat(c.remote().version()).as("a lower requirement leaves the known version").isEqualTo(7);
        CompletableFuture<Integer> add = c.remote().get().add(1, 1);
        Pipes.read(c.raw());
        write(c.raw(), ints(0, TestCalc.ADD, RESPONSE, 3, 2, 0));
        assertThat(await(add)).isEqualTo(2);
        assertThat(c.remote().isConnected()).isTrue();
    }

    @Test
    void remote_deadline_sendsACancelRequest_forTheCallsId() throws Exception {
        Client c = client();
        CompletableFuture<Integer> call = c.remote().withDeadline(java.time.Duration.ofMillis(10)).add(1, 1);
        Pipes.read(c.raw()); // the request, id 1
        assertThatThrownBy(() -> await(call)).cause().isExactlyInstanceOf(BindingException.class);
        assertThat(Pipes.read(c.raw()).bytes()).isEqualTo(ControlMessages.cancelRequest(1).bytes());
        // Its late response is dropped quietly.
        write(c.raw(), ints(0, TestCalc.ADD, RESPONSE, 1, 2, 0));
        CompletableFuture<Integer> next = c.remote().get().add(2, 2);
        Pipes.read(c.raw());
        write(c.raw(), ints(0, TestCalc.ADD, RESPONSE, 2, 4, 0));
        assertThat(await(next)).isEqualTo(4);
        assertThat(c.lost()).isNotDone();
        // But only once: a second response to the cancelled id is not in flight any more.
        long before = BadMessages.count(BadMessages.PROTOCOL_ERROR);
        write(c.raw(), ints(0, TestCalc.ADD, RESPONSE, 1, 2, 0));
        assertThat(await(c.lost())).isEqualTo(new DisconnectReason(Kind.PROTOCOL_ERROR,
                DisconnectReason.PROTOCOL_ERROR_CODE, "response to request id 1, which is not in flight"));
        assertThat(BadMessages.count(BadMessages.PROTOCOL_ERROR)).isEqualTo(before + 1);
    }

    @Test
    void remote_remembersTheLast4096CallsGivenUp_aLateResponseToAnOlderOneIsAProtocolError() throws Exception {
        Client c = client();
        int kept = 4096; // Router.CANCELLED_IDS_KEPT
        TestCalc hurried = c.remote().withDeadline(java.time.Duration.ofNanos(1));
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i <= kept; i++) {
            calls.add(hurried.add(i, 0));
        }
        for (CompletableFuture<Integer> call : calls) {
            assertThatThrownBy(() -> await(call)).cause().isExactlyInstanceOf(BindingException.class);
        }
        // Given up in id order (equal deadlines fire in the order they were set): ids 2 to 4097 are remembered.
        write(c.raw(), ints(0, TestCalc.ADD, RESPONSE, 2, 2, 0));
        write(c.raw(), ints(0, TestCalc.ADD, RESPONSE, kept + 1, 2, 0));
        write(c.raw(), ints(0, TestCalc.ADD, RESPONSE, 1, 2, 0));
        assertThat(await(c.lost())).as("the late responses to 2 and 4097 were dropped quietly")
                .isEqualTo(new DisconnectReason(Kind.PROTOCOL_ERROR, DisconnectReason.PROTOCOL_ERROR_CODE,
                        "response to request id 1, which is not in flight"));
    }

    @Test
    void remote_syncCall_whenThePeerCloses_throwsDisconnected_withThePeersReason_onTheCallersStack() throws Exception {
        Client c = client();
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                thrown.complete(new AssertionError("returned " + c.remote().get().twiceSync(3)));
            } catch (Throwable t) {
                thrown.complete(t);
            }
        });
        assertThat(header(Pipes.read(c.raw())).name()).isEqualTo(TestCalc.TWICE);
        write(c.raw(), ControlMessages.endpointClosed(0, 8, "shutting down"));
        c.raw().close();
        Throwable t = await(thrown);
        caller.join();
        assertThat(t).isExactlyInstanceOf(BindingException.class);
        BindingException e = (BindingException) t;
        assertThat(e.failure()).isEqualTo(BindingException.Failure.DISCONNECTED);
        assertThat(e.disconnectReason()).contains(new DisconnectReason(Kind.PEER_REASON, 8, "shutting down"));
        assertThat(e.getStackTrace()).as("rethrown on the caller's thread")
                .anyMatch(frame -> frame.getClassName().startsWith(RawPeerTest.class.getName()));
        assertThat(c.remote().inFlight()).isZero();
    }

    @Test
    void remote_syncCall_onAClosedRemote_throwsAtOnce_andSendsNothing() throws Exception {
        Client c = client();
        c.remote().close();
        assertThatThrownBy(() -> c.remote().get().twiceSync(3)).isExactlyInstanceOf(BindingException.class)
                .matches(t -> ((BindingException) t).failure() == BindingException.Failure.DISCONNECTED);
        assertThat(readUntilClosed(c.raw())).isEmpty();
        assertThat(c.remote().inFlight()).isZero();
    }

    // ------------------------------------------------------------------ a remote against a bad peer

    @Test
    void remote_responseToNoRequest_isAProtocolError_toldToThePeer() throws Exception {
        Client c = client();
        long before = BadMessages.count(BadMessages.PROTOCOL_ERROR);
        write(c.raw(), ints(0, TestCalc.ADD, RESPONSE, 0xFFFF_FFFF_FFFFL, 1, 0));
        DisconnectReason reason = new DisconnectReason(Kind.PROTOCOL_ERROR, DisconnectReason.PROTOCOL_ERROR_CODE,
                "response to request id 281474976710655, which is not in flight");
        assertThat(await(c.lost())).isEqualTo(reason);
        assertThat(closingReason(c.raw())).isEqualTo(new DisconnectReason(Kind.PEER_REASON,
                DisconnectReason.PROTOCOL_ERROR_CODE, reason.description()));
        assertThat(BadMessages.count(BadMessages.PROTOCOL_ERROR)).isEqualTo(before + 1);
        assertThat(c.remote().isConnected()).isFalse();
    }

    @Test
    void remote_responseForAnotherMethod_failsTheCall_andIsAProtocolError() throws Exception {
        Client c = client();
        CompletableFuture<Integer> call = c.remote().get().add(1, 2);
        Pipes.read(c.raw());
        write(c.raw(), ints(0, TestCalc.TWICE, RESPONSE, 1, 3, 0));
        assertThat(await(c.lost())).isEqualTo(new DisconnectReason(Kind.PROTOCOL_ERROR,
                DisconnectReason.PROTOCOL_ERROR_CODE, "response to request 1 is for Twice, but that request called Add"));
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> await(call));
        assertThat(((BindingException) e.getCause()).failure()).isEqualTo(BindingException.Failure.DISCONNECTED);
    }

    @Test
    void remote_runResponseToAMethodCall_isAProtocolError() throws Exception {
        Client c = client();
        CompletableFuture<Integer> call = c.remote().get().add(1, 2);
        Pipes.read(c.raw());
        write(c.raw(), ControlMessages.runResponse(1, 4));
        assertThat(await(c.lost())).isEqualTo(new DisconnectReason(Kind.PROTOCOL_ERROR,
                DisconnectReason.PROTOCOL_ERROR_CODE,
                "response to request 1 is an interface control reply, but that request called Add"));
        assertThatThrownBy(() -> await(call)).cause().isExactlyInstanceOf(BindingException.class);
        assertThat(c.remote().version()).as("the bogus reply does not raise the version").isZero();
    }

    @Test
    void remote_runRequest_isRefused_asInvalidFlags() throws Exception {
        Client c = client();
        write(c.raw(), ControlMessages.queryVersion(1));
        ValidationException expected = ValidationException.invalidFlags(EXPECTS,
                "a message read by a remote must be a response");
        assertThat(await(c.lost())).isEqualTo(new DisconnectReason(Kind.VALIDATION_FAILED,
                DisconnectReason.VALIDATION_FAILED_CODE, validationText(expected)));
    }

    @Test
    void remote_requestInsteadOfResponse_failsValidation() throws Exception {
        Client c = client();
        long before = BadMessages.count(ValidationError.VALIDATION_ERROR_MESSAGE_HEADER_INVALID_FLAGS.name());
        write(c.raw(), ints(0, TestCalc.ADD, EXPECTS, 1, 1, 1));
        ValidationException expected = ValidationException.invalidFlags(EXPECTS,
                "a message read by a remote must be a response");
        assertThat(await(c.lost())).isEqualTo(new DisconnectReason(Kind.VALIDATION_FAILED,
                DisconnectReason.VALIDATION_FAILED_CODE, validationText(expected)));
        assertThat(BadMessages.count(ValidationError.VALIDATION_ERROR_MESSAGE_HEADER_INVALID_FLAGS.name())).isEqualTo(before + 1);
    }

    @Test
    void remote_responseWithABadPayload_failsTheCall_andValidation() throws Exception {
        Client c = client();
        CompletableFuture<Integer> call = c.remote().get().add(1, 2);
        Pipes.read(c.raw());
        Message good = ints(0, TestCalc.ADD, RESPONSE, 1, 3, 0);
        byte[] bad = good.bytes().clone();
        bad[32] = 8; // the struct header says 8 bytes, the schema needs 16
        write(c.raw(), new Message(bad, List.of()));
        DisconnectReason reason = await(c.lost());
        assertThat(reason.kind()).isEqualTo(Kind.VALIDATION_FAILED);
        assertThat(reason.description()).startsWith(ValidationError.VALIDATION_ERROR_UNEXPECTED_STRUCT_HEADER.name() + ": ");
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> await(call));
        assertThat(((BindingException) e.getCause()).failure()).isEqualTo(BindingException.Failure.DISCONNECTED);
    }

    @Test
    void remote_peerSendsAReasonThenCloses_theHandlerGetsIt() throws Exception {
        Client c = client();
        write(c.raw(), ControlMessages.endpointClosed(0, 9, "bye"));
        c.raw().close();
        assertThat(await(c.lost())).isEqualTo(new DisconnectReason(Kind.PEER_REASON, 9, "bye"));
    }

    @Test
    void remote_peerClosesWithoutReason_failsCallsInFlight_withPeerClosed() throws Exception {
        Client c = client();
        CompletableFuture<Integer> call = c.remote().get().add(1, 2);
        Pipes.read(c.raw());
        c.raw().close();
        assertThat(await(c.lost())).isEqualTo(DisconnectReason.peerClosed());
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> await(call));
        assertThat(e.getCause()).hasMessage("the pipe is disconnected (PEER_CLOSED)");
        assertThat(((BindingException) e.getCause()).disconnectReason()).contains(DisconnectReason.peerClosed());
    }

    // ------------------------------------------------------------------ what a receiver writes

    @Test
    void receiver_answersWithTheResponseHeader_andTheSyncFlagOfTheRequest() throws Exception {
        Served s = serve(new TestCalc.Base());
        write(s.raw(), ints(0, TestCalc.ADD, EXPECTS, 41, 2, 3));
        Message r = Pipes.read(s.raw());
        assertThat(header(r)).isEqualTo(new MessageHeader(32, 1, 0, TestCalc.ADD, RESPONSE, 41, 32, 0));
        assertThat(payload(r)).isEqualTo(new Ints(5, 0));
        write(s.raw(), ints(0, TestCalc.TWICE, EXPECTS | SYNC, 42, 4, 0));
        Message t = Pipes.read(s.raw());
        assertThat(header(t)).isEqualTo(new MessageHeader(32, 1, 0, TestCalc.TWICE, RESPONSE | SYNC, 42, 32, 0));
        assertThat(payload(t)).isEqualTo(new Ints(8, 0));
    }

    @Test
    void receiver_answersRunRequests_afterTheEarlierRequests() throws Exception {
        List<Integer> notes = new java.util.concurrent.CopyOnWriteArrayList<>();
        Served s = serve(new TestCalc.Base() {
            @Override
            public void note(int n) {
                notes.add(n);
            }
        });
        write(s.raw(), ints(0, TestCalc.NOTE, 0, 0, 1, 0));
        write(s.raw(), ControlMessages.queryVersion(5));
        assertThat(Pipes.read(s.raw()).bytes()).isEqualTo(ControlMessages.runResponse(5, TestCalc.VERSION).bytes());
        write(s.raw(), ControlMessages.flush(6));
        assertThat(Pipes.read(s.raw()).bytes()).isEqualTo(ControlMessages.runResponse(6, null).bytes());
        assertThat(notes).containsExactly(1);
        // RunOrClosePipe messages a receiver does not act on leave the pipe up.
        write(s.raw(), ControlMessages.requireVersion(1));
        write(s.raw(), ControlMessages.cancelRequest(99));
        write(s.raw(), ControlMessages.queryVersion(7));
        assertThat(Pipes.read(s.raw()).bytes()).isEqualTo(ControlMessages.runResponse(7, TestCalc.VERSION).bytes());
        assertThat(s.receiver().isConnected()).isTrue();
    }

    @Test
    void receiver_cancelRequest_cancelsTheServedCall_andItsResponseIsNeverSent() throws Exception {
        CompletableFuture<CallContext> context = new CompletableFuture<>();
        CompletableFuture<Integer> answer = new CompletableFuture<>();
        Served s = serve(new TestCalc.Base() {
            @Override
            public CompletableFuture<Integer> add(int a, int b) {
                context.complete(CallContext.current());
                return answer;
            }
        });
        write(s.raw(), ints(0, TestCalc.ADD, EXPECTS, 3, 1, 1));
        CallContext served = await(context);
        assertThat(served.isCancelled()).isFalse();
        write(s.raw(), ControlMessages.cancelRequest(3));
        await(served.cancellation().toCompletableFuture());
        assertThat(served.isCancelled()).isTrue();
        answer.complete(2);
        write(s.raw(), ControlMessages.queryVersion(4));
        assertThat(Pipes.read(s.raw()).bytes()).as("no response to the cancelled call comes first")
                .isEqualTo(ControlMessages.runResponse(4, TestCalc.VERSION).bytes());
    }

    // ------------------------------------------------------------------ a receiver against a bad peer

    @Test
    void receiver_unknownMethod_failsValidation_beforeTheImplementation() throws Exception {
        Served s = serve(new TestCalc.Base());
        long before = BadMessages.count(ValidationError.VALIDATION_ERROR_MESSAGE_HEADER_UNKNOWN_METHOD.name());
        write(s.raw(), ints(0, 77, 0, 0, 1, 1));
        ValidationException expected = ValidationException.unknownMethod(77, TestCalc.NAME, "no such method");
        DisconnectReason reason = new DisconnectReason(Kind.VALIDATION_FAILED, DisconnectReason.VALIDATION_FAILED_CODE,
                validationText(expected));
        assertThat(await(s.lost())).isEqualTo(reason);
        assertThat(closingReason(s.raw())).isEqualTo(new DisconnectReason(Kind.PEER_REASON,
                DisconnectReason.VALIDATION_FAILED_CODE, reason.description()));
        assertThat(BadMessages.count(ValidationError.VALIDATION_ERROR_MESSAGE_HEADER_UNKNOWN_METHOD.name())).isEqualTo(before + 1);
    }

    @Test
    void receiver_requestWithoutExpectsResponse_toAMethodWithOne_failsValidation() throws Exception {
        Served s = serve(new TestCalc.Base());
        write(s.raw(), ints(0, TestCalc.ADD, 0, 0, 1, 1));
        assertThat(await(s.lost()).description()).isEqualTo(validationText(ValidationException.invalidFlags(0,
                "a request to Add, which has a response, must expect a response")));
    }

    @Test
    void receiver_runWithoutExpectsResponse_failsValidation() throws Exception {
        Served s = serve(new TestCalc.Base());
        byte[] run = ControlMessages.queryVersion(1).bytes().clone();
        run[MessageHeader.FLAGS_OFFSET] = 0;
        write(s.raw(), new Message(run, List.of()));
        assertThat(await(s.lost()).description()).isEqualTo(validationText(ValidationException.invalidFlags(0,
                "an interface control Run request must expect a response")));
    }

    @Test
    void receiver_responseMessage_failsValidation() throws Exception {
        Served s = serve(new TestCalc.Base());
        write(s.raw(), ints(0, TestCalc.ADD, RESPONSE, 1, 1, 1));
        assertThat(await(s.lost()).kind()).isEqualTo(Kind.VALIDATION_FAILED);
        assertThat(s.lost().join().description()).isEqualTo(validationText(ValidationException.invalidFlags(RESPONSE,
                "a request to Add, which has a response, must expect a response")));
    }

    @Test
    void receiver_requestIdReusedWhileInFlight_isAProtocolError() throws Exception {
        CompletableFuture<Integer> never = new CompletableFuture<>();
        Served s = serve(new TestCalc.Base() {
            @Override
            public CompletableFuture<Integer> add(int a, int b) {
                return never;
            }
        });
        write(s.raw(), ints(0, TestCalc.ADD, EXPECTS, 1, 1, 1));
        write(s.raw(), ints(0, TestCalc.ADD, EXPECTS, 1, 2, 2));
        assertThat(await(s.lost())).isEqualTo(new DisconnectReason(Kind.PROTOCOL_ERROR,
                DisconnectReason.PROTOCOL_ERROR_CODE, "request id 1 reused while its call is in flight"));
    }

    @Test
    void receiver_requestIdReused_afterItsResponse_isFine() throws Exception {
        Served s = serve(new TestCalc.Base());
        write(s.raw(), ints(0, TestCalc.ADD, EXPECTS, 1, 1, 1));
        assertThat(payload(Pipes.read(s.raw()))).isEqualTo(new Ints(2, 0));
        write(s.raw(), ints(0, TestCalc.ADD, EXPECTS, 1, 2, 2));
        assertThat(payload(Pipes.read(s.raw()))).isEqualTo(new Ints(4, 0));
    }

    @Test
    void receiver_messageForAnUnknownInterfaceId_isAProtocolError() throws Exception {
        Served s = serve(new TestCalc.Base());
        long before = BadMessages.count(BadMessages.PROTOCOL_ERROR);
        write(s.raw(), ints(5, TestCalc.NOTE, 0, 0, 1, 1));
        assertThat(await(s.lost())).isEqualTo(new DisconnectReason(Kind.PROTOCOL_ERROR,
                DisconnectReason.PROTOCOL_ERROR_CODE, "message for interface ID 5, which is not an interface of this pipe"));
        assertThat(BadMessages.count(BadMessages.PROTOCOL_ERROR)).isEqualTo(before + 1);
    }

    @Test
    void receiver_peerClosesAnInterfaceItNeverLearned_isAProtocolError() throws Exception {
        Served s = serve(new TestCalc.Base());
        write(s.raw(), ControlMessages.endpointClosed(0x8000_0007, null, null));
        assertThat(await(s.lost())).isEqualTo(new DisconnectReason(Kind.PROTOCOL_ERROR,
                DisconnectReason.PROTOCOL_ERROR_CODE, "the peer closed interface ID 2147483655, which it never learned "
                        + "on this pipe"));
    }

    @Test
    void receiver_badHeader_failsValidation_andHandlesOfTheMessageAreClosed() throws Exception {
        Served s = serve(new TestCalc.Base());
        MessagePipe attached = pipes.pipe();
        byte[] bytes = ints(0, TestCalc.NOTE, 0, 0, 1, 1).bytes().clone();
        bytes[MessageHeader.VERSION_OFFSET] = 1; // a v1 header must be 32 bytes
        assertThat(s.raw().writeMessage(bytes, List.of(attached.end1()))).isEqualTo(MojoResult.OK);
        assertThat(await(s.lost()).description())
                .startsWith(ValidationError.VALIDATION_ERROR_UNEXPECTED_STRUCT_HEADER.name() + ": ");
        Throwable readFailure = await(attached.end0().readAsync(Runnable::run).handle((m, t) -> t));
        assertThat(readFailure)
                .as("the attached pipe's other end is closed with the message").isInstanceOf(MojoException.class);
    }

    @Test
    void receiver_peerClosesWithAReason_theHandlerGetsIt() throws Exception {
        Served s = serve(new TestCalc.Base());
        write(s.raw(), ControlMessages.endpointClosed(0, 3, "later"));
        s.raw().close();
        assertThat(await(s.lost())).isEqualTo(new DisconnectReason(Kind.PEER_REASON, 3, "later"));
    }
    @Test
    void receiver_aBindingThatThrows_closesThePipe_asAProtocolError() throws Exception {
        Served s = serve(new TestCalc.Base());
        write(s.raw(), ints(0, TestCalc.NOTE, 0, 0, TestCalc.Binding.BINDING_BUG, 0));
        assertThat(await(s.lost())).isEqualTo(new DisconnectReason(Kind.PROTOCOL_ERROR,
                DisconnectReason.PROTOCOL_ERROR_CODE, "the message could not be handled: "
                        + "java.lang.IllegalStateException: a bug of the binding (planted by the test)"));
    }

    static Message bindSub(int interfaceId) {
        return MessageBuilder.build(0, TestCalc.BIND_SUB, 0, 0, Binding.SUB_RECEIVER_CODEC,
                new TestCalc.SubReceiver(new PendingAssociatedReceiver<>(TestCalc.DESCRIPTOR, interfaceId)));
    }

    @Test
    void receiver_anIdAnnouncedTwice_isAnIllegalInterfaceId() throws Exception {
        List<PendingAssociatedReceiver<TestCalc>> kept = new java.util.concurrent.CopyOnWriteArrayList<>();
        Served s = serve(new TestCalc.Base() {
            @Override
            public void bindSub(PendingAssociatedReceiver<TestCalc> sub) {
                kept.add(sub); // neither bound nor closed: the ID stays in use
            }
        });
        write(s.raw(), bindSub(5));
        write(s.raw(), bindSub(5));
        DisconnectReason reason = await(s.lost());
        assertThat(reason.kind()).isEqualTo(Kind.VALIDATION_FAILED);
        assertThat(reason.description()).startsWith(ValidationError.VALIDATION_ERROR_ILLEGAL_INTERFACE_ID.name() + ": ");
    }

    @Test
    void receiver_anEndClosedByTheService_isToldToThePeer_andLaterMessagesForItAreDropped() throws Exception {
        List<Integer> notes = new java.util.concurrent.CopyOnWriteArrayList<>();
        Served s = serve(new TestCalc.Base() {
            @Override
            public void bindSub(PendingAssociatedReceiver<TestCalc> sub) {
                sub.close();
            }

            @Override
            public void note(int n) {
                notes.add(n);
            }
        });
        write(s.raw(), bindSub(6));
        ControlMessages.EndpointClosed closed = ControlMessages.endpointClosedEvent(Pipes.read(s.raw()));
        assertThat(closed).isEqualTo(new ControlMessages.EndpointClosed(6, null));
        write(s.raw(), ints(6, TestCalc.NOTE, 0, 0, 1, 0)); // the peer had not heard yet: dropped
        write(s.raw(), ints(0, TestCalc.NOTE, 0, 0, 2, 0));
        write(s.raw(), ControlMessages.queryVersion(1));
        assertThat(Pipes.read(s.raw()).bytes()).isEqualTo(ControlMessages.runResponse(1, TestCalc.VERSION).bytes());
        assertThat(notes).containsExactly(2);
        assertThat(s.receiver().isConnected()).isTrue();
    }

    @Test
    void receiver_anIdNoDecodedEndClaims_isClosedAtOnce() throws Exception {
        List<Integer> notes = new java.util.concurrent.CopyOnWriteArrayList<>();
        Served s = serve(new TestCalc.Base() {
            @Override
            public void note(int n) {
                notes.add(n);
            }
        });
        byte[] payload = Binding.INTS_CODEC.serialize(new Ints(3, 0)).bytes();
        write(s.raw(), new Message(MessageBuilder.build(0, TestCalc.NOTE, 0, 0, payload, List.of(9)), List.of()));
        assertThat(ControlMessages.endpointClosedEvent(Pipes.read(s.raw())))
                .isEqualTo(new ControlMessages.EndpointClosed(9, null));
        write(s.raw(), ControlMessages.queryVersion(1));
        Pipes.read(s.raw());
        assertThat(notes).containsExactly(3);
    }

    @Test
    void receiver_thePeerClosesAnEndItAnnounced_andTheBoundSubReceiverLearns() throws Exception {
        CompletableFuture<DisconnectReason> subLost = new CompletableFuture<>();
        CompletableFuture<Void> bound = new CompletableFuture<>();
        Served s = serve(new TestCalc.Base() {
            @Override
            public void bindSub(PendingAssociatedReceiver<TestCalc> sub) {
                Receiver<TestCalc> r = pipes.add(Receiver.bind(sub, new TestCalc.Base()));
                r.setDisconnectHandler(subLost::complete);
                bound.complete(null);
            }
        });
        write(s.raw(), bindSub(0x8000_0003));
        await(bound);
        write(s.raw(), ControlMessages.endpointClosed(0x8000_0003, 12, "sub gone"));
        assertThat(await(subLost)).isEqualTo(new DisconnectReason(Kind.PEER_REASON, 12, "sub gone"));
        assertThat(s.receiver().isConnected()).isTrue();
    }
    @Test
    void remote_aBindingThatThrowsOnAResponse_failsTheCall_andClosesThePipe() throws Exception {
        Client c = client();
        CompletableFuture<Integer> call = c.remote().get().add(1, 2);
        Pipes.read(c.raw());
        write(c.raw(), ints(0, TestCalc.ADD, RESPONSE, 1, TestCalc.Binding.BINDING_BUG, 0));
        assertThat(await(c.lost())).isEqualTo(new DisconnectReason(Kind.PROTOCOL_ERROR,
                DisconnectReason.PROTOCOL_ERROR_CODE, "the message could not be handled: "
                        + "java.lang.IllegalStateException: a bug of the binding (planted by the test)"));
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> await(call));
        assertThat(((BindingException) e.getCause()).failure()).isEqualTo(BindingException.Failure.DISCONNECTED);
        assertThat(c.remote().inFlight()).isZero();
    }
    /** Whether the peer of {@code end} was closed: a read fails instead of waiting. */
    static boolean peerClosed(MessagePipeEndpoint end) throws Exception {
        return await(end.readAsync(Runnable::run).handle((m, t) -> t instanceof MojoException)).booleanValue();
    }

    @Test
    void receiver_aControlMessageCarryingAHandle_isAnsweredAndTheHandleClosed() throws Exception {
        Served s = serve(new TestCalc.Base());
        MessagePipe attached = pipes.pipe();
        Message run = ControlMessages.queryVersion(1);
        assertThat(s.raw().writeMessage(run.bytes(), List.of(attached.end1()))).isEqualTo(MojoResult.OK);
        assertThat(Pipes.read(s.raw()).bytes()).isEqualTo(ControlMessages.runResponse(1, TestCalc.VERSION).bytes());
        assertThat(peerClosed(attached.end0())).isTrue();
    }

    @Test
    void receiver_aPipeControlMessageOfAnotherName_failsValidation_andItsHandleIsClosed() throws Exception {
        Served s = serve(new TestCalc.Base());
        MessagePipe attached = pipes.pipe();
        byte[] bytes = ControlMessages.endpointClosed(5, null, null).bytes().clone();
        bytes[MessageHeader.NAME_OFFSET] = 7; // pipe control knows only RunOrClosePipe
        bytes[MessageHeader.NAME_OFFSET + 1] = 0;
        bytes[MessageHeader.NAME_OFFSET + 2] = 0;
        bytes[MessageHeader.NAME_OFFSET + 3] = 0;
        assertThat(s.raw().writeMessage(bytes, List.of(attached.end1()))).isEqualTo(MojoResult.OK);
        assertThat(await(s.lost()).description()).startsWith(
                ValidationError.VALIDATION_ERROR_MESSAGE_HEADER_UNKNOWN_METHOD.name() + ": ");
        assertThat(peerClosed(attached.end0())).isTrue();
    }
}

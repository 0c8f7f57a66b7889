package org.jmojo.bindings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jmojo.bindings.Pipes.await;
import static org.jmojo.bindings.DroppedHandlesTest.failure;
import static org.jmojo.bindings.RawPeerTest.bindSub;
import static org.jmojo.bindings.RawPeerTest.ints;
import static org.jmojo.bindings.RawPeerTest.write;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jmojo.bindings.DisconnectReason.Kind;
import org.jmojo.bindings.RawPeerTest.Client;
import org.jmojo.bindings.RawPeerTest.Served;
import org.jmojo.bindings.TestCalc.Binding;
import org.jmojo.bindings.internal.router.ControlMessages;
import org.jmojo.bindings.runtime.MessageBuilder;
import org.jmojo.bindings.runtime.MessageHeader;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.Signals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The life of an associated interface ID against a peer played by hand: an end the peer closed before
 * it was bound, IDs given back once both sides closed them and announced again, a close event for an
 * ID the peer never learned, and closing a pending end that was bound or sent already (which must not
 * touch the interface: its binding or the peer owns it now).
 */
@Timeout(60) // the hang guard of the loops that wait for a clean-up or a held message
class AssociatedProtocolTest {

    private static final int EXPECTS = MessageHeader.FLAG_EXPECTS_RESPONSE;
    private static final int RESPONSE = MessageHeader.FLAG_IS_RESPONSE;

    private final Pipes pipes = new Pipes();

    @AfterEach
    void closeAll() throws Exception {
        pipes.close();
    }

    /** The next message on {@code raw} as a close event (null if it is not one). */
    private static ControlMessages.EndpointClosed closeEvent(MessagePipeEndpoint raw) throws Exception {
        return ControlMessages.endpointClosedEvent(Pipes.read(raw));
    }

    /** A remote that was answered a pending associated remote with ID {@code id} by the raw peer. */
    private PendingAssociatedRemote<TestCalc> receivedRemote(Client c, int id) throws Exception {
        CompletableFuture<PendingAssociatedRemote<TestCalc>> made = c.remote().get().makeSub();
        long requestId = RawPeerTest.header(Pipes.read(c.raw())).requestId();
        write(c.raw(), MessageBuilder.build(0, TestCalc.MAKE_SUB, RESPONSE, requestId, Binding.SUB_REMOTE_CODEC,
                new TestCalc.SubRemote(new PendingAssociatedRemote<>(TestCalc.DESCRIPTOR, id, TestCalc.VERSION))));
        return await(made);
    }

    /** A round trip through the remote's pipe: every message the raw peer wrote before has been read. */
    private static void roundTrip(Client c) throws Exception {
        CompletableFuture<Integer> version = c.remote().queryVersion();
        long requestId = RawPeerTest.header(Pipes.read(c.raw())).requestId();
        write(c.raw(), ControlMessages.runResponse(requestId, TestCalc.VERSION));
        assertThat(await(version)).isEqualTo(TestCalc.VERSION);
    }

    @Test
    void anEndThePeerClosedWithAReason_beforeItWasBound_isBornDisconnected_withThatReason() throws Exception {
        Client c = RawPeerTest.client(pipes);
        PendingAssociatedRemote<TestCalc> end = receivedRemote(c, 5);
        write(c.raw(), ControlMessages.endpointClosed(5, 3, "gone"));
        roundTrip(c);
        Remote<TestCalc> sub = pipes.add(Remote.bind(end));
        assertThat(sub.isConnected()).isFalse();
        assertThat(failure(sub.get().add(1, 1)).disconnectReason())
                .contains(new DisconnectReason(Kind.PEER_REASON, 3, "gone"));
        assertThat(c.remote().isConnected()).isTrue();
    }

    @Test
    void anEndThePeerClosedWithoutAReason_beforeItWasBound_isBornDisconnected_peerClosed() throws Exception {
        Client c = RawPeerTest.client(pipes);
        PendingAssociatedRemote<TestCalc> end = receivedRemote(c, 5);
        write(c.raw(), ControlMessages.endpointClosed(5, null, null));
        roundTrip(c);
        Remote<TestCalc> sub = pipes.add(Remote.bind(end));
        assertThat(sub.isConnected()).isFalse();
        assertThat(failure(sub.get().add(1, 1)).disconnectReason()).contains(DisconnectReason.peerClosed());
    }

    @Test
    void anEndBoundBeforeThePeerClosesIt_stays_untilTheCloseEvent() throws Exception {
        Client c = RawPeerTest.client(pipes);
        Remote<TestCalc> sub = pipes.add(Remote.bind(receivedRemote(c, 5)));
        assertThat(sub.isConnected()).isTrue();
        CompletableFuture<DisconnectReason> lost = new CompletableFuture<>();
        sub.setDisconnectHandler(lost::complete);
        write(c.raw(), ControlMessages.endpointClosed(5, null, null));
        assertThat(await(lost)).isEqualTo(DisconnectReason.peerClosed());
        assertThat(c.remote().isConnected()).isTrue();
    }

    /** A service that binds every sub-receiver it is sent (answering Add with 100 + a + b) and hands them to the test. */
    private static final class Binder extends TestCalc.Base {
        final BlockingQueue<Receiver<TestCalc>> bound = new LinkedBlockingQueue<>();

        @Override
        public void bindSub(PendingAssociatedReceiver<TestCalc> sub) {
            bound.add(Receiver.bind(sub, new TestCalc.Base() {
                @Override
                public CompletableFuture<Integer> add(int a, int b) {
                    return CompletableFuture.completedFuture(100 + a + b);
                }
            }));
        }

        Receiver<TestCalc> next() throws InterruptedException {
            Receiver<TestCalc> r = bound.poll(Pipes.WAIT_S, TimeUnit.SECONDS);
            assertThat(r).as("a sub-receiver was bound").isNotNull();
            return r;
        }
    }

    /** Asks sub-interface {@code id} of the raw peer's pipe to add, and checks the sub-receiver answered. */
    private static void addOnSub(Served s, int id, long requestId) throws Exception {
        write(s.raw(), ints(id, TestCalc.ADD, EXPECTS, requestId, 1, 2));
        Message response = Pipes.read(s.raw());
        assertThat(RawPeerTest.header(response).interfaceId()).isEqualTo(id);
        assertThat(RawPeerTest.header(response).requestId()).isEqualTo(requestId);
        assertThat(RawPeerTest.payload(response)).isEqualTo(new TestCalc.Ints(103, 0));
    }

    @Test
    void anIdThePeerClosedFirst_andThenTheService_mayBeAnnouncedAgain() throws Exception {
        Binder binder = new Binder();
        Served s = RawPeerTest.serve(pipes, binder);
        write(s.raw(), bindSub(5));
        Receiver<TestCalc> first = binder.next();
        addOnSub(s, 5, 1);
        CompletableFuture<DisconnectReason> firstLost = new CompletableFuture<>();
        first.setDisconnectHandler(firstLost::complete);
        write(s.raw(), ControlMessages.endpointClosed(5, null, null));
        assertThat(await(firstLost)).isEqualTo(DisconnectReason.peerClosed());
        write(s.raw(), bindSub(5));
        binder.next();
        addOnSub(s, 5, 2);
        assertThat(s.receiver().isConnected()).isTrue();
        assertThat(s.lost()).isNotDone();
    }

    @Test
    void anIdTheServiceClosedFirst_andThenThePeer_mayBeAnnouncedAgain() throws Exception {
        Binder binder = new Binder();
        Served s = RawPeerTest.serve(pipes, binder);
        write(s.raw(), bindSub(6));
        binder.next().close();
        assertThat(closeEvent(s.raw())).isEqualTo(new ControlMessages.EndpointClosed(6, null));
        write(s.raw(), ControlMessages.endpointClosed(6, null, null));
        write(s.raw(), bindSub(6));
        binder.next();
        addOnSub(s, 6, 1);
        assertThat(s.lost()).isNotDone();
    }

    @Test
    void aCloseEventForAnIdMintedHereButNotSentYet_isAProtocolError() throws Exception {
        Client c = RawPeerTest.client(pipes);
        AssociatedPair<TestCalc> pair = c.remote().newAssociatedPair(TestCalc.DESCRIPTOR);
        write(c.raw(), ControlMessages.endpointClosed(pair.receiver().interfaceId(), null, null));
        assertThat(await(c.lost())).isEqualTo(new DisconnectReason(Kind.PROTOCOL_ERROR,
                DisconnectReason.PROTOCOL_ERROR_CODE, "the peer closed interface ID 2147483649, which it never "
                        + "learned on this pipe"));
    }

    @Test
    void closingTheBoundEndOfAPair_changesNothing_itsBindingOwnsTheInterface() throws Exception {
        Client c = RawPeerTest.client(pipes);
        AssociatedPair<TestCalc> pair = c.remote().newAssociatedPair(TestCalc.DESCRIPTOR);
        Remote<TestCalc> sub = pipes.add(Remote.bind(pair.remote()));
        pair.remote().close(); // what its cleaner does once the bound pending end is unreachable
        assertThat(sub.isConnected()).isTrue();
        sub.get().note(7);
        c.remote().get().bindSub(pair.receiver());
        assertThat(RawPeerTest.header(Pipes.read(c.raw())).name()).isEqualTo(TestCalc.BIND_SUB);
        Message note = Pipes.read(c.raw());
        assertThat(RawPeerTest.header(note).interfaceId()).isEqualTo(pair.receiver().interfaceId());
        assertThat(RawPeerTest.payload(note)).isEqualTo(new TestCalc.Ints(7, 0));
    }

    @Test
    void closingTheSentEndOfAPair_changesNothing_thePeerOwnsIt() throws Exception {
        Client c = RawPeerTest.client(pipes);
        AssociatedPair<TestCalc> pair = c.remote().newAssociatedPair(TestCalc.DESCRIPTOR);
        Remote<TestCalc> sub = pipes.add(Remote.bind(pair.remote()));
        c.remote().get().bindSub(pair.receiver());
        pair.receiver().close(); // what its cleaner does once the sent pending end is unreachable
        sub.get().note(8);
        assertThat(RawPeerTest.header(Pipes.read(c.raw())).name()).isEqualTo(TestCalc.BIND_SUB);
        Message note = Pipes.read(c.raw());
        assertThat(RawPeerTest.header(note).interfaceId()).as("no close event for the sent end")
                .isEqualTo(pair.receiver().interfaceId());
        assertThat(sub.isConnected()).isTrue();
    }

    @Test
    void closingAPendingEndOfAPair_givesTheIdBack_andTheOtherEndCannotBeSent() {
        Client c = RawPeerTest.client(pipes);
        AssociatedPair<TestCalc> pair = c.remote().newAssociatedPair(TestCalc.DESCRIPTOR);
        pair.remote().close();
        assertThat(pair.remote().isPending()).isFalse();
        assertThat(pair.receiver().isPending()).as("one ID, closed for both ends").isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.remote().get().bindSub(pair.receiver()))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage(pair.receiver() + " is closed");
        AssociatedPair<TestCalc> next = c.remote().newAssociatedPair(TestCalc.DESCRIPTOR);
        assertThat(next.receiver().interfaceId()).as("IDs count up; a given-back ID is reused only on wrap")
                .isEqualTo(pair.receiver().interfaceId() + 1);
    }

    @Test
    void anEndMintedOnAClosedPipe_isDroppedWithTheMessageCarryingIt() throws Exception {
        Client c = RawPeerTest.client(pipes);
        c.raw().close();
        await(c.lost());
        AssociatedPair<TestCalc> pair = c.remote().newAssociatedPair(TestCalc.DESCRIPTOR);
        assertThat(pair.receiver().isPending()).isFalse();
        c.remote().get().bindSub(pair.receiver()); // no exception: the message goes nowhere, like every other
        assertThat(failure(c.remote().get().adopt(pair.receiver())).failure())
                .isEqualTo(BindingException.Failure.DISCONNECTED);
    }

    @Test
    void aReceivedEnd_isBoundHere_andItsCallsTravelOnItsId() throws Exception {
        Client c = RawPeerTest.client(pipes);
        PendingAssociatedRemote<TestCalc> end = receivedRemote(c, 9);
        assertThat(end.isPending()).isTrue();
        Remote<TestCalc> sub = pipes.add(Remote.bind(end));
        assertThat(end.isPending()).as("bound").isFalse();
        CompletableFuture<Integer> sum = sub.get().add(2, 2);
        Message request = Pipes.read(c.raw());
        assertThat(RawPeerTest.header(request).interfaceId()).isEqualTo(9);
        write(c.raw(), ints(9, TestCalc.ADD, RESPONSE, RawPeerTest.header(request).requestId(), 4, 0));
        assertThat(await(sum)).isEqualTo(4);
        assertThat(List.of(c.remote().isConnected(), sub.isConnected())).containsOnly(true);
    }

    /** A one-way Note for interface 0 whose payload interface-ID array announces {@code ids} (none claimed by Note). */
    private static Message noteAnnouncing(List<Integer> ids) {
        byte[] payload = Binding.INTS_CODEC.serialize(new TestCalc.Ints(1, 0)).bytes();
        return new Message(MessageBuilder.build(0, TestCalc.NOTE, 0, 0, payload, ids), List.of());
    }

    @Test
    void everyIdAMessageAnnounces_andNothingClaims_isClosed_inTheOrderAnnounced() throws Exception {
        List<Integer> notes = new java.util.concurrent.CopyOnWriteArrayList<>();
        Served s = RawPeerTest.serve(pipes, new TestCalc.Base() {
            @Override
            public void note(int n) {
                notes.add(n);
            }
        });
        write(s.raw(), noteAnnouncing(List.of(9, 10, 0x8000_000B)));
        assertThat(closeEvent(s.raw())).isEqualTo(new ControlMessages.EndpointClosed(9, null));
        assertThat(closeEvent(s.raw())).isEqualTo(new ControlMessages.EndpointClosed(10, null));
        assertThat(closeEvent(s.raw())).isEqualTo(new ControlMessages.EndpointClosed(0x8000_000B, null));
        write(s.raw(), ControlMessages.queryVersion(1));
        assertThat(Pipes.read(s.raw()).bytes()).isEqualTo(ControlMessages.runResponse(1, TestCalc.VERSION).bytes());
        assertThat(notes).containsExactly(1);
    }

    @Test
    void anIdAnnouncedTwiceInOneMessage_isIllegal_namingTheSecond_andNeitherIsToldClosed() throws Exception {
        Served s = RawPeerTest.serve(pipes, new TestCalc.Base());
        Message twice = noteAnnouncing(List.of(12, 13, 12));
        long at = RawPeerTest.header(twice).interfaceIdsOffset();
        write(s.raw(), twice);
        ValidationException expected = ValidationException.interfaceIdInUse(at + 8 + 8, 12);
        assertThat(await(s.lost())).isEqualTo(new DisconnectReason(Kind.VALIDATION_FAILED,
                DisconnectReason.VALIDATION_FAILED_CODE, expected.error().name() + ": " + expected.getMessage()));
        List<Message> told = RawPeerTest.readUntilClosed(s.raw());
        assertThat(told).as("only interface 0 is told the reason: the IDs of the refused message were never taken")
                .hasSize(1);
        assertThat(ControlMessages.endpointClosedEvent(told.getFirst()).id()).isZero();
    }

    @Test
    void aPendingEnd_isPendingUntilItIsSentBoundOrClosed_orItsPipeCloses() throws Exception {
        Client c = RawPeerTest.client(pipes);
        AssociatedPair<TestCalc> sent = c.remote().newAssociatedPair(TestCalc.DESCRIPTOR);
        c.remote().get().bindSub(sent.receiver());
        assertThat(sent.receiver().isPending()).as("sent").isFalse();
        assertThat(sent.remote().isPending()).as("the other end of a sent end").isTrue();
        AssociatedPair<TestCalc> closed = c.remote().newAssociatedPair(TestCalc.DESCRIPTOR);
        closed.receiver().close();
        closed.receiver().close(); // idempotent, also once the ID is given back
        assertThat(closed.receiver().isPending()).isFalse();
        AssociatedPair<TestCalc> kept = c.remote().newAssociatedPair(TestCalc.DESCRIPTOR);
        assertThat(kept.remote().isPending()).isTrue();
        c.raw().close();
        await(c.lost());
        assertThat(kept.remote().isPending()).as("the pipe closed").isFalse();
        assertThat(sent.remote().isPending()).isFalse();
    }

    /** Collects garbage until {@code raw} satisfies {@code signal}: an end's cleaner ran and the pipe told the peer. */
    private static void collectUntil(MessagePipeEndpoint raw, Signals signal) {
        while (!raw.querySignalsState().satisfiesAny(signal)) {
            System.gc();
            Thread.yield();
        }
    }

    @Test
    void aReceivedEndDroppedUnbound_isClosedByItsCleaner_andThePeerLearns() throws Exception {
        CompletableFuture<Void> dropped = new CompletableFuture<>();
        Served s = RawPeerTest.serve(pipes, new TestCalc.Base() {
            @Override
            public void bindSub(PendingAssociatedReceiver<TestCalc> sub) {
                dropped.complete(null); // neither bound nor closed nor kept
            }
        });
        write(s.raw(), bindSub(5));
        await(dropped);
        collectUntil(s.raw(), Signals.READABLE);
        assertThat(closeEvent(s.raw())).isEqualTo(new ControlMessages.EndpointClosed(5, null));
        assertThat(s.receiver().isConnected()).isTrue();
    }

    private static void mintAndDrop(Remote<TestCalc> remote) {
        assertThat(remote.newAssociatedPair(TestCalc.DESCRIPTOR).remote().isPending()).isTrue();
    }

    @Test
    void aMintedPairDroppedUnused_isGivenBackByItsCleaner_soThePipeClosesWithItsLastEnd() throws Exception {
        Client c = RawPeerTest.client(pipes);
        mintAndDrop(c.remote());
        c.remote().close();
        assertThat(closeEvent(c.raw())).as("the pair still holds the pipe open")
                .isEqualTo(new ControlMessages.EndpointClosed(0, null));
        collectUntil(c.raw(), Signals.PEER_CLOSED);
        assertThat(RawPeerTest.readUntilClosed(c.raw())).isEmpty();
    }
}

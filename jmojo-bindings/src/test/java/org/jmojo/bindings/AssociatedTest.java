package org.jmojo.bindings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jmojo.bindings.Pipes.await;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.jmojo.bindings.DisconnectReason.Kind;
import org.jmojo.system.MessagePipe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Associated interfaces of {@link TestCalc} on one pipe: pairs made on either side, ends sent in
 * requests and responses, binding, closing, the order of messages across interfaces, and the misuse
 * of ends (each refused with the rule it breaks).
 */
class AssociatedTest {

    private final Pipes pipes = new Pipes(remoteOptions());

    /** The options of the primary remotes this class binds; a subclass runs every case with others. */
    Remote.Options remoteOptions() {
        return Remote.Options.defaults();
    }

    @AfterEach
    void closeAll() throws Exception {
        pipes.close();
    }

    /** A service that binds the sub-receivers it is sent (or keeps them for the test) and makes pairs on request. */
    final class Service extends TestCalc.Base {
        final List<String> log = new CopyOnWriteArrayList<>();
        final CompletableFuture<PendingAssociatedReceiver<TestCalc>> received = new CompletableFuture<>();
        final List<Receiver<TestCalc>> subs = new CopyOnWriteArrayList<>();
        final CompletableFuture<DisconnectReason> subLost = new CompletableFuture<>();
        volatile boolean bindAtOnce = true;
        volatile Receiver<TestCalc> self;

        @Override
        public void note(int n) {
            log.add("primary " + n);
        }

        @Override
        public void bindSub(PendingAssociatedReceiver<TestCalc> sub) {
            if (bindAtOnce) {
                bind(sub);
            }
            received.complete(sub);
        }

        void bind(PendingAssociatedReceiver<TestCalc> sub) {
            Receiver<TestCalc> r = Receiver.bind(sub, new TestCalc.Base() {
                @Override
                public void note(int n) {
                    log.add("sub " + n);
                }

                @Override
                public CompletableFuture<Integer> add(int a, int b) {
                    return CompletableFuture.completedFuture(1000 + a + b);
                }
            });
            r.setDisconnectHandler(subLost::complete);
            subs.add(r);
        }

        @Override
        public CompletableFuture<PendingAssociatedRemote<TestCalc>> makeSub() {
            AssociatedPair<TestCalc> pair = self.newAssociatedPair(TestCalc.DESCRIPTOR);
            bind(pair.receiver());
            return CompletableFuture.completedFuture(pair.remote());
        }
    }

    private record Bound(Remote<TestCalc> remote, Receiver<TestCalc> receiver, Service service,
            CompletableFuture<DisconnectReason> serviceLost) {}

    private Bound bound() {
        MessagePipe p = pipes.pipe();
        Service service = new Service();
        Receiver<TestCalc> receiver = pipes.add(Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, p.end1()),
                service));
        service.self = receiver;
        CompletableFuture<DisconnectReason> lost = new CompletableFuture<>();
        receiver.setDisconnectHandler(lost::complete);
        Remote<TestCalc> remote = pipes.add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p.end0()), remoteOptions()));
        return new Bound(remote, receiver, service, lost);
    }

    @Test
    void pairMadeByTheClient_receiverEndSent_callsOnTheSubInterfaceWork_andQueuedCallsFollowTheEnd()
            throws Exception {
        Bound b = bound();
        AssociatedPair<TestCalc> pair = b.remote().newAssociatedPair(TestCalc.DESCRIPTOR);
        assertThat(pair.remote().isPending()).isTrue();
        assertThat(pair.receiver().isPending()).isTrue();
        assertThat(pair.remote().interfaceId()).as("the client's namespace bit")
                .isEqualTo(pair.receiver().interfaceId()).isEqualTo(0x8000_0001);
        assertThat(pair.remote().version()).isEqualTo(TestCalc.VERSION);
        Remote<TestCalc> sub = pipes.add(Remote.bind(pair.remote()));
        assertThat(pair.remote().isPending()).as("bound").isFalse();
        // Written before the receiver end travels: held back until it does.
        sub.get().note(1);
        CompletableFuture<Integer> early = sub.get().add(1, 2);
        b.remote().get().note(0);
        b.remote().get().bindSub(pair.receiver());
        assertThat(pair.receiver().isPending()).as("sent").isFalse();
        assertThat(await(early)).isEqualTo(1003);
        assertThat(await(sub.get().add(5, 5))).isEqualTo(1010);
        await(b.remote().flush());
        assertThat(b.service().log).containsExactly("primary 0", "sub 1");
        assertThat(b.service().received.join().interfaceId()).isEqualTo(0x8000_0001);
        assertThat(sub.version()).isEqualTo(TestCalc.VERSION);

        AssociatedPair<TestCalc> second = b.remote().newAssociatedPair(TestCalc.DESCRIPTOR);
        assertThat(second.remote().interfaceId()).isEqualTo(0x8000_0002);
        second.remote().close();
        second.receiver().close();
    }

    @Test
    void pairMadeByTheService_remoteEndReturned_isBoundByTheClient() throws Exception {
        Bound b = bound();
        PendingAssociatedRemote<TestCalc> end = await(b.remote().get().makeSub());
        assertThat(end.interfaceId()).as("the service's namespace: no bit 31").isEqualTo(1);
        assertThat(end.isPending()).isTrue();
        assertThat(end.version()).isEqualTo(TestCalc.VERSION);
        Remote<TestCalc> sub = pipes.add(Remote.bind(end));
        assertThat(end.isPending()).isFalse();
        assertThat(await(sub.get().add(1, 1))).isEqualTo(1002);
        assertThat(sub.get().twiceSync(4)).isEqualTo(8);
        assertThat(await(sub.queryVersion())).isEqualTo(TestCalc.VERSION);
        assertThat(await(b.remote().get().makeSub()).interfaceId()).isEqualTo(2);
    }

    @Test
    void closingTheSubRemote_tellsTheSubReceiver_andLeavesThePrimary() throws Exception {
        Bound b = bound();
        AssociatedPair<TestCalc> pair = b.remote().newAssociatedPair(TestCalc.DESCRIPTOR);
        Remote<TestCalc> sub = Remote.bind(pair.remote());
        b.remote().get().bindSub(pair.receiver());
        assertThat(await(sub.get().add(0, 0))).isEqualTo(1000);
        sub.closeWithReason(11, "sub done");
        assertThat(await(b.service().subLost)).isEqualTo(new DisconnectReason(Kind.PEER_REASON, 11, "sub done"));
        assertThat(await(b.remote().get().add(2, 2))).isEqualTo(4);
        assertThat(b.remote().isConnected()).isTrue();
        assertThat(b.serviceLost()).isNotDone();
    }

    @Test
    void closingTheSubReceiver_failsTheSubRemotesCalls_andLeavesThePrimary() throws Exception {
        Bound b = bound();
        AssociatedPair<TestCalc> pair = b.remote().newAssociatedPair(TestCalc.DESCRIPTOR);
        Remote<TestCalc> sub = pipes.add(Remote.bind(pair.remote()));
        CompletableFuture<DisconnectReason> subLost = new CompletableFuture<>();
        sub.setDisconnectHandler(subLost::complete);
        b.remote().get().bindSub(pair.receiver());
        await(sub.get().add(0, 0));
        b.service().subs.getFirst().close();
        assertThat(await(subLost)).isEqualTo(DisconnectReason.peerClosed());
        assertThat(sub.isConnected()).isFalse();
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> await(sub.get().add(1, 1)));
        assertThat(((BindingException) e.getCause()).failure()).isEqualTo(BindingException.Failure.DISCONNECTED);
        assertThat(await(b.remote().get().add(2, 2))).isEqualTo(4);
    }

    @Test
    void closingThePrimaryRemote_keepsThePipeForTheSubInterface_untilItCloses() throws Exception {
        Bound b = bound();
        AssociatedPair<TestCalc> pair = b.remote().newAssociatedPair(TestCalc.DESCRIPTOR);
        Remote<TestCalc> sub = Remote.bind(pair.remote());
        b.remote().get().bindSub(pair.receiver());
        await(sub.get().add(0, 0));
        b.remote().close();
        assertThat(await(b.serviceLost())).isEqualTo(DisconnectReason.peerClosed());
        assertThat(await(sub.get().add(3, 4))).as("the sub interface still works").isEqualTo(1007);
        sub.close();
        assertThat(await(b.service().subLost)).isEqualTo(DisconnectReason.peerClosed());
    }

    @Test
    void aPipeError_endsEveryInterfaceOfThePipe_withTheReason() throws Exception {
        Bound b = bound();
        AssociatedPair<TestCalc> pair = b.remote().newAssociatedPair(TestCalc.DESCRIPTOR);
        Remote<TestCalc> sub = pipes.add(Remote.bind(pair.remote()));
        CompletableFuture<DisconnectReason> clientSubLost = new CompletableFuture<>();
        sub.setDisconnectHandler(clientSubLost::complete);
        b.remote().get().bindSub(pair.receiver());
        await(sub.get().add(0, 0));
        String reason = "AssociatedTest: bad " + System.nanoTime();
        b.service().subs.getFirst().addInterceptor(new Interceptor() {
            @Override
            public void onRequest(CallContext call, Object params) {
                call.reportBadMessage(reason);
            }
        });
        sub.get().note(1);
        DisconnectReason told = new DisconnectReason(Kind.PEER_REASON, DisconnectReason.BAD_MESSAGE_CODE, reason);
        assertThat(await(b.service().subLost)).isEqualTo(new DisconnectReason(Kind.BAD_MESSAGE,
                DisconnectReason.BAD_MESSAGE_CODE, reason));
        assertThat(await(b.serviceLost())).as("the primary receiver gets the same reason").isEqualTo(
                new DisconnectReason(Kind.BAD_MESSAGE, DisconnectReason.BAD_MESSAGE_CODE, reason));
        assertThat(await(clientSubLost)).isEqualTo(told);
        assertThat(b.remote().isConnected()).isFalse();
    }

    @Test
    void aMessageForAnEndNotBoundYet_holdsBackEveryLaterMessage_untilItIsBound() throws Exception {
        Bound b = bound();
        b.service().bindAtOnce = false;
        AssociatedPair<TestCalc> pair = b.remote().newAssociatedPair(TestCalc.DESCRIPTOR);
        Remote<TestCalc> sub = pipes.add(Remote.bind(pair.remote()));
        b.remote().get().bindSub(pair.receiver());
        sub.get().note(1);
        b.remote().get().note(2);
        PendingAssociatedReceiver<TestCalc> end = await(b.service().received);
        assertThat(end.isPending()).isTrue();
        assertThat(b.service().log).as("the primary's note waits behind the sub's").isEmpty();
        b.service().bind(end);
        assertThat(end.isPending()).isFalse();
        await(b.remote().flush());
        assertThat(b.service().log).containsExactly("sub 1", "primary 2");
    }

    @Test
    void aReceivedEndClosedUnbound_tellsThePeer_andReadingGoesOn() throws Exception {
        Bound b = bound();
        b.service().bindAtOnce = false;
        AssociatedPair<TestCalc> pair = b.remote().newAssociatedPair(TestCalc.DESCRIPTOR);
        Remote<TestCalc> sub = pipes.add(Remote.bind(pair.remote()));
        CompletableFuture<DisconnectReason> subLost = new CompletableFuture<>();
        sub.setDisconnectHandler(subLost::complete);
        b.remote().get().bindSub(pair.receiver());
        sub.get().note(1);
        b.remote().get().note(2);
        PendingAssociatedReceiver<TestCalc> end = await(b.service().received);
        end.close();
        assertThat(end.isPending()).isFalse();
        end.close(); // idempotent
        assertThat(await(subLost)).isEqualTo(DisconnectReason.peerClosed());
        await(b.remote().flush());
        assertThat(b.service().log).as("the held sub message is dropped, the primary's goes on")
                .containsExactly("primary 2");
        assertThatThrownBy(() -> Receiver.bind(end, new TestCalc.Base()))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("the associated end with interface ID 2147483649 is closed");
    }

    @Test
    void aMintedEndClosedBeforeItIsSent_cannotBeSent_andItsPeerEndIsBornDisconnected() throws Exception {
        Bound b = bound();
        AssociatedPair<TestCalc> pair = b.remote().newAssociatedPair(TestCalc.DESCRIPTOR);
        pair.receiver().close();
        assertThatThrownBy(() -> b.remote().get().bindSub(pair.receiver()))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage(pair.receiver() + " is closed");
        assertThat(await(b.remote().get().add(1, 1))).as("the refused send broke nothing").isEqualTo(2);
    }

    @Test
    void endsBuiltByHand_belongToNoPipe_andCannotBeBound() {
        PendingAssociatedRemote<TestCalc> remote = new PendingAssociatedRemote<>(TestCalc.DESCRIPTOR, 5, 0);
        PendingAssociatedReceiver<TestCalc> receiver = new PendingAssociatedReceiver<>(TestCalc.DESCRIPTOR, 5);
        assertThat(remote.isPending()).isFalse();
        assertThat(receiver.isPending()).isFalse();
        remote.close(); // no-op
        receiver.close();
        assertThatThrownBy(() -> Remote.bind(remote)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage(remote + " belongs to no pipe: bind an associated remote that was received in a message "
                        + "or made by newAssociatedPair");
        assertThatThrownBy(() -> Receiver.bind(receiver, new TestCalc.Base()))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage(receiver + " belongs to no pipe: bind an associated receiver that was received in a "
                        + "message or made by newAssociatedPair");
        assertThat(remote.toString()).isEqualTo("PendingAssociatedRemote<t.Calc v1>(interface ID 5, version 0)");
        assertThat(receiver.toString()).isEqualTo("PendingAssociatedReceiver<t.Calc v1>(interface ID 5)");
        assertThat(remote).isEqualTo(new PendingAssociatedRemote<>(TestCalc.DESCRIPTOR, 5, 0))
                .isNotEqualTo(new PendingAssociatedRemote<>(TestCalc.DESCRIPTOR, 6, 0))
                .isNotEqualTo(new PendingAssociatedRemote<>(TestCalc.DESCRIPTOR, 5, 1));
        assertThat(remote.hashCode()).isEqualTo(new PendingAssociatedRemote<>(TestCalc.DESCRIPTOR, 5, 0).hashCode());
        assertThat(receiver).isEqualTo(new PendingAssociatedReceiver<>(TestCalc.DESCRIPTOR, 5))
                .isNotEqualTo(new PendingAssociatedReceiver<>(TestCalc.DESCRIPTOR, 6));
        assertThat(receiver.hashCode()).isEqualTo(new PendingAssociatedReceiver<>(TestCalc.DESCRIPTOR, 5).hashCode());
        assertThatThrownBy(() -> new PendingAssociatedRemote<>(TestCalc.DESCRIPTOR, 5, -1))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("version < 0: -1");
    }

    @Test
    void endsBuiltByHand_cannotBeSent() {
        Bound b = bound();
        PendingAssociatedReceiver<TestCalc> byHand = new PendingAssociatedReceiver<>(TestCalc.DESCRIPTOR, 5);
        assertThatThrownBy(() -> b.remote().get().bindSub(byHand)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage(byHand + " does not belong to this pipe: an associated endpoint can only travel on the "
                        + "pipe whose Remote or Receiver made it");
    }

    @Test
    void anEndOfAnotherPipe_cannotBeSent() {
        Bound one = bound();
        Bound two = bound();
        AssociatedPair<TestCalc> pair = one.remote().newAssociatedPair(TestCalc.DESCRIPTOR);
        assertThatThrownBy(() -> two.remote().get().bindSub(pair.receiver()))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(pair.receiver() + " does not belong to this pipe");
        assertThat(pair.receiver().isPending()).isTrue();
        pair.receiver().close();
        pair.remote().close();
    }

    @Test
    void sendingAnEndTwice_orTheOtherEnd_refused() {
        Bound b = bound();
        AssociatedPair<TestCalc> pair = b.remote().newAssociatedPair(TestCalc.DESCRIPTOR);
        b.remote().get().bindSub(pair.receiver());
        assertThatThrownBy(() -> b.remote().get().bindSub(pair.receiver()))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage(pair.receiver() + " or the other end of its pair was already sent");
        Remote<TestCalc> kept = pipes.add(Remote.bind(pair.remote()));
        assertThat(kept.isConnected()).as("the kept end can still be bound").isTrue();
    }

    @Test
    void sendingTheBoundEnd_refused() {
        Bound b = bound();
        AssociatedPair<TestCalc> pair = b.remote().newAssociatedPair(TestCalc.DESCRIPTOR);
        Receiver<TestCalc> local = pipes.add(Receiver.bind(pair.receiver(), new TestCalc.Base()));
        assertThatThrownBy(() -> b.remote().get().bindSub(pair.receiver()))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage(pair.receiver() + " is bound here; send the other end of its pair");
        assertThat(local.isConnected()).isTrue();
    }

    @Test
    void bindingAnEndTwice_orTheSentEnd_refused() {
        Bound b = bound();
        AssociatedPair<TestCalc> pair = b.remote().newAssociatedPair(TestCalc.DESCRIPTOR);
        pipes.add(Remote.bind(pair.remote()));
        assertThatThrownBy(() -> Remote.bind(pair.remote())).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("the associated end with interface ID 2147483649 is already bound (an associated pair has "
                        + "one end per side)");
        AssociatedPair<TestCalc> other = b.remote().newAssociatedPair(TestCalc.DESCRIPTOR);
        b.remote().get().bindSub(other.receiver());
        assertThatThrownBy(() -> Receiver.bind(other.receiver(), new TestCalc.Base()))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("the associated end with interface ID 2147483650 was sent to the peer; bind the other end "
                        + "of its pair");
        other.remote().close();
    }

    @Test
    void pairOnAClosedPipe_isBornDisconnected() throws Exception {
        Bound b = bound();
        b.remote().close();
        AssociatedPair<TestCalc> pair = b.remote().newAssociatedPair(TestCalc.DESCRIPTOR);
        assertThat(pair.remote().isPending()).isFalse();
        Remote<TestCalc> sub = pipes.add(Remote.bind(pair.remote()));
        assertThat(sub.isConnected()).isFalse();
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> await(sub.get().add(1, 1)));
        assertThat(((BindingException) e.getCause()).failure()).isEqualTo(BindingException.Failure.DISCONNECTED);
    }

    @Test
    void theServiceSide_mintsWithoutTheNamespaceBit_skippingIdsInUse() throws Exception {
        Bound b = bound();
        AssociatedPair<TestCalc> first = b.receiver().newAssociatedPair(TestCalc.DESCRIPTOR);
        AssociatedPair<TestCalc> second = b.receiver().newAssociatedPair(TestCalc.DESCRIPTOR);
        assertThat(first.receiver().interfaceId()).isEqualTo(1);
        assertThat(second.receiver().interfaceId()).isEqualTo(2);
        for (AssociatedPair<TestCalc> p : List.of(first, second)) {
            p.remote().close();
            p.receiver().close();
            assertThat(p.remote().isPending()).isFalse();
        }
    }
    @Test
    void aCallCarryingAClosedEnd_throws_andGivesItsSlotBack() throws Exception {
        MessagePipe p = pipes.pipe();
        pipes.add(Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, p.end1()), new TestCalc.Base()));
        Remote<TestCalc> remote = pipes.add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p.end0()),
                Remote.Options.defaults().withMaxInFlight(1, Remote.Overflow.FAIL_FAST)));
        AssociatedPair<TestCalc> pair = remote.newAssociatedPair(TestCalc.DESCRIPTOR);
        pair.receiver().close();
        assertThatThrownBy(() -> remote.get().adopt(pair.receiver())).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage(pair.receiver() + " is closed");
        assertThat(remote.inFlight()).isZero();
        assertThat(await(remote.get().add(1, 1))).as("the one slot is free again").isEqualTo(2);
    }

    @Test
    void aCallWithAResponse_carriesAnEnd_andTheServiceBindsIt() throws Exception {
        MessagePipe p = pipes.pipe();
        List<Receiver<TestCalc>> adopted = new CopyOnWriteArrayList<>();
        pipes.add(Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, p.end1()), new TestCalc.Base() {
            @Override
            public CompletableFuture<Integer> adopt(PendingAssociatedReceiver<TestCalc> sub) {
                adopted.add(pipes.add(Receiver.bind(sub, new TestCalc.Base(), DispatchSequence.create("sub"))));
                return CompletableFuture.completedFuture(sub.interfaceId() & 0xFF);
            }
        }));
        Remote<TestCalc> remote = pipes.add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p.end0()), remoteOptions()));
        AssociatedPair<TestCalc> pair = remote.newAssociatedPair(TestCalc.DESCRIPTOR);
        java.util.concurrent.BlockingQueue<Runnable> callbacks = new java.util.concurrent.LinkedBlockingQueue<>();
        Remote<TestCalc> sub = pipes.add(Remote.bind(pair.remote(),
                Remote.Options.defaults().withCallbackExecutor(callbacks::add)));
        assertThat(await(remote.get().adopt(pair.receiver()))).as("the low bits of ID 0x80000001").isEqualTo(1);
        CompletableFuture<Integer> sum = sub.get().add(20, 22);
        Runnable completion = callbacks.poll(Pipes.WAIT_S, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(completion).as("the sub remote completes on its own executor").isNotNull();
        completion.run();
        assertThat(sum).isCompletedWithValue(42);
        assertThat(adopted).hasSize(1);
    }

    @Test
    void aServiceAnsweringWithAClosedEnd_failsAsAnImplementation() throws Exception {
        MessagePipe p = pipes.pipe();
        Receiver<TestCalc> receiver = pipes.add(Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, p.end1()),
                new TestCalc.Base() {
                    @Override
                    public CompletableFuture<PendingAssociatedRemote<TestCalc>> makeSub() {
                        AssociatedPair<TestCalc> pair = receiverOf(this).newAssociatedPair(TestCalc.DESCRIPTOR);
                        pair.remote().close();
                        pair.receiver().close();
                        return CompletableFuture.completedFuture(pair.remote());
                    }
                }));
        Remote<TestCalc> remote = pipes.add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p.end0()), remoteOptions()));
        CompletableFuture<DisconnectReason> lost = new CompletableFuture<>();
        remote.setDisconnectHandler(lost::complete);
        selfReceiver.set(receiver);
        CompletableFuture<PendingAssociatedRemote<TestCalc>> call = remote.get().makeSub();
        DisconnectReason reason = await(lost);
        assertThat(reason.kind()).isEqualTo(Kind.PEER_REASON);
        assertThat(reason.customReason()).isEqualTo(DisconnectReason.IMPLEMENTATION_FAILED_CODE);
        assertThat(reason.description()).isEqualTo("MakeSub failed: java.lang.IllegalArgumentException: "
                + "PendingAssociatedRemote<t.Calc v1>(interface ID 1, version 1) is closed");
        assertThatThrownBy(() -> await(call)).cause().isExactlyInstanceOf(BindingException.class);
    }

    private final java.util.concurrent.atomic.AtomicReference<Receiver<TestCalc>> selfReceiver =
            new java.util.concurrent.atomic.AtomicReference<>();

    private Receiver<TestCalc> receiverOf(TestCalc impl) {
        return selfReceiver.get();
    }
}

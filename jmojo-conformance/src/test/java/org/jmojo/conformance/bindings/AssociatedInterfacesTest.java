package org.jmojo.conformance.bindings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import jmojo.test.assoc.Counter;
import jmojo.test.assoc.Hub;
import org.jmojo.bindings.AssociatedPair;
import org.jmojo.bindings.BadMessages;
import org.jmojo.bindings.CallContext;
import org.jmojo.bindings.DisconnectReason;
import org.jmojo.bindings.DisconnectReason.Kind;
import org.jmojo.bindings.PendingAssociatedReceiver;
import org.jmojo.bindings.PendingAssociatedRemote;
import org.jmojo.bindings.PendingReceiver;
import org.jmojo.bindings.PendingRemote;
import org.jmojo.bindings.Receiver;
import org.jmojo.bindings.Remote;
import org.jmojo.bindings.ValidationError;
import org.jmojo.bindings.runtime.MessageBuilder;
import org.jmojo.bindings.runtime.MessageHeader;
import org.jmojo.system.Core;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MojoResult;
import org.junit.jupiter.api.Test;

/**
 * Associated interfaces end to end in one process: a {@link Hub} (the primary interface) hands
 * out {@link Counter}s multiplexed on its own pipe, in both directions, and hostile peers that
 * break the interface-ID rules. No sleeps: futures, flushes and queues order everything; the
 * timeouts only bound a failing run. Every test runs on the default executors and on the direct path
 * ({@link BindingMode}); associated bindings use their primary binding's queue, so they follow it.
 */
class AssociatedInterfacesTest extends BindingModeTest {

    AssociatedInterfacesTest(BindingMode mode) {
        super(mode);
    }

    /** A counter that records every call in a log shared with its hub, so order across interfaces shows. */
    static final class CounterImpl implements Counter {
        final List<String> log;
        final AtomicInteger total = new AtomicInteger();

        CounterImpl(List<String> log) {
            this.log = log;
        }

        @Override
        public void add(int n) {
            if (n < 0) {
                CallContext.current().reportBadMessage("NEGATIVE_COUNT");
                return;
            }
            log.add("add " + n);
            total.addAndGet(n);
        }

        @Override
        public CompletableFuture<Integer> total() {
            return CompletableFuture.completedFuture(total.get());
        }
    }

    /** The service: binds counters on its own pipe, or keeps a pending one for the test to bind. */
    final class HubImpl implements Hub {
        final List<String> log = new CopyOnWriteArrayList<>();
        final AtomicReference<Receiver<Hub>> self = new AtomicReference<>();
        final BlockingQueue<Receiver<Counter>> counters = new LinkedBlockingQueue<>();
        final CompletableFuture<PendingAssociatedReceiver<Counter>> kept = new CompletableFuture<>();
        final CompletableFuture<Remote<Counter>> attached = new CompletableFuture<>();
        boolean keepPending;

        @Override
        public void bindCounter(PendingAssociatedReceiver<Counter> counter) {
            log.add("bind");
            if (keepPending) {
                kept.complete(counter);
                return;
            }
            Receiver<Counter> r = Receiver.bind(counter, new CounterImpl(log));
            closeLater(r);
            counters.add(r);
        }

        @Override
        public CompletableFuture<PendingAssociatedRemote<Counter>> makeCounter() {
            AssociatedPair<Counter> pair = self.get().newAssociatedPair(Counter.DESCRIPTOR);
            Receiver<Counter> r = Receiver.bind(pair.receiver(), new CounterImpl(log));
            closeLater(r);
            counters.add(r);
            return CompletableFuture.completedFuture(pair.remote());
        }

        @Override
        public CompletableFuture<Void> attach(PendingAssociatedRemote<Counter> counter) {
            Remote<Counter> remote = Remote.bind(counter);
            closeLater(remote);
            remote.get().add(3);
            attached.complete(remote);
            return remote.get().total().thenApply(t -> null);
        }

        @Override
        public void log(String text) {
            log.add(text);
        }

        @Override
        public CompletableFuture<Boolean> adopt(PendingReceiver<Counter> counter,
                org.jmojo.system.MessagePipeEndpoint spare) {
            if (spare != null) {
                spare.close();
            }
            if (counter == null) {
                return CompletableFuture.completedFuture(false);
            }
            Receiver<Counter> r = Receiver.bind(counter, new CounterImpl(log));
            closeLater(r);
            counters.add(r);
            return CompletableFuture.completedFuture(true);
        }
    }

    private record Hubs(Remote<Hub> remote, Receiver<Hub> receiver, HubImpl impl) {}

    private Hubs hub() {
        HubImpl impl = new HubImpl();
        MessagePipe pipe = Core.instance().createMessagePipe();
        Receiver<Hub> receiver = mode.bind(new PendingReceiver<>(Hub.DESCRIPTOR, pipe.end1()), impl);
        impl.self.set(receiver);
        Remote<Hub> remote = mode.bind(new PendingRemote<>(Hub.DESCRIPTOR, pipe.end0(), 0));
        closeLater(remote);
        closeLater(receiver);
        return new Hubs(remote, receiver, impl);
    }

    @Test
    void requests_on_two_interfaces_of_one_pipe_keep_the_order_they_were_sent_in() throws Exception {
        Hubs h = hub();
        AssociatedPair<Counter> pair = h.remote().newAssociatedPair(Counter.DESCRIPTOR);
        // Bound and called before its receiver end is sent: the call waits and follows BindCounter.
        Remote<Counter> counter = Remote.bind(pair.remote());
        closeLater(counter);
        counter.get().add(1);
        h.remote().get().bindCounter(pair.receiver());
        List<String> expected = new ArrayList<>(List.of("bind", "add 1"));
        for (int i = 2; i <= 40; i++) {
            counter.get().add(i);
            h.remote().get().log("log " + i);
            expected.add("add " + i);
            expected.add("log " + i);
        }
        await(h.remote().flush());
        assertThat(h.impl().log).containsExactlyElementsOf(expected);
        assertThat(await(counter.get().total())).isEqualTo(40 * 41 / 2);
        // The client side holds the primary Remote: the IDs it mints carry the namespace bit.
        assertThat(pair.remote().interfaceId() & 0x8000_0000).isNotZero();
        assertThat(pair.remote().isPending()).as("bound").isFalse();
        assertThat(pair.receiver().isPending()).as("sent").isFalse();
    }

    @Test
    void a_service_answers_with_an_associated_remote_minted_on_its_side() throws Exception {
        Hubs h = hub();
        PendingAssociatedRemote<Counter> pending = await(h.remote().get().makeCounter());
        assertThat(pending.interfaceId() & 0x8000_0000).as("minted by the receiver side").isZero();
        assertThat(pending.isPending()).isTrue();
        Remote<Counter> counter = Remote.bind(pending);
        closeLater(counter);
        counter.get().add(5);
        counter.get().add(6);
        assertThat(await(counter.get().total())).isEqualTo(11);
        // A second one gets another ID on the same pipe.
        PendingAssociatedRemote<Counter> second = await(h.remote().get().makeCounter());
        assertThat(second.interfaceId()).isNotEqualTo(pending.interfaceId());
        second.close();
        assertThat(second.isPending()).isFalse();
    }

    @Test
    void a_client_implements_an_associated_interface_the_service_calls() throws Exception {
        Hubs h = hub();
        List<String> clientLog = new CopyOnWriteArrayList<>();
        CounterImpl mine = new CounterImpl(clientLog);
        AssociatedPair<Counter> pair = h.remote().newAssociatedPair(Counter.DESCRIPTOR);
        Receiver<Counter> receiver = Receiver.bind(pair.receiver(), mine);
        closeLater(receiver);
        await(h.remote().get().attach(pair.remote()));
        assertThat(clientLog).containsExactly("add 3");
        assertThat(mine.total.get()).isEqualTo(3);
    }

    @Test
    void closing_an_associated_remote_with_a_reason_tells_its_receiver_and_keeps_the_pipe() throws Exception {
        Hubs h = hub();
        AssociatedPair<Counter> pair = h.remote().newAssociatedPair(Counter.DESCRIPTOR);
        h.remote().get().bindCounter(pair.receiver());
        Remote<Counter> counter = Remote.bind(pair.remote());
        Receiver<Counter> served = h.impl().counters.poll(WAIT_S, TimeUnit.SECONDS);
        CompletableFuture<DisconnectReason> gone = new CompletableFuture<>();
        served.setDisconnectHandler(gone::complete);
        counter.closeWithReason(7, "done counting");
        DisconnectReason reason = await(gone);
        assertThat(reason.kind()).isEqualTo(Kind.PEER_REASON);
        assertThat(reason.customReason()).isEqualTo(7);
        assertThat(reason.description()).isEqualTo("done counting");
        assertThat(h.remote().isConnected()).isTrue();
        assertThat(h.receiver().isConnected()).isTrue();
        h.remote().get().log("still here");
        await(h.remote().flush());
        assertThat(h.impl().log).endsWith("still here");
    }

    /** Found by ServiceFuzzTarget: a closed associated remote kept writing on the shared pipe. */
    @Test
    void a_closed_associated_remote_writes_nothing_on_the_shared_pipe() throws Exception {
        Hubs h = hub();
        AssociatedPair<Counter> pair = h.remote().newAssociatedPair(Counter.DESCRIPTOR);
        Remote<Counter> counter = Remote.bind(pair.remote());
        h.remote().get().bindCounter(pair.receiver());
        Receiver<Counter> served = h.impl().counters.poll(WAIT_S, TimeUnit.SECONDS);
        CompletableFuture<DisconnectReason> gone = new CompletableFuture<>();
        served.setDisconnectHandler(gone::complete);
        counter.close();
        await(gone);
        counter.get().add(1); // after close: dropped, the service has forgotten the ID
        h.remote().get().log("still here");
        await(h.remote().flush());
        assertThat(h.remote().isConnected()).isTrue();
        assertThat(h.impl().log).containsExactly("bind", "still here");
    }

    @Test
    void closing_an_associated_receiver_disconnects_its_remote_only() throws Exception {
        Hubs h = hub();
        Remote<Counter> counter = Remote.bind(await(h.remote().get().makeCounter()));
        closeLater(counter);
        CompletableFuture<DisconnectReason> gone = new CompletableFuture<>();
        counter.setDisconnectHandler(gone::complete);
        Receiver<Counter> served = h.impl().counters.poll(WAIT_S, TimeUnit.SECONDS);
        served.close();
        assertThat(await(gone).kind()).isEqualTo(Kind.PEER_CLOSED);
        assertThat(counter.isConnected()).isFalse();
        assertThat(h.remote().isConnected()).isTrue();
        await(h.remote().flush());
    }

    @Test
    void closing_the_primary_receiver_keeps_the_pipe_for_its_associated_interfaces() throws Exception {
        Hubs h = hub();
        Remote<Counter> counter = Remote.bind(await(h.remote().get().makeCounter()));
        closeLater(counter);
        CompletableFuture<DisconnectReason> hubGone = new CompletableFuture<>();
        h.remote().setDisconnectHandler(hubGone::complete);
        h.receiver().close();
        assertThat(await(hubGone).kind()).isEqualTo(Kind.PEER_CLOSED);
        counter.get().add(9);
        assertThat(await(counter.get().total())).isEqualTo(9);
        assertThat(counter.isConnected()).isTrue();
    }

    @Test
    void a_bad_message_on_an_associated_interface_closes_the_whole_pipe() throws Exception {
        Hubs h = hub();
        long before = BadMessages.count("NEGATIVE_COUNT");
        Remote<Counter> counter = Remote.bind(await(h.remote().get().makeCounter()));
        closeLater(counter);
        CompletableFuture<DisconnectReason> hubGone = new CompletableFuture<>();
        CompletableFuture<DisconnectReason> counterGone = new CompletableFuture<>();
        CompletableFuture<DisconnectReason> serviceGone = new CompletableFuture<>();
        h.remote().setDisconnectHandler(hubGone::complete);
        counter.setDisconnectHandler(counterGone::complete);
        h.receiver().setDisconnectHandler(serviceGone::complete);
        counter.get().add(-1);
        for (DisconnectReason r : List.of(await(hubGone), await(counterGone))) {
            assertThat(r.kind()).isEqualTo(Kind.PEER_REASON);
            assertThat(r.customReason()).isEqualTo(DisconnectReason.BAD_MESSAGE_CODE);
            assertThat(r.description()).isEqualTo("NEGATIVE_COUNT");
        }
        assertThat(await(serviceGone).kind()).isEqualTo(Kind.BAD_MESSAGE);
        assertThat(BadMessages.count("NEGATIVE_COUNT")).isEqualTo(before + 1);
    }

    @Test
    void a_message_for_an_associated_receiver_not_bound_yet_holds_back_later_messages() throws Exception {
        Hubs h = hub();
        h.impl().keepPending = true;
        AssociatedPair<Counter> pair = h.remote().newAssociatedPair(Counter.DESCRIPTOR);
        h.remote().get().bindCounter(pair.receiver());
        Remote<Counter> counter = Remote.bind(pair.remote());
        closeLater(counter);
        counter.get().add(4);
        h.remote().get().log("after");
        PendingAssociatedReceiver<Counter> pending = await(h.impl().kept);
        Receiver<Counter> late = Receiver.bind(pending, new CounterImpl(h.impl().log));
        closeLater(late);
        await(h.remote().flush());
        assertThat(h.impl().log).containsExactly("bind", "add 4", "after");
    }

    @Test
    void a_pending_end_closed_unbound_disconnects_its_peer() throws Exception {
        Hubs h = hub();
        h.impl().keepPending = true;
        AssociatedPair<Counter> pair = h.remote().newAssociatedPair(Counter.DESCRIPTOR);
        Remote<Counter> counter = Remote.bind(pair.remote());
        closeLater(counter);
        CompletableFuture<DisconnectReason> gone = new CompletableFuture<>();
        counter.setDisconnectHandler(gone::complete);
        h.remote().get().bindCounter(pair.receiver());
        await(h.impl().kept).close();
        assertThat(await(gone).kind()).isEqualTo(Kind.PEER_CLOSED);
        assertThat(h.remote().isConnected()).isTrue();
    }

    @Test
    void ends_are_refused_where_they_do_not_belong() throws Exception {
        Hubs h = hub();
        Hubs other = hub();
        AssociatedPair<Counter> pair = h.remote().newAssociatedPair(Counter.DESCRIPTOR);
        assertThatThrownBy(() -> other.remote().get().bindCounter(pair.receiver()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not belong to this pipe");
        h.remote().get().bindCounter(pair.receiver());
        assertThatThrownBy(() -> h.remote().get().bindCounter(pair.receiver()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already sent");
        assertThatThrownBy(() -> Receiver.bind(pair.receiver(), new CounterImpl(new ArrayList<>())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("sent to the peer");
        PendingAssociatedReceiver<Counter> byHand = new PendingAssociatedReceiver<>(Counter.DESCRIPTOR, 9);
        assertThatThrownBy(() -> Receiver.bind(byHand, new CounterImpl(new ArrayList<>())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("belongs to no pipe");
        assertThatThrownBy(() -> h.remote().get().bindCounter(byHand))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not belong to this pipe");
        assertThat(h.remote().isConnected()).isTrue();
    }

    // ---------------------------------------------------------------- hostile peers

    /** A Hub receiver whose client is the test itself, writing raw bytes. */
    private record RawHub(MessagePipe pipe, Receiver<Hub> receiver, CompletableFuture<DisconnectReason> gone) {}

    private RawHub rawHub() {
        MessagePipe pipe = Core.instance().createMessagePipe();
        Receiver<Hub> receiver = mode.bind(new PendingReceiver<>(Hub.DESCRIPTOR, pipe.end1()),
                new HubImpl());
        CompletableFuture<DisconnectReason> gone = new CompletableFuture<>();
        receiver.setDisconnectHandler(gone::complete);
        closeLater(receiver);
        closeLater(pipe::close);
        return new RawHub(pipe, receiver, gone);
    }

    /** {@code BindCounter} whose receiver slot selects index 0 of the interface-ID array {@code ids}. */
    private static byte[] bindCounter(int interfaceId, List<Integer> ids) {
        ByteBuffer params = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        params.putInt(16).putInt(0).putInt(0).putInt(0);
        return MessageBuilder.build(interfaceId, Hub.BIND_COUNTER_ORDINAL, 0, 0, params.array(), ids);
    }

    private static void assertValidationFailure(RawHub raw, ValidationError error) throws Exception {
        DisconnectReason reason = await(raw.gone());
        assertThat(reason.kind()).isEqualTo(Kind.VALIDATION_FAILED);
        assertThat(reason.description()).startsWith(error.name() + ":");
    }

    @Test
    void an_interface_id_announced_twice_in_one_message_is_illegal() throws Exception {
        RawHub raw = rawHub();
        assertThat(raw.pipe().end0().writeMessage(bindCounter(0, List.of(5, 5)), List.of())).isEqualTo(MojoResult.OK);
        assertValidationFailure(raw, ValidationError.VALIDATION_ERROR_ILLEGAL_INTERFACE_ID);
    }

    @Test
    void an_interface_id_already_in_use_on_the_pipe_is_illegal() throws Exception {
        RawHub raw = rawHub();
        HubImpl impl = (HubImpl) raw.receiver().implementation();
        assertThat(raw.pipe().end0().writeMessage(bindCounter(0, List.of(0x8000_0005)), List.of()))
                .isEqualTo(MojoResult.OK);
        impl.counters.poll(WAIT_S, TimeUnit.SECONDS);
        assertThat(raw.pipe().end0().writeMessage(bindCounter(0, List.of(0x8000_0005)), List.of()))
                .isEqualTo(MojoResult.OK);
        assertValidationFailure(raw, ValidationError.VALIDATION_ERROR_ILLEGAL_INTERFACE_ID);
    }

    @Test
    void an_announced_interface_id_no_parameter_claims_is_closed_at_once() throws Exception {
        RawHub raw = rawHub();
        HubImpl impl = (HubImpl) raw.receiver().implementation();
        // The slot selects index 0 (0x80000005); 0x80000006 rides along unclaimed, as Chromium allows.
        assertThat(raw.pipe().end0().writeMessage(bindCounter(0, List.of(0x8000_0005, 0x8000_0006)), List.of()))
                .isEqualTo(MojoResult.OK);
        assertThat(impl.counters.poll(WAIT_S, TimeUnit.SECONDS)).isNotNull();
        assertThat(org.jmojo.system.Core.instance().wait(raw.pipe().end0(), org.jmojo.system.Signals.READABLE,
                org.jmojo.system.Deadline.after(java.time.Duration.ofSeconds(WAIT_S))).result())
                .isEqualTo(MojoResult.OK);
        org.jmojo.system.ReadResult r = raw.pipe().end0().readMessage();
        assertThat(r.result()).isEqualTo(MojoResult.OK);
        ByteBuffer b = ByteBuffer.wrap(r.message().bytes()).order(ByteOrder.LITTLE_ENDIAN);
        // Pipe control RunOrClosePipe(PeerAssociatedEndpointClosedEvent{id, no reason}), as written above.
        assertThat(b.getInt(MessageHeader.INTERFACE_ID_OFFSET)).isEqualTo(MessageHeader.INVALID_INTERFACE_ID);
        assertThat(b.getInt(MessageHeader.NAME_OFFSET)).isEqualTo(MessageHeader.RUN_OR_CLOSE_PIPE_MESSAGE_ID);
        assertThat(b.getInt(36)).as("tag: peer_associated_endpoint_closed_event").isZero();
        assertThat(b.getInt(56)).as("the unclaimed ID").isEqualTo(0x8000_0006);
        assertThat(b.getLong(64)).as("no disconnect reason").isZero();
        assertThat(raw.receiver().isConnected()).isTrue();
    }

    @Test
    void a_message_for_an_interface_id_the_pipe_never_learned_is_a_protocol_error() throws Exception {
        RawHub raw = rawHub();
        long before = BadMessages.count(BadMessages.PROTOCOL_ERROR);
        ByteBuffer params = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        params.putInt(16).putInt(0).putInt(0).putInt(0);
        byte[] add = MessageBuilder.build(77, 0, 0, 0, params.array(), List.of());
        assertThat(raw.pipe().end0().writeMessage(add, List.of())).isEqualTo(MojoResult.OK);
        DisconnectReason reason = await(raw.gone());
        assertThat(reason.kind()).isEqualTo(Kind.PROTOCOL_ERROR);
        assertThat(reason.description()).contains("interface ID 77");
        assertThat(BadMessages.count(BadMessages.PROTOCOL_ERROR)).isGreaterThan(before);
    }

    @Test
    void closing_an_interface_id_the_pipe_never_learned_is_a_protocol_error() throws Exception {
        RawHub raw = rawHub();
        // Pipe control RunOrClosePipe(PeerAssociatedEndpointClosedEvent{id: 99, disconnect_reason: null}).
        ByteBuffer b = ByteBuffer.allocate(72).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(24).putInt(0).putInt(MessageHeader.INVALID_INTERFACE_ID)
                .putInt(MessageHeader.RUN_OR_CLOSE_PIPE_MESSAGE_ID).putInt(0).putInt(0); // header v0
        b.putInt(24).putInt(0); // RunOrClosePipeMessageParams
        b.putInt(16).putInt(0).putLong(8); // inline union: size, tag 0, pointer to the event
        b.putInt(24).putInt(0).putInt(99).putInt(0).putLong(0); // the event: id 99, no reason
        byte[] event = b.array();
        assertThat(raw.pipe().end0().writeMessage(event, List.of())).isEqualTo(MojoResult.OK);
        DisconnectReason reason = await(raw.gone());
        assertThat(reason.kind()).isEqualTo(Kind.PROTOCOL_ERROR);
        assertThat(reason.description()).contains("interface ID 99");
    }
}

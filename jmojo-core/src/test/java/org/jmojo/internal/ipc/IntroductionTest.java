package org.jmojo.internal.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.internal.multinode.Nodes;
import org.jmojo.internal.ports.NodeName;
import org.jmojo.internal.ports.PortName;
import org.jmojo.internal.ports.PortRef;
import org.jmojo.internal.ports.wire.DeadPortEvent;
import org.jmojo.internal.ports.wire.EventCodec;
import org.jmojo.system.ClosureReason;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.IncomingInvitation;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.OutgoingInvitation;
import org.jmojo.system.ReadResult;
import org.jmojo.system.Signals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Introductions through the broker and the broker's relay of dead-port notices (docs/processes.md), between nodes
 * of one JVM joined by real invitations: a broker and two clients, each client connected to the broker only.
 * {@code ChildProcessTest} runs the introduction across real JVMs.
 */
@Timeout(60)
class IntroductionTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final Core broker = Nodes.newNode();
    private final Core a = Nodes.newNode();
    private final Core b = Nodes.newNode();
    private final Core d = Nodes.newNode();
    private final List<MessagePipeEndpoint> toClose = new ArrayList<>();

    @AfterEach
    void closeChannels() {
        toClose.forEach(MessagePipeEndpoint::close);
        for (Core c : List.of(a, b, d, broker)) {
            NodeChannels channels = NodeChannels.existing(LocalCore.of(c));
            if (channels != null) {
                channels.close();
            }
        }
    }

    private static NodeChannels channels(Core c) {
        return NodeChannels.existing(LocalCore.of(c));
    }

    private static NodeName name(Core c) {
        return LocalCore.of(c).nodeName();
    }

    /** Invites {@code client} into the broker's network; returns the client's end of its "control" pipe. */
    private MessagePipeEndpoint join(Core client) {
        OutgoingInvitation invitation = OutgoingInvitation.create(broker);
        toClose.add(invitation.attachMessagePipe("control"));
        MessagePipeEndpoint there = IncomingInvitation.accept(client, invitation.connectionString(), WAIT)
                .extractMessagePipe("control");
        toClose.add(there);
        return there;
    }

    private static byte[] read(Core core, MessagePipeEndpoint end) {
        assertThat(core.wait(end, Signals.READABLE, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
        ReadResult r = end.readMessage();
        assertThat(r.result()).isEqualTo(MojoResult.OK);
        return r.message().bytes();
    }

    /** A pipe made by the broker whose ends it sends to a and b: the route collapses onto a channel a–b. */
    private MessagePipe pipeBetweenClients() {
        MessagePipe made = broker.createMessagePipe();
        MessagePipe carrierA = Nodes.pipeBetween(broker, a);
        MessagePipe carrierB = Nodes.pipeBetween(broker, b);
        assertThat(carrierA.end0().writeMessage(new byte[0], List.of(made.end0()))).isEqualTo(MojoResult.OK);
        assertThat(carrierB.end0().writeMessage(new byte[0], List.of(made.end1()))).isEqualTo(MojoResult.OK);
        MessagePipeEndpoint atA = readHandle(a, carrierA.end1());
        MessagePipeEndpoint atB = readHandle(b, carrierB.end1());
        for (MessagePipeEndpoint e : List.of(carrierA.end0(), carrierA.end1(), carrierB.end0(), carrierB.end1())) {
            e.close();
        }
        return new MessagePipe(atA, atB);
    }

    private static MessagePipeEndpoint readHandle(Core core, MessagePipeEndpoint end) {
        assertThat(core.wait(end, Signals.READABLE, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
        return end.readMessage().message().handle(0, MessagePipeEndpoint.class);
    }

    @Test
    void pipeBetweenTwoClients_theBrokerIntroducesThem_andTheirTrafficNoLongerPassesIt() {
        join(a);
        join(b);
        assertThat(channels(a).isConnectedTo(name(b))).isFalse();
        MessagePipe pipe = pipeBetweenClients();
        MessagePipeEndpoint atA = pipe.end0();
        MessagePipeEndpoint atB = pipe.end1();
        // Warm-up: every message in order while the route collapses and the introduction happens.
        int n = 2000;
        for (int i = 0; i < n; i++) {
            assertThat(atA.writeMessage(new byte[] {(byte) i, (byte) (i >> 8)})).isEqualTo(MojoResult.OK);
        }
        for (int i = 0; i < n; i++) {
            assertThat(read(b, atB)).containsExactly((byte) i, (byte) (i >> 8));
        }
        assertThat(atB.writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK);
        assertThat(read(a, atA)).containsExactly(1);
        assertThat(channels(a).isConnectedTo(name(b))).as("a has its own channel to b").isTrue();
        assertThat(channels(b).isConnectedTo(name(a))).isTrue();
        assertThat(atA.querySignalsState().satisfiesAll(Signals.PEER_REMOTE)).isTrue();
        assertThat(atB.querySignalsState().satisfiesAll(Signals.PEER_REMOTE)).isTrue();
        // No proxy of the pipe is left at the broker: from now on nothing of it passes there.
        assertThat(Nodes.portCounts(broker).proxying()).isZero();
        assertThat(Nodes.portCounts(broker).buffering()).isZero();
        NodeChannels.EventCounts brokerToA = channels(broker).eventCounts(name(a));
        NodeChannels.EventCounts brokerToB = channels(broker).eventCounts(name(b));
        NodeChannels.EventCounts aToB = channels(a).eventCounts(name(b));
        for (int i = 0; i < 10_000; i++) {
            assertThat(atA.writeMessage(new byte[] {(byte) i})).isEqualTo(MojoResult.OK);
            assertThat(atB.writeMessage(new byte[] {(byte) ~i})).isEqualTo(MojoResult.OK);
        }
        for (int i = 0; i < 10_000; i++) {
            assertThat(read(b, atB)).containsExactly((byte) i);
            assertThat(read(a, atA)).containsExactly((byte) ~i);
        }
        assertThat(channels(broker).eventCounts(name(a))).as("broker's channel to a").isEqualTo(brokerToA);
        assertThat(channels(broker).eventCounts(name(b))).as("broker's channel to b").isEqualTo(brokerToB);
        NodeChannels.EventCounts direct = channels(a).eventCounts(name(b));
        assertThat(direct.sent() - aToB.sent()).as("a's events on its own channel to b").isEqualTo(10_000);
        assertThat(direct.received() - aToB.received()).isEqualTo(10_000);
        atA.close();
        assertThat(b.wait(atB, Signals.PEER_CLOSED, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
        assertThat(atB.peerClosureReason()).contains(ClosureReason.CLOSED_BY_USER);
        atB.close();
    }

    @Test
    void peerRemote_raisedForAnEndWhoseOtherEndGoesToAnotherClient_trapFires() throws Exception {
        join(a);
        join(b);
        MessagePipe carrier = Nodes.pipeBetween(a, b); // a and b have no channel: the first event asks the broker
        MessagePipe pipe = a.createMessagePipe();
        java.util.concurrent.CountDownLatch remote = new java.util.concurrent.CountDownLatch(1);
        try (org.jmojo.system.Trap trap = a.createTrap(e -> remote.countDown())) {
            assertThat(trap.addTrigger(pipe.end0(), Signals.PEER_REMOTE,
                    org.jmojo.system.TriggerCondition.SIGNALS_SATISFIED, 1)).isEqualTo(MojoResult.OK);
            assertThat(trap.arm().result()).isEqualTo(MojoResult.OK);
            assertThat(pipe.end0().querySignalsState().satisfiesAll(Signals.PEER_REMOTE)).isFalse();
            assertThat(carrier.end0().writeMessage(new byte[0], List.of(pipe.end1()))).isEqualTo(MojoResult.OK);
            MessagePipeEndpoint atB = readHandle(b, carrier.end1());
            // Raised once the route has collapsed onto b (until then the peer is the sent end's proxy, on a).
            assertThat(remote.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(pipe.end0().querySignalsState().satisfiesAll(Signals.PEER_REMOTE)).isTrue();
            assertThat(atB.querySignalsState().satisfiesAll(Signals.PEER_REMOTE)).isTrue();
            assertThat(pipe.end0().writeMessage(new byte[] {9})).isEqualTo(MojoResult.OK);
            assertThat(read(b, atB)).containsExactly(9);
            assertThat(channels(a).isConnectedTo(name(b))).isTrue();
            toClose.addAll(List.of(atB, pipe.end0(), carrier.end0(), carrier.end1()));
        }
    }

    @Test
    void aClientInvites_theInviteeJoinsTheSameNetwork_andReachesTheBrokerAndOtherClients() {
        join(a);
        join(b);
        OutgoingInvitation fromA = OutgoingInvitation.create(a);
        MessagePipeEndpoint atA = fromA.attachMessagePipe("grandchild");
        toClose.add(atA);
        MessagePipeEndpoint atD = IncomingInvitation.accept(d, fromA.connectionString(), WAIT).extractMessagePipe("grandchild");
        toClose.add(atD);
        // d has its channel to the inviter and, made by the broker (add-client), one to the broker.
        assertThat(channels(d).connectedNodes()).containsExactlyInAnyOrder(name(a), name(broker));
        assertThat(channels(broker).isConnectedTo(name(d))).isTrue();
        assertThat(atA.writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK);
        assertThat(read(d, atD)).containsExactly(1);
        // The broker introduces d to another client.
        MessagePipe db = Nodes.pipeBetween(d, b);
        toClose.addAll(List.of(db.end0(), db.end1()));
        for (int i = 0; i < 100; i++) {
            assertThat(db.end0().writeMessage(new byte[] {(byte) i})).isEqualTo(MojoResult.OK);
        }
        for (int i = 0; i < 100; i++) {
            assertThat(read(b, db.end1())).containsExactly((byte) i);
        }
        assertThat(channels(d).isConnectedTo(name(b))).isTrue();
        // And a pipe between d and the broker uses d's own channel to it.
        MessagePipe dp = Nodes.pipeBetween(d, broker);
        toClose.addAll(List.of(dp.end0(), dp.end1()));
        assertThat(dp.end0().writeMessage(new byte[] {2})).isEqualTo(MojoResult.OK);
        assertThat(read(broker, dp.end1())).containsExactly(2);
        assertThat(channels(broker).eventCounts(name(d)).received()).isPositive();
    }

    @Test
    void aClientWhoseBrokerIsGone_cannotInvite() {
        join(a);
        channels(broker).close();
        // a learns of its broker's end from its channel: once it has, inviting fails with a clear error.
        assertThat(a.wait(toClose.get(1), Signals.PEER_CLOSED, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OutgoingInvitation.create(a).connectionString())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no broker any more");
    }

    /** A hostile client: joins with the token, then asks to be introduced to itself. Only it is cut off. */
    @Test
    void clientAsksForAnIntroductionToItself_cutOff_otherClientsUnharmed() throws Exception {
        OutgoingInvitation invitation = OutgoingInvitation.create(broker);
        MessagePipeEndpoint near = invitation.attachMessagePipe("p");
        toClose.add(near);
        Bootstrap.Address address = Bootstrap.parse(invitation.connectionString());
        NodeName hostile = new NodeName(0x4242, 0x1717);
        org.jmojo.internal.platform.Fd raw = org.jmojo.internal.platform.UnixSocket.connect(address.socket());
        try (org.jmojo.internal.platform.SocketMessenger out = new org.jmojo.internal.platform.SocketMessenger(4096)) {
            byte[] hello = frame(org.jmojo.internal.channel.FrameType.HELLO, new org.jmojo.internal.channel.Hello(1, 1,
                    org.jmojo.internal.channel.PeerRole.INVITEE, 0, NodeChannels.id(hostile),
                    org.jmojo.internal.channel.Id128.NONE, address.token()).encode()
                    .toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
            byte[] request = frame(org.jmojo.internal.channel.FrameType.REQUEST_INTRODUCTION,
                    BrokerFrames.node(hostile).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
            byte[] both = java.util.Arrays.copyOf(hello, hello.length + request.length);
            System.arraycopy(request, 0, both, hello.length, request.length);
            assertThat(out.send(raw, java.lang.foreign.MemorySegment.ofArray(both), 0, both.length, List.of()))
                    .isEqualTo(both.length);
            // Cut off after joining, before taking its pipe: the invitation fails and the near end is peer-closed.
            assertThat(broker.wait(near, Signals.PEER_CLOSED, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
            assertThat(channels(broker).isConnectedTo(hostile)).isFalse();
        } finally {
            raw.close();
        }
        join(a);
        MessagePipe pipe = Nodes.pipeBetween(a, broker);
        toClose.addAll(List.of(pipe.end0(), pipe.end1()));
        assertThat(pipe.end0().writeMessage(new byte[] {3})).isEqualTo(MojoResult.OK);
        assertThat(read(broker, pipe.end1())).containsExactly(3);
    }

    private static byte[] frame(org.jmojo.internal.channel.FrameType type, byte[] payload) {
        int length = 16 + ((payload.length + 7) & ~7);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(length).putShort((short) type.code()).putShort((short) 0).putShort((short) 0).put(new byte[6]);
        b.put(payload);
        return b.array();
    }

    @Test
    void eventsForANodeTheBrokerDoesNotKnow_thePipeBreaksWithPeerLost_noHang() {
        join(a);
        NodeName nobody = new NodeName(ThreadLocalRandom.current().nextLong(), 1 + ThreadLocalRandom.current().nextLong(1 << 30));
        PortRef port = LocalCore.of(a).node().createUninitializedPort();
        LocalCore.of(a).node().initializePort(port, nobody, new PortName(7, 7));
        MessagePipeEndpoint end = LocalCore.of(a).endpointFor(port);
        assertThat(end.writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK); // queued for the introduction
        assertThat(a.wait(end, Signals.PEER_CLOSED, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
        assertThat(end.peerClosureReason()).contains(ClosureReason.PEER_LOST);
        assertThat(channels(a).isConnectedTo(nobody)).isFalse();
        assertThat(end.writeMessage(new byte[] {2})).isEqualTo(MojoResult.FAILED_PRECONDITION);
        end.close();
    }

    @Test
    void deadPortNotice_forAClientNeverIntroduced_theBrokerRelaysIt() {
        join(a);
        join(b);
        // b has a port whose peer is a port of a's that a never made (or has lost): its notice reaches b through the
        // broker, with no channel between a and b.
        PortName gone = new PortName(0x1234, 0x5678);
        PortRef waiting = LocalCore.of(b).node().createUninitializedPort();
        LocalCore.of(b).node().initializePort(waiting, name(a), gone);
        MessagePipeEndpoint end = LocalCore.of(b).endpointFor(waiting);
        assertThat(end.querySignalsState().satisfiesAll(Signals.PEER_CLOSED)).isFalse();
        byte[] notice = EventCodec.encode(new DeadPortEvent(waiting.name(), gone, name(a), gone));
        channels(a).send(name(a), name(b), notice, List.of());
        assertThat(b.wait(end, Signals.PEER_CLOSED, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
        assertThat(end.peerClosureReason()).contains(ClosureReason.PEER_LOST);
        assertThat(channels(a).isConnectedTo(name(b))).as("a notice makes no channel").isFalse();
        assertThat(channels(b).isConnectedTo(name(a))).isFalse();
        end.close();
    }

    @Test
    void deadPortNotice_forANodeTheBrokerDoesNotKnow_isDropped_theChannelsStay() {
        MessagePipeEndpoint control = join(a);
        NodeName nobody = new NodeName(99, 99);
        byte[] notice = EventCodec.encode(new DeadPortEvent(new PortName(1, 1), new PortName(2, 2), name(a), new PortName(2, 2)));
        channels(a).send(name(a), nobody, notice, List.of());
        // The broker dropped it; a's channel to the broker still carries the control pipe.
        MessagePipeEndpoint brokerEnd = toClose.get(0);
        assertThat(control.writeMessage(new byte[] {5})).isEqualTo(MojoResult.OK);
        assertThat(read(broker, brokerEnd)).containsExactly(5);
        assertThat(channels(a).isConnectedTo(name(broker))).isTrue();
    }
}

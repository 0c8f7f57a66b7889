package org.jmojo.internal.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jmojo.internal.channel.Channel;
import org.jmojo.internal.channel.ChannelLimits;
import org.jmojo.internal.channel.CloseReason;
import org.jmojo.internal.channel.Frame;
import org.jmojo.internal.channel.FrameType;
import org.jmojo.internal.channel.Hello;
import org.jmojo.internal.channel.HelloAck;
import org.jmojo.internal.channel.Id128;
import org.jmojo.internal.channel.IoThread;
import org.jmojo.internal.channel.PeerRole;
import org.jmojo.internal.channel.UnixChannel;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.internal.multinode.Nodes;
import org.jmojo.internal.platform.Fd;
import org.jmojo.internal.platform.UnixSocket;
import org.jmojo.internal.ports.NodeName;
import org.jmojo.internal.ports.PortName;
import org.jmojo.internal.ports.PortRef;
import org.jmojo.internal.ports.wire.DeadPortEvent;
import org.jmojo.internal.ports.wire.EventCodec;
import org.jmojo.internal.ports.wire.UserMessageEvent;
import org.jmojo.system.ClosureReason;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.Signals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client node against a broker played by the test frame by frame (docs/processes.md, "Introductions"): what the
 * client sends, in which order, and what it does with each answer.
 */
@Timeout(60)
class BrokerProtocolTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final NodeName BROKER = new NodeName(0xB0, 0x0B);
    private static final NodeName OTHER = new NodeName(0x07, 0x70);

    private final Core client = Nodes.newNode();
    private IoThread io;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    /** One channel of the test's side: every frame and the closure, as they come. */
    private static final class Scripted implements Channel.Listener {
        final LinkedBlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
        final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
        UnixChannel channel;

        @Override
        public void onFrame(Channel ch, Frame frame) {
            frames.add(frame);
        }

        @Override
        public void onClosed(Channel ch, CloseReason reason, String detail) {
            closed.complete(reason);
        }

        Frame next() throws InterruptedException {
            Frame f = frames.poll(30, TimeUnit.SECONDS);
            assertThat(f).as("a frame from the client").isNotNull();
            return f;
        }
    }

    @BeforeEach
    void start() throws Exception {
        io = new IoThread("test-broker-io");
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) {
            c.close();
        }
        NodeChannels channels = NodeChannels.existing(LocalCore.of(client));
        if (channels != null) {
            channels.close();
        }
        io.close();
    }

    private NodeName clientName() {
        return LocalCore.of(client).nodeName();
    }

    private Scripted scripted(Fd socket, EnumSet<PeerRole> roles) throws Exception {
        Scripted s = new Scripted();
        s.channel = new UnixChannel(socket, roles, ChannelLimits.DEFAULT, s);
        cleanup.add(() -> s.channel.close(CloseReason.LOCAL, "test over"));
        io.register(s.channel);
        return s;
    }

    /**
     * Makes the client an invitee of the test, which answers its hello with hello-ack{OK, node, broker} and
     * {@code fds}; returns the test's end once the client has taken the answer.
     */
    private Scripted invite(NodeName inviter, NodeName broker, List<Fd> fds) throws Exception {
        CompletableFuture<NodeName> connected = new CompletableFuture<>();
        Scripted test = invite(inviter, broker, fds, connected, new CompletableFuture<>());
        assertThat(connected.get(30, TimeUnit.SECONDS)).isEqualTo(inviter);
        return test;
    }

    /** {@link #invite(NodeName, NodeName, List)}, returning at once; the client's outcome completes the futures. */
    private Scripted invite(NodeName inviter, NodeName broker, List<Fd> fds, CompletableFuture<NodeName> connected,
            CompletableFuture<CloseReason> ended) throws Exception {
        UnixSocket.Pair pair = UnixSocket.pair(true);
        NodeChannels channels = NodeChannels.of(LocalCore.of(client));
        channels.markInvitee();
        Scripted test = scripted(pair.second(), EnumSet.of(PeerRole.INVITEE, PeerRole.BROKER_CLIENT));
        channels.connectToInviter(pair.first(), new Id128(1, 2), new NodeChannels.InvitationParty() {
            @Override
            public void connected(NodeChannels.Peer peer, NodeName node) {
                connected.complete(node);
            }

            @Override
            public void ended(NodeChannels.Peer peer, CloseReason reason, String detail) {
                ended.complete(reason);
            }
        });
        assertThat(test.next().type()).isEqualTo(FrameType.HELLO);
        test.channel.write(FrameType.HELLO_ACK, new HelloAck(1, HelloAck.Status.OK, 0, NodeChannels.id(inviter),
                NodeChannels.id(broker)).encode(), fds);
        return test;
    }

    /** An endpoint of the client whose peer is port {@code q} of node {@code node}. */
    private MessagePipeEndpoint endpointTo(NodeName node, PortName q) {
        PortRef port = LocalCore.of(client).node().createUninitializedPort();
        LocalCore.of(client).node().initializePort(port, node, q);
        return LocalCore.of(client).endpointFor(port);
    }

    @Test
    void eventsQueuedForAnIntroduction_oneRequest_thenDeliveredInOrderOnTheNewChannelAfterHello() throws Exception {
        Scripted broker = invite(BROKER, BROKER, List.of());
        PortName q = new PortName(5, 6);
        try (MessagePipeEndpoint end = endpointTo(OTHER, q)) {
            for (int i = 1; i <= 3; i++) {
                assertThat(end.writeMessage(new byte[] {(byte) i})).isEqualTo(MojoResult.OK);
            }
            Frame request = broker.next();
            assertThat(request.type()).isEqualTo(FrameType.REQUEST_INTRODUCTION);
            assertThat(BrokerFrames.nodeOf(request.payload())).isEqualTo(OTHER);
            assertThat(broker.frames).as("one request for three events").isEmpty();
            UnixSocket.Pair pair = UnixSocket.pair(true);
            Scripted other = scripted(pair.second(), EnumSet.of(PeerRole.INTRODUCED_PEER));
            broker.channel.write(FrameType.INTRODUCE, BrokerFrames.introduce(OTHER, BrokerFrames.OK), List.of(pair.first()));
            Hello hello = Hello.decode(other.next().payload());
            assertThat(hello.role()).isEqualTo(PeerRole.INTRODUCED_PEER);
            assertThat(NodeChannels.nodeName(hello.node())).isEqualTo(clientName());
            for (int i = 1; i <= 3; i++) {
                Frame f = other.next();
                assertThat(f.type()).isEqualTo(FrameType.EVENT);
                UserMessageEvent m = (UserMessageEvent) EventCodec.decode(f.payload(), 0);
                assertThat(m.target()).isEqualTo(q);
                assertThat(m.sequence()).isEqualTo(i);
            }
            // A later write goes straight on the new channel, behind them; the broker hears nothing more.
            assertThat(end.writeMessage(new byte[] {4})).isEqualTo(MojoResult.OK);
            assertThat(((UserMessageEvent) EventCodec.decode(other.next().payload(), 0)).sequence()).isEqualTo(4);
            assertThat(broker.frames).isEmpty();
        }
    }

    @Test
    void brokerLostWhileAnIntroductionIsPending_thePipeBreaksWithPeerLost() throws Exception {
        Scripted broker = invite(BROKER, BROKER, List.of());
        try (MessagePipeEndpoint end = endpointTo(OTHER, new PortName(5, 6))) {
            assertThat(end.writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK);
            assertThat(broker.next().type()).isEqualTo(FrameType.REQUEST_INTRODUCTION);
            broker.channel.close(CloseReason.LOCAL, "the broker dies");
            assertThat(client.wait(end, Signals.PEER_CLOSED, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
            assertThat(end.peerClosureReason()).contains(ClosureReason.PEER_LOST);
        }
        // Later events for another node break at once: no broker to ask.
        try (MessagePipeEndpoint later = endpointTo(new NodeName(8, 8), new PortName(1, 1))) {
            assertThat(later.writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK);
            assertThat(client.wait(later, Signals.PEER_CLOSED, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
        }
    }

    @Test
    void deadPortNoticesForANodeWhoseIntroductionFailed_goToTheBrokersRelay() throws Exception {
        Scripted broker = invite(BROKER, BROKER, List.of());
        NodeChannels channels = NodeChannels.existing(LocalCore.of(client));
        try (MessagePipeEndpoint end = endpointTo(OTHER, new PortName(5, 6))) {
            assertThat(end.writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK);
            assertThat(broker.next().type()).isEqualTo(FrameType.REQUEST_INTRODUCTION);
            // A notice for OTHER while its introduction is pending waits in the queue behind the message.
            byte[] queued = EventCodec.encode(new DeadPortEvent(new PortName(1, 1), new PortName(2, 2), clientName(),
                    new PortName(2, 2)));
            channels.send(clientName(), OTHER, queued, List.of());
            assertThat(broker.frames).isEmpty();
            broker.channel.write(FrameType.INTRODUCE, BrokerFrames.introduce(OTHER, BrokerFrames.UNKNOWN), List.of());
            // The introduction failed: the message is dropped (the pipe breaks), the notice goes to the relay.
            Frame relayed = broker.next();
            assertThat(relayed.type()).isEqualTo(FrameType.RELAY_DEAD_PORT);
            assertThat(BrokerFrames.nodeOf(relayed.payload())).isEqualTo(OTHER);
            assertThat(BrokerFrames.relayedEvent(relayed.payload())).isEqualTo(queued);
            assertThat(client.wait(end, Signals.PEER_CLOSED, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
            assertThat(end.peerClosureReason()).contains(ClosureReason.PEER_LOST);
            // A later notice for that node (lost here) goes to the relay at once.
            byte[] later = EventCodec.encode(new DeadPortEvent(new PortName(3, 3), new PortName(4, 4), clientName(),
                    new PortName(4, 4)));
            channels.send(clientName(), OTHER, later, List.of());
            Frame second = broker.next();
            assertThat(second.type()).isEqualTo(FrameType.RELAY_DEAD_PORT);
            assertThat(BrokerFrames.relayedEvent(second.payload())).isEqualTo(later);
        }
    }

    /** The test plays a client of a real broker that asks it to add invitees and never passes their sockets on. */
    @Test
    void aClientAddingInviteesThatNeverGreet_isRefusedPastTheBound() throws Exception {
        Core broker = Nodes.newNode();
        cleanup.add(() -> NodeChannels.existing(LocalCore.of(broker)).close());
        org.jmojo.system.OutgoingInvitation invitation = org.jmojo.system.OutgoingInvitation.create(broker);
        invitation.attachMessagePipe("p").close();
        Bootstrap.Address address = Bootstrap.parse(invitation.connectionString());
        Scripted me = scripted(UnixSocket.connect(address.socket()), EnumSet.of(PeerRole.INVITER, PeerRole.BROKER));
        me.channel.write(FrameType.HELLO, new Hello(1, 1, PeerRole.INVITEE, 0, NodeChannels.id(clientName()), Id128.NONE,
                address.token()).encode(), List.of());
        assertThat(HelloAck.decode(me.next().payload(), 0).status()).isEqualTo(HelloAck.Status.OK);
        int bound = NodeChannels.MAX_UNGREETED_ADDED_CLIENTS;
        for (int i = 0; i <= bound; i++) {
            me.channel.write(FrameType.ADD_CLIENT, BrokerFrames.node(new NodeName(0xADD, i + 1)), List.of());
        }
        for (int i = 0; i <= bound; i++) {
            Frame added = me.next();
            assertThat(added.type()).isEqualTo(FrameType.CLIENT_ADDED);
            assertThat(BrokerFrames.nodeOf(added.payload())).isEqualTo(new NodeName(0xADD, i + 1));
            assertThat(BrokerFrames.statusOf(added.payload())).as("answer %d", i)
                    .isEqualTo(i < bound ? BrokerFrames.OK : BrokerFrames.NAME_IN_USE);
            cleanup.add(added::closeFds);
        }
    }

    @Test
    void alreadyIntroduced_keepsWaiting_theIntroductionThatFollowsDelivers() throws Exception {
        Scripted broker = invite(BROKER, BROKER, List.of());
        try (MessagePipeEndpoint end = endpointTo(OTHER, new PortName(5, 6))) {
            assertThat(end.writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK);
            assertThat(broker.next().type()).isEqualTo(FrameType.REQUEST_INTRODUCTION);
            broker.channel.write(FrameType.INTRODUCE, BrokerFrames.introduce(OTHER, BrokerFrames.ALREADY_INTRODUCED), List.of());
            UnixSocket.Pair pair = UnixSocket.pair(true);
            Scripted other = scripted(pair.second(), EnumSet.of(PeerRole.INTRODUCED_PEER));
            broker.channel.write(FrameType.INTRODUCE, BrokerFrames.introduce(OTHER, BrokerFrames.OK), List.of(pair.first()));
            assertThat(other.next().type()).isEqualTo(FrameType.HELLO);
            assertThat(((UserMessageEvent) EventCodec.decode(other.next().payload(), 0)).sequence()).isEqualTo(1);
            assertThat(end.querySignalsState().satisfiesAll(Signals.PEER_CLOSED)).isFalse();
        }
    }

    @Test
    void helloAckNamingAnotherBrokerWithoutItsChannel_fdMismatch() throws Exception {
        CompletableFuture<CloseReason> ended = new CompletableFuture<>();
        Scripted inviter = invite(new NodeName(3, 3), BROKER, List.of(), new CompletableFuture<>(), ended);
        assertThat(ended.get(30, TimeUnit.SECONDS)).isEqualTo(CloseReason.FD_MISMATCH);
        assertThat(inviter.closed.get(30, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void introduceFromAnInviterThatIsNotTheBroker_wrongRole() throws Exception {
        CompletableFuture<CloseReason> ended = new CompletableFuture<>();
        UnixSocket.Pair brokerPair = UnixSocket.pair(true);
        Scripted realBroker = scripted(brokerPair.second(), EnumSet.of(PeerRole.BROKER_CLIENT));
        Scripted inviter = invite(new NodeName(3, 3), BROKER, List.of(brokerPair.first()), new CompletableFuture<>(), ended);
        // The client greets the broker over the socket that came with the hello-ack; the broker greets back.
        Hello hello = Hello.decode(realBroker.next().payload());
        assertThat(hello.role()).isEqualTo(PeerRole.BROKER_CLIENT);
        assertThat(NodeChannels.nodeName(hello.node())).isEqualTo(clientName());
        realBroker.channel.write(FrameType.HELLO, new Hello(1, 1, PeerRole.BROKER, 0, NodeChannels.id(BROKER),
                NodeChannels.id(BROKER), Id128.NONE).encode(), List.of());
        UnixSocket.Pair pair = UnixSocket.pair(true);
        cleanup.add(pair.second()::close);
        inviter.channel.write(FrameType.INTRODUCE, BrokerFrames.introduce(OTHER, BrokerFrames.OK), List.of(pair.first()));
        assertThat(ended.get(30, TimeUnit.SECONDS)).isEqualTo(CloseReason.WRONG_ROLE);
        assertThat(NodeChannels.existing(LocalCore.of(client)).isConnectedTo(OTHER)).isFalse();
        assertThat(NodeChannels.existing(LocalCore.of(client)).isConnectedTo(BROKER)).isTrue();
    }
}

package org.jmojo.internal.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jmojo.internal.channel.FrameType;
import org.jmojo.internal.channel.Hello;
import org.jmojo.internal.channel.Id128;
import org.jmojo.internal.channel.PeerRole;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.internal.multinode.Nodes;
import org.jmojo.internal.platform.Fd;
import org.jmojo.internal.platform.Poller;
import org.jmojo.internal.platform.SocketMessenger;
import org.jmojo.internal.platform.UnixSocket;
import org.jmojo.system.Core;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.NamedEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connector that speaks raw frames to a named endpoint and breaks its rules: only its own connection ends, and the
 * endpoint serves the next client.
 */
@Timeout(60)
class NamedEndpointHostileTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final Core server = Nodes.newNode();
    private NamedEndpoint endpoint;

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        if (endpoint != null) {
            endpoint.close();
        }
        for (Core c : List.of(server)) {
            NodeChannels.existing(LocalCore.of(c)).close();
        }
    }

    private static byte[] hello(long nodeLow, Id128 broker) {
        return NodeChannelsTest.frame(FrameType.HELLO, new Hello(1, 1, PeerRole.LINK_CONNECTOR, 0,
                new Id128(nodeLow, 0x77), broker, Id128.NONE).encode().toArray(ValueLayout.JAVA_BYTE));
    }

    private static byte[] requestPortMerge(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer p = ByteBuffer.allocate((24 + utf8.length + 7) & ~7).order(ByteOrder.LITTLE_ENDIAN);
        p.putLong(5).putLong(6).putShort((short) utf8.length).put(new byte[6]).put(utf8);
        return NodeChannelsTest.frame(FrameType.REQUEST_PORT_MERGE, p.array());
    }

    /** Sends {@code frames} on a new connection and returns everything the server writes until it closes it. */
    private byte[] talk(Path path, byte[]... frames) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] f : frames) {
            all.write(f);
        }
        byte[] bytes = all.toByteArray();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        try (Fd socket = UnixSocket.connect(path); SocketMessenger io = new SocketMessenger(4096);
                Poller poller = new Poller(1)) {
            assertThat(io.send(socket, MemorySegment.ofArray(bytes), 0, bytes.length, List.of())).isEqualTo(bytes.length);
            poller.set(0, socket, Poller.IN);
            for (;;) { // until the server closes the connection (the class's @Timeout guards a server that never does)
                poller.poll(1000);
                List<Fd> fds = new ArrayList<>();
                long n = io.receive(socket, fds);
                assertThat(fds).isEmpty();
                if (n == 0) {
                    return answer.toByteArray();
                }
                if (n > 0) {
                    answer.write(io.buffer().asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
                }
            }
        }
    }

    /** The status of the hello-ack that {@code answer} starts with. */
    private static int helloAckStatus(byte[] answer) {
        ByteBuffer b = ByteBuffer.wrap(answer).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getShort(4)).as("the first frame's type").isEqualTo((short) FrameType.HELLO_ACK.code());
        return b.getShort(16 + 2);
    }

    private void assertStillServes(Path path) throws Exception {
        Core client = Nodes.newNode();
        try {
            MessagePipeEndpoint pipe = NamedEndpoint.connect(client, path, WAIT);
            assertThat(pipe.writeMessage(new byte[] {3})).isEqualTo(MojoResult.OK);
            assertThat(InvitationTest.read(server, endpoint.accept(WAIT).orElseThrow())).containsExactly(3);
        } finally {
            NodeChannels.existing(LocalCore.of(client)).close();
        }
    }

    /** The broker field of the hello-ack that {@code answer} starts with. */
    private static Id128 helloAckBroker(byte[] answer) {
        return Id128.read(MemorySegment.ofArray(answer), 16 + 32);
    }

    @Test
    void connectorOfTheServersOwnNetwork_mayAskForItsPipeOnly_anEventOnThatSocketCutsItOff() throws Exception {
        Path path = dir.resolve("s.sock");
        endpoint = NamedEndpoint.listen(server, path);
        // The server is the broker of its network: a hello naming it as the connector's broker is of that network.
        // That socket carries the pipe's request and nothing else: an event on it (which would speak as the named
        // node without a channel of its own) cuts it off, and no name is registered for it.
        Id128 serverName = NodeChannels.id(LocalCore.of(server).nodeName());
        byte[] answer = talk(path, hello(1, serverName), NodeChannelsTest.frame(FrameType.EVENT, new byte[48]));
        assertThat(helloAckStatus(answer)).isEqualTo(0);
        assertThat(helloAckBroker(answer)).isEqualTo(serverName);
        assertThat(NodeChannels.existing(LocalCore.of(server)).connectedNodes()).isEmpty();
        assertThat(endpoint.accept(Duration.ofMillis(1))).isEmpty();
        assertStillServes(path);
    }

    @Test
    void connectorOfAnotherNetwork_getsAnIsolatedLink_andABrokerFrameOnIt_cutsItOffAlone() throws Exception {
        Path path = dir.resolve("s.sock");
        endpoint = NamedEndpoint.listen(server, path);
        for (FrameType brokerFrame : List.of(FrameType.REQUEST_INTRODUCTION, FrameType.ADD_CLIENT)) {
            NodeChannels channels = NodeChannels.existing(LocalCore.of(server));
            byte[] answer = talk(path, hello(brokerFrame.code() * 10L, new Id128(9, 9)),
                    NodeChannelsTest.frame(brokerFrame, new byte[16]));
            assertThat(helloAckStatus(answer)).isEqualTo(0); // accepted, as an isolated link ...
            assertThat(helloAckBroker(answer)).isEqualTo(Id128.NONE); // ... which broker "none" says
            // ... and cut off for the broker frame (the connection ended): the server introduces nobody across it.
            assertThat(ChildJvmTest.eventually(() -> channels.connectedNodes().isEmpty())).isTrue();
        }
        assertStillServes(path);
    }

    @Test
    void namedPipeRequest_cutsThatConnectorOff_withNoPipe() throws Exception {
        Path path = dir.resolve("s.sock");
        endpoint = NamedEndpoint.listen(server, path);
        byte[] answer = talk(path, hello(2, Id128.NONE), requestPortMerge("extra"));
        assertThat(helloAckStatus(answer)).isEqualTo(0); // accepted; then cut off (the connection ended) for the request
        // The server refused the request before it made anything: nothing waits to be accepted.
        assertThat(endpoint.accept(Duration.ofMillis(1))).isEmpty();
        assertStillServes(path);
    }

    @Test
    void secondPipeRequest_cutsThatConnectorOff_itsOnePipeThenPeerClosed() throws Exception {
        Path path = dir.resolve("s.sock");
        endpoint = NamedEndpoint.listen(server, path);
        byte[] answer = talk(path, hello(3, Id128.NONE), requestPortMerge(""), requestPortMerge(""));
        assertThat(helloAckStatus(answer)).isEqualTo(0);
        MessagePipeEndpoint first = endpoint.accept(WAIT).orElseThrow();
        assertThat(server.wait(first, org.jmojo.system.Signals.PEER_CLOSED,
                org.jmojo.system.Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
        first.close();
        assertThat(endpoint.accept(Duration.ofMillis(1))).isEmpty();
        assertStillServes(path);
    }
}

package org.jmojo.internal.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jmojo.internal.channel.FrameType;
import org.jmojo.internal.channel.Hello;
import org.jmojo.internal.channel.Id128;
import org.jmojo.internal.channel.PeerRole;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.internal.multinode.Nodes;
import org.jmojo.internal.multinode.SocketNetwork;
import org.jmojo.internal.platform.Fd;
import org.jmojo.internal.platform.SocketMessenger;
import org.jmojo.internal.platform.UnixSocket;
import org.jmojo.internal.ports.NodeName;
import org.jmojo.internal.ports.PortName;
import org.jmojo.internal.ports.PortRef;
import org.jmojo.system.ClosureReason;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.ReadResult;
import org.jmojo.system.Signals;
import org.jmojo.system.Trap;
import org.jmojo.system.TriggerCondition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Nodes of one JVM joined by real Unix socket pairs (issue 9, step 1): events cross as frames, are handled on the
 * receiving node's I/O thread (which runs the trap handlers they cause: issue 8, item 4), and a channel that ends
 * or is cut off makes the pipes through it peer-closed after what already arrived.
 */
@Timeout(60)
class NodeChannelsTest {
    private final SocketNetwork network = new SocketNetwork(false);

    @AfterEach
    void closeNetwork() {
        network.close();
    }

    private Core joinedNode() throws Exception {
        Core core = Nodes.newNode();
        network.join(core);
        return core;
    }

    private static Message read(Core core, MessagePipeEndpoint end) {
        assertThat(core.wait(end, Signals.READABLE, Deadline.after(Duration.ofSeconds(30))).result())
                .isEqualTo(MojoResult.OK);
        ReadResult r = end.readMessage();
        assertThat(r.result()).isEqualTo(MojoResult.OK);
        return r.message();
    }

    @Test
    void threeNodes_messagesAndAPipeCrossEveryChannel_inOrder() throws Exception {
        Core a = joinedNode();
        Core b = joinedNode();
        Core c = joinedNode();
        try (MessagePipe ab = Nodes.pipeBetween(a, b); MessagePipe bc = Nodes.pipeBetween(b, c)) {
            for (int i = 0; i < 1000; i++) {
                assertThat(ab.end0().writeMessage(new byte[] {(byte) i, (byte) (i >> 8)})).isEqualTo(MojoResult.OK);
            }
            for (int i = 0; i < 1000; i++) {
                byte[] got = read(b, ab.end1()).bytes();
                assertThat((got[0] & 0xFF) | (got[1] & 0xFF) << 8).isEqualTo(i);
            }
            // A pipe made on A whose far end goes A -> B -> C: both ends keep talking while it moves.
            MessagePipe moving = a.createMessagePipe();
            assertThat(ab.end0().writeMessage(new byte[] {1}, List.of(moving.end1()))).isEqualTo(MojoResult.OK);
            MessagePipeEndpoint atB = read(b, ab.end1()).handle(0, MessagePipeEndpoint.class);
            assertThat(moving.end0().writeMessage(new byte[] {10})).isEqualTo(MojoResult.OK);
            assertThat(bc.end0().writeMessage(new byte[] {2}, List.of(atB))).isEqualTo(MojoResult.OK);
            assertThat(moving.end0().writeMessage(new byte[] {11})).isEqualTo(MojoResult.OK);
            MessagePipeEndpoint atC = read(c, bc.end1()).handle(0, MessagePipeEndpoint.class);
            assertThat(read(c, atC).bytes()).containsExactly(10);
            assertThat(read(c, atC).bytes()).containsExactly(11);
            assertThat(atC.writeMessage(new byte[] {12})).isEqualTo(MojoResult.OK);
            assertThat(read(a, moving.end0()).bytes()).containsExactly(12);
            // PEER_REMOTE once the route has collapsed (until then the peer is a proxy on A).
            assertThat(a.wait(moving.end0(), Signals.PEER_REMOTE, Deadline.after(Duration.ofSeconds(30))).result())
                    .isEqualTo(MojoResult.OK);
            moving.end0().close();
            assertThat(c.wait(atC, Signals.PEER_CLOSED, Deadline.after(Duration.ofSeconds(30))).result())
                    .isEqualTo(MojoResult.OK);
            atC.close();
        }
    }

    @Test
    void eventFromAnotherNode_armedTrap_handlerRunsOnReceiversIoThreadWithNoLockHeld() throws Exception {
        Core a = joinedNode();
        Core b = joinedNode();
        NodeChannels bChannels = NodeChannels.existing(LocalCore.of(b));
        List<Boolean> onIoThread = new CopyOnWriteArrayList<>();
        List<Integer> locksHeld = new CopyOnWriteArrayList<>();
        CountDownLatch ran = new CountDownLatch(1);
        try (MessagePipe p = Nodes.pipeBetween(a, b); Trap trap = b.createTrap(e -> {
            onIoThread.add(bChannels.ioThread().isCurrentThread());
            locksHeld.add(org.jmojo.internal.sync.HeldLocks.total());
            ran.countDown();
        })) {
            assertThat(trap.addTrigger(p.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 1))
                    .isEqualTo(MojoResult.OK);
            assertThat(trap.arm().result()).isEqualTo(MojoResult.OK);
            assertThat(p.end0().writeMessage(new byte[] {42})).isEqualTo(MojoResult.OK);
            assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(onIoThread).containsExactly(true);
            assertThat(locksHeld).containsExactly(0);
            assertThat(p.end1().readMessage().message().bytes()).containsExactly(42);
        }
    }

    @Test
    void channelEnds_pipesThroughItPeerClosedAfterWhatArrived() throws Exception {
        Core a = joinedNode();
        Core b = joinedNode();
        MessagePipe p = Nodes.pipeBetween(a, b);
        for (int i = 0; i < 3; i++) {
            assertThat(p.end0().writeMessage(new byte[] {(byte) i})).isEqualTo(MojoResult.OK);
        }
        // A's node goes away: goodbye, then its sockets close (what a process exit does, minus the goodbye).
        NodeChannels.existing(LocalCore.of(a)).close();
        assertThat(b.wait(p.end1(), Signals.PEER_CLOSED, Deadline.after(Duration.ofSeconds(30))).result())
                .isEqualTo(MojoResult.OK);
        for (int i = 0; i < 3; i++) {
            assertThat(p.end1().readMessage().message().bytes()).containsExactly(i);
        }
        assertThat(p.end1().readMessage().result()).isEqualTo(MojoResult.FAILED_PRECONDITION);
        assertThat(p.end1().peerClosureReason()).contains(ClosureReason.PEER_LOST);
        assertThat(p.end1().writeMessage(new byte[1])).isEqualTo(MojoResult.FAILED_PRECONDITION);
        p.end1().close();
        p.end0().close();
    }

    /** A hostile peer: hello as an introduced peer, then an event frame that does not decode. */
    @Test
    void peerSendsGarbageEvent_onlyThatChannelIsCutOff() throws Exception {
        Core a = joinedNode();
        Core b = joinedNode();
        NodeChannels bChannels = NodeChannels.existing(LocalCore.of(b));
        NodeName hostile = new NodeName(0x1234, 0x5678);
        // A pipe whose far end is on the hostile node: it breaks when that node is cut off.
        LocalCore bNode = LocalCore.of(b);
        PortRef port = bNode.node().createUninitializedPort();
        bNode.node().initializePort(port, hostile, new PortName(9, 9));
        MessagePipeEndpoint toHostile = bNode.endpointFor(port);
        UnixSocket.Pair pair = UnixSocket.pair(true);
        bChannels.connectIntroduced(pair.first(), hostile);
        Fd raw = pair.second();
        try (SocketMessenger out = new SocketMessenger(4096)) {
            byte[] hello = frame(FrameType.HELLO, new Hello(1, 1, PeerRole.INTRODUCED_PEER, 0,
                    NodeChannels.id(hostile), Id128.NONE, Id128.NONE).encode().toArray(ValueLayout.JAVA_BYTE));
            byte[] garbage = frame(FrameType.EVENT, new byte[48]); // event type 0: not an event
            byte[] both = new byte[hello.length + garbage.length];
            System.arraycopy(hello, 0, both, 0, hello.length);
            System.arraycopy(garbage, 0, both, hello.length, garbage.length);
            assertThat(out.send(raw, MemorySegment.ofArray(both), 0, both.length, List.of())).isEqualTo(both.length);
            // The hostile node's channel ends; A's channel to B works on.
            assertThat(b.wait(toHostile, Signals.PEER_CLOSED, Deadline.after(Duration.ofSeconds(30))).result())
                    .isEqualTo(MojoResult.OK);
            assertThat(toHostile.peerClosureReason()).contains(ClosureReason.PEER_LOST);
            assertThat(bChannels.isConnectedTo(hostile)).isFalse();
            toHostile.close();
            try (MessagePipe p = Nodes.pipeBetween(a, b)) {
                assertThat(p.end0().writeMessage(new byte[] {7})).isEqualTo(MojoResult.OK);
                assertThat(read(b, p.end1()).bytes()).containsExactly(7);
            }
            assertThat(bChannels.connectedNodes()).containsExactly(LocalCore.of(a).nodeName());
        } finally {
            raw.close();
        }
    }

    /** No introductions yet: an event for a node this one has no channel to breaks the pipe instead of vanishing. */
    @Test
    void writeToAPeerOnANodeWithNoChannel_pipeBreaksWithPeerLost() throws Exception {
        Core a = joinedNode();
        LocalCore aNode = LocalCore.of(a);
        PortRef port = aNode.node().createUninitializedPort();
        aNode.node().initializePort(port, new NodeName(77, 77), new PortName(5, 5));
        try (MessagePipeEndpoint end = aNode.endpointFor(port)) {
            assertThat(end.writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK);
            assertThat(a.wait(end, Signals.PEER_CLOSED, Deadline.after(Duration.ofSeconds(30))).result())
                    .isEqualTo(MojoResult.OK);
            assertThat(end.peerClosureReason()).contains(ClosureReason.PEER_LOST);
            assertThat(end.writeMessage(new byte[] {2})).isEqualTo(MojoResult.FAILED_PRECONDITION);
        }
    }

    static byte[] frame(FrameType type, byte[] payload) {
        int length = 16 + ((payload.length + 7) & ~7);
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(length).putShort((short) type.code()).putShort((short) 0).putShort((short) 0).put(new byte[6]);
        b.put(payload);
        return b.array();
    }
}

package org.jmojo.internal.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jmojo.internal.ipc.RelayChild.Op;

import java.util.ArrayList;
import java.util.List;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.internal.platform.UnixSocket;
import org.jmojo.internal.ports.Node;
import org.jmojo.internal.ports.NodeName;
import org.jmojo.system.Deadline;
import org.jmojo.system.Handle;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.OutgoingInvitation;
import org.jmojo.system.Signals;
import org.jmojo.system.WaitManyResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pipes moving across three processes (issue 9, "Real child JVMs"): this JVM (node P) and two children X and Y
 * ({@link RelayChild}), each invited by P, and joined to each other directly.
 *
 * <p>The X–Y channel is made by the test, not by a broker: P makes a socket pair and sends one end to each child
 * with the other's node name, and each joins it with {@link NodeChannels#connectIntroduced} (what an introduction
 * does once the broker has made the socket pair; broker introductions are not built on this branch). Then X and Y
 * get a link, a pipe between them, and endpoints travel P → X → Y → P over control pipes and the link.
 */
@Timeout(180)
class ThreeProcessTest extends ChildJvmTest {
    private MessagePipeEndpoint controlX;
    private MessagePipeEndpoint controlY;

    /** One answer from a child: its op and the message (for its handles). */
    private record Reply(Op op, Message message) {
        MessagePipeEndpoint endpoint() {
            return message.handle(0, MessagePipeEndpoint.class);
        }
    }

    private void send(MessagePipeEndpoint control, Op op, Handle... handles) {
        assertThat(control.writeMessage(op.bytes(), List.of(handles))).isEqualTo(MojoResult.OK);
    }

    private Reply expect(MessagePipeEndpoint control, int op) throws Exception {
        Message m = readMessage(control);
        Op got = Op.of(m.bytes());
        assertThat(got.op()).as("a child reported: %s", got.op() == RelayChild.ERROR ? got.text() : "op " + got.op())
                .isEqualTo(op);
        return new Reply(got, m);
    }

    /** Launches X and Y, joins them to each other and gives them a link. */
    private void startTrio() throws Exception {
        OutgoingInvitation toX = OutgoingInvitation.create(parent);
        controlX = toX.attachMessagePipe("control");
        launch(toX, RelayChild.class);
        OutgoingInvitation toY = OutgoingInvitation.create(parent);
        controlY = toY.attachMessagePipe("control");
        launch(toY, RelayChild.class);
        NodeName x = expect(controlX, RelayChild.NAME).op().node();
        NodeName y = expect(controlY, RelayChild.NAME).op().node();
        UnixSocket.Pair socket = UnixSocket.pair(true);
        send(controlX, Op.naming(RelayChild.INTRODUCE, y), parent.wrapFileDescriptor(socket.first().release()));
        send(controlY, Op.naming(RelayChild.INTRODUCE, x), parent.wrapFileDescriptor(socket.second().release()));
        expect(controlX, RelayChild.ACK);
        expect(controlY, RelayChild.ACK);
        MessagePipe link = parent.createMessagePipe();
        send(controlX, Op.of(RelayChild.LINK, 0, 0, 0, ""), link.end0());
        send(controlY, Op.of(RelayChild.LINK, 0, 0, 0, ""), link.end1());
    }

    /** Writes stream messages {@code from} to {@code to - 1} on {@code end}, on a thread of its own. */
    private static Thread writer(MessagePipeEndpoint end, int from, int to) {
        return Thread.ofPlatform().start(() -> {
            for (int i = from; i < to; i++) {
                assertThat(end.writeMessage(InvitedChild.streamMessage(i))).isEqualTo(MojoResult.OK);
            }
        });
    }

    private void readStream(MessagePipeEndpoint end, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            assertThat(InvitedChild.checkStreamMessage(read(end), i)).isNull();
        }
    }

    /**
     * Waits until no port of any of the three nodes proxies or buffers, and checks each child is left with exactly
     * its two ports (control and link): no proxy, nothing half-moved. Returns the parent's port count.
     */
    private int assertQuiet() throws Exception {
        Node p = LocalCore.of(parent).node();
        assertThat(eventually(() -> quiet(p.census(), p.portCount())))
                .as("the parent's census %s, ports %d", p.census(), p.portCount()).isTrue();
        for (MessagePipeEndpoint control : List.of(controlX, controlY)) {
            send(control, Op.of(RelayChild.CENSUS, 0, 0, 0, ""));
            Op census = expect(control, RelayChild.CENSUS).op();
            assertThat(List.of(census.a(), census.b(), census.c())).as("a child's proxying, buffering, ports (%s)",
                    census.text())
                    .containsExactly(0, 0, 2);
        }
        return p.portCount();
    }

    /**
     * Whether a node with census {@code c} and {@code ports} ports in its map is quiet: nothing proxying or
     * buffering, and no closed port still waiting to be erased from the map (every port in it is receiving).
     */
    static boolean quiet(Node.Census c, int ports) {
        return c.proxying() == 0 && c.buffering() == 0 && c.receiving() == ports;
    }

    /** {@code a} and {@code b} are the two ends of one pipe, both here, routed locally: no PEER_REMOTE, it works. */
    private void assertLocalPair(MessagePipeEndpoint a, MessagePipeEndpoint b) throws Exception {
        assertThat(a.querySignalsState().satisfiesAll(Signals.PEER_REMOTE)).isFalse();
        assertThat(b.querySignalsState().satisfiesAll(Signals.PEER_REMOTE)).isFalse();
        assertThat(a.readMessage().result()).isEqualTo(MojoResult.SHOULD_WAIT);
        assertThat(b.readMessage().result()).isEqualTo(MojoResult.SHOULD_WAIT);
        assertThat(a.writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK);
        assertThat(b.writeMessage(new byte[] {2})).isEqualTo(MojoResult.OK);
        assertThat(b.readMessage().message().bytes()).containsExactly(1); // local: there at once
        assertThat(a.readMessage().message().bytes()).containsExactly(2);
    }

    private void finish(List<MessagePipeEndpoint> ends) throws Exception {
        ends.forEach(MessagePipeEndpoint::close);
        controlX.close();
        controlY.close();
        for (Process p : children) {
            assertExitsCleanly(p);
        }
    }

    @Test
    void pipePassedAroundThreeProcesses_comesHomeToALocalRoute_noProxyLeftAnywhere() throws Exception {
        startTrio();
        int before = assertQuiet();
        int k = 300;
        MessagePipe pipe = parent.createMessagePipe();
        Thread writer = writer(pipe.end0(), 0, 3 * k);
        // P → X (reads k) → Y over the link (reads k) → P over Y's control; P reads the last k.
        send(controlX, Op.of(RelayChild.HOP, 0, 0, k, "LC"), pipe.end1());
        Reply back = expect(controlY, RelayChild.HOP);
        assertThat(back.op().b()).isEqualTo(2 * k);
        MessagePipeEndpoint home = back.endpoint();
        readStream(home, 2 * k, 3 * k);
        writer.join();
        // Collapsed: the parent has exactly the pipe's two ports more than before, and no proxy anywhere.
        assertThat(assertQuiet()).isEqualTo(before + 2);
        assertLocalPair(pipe.end0(), home);
        finish(List.of(pipe.end0(), home));
    }

    @Test
    void pipesMoveAcrossThreeProcessesUnderLoad_everyHopChecksItsShareInSequence() throws Exception {
        startTrio();
        int before = assertQuiet();
        int pipes = 4;
        int total = 3000;
        int k = 100;
        String[] routes = {"C", "LC", "LLC"};
        List<MessagePipe> made = new ArrayList<>();
        List<Thread> writers = new ArrayList<>();
        int[] hops = new int[pipes];
        MessagePipeEndpoint[] home = new MessagePipeEndpoint[pipes];
        for (int i = 0; i < pipes; i++) {
            MessagePipe pipe = parent.createMessagePipe();
            made.add(pipe);
            writers.add(writer(pipe.end0(), 0, total));
            sendHop(i, 0, 0, total, k, routes, pipe.end1());
        }
        int finished = 0;
        List<MessagePipeEndpoint> controls = List.of(controlX, controlY);
        while (finished < pipes) {
            WaitManyResult w = parent.waitMany(controls, List.of(Signals.READABLE, Signals.READABLE), Deadline.after(WAIT));
            assertThat(w.result()).as("waiting for a hop; the children said %s", childLog()).isEqualTo(MojoResult.OK);
            Reply r = expect(controls.get(w.index()), RelayChild.HOP);
            int id = r.op().a();
            int seq = r.op().b();
            hops[id]++;
            if (seq == total) {
                home[id] = r.endpoint();
                finished++;
            } else {
                sendHop(id, hops[id], seq, total, k, routes, r.endpoint());
            }
        }
        for (Thread t : writers) {
            t.join();
        }
        assertThat(assertQuiet()).isEqualTo(before + 2 * pipes);
        List<MessagePipeEndpoint> ends = new ArrayList<>();
        for (int i = 0; i < pipes; i++) {
            assertThat(hops[i]).as("pipe %d's hops", i).isGreaterThanOrEqualTo(9);
            assertLocalPair(made.get(i).end0(), home[i]);
            ends.add(made.get(i).end0());
            ends.add(home[i]);
        }
        finish(ends);
    }

    /**
     * Sends pipe {@code id}'s moving end on its next trip: to X or Y in turn, along the next route, each process
     * on it reading {@code k} messages (fewer, straight back, near the end of the stream).
     */
    private void sendHop(int id, int hop, int seq, int total, int k, String[] routes, MessagePipeEndpoint moving) {
        String route = routes[hop % routes.length];
        int share = k;
        if (total - seq < k * route.length()) {
            route = "C";
            share = Math.min(k, total - seq);
        }
        send((id + hop) % 2 == 0 ? controlX : controlY, Op.of(RelayChild.HOP, id, seq, share, route), moving);
    }

    @Test
    void bothEndsOfAPipeMoveAtOnce_toTwoProcesses_whileMessagesFlow_andBothComeHome() throws Exception {
        startTrio();
        int before = assertQuiet();
        int queued = 500;
        int more = 1500;
        for (int round = 0; round < 2; round++) {
            MessagePipe pipe = parent.createMessagePipe();
            // Messages in both directions wait in the pipe, then both ends leave at once; each child writes more as
            // soon as it has its end, while the other end may still be on its way.
            Thread w0 = writer(pipe.end0(), 0, queued);
            Thread w1 = writer(pipe.end1(), 0, queued);
            w0.join();
            w1.join();
            send(controlX, Op.of(RelayChild.CHAT, queued, more, 0, ""), pipe.end0());
            send(controlY, Op.of(RelayChild.CHAT, queued, more, 0, ""), pipe.end1());
            // Each child read 0 .. queued+more-1 in order from the other end, and sends its end back: both move again.
            Reply x = expect(controlX, RelayChild.CHATTED);
            Reply y = expect(controlY, RelayChild.CHATTED);
            assertThat(List.of(x.op().a(), y.op().a())).containsExactly(queued + more, queued + more);
            MessagePipeEndpoint a = x.endpoint();
            MessagePipeEndpoint b = y.endpoint();
            assertThat(assertQuiet()).isEqualTo(before + 2);
            assertLocalPair(a, b);
            a.close();
            b.close();
        }
        finish(List.of());
    }
}

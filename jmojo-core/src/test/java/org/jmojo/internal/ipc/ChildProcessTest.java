package org.jmojo.internal.ipc;

import org.jmojo.internal.handles.LocalCore;
import org.jmojo.internal.multinode.Nodes;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jmojo.system.ClosureReason;
import org.jmojo.system.Deadline;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.OutgoingInvitation;
import org.jmojo.system.Signals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real child JVMs (issue 9, step 3): each test launches {@link InvitedChild} with an {@link OutgoingInvitation} and
 * talks to it over the invited pipes. The parent side is a fresh node of this JVM (the child uses its process's
 * default node), so each test has its own network.
 */
@Timeout(120)
class ChildProcessTest extends ChildJvmTest {

    /** Launches {@link InvitedChild} playing {@code args} with one attached pipe, "control"; returns its near end. */
    private MessagePipeEndpoint launchWithControl(String... args) throws IOException {
        OutgoingInvitation invitation = OutgoingInvitation.create(parent);
        MessagePipeEndpoint control = invitation.attachMessagePipe("control");
        launch(invitation, args);
        return control;
    }

    @Test
    void pipeMovesBetweenTwoChildrenThroughTheParent_whileItsOtherEndWrites_noLossDuplicateOrReorder() throws Exception {
        int perHop = 500;
        int total = 3000;
        OutgoingInvitation toA = OutgoingInvitation.create(parent);
        MessagePipeEndpoint controlA = toA.attachMessagePipe("control");
        launch(toA, "relay", Integer.toString(perHop));
        OutgoingInvitation toB = OutgoingInvitation.create(parent);
        MessagePipeEndpoint controlB = toB.attachMessagePipe("control");
        launch(toB, "relay", Integer.toString(perHop));
        MessagePipe pipe = parent.createMessagePipe();
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < total; i++) {
                assertThat(pipe.end0().writeMessage(InvitedChild.streamMessage(i))).isEqualTo(MojoResult.OK);
            }
        });
        MessagePipeEndpoint moving = pipe.end1();
        int next = 0;
        for (int hop = 0; next < total; hop++) {
            MessagePipeEndpoint control = hop % 2 == 0 ? controlA : controlB;
            byte[] start = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(next).array();
            assertThat(control.writeMessage(start, List.of(moving))).isEqualTo(MojoResult.OK);
            assertThat(parent.wait(control, Signals.READABLE, Deadline.after(WAIT)).result()).as(childLog())
                    .isEqualTo(MojoResult.OK);
            org.jmojo.system.Message reply = control.readMessage().message();
            assertThat(reply.bytes()).as("hop %d: %s", hop, new String(reply.bytes(), StandardCharsets.UTF_8)).hasSize(4);
            int reached = java.nio.ByteBuffer.wrap(reply.bytes()).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
            assertThat(reached).isEqualTo(next + perHop);
            next = reached;
            moving = reply.handle(0, MessagePipeEndpoint.class);
        }
        writer.join();
        // Back home after six hops: nothing left, nothing extra, and the pipe still works both ways.
        assertThat(moving.readMessage().result()).isEqualTo(MojoResult.SHOULD_WAIT);
        assertThat(pipe.end0().writeMessage(new byte[] {7})).isEqualTo(MojoResult.OK);
        assertThat(read(moving)).containsExactly(7);
        assertThat(moving.writeMessage(new byte[] {8})).isEqualTo(MojoResult.OK);
        assertThat(read(pipe.end0())).containsExactly(8);
        assertThat(moving.querySignalsState().satisfiesAll(Signals.PEER_REMOTE)).isFalse();
        for (MessagePipeEndpoint e : List.of(controlA, controlB, moving, pipe.end0())) {
            e.close();
        }
        for (Process p : children) {
            assertExitsCleanly(p);
        }
    }

    @Test
    void pipeBetweenTwoChildren_theParentIntroducesThem_andTheirMessagesNoLongerPassThroughIt() throws Exception {
        int warmUp = 1000;
        int count = 10_000;
        MessagePipeEndpoint controlA = launchWithControl("peer", Integer.toString(warmUp), Integer.toString(count));
        MessagePipeEndpoint controlB = launchWithControl("peer", Integer.toString(warmUp), Integer.toString(count));
        MessagePipe pipe = parent.createMessagePipe();
        assertThat(controlA.writeMessage(new byte[0], List.of(pipe.end0()))).isEqualTo(MojoResult.OK);
        assertThat(controlB.writeMessage(new byte[0], List.of(pipe.end1()))).isEqualTo(MojoResult.OK);
        // Each child read the other's warm-up in order and sees its peer remote.
        for (MessagePipeEndpoint control : List.of(controlA, controlB)) {
            assertThat(new String(read(control), StandardCharsets.UTF_8)).as(childLog()).isEqualTo("warm remote=true");
        }
        NodeChannels channels = NodeChannels.existing(LocalCore.of(parent));
        java.util.concurrent.CountDownLatch collapsed = new java.util.concurrent.CountDownLatch(1);
        channels.tap(new NodeChannels.Tap() {
            @Override
            public void sending(org.jmojo.internal.ports.NodeName from, org.jmojo.internal.ports.NodeName to) {}

            @Override
            public void written(org.jmojo.internal.ports.NodeName from, org.jmojo.internal.ports.NodeName to, boolean sent) {}

            @Override
            public void handled(org.jmojo.internal.ports.NodeName from, org.jmojo.internal.ports.NodeName to) {
                Nodes.PortCounts c = Nodes.portCounts(parent);
                if (c.proxying() == 0 && c.buffering() == 0) {
                    collapsed.countDown();
                }
            }

            @Override
            public void channelEnded(org.jmojo.internal.ports.NodeName self, org.jmojo.internal.ports.NodeName peer) {}
        });
        // The parent's proxies of the pipe are gone (checked now, and after each event it handles, since the tap is in
        // place first): nothing of it passes here any more.
        Nodes.PortCounts now = Nodes.portCounts(parent);
        if (now.proxying() == 0 && now.buffering() == 0) {
            collapsed.countDown();
        }
        assertThat(collapsed.await(60, TimeUnit.SECONDS)).isTrue();
        channels.tap(null);
        List<org.jmojo.internal.ports.NodeName> kids = channels.connectedNodes();
        assertThat(kids).hasSize(2);
        List<NodeChannels.EventCounts> before = kids.stream().map(channels::eventCounts).toList();
        assertThat(controlA.writeMessage("go".getBytes(StandardCharsets.UTF_8))).isEqualTo(MojoResult.OK);
        assertThat(controlB.writeMessage("go".getBytes(StandardCharsets.UTF_8))).isEqualTo(MojoResult.OK);
        for (MessagePipeEndpoint control : List.of(controlA, controlB)) {
            assertThat(new String(read(control), StandardCharsets.UTF_8)).as(childLog()).isEqualTo("ok " + count);
        }
        // 10,000 messages each way crossed between the children; the parent's channels carried only "go" and the
        // verdict: the children talk over a channel of their own.
        for (int i = 0; i < kids.size(); i++) {
            NodeChannels.EventCounts after = channels.eventCounts(kids.get(i));
            assertThat(after.sent() - before.get(i).sent()).as("event frames to child %d", i).isEqualTo(1);
            assertThat(after.received() - before.get(i).received()).as("event frames from child %d", i).isEqualTo(1);
        }
        List.of(controlA, controlB).forEach(MessagePipeEndpoint::close);
        children.forEach(this::assertExitsCleanlyUnchecked);
    }

    private void assertExitsCleanlyUnchecked(Process p) {
        try {
            assertExitsCleanly(p);
        } catch (Exception e) {
            throw new AssertionError("waiting for child " + p.pid(), e);
        }
    }

    @Test
    void aChildInvitesAGrandchild_itJoinsTheParentsNetwork_andAPipeFromTheParentReachesIt() throws Exception {
        MessagePipeEndpoint control = launchWithControl("inviter");
        Process a = child;
        MessagePipe pipe = parent.createMessagePipe();
        assertThat(control.writeMessage(new byte[0], List.of(pipe.end1()))).isEqualTo(MojoResult.OK);
        String grandchild = new String(read(control), StandardCharsets.UTF_8);
        assertThat(grandchild).as(childLog()).startsWith("grandchild ");
        // The end went parent -> child -> grandchild; the grandchild greets on it with its pid.
        assertThat(new String(read(pipe.end0()), StandardCharsets.UTF_8))
                .isEqualTo("hello from pid " + grandchild.substring("grandchild ".length()));
        // The grandchild has its own channel to the parent (made by the parent as broker, add-client): once the route
        // has collapsed the pipe runs over it.
        assertThat(parent.wait(pipe.end0(), Signals.PEER_REMOTE, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
        NodeChannels channels = NodeChannels.existing(LocalCore.of(parent));
        assertThat(channels.connectedNodes()).as("the parent's channels: child and grandchild").hasSize(2);
        assertThat(pipe.end0().writeMessage(new byte[] {4, 5, 6})).isEqualTo(MojoResult.OK);
        assertThat(read(pipe.end0())).containsExactly(4, 5, 6);
        control.close();
        assertExitsCleanly(a); // after the grandchild exited with status 0
        assertThat(parent.wait(pipe.end0(), Signals.PEER_CLOSED, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
        pipe.end0().close();
    }

    @Test
    void hundredThousandMessagesEachWay_onePipe_orderAndContentsChecked() throws Exception {
        int n = 100_000;
        OutgoingInvitation invitation = OutgoingInvitation.create(parent);
        MessagePipeEndpoint data = invitation.attachMessagePipe("data");
        launch(invitation, "stream", Integer.toString(n));
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < n; i++) {
                assertThat(data.writeMessage(InvitedChild.streamMessage(i))).isEqualTo(MojoResult.OK);
            }
        });
        for (int i = 0; i < n; i++) {
            String wrong = InvitedChild.checkStreamMessage(read(data), i);
            assertThat(wrong).as("from the child").isNull();
        }
        writer.join();
        // The child checked ours the same way.
        assertThat(new String(read(data), StandardCharsets.UTF_8)).as("child's verdict; its log: %s", childLog())
                .isEqualTo("ok " + n);
        data.close();
        assertExitsCleanly(child);
    }

    @Test
    void pipeSentToTheChild_arrivesAsAWorkingEndpoint() throws Exception {
        OutgoingInvitation invitation = OutgoingInvitation.create(parent);
        MessagePipeEndpoint control = invitation.attachMessagePipe("control");
        Process p = launch(invitation, "handles");
        MessagePipe second = parent.createMessagePipe();
        assertThat(control.writeMessage(new byte[] {1}, List.of(second.end1()))).isEqualTo(MojoResult.OK);
        assertThat(new String(read(second.end0()), StandardCharsets.UTF_8)).isEqualTo("hello from pid " + p.pid());
        // PEER_REMOTE once the route has collapsed: until then the peer is the sent end's proxy, here.
        assertThat(parent.wait(second.end0(), Signals.PEER_REMOTE, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
        assertThat(second.end0().writeMessage(new byte[] {4, 5, 6})).isEqualTo(MojoResult.OK);
        assertThat(read(second.end0())).containsExactly(4, 5, 6);
        control.close();
        assertExitsCleanly(p);
        // The child is gone: the pipe it held is peer-closed.
        assertThat(parent.wait(second.end0(), Signals.PEER_CLOSED, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
        second.end0().close();
    }

    @Test
    void childHandsAPipeOnAndExitsAtOnce_shutdownLetsTheEndAndItsMessagesArrive() throws Exception {
        int n = 20_000;
        OutgoingInvitation invitation = OutgoingInvitation.create(parent);
        MessagePipeEndpoint control = invitation.attachMessagePipe("control");
        Process p = launch(invitation, "handoff", Integer.toString(n));
        assertThat(parent.wait(control, Signals.READABLE, Deadline.after(WAIT)).result()).as(childLog()).isEqualTo(MojoResult.OK);
        MessagePipeEndpoint handed = control.readMessage().message().handle(0, MessagePipeEndpoint.class);
        for (int i = 0; i < n; i++) {
            assertThat(InvitedChild.checkStreamMessage(read(handed), i)).isNull();
        }
        // The child closed its end before exiting: a user close, not a lost peer.
        assertThat(parent.wait(handed, Signals.PEER_CLOSED, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
        assertThat(handed.peerClosureReason()).contains(ClosureReason.CLOSED_BY_USER);
        assertThat(handed.readMessage().result()).isEqualTo(MojoResult.FAILED_PRECONDITION);
        assertExitsCleanly(p);
        handed.close();
        control.close();
    }

    @Test
    void fileDescriptorSentToTheChild_childReadsTheFileThroughIt() throws Exception {
        Path file = logs.resolve("shared.txt");
        Files.writeString(file, "read me through a descriptor that crossed processes");
        OutgoingInvitation invitation = OutgoingInvitation.create(parent);
        MessagePipeEndpoint control = invitation.attachMessagePipe("control");
        Process p = launch(invitation, "file");
        org.jmojo.system.PlatformHandle handle = parent.wrapFileChannel(
                java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ));
        assertThat(control.writeMessage(new byte[0], List.of(handle))).isEqualTo(MojoResult.OK);
        assertThat(new String(read(control), StandardCharsets.UTF_8))
                .isEqualTo("read me through a descriptor that crossed processes");
        control.close();
        assertExitsCleanly(p);
    }

    @Test
    void childKilledMidStream_everyPipeToItPeerClosedAfterWhatArrived() throws Exception {
        OutgoingInvitation invitation = OutgoingInvitation.create(parent);
        MessagePipeEndpoint data = invitation.attachMessagePipe("data");
        MessagePipeEndpoint idle = invitation.attachMessagePipe("idle");
        Process p = launch(invitation, "flood", "200000");
        int seq = 0;
        for (; seq < 1000; seq++) {
            assertThat(InvitedChild.checkStreamMessage(read(data), seq)).isNull();
        }
        p.destroyForcibly(); // SIGKILL: no goodbye, no flush
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // Everything that arrived is read, in order with no gap; then PEER_CLOSED with reason PEER_LOST.
        seq = readStreamUntilPeerClosed(data, seq);
        assertThat(data.querySignalsState().satisfiesAll(Signals.PEER_CLOSED)).isTrue();
        assertThat(data.peerClosureReason()).contains(ClosureReason.PEER_LOST);
        assertThat(data.writeMessage(new byte[1])).isEqualTo(MojoResult.FAILED_PRECONDITION);
        assertThat(parent.wait(idle, Signals.PEER_CLOSED, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
        assertThat(idle.peerClosureReason()).contains(ClosureReason.PEER_LOST);
        assertThat(seq).isGreaterThanOrEqualTo(1000);
        data.close();
        idle.close();
    }
}

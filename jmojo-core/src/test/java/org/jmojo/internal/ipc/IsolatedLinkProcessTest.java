package org.jmojo.internal.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.system.ClosureReason;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.IncomingInvitation;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.NamedEndpoint;
import org.jmojo.system.OutgoingInvitation;
import org.jmojo.system.Signals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An isolated link between two processes (docs/processes.md, "Isolated links and bridges"): this JVM's node A (a
 * broker, with a client A1 in this JVM) serves a named endpoint; a child JVM ({@link BridgingChild}) is the broker
 * B of a network of its own, with its client B1, and connects. A pipe end from A1 travels A → B → B1 (bridged at A
 * and at B), and B1 echoes it; then B's process is killed with SIGKILL.
 */
@Timeout(180)
class IsolatedLinkProcessTest extends ChildJvmTest {
    private static byte[] number(int i) {
        return ByteBuffer.allocate(4).putInt(i).array();
    }

    @Test
    void pipeFromA1_echoedByB1InAnotherNetworksProcess_withHandlesAndFds_thenKill9OfBBreaksIt() throws Exception {
        Core a1 = node();
        OutgoingInvitation invitation = OutgoingInvitation.create(parent);
        MessagePipeEndpoint control = invitation.attachMessagePipe("control");
        MessagePipeEndpoint controlAtA1 = IncomingInvitation.accept(a1, invitation.connectionString(), WAIT)
                .extractMessagePipe("control");
        NamedEndpoint endpoint = NamedEndpoint.listen(parent, logs.resolve("a.sock"));
        launchUninvited(BridgingChild.class, endpoint.path().toString());
        MessagePipeEndpoint link = endpoint.accept(WAIT).orElseThrow(() -> new AssertionError(childLogQuietly()));
        NodeChannels channels = NodeChannels.existing(LocalCore.of(parent));

        MessagePipe pipe = a1.createMessagePipe();
        int sent = 0;
        for (; sent < 100; sent++) {
            assertThat(pipe.end0().writeMessage(number(sent))).isEqualTo(MojoResult.OK);
        }
        assertThat(controlAtA1.writeMessage(new byte[0], List.of(pipe.end1()))).isEqualTo(MojoResult.OK);
        MessagePipeEndpoint atA = readMessage(control).handle(0, MessagePipeEndpoint.class);
        for (; sent < 200; sent++) {
            assertThat(pipe.end0().writeMessage(number(sent))).isEqualTo(MojoResult.OK);
        }
        assertThat(link.writeMessage(new byte[0], List.of(atA))).isEqualTo(MojoResult.OK);
        for (; sent < 300; sent++) {
            assertThat(pipe.end0().writeMessage(number(sent))).isEqualTo(MojoResult.OK);
        }
        for (int i = 0; i < 300; i++) {
            assertThat(ByteBuffer.wrap(readMessage(a1, pipe.end0()).bytes()).getInt()).as(childLog()).isEqualTo(i);
        }
        // A pipe end and a descriptor go round through the bridges and come back working.
        MessagePipeEndpoint inner = IsolatedLinkTest.writeEndAndFile(a1, pipe.end0(), logs.resolve("round.txt"));
        MessagePipeEndpoint innerBack = IsolatedLinkTest.checkEndAndFile(readMessage(a1, pipe.end0()));
        assertThat(innerBack.writeMessage(new byte[] {42})).isEqualTo(MojoResult.OK);
        assertThat(readMessage(a1, inner).bytes()).containsExactly(42);
        // Nobody was introduced across the link: A talks to A1 and B only, A1 to A only.
        assertThat(channels.connectedNodes()).hasSize(2).contains(LocalCore.of(a1).nodeName());
        assertThat(NodeChannels.existing(LocalCore.of(a1)).connectedNodes())
                .containsExactly(LocalCore.of(parent).nodeName());
        assertThat(channels.bridgeCount()).isGreaterThanOrEqualTo(2); // the pipe's, and the inner end's going out

        child.destroyForcibly(); // kill -9: B and B1 die at once
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(a1.wait(pipe.end0(), Signals.PEER_CLOSED, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
        // Why, passed on by A's bridge from its side toward the dead process.
        assertThat(pipe.end0().peerClosureReason()).contains(ClosureReason.PEER_LOST);
        assertThat(eventually(() -> channels.bridgeCount() == 0)).as("A's bridges end with the link").isTrue();
        // A's own network is untouched.
        assertThat(controlAtA1.writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK);
        assertThat(read(control)).containsExactly(1);
        for (MessagePipeEndpoint e : List.of(pipe.end0(), inner, innerBack, control, controlAtA1, link)) {
            e.close();
        }
        endpoint.close();
    }
}

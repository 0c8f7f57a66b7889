package org.jmojo.internal.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.internal.multinode.Nodes;
import org.jmojo.internal.multinode.SocketNetwork;
import org.jmojo.system.ClosureReason;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.IncomingInvitation;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoException;
import org.jmojo.system.MojoResult;
import org.jmojo.system.OutgoingInvitation;
import org.jmojo.system.ReadResult;
import org.jmojo.system.Signals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Invitations between two nodes of one JVM over a real listening socket (issue 9, step 2): the same code a child
 * process runs, without the process. {@code ChildProcessTest} runs it across real JVMs.
 */
@Timeout(60)
class InvitationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final Core parent = Nodes.newNode();
    private final Core child = Nodes.newNode();

    @AfterEach
    void closeChannels() {
        for (Core c : List.of(parent, child)) {
            NodeChannels channels = NodeChannels.existing(LocalCore.of(c));
            if (channels != null) {
                channels.close();
            }
        }
    }

    static byte[] read(Core core, MessagePipeEndpoint end) {
        assertThat(core.wait(end, Signals.READABLE, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
        ReadResult r = end.readMessage();
        assertThat(r.result()).isEqualTo(MojoResult.OK);
        return r.message().bytes();
    }

    /**
     * What {@code awaitAccepted} waits for, {@code listenerRemoved}, promises the listening socket closed: it completes
     * after the acceptor closed that socket and its eventfd (before, the invitee's hello completed it on the I/O thread
     * while the acceptor still held both, so a count of descriptors taken then could find them).
     */
    @Test
    void listenerRemoved_completesOnlyOnceTheListeningSocketAndEventfdAreClosed() throws Exception {
        Inviter inviter = new Inviter(LocalCore.of(parent));
        MessagePipeEndpoint near = inviter.attach("p");
        String connection = inviter.listen();
        inviter.startAccepting(WAIT);
        java.util.concurrent.CompletableFuture<IncomingInvitation> accepting = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> IncomingInvitation.accept(child, connection, WAIT));
        inviter.listenerRemoved().get(); // while the invitee joins
        assertThat(inviter.listenerOpen()).as("the invitation's listening socket or eventfd").isFalse();
        accepting.get().extractMessagePipe("p").close();
        near.close();
    }

    @Test
    void namedPipes_reachTheInvitee_workBothWays_andTheSocketIsGoneAfterwards() throws Exception {
        OutgoingInvitation invitation = OutgoingInvitation.create(parent);
        MessagePipeEndpoint control = invitation.attachMessagePipe("control");
        MessagePipeEndpoint data = invitation.attachMessagePipe("data");
        // Written before anybody accepted: waits in the pipe.
        assertThat(control.writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK);
        String connection = invitation.connectionString();
        Path socket = Bootstrap.parse(connection).socket();
        assertThat(Files.getPosixFilePermissions(socket.getParent()))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(connection).isEqualTo(invitation.connectionString());

        IncomingInvitation accepted = IncomingInvitation.accept(child, connection, WAIT);
        assertThat(accepted.names()).containsExactlyInAnyOrder("control", "data");
        MessagePipeEndpoint controlThere = accepted.extractMessagePipe("control");
        MessagePipeEndpoint dataThere = accepted.extractMessagePipe("data");
        assertThatThrownBy(() -> accepted.extractMessagePipe("control")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("extracted already");
        assertThatThrownBy(() -> accepted.extractMessagePipe("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attached no pipe");
        assertThat(invitation.awaitAccepted(WAIT)).isTrue();

        assertThat(read(child, controlThere)).containsExactly(1);
        assertThat(dataThere.writeMessage(new byte[] {2})).isEqualTo(MojoResult.OK);
        assertThat(read(parent, data)).containsExactly(2);
        // A pipe sent over an invitation pipe arrives as a working endpoint.
        MessagePipe extra = parent.createMessagePipe();
        assertThat(control.writeMessage(new byte[] {3}, List.of(extra.end1()))).isEqualTo(MojoResult.OK);
        assertThat(child.wait(controlThere, Signals.READABLE, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
        MessagePipeEndpoint extraThere = controlThere.readMessage().message().handle(0, MessagePipeEndpoint.class);
        assertThat(extraThere.writeMessage(new byte[] {4})).isEqualTo(MojoResult.OK);
        assertThat(read(parent, extra.end0())).containsExactly(4);
        assertThat(controlThere.querySignalsState().satisfiesAll(Signals.PEER_REMOTE)).isTrue();

        // The socket and its directory are gone; the string cannot be used twice.
        assertThat(Files.exists(socket.getParent())).isFalse();
        Core late = Nodes.newNode();
        assertThatThrownBy(() -> IncomingInvitation.accept(late, connection, WAIT))
                .isInstanceOfSatisfying(MojoException.class, e -> assertThat(e.result()).isEqualTo(MojoResult.NOT_FOUND));
        NodeChannels.existing(LocalCore.of(late)).close();
        // The child closes: the parent's ends see PEER_CLOSED.
        controlThere.close();
        assertThat(parent.wait(control, Signals.PEER_CLOSED, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
        for (MessagePipeEndpoint e : List.of(control, data, dataThere, extra.end0(), extraThere)) {
            e.close();
        }
    }

    @Test
    void wrongToken_refusedOnlyThatConnection_theRightOneStillJoins() throws Exception {
        OutgoingInvitation invitation = OutgoingInvitation.create(parent);
        MessagePipeEndpoint control = invitation.attachMessagePipe("control");
        String connection = invitation.connectionString();
        Bootstrap.Address a = Bootstrap.parse(connection);
        String forged = Bootstrap.connectionString(a.socket(),
                new org.jmojo.internal.channel.Id128(a.token().low() ^ 1, a.token().high()), a.inviterPort());
        assertThatThrownBy(() -> IncomingInvitation.accept(child, forged, WAIT))
                .isInstanceOfSatisfying(MojoException.class,
                        e -> assertThat(e.result()).isEqualTo(MojoResult.PERMISSION_DENIED));
        // The same node, refused, may try again with the right string.
        IncomingInvitation accepted = IncomingInvitation.accept(child, connection, WAIT);
        MessagePipeEndpoint there = accepted.extractMessagePipe("control");
        assertThat(there.writeMessage(new byte[] {9})).isEqualTo(MojoResult.OK);
        assertThat(read(parent, control)).containsExactly(9);
        there.close();
        control.close();
    }

    @Test
    void inviteeWhoseNameIsInUse_refusedWithoutUsingTheToken_anotherNodeJoins() throws Exception {
        try (SocketNetwork network = new SocketNetwork(false)) {
            network.join(parent);
            network.join(child); // the parent has a channel to the child's node already
            OutgoingInvitation invitation = OutgoingInvitation.create(parent);
            MessagePipeEndpoint control = invitation.attachMessagePipe("control");
            String connection = invitation.connectionString();
            assertThatThrownBy(() -> IncomingInvitation.accept(child, connection, WAIT))
                    .isInstanceOfSatisfying(MojoException.class, e -> {
                        assertThat(e.result()).isEqualTo(MojoResult.PERMISSION_DENIED);
                        assertThat(e.getMessage()).contains("NAME_IN_USE");
                    });
            Core other = Nodes.newNode();
            MessagePipeEndpoint there = IncomingInvitation.accept(other, connection, WAIT).extractMessagePipe("control");
            assertThat(there.writeMessage(new byte[] {5})).isEqualTo(MojoResult.OK);
            assertThat(read(parent, control)).containsExactly(5);
            there.close();
            control.close();
            NodeChannels.existing(LocalCore.of(other)).close();
        }
    }

    @Test
    void nobodyAcceptsBeforeTheDeadline_attachedPipesPeerClosed_directoryRemoved() throws Exception {
        OutgoingInvitation invitation = OutgoingInvitation.create(parent).deadline(Duration.ofMillis(200));
        MessagePipeEndpoint control = invitation.attachMessagePipe("control");
        Path socket = Bootstrap.parse(invitation.connectionString()).socket();
        assertThat(parent.wait(control, Signals.PEER_CLOSED, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
        assertThat(invitation.awaitAccepted(WAIT)).isFalse();
        assertThat(Files.exists(socket.getParent())).isFalse();
        control.close();
    }

    @Test
    void withdrawnBeforeHandedOut_attachedPipesPeerClosed_noMoreAttaching() {
        OutgoingInvitation invitation = OutgoingInvitation.create(parent);
        MessagePipeEndpoint control = invitation.attachMessagePipe("control");
        invitation.withdraw();
        assertThat(parent.wait(control, Signals.PEER_CLOSED, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
        assertThat(control.peerClosureReason()).contains(ClosureReason.CLOSED_BY_USER);
        assertThatThrownBy(() -> invitation.attachMessagePipe("late")).isInstanceOf(IllegalStateException.class);
        control.close();
    }

    @Test
    void badNames_andBadConnectionStrings_clearErrors() {
        OutgoingInvitation invitation = OutgoingInvitation.create(parent);
        invitation.attachMessagePipe("x").close();
        assertThatThrownBy(() -> invitation.attachMessagePipe("x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attached already");
        assertThatThrownBy(() -> invitation.attachMessagePipe("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> invitation.attachMessagePipe("n".repeat(257))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("257 bytes");
        assertThatThrownBy(() -> IncomingInvitation.accept(child, "/tmp/x:abc", WAIT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PATH:TOKEN:PORT");
        invitation.withdraw();
    }

    @Test
    void aNodeAcceptsOneInvitation() throws Exception {
        OutgoingInvitation first = OutgoingInvitation.create(parent);
        first.attachMessagePipe("p").close();
        IncomingInvitation.accept(child, first.connectionString(), WAIT).extractMessagePipe("p").close();
        Core third = Nodes.newNode();
        OutgoingInvitation second = OutgoingInvitation.create(third);
        String connection = second.connectionString();
        assertThatThrownBy(() -> IncomingInvitation.accept(child, connection, WAIT))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("one broker network");
        second.withdraw();
        NodeChannels.existing(LocalCore.of(third)).close();
    }
}

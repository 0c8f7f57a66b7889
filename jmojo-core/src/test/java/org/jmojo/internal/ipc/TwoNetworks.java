package org.jmojo.internal.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.internal.multinode.Nodes;
import org.jmojo.internal.ports.NodeName;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.IncomingInvitation;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.NamedEndpoint;
import org.jmojo.system.OutgoingInvitation;
import org.jmojo.system.ReadResult;
import org.jmojo.system.Signals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture of the isolated-link tests (docs/processes.md, "Isolated links and bridges"): four nodes of one JVM over
 * real sockets, brokers A and B, each with an invited client (A1, B1), so that A and B are in two networks;
 * {@link #linkAToB} links them by a named endpoint of A. Everything is closed after each test.
 */
abstract class TwoNetworks {
    static final Duration WAIT = Duration.ofSeconds(30);
    final Core a = Nodes.newNode();
    final Core a1 = Nodes.newNode();
    final Core b = Nodes.newNode();
    final Core b1 = Nodes.newNode();
    final List<AutoCloseable> toClose = new ArrayList<>();

    @TempDir
    Path dir;

    /** The control pipes A–A1 and B–B1 (end0 at the broker). */
    MessagePipe controlA;
    MessagePipe controlB;

    @BeforeEach
    void twoNetworks() {
        controlA = join(a, a1);
        controlB = join(b, b1);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        for (Core c : List.of(a, a1, b, b1)) {
            NodeChannels channels = NodeChannels.existing(LocalCore.of(c));
            if (channels != null) {
                channels.close();
            }
        }
    }

    /** B connects to A's named endpoint {@code a.sock}: an isolated link; end0 at A, end1 at B. */
    MessagePipe linkAToB() throws Exception {
        NamedEndpoint endpoint = NamedEndpoint.listen(a, dir.resolve("a.sock"));
        toClose.add(endpoint);
        MessagePipeEndpoint atB = NamedEndpoint.connect(b, endpoint.path(), WAIT);
        MessagePipeEndpoint atA = endpoint.accept(WAIT).orElseThrow();
        toClose.add(atA);
        toClose.add(atB);
        assertThat(channels(a).isIsolatedLink(name(b))).isTrue();
        assertThat(channels(b).isIsolatedLink(name(a))).isTrue();
        return new MessagePipe(atA, atB);
    }

    /** Invites {@code client} into {@code broker}'s network; end0 at the broker, end1 at the client. */
    MessagePipe join(Core broker, Core client) {
        OutgoingInvitation invitation = OutgoingInvitation.create(broker);
        MessagePipeEndpoint here = invitation.attachMessagePipe("control");
        MessagePipeEndpoint there = IncomingInvitation.accept(client, invitation.connectionString(), WAIT)
                .extractMessagePipe("control");
        toClose.add(here);
        toClose.add(there);
        return new MessagePipe(here, there);
    }

    static NodeChannels channels(Core c) {
        return NodeChannels.existing(LocalCore.of(c));
    }

    static NodeName name(Core c) {
        return LocalCore.of(c).nodeName();
    }

    static Message read(Core core, MessagePipeEndpoint end) {
        assertThat(core.wait(end, Signals.READABLE, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
        ReadResult r = end.readMessage();
        assertThat(r.result()).isEqualTo(MojoResult.OK);
        return r.message();
    }

    /** Sends {@code end} on {@code carrier} and returns what arrives at the carrier's far end {@code far}, of {@code to}. */
    static MessagePipeEndpoint pass(MessagePipeEndpoint end, MessagePipeEndpoint carrier, Core to,
            MessagePipeEndpoint far) {
        assertThat(carrier.writeMessage(new byte[0], List.of(end))).isEqualTo(MojoResult.OK);
        return read(to, far).handle(0, MessagePipeEndpoint.class);
    }

    /** Whether no port of {@code c}'s node is moving (no proxy, nothing buffering). */
    static boolean settled(Core c) {
        org.jmojo.internal.ports.Node.Census census = LocalCore.of(c).node().census();
        return census.proxying() == 0 && census.buffering() == 0;
    }

    /** Waits until no port of A, A1, B or B1 moves. */
    void settle() {
        assertThat(ChildJvmTest.eventually(() -> List.of(a, a1, b, b1).stream().allMatch(TwoNetworks::settled)))
                .isTrue();
    }
}

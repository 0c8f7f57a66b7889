package org.jmojo.internal.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.internal.multinode.Nodes;
import org.jmojo.internal.platform.Fd;
import org.jmojo.internal.platform.Os;
import org.jmojo.internal.platform.UnixSocket;
import org.jmojo.system.ClosureReason;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoException;
import org.jmojo.system.MojoResult;
import org.jmojo.system.NamedEndpoint;
import org.jmojo.system.OutgoingInvitation;
import org.jmojo.system.Signals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Named endpoints between nodes of one JVM over a real socket path (issue 9, item 4): the same code an unrelated
 * process runs, without the process. {@code NamedEndpointProcessTest} runs it across real JVMs.
 */
@Timeout(60)
class NamedEndpointTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final List<Core> nodes = new ArrayList<>();
    private final List<NamedEndpoint> endpoints = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void closeAll() {
        endpoints.forEach(NamedEndpoint::close);
        for (Core c : nodes) {
            NodeChannels channels = NodeChannels.existing(LocalCore.of(c));
            if (channels != null) {
                channels.close();
            }
        }
    }

    private Core node() {
        Core c = Nodes.newNode();
        nodes.add(c);
        return c;
    }

    private NamedEndpoint listen(Core core, Path path) {
        NamedEndpoint e = NamedEndpoint.listen(core, path);
        endpoints.add(e);
        return e;
    }

    /** {@code client} connects to {@code endpoint} at {@code path}; byte {@code b} reaches {@code server} on its pipe. */
    private static void assertServes(Core server, NamedEndpoint endpoint, Core client, Path path, int b)
            throws InterruptedException {
        MessagePipeEndpoint toServer = NamedEndpoint.connect(client, path, WAIT);
        assertThat(toServer.writeMessage(new byte[] {(byte) b})).isEqualTo(MojoResult.OK);
        assertThat(InvitationTest.read(server, accept(endpoint))).containsExactly(b);
    }

    private static MessagePipeEndpoint accept(NamedEndpoint endpoint) throws InterruptedException {
        return endpoint.accept(WAIT).orElseThrow(() -> new AssertionError("nobody connected within " + WAIT));
    }

    @Test
    void connectorGetsAPipe_bothWays_socketAndLockFileOwnerOnly_closeRemovesTheSocket() throws Exception {
        Core server = node();
        Core client = node();
        Path path = dir.resolve("service.sock");
        NamedEndpoint endpoint = listen(server, path);
        assertThat(endpoint.path()).isEqualTo(path.toAbsolutePath());
        assertThat(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(dir.resolve("service.sock.lock")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        MessagePipeEndpoint toServer = NamedEndpoint.connect(client, path, WAIT);
        // Written before the server has even accepted: it waits in the pipe.
        assertThat(toServer.writeMessage(new byte[] {1, 2})).isEqualTo(MojoResult.OK);
        MessagePipeEndpoint toClient = accept(endpoint);
        assertThat(InvitationTest.read(server, toClient)).containsExactly(1, 2);
        assertThat(toClient.writeMessage(new byte[] {3})).isEqualTo(MojoResult.OK);
        assertThat(InvitationTest.read(client, toServer)).containsExactly(3);
        assertThat(server.wait(toClient, Signals.PEER_REMOTE, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
        endpoint.close();
        assertThat(Files.exists(path, LinkOption.NOFOLLOW_LINKS)).isFalse();
        // Connections already made stay after the endpoint closes.
        assertThat(toServer.writeMessage(new byte[] {4})).isEqualTo(MojoResult.OK);
        assertThat(InvitationTest.read(server, toClient)).containsExactly(4);
        // The path is free again, for anyone.
        listen(node(), path);
    }

    @Test
    void manyClientsOnOneName_eachGetsItsOwnPipe() throws Exception {
        Core server = node();
        Path path = dir.resolve("many.sock");
        NamedEndpoint endpoint = listen(server, path);
        int n = 12;
        List<Core> clients = new ArrayList<>();
        List<MessagePipeEndpoint> ends = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Core c = node();
            clients.add(c);
            MessagePipeEndpoint e = NamedEndpoint.connect(c, path, WAIT);
            assertThat(e.writeMessage(new byte[] {(byte) i})).isEqualTo(MojoResult.OK);
            ends.add(e);
        }
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            MessagePipeEndpoint toClient = accept(endpoint);
            int who = InvitationTest.read(server, toClient)[0];
            assertThat(seen.add(who)).as("client %d connected twice", who).isTrue();
            assertThat(toClient.writeMessage(new byte[] {(byte) (who + 100)})).isEqualTo(MojoResult.OK);
        }
        for (int i = 0; i < n; i++) {
            assertThat(InvitationTest.read(clients.get(i), ends.get(i))).containsExactly(i + 100);
        }
        assertThat(endpoint.accept(Duration.ofMillis(1))).isEmpty();
    }

    @Test
    void livePath_isNeverTaken_evenFromAnotherNode_andTheLiveServerStillServes() throws Exception {
        Core server = node();
        Path path = dir.resolve("live.sock");
        NamedEndpoint endpoint = listen(server, path);
        Core refused = node();
        assertThatThrownBy(() -> listen(refused, path))
                .isInstanceOfSatisfying(MojoException.class, e -> assertThat(e.result()).isEqualTo(MojoResult.ALREADY_EXISTS))
                .hasMessageContaining("live server");
        // The refused listen left that node out of any network: it may still connect as a client.
        assertServes(server, endpoint, refused, path, 9);
    }

    @Test
    void staleSocketFile_isReplaced_andConnectingToItBeforeSaysNotFound() throws Exception {
        Path path = dir.resolve("stale.sock");
        UnixSocket.listen(path, 1).close(); // a dead server's leftover: the file stays, nobody accepts
        assertThat(Files.exists(path, LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThatThrownBy(() -> NamedEndpoint.connect(node(), path, WAIT))
                .isInstanceOfSatisfying(MojoException.class, e -> assertThat(e.result()).isEqualTo(MojoResult.NOT_FOUND))
                .hasMessageContaining("stale");
        Core server = node();
        assertServes(server, listen(server, path), node(), path, 5);
    }

    @Test
    void somethingElseListening_orAFileThatIsNotASocket_isLeftAlone() throws Exception {
        Path foreign = dir.resolve("foreign.sock");
        try (Fd other = UnixSocket.listen(foreign, 1)) { // a listener that is not a jmojo server: it holds no lock
            assertThatThrownBy(() -> listen(node(), foreign))
                    .isInstanceOfSatisfying(MojoException.class, e -> assertThat(e.result()).isEqualTo(MojoResult.ALREADY_EXISTS));
            assertThat(Files.exists(foreign, LinkOption.NOFOLLOW_LINKS)).isTrue();
        }
        Path regular = dir.resolve("notes.txt");
        Files.writeString(regular, "keep me");
        assertThatThrownBy(() -> listen(node(), regular))
                .isInstanceOfSatisfying(MojoException.class, e -> assertThat(e.result()).isEqualTo(MojoResult.ALREADY_EXISTS));
        assertThat(Files.readString(regular)).isEqualTo("keep me");
    }

    @Test
    void nobodyThere_notFound_andTheNodeMayStillJoinLater() throws Exception {
        Core client = node();
        Path path = dir.resolve("nobody.sock");
        assertThatThrownBy(() -> NamedEndpoint.connect(client, path, WAIT))
                .isInstanceOfSatisfying(MojoException.class, e -> assertThat(e.result()).isEqualTo(MojoResult.NOT_FOUND))
                .hasMessageContaining(path.toString());
        NamedEndpoint endpoint = listen(node(), path);
        MessagePipeEndpoint toServer = NamedEndpoint.connect(client, path, WAIT);
        assertThat(toServer.writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK);
        assertThat(accept(endpoint).isValid()).isTrue();
    }

    /**
     * The uid rule end to end. Every process of this test runs as one user, so the server is told to expect another
     * uid than ours: the SO_PEERCRED reading, the comparison and the refusal are the real ones.
     */
    @Test
    void peerOfAnotherUid_isRefused_clearly_andGetsNoPipe() throws Exception {
        Core server = node();
        Path path = dir.resolve("strict.sock");
        LinkServer strict = LinkServer.listen(LocalCore.of(server), path, Os.uid() + 1);
        try {
            Core client = node();
            assertThatThrownBy(() -> NamedEndpoint.connect(client, path, WAIT))
                    .isInstanceOfSatisfying(MojoException.class,
                            e -> assertThat(e.result()).isEqualTo(MojoResult.PERMISSION_DENIED))
                    .hasMessageContaining("refused");
            assertThat(strict.accept(Duration.ofMillis(1))).isEmpty();
            assertThat(NodeChannels.existing(LocalCore.of(server)).connectedNodes()).isEmpty();
        } finally {
            strict.close();
        }
    }

    @Test
    void pathTooLongForASocket_refusedBeforeAnythingIsMadeOrMarked() throws Exception {
        Path tooLong = dir.resolve("x".repeat(120) + ".sock");
        Core server = node();
        Core client = node();
        assertThatThrownBy(() -> listen(server, tooLong)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 107 bytes");
        assertThatThrownBy(() -> NamedEndpoint.connect(client, tooLong, WAIT)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Files.exists(dir.resolve("x".repeat(120) + ".sock.lock"))).isFalse();
        // Neither node was marked: the client joins the server's endpoint at a good path.
        Path path = dir.resolve("good.sock");
        assertServes(server, listen(server, path), client, path, 1);
    }

    @Test
    void uidRule_onlyTheServersOwnUidIsAccepted() {
        assertThat(LinkServer.uidRefusal(1000, 1000)).isNull();
        assertThat(LinkServer.uidRefusal(0, 0)).isNull();
        assertThat(LinkServer.uidRefusal(0, 1000)).contains("uid 0 is not 1000");
        assertThat(LinkServer.uidRefusal(1001, 1000)).contains("its own user");
        assertThat(LinkServer.uidRefusal(-1, 1000)).isNotNull();
    }

    @Test
    void closingWithAConnectionNotYetAccepted_itsClientSeesPeerClosed() throws Exception {
        Core server = node();
        Core client = node();
        Path path = dir.resolve("closing.sock");
        LinkServer endpoint = LinkServer.listen(LocalCore.of(server), path);
        MessagePipeEndpoint toServer = NamedEndpoint.connect(client, path, WAIT);
        // Until the connector's request has reached the server and its pipe waits for an accept, nothing to close
        // (the class's @Timeout guards a request that never arrives).
        while (endpoint.queued() == 0) {
            Thread.onSpinWait();
        }
        endpoint.close();
        assertThat(client.wait(toServer, Signals.PEER_CLOSED, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
        assertThat(toServer.peerClosureReason()).contains(ClosureReason.CLOSED_BY_USER);
        assertThatThrownBy(() -> endpoint.accept(WAIT)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aNodeJoinsOneNetwork_aSecondConnectionToItsServerGoesThroughIt_aClientServes_aServerConnectsElsewhere()
            throws Exception {
        Core server = node();
        Core client = node();
        Path path = dir.resolve("one.sock");
        NamedEndpoint endpoint = listen(server, path);
        NamedEndpoint.connect(client, path, WAIT);
        accept(endpoint);
        // The client is of the server's network now: its second pipe comes through the channel it has, and no
        // second channel is made.
        assertServes(server, endpoint, client, path, 5);
        assertThat(NodeChannels.existing(LocalCore.of(client)).connectedNodes())
                .containsExactly(LocalCore.of(server).nodeName());
        assertThat(NodeChannels.existing(LocalCore.of(client)).isIsolatedLink(LocalCore.of(server).nodeName())).isFalse();
        // A client may serve: its connectors get isolated links (IsolatedLinkTest).
        listen(client, dir.resolve("other.sock"));
        // A server may connect to another: nobody listens there.
        assertThatThrownBy(() -> NamedEndpoint.connect(server, dir.resolve("elsewhere.sock"), WAIT))
                .isInstanceOfSatisfying(MojoException.class, e -> assertThat(e.result()).isEqualTo(MojoResult.NOT_FOUND));
        // The server may also invite: it is the broker of its network.
        OutgoingInvitation.create(server).withdraw();
    }
}

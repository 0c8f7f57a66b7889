package org.jmojo.internal.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jmojo.system.ClosureReason;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoException;
import org.jmojo.system.MojoResult;
import org.jmojo.system.NamedEndpoint;
import org.jmojo.system.Signals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Named endpoints between unrelated JVMs (issue 9, item 4): the children ({@link LinkedChild}) are started by a plain
 * {@link ProcessBuilder}, with no invitation, and know only the socket path on their command line.
 */
@Timeout(120)
class NamedEndpointProcessTest extends ChildJvmTest {
    @Test
    void unrelatedProcessesConnectByPathOnly_manyClientsOnOneName_eachStreamChecked() throws Exception {
        Path path = logs.resolve("service.sock");
        NamedEndpoint endpoint = NamedEndpoint.listen(parent, path);
        int clients = 4;
        int n = 2000;
        for (int i = 0; i < clients; i++) {
            launchUninvited(LinkedChild.class, "connect", path.toString(), Integer.toString(i), Integer.toString(n));
        }
        Map<String, MessagePipeEndpoint> byClient = new HashMap<>();
        List<Thread> writers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            MessagePipeEndpoint pipe = endpoint.accept(WAIT).orElseThrow(() -> new AssertionError(childLogQuietly()));
            String hello = new String(read(pipe), StandardCharsets.UTF_8);
            assertThat(byClient.put(hello, pipe)).as("two connections said %s", hello).isNull();
            writers.add(Thread.ofPlatform().start(() -> {
                for (int s = 0; s < n; s++) {
                    assertThat(pipe.writeMessage(InvitedChild.streamMessage(s))).isEqualTo(MojoResult.OK);
                }
            }));
        }
        for (int i = 0; i < clients; i++) {
            MessagePipeEndpoint pipe = byClient.get("client " + i);
            assertThat(pipe).as("client %d connected", i).isNotNull();
            for (int s = 0; s < n; s++) {
                assertThat(InvitedChild.checkStreamMessage(read(pipe), s)).as("from client %d", i).isNull();
            }
            assertThat(new String(read(pipe), StandardCharsets.UTF_8)).as(childLog()).isEqualTo("ok " + i);
        }
        for (Thread t : writers) {
            t.join();
        }
        byClient.values().forEach(MessagePipeEndpoint::close);
        for (Process p : children) {
            assertExitsCleanly(p);
        }
        endpoint.close();
    }

    @Test
    void clientKilledMidStream_itsPipeAtTheServerIsPeerClosedAfterWhatArrived_theServerServesOn() throws Exception {
        Path path = logs.resolve("victim.sock");
        NamedEndpoint endpoint = NamedEndpoint.listen(parent, path);
        Process client = launchUninvited(LinkedChild.class, "connect", path.toString(), "1", "1000000");
        MessagePipeEndpoint pipe = endpoint.accept(WAIT).orElseThrow(() -> new AssertionError(childLogQuietly()));
        assertThat(new String(read(pipe), StandardCharsets.UTF_8)).isEqualTo("client 1");
        int seq = 0;
        for (; seq < 500; seq++) {
            assertThat(InvitedChild.checkStreamMessage(read(pipe), seq)).isNull();
        }
        client.destroyForcibly(); // kill -9
        assertThat(client.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // What arrived is read in order; then the pipe is peer-closed because the client's node is lost.
        readStreamUntilPeerClosed(pipe, seq);
        assertThat(pipe.peerClosureReason()).contains(ClosureReason.PEER_LOST);
        pipe.close();
        servesANewClient(endpoint, path, 2, 10);
        endpoint.close();
    }

    /** A new uninvited child connects to {@code endpoint} and streams {@code n} messages each way with it. */
    private void servesANewClient(NamedEndpoint endpoint, Path path, int id, int n) throws Exception {
        Process connector = launchUninvited(LinkedChild.class, "connect", path.toString(), Integer.toString(id),
                Integer.toString(n));
        MessagePipeEndpoint pipe = endpoint.accept(WAIT).orElseThrow(() -> new AssertionError(childLogQuietly()));
        assertThat(new String(read(pipe), StandardCharsets.UTF_8)).isEqualTo("client " + id);
        for (int s = 0; s < n; s++) {
            assertThat(pipe.writeMessage(InvitedChild.streamMessage(s))).isEqualTo(MojoResult.OK);
        }
        for (int s = 0; s < n; s++) {
            assertThat(InvitedChild.checkStreamMessage(read(pipe), s)).isNull();
        }
        assertThat(new String(read(pipe), StandardCharsets.UTF_8)).isEqualTo("ok " + id);
        pipe.close();
        assertExitsCleanly(connector);
    }

    @Test
    void liveServerInAnotherProcess_pathRefused_killedServer_staleFileReplaced() throws Exception {
        Path path = logs.resolve("owned.sock");
        Process server = launchUninvited(LinkedChild.class, "serve", path.toString());
        // Connect from a node of ours once the child listens (connecting before that finds nobody: NOT_FOUND).
        Core client = node();
        AtomicReference<MessagePipeEndpoint> toServer = new AtomicReference<>();
        assertThat(eventually(() -> {
            try {
                toServer.set(NamedEndpoint.connect(client, path, WAIT));
                return true;
            } catch (MojoException e) {
                assertThat(e.result()).isEqualTo(MojoResult.NOT_FOUND);
                return false;
            }
        })).as("the child listens; its log: %s", childLogQuietly()).isTrue();
        MessagePipeEndpoint pipe = toServer.get();
        assertThat(pipe.writeMessage(new byte[] {42})).isEqualTo(MojoResult.OK);
        assertThat(readMessage(client, pipe).bytes()).containsExactly(42);
        // Another process's live server: its path is not taken.
        assertThatThrownBy(() -> NamedEndpoint.listen(node(), path))
                .isInstanceOfSatisfying(MojoException.class, e -> assertThat(e.result()).isEqualTo(MojoResult.ALREADY_EXISTS))
                .hasMessageContaining("live server");
        server.destroyForcibly(); // kill -9: the socket file stays behind
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(client.wait(pipe, Signals.PEER_CLOSED, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
        assertThat(pipe.peerClosureReason()).contains(ClosureReason.PEER_LOST);
        assertThat(Files.exists(path, LinkOption.NOFOLLOW_LINKS)).as("the dead server's socket file").isTrue();
        // The stale file is replaced, and the new server serves a new process.
        NamedEndpoint endpoint = NamedEndpoint.listen(parent, path);
        servesANewClient(endpoint, path, 7, 100);
        endpoint.close();
        pipe.close();
    }
}

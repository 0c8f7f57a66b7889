package org.jmojo.internal.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.system.Deadline;
import org.jmojo.system.Handle;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.NamedEndpoint;
import org.jmojo.system.OutgoingInvitation;
import org.jmojo.system.Signals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many child JVMs at once, and no leaks over many connections and transfers (issue 9, "Real child JVMs"). */
@Timeout(240)
class ManyProcessesTest extends ChildJvmTest {
    @Test
    void sixteenChildrenConnectedAtOnce_eachStreamCheckedBothWays() throws Exception {
        int count = 16;
        int n = 1000;
        List<MessagePipeEndpoint> pipes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            OutgoingInvitation invitation = OutgoingInvitation.create(parent);
            pipes.add(invitation.attachMessagePipe("data"));
            launch(invitation, "stream", Integer.toString(n));
        }
        List<Thread> writers = new ArrayList<>();
        for (MessagePipeEndpoint pipe : pipes) {
            writers.add(Thread.ofPlatform().start(() -> {
                for (int s = 0; s < n; s++) {
                    assertThat(pipe.writeMessage(InvitedChild.streamMessage(s))).isEqualTo(MojoResult.OK);
                }
            }));
        }
        for (int i = 0; i < count; i++) {
            for (int s = 0; s < n; s++) {
                assertThat(InvitedChild.checkStreamMessage(read(pipes.get(i)), s)).as("from child %d", i).isNull();
            }
        }
        for (int i = 0; i < count; i++) {
            assertThat(new String(read(pipes.get(i)), StandardCharsets.UTF_8)).as("child %d's verdict", i)
                    .isEqualTo("ok " + n);
        }
        assertThat(NodeChannels.existing(LocalCore.of(parent)).connectedNodes()).hasSize(count);
        for (Thread t : writers) {
            t.join();
        }
        pipes.forEach(MessagePipeEndpoint::close);
        for (Process p : children) {
            assertExitsCleanly(p);
        }
        assertThat(eventually(() -> NodeChannels.existing(LocalCore.of(parent)).connectedNodes().isEmpty())).isTrue();
    }

    /**
     * What must come back exactly: this process's open descriptors (what each links to), the parent node's ports,
     * the live threads (by name). Compared as counts; the names say what differs when they do not match.
     */
    private record Counts(List<String> fds, int ports, List<String> threads) {
        boolean sameCounts(Counts other) {
            return fds.size() == other.fds.size() && ports == other.ports && threads.size() == other.threads.size();
        }

        String difference(Counts start) {
            return "descriptors " + start.fds.size() + " -> " + fds.size() + " (gone " + minus(start.fds, fds) + ", new "
                    + minus(fds, start.fds) + "), ports " + start.ports + " -> " + ports + ", threads "
                    + start.threads.size() + " -> " + threads.size() + " (gone " + minus(start.threads, threads)
                    + ", new " + minus(threads, start.threads) + ")";
        }

        private static List<String> minus(List<String> a, List<String> b) {
            List<String> left = new ArrayList<>(a);
            b.forEach(left::remove);
            return left;
        }
    }

    /**
     * The counts now. Left out, because the JDK opens and ends them on its own schedule whatever jmojo does (this JVM
     * runs the module's other tests too): pipes (the stdio of child processes, closed by the JDK's process reaper
     * after each exits), and the idle workers of the JDK's own pools (the process reaper's and fork-join pools',
     * which end after a keep-alive time).
     */
    private Counts counts() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            List<String> targets = fds.map(ManyProcessesTest::target).filter(t -> !t.startsWith("pipe:")).toList();
            List<String> threads = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                    .filter(n -> !n.startsWith("process reaper") && !n.startsWith("ForkJoinPool")).sorted().toList();
            return new Counts(targets, LocalCore.of(parent).portCount(), threads);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String target(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
            return "(closed meanwhile)";
        }
    }

    /**
     * 100 connect/disconnect cycles of another process's nodes through a named endpoint, then 1,000 cycles of a pipe
     * made here, sent to a child with every tenth carrying a file descriptor too, answered and closed there: this
     * JVM's descriptors, the parent node's ports and the live threads come back to exactly their values between
     * the warm-up and the cycles. (The connecting child makes a fresh node per cycle: a node joins one network
     * once, and its name is never accepted again after it left.)
     */
    @Test
    void noLeaks_afterConnectDisconnectCycles_andCreateTransferCloseCycles() throws Exception {
        Path path = logs.resolve("cycles.sock");
        NamedEndpoint endpoint = NamedEndpoint.listen(parent, path);
        Process cycling = launchUninvited(LinkedChild.class, "cycles", path.toString());
        OutgoingInvitation invitation = OutgoingInvitation.create(parent);
        MessagePipeEndpoint control = invitation.attachMessagePipe("control");
        launch(invitation, "echo-close");
        assertThat(invitation.awaitAccepted(WAIT.multipliedBy(2))).as(childLog()).isTrue();
        Path file = logs.resolve("sent.txt");
        Files.writeString(file, "a file whose descriptor crosses");
        NodeChannels channels = NodeChannels.existing(LocalCore.of(parent));
        try (Writer go = new java.io.OutputStreamWriter(cycling.getOutputStream(), StandardCharsets.UTF_8)) {
            // Warm-up: one of each, so that what is made once (classes, pools, the invited child's channel) is there.
            connectCycle(endpoint, go, channels, 0);
            for (int i = 0; i < 10; i++) {
                transferCycle(control, file, i);
            }
            assertThat(eventually(() -> LocalCore.of(parent).node().census().proxying() == 0)).isTrue();
            Counts start = counts();
            for (int i = 1; i <= 100; i++) {
                connectCycle(endpoint, go, channels, i);
            }
            for (int i = 0; i < 1000; i++) {
                transferCycle(control, file, i);
            }
            boolean back = eventually(() -> counts().sameCounts(start));
            Counts end = counts();
            assertThat(back && end.sameCounts(start)).as(end.difference(start)).isTrue();
        }
        assertExitsCleanly(cycling);
        control.close();
        endpoint.close();
    }

    /** The child connects a fresh node, sends {@code i}, gets it back and disconnects; its channel here is gone. */
    private void connectCycle(NamedEndpoint endpoint, Writer go, NodeChannels channels, int i) throws Exception {
        int before = channels.connectedNodes().size();
        go.write(i + "\n");
        go.flush();
        MessagePipeEndpoint pipe = endpoint.accept(WAIT).orElseThrow(() -> new AssertionError("cycle " + i));
        byte[] number = read(pipe);
        assertThat(ByteBuffer.wrap(number).order(ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo(i);
        assertThat(pipe.writeMessage(number)).isEqualTo(MojoResult.OK);
        assertThat(parent.wait(pipe, Signals.PEER_CLOSED, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
        pipe.close();
        assertThat(eventually(() -> channels.connectedNodes().size() == before)).as("cycle %d disconnected", i).isTrue();
    }

    /** A pipe made here goes to the child (with a file's descriptor, every tenth time), answers, and is closed there. */
    private void transferCycle(MessagePipeEndpoint control, Path file, int i) throws Exception {
        MessagePipe pipe = parent.createMessagePipe();
        List<Handle> handles = new ArrayList<>(List.of(pipe.end1()));
        if (i % 10 == 0) {
            handles.add(parent.wrapFileChannel(FileChannel.open(file, StandardOpenOption.READ)));
        }
        byte[] number = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(i).array();
        assertThat(control.writeMessage(number, handles)).isEqualTo(MojoResult.OK);
        assertThat(read(pipe.end0())).isEqualTo(number);
        assertThat(parent.wait(pipe.end0(), Signals.PEER_CLOSED, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
        pipe.end0().close();
    }
}

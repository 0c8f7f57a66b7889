package org.jmojo.internal.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.internal.multinode.Nodes;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.OutgoingInvitation;
import org.jmojo.system.ReadResult;
import org.jmojo.system.Signals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the tests with real child JVMs share: the parent's node (a fresh node of this JVM, so each test has its own
 * network; the children use their process's default node), launching children (invited, or given only arguments)
 * with their output in one log, and reading with the log in the failure message. Every child is killed after the
 * test if it has not exited, and the parent node's channels are closed.
 */
abstract class ChildJvmTest {
    static final Duration WAIT = Duration.ofSeconds(60);
    final Core parent = Nodes.newNode();
    final List<Process> children = new ArrayList<>();
    /** Further nodes of this JVM a test made ({@link #node()}); their channels are closed after it. */
    final List<Core> nodes = new ArrayList<>();
    /** The last child launched. */
    Process child;

    @TempDir
    Path logs;

    /**
     * The parent's handshakes wait as long as its reads: sixteen JVMs starting at once on a loaded 2-core machine once
     * took more than the default 10 s between their hello and their request-port-merge, and were cut off
     * (HELLO_DEADLINE) in {@code ManyProcessesTest.sixteenChildren…}.
     */
    @BeforeEach
    void patientHandshakes() throws Exception {
        NodeChannels.of(LocalCore.of(parent)).helloDeadline(WAIT);
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : children) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        nodes.add(parent);
        for (Core c : nodes) {
            NodeChannels channels = NodeChannels.existing(LocalCore.of(c));
            if (channels != null) {
                channels.close();
            }
        }
    }

    /** Another fresh node of this JVM (a process of its own would join one network only). */
    Core node() {
        Core c = Nodes.newNode();
        nodes.add(c);
        return c;
    }

    /** Launches {@link InvitedChild} with {@code args}, invited by {@code invitation}. */
    Process launch(OutgoingInvitation invitation, String... args) throws IOException {
        return launch(invitation, InvitedChild.class, args);
    }

    /** Launches {@code mainClass} with {@code args}, invited by {@code invitation}. */
    Process launch(OutgoingInvitation invitation, Class<?> mainClass, String... args) throws IOException {
        // A busy machine starting many JVMs may need longer than the default 30 s for a child to join.
        return started(invitation.deadline(WAIT.multipliedBy(2)).launch(builder(mainClass, args)));
    }

    /** Launches {@code mainClass} with {@code args} and no invitation: it knows only what its arguments say. */
    Process launchUninvited(Class<?> mainClass, String... args) throws IOException {
        return started(builder(mainClass, args).start());
    }

    private ProcessBuilder builder(Class<?> mainClass, String... args) {
        File log = logs.resolve("child.log").toFile();
        return new ProcessBuilder(OutgoingInvitation.javaCommand(mainClass.getName(), args))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log));
    }

    private Process started(Process p) {
        child = p;
        children.add(p);
        return p;
    }

    /** Waits for {@code p} to exit and checks it exited with status 0. */
    void assertExitsCleanly(Process p) throws Exception {
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("child %d exited; the log: %s", p.pid(), childLog()).isTrue();
        assertThat(p.exitValue()).as("child %d's exit status; the log: %s", p.pid(), childLog()).isZero();
    }

    /** What the children printed (all of them, into one file). */
    String childLog() throws IOException {
        Path log = logs.resolve("child.log");
        return Files.exists(log) ? Files.readString(log) : "(no output)";
    }

    /** {@link #childLog()}, or why it cannot be read (for failure messages made in lambdas). */
    String childLogQuietly() {
        try {
            return childLog();
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** The next message on {@code end}, an endpoint of the parent node, waiting for it. */
    Message readMessage(MessagePipeEndpoint end) throws IOException {
        return readMessage(parent, end);
    }

    /** The next message on {@code end}, an endpoint of node {@code core}, waiting for it. */
    Message readMessage(Core core, MessagePipeEndpoint end) throws IOException {
        MojoResult w = core.wait(end, Signals.READABLE, Deadline.after(WAIT)).result();
        assertThat(w).as("waiting to read; the children said: %s", childLog()).isEqualTo(MojoResult.OK);
        ReadResult r = end.readMessage();
        assertThat(r.result()).isEqualTo(MojoResult.OK);
        return r.message();
    }

    /** The bytes of the next message on {@code end}, waiting for it. */
    byte[] read(MessagePipeEndpoint end) throws IOException {
        return readMessage(end).bytes();
    }

    /**
     * Reads every stream message still arriving on {@code end} (a parent's endpoint whose other side's process was
     * killed), checking each follows in order from {@code seq}, until the pipe is known peer-closed and drained (then
     * READABLE can never be satisfied); returns the number after the last one read.
     */
    int readStreamUntilPeerClosed(MessagePipeEndpoint end, int seq) {
        for (;;) {
            MojoResult w = parent.wait(end, Signals.READABLE, Deadline.after(WAIT)).result();
            if (w == MojoResult.FAILED_PRECONDITION) {
                return seq;
            }
            assertThat(w).isEqualTo(MojoResult.OK);
            ReadResult r = end.readMessage();
            assertThat(r.result()).isEqualTo(MojoResult.OK);
            assertThat(InvitedChild.checkStreamMessage(r.message().bytes(), seq++)).isNull();
        }
    }

    /**
     * Waits until {@code condition} holds, looking again after each short pause (what it watches signals nothing),
     * for up to {@link #WAIT}; returns whether it held.
     */
    static boolean eventually(BooleanSupplier condition) {
        long until = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                return false;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
        }
        return true;
    }
}

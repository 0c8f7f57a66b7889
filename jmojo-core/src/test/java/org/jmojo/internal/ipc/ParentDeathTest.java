package org.jmojo.internal.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.system.ClosureReason;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.IncomingInvitation;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoException;
import org.jmojo.system.MojoResult;
import org.jmojo.system.OutgoingInvitation;
import org.jmojo.system.ReadResult;
import org.jmojo.system.Signals;
import org.jmojo.system.Trap;
import org.jmojo.system.TriggerCondition;
import org.jmojo.system.WaitResult;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 9's promise from the child's side: the process that invited this one dies (SIGKILL) or exits normally, and
 * this one sees it at every stage of its life: the invitation fails at once if the handshake was under way; once
 * joined, the channel to the dead process closes and every pipe to it is PEER_CLOSED (PEER_LOST), with nobody
 * waiting, with a platform thread holding the channel's read token, with only virtual threads waiting, and while
 * messages stream in. The test JVM is the child: a middle JVM ({@link DyingInviter}) invites a fresh node of this
 * one. Nothing here waits on a deadline that could end it: a death that went unseen hangs until the class's
 * {@code @Timeout}.
 */
@Timeout(300)
class ParentDeathTest extends ChildJvmTest {
    enum Death { KILL, EXIT }

    enum Stage {
        /** Connected, in the inviter's backlog: never accepted. */
        NOT_ACCEPTED("pending", "pending"),
        /** Connected, the hello sent but not read by the inviter (its death resets the connection). */
        HELLO_UNREAD("silent", "accepted"),
        /** The hello read, the hello-ack awaited. */
        AWAITING_HELLO_ACK("hello", "hello"),
        /** Joined; nobody waits on the pipe (a trap watches it). */
        IDLE("idle", "joined"),
        /** Joined; a platform thread waits on the pipe, holding the channel's read token. */
        PLATFORM_HOLDER("idle", "joined"),
        /** Joined; only virtual threads wait on the pipe (the I/O thread reads). */
        VIRTUAL_WAITERS("idle", "joined"),
        /** Joined; messages stream in and a platform thread reads them. */
        READING_STREAM("stream", "joined");

        final String part;
        final String reached;

        Stage(String part, String reached) {
            this.part = part;
            this.reached = reached;
        }
    }

    static Stream<Arguments> deathsAndStages() {
        return Stream.of(Death.values()).flatMap(d -> Stream.of(Stage.values()).map(s -> Arguments.of(d, s)));
    }

    /** The middle process: what it says, and the way to tell it to exit. */
    private final class Inviter implements AutoCloseable {
        final Process process;
        final BufferedReader says;
        final Writer commands;

        Inviter(String part) throws IOException {
            process = new ProcessBuilder(OutgoingInvitation.javaCommand(DyingInviter.class.getName(), part))
                    .redirectError(ProcessBuilder.Redirect.appendTo(logs.resolve("child.log").toFile())).start();
            children.add(process);
            says = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            commands = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        String nextLine() throws IOException {
            String line = says.readLine();
            assertThat(line).as("the middle process's next line; its log: %s", childLogQuietly()).isNotNull();
            return line;
        }

        /** Ends the middle process as {@code death} says and waits until it is gone. */
        void die(Death death) throws Exception {
            if (death == Death.KILL) {
                process.destroyForcibly(); // SIGKILL
            } else {
                commands.write("exit\n");
                commands.flush();
            }
            assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as(childLogQuietly()).isTrue();
            if (death == Death.EXIT) {
                assertThat(process.exitValue()).as(childLogQuietly()).isZero();
            }
        }

        @Override
        public void close() throws IOException {
            says.close();
            commands.close();
        }
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("deathsAndStages")
    void inviterDies_thisProcessSeesItAtOnce(Death death, Stage stage) throws Exception {
        Core me = node();
        try (Inviter inviter = new Inviter(stage.part)) {
            String connection = DyingInviter.connection(inviter.nextLine());
            switch (stage) {
                case NOT_ACCEPTED, HELLO_UNREAD, AWAITING_HELLO_ACK -> handshakeCutShort(me, inviter, connection, death, stage);
                default -> joinedThenParentDies(me, inviter, connection, death, stage);
            }
        }
        NodeChannels channels = NodeChannels.existing(LocalCore.of(me));
        assertThat(eventually(() -> channels.connectedNodes().isEmpty())).as("channels left: %s", channels.connectedNodes())
                .isTrue();
    }

    /** The accepting thread is inside {@code accept} (an hour's timeout) when the inviter dies: it fails at once. */
    private void handshakeCutShort(Core me, Inviter inviter, String connection, Death death, Stage stage)
            throws Exception {
        CompletableFuture<IncomingInvitation> accepting = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            try {
                accepting.complete(IncomingInvitation.accept(me, connection, Duration.ofHours(1)));
            } catch (Throwable t) {
                accepting.completeExceptionally(t);
            }
        });
        assertThat(inviter.nextLine()).isEqualTo(stage.reached);
        inviter.die(death);
        MojoException failure = catchThrowableOfType(java.util.concurrent.ExecutionException.class, accepting::get)
                .getCause() instanceof MojoException m ? m : null;
        assertThat(failure).as("accept failed with a MojoException").isNotNull();
        assertThat(failure.result()).as(failure.getMessage()).isEqualTo(MojoResult.UNAVAILABLE);
    }

    private void joinedThenParentDies(Core me, Inviter inviter, String connection, Death death, Stage stage)
            throws Exception {
        IncomingInvitation invitation = IncomingInvitation.accept(me, connection, WAIT.multipliedBy(2));
        MessagePipeEndpoint data = invitation.extractMessagePipe("data");
        assertThat(inviter.nextLine()).isEqualTo(stage.reached);
        List<Thread> waiters = new ArrayList<>();
        List<WaitResult> results = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch peerClosed = new CountDownLatch(1);
        AtomicInteger streamed = new AtomicInteger();
        CountDownLatch someStreamed = new CountDownLatch(100);
        Trap trap = null;
        switch (stage) {
            case IDLE -> {
                trap = me.createTrap(e -> {
                    if (e.result() == MojoResult.OK) {
                        peerClosed.countDown();
                    }
                });
                assertThat(trap.addTrigger(data, Signals.PEER_CLOSED, TriggerCondition.SIGNALS_SATISFIED, 0))
                        .isEqualTo(MojoResult.OK);
                assertThat(trap.arm().result()).isEqualTo(MojoResult.OK);
            }
            case PLATFORM_HOLDER -> {
                waiters.add(Thread.ofPlatform().start(() -> results.add(me.wait(data, Signals.READABLE, Deadline.INFINITE))));
                ReadTokenHolders.awaitHolding(waiters.getFirst());
            }
            case VIRTUAL_WAITERS -> {
                for (int i = 0; i < 2; i++) {
                    waiters.add(Thread.ofVirtual().start(() -> results.add(me.wait(data, Signals.READABLE, Deadline.INFINITE))));
                }
                for (Thread t : waiters) {
                    ReadTokenHolders.awaitParked(t);
                }
            }
            case READING_STREAM -> waiters.add(Thread.ofPlatform().start(() -> {
                for (int seq = 0; ; seq++) {
                    WaitResult w = me.wait(data, Signals.READABLE, Deadline.INFINITE);
                    if (w.result() != MojoResult.OK) {
                        results.add(w);
                        return;
                    }
                    ReadResult r = data.readMessage();
                    if (!r.isOk() || InvitedChild.checkStreamMessage(r.message().bytes(), seq) != null) {
                        return; // no result recorded: the assertion below fails
                    }
                    streamed.incrementAndGet();
                    someStreamed.countDown();
                }
            }));
            default -> throw new IllegalArgumentException(stage.toString());
        }
        if (stage == Stage.READING_STREAM) {
            someStreamed.await();
        }
        inviter.die(death);
        if (trap != null) {
            peerClosed.await();
            trap.close();
        }
        for (Thread t : waiters) {
            t.join();
        }
        assertThat(results).hasSize(waiters.size()).allSatisfy(w -> assertThat(w.result()).as("the wait's result")
                .isEqualTo(MojoResult.FAILED_PRECONDITION));
        assertThat(data.querySignalsState().satisfied().containsAll(Signals.PEER_CLOSED)).isTrue();
        assertThat(data.peerClosureReason()).contains(ClosureReason.PEER_LOST);
        data.close();
    }
}

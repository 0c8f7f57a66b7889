package org.jmojo.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.internal.ipc.Bootstrap;
import org.jmojo.internal.ipc.Inviter;
import org.jmojo.internal.platform.NativeException;

/**
 * Invites another process to join this process's node network, handing it message pipes by name
 * (docs/processes.md). A process that has accepted no invitation is the broker of the network it starts; a
 * process that has accepted one invites into its own network, through its broker (which registers the invitee
 * and gives it a channel to itself).
 *
 * <pre>{@code
 * OutgoingInvitation invitation = OutgoingInvitation.create();
 * MessagePipeEndpoint toChild = invitation.attachMessagePipe("control");
 * Process child = invitation.launch(ChildMain.class.getName());   // java, same class path
 * toChild.writeMessage("hello".getBytes());                        // waits in the pipe until the child joins
 * // in the child:
 * IncomingInvitation invitation = IncomingInvitation.acceptFromEnvironment();
 * MessagePipeEndpoint toParent = invitation.extractMessagePipe("control");
 * }</pre>
 *
 * <p><b>Call order.</b> Attach every pipe first ({@link #attachMessagePipe}); then hand the invitation out, once,
 * either by {@link #launch launching} a child JVM (its connection string goes in the environment variable
 * {@value #ENVIRONMENT_VARIABLE}, never on the command line, which other users can read) or by giving
 * {@link #connectionString()} to any process of the same user, which passes it to
 * {@link IncomingInvitation#accept(String)}. The near ends work at once: what is written on them waits until the
 * invitee has its far ends.
 *
 * <p><b>Security.</b> The invitation listens on a Unix socket in a fresh directory only this user can enter
 * (mode 0700), accepts only connections from processes of this user ({@code SO_PEERCRED}; for a launched child,
 * only from that child's pid), and only the first hello carrying its one-time 128-bit token; then it removes the
 * socket and its directory. The connection string is a secret: treat it as a password.
 *
 * <p><b>Failure.</b> If no invitee presents the token within the deadline (30 s by default, see
 * {@link #deadline(Duration)}), or the launched child exits first, or the invitation is {@link #withdraw()
 * withdrawn} before that, the attached pipes are closed: their near ends see {@link Signals#PEER_CLOSED}. After the invitee
 * has joined, its death (even by {@code kill -9}) makes every pipe to it peer-closed once the messages already
 * received have been read.
 *
 * <p><b>Networks.</b> The processes of one network reach each other directly: when one has a message for another
 * it has no channel to, the broker introduces them (gives both ends of a new socket pair), so pipes may go
 * anywhere in the network and their traffic never passes through the broker.
 *
 * <p>Thread-safe.
 */
public final class OutgoingInvitation {
    /** The environment variable through which a launched child receives its connection string. */
    public static final String ENVIRONMENT_VARIABLE = Bootstrap.ENVIRONMENT_VARIABLE;

    private final Inviter inviter;
    private volatile Duration deadline = Inviter.DEFAULT_DEADLINE;

    private OutgoingInvitation(Core core) {
        this.inviter = new Inviter(LocalCore.of(Objects.requireNonNull(core, "core")));
    }

    /** An invitation from this process's node ({@link Core#instance()}). */
    public static OutgoingInvitation create() {
        return new OutgoingInvitation(Core.instance());
    }

    /** An invitation from {@code core}'s node (several nodes in one JVM, in tests). */
    public static OutgoingInvitation create(Core core) {
        return new OutgoingInvitation(core);
    }

    /**
     * Attaches a new message pipe under {@code name} and returns this side's end; the invitee takes the other
     * with {@link IncomingInvitation#extractMessagePipe(String)}.
     *
     * @throws IllegalArgumentException if {@code name} is empty, longer than 256 bytes of UTF-8, or attached already
     * @throws IllegalStateException if the invitation was already handed out or closed
     */
    public MessagePipeEndpoint attachMessagePipe(String name) {
        return inviter.attach(name);
    }

    /**
     * Sets how long the invitation waits for its invitee (default 30 s). Call before handing it out.
     *
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public OutgoingInvitation deadline(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("deadline " + timeout + ": must be positive");
        }
        deadline = timeout;
        return this;
    }

    /**
     * Starts listening and returns the connection string for one process of this user to accept with
     * {@link IncomingInvitation#accept(String)}. The same string on every call.
     *
     * @throws MojoException UNAVAILABLE if the socket cannot be made
     * @throws IllegalStateException if this process accepted an invitation and its broker has gone since
     */
    public String connectionString() {
        String s = listen();
        inviter.startAccepting(deadline);
        return s;
    }

    private String listen() {
        try {
            return inviter.listen();
        } catch (NativeException e) {
            throw new MojoException(MojoResult.UNAVAILABLE, "cannot listen for the invitee: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the invitation's directory", e);
        }
    }

    /**
     * Starts {@code builder}'s process with the connection string in its environment ({@value #ENVIRONMENT_VARIABLE})
     * and accepts only that process. If it exits before joining, the attached pipes close.
     *
     * @throws IOException if the process cannot be started (the attached pipes are then closed)
     */
    public Process launch(ProcessBuilder builder) throws IOException {
        builder.environment().put(ENVIRONMENT_VARIABLE, listen());
        Process process;
        try {
            process = builder.start();
        } catch (IOException | RuntimeException e) {
            inviter.withdraw();
            throw e;
        }
        inviter.expectPid(process.pid());
        inviter.startAccepting(deadline);
        process.onExit().thenRun(inviter::withdraw); // nothing once it joined
        return process;
    }

    /**
     * Launches {@code mainClass} in a new JVM of this Java installation with this JVM's class path
     * ({@link #javaCommand}), stdout and stderr inherited, and invites it ({@link #launch(ProcessBuilder)}).
     */
    public Process launch(String mainClass, String... args) throws IOException {
        return launch(new ProcessBuilder(javaCommand(mainClass, args)).inheritIO());
    }

    /**
     * The command that runs {@code mainClass} in a new JVM like this one: this installation's {@code java}, with
     * native access enabled for jmojo, this JVM's class path, then {@code args}. For a {@link ProcessBuilder} of
     * your own (other options, redirections) to pass to {@link #launch(ProcessBuilder)}.
     */
    public static List<String> javaCommand(String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Objects.requireNonNull(mainClass, "mainClass"));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Waits until the invitee has joined and its pipes are on their way to it, and the invitation's socket file
     * and directory are removed (so its connection string can no longer be used).
     *
     * @return whether it joined; false if the invitation failed (deadline, child exit, close) or {@code timeout}
     *     passed first
     */
    public boolean awaitAccepted(Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        try {
            inviter.outcome().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            inviter.listenerRemoved().get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /**
     * Withdraws the invitation if no invitee has joined yet: its socket is removed and its attached pipes close
     * (their near ends see PEER_CLOSED). Once an invitee has joined, does nothing: the pipes are the invitee's.
     * Idempotent. (Not {@code close()}: an invitation is normally left to run after it is handed out.)
     */
    public void withdraw() {
        inviter.withdraw();
    }
}

package org.jmojo.examples;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jmojo.bindings.DisconnectReason;
import org.jmojo.bindings.InterfaceDescriptor;
import org.jmojo.bindings.PendingReceiver;
import org.jmojo.bindings.PendingRemote;
import org.jmojo.bindings.Receiver;
import org.jmojo.bindings.Remote;
import org.jmojo.system.IncomingInvitation;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.OutgoingInvitation;

/**
 * A Mojom service in a child JVM, for the examples across processes: the parent {@link #launch}es the child with
 * one invitation pipe, "service", and binds a {@link Remote} on its end; the child {@link #serve}s an
 * implementation on the other end until the parent closes its remote, then exits with status 0.
 *
 * @param process the child
 * @param remote the parent's client of the child's service; closing it ends the child
 */
record ServiceProcess<I>(Process process, Remote<I> remote) implements AutoCloseable {
    /** How long the parent waits for the child to join and, later, to exit: only a bound on a failing run. */
    static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PIPE = "service";

    /**
     * Launches {@code main} with {@code args} in a new JVM (this one's class path; its output goes to this
     * process's), invites it with the pipe "service", and binds a remote of {@code iface} on this end.
     *
     * @throws IllegalStateException if the child does not join within {@link #WAIT} (it is then killed)
     */
    static <I> ServiceProcess<I> launch(InterfaceDescriptor<I> iface, Class<?> main, String... args)
            throws IOException, InterruptedException {
        OutgoingInvitation invitation = OutgoingInvitation.create();
        MessagePipeEndpoint end = invitation.attachMessagePipe(PIPE);
        Process child = invitation.launch(main.getName(), args);
        if (!invitation.awaitAccepted(WAIT)) {
            child.destroyForcibly();
            end.close();
            throw new IllegalStateException("child " + child.pid() + " did not join within " + WAIT);
        }
        // Calls made now wait in the pipe until the child binds its receiver.
        return new ServiceProcess<>(child, Remote.bind(new PendingRemote<>(iface, end)));
    }

    /**
     * In the child: accepts the invitation of {@link #launch}, serves {@code impl} on its pipe until the parent
     * disconnects, then exits the JVM with status 0.
     */
    static <I> void serve(InterfaceDescriptor<I> iface, I impl) throws Exception {
        MessagePipeEndpoint end = IncomingInvitation.acceptFromEnvironment().extractMessagePipe(PIPE);
        CompletableFuture<DisconnectReason> parentGone = new CompletableFuture<>();
        try (Receiver<I> receiver = Receiver.bind(new PendingReceiver<>(iface, end), impl)) {
            receiver.setDisconnectHandler(parentGone::complete);
            parentGone.get();
        }
        System.exit(0);
    }

    /**
     * Closes the remote, which ends the child, and waits for it to exit.
     *
     * @return the child's exit status, or -1 if it did not exit within {@link #WAIT} (it is then killed)
     */
    int closeAndWait() throws InterruptedException {
        remote.close();
        if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    /** Closes the remote and kills the child if it is still running (for failures; see {@link #closeAndWait}). */
    @Override
    public void close() {
        remote.close();
        process.destroyForcibly();
    }
}

package org.jmojo.internal.ipc;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jmojo.internal.channel.Id128;
import org.jmojo.internal.platform.Fd;
import org.jmojo.internal.platform.Poller;
import org.jmojo.internal.platform.SocketMessenger;
import org.jmojo.internal.platform.UnixSocket;
import org.jmojo.internal.ports.PortName;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.OutgoingInvitation;

/**
 * The middle process of {@code ParentDeathTest}: it invites the test's node (the test JVM plays the child) and then
 * dies, by SIGKILL from the test or by a normal exit when the test writes {@code exit} on its stdin (also at the end
 * of its stdin). It reports on stdout, one line each: {@code invite CONNECTION}, then what it reached. Parts:
 * <ul>
 *   <li>{@code pending}: a raw listener, not a node: sees the invitee's connection wait in its backlog, never accepts
 *       it ("pending");
 *   <li>{@code silent}: a raw listener, not a node: accepts the connection and reads nothing ("accepted"), so the
 *       invitee's hello is still unread when it dies;
 *   <li>{@code hello}: a raw listener: accepts, reads the invitee's hello and answers nothing ("hello");
 *   <li>{@code idle}: a real invitation with the pipe "data"; once joined ("joined") it does nothing;
 *   <li>{@code stream}: as {@code idle}, then writes stream messages on "data" until it dies ("joined").
 * </ul>
 */
public final class DyingInviter {
    private DyingInviter() {}

    public static void main(String[] args) throws Exception {
        Thread writer = null;
        switch (args[0]) {
            case "pending", "silent", "hello" -> raw(args[0]);
            case "idle", "stream" -> {
                OutgoingInvitation invitation = OutgoingInvitation.create().deadline(InvitedChild.WAIT.multipliedBy(2));
                MessagePipeEndpoint data = invitation.attachMessagePipe("data");
                say("invite " + invitation.connectionString());
                if (!invitation.awaitAccepted(InvitedChild.WAIT.multipliedBy(2))) {
                    say("not joined");
                    System.exit(1);
                }
                if (args[0].equals("stream")) {
                    writer = Thread.ofPlatform().start(() -> {
                        for (int i = 0; !stopWriting; i++) {
                            if (data.writeMessage(InvitedChild.streamMessage(i)) != MojoResult.OK) {
                                return;
                            }
                        }
                    });
                }
                say("joined");
            }
            default -> throw new IllegalArgumentException("unknown part " + args[0]);
        }
        awaitExitCommand();
        stopWriting = true;
        if (writer != null) {
            writer.join(); // an exit while writing: the shutdown hook then finds the write queues settling
        }
        System.exit(0);
    }

    /** Set by the main thread to stop the stream writer before a normal exit. */
    private static volatile boolean stopWriting;

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** Returns at "exit" or at the end of stdin (the test JVM ended). */
    private static void awaitExitCommand() throws java.io.IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.equals("exit")) {
                return;
            }
        }
    }

    /** Listens like an inviter but speaks no jmojo: the invitee's handshake stops where the part says. */
    private static void raw(String part) throws Exception {
        Path dir = Files.createTempDirectory("jmojo-dying-");
        Path path = dir.resolve("invitation");
        Fd listener = UnixSocket.listen(path, 4);
        say("invite " + Bootstrap.connectionString(path, new Id128(0x1234, 0x5678), new PortName(7, 9)));
        try (Poller poller = new Poller(1)) {
            poller.set(0, listener, Poller.IN);
            if (part.equals("pending")) {
                poller.poll(-1); // a connection waits in the backlog
                say("pending");
                return;
            }
            Fd connection = null;
            while (connection == null) {
                poller.poll(-1);
                connection = UnixSocket.accept(listener);
            }
            if (part.equals("silent")) {
                say("accepted");
                return;
            }
            poller.set(0, connection, Poller.IN);
            poller.poll(-1);
            List<Fd> fds = new ArrayList<>();
            long n = new SocketMessenger(4096).receive(connection, fds);
            say(n > 0 ? "hello" : "no hello: " + n);
        }
    }

    /** The connection string of a line {@code invite CONNECTION}. */
    static String connection(String line) {
        if (!line.startsWith("invite ")) {
            throw new IllegalStateException("expected an invitation, got: " + line);
        }
        return line.substring("invite ".length());
    }
}

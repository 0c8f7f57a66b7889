package org.jmojo.internal.ipc;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.internal.multinode.Nodes;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.NamedEndpoint;
import org.jmojo.system.Signals;

/**
 * A child JVM that was not invited: it knows only the socket path in its arguments and reaches the parent (or is
 * reached) through a {@link NamedEndpoint} (public API, but for the fresh nodes of {@code cycles}). Parts:
 * <ul>
 *   <li>{@code serve PATH}: listens at PATH and echoes every message on every connection, until killed;
 *   <li>{@code connect PATH ID N}: connects, says "client ID", writes N stream messages while reading and checking N,
 *       then says "ok ID" and exits once the parent closes the pipe;
 *   <li>{@code cycles PATH}: for each line on stdin, connects a fresh node, sends the line's number, waits for it to
 *       come back, and disconnects (closes the pipe and the node's channels); exits at the end of stdin.
 * </ul>
 * Exits 0 when done, 1 on a mismatch (printed).
 */
public final class LinkedChild {
    private LinkedChild() {}

    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[1]);
        switch (args[0]) {
            case "serve" -> serve(path);
            case "connect" -> connect(path, args[2], Integer.parseInt(args[3]));
            case "cycles" -> cycles(path);
            default -> throw new IllegalArgumentException("unknown part " + args[0]);
        }
        System.exit(0);
    }

    private static void serve(Path path) throws InterruptedException {
        NamedEndpoint endpoint = NamedEndpoint.listen(path);
        for (;;) {
            MessagePipeEndpoint client = endpoint.accept(InvitedChild.WAIT).orElse(null);
            if (client == null) {
                continue; // nobody yet: this server runs until it is killed
            }
            Thread.ofPlatform().daemon(true).start(() -> {
                while (Core.instance().wait(client, Signals.READABLE, Deadline.INFINITE).result()
                        == MojoResult.OK) {
                    Message m = client.readMessage().message();
                    client.writeMessage(m.bytes());
                }
                client.close();
            });
        }
    }

    private static void connect(Path path, String id, int n) throws InterruptedException {
        MessagePipeEndpoint server = NamedEndpoint.connect(Core.instance(), path, InvitedChild.WAIT);
        server.writeMessage(("client " + id).getBytes(StandardCharsets.UTF_8));
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < n; i++) {
                server.writeMessage(InvitedChild.streamMessage(i));
            }
        });
        for (int i = 0; i < n; i++) {
            String wrong = InvitedChild.checkStreamMessage(InvitedChild.read(server).bytes(), i);
            if (wrong != null) {
                System.out.println("client " + id + ": " + wrong);
                System.exit(1);
            }
        }
        writer.join();
        server.writeMessage(("ok " + id).getBytes(StandardCharsets.UTF_8));
        Core.instance().wait(server, Signals.PEER_CLOSED, Deadline.after(InvitedChild.WAIT));
    }

    private static void cycles(Path path) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            int number = Integer.parseInt(line.trim());
            Core node = Nodes.newNode();
            MessagePipeEndpoint server = NamedEndpoint.connect(node, path, InvitedChild.WAIT);
            byte[] sent = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(number).array();
            server.writeMessage(sent);
            MojoResult w = node.wait(server, Signals.READABLE, Deadline.after(InvitedChild.WAIT)).result();
            if (w != MojoResult.OK || !java.util.Arrays.equals(server.readMessage().message().bytes(), sent)) {
                System.out.println("cycle " + number + ": no echo (" + w + ")");
                System.exit(1);
            }
            server.close();
            NodeChannels.existing(LocalCore.of(node)).close();
        }
    }
}

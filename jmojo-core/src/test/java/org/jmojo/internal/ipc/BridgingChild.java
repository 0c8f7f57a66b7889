package org.jmojo.internal.ipc;

import java.nio.file.Path;
import org.jmojo.internal.multinode.Nodes;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.IncomingInvitation;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.NamedEndpoint;
import org.jmojo.system.OutgoingInvitation;
import org.jmojo.system.ReadResult;
import org.jmojo.system.Signals;

/**
 * A child JVM that is the broker B of a network of its own, with one client B1 (a second node of this JVM, invited
 * through a real socket), and that connects to the named endpoint at {@code PATH} of another network: an isolated
 * link ({@code IsolatedLinkProcessTest}). Every pipe end that arrives on the link, B passes to B1, which echoes
 * every message on it, handles included, until its peer closes. Runs until killed.
 */
public final class BridgingChild {
    private BridgingChild() {}

    public static void main(String[] args) throws Exception {
        Core b = Core.instance();
        Core b1 = Nodes.newNode();
        OutgoingInvitation invitation = OutgoingInvitation.create(b);
        MessagePipeEndpoint toB1 = invitation.attachMessagePipe("control");
        MessagePipeEndpoint atB1 = IncomingInvitation.accept(b1, invitation.connectionString(), InvitedChild.WAIT)
                .extractMessagePipe("control");
        Thread.ofPlatform().start(() -> echoEveryPipe(b1, atB1));
        MessagePipeEndpoint link = NamedEndpoint.connect(Path.of(args[0]));
        System.out.println("linked");
        for (;;) {
            Message m = next(b, link);
            if (m == null) {
                System.exit(0); // the other network closed the link's pipe
            }
            if (toB1.writeMessage(m.bytes(), m.handles()) != MojoResult.OK) {
                System.out.println("B1 is gone");
                System.exit(1);
            }
        }
    }

    /** Each pipe end arriving on {@code control} gets a thread echoing what comes on it. */
    private static void echoEveryPipe(Core b1, MessagePipeEndpoint control) {
        for (Message m; (m = next(b1, control)) != null; ) {
            MessagePipeEndpoint pipe = m.handle(0, MessagePipeEndpoint.class);
            Thread.ofPlatform().start(() -> {
                for (Message echo; (echo = next(b1, pipe)) != null; ) {
                    pipe.writeMessage(echo.bytes(), echo.handles());
                }
                pipe.close();
            });
        }
    }

    /** The next message on {@code end}, or null once its peer is closed and it is drained. */
    private static Message next(Core core, MessagePipeEndpoint end) {
        MojoResult w = core.wait(end, Signals.READABLE, Deadline.INFINITE).result();
        if (w != MojoResult.OK) {
            return null;
        }
        ReadResult r = end.readMessage();
        return r.isOk() ? r.message() : null;
    }
}

package org.jmojo.examples;

import static org.jmojo.examples.ProcessSteps.read;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.IncomingInvitation;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.OutgoingInvitation;
import org.jmojo.system.Signals;

/**
 * {@code ./jmojo example ipc}: a process's death seen through its pipes. The parent invites a child JVM that writes
 * without pause, kills it with SIGKILL after 1,000 of its messages, then reads what arrived until its pipe reports
 * PEER_CLOSED (reason PEER_LOST). Every line names its process and pid. ({@code ./jmojo demo} shows the rest of
 * the multi-process API: invitations, pipes and descriptors sent, a pipe moving across three processes.)
 */
public final class IpcExample {
    private final ProcessSteps steps;

    IpcExample(PrintStream out) {
        this.steps = new ProcessSteps(out, "parent");
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--flooding-child")) {
            floodingChild();
            return;
        }
        System.exit(new IpcExample(System.out).run());
    }

    /** The parent's part; returns the exit status (0 when everything happened as printed). */
    int run() throws Exception {
        OutgoingInvitation invitation = OutgoingInvitation.create();
        MessagePipeEndpoint data = invitation.attachMessagePipe("data");
        Process flooding = invitation.launch(IpcExample.class.getName(), "--flooding-child");
        steps.say("launched a child JVM (pid " + flooding.pid() + ") that writes on pipe \"data\" without pause");
        long received = 0;
        while (received < 1000) {
            read(data);
            received++;
        }
        flooding.destroyForcibly();
        flooding.waitFor(ProcessSteps.WAIT.toSeconds(), TimeUnit.SECONDS);
        steps.say("killed the child (pid " + flooding.pid() + ") with SIGKILL after " + received + " of its messages");
        while (Core.instance().wait(data, Signals.READABLE, Deadline.after(ProcessSteps.WAIT)).result() == MojoResult.OK) {
            if (data.readMessage().isOk()) {
                received++;
            }
        }
        steps.say("read " + received + " messages in all from it, then: signals "
                + data.querySignalsState().satisfied() + ", reason " + data.peerClosureReason().orElse(null));
        data.close();
        return 0;
    }

    private static void floodingChild() {
        MessagePipeEndpoint data = IncomingInvitation.acceptFromEnvironment().extractMessagePipe("data");
        byte[] message = new byte[32];
        for (int i = 0; i < 200_000 && data.writeMessage(message) == MojoResult.OK; i++) {
            // writes until killed (or its pipe closes)
        }
        Core.instance().wait(data, Signals.PEER_CLOSED, Deadline.after(ProcessSteps.WAIT));
        System.exit(0);
    }
}

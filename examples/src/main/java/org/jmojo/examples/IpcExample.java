package org.jmojo.examples;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.IncomingInvitation;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.OutgoingInvitation;
import org.jmojo.system.ReadResult;
import org.jmojo.system.Signals;

/**
 * {@code ./jmojo example ipc}: message pipes between two processes. The parent invites a child JVM, greets it over
 * the invitation's pipe, sends it a second pipe, times round trips over that pipe, then closes; the child echoes
 * and exits when its pipes close. Last, a second child is killed with SIGKILL while it writes, and the parent's
 * pipe to it reports PEER_CLOSED after the messages that arrived. Every line names its process and pid.
 */
public final class IpcExample {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int ROUND_TRIPS = 2_000;

    private final PrintStream out;

    IpcExample(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--child")) {
            child();
            return;
        }
        if (args.length == 1 && args[0].equals("--flooding-child")) {
            floodingChild();
            return;
        }
        System.exit(new IpcExample(System.out).run());
    }

    private static String who(String role) {
        return "[" + role + " pid " + ProcessHandle.current().pid() + "]";
    }

    private static byte[] read(MessagePipeEndpoint end) {
        MojoResult w = Core.instance().wait(end, Signals.READABLE, Deadline.after(WAIT)).result();
        if (w != MojoResult.OK) {
            throw new IllegalStateException("waiting to read: " + w);
        }
        ReadResult r = end.readMessage();
        if (!r.isOk()) {
            throw new IllegalStateException("read: " + r.result());
        }
        return r.message().bytes();
    }

    /** The parent's part; returns the exit status (0 when everything happened as printed). */
    int run() throws Exception {
        String me = who("parent");
        Process child;
        MessagePipeEndpoint control;
        OutgoingInvitation invitation = OutgoingInvitation.create();
        control = invitation.attachMessagePipe("control");
        child = invitation.launch(new ProcessBuilder(OutgoingInvitation.javaCommand(IpcExample.class.getName(), "--child"))
                .inheritIO());
        out.println(me + " launched a child JVM, pid " + child.pid() + ", and invited it with one pipe, \"control\"");
        if (!invitation.awaitAccepted(WAIT)) {
            out.println(me + " the child did not join");
            return 1;
        }
        out.println(me + " the child joined; its end of \"control\" is on its way");
        control.writeMessage("hello, child".getBytes(StandardCharsets.UTF_8));
        out.println(me + " child says: " + new String(read(control), StandardCharsets.UTF_8));

        MessagePipe second = Core.instance().createMessagePipe();
        control.writeMessage("here is a second pipe".getBytes(StandardCharsets.UTF_8), List.of(second.end1()));
        out.println(me + " sent the child a second pipe; it says: " + new String(read(second.end0()), StandardCharsets.UTF_8));

        byte[] payload = new byte[64];
        long[] nanos = new long[ROUND_TRIPS];
        for (int i = 0; i < ROUND_TRIPS; i++) {
            long t0 = System.nanoTime();
            second.end0().writeMessage(payload);
            read(second.end0());
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        out.printf("%s %,d round trips of 64 bytes to the child over the second pipe: median %.1f µs%n", me, ROUND_TRIPS,
                nanos[ROUND_TRIPS / 2] / 1000.0);

        second.end0().close();
        control.close();
        out.println(me + " closed both pipes; the child sees PEER_CLOSED and exits");
        if (!child.waitFor(60, TimeUnit.SECONDS) || child.exitValue() != 0) {
            out.println(me + " the child did not exit cleanly");
            return 1;
        }
        out.println(me + " child " + child.pid() + " exited with status 0");
        return killedChild(me);
    }

    /** A second child writes without pause; it is killed with SIGKILL; the pipe reports what arrived, then PEER_CLOSED. */
    private int killedChild(String me) throws Exception {
        Process flooding;
        MessagePipeEndpoint data;
        OutgoingInvitation invitation = OutgoingInvitation.create();
        data = invitation.attachMessagePipe("data");
        flooding = invitation.launch(new ProcessBuilder(
                OutgoingInvitation.javaCommand(IpcExample.class.getName(), "--flooding-child")).inheritIO());
        long received = 0;
        while (received < 1000) {
            read(data);
            received++;
        }
        flooding.destroyForcibly();
        flooding.waitFor(60, TimeUnit.SECONDS);
        out.println(me + " killed a second child (pid " + flooding.pid() + ") with SIGKILL after " + received + " of its messages");
        while (Core.instance().wait(data, Signals.READABLE, Deadline.after(WAIT)).result() == MojoResult.OK) {
            if (data.readMessage().isOk()) {
                received++;
            }
        }
        out.println(me + " read " + received + " messages in all from it, then: signals "
                + data.querySignalsState().satisfied() + ", reason " + data.peerClosureReason().orElse(null));
        data.close();
        return 0;
    }

    private static void child() {
        String me = who("child");
        IncomingInvitation invitation = IncomingInvitation.acceptFromEnvironment();
        MessagePipeEndpoint control = invitation.extractMessagePipe("control");
        System.out.println(me + " joined; took pipe \"control\"; parent says: " + new String(read(control), StandardCharsets.UTF_8));
        control.writeMessage(("hello, parent, from pid " + ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8));
        // The second pipe arrives inside a message.
        MojoResult w = Core.instance().wait(control, Signals.READABLE, Deadline.after(WAIT)).result();
        if (w != MojoResult.OK) {
            throw new IllegalStateException("no second pipe: " + w);
        }
        MessagePipeEndpoint second = control.readMessage().message().handle(0, MessagePipeEndpoint.class);
        second.writeMessage("got it; echoing whatever comes".getBytes(StandardCharsets.UTF_8));
        int echoed = 0;
        while (Core.instance().wait(second, Signals.READABLE, Deadline.after(WAIT)).result() == MojoResult.OK) {
            ReadResult r = second.readMessage();
            if (r.isOk()) {
                second.writeMessage(r.message().bytes());
                echoed++;
            }
        }
        System.out.println(me + " echoed " + echoed + " messages; the second pipe is "
                + second.querySignalsState().satisfied() + "; exiting");
        System.exit(0);
    }

    private static void floodingChild() {
        MessagePipeEndpoint data = IncomingInvitation.acceptFromEnvironment().extractMessagePipe("data");
        byte[] message = new byte[32];
        for (int i = 0; i < 200_000 && data.writeMessage(message) == MojoResult.OK; i++) {
            // writes until killed (or its pipe closes)
        }
        Core.instance().wait(data, Signals.PEER_CLOSED, Deadline.after(WAIT));
        System.exit(0);
    }
}

package org.jmojo.examples;

import static org.jmojo.examples.ProcessSteps.read;
import static org.jmojo.examples.ProcessSteps.readNumbered;
import static org.jmojo.examples.ProcessSteps.readText;
import static org.jmojo.examples.ProcessSteps.utf8;
import static org.jmojo.examples.ProcessSteps.write;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.IncomingInvitation;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.OutgoingInvitation;
import org.jmojo.system.PlatformHandle;
import org.jmojo.system.ReadResult;
import org.jmojo.system.Signals;

/**
 * The demo behind {@code ./jmojo demo}: three processes, one jmojo node each, joined by Unix sockets. The parent
 * launches and invites child A, exchanges messages with it over the invitation's pipe, sends it a second pipe and
 * the descriptor of an open file (deleted before the child reads it, so only the descriptor can reach it); child A
 * reads the file through the descriptor and answers. Then child B joins, and a pipe M moves parent → child A →
 * child B while the parent keeps writing numbered messages on M's other end; B checks they arrive in order and
 * answers on M itself. The parent times round trips to child A, closes its pipes, waits for both children to exit,
 * and ends with the median round trip, as an illustration.
 *
 * <p>Every line names its process and pid; the children print to the same terminal (inherited stdout). Exits 0
 * when every step happened as printed; a failed check ends the process with an exception (status 1).
 * Takes a few seconds, mostly the two JVMs starting (launched together at the start).
 */
public final class Demo {
    /** Messages on M: child A reads the first {@link #AT_A}, child B the rest. */
    private static final int MOVING_MESSAGES = 300;
    private static final int AT_A = 100;
    private static final int WARMUP_ROUND_TRIPS = 500;
    private static final int ROUND_TRIPS = 1_000;
    private static final int PAYLOAD_BYTES = 64;

    private final ProcessSteps steps;
    private final Core core = Core.instance();

    Demo(PrintStream out) {
        this.steps = new ProcessSteps(out, "parent");
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--child-a")) {
            childA(new ProcessSteps(System.out, "child A"));
        } else if (args.length == 1 && args[0].equals("--child-b")) {
            childB(new ProcessSteps(System.out, "child B"));
        } else if (args.length > 0) {
            // The launcher answers --help itself; anything reaching here is a usage error or a direct call.
            boolean help = args[0].equals("--help") || args[0].equals("-h");
            (help ? System.out : System.err).println("Usage: jmojo demo   (takes no arguments; see ./jmojo demo --help)");
            System.exit(help ? 0 : 2);
        } else {
            System.exit(new Demo(System.out).run());
        }
        System.exit(0);
    }

    /** The parent's part; returns 0 when both children did their part and exited with status 0. */
    int run() throws Exception {
        steps.say("three processes, one jmojo node each, joined by Unix sockets; this one is the broker");
        OutgoingInvitation invitationA = OutgoingInvitation.create();
        MessagePipeEndpoint controlA = invitationA.attachMessagePipe("control");
        Process childA = invitationA.launch(Demo.class.getName(), "--child-a");
        steps.say("launched child A (pid " + childA.pid() + ") and invited it with one pipe, \"control\"");
        // Child B starts now too, so that the two JVMs start up together; it is not used before step 4.
        OutgoingInvitation invitationB = OutgoingInvitation.create();
        MessagePipeEndpoint controlB = invitationB.attachMessagePipe("control");
        Process childB = invitationB.launch(Demo.class.getName(), "--child-b");

        // 1. Messages over the invitation's pipe.
        write(controlA, utf8("hello, child A"));
        steps.say("wrote \"hello, child A\" on control (it waits in the pipe until A joins)");
        steps.say("child A answers: " + readText(controlA));

        // 2. A second pipe and an open file's descriptor.
        MessagePipe second = core.createMessagePipe();
        Path file = Files.createTempFile("jmojo-demo", ".txt");
        String contents = "a line the parent (pid " + ProcessHandle.current().pid() + ") wrote at " + Instant.now();
        Files.writeString(file, contents);
        PlatformHandle descriptor = core.wrapFileChannel(FileChannel.open(file, StandardOpenOption.READ));
        Files.delete(file);
        steps.say("opened " + file + " (" + contents.length() + " bytes), deleted it, and sends child A a second pipe"
                + " and the file's open descriptor");
        check(controlA.writeMessage(utf8("a second pipe and a file"), List.of(second.end1(), descriptor)), "write");
        String answer = readText(second.end0());
        steps.say("child A answers on the second pipe: " + answer);
        if (!answer.endsWith(contents)) {
            throw new IllegalStateException("child A read something else than the file: " + answer);
        }

        // 3. A third process joins; pipe M moves parent -> A -> B while messages flow on it.
        if (!invitationB.awaitAccepted(ProcessSteps.WAIT)) {
            throw new IllegalStateException("child B did not join");
        }
        steps.say("child B (pid " + childB.pid() + ") joined: a third process");
        MessagePipe moving = core.createMessagePipe();
        MessagePipeEndpoint m = moving.end0();
        writeNumbered(m, 0, AT_A / 2);
        check(controlA.writeMessage(utf8("M"), List.of(moving.end1())), "write");
        writeNumbered(m, AT_A / 2, AT_A);
        steps.say("sent child A one end of a new pipe M, writing messages 0.." + (AT_A - 1) + " on the other end");
        Message back = read(controlA);
        MessagePipeEndpoint mEnd = back.handle(0, MessagePipeEndpoint.class);
        // Children are connected to the broker only (no introductions yet), so A's hand-off to B passes here.
        check(controlB.writeMessage(utf8("M"), List.of(mEnd)), "write");
        writeNumbered(m, AT_A, MOVING_MESSAGES);
        steps.say("child A handed M on; passed it through to child B, writing messages " + AT_A + ".."
                + (MOVING_MESSAGES - 1) + " meanwhile");
        steps.say("child B answers on M itself: " + readText(m));

        // 4. An illustration of the round-trip latency (printed last).
        byte[] payload = new byte[PAYLOAD_BYTES];
        long[] nanos = new long[ROUND_TRIPS];
        for (int i = 0; i < WARMUP_ROUND_TRIPS + ROUND_TRIPS; i++) {
            long start = System.nanoTime();
            write(second.end0(), payload);
            read(second.end0());
            if (i >= WARMUP_ROUND_TRIPS) {
                nanos[i - WARMUP_ROUND_TRIPS] = System.nanoTime() - start;
            }
        }
        Arrays.sort(nanos);

        // 5. Closing: each child sees PEER_CLOSED on its pipes and exits.
        for (MessagePipeEndpoint end : List.of(second.end0(), m, controlA, controlB)) {
            end.close();
        }
        steps.say("closed every pipe; the children see PEER_CLOSED and exit");
        for (Process child : List.of(childA, childB)) {
            if (!child.waitFor(ProcessSteps.WAIT.toSeconds(), TimeUnit.SECONDS) || child.exitValue() != 0) {
                steps.say("child " + child.pid() + " did not exit with status 0");
                return 1;
            }
        }
        steps.say("both children exited with status 0");
        steps.say(String.format("round trip parent -> child A -> parent over the second pipe, %d bytes: median %.1f µs"
                        + " of %,d (after %,d to warm up; an illustration on this machine, not a benchmark)",
                PAYLOAD_BYTES, nanos[ROUND_TRIPS / 2] / 1_000.0, ROUND_TRIPS, WARMUP_ROUND_TRIPS));
        return 0;
    }

    private static void writeNumbered(MessagePipeEndpoint end, int first, int limit) {
        for (int seq = first; seq < limit; seq++) {
            write(end, ProcessSteps.numbered(seq));
        }
    }

    private static void check(MojoResult r, String what) {
        if (r != MojoResult.OK) {
            throw new IllegalStateException(what + ": " + r);
        }
    }

    private static void childA(ProcessSteps steps) throws IOException {
        MessagePipeEndpoint control = IncomingInvitation.acceptFromEnvironment().extractMessagePipe("control");
        steps.say("joined; took pipe \"control\"; the parent says: " + readText(control));
        write(control, utf8("hello, parent, from child A (pid " + ProcessHandle.current().pid() + ")"));

        Message m = read(control);
        MessagePipeEndpoint second = m.handle(0, MessagePipeEndpoint.class);
        String contents;
        try (FileChannel file = m.handle(1, PlatformHandle.class).unwrapFileChannel()) {
            ByteBuffer bytes = ByteBuffer.allocate((int) file.size());
            while (bytes.hasRemaining() && file.read(bytes, bytes.position()) > 0) {
                // read(dst, position) leaves the shared file offset alone
            }
            contents = new String(bytes.array(), StandardCharsets.UTF_8);
        }
        steps.say("got a second pipe and a descriptor; read " + contents.length() + " bytes of the (deleted) file"
                + " through it");
        write(second, utf8("through the descriptor I read: " + contents));

        MessagePipeEndpoint moving = read(control).handle(0, MessagePipeEndpoint.class);
        readNumbered(moving, 0, AT_A);
        steps.say("got M; read messages 0.." + (AT_A - 1) + " on it in order; handing M on to child B");
        check(control.writeMessage(utf8("M"), List.of(moving)), "write");

        long echoed = 0;
        ReadResult r;
        while (Core.instance().wait(second, Signals.READABLE, Deadline.after(ProcessSteps.WAIT)).result()
                == MojoResult.OK) {
            if ((r = second.readMessage()).isOk()) {
                write(second, r.message().bytes());
                echoed++;
            }
        }
        steps.say(String.format("echoed %,d messages on the second pipe; its peer closed; exiting", echoed));
    }

    private static void childB(ProcessSteps steps) {
        MessagePipeEndpoint control = IncomingInvitation.acceptFromEnvironment().extractMessagePipe("control");
        MessagePipeEndpoint moving = read(control).handle(0, MessagePipeEndpoint.class);
        readNumbered(moving, AT_A, MOVING_MESSAGES);
        steps.say("got M from child A; read messages " + AT_A + ".." + (MOVING_MESSAGES - 1) + " on it in order");
        write(moving, utf8("child B (pid " + ProcessHandle.current().pid() + ") read messages " + AT_A + ".."
                + (MOVING_MESSAGES - 1) + " in order"));
        Core.instance().wait(control, Signals.PEER_CLOSED, Deadline.after(ProcessSteps.WAIT));
        steps.say("the parent closed its pipes; exiting");
    }
}

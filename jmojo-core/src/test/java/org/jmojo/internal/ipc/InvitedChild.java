package org.jmojo.internal.ipc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.IncomingInvitation;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.OutgoingInvitation;
import org.jmojo.system.ReadResult;
import org.jmojo.system.Signals;

/**
 * The child JVM of {@code ChildProcessTest}: accepts the invitation it was launched with (public API only) and
 * plays one part, named by its first argument. Exits 0 once the parent closes the pipe ("done"), 1 on any
 * mismatch (printed to stderr).
 */
public final class InvitedChild {
    static final Duration WAIT = Duration.ofSeconds(60);

    private InvitedChild() {}

    /** Message {@code seq} of a stream: its number, then bytes that depend on it (checked by the reader). */
    static byte[] streamMessage(int seq) {
        int length = 8 + seq % 57;
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(seq).putInt(length);
        for (int i = 8; i < length; i++) {
            b.put((byte) (seq * 31 + i));
        }
        return b.array();
    }

    /** Null if {@code bytes} is stream message {@code seq}, else what is wrong. */
    static String checkStreamMessage(byte[] bytes, int seq) {
        byte[] expected = streamMessage(seq);
        if (java.util.Arrays.equals(bytes, expected)) {
            return null;
        }
        int got = bytes.length >= 4 ? ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt() : -1;
        return "message " + seq + ": got " + bytes.length + " bytes numbered " + got;
    }

    static Message read(MessagePipeEndpoint end) {
        MojoResult w = Core.instance().wait(end, Signals.READABLE, Deadline.after(WAIT)).result();
        if (w != MojoResult.OK) {
            throw new IllegalStateException("waiting to read: " + w);
        }
        ReadResult r = end.readMessage();
        if (!r.isOk()) {
            throw new IllegalStateException("read: " + r.result());
        }
        return r.message();
    }

    private static void awaitPeerClosed(MessagePipeEndpoint end) {
        Core.instance().wait(end, Signals.PEER_CLOSED, Deadline.after(WAIT));
    }

    /**
     * Accepts the invitation this JVM was launched with, waiting longer than the default 30 s: on a busy machine
     * (many JVMs starting at once) joining takes longer.
     */
    static IncomingInvitation acceptInvitation() {
        return IncomingInvitation.accept(Core.instance(), System.getenv(OutgoingInvitation.ENVIRONMENT_VARIABLE),
                WAIT.multipliedBy(2));
    }

    public static void main(String[] args) throws Exception {
        IncomingInvitation invitation = acceptInvitation();
        switch (args[0]) {
            case "stream" -> stream(invitation.extractMessagePipe("data"), Integer.parseInt(args[1]));
            case "handles" -> handles(invitation.extractMessagePipe("control"));
            case "relay" -> relay(invitation.extractMessagePipe("control"), Integer.parseInt(args[1]));
            case "file" -> file(invitation.extractMessagePipe("control"));
            case "handoff" -> handoff(invitation.extractMessagePipe("control"), Integer.parseInt(args[1]));
            case "inviter" -> inviter(invitation.extractMessagePipe("control"));
            case "peer" -> peer(invitation.extractMessagePipe("control"), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "flood" -> flood(invitation.extractMessagePipe("data"), invitation.extractMessagePipe("idle"),
                    Integer.parseInt(args[1]));
            case "echo-close" -> echoAndClose(invitation.extractMessagePipe("control"));
            default -> throw new IllegalArgumentException("unknown part " + args[0]);
        }
        System.exit(0);
    }

    /** Writes {@code n} stream messages while reading and checking {@code n}; then reports "ok N" or the mismatch. */
    private static void stream(MessagePipeEndpoint data, int n) throws Exception {
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < n; i++) {
                MojoResult r = data.writeMessage(streamMessage(i));
                if (r != MojoResult.OK) {
                    throw new IllegalStateException("write " + i + ": " + r);
                }
            }
        });
        String verdict = "ok " + n;
        for (int i = 0; i < n; i++) {
            String wrong = checkStreamMessage(read(data).bytes(), i);
            if (wrong != null) {
                verdict = wrong;
                break;
            }
        }
        writer.join();
        data.writeMessage(verdict.getBytes(StandardCharsets.UTF_8));
        awaitPeerClosed(data);
    }

    /** Takes the endpoint the parent sends, greets on it, echoes one message back on it. */
    private static void handles(MessagePipeEndpoint control) {
        Message m = read(control);
        MessagePipeEndpoint received = m.handle(0, MessagePipeEndpoint.class);
        received.writeMessage(("hello from pid " + ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8));
        byte[] echo = read(received).bytes();
        received.writeMessage(echo, List.of());
        awaitPeerClosed(control);
    }

    /**
     * Relays an endpoint: each message on {@code control} carries an endpoint and the number of the next stream
     * message on it; reads and checks {@code k} messages from it, then sends it back with the next number (or, on
     * a mismatch, a text saying what was wrong). Ends when the parent closes {@code control}.
     */
    private static void relay(MessagePipeEndpoint control, int k) {
        while (Core.instance().wait(control, Signals.READABLE, Deadline.after(WAIT)).result() == MojoResult.OK) {
            Message m = control.readMessage().message();
            int seq = ByteBuffer.wrap(m.bytes()).order(ByteOrder.LITTLE_ENDIAN).getInt();
            MessagePipeEndpoint moving = m.handle(0, MessagePipeEndpoint.class);
            String wrong = null;
            for (int i = 0; i < k && wrong == null; i++, seq++) {
                wrong = checkStreamMessage(read(moving).bytes(), seq);
            }
            byte[] reply = wrong == null
                    ? ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(seq).array()
                    : ("pid " + ProcessHandle.current().pid() + ": " + wrong).getBytes(StandardCharsets.UTF_8);
            control.writeMessage(reply, List.of(moving));
        }
    }

    /** Takes the platform handle the parent sends, reads its file through it and answers with the contents. */
    private static void file(MessagePipeEndpoint control) throws java.io.IOException {
        Message m = read(control);
        try (java.nio.channels.FileChannel file = m.handle(0, org.jmojo.system.PlatformHandle.class).unwrapFileChannel()) {
            ByteBuffer contents = ByteBuffer.allocate((int) file.size());
            while (contents.hasRemaining() && file.read(contents, contents.position()) > 0) {
                // FileChannel.read(dst, position) leaves the shared offset alone
            }
            control.writeMessage(contents.array());
        }
        awaitPeerClosed(control);
    }

    /**
     * Makes a pipe, hands one end to the parent, writes {@code n} stream messages on the other, closes it and
     * exits at once: the JVM's shutdown hook must let the moving end and the messages reach the parent.
     */
    private static void handoff(MessagePipeEndpoint control, int n) {
        org.jmojo.system.MessagePipe pipe = Core.instance().createMessagePipe();
        control.writeMessage(new byte[0], List.of(pipe.end1()));
        for (int i = 0; i < n; i++) {
            pipe.end0().writeMessage(streamMessage(i));
        }
        pipe.end0().close();
        System.exit(0);
    }

    /**
     * For each message on {@code control} until the parent closes it: closes every platform handle it carries, writes
     * the message's bytes back on the endpoint it carries and closes that endpoint.
     */
    private static void echoAndClose(MessagePipeEndpoint control) {
        while (Core.instance().wait(control, Signals.READABLE, Deadline.INFINITE).result() == MojoResult.OK) {
            Message m = control.readMessage().message();
            for (org.jmojo.system.Handle h : m.handles()) {
                if (h instanceof MessagePipeEndpoint e) {
                    e.writeMessage(m.bytes());
                }
                h.close();
            }
        }
    }

    /**
     * Invites a grandchild (this process is a client of the parent's network, so the parent registers it: add-client)
     * that plays "handles": the endpoint the parent sends on {@code control} goes on to the grandchild. Reports
     * "grandchild PID"; when the parent closes {@code control}, closes the grandchild's and waits for it to exit
     * with status 0.
     */
    private static void inviter(MessagePipeEndpoint control) throws Exception {
        MessagePipeEndpoint forGrandchild = read(control).handle(0, MessagePipeEndpoint.class);
        org.jmojo.system.OutgoingInvitation invitation = org.jmojo.system.OutgoingInvitation.create();
        MessagePipeEndpoint toGrandchild = invitation.attachMessagePipe("control");
        Process grandchild = invitation.launch(new ProcessBuilder(org.jmojo.system.OutgoingInvitation.javaCommand(
                InvitedChild.class.getName(), "handles")).inheritIO());
        toGrandchild.writeMessage(new byte[0], List.of(forGrandchild));
        control.writeMessage(("grandchild " + grandchild.pid()).getBytes(StandardCharsets.UTF_8));
        awaitPeerClosed(control);
        toGrandchild.close();
        if (!grandchild.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || grandchild.exitValue() != 0) {
            System.err.println("the grandchild did not exit cleanly");
            System.exit(1);
        }
    }

    /**
     * One end of a pipe between two children (the parent sends each child one end on {@code control}): exchanges
     * {@code warmUp} stream messages each way, reports "warm" and whether the peer is remote; after the parent's "go", exchanges
     * {@code count} more each way and reports "ok COUNT" (or the first mismatch).
     */
    private static void peer(MessagePipeEndpoint control, int warmUp, int count) throws Exception {
        MessagePipeEndpoint end = read(control).handle(0, MessagePipeEndpoint.class);
        String warm = exchange(end, 0, warmUp);
        boolean remote = end.querySignalsState().satisfiesAll(Signals.PEER_REMOTE);
        control.writeMessage((warm + " remote=" + remote).getBytes(StandardCharsets.UTF_8));
        read(control); // "go"
        control.writeMessage(exchange(end, warmUp, count).getBytes(StandardCharsets.UTF_8));
        awaitPeerClosed(control);
        end.close();
    }

    /** Writes stream messages {@code from..from+count-1} while reading and checking the same numbers from the peer. */
    private static String exchange(MessagePipeEndpoint end, int from, int count) throws InterruptedException {
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = from; i < from + count; i++) {
                MojoResult r = end.writeMessage(streamMessage(i));
                if (r != MojoResult.OK) {
                    throw new IllegalStateException("write " + i + ": " + r);
                }
            }
        });
        String verdict = from == 0 ? "warm" : "ok " + count;
        for (int i = from; i < from + count; i++) {
            String wrong = checkStreamMessage(read(end).bytes(), i);
            if (wrong != null) {
                verdict = wrong;
                break;
            }
        }
        writer.join();
        return verdict;
    }

    /** Writes up to {@code limit} stream messages as fast as it can (the parent kills it meanwhile). */
    private static void flood(MessagePipeEndpoint data, MessagePipeEndpoint idle, int limit) {
        for (int i = 0; i < limit; i++) {
            if (data.writeMessage(streamMessage(i)) != MojoResult.OK) {
                break;
            }
        }
        awaitPeerClosed(idle);
    }
}

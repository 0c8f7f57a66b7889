package org.jmojo.internal.ipc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.internal.platform.Fd;
import org.jmojo.internal.ports.Node;
import org.jmojo.internal.ports.NodeName;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.Handle;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.PlatformHandle;
import org.jmojo.system.Signals;
import org.jmojo.system.WaitManyResult;

/**
 * A child JVM of {@code ThreeProcessTest}: accepts the invitation it was launched with, tells the parent its node
 * name, and then obeys {@link Op}s that arrive on its control pipe (from the parent) or on its link (a pipe to the
 * other child): take an introduction to the other child, take the link, pass a moving endpoint on after checking
 * its share of a stream, talk on an endpoint while its other end moves too, report its node's port census. Exits 0
 * when the parent closes the control pipe; a mismatch is reported on the control pipe ({@link #ERROR}).
 */
public final class RelayChild {
    /** Child → parent: [node name high, low] in {@link Op#route} as 16 bytes. */
    static final int NAME = 1;
    /** Parent → child: the socket to the other child (handle 0) and its node name (route, 16 bytes). */
    static final int INTRODUCE = 2;
    /** Parent → child: the link, a pipe end whose other end the other child gets (handle 0). */
    static final int LINK = 3;
    /**
     * A moving endpoint (handle 0) of pipe {@code a}: read and check {@code c} stream messages from number {@code b},
     * then send it on by the route's first letter ({@code C} control, {@code L} link) with the rest of the route.
     */
    static final int HOP = 4;
    /**
     * An endpoint (handle 0) whose other end moves too: write stream messages {@code a} to {@code a+b-1} on it while
     * reading and checking {@code a+b} messages from number 0; then send it back on control ({@link #CHATTED}).
     */
    static final int CHAT = 5;
    static final int CHATTED = 6;
    /** Report, once no port of the node is proxying or buffering: [a proxying, b buffering, c ports]. */
    static final int CENSUS = 7;
    /** Child → parent: done what was asked ({@link #INTRODUCE}). */
    static final int ACK = 8;
    /** Child → parent: what was wrong (route, UTF-8). */
    static final int ERROR = 9;

    /** One instruction or answer: an op, three numbers and a route (or other bytes). */
    record Op(int op, int a, int b, int c, byte[] route) {
        static Op of(byte[] bytes) {
            ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            int op = in.getInt();
            int a = in.getInt();
            int b = in.getInt();
            int c = in.getInt();
            byte[] route = new byte[in.remaining()];
            in.get(route);
            return new Op(op, a, b, c, route);
        }

        byte[] bytes() {
            return ByteBuffer.allocate(16 + route.length).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(op).putInt(a).putInt(b).putInt(c).put(route).array();
        }

        static Op of(int op, int a, int b, int c, String route) {
            return new Op(op, a, b, c, route.getBytes(StandardCharsets.US_ASCII));
        }

        static Op naming(int op, NodeName n) {
            return new Op(op, 0, 0, 0, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(n.high()).putLong(n.low()).array());
        }

        NodeName node() {
            ByteBuffer in = ByteBuffer.wrap(route).order(ByteOrder.LITTLE_ENDIAN);
            return new NodeName(in.getLong(), in.getLong());
        }

        String text() {
            return new String(route, StandardCharsets.UTF_8);
        }
    }

    private final Core core = Core.instance();
    private final MessagePipeEndpoint control;
    private MessagePipeEndpoint link;

    private RelayChild(MessagePipeEndpoint control) {
        this.control = control;
    }

    public static void main(String[] args) throws Exception {
        RelayChild child = new RelayChild(InvitedChild.acceptInvitation().extractMessagePipe("control"));
        child.send(child.control, Op.naming(NAME, LocalCore.of(Core.instance()).nodeName()), List.of());
        child.run();
        System.exit(0);
    }

    private void send(MessagePipeEndpoint on, Op op, List<? extends Handle> handles) {
        MojoResult r = on.writeMessage(op.bytes(), handles);
        if (r != MojoResult.OK) {
            throw new IllegalStateException("write " + op.op() + ": " + r);
        }
    }

    private void fail(String what) {
        send(control, new Op(ERROR, 0, 0, 0, ("pid " + ProcessHandle.current().pid() + ": " + what)
                .getBytes(StandardCharsets.UTF_8)), List.of());
    }

    /** Obeys ops from control and link until the parent closes control. */
    private void run() throws Exception {
        for (;;) {
            List<MessagePipeEndpoint> sources = link == null ? List.of(control) : List.of(control, link);
            WaitManyResult w = core.waitMany(sources, sources.stream().map(s -> Signals.READABLE).toList(),
                    Deadline.INFINITE);
            if (w.result() != MojoResult.OK) {
                if (w.index() == 0) {
                    return; // control closed (and drained): the parent is done
                }
                fail("waiting for an op: " + w.result() + " on source " + w.index());
                return;
            }
            Message m = sources.get(w.index()).readMessage().message();
            obey(Op.of(m.bytes()), m);
        }
    }

    private void obey(Op op, Message m) throws Exception {
        switch (op.op()) {
            case INTRODUCE -> {
                int fd = m.handle(0, PlatformHandle.class).unwrapFileDescriptor();
                NodeChannels.of(LocalCore.of(core)).connectIntroduced(new Fd(fd, "socket"), op.node());
                send(control, Op.of(ACK, 0, 0, 0, ""), List.of());
            }
            case LINK -> link = m.handle(0, MessagePipeEndpoint.class);
            case HOP -> hop(op, m.handle(0, MessagePipeEndpoint.class));
            case CHAT -> chat(op, m.handle(0, MessagePipeEndpoint.class));
            case CENSUS -> census();
            default -> fail("unknown op " + op.op());
        }
    }

    private void hop(Op op, MessagePipeEndpoint moving) {
        int seq = op.b();
        for (int i = 0; i < op.c(); i++, seq++) {
            String wrong = InvitedChild.checkStreamMessage(InvitedChild.read(moving).bytes(), seq);
            if (wrong != null) {
                fail("pipe " + op.a() + ": " + wrong);
                return;
            }
        }
        String route = new String(op.route(), StandardCharsets.US_ASCII);
        MessagePipeEndpoint next = route.startsWith("L") ? link : control;
        send(next, Op.of(HOP, op.a(), seq, op.c(), route.substring(1)), List.of(moving));
    }

    private void chat(Op op, MessagePipeEndpoint end) throws InterruptedException {
        int first = op.a();
        int count = op.b();
        List<String> writeFailures = new ArrayList<>();
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = first; i < first + count; i++) {
                MojoResult r = end.writeMessage(InvitedChild.streamMessage(i));
                if (r != MojoResult.OK) {
                    writeFailures.add("write " + i + ": " + r);
                    return;
                }
            }
        });
        String wrong = null;
        for (int i = 0; i < first + count && wrong == null; i++) {
            wrong = InvitedChild.checkStreamMessage(InvitedChild.read(end).bytes(), i);
        }
        writer.join();
        if (wrong != null || !writeFailures.isEmpty()) {
            fail("chat: " + (wrong != null ? wrong : writeFailures.getFirst()));
            return;
        }
        send(control, Op.of(CHATTED, first + count, 0, 0, ""), List.of(end));
    }

    /**
     * Waits until this node is quiet — no port proxies or buffers, and none closed is still being erased (the port
     * map holds only receiving ports) — or the deadline passes (nothing signals that: a bounded poll); then reports.
     */
    private void census() {
        Node node = LocalCore.of(core).node();
        long until = System.nanoTime() + InvitedChild.WAIT.toNanos();
        Node.Census c = node.census();
        while (!ThreeProcessTest.quiet(c, node.portCount()) && System.nanoTime() < until) {
            java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
            c = node.census();
        }
        send(control, Op.of(CENSUS, c.proxying(), c.buffering(), node.portCount(), "receiving " + c.receiving()
                + ", held events " + c.heldEvents()), List.of());
    }
}

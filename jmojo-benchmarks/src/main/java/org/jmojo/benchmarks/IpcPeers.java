package org.jmojo.benchmarks;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jmojo.system.Core;
import org.jmojo.system.IncomingInvitation;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.OutgoingInvitation;

/**
 * The two processes of {@code ./jmojo bench ipc}: this JVM (the parent, the broker) and one child JVM it invites,
 * joined by jmojo message pipes and by raw {@code java.nio} Unix sockets that the child accepts.
 *
 * <p><b>Protocol.</b> The invitation's pipe {@code control} carries commands to the child, one message each, its
 * first byte the command: {@code E} (echo every message on the endpoint carried, until it closes), {@code S} (sink:
 * read every message on the endpoint carried, answering each {@value #ACK_EVERY}th with the count so far as an 8-byte
 * message), {@code O} (read one message from the endpoint carried, echo it, close it) and {@code T} (set the read
 * token switch to the second byte and answer one byte). The child answers the first control message it sends with
 * its raw socket's path. A raw connection starts with one of the bytes {@code E}, {@code S}, {@code O}, then carries
 * messages as a 4-byte big-endian length and the bytes (at most 64 KiB); acks are 8-byte counts. The child reads raw
 * connections through a 256 KiB buffer, one {@code read} taking every message that has arrived. The child exits
 * when {@code control} closes.
 *
 * <p>Single-threaded on the parent's side: one benchmark thread drives every transport. The child runs one thread
 * per echo or sink, the control loop on its main thread and a thread accepting raw connections.
 */
final class IpcPeers implements AutoCloseable {
    /** Messages a producer may have unacknowledged, on every transport. */
    static final int WINDOW = 1024;
    /** The consumer acknowledges every this many messages (batches are multiples of it). */
    static final int ACK_EVERY = 256;
    private static final Duration JOIN = Duration.ofSeconds(60);

    private final Core core = Core.instance();
    private final Process child;
    private final MessagePipeEndpoint control;
    private final UnixDomainSocketAddress rawAddress;
    private final MessagePipeEndpoint echo;
    private final MessagePipeEndpoint sink;
    private final SocketChannel rawEcho;
    private final SocketChannel rawSink;
    /** The benchmark thread's buffer for raw messages (direct: the raw socket at its best). */
    private final ByteBuffer rawBuffer = ByteBuffer.allocateDirect(4 + 65536);
    private final ByteBuffer rawAck = ByteBuffer.allocateDirect(8);
    private long jmojoSent;
    private long jmojoAcked;
    private long rawSent;
    private long rawAcked;
    private boolean readToken = true;

    private IpcPeers(Process child, MessagePipeEndpoint control) throws IOException {
        this.child = child;
        this.control = control;
        this.rawAddress = UnixDomainSocketAddress.of(new String(Transports.readBlocking(core, control),
                StandardCharsets.UTF_8));
        this.echo = handOff('E');
        this.sink = handOff('S');
        this.rawEcho = connect('E');
        this.rawSink = connect('S');
    }

    /** Launches the child, invites it and sets up every transport; the read token is on. */
    static IpcPeers launch() throws IOException, InterruptedException {
        System.setProperty(Core.READ_TOKEN_PROPERTY, "true");
        OutgoingInvitation invitation = OutgoingInvitation.create();
        MessagePipeEndpoint control = invitation.attachMessagePipe("control");
        Process child = invitation.launch(new ProcessBuilder(IpcBench.childCommand()).inheritIO());
        if (!invitation.awaitAccepted(JOIN)) {
            child.destroyForcibly();
            throw new IOException("the benchmark's child JVM (pid " + child.pid() + ") did not join within " + JOIN);
        }
        return new IpcPeers(child, control);
    }

    long childPid() {
        return child.pid();
    }

    /** Sends the child the far end of a new pipe with command {@code op}; returns the near end. */
    private MessagePipeEndpoint handOff(char op) {
        MessagePipe p = core.createMessagePipe();
        Transports.check(control.writeMessage(new byte[] {(byte) op}, List.of(p.end1())), "control write");
        return p.end0();
    }

    private SocketChannel connect(char op) throws IOException {
        SocketChannel c = SocketChannel.open(rawAddress);
        writeFully(c, ByteBuffer.wrap(new byte[] {(byte) op}));
        return c;
    }

    /** Sets the read-token switch in both processes (a no-op if it is already so). */
    void readToken(boolean on) {
        if (on == readToken) {
            return;
        }
        System.setProperty(Core.READ_TOKEN_PROPERTY, Boolean.toString(on));
        Transports.check(control.writeMessage(new byte[] {'T', (byte) (on ? 1 : 0)}), "control write");
        Transports.readBlocking(core, control);
        readToken = on;
    }

    // ---- jmojo ----------------------------------------------------------------------------------

    void jmojoRoundTrips(int size, int count) {
        byte[] payload = new byte[size];
        for (int i = 0; i < count; i++) {
            Transports.check(echo.writeMessage(payload), "request write");
            byte[] reply = Transports.readBlocking(core, echo);
            if (reply == null || reply.length != size) {
                throw new IllegalStateException("echo of " + size + " bytes came back as " + describe(reply));
            }
        }
    }

    void jmojoOneWay(int size, int count) {
        byte[] payload = new byte[size];
        for (int i = 0; i < count; i++) {
            while (jmojoSent - jmojoAcked >= WINDOW) {
                jmojoAcked = ack(Transports.readBlocking(core, sink));
            }
            Transports.check(sink.writeMessage(payload), "one-way write");
            jmojoSent++;
        }
        while (jmojoAcked < jmojoSent) {
            jmojoAcked = ack(Transports.readBlocking(core, sink));
        }
    }

    /** A new pipe's far end goes to the child, which echoes the first message on it; returns once the echo is in. */
    void jmojoMoveOnce(int size) {
        MessagePipeEndpoint near = handOff('O');
        try {
            Transports.check(near.writeMessage(new byte[size]), "write on the moved pipe");
            byte[] reply = Transports.readBlocking(core, near);
            if (reply == null || reply.length != size) {
                throw new IllegalStateException("the moved pipe's echo came back as " + describe(reply));
            }
        } finally {
            near.close();
        }
    }

    private static long ack(byte[] m) {
        if (m == null || m.length != 8) {
            throw new IllegalStateException("expected an 8-byte ack, got " + describe(m));
        }
        return ByteBuffer.wrap(m).order(ByteOrder.BIG_ENDIAN).getLong();
    }

    private static String describe(byte[] m) {
        return m == null ? "nothing (the pipe closed)" : m.length + " bytes";
    }

    // ---- raw sockets ----------------------------------------------------------------------------

    void rawRoundTrips(int size, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            rawMessage(size);
            writeFully(rawEcho, rawBuffer);
            rawBuffer.clear().limit(4 + size);
            readFully(rawEcho, rawBuffer);
        }
    }

    void rawOneWay(int size, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            while (rawSent - rawAcked >= WINDOW) {
                rawAcked = rawAck(rawSink);
            }
            rawMessage(size);
            writeFully(rawSink, rawBuffer);
            rawSent++;
        }
        while (rawAcked < rawSent) {
            rawAcked = rawAck(rawSink);
        }
    }

    void rawConnectOnce(int size) throws IOException {
        try (SocketChannel c = SocketChannel.open(rawAddress)) {
            rawBuffer.clear();
            rawBuffer.put((byte) 'O').putInt(size).position(5 + size).flip();
            writeFully(c, rawBuffer);
            rawBuffer.clear().limit(4 + size);
            readFully(c, rawBuffer);
        }
    }

    /** Fills {@link #rawBuffer} with one message of {@code size} bytes, ready to write. */
    private void rawMessage(int size) {
        rawBuffer.clear();
        rawBuffer.putInt(0, size).limit(4 + size);
    }

    private long rawAck(SocketChannel c) throws IOException {
        rawAck.clear();
        readFully(c, rawAck);
        return rawAck.getLong(0);
    }

    static void writeFully(SocketChannel c, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            c.write(b);
        }
    }

    static void readFully(SocketChannel c, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (c.read(b) < 0) {
                throw new EOFException("the raw socket closed with " + b.remaining() + " bytes still expected");
            }
        }
    }

    /** Closes every transport; the child exits once {@code control} closes. */
    @Override
    public void close() throws IOException, InterruptedException {
        echo.close();
        sink.close();
        rawEcho.close();
        rawSink.close();
        control.close();
        if (!IpcBench.awaitExit(child, 30)) {
            child.destroyForcibly();
            throw new IOException("the benchmark's child JVM (pid " + child.pid() + ") did not exit; killed it");
        }
    }

    // ---- the child ------------------------------------------------------------------------------

    /** The child's main: joins, listens for raw connections, runs the control loop until control closes. */
    static void child() throws IOException {
        Core core = Core.instance();
        MessagePipeEndpoint control = IncomingInvitation.acceptFromEnvironment().extractMessagePipe("control");
        Path dir = Files.createTempDirectory("jmojo-bench-ipc");
        Path socket = dir.resolve("raw.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread.ofPlatform().name("bench-raw-accept").daemon().start(() -> acceptLoop(server));
            Transports.check(control.writeMessage(socket.toString().getBytes(StandardCharsets.UTF_8)), "control write");
            controlLoop(core, control);
        } finally {
            server.close();
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
        System.exit(0);
    }

    private static void controlLoop(Core core, MessagePipeEndpoint control) {
        while (true) {
            org.jmojo.system.ReadResult r = control.readMessage();
            switch (r.result()) {
                case OK -> {
                    byte[] m = r.message().bytes();
                    switch (m[0]) {
                        case 'T' -> {
                            System.setProperty(Core.READ_TOKEN_PROPERTY, Boolean.toString(m[1] != 0));
                            Transports.check(control.writeMessage(new byte[] {1}), "control write");
                        }
                        case 'E' -> {
                            MessagePipeEndpoint e = r.message().handle(0, MessagePipeEndpoint.class);
                            Thread.ofPlatform().name("bench-echo").daemon().start(() -> echoLoop(core, e));
                        }
                        case 'S' -> {
                            MessagePipeEndpoint e = r.message().handle(0, MessagePipeEndpoint.class);
                            Thread.ofPlatform().name("bench-sink").daemon().start(() -> sinkLoop(core, e));
                        }
                        case 'O' -> {
                            try (MessagePipeEndpoint e = r.message().handle(0, MessagePipeEndpoint.class)) {
                                byte[] first = Transports.readBlocking(core, e);
                                if (first != null) {
                                    e.writeMessage(first);
                                }
                            }
                        }
                        default -> throw new IllegalStateException("unknown control command " + m[0]);
                    }
                }
                case SHOULD_WAIT -> core.wait(control, org.jmojo.system.Signals.of(org.jmojo.system.Signals.READABLE,
                        org.jmojo.system.Signals.PEER_CLOSED), org.jmojo.system.Deadline.INFINITE);
                default -> {
                    return; // the parent closed control: the run is over
                }
            }
        }
    }

    private static void echoLoop(Core core, MessagePipeEndpoint e) {
        try (e) {
            for (byte[] m; (m = Transports.readBlocking(core, e)) != null; ) {
                e.writeMessage(m);
            }
        }
    }

    private static void sinkLoop(Core core, MessagePipeEndpoint e) {
        try (e) {
            long count = 0;
            while (Transports.readBlocking(core, e) != null) {
                if (++count % ACK_EVERY == 0) {
                    e.writeMessage(ByteBuffer.allocate(8).putLong(0, count).array());
                }
            }
        }
    }

    private static void acceptLoop(ServerSocketChannel server) {
        while (server.isOpen()) {
            SocketChannel c;
            try {
                c = server.accept();
            } catch (IOException closed) {
                return;
            }
            try {
                ByteBuffer op = ByteBuffer.allocate(1);
                readFully(c, op);
                switch (op.get(0)) {
                    case 'E' -> Thread.ofPlatform().name("bench-raw-echo").daemon().start(() -> rawServe(c, false));
                    case 'S' -> Thread.ofPlatform().name("bench-raw-sink").daemon().start(() -> rawServe(c, true));
                    case 'O' -> {
                        try (c) {
                            ByteBuffer b = ByteBuffer.allocateDirect(4 + 65536);
                            rawReadMessage(c, b);
                            writeFully(c, b.flip());
                        }
                    }
                    default -> c.close();
                }
            } catch (IOException e) {
                closeQuietly(c);
            }
        }
    }

    /** Echoes ({@code sink} false) or consumes and acknowledges ({@code sink} true) raw messages until EOF. */
    private static void rawServe(SocketChannel c, boolean sink) {
        // Buffered: one read takes whatever has arrived (many small messages at once), as jmojo's channel reads up to
        // 64 KiB per recvmsg; each complete message is then echoed or counted from the buffer.
        ByteBuffer in = ByteBuffer.allocateDirect(256 * 1024);
        ByteBuffer ack = ByteBuffer.allocateDirect(8);
        long count = 0;
        try (c) {
            while (c.read(in) >= 0) {
                in.flip();
                while (in.remaining() >= 4 && in.remaining() >= 4 + in.getInt(in.position())) {
                    int end = in.position() + 4 + in.getInt(in.position());
                    if (!sink) {
                        writeFully(c, in.slice(in.position(), end - in.position()));
                    } else if (++count % ACK_EVERY == 0) {
                        ack.clear().putLong(0, count);
                        writeFully(c, ack);
                    }
                    in.position(end);
                }
                in.compact();
            }
        } catch (IOException endOfRun) {
            // the parent closed the connection
        }
    }

    /** Reads one length-prefixed message into {@code b} (cleared first); leaves the position after it. */
    private static void rawReadMessage(SocketChannel c, ByteBuffer b) throws IOException {
        b.clear().limit(4);
        readFully(c, b);
        int size = b.getInt(0);
        if (size < 0 || size > b.capacity() - 4) {
            throw new IOException("raw message of " + size + " bytes");
        }
        b.limit(4 + size);
        readFully(c, b);
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing after a failure: nothing more to do
        }
    }
}

package org.jmojo.internal.ipc;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import org.jmojo.internal.channel.Channel;
import org.jmojo.internal.channel.ChannelLimits;
import org.jmojo.internal.channel.CloseReason;
import org.jmojo.internal.channel.Frame;
import org.jmojo.internal.channel.FrameType;
import org.jmojo.internal.channel.Hello;
import org.jmojo.internal.channel.HelloAck;
import org.jmojo.internal.channel.Id128;
import org.jmojo.internal.channel.IoThread;
import org.jmojo.internal.channel.PeerRole;
import org.jmojo.internal.channel.ProtocolViolation;
import org.jmojo.internal.channel.UnixChannel;
import org.jmojo.internal.channel.Versions;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.internal.node.EventTransport;
import org.jmojo.internal.platform.Fd;
import org.jmojo.internal.platform.NativeException;
import org.jmojo.internal.ports.NodeName;
import org.jmojo.internal.ports.PortName;
import org.jmojo.internal.ports.ProtocolViolationException;
import org.jmojo.internal.sync.LockRank;
import org.jmojo.internal.sync.RankedLock;

/**
 * One node's channels to other nodes over Unix sockets (docs/processes.md): its I/O thread, its peers by
 * node name, and the {@link EventTransport} that puts the node's events on the channel to their node
 * (frame type EVENT, docs/architecture.md §4) and hands received ones to the node.
 *
 * <p><b>Threads.</b> Received frames are handled on the node's {@link IoThread} (the holder of each
 * channel's read token), with no lock held: an event goes to {@link LocalCore#acceptEvent}, so the trap
 * handlers it causes run on the I/O thread once every lock is released (§5). Events are sent from
 * whichever thread produced them, written directly when the socket takes them (§4). A channel that ends
 * (end of stream, error, goodbye, a peer cut off for breaking a rule) makes the node run node loss for that
 * peer ({@link LocalCore#lostConnectionTo}), on the I/O thread after the frames already dispatched.
 *
 * <p><b>State.</b> {@link #peers} and {@link #lost} are guarded by {@link #peersLock}, the node's peers
 * lock (rank 4): it is held only to look a name up or change the maps, never while writing to a channel
 * (rank 5 is taken after it is released) or while calling the node. Each {@link Peer}'s name is set once,
 * by its handshake, before any event on it is handled.
 *
 * <p>One per node, made by {@link #of(LocalCore)}, which joins the node to it (a node has one transport).
 */
public final class NodeChannels implements EventTransport {
    private static final System.Logger LOG = System.getLogger("org.jmojo.ipc");
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** The channels of each node that has any, by node. Entries stay until {@link #close()}. */
    private static final ConcurrentHashMap<LocalCore, NodeChannels> BY_NODE = new ConcurrentHashMap<>();

    /**
     * Told of each event frame's journey (tests: the settle-after-send mode of the socket-joined placement).
     * Called with no lock held.
     */
    public interface Tap {
        /** An event frame for {@code to} is about to be written. */
        void sending(NodeName from, NodeName to);

        /**
         * The frame announced by {@link #sending} was handed to its channel ({@code sent}) or dropped, its
         * channel being closed. Called on the sending thread, from the node's delivery loop.
         */
        void written(NodeName from, NodeName to, boolean sent);

        /** An event frame from {@code from} was handled by this node (and the handlers it caused have run). */
        void handled(NodeName from, NodeName to);

        /** This node's channel to {@code peer} ended; no further frame from it will be handled. */
        void channelEnded(NodeName self, NodeName peer);
    }

    /** What a handshake of the invitation kind reports to its owner (an outgoing or incoming invitation). */
    public interface InvitationParty {
        /**
         * Inviting side: whether {@code hello}'s token is the invitation's (checked in constant time, once).
         * Runs on the I/O thread.
         */
        default boolean tokenMatches(Id128 token) {
            return false;
        }

        /**
         * Inviting side: the token matched ({@link #tokenMatches} used it up) but the invitee's name was taken by
         * another channel in the meantime, so nobody joined with it. Runs on the I/O thread.
         */
        default void tokenWasted(Peer peer) {}

        /** The handshake ended well: {@code peer} is the node at the other end. Runs on the I/O thread. */
        void connected(Peer peer, NodeName node);

        /** A request-port-merge from the invitee (inviting side). Runs on the I/O thread. */
        default void portRequested(Peer peer, PortName port, String name) {
            peer.channel.close(CloseReason.BAD_STATE, "request-port-merge not expected here");
        }

        /** The channel ended, before or after {@link #connected}. Runs on the closing thread. */
        void ended(Peer peer, CloseReason reason, String detail);
    }

    private final LocalCore core;
    private final NodeName self;
    private final IoThread io;
    private volatile Tap tap;
    /** The limits of channels opened from now on ({@link ChannelLimits#DEFAULT} unless a test lowers them). */
    private volatile ChannelLimits limits = ChannelLimits.DEFAULT;

    /** The peers lock (rank 4): {@link #peers}, {@link #lost}, {@link #closed}. */
    private final RankedLock peersLock = new RankedLock(LockRank.PEERS);
    // @GuardedBy("peersLock") the channel to each node this node talks to, once its name is known
    private final Map<NodeName, Peer> peers = new HashMap<>();
    // @GuardedBy("peersLock") nodes whose channel ended: never accepted again (§3, node loss, step 1)
    private final Set<NodeName> lost = new HashSet<>();
    // @GuardedBy("peersLock") every channel opened, named or not, until it ends
    private final Set<Peer> open = new HashSet<>();
    // @GuardedBy("peersLock")
    private boolean closed;
    // @GuardedBy("peersLock") this node accepted an invitation: it is a broker client, never a broker
    private boolean invitee;
    // @GuardedBy("peersLock") this node handed out an invitation: it is the broker of its network
    private boolean inviter;

    /** Runs {@link #shutdown} when the JVM exits normally; removed by {@link #close()}. */
    private final Thread shutdownHook;

    private NodeChannels(LocalCore core) throws NativeException {
        this.core = core;
        this.self = core.nodeName();
        this.io = new IoThread("jmojo-io-" + Long.toHexString(self.low()));
        this.shutdownHook = Thread.ofPlatform().name("jmojo-shutdown-" + Long.toHexString(self.low()))
                .unstarted(() -> shutdown(SHUTDOWN_WAIT));
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** How long {@link #shutdown} waits for moving ports and write queues (docs/architecture.md §4: 5 s). */
    public static final java.time.Duration SHUTDOWN_WAIT = java.time.Duration.ofSeconds(5);

    /**
     * Ends this node's channels in order (docs/architecture.md §4, shutdown): waits, up to {@code timeout}, until
     * no port of the node is buffering or proxying and every write queue is empty, so that what the node sent
     * (a pipe it handed on, messages the socket had not taken yet) reaches its peers; then {@link #close()}s.
     * Run from a JVM shutdown hook on normal exit; a killed process sends nothing, and its peers see the pipes
     * to it peer-closed all the same.
     */
    public void shutdown(java.time.Duration timeout) {
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until && !settled()) {
            // Nothing signals "settled": a bounded poll, at exit only.
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        close();
    }

    /** Whether no port is moving and every channel's write queue is empty. */
    private boolean settled() {
        org.jmojo.internal.ports.Node.Census census = core.node().census();
        if (census.buffering() != 0 || census.proxying() != 0) {
            return false;
        }
        List<Peer> all;
        peersLock.lock();
        try {
            all = new ArrayList<>(open);
        } finally {
            peersLock.unlock();
        }
        for (Peer p : all) {
            if (!p.channel.isClosed() && p.channel.queuedFrames() != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The channels of {@code core}'s node, made (with its I/O thread) and joined to the node as its transport
     * on first use.
     *
     * @throws IllegalStateException if the node is already joined to another transport (a simulated network)
     * @throws NativeException if the I/O thread's epoll set or eventfd cannot be made
     */
    public static NodeChannels of(LocalCore core) throws NativeException {
        Objects.requireNonNull(core, "core");
        synchronized (BY_NODE) {
            NodeChannels existing = BY_NODE.get(core);
            if (existing != null) {
                return existing;
            }
            NodeChannels made = new NodeChannels(core);
            try {
                core.attachTransport(made);
            } catch (RuntimeException e) {
                try {
                    made.io.close();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
                throw e;
            }
            BY_NODE.put(core, made);
            return made;
        }
    }

    /** The node these channels belong to. */
    public LocalCore core() {
        return core;
    }

    /** The node's name. */
    public NodeName name() {
        return self;
    }

    /** The node's I/O thread. */
    public IoThread ioThread() {
        return io;
    }

    /** Sets the limits of the channels opened from now on (tests: a small write-queue bound). */
    public void channelLimits(ChannelLimits l) {
        limits = Objects.requireNonNull(l, "limits");
    }

    /** Sets the tap (tests); null for none. */
    public void tap(Tap t) {
        tap = t;
    }

    // ---- names on the wire --------------------------------------------------------------------

    /** A node name as the channel's payloads carry it. */
    public static Id128 id(NodeName n) {
        return new Id128(n.low(), n.high());
    }

    /** A port name as the channel's payloads carry it. */
    public static Id128 id(PortName p) {
        return new Id128(p.low(), p.high());
    }

    public static NodeName nodeName(Id128 id) {
        return new NodeName(id.high(), id.low());
    }

    public static PortName portName(Id128 id) {
        return new PortName(id.high(), id.low());
    }

    // ---- peers ----------------------------------------------------------------------------------

    /** One channel of this node and what it knows of the node at its other end. */
    public final class Peer implements Channel.Listener {
        final UnixChannel channel;
        /** This channel's read token as waiting threads take it (docs/concurrency.md, "The read token"). */
        final TokenReader reader = new TokenReader();
        private final InvitationParty party;
        /** Set once by the handshake (or at creation for a socket made by the caller), before any event. */
        private volatile NodeName node;

        private Peer(Fd socket, Set<PeerRole> roles, InvitationParty party, NodeName node) {
            this.channel = new UnixChannel(socket, roles, limits, this);
            this.party = party;
            this.node = node;
        }

        /** The node at the other end, or null before the handshake named it. */
        public NodeName node() {
            return node;
        }

        /** The channel. */
        public UnixChannel channel() {
            return channel;
        }

        /** Writes request-port-merge{port, name} (invitee → inviter). */
        public void requestPort(PortName port, String name) {
            byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
            MemorySegment payload = MemorySegment.ofArray(new byte[(24 + utf8.length + 7) & ~7]);
            id(port).write(payload, 0);
            payload.set(U16, 16, (short) utf8.length);
            MemorySegment.copy(MemorySegment.ofArray(utf8), 0, payload, 24, utf8.length);
            channel.write(FrameType.REQUEST_PORT_MERGE, payload, List.of());
        }

        @Override
        public void onFrame(Channel ch, Frame frame) {
            switch (frame.type()) {
                case EVENT -> onEvent(frame);
                case HELLO -> {
                    try {
                        onHello(Hello.decode(frame.payload()));
                    } catch (ProtocolViolation v) { // checked by the decoder already; kept for completeness
                        channel.close(v.reason(), v.getMessage());
                    }
                }
                case HELLO_ACK -> onHelloAck(frame);
                case REQUEST_PORT_MERGE -> {
                    MemorySegment p = frame.payload();
                    int length = Short.toUnsignedInt(p.get(U16, 16));
                    String name = new String(p.asSlice(24, length).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
                    party.portRequested(this, portName(Id128.read(p, 0)), name);
                }
                case GOODBYE -> {} // the end of stream follows; node loss runs then
                default -> {
                    frame.closeFds();
                    channel.close(CloseReason.BAD_STATE, frame.type() + " frames are not handled in this release "
                            + "(no introductions, no isolated links)");
                }
            }
        }

        private void onEvent(Frame frame) {
            NodeName from = node;
            byte[] bytes = payloadBytes(frame.payload());
            try {
                // The node owns the frame's descriptors from here on (in the message's platform handles, or closed).
                core.acceptEvent(from, bytes, frame.fds());
            } catch (ProtocolViolationException e) {
                channel.close(closeReason(e), "ports protocol: " + e.getMessage());
                return;
            } catch (RuntimeException | Error e) {
                // A trap handler that threw: the event itself was processed, and the handler's failure is not the
                // peer's fault, so the channel stays up (nobody on this thread called the handler's API).
                LOG.log(System.Logger.Level.ERROR, "a handler run for an event from " + from + " failed", e);
            }
            Tap t = tap;
            if (t != null) {
                t.handled(from, self);
            }
        }

        /** The channel's typed reason for a violation the node found in an event. */
        private static CloseReason closeReason(ProtocolViolationException e) {
            return e.category() == null ? CloseReason.MALFORMED : switch (e.category()) {
                case MALFORMED -> CloseReason.MALFORMED;
                case LIMIT -> CloseReason.LIMIT;
                case FD_MISMATCH -> CloseReason.FD_MISMATCH;
                case UNKNOWN_TYPE -> CloseReason.UNKNOWN_TYPE;
            };
        }

        /** The payload's bytes: its own array when it spans one exactly (the decoder's), else a copy. */
        private static byte[] payloadBytes(MemorySegment payload) {
            if (payload.heapBase().orElse(null) instanceof byte[] array && array.length == payload.byteSize()
                    && payload.address() == 0) {
                return array; // the frame is ours (Listener contract), and the event decoder copies what it keeps
            }
            return payload.toArray(ValueLayout.JAVA_BYTE);
        }

        private void onHello(Hello hello) {
            NodeName claimed = nodeName(hello.node());
            if (channel.version() == 0) {
                channel.close(CloseReason.LOCAL, "no common version with " + claimed + " (it offers "
                        + hello.minVersion() + ".." + hello.maxVersion() + ")");
                return;
            }
            if (hello.role() == PeerRole.INTRODUCED_PEER) {
                if (!claimed.equals(node)) {
                    channel.close(CloseReason.FORGED_SENDER, "hello names " + claimed + ", but this socket was made for "
                            + node);
                }
                return;
            }
            // An invitee. Its name first, so that a hello with a name in use does not use the token up; then the
            // token, accepted once.
            if (!nameFree(claimed)) {
                refuse(HelloAck.Status.NAME_IN_USE);
                return;
            }
            if (party == null || !party.tokenMatches(hello.token())) {
                // Refused in so many words, then cut off: only this connection ends (the invitation stays open).
                channel.write(FrameType.HELLO_ACK, new HelloAck(channel.version(), HelloAck.Status.REFUSED, 0, id(self),
                        Id128.NONE).encode(), List.of());
                channel.close(CloseReason.BAD_TOKEN, "hello from " + claimed + " with a wrong or used invitation token");
                return;
            }
            if (!register(claimed)) {
                // Taken between the check and now, by another channel: the token is used, the invitation fails.
                refuse(HelloAck.Status.NAME_IN_USE);
                party.tokenWasted(this);
                return;
            }
            channel.write(FrameType.HELLO_ACK, new HelloAck(channel.version(), HelloAck.Status.OK, 0, id(self), id(self))
                    .encode(), List.of());
            party.connected(this, claimed);
        }

        /** Answers hello-ack{status}, then goodbye, and ends this channel. */
        private void refuse(HelloAck.Status status) {
            channel.write(FrameType.HELLO_ACK, new HelloAck(channel.version(), status, 0, id(self), Id128.NONE).encode(),
                    List.of());
            channel.closeAfterGoodbye();
        }

        /** Whether {@code n} could name this channel's peer: not this node, not taken, not lost. */
        private boolean nameFree(NodeName n) {
            peersLock.lock();
            try {
                return !n.equals(self) && !NodeName.NONE.equals(n) && !peers.containsKey(n) && !lost.contains(n);
            } finally {
                peersLock.unlock();
            }
        }

        private void onHelloAck(Frame frame) {
            HelloAck ack;
            try {
                ack = HelloAck.decode(frame.payload(), frame.fds().size());
            } catch (ProtocolViolation v) { // checked by the decoder already; kept for completeness
                frame.closeFds();
                channel.close(v.reason(), v.getMessage());
                return;
            } finally {
                frame.closeFds(); // a broker channel from an inviter that is not the broker: not in this release
            } // a broker channel from an inviter that is not the broker: not in this release
            NodeName inviter = nodeName(ack.node());
            if (ack.status() != HelloAck.Status.OK) {
                channel.close(CloseReason.LOCAL, "the inviter refused: " + ack.status());
                return;
            }
            if (!register(inviter)) {
                channel.close(CloseReason.NAME_REUSE, "the inviter's name " + inviter + " is already in use here");
                return;
            }
            party.connected(this, inviter);
        }

        /** Names this channel's peer {@code n}, unless that name is this node, taken or lost. */
        private boolean register(NodeName n) {
            peersLock.lock();
            try {
                if (n.equals(self) || NodeName.NONE.equals(n) || peers.containsKey(n) || lost.contains(n) || closed) {
                    return false;
                }
                peers.put(n, this);
                node = n;
                return true;
            } finally {
                peersLock.unlock();
            }
        }

        @Override
        public void onClosed(Channel ch, CloseReason reason, String detail) {
            NodeName n = node;
            boolean named;
            peersLock.lock();
            try {
                open.remove(this);
                named = n != null && peers.get(n) == this;
                if (named) {
                    peers.remove(n);
                    lost.add(n);
                }
            } finally {
                peersLock.unlock();
            }
            if (reason.isViolation()) {
                LOG.log(System.Logger.Level.WARNING, "{0}: cut off {1}: {2}: {3}", self, n, reason, detail);
            }
            if (named) {
                Runnable loss = () -> {
                    core.lostConnectionTo(n);
                    Tap t = tap;
                    if (t != null) {
                        t.channelEnded(self, n);
                    }
                };
                // After the frames already dispatched; on the I/O thread, never inside a writer's call.
                runOnIoThread(loss);
            }
            if (party != null) {
                party.ended(this, reason, detail);
            }
        }

        @Override
        public String toString() {
            return "Peer[" + node + ", " + channel + "]";
        }

        /** The channel's read token for a waiting platform thread; it owns the token as that thread. */
        final class TokenReader implements EventTransport.DirectReader {
            @Override
            public boolean tryAcquire() {
                if (!channel.tryAcquireReadTokenForWaiter(Thread.currentThread())) {
                    return false;
                }
                HOLDING.set(Boolean.TRUE);
                return true;
            }

            @Override
            public void want() {
                channel.wantReadToken();
            }

            @Override
            public boolean wanted() {
                return channel.tokenWanted();
            }

            @Override
            public boolean read() {
                return channel.readAvailable(IoThread.READ_BUDGET) != UnixChannel.ReadStatus.CLOSED;
            }

            @Override
            public void await(int timeoutMillis) {
                channel.awaitAsHolder(timeoutMillis);
            }

            @Override
            public void wake() {
                channel.wakeHolder();
            }

            @Override
            public void release() {
                HOLDING.remove();
                channel.releaseReadToken(Thread.currentThread());
            }

            @Override
            public java.util.concurrent.Executor handlerThread() {
                return io;
            }
        }
    }

    /** Set on a thread while it holds a channel's read token as a waiter. */
    private static final ThreadLocal<Boolean> HOLDING = new ThreadLocal<>();

    /**
     * Whether the calling thread holds a channel's read token as a waiter: it then stands for its node's I/O thread
     * and must not wait for frames to be handled (it is the one that would handle them).
     */
    public static boolean holdsReadTokenOnCurrentThread() {
        return HOLDING.get() != null;
    }

    /** Frames from {@code node} that a waiting thread holding the read token dispatched (tests); 0 without a channel. */
    long framesReadByWaiters(NodeName node) {
        peersLock.lock();
        try {
            Peer p = peers.get(node);
            return p == null ? 0 : p.channel.framesReadByWaiters();
        } finally {
            peersLock.unlock();
        }
    }

    @Override
    public EventTransport.DirectReader directReader(NodeName sender) {
        if (io.isCurrentThread()) {
            return null; // an I/O thread never waits on a channel as a holder
        }
        Peer peer;
        peersLock.lock();
        try {
            peer = peers.get(sender);
        } finally {
            peersLock.unlock();
        }
        return peer == null || peer.channel.isClosed() ? null : peer.reader;
    }

    /** Runs {@code task} on the I/O thread after its current batch; on this thread if the I/O thread has stopped. */
    private void runOnIoThread(Runnable task) {
        try {
            io.execute(task);
        } catch (RejectedExecutionException stopping) {
            task.run();
        }
    }

    /** Registers a new channel with the I/O thread after writing {@code first} (hello), if any. */
    private Peer open(Fd socket, Set<PeerRole> roles, InvitationParty party, NodeName node, Hello first)
            throws NativeException {
        Peer peer;
        try {
            peer = new Peer(socket, roles, party, node);
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
        String refused = null;
        peersLock.lock();
        try {
            if (closed) {
                refused = self + ": its channels are closed";
            } else if (node != null && (peers.containsKey(node) || lost.contains(node))) {
                refused = node + " already has (or had) a channel to " + self;
            } else {
                if (node != null) {
                    peers.put(node, peer);
                }
                open.add(peer);
            }
        } finally {
            peersLock.unlock();
        }
        if (refused != null) {
            peer.channel.close(CloseReason.LOCAL, refused); // closes the socket; never registered, so no loss runs
            throw new IllegalStateException(refused);
        }
        if (first != null) {
            peer.channel.write(FrameType.HELLO, first.encode(), List.of());
        }
        io.register(peer.channel);
        return peer;
    }

    /**
     * Joins this node and {@code node} over {@code socket}, one end of a socket pair whose other end that node
     * joins the same way (a socket made by the caller: both sides send hello, role introduced peer; each checks
     * the other names the node it expects). The channel owns {@code socket}.
     */
    public Peer connectIntroduced(Fd socket, NodeName node) throws NativeException {
        Objects.requireNonNull(node, "node");
        Hello hello = new Hello(Versions.MIN, Versions.MAX, PeerRole.INTRODUCED_PEER, 0, id(self), Id128.NONE, Id128.NONE);
        return open(socket, EnumSet.of(PeerRole.INTRODUCED_PEER), null, node, hello);
    }

    /**
     * Starts the inviting side's handshake on an accepted connection: the peer must send hello{invitee} with a
     * token {@code party} accepts; this node (the broker of the invitee) answers hello-ack.
     */
    public Peer acceptInvitee(Fd socket, InvitationParty party) throws NativeException {
        return open(socket, EnumSet.of(PeerRole.INVITEE, PeerRole.BROKER_CLIENT), Objects.requireNonNull(party), null, null);
    }

    /** Starts the invitee's handshake on a connected socket: hello{invitee, token}; the inviter answers. */
    public Peer connectToInviter(Fd socket, Id128 token, InvitationParty party) throws NativeException {
        Hello hello = new Hello(Versions.MIN, Versions.MAX, PeerRole.INVITEE, 0, id(self), Id128.NONE, token);
        return open(socket, EnumSet.of(PeerRole.INVITER, PeerRole.BROKER), Objects.requireNonNull(party), null, hello);
    }

    /**
     * Records that this node invites: it is (or becomes) the broker of its network, which it cannot be once it
     * accepted an invitation (a client inviting through its broker, add-client, is not in this release).
     *
     * @throws UnsupportedOperationException if this node accepted an invitation
     */
    public void markInviter() {
        peersLock.lock();
        try {
            if (invitee) {
                throw new UnsupportedOperationException(self + " accepted an invitation: only the broker (the process "
                        + "that invited it) invites in this release");
            }
            inviter = true;
        } finally {
            peersLock.unlock();
        }
    }

    /**
     * Records that this node accepts an invitation (a node belongs to one broker network, docs/architecture.md §4).
     *
     * @throws IllegalStateException if it accepted one before or has invited others (it is a broker)
     */
    public void markInvitee() {
        peersLock.lock();
        try {
            if (invitee || inviter) {
                throw new IllegalStateException(self + (invitee ? " accepted an invitation already" : " has invited others")
                        + ": a node belongs to one broker network");
            }
            invitee = true;
        } finally {
            peersLock.unlock();
        }
    }

    /** Undoes {@link #markInvitee()} after an attempt that did not join (no channel to the inviter remains). */
    public void unmarkInvitee() {
        peersLock.lock();
        try {
            invitee = false;
        } finally {
            peersLock.unlock();
        }
    }

    /** Whether this node has a live channel to {@code node}. */
    public boolean isConnectedTo(NodeName node) {
        peersLock.lock();
        try {
            return peers.containsKey(node);
        } finally {
            peersLock.unlock();
        }
    }

    /** The nodes this node has a live channel to. */
    public List<NodeName> connectedNodes() {
        peersLock.lock();
        try {
            return new ArrayList<>(peers.keySet());
        } finally {
            peersLock.unlock();
        }
    }

    // ---- the transport --------------------------------------------------------------------------

    @Override
    public void send(NodeName from, NodeName to, byte[] event, List<Fd> fds) {
        Peer peer;
        boolean unknown = false;
        peersLock.lock();
        try {
            peer = peers.get(to);
            if (peer == null && !lost.contains(to)) {
                // No channel to that node, and none can be made: no introductions in this release. As when a broker
                // answers "unknown" (docs/architecture.md §4), the node is lost: the pipes routed there break.
                lost.add(to);
                unknown = true;
            }
        } finally {
            peersLock.unlock();
        }
        if (peer == null) {
            // A node whose channel ended (its loss has run or is about to) or never had one: nothing reaches it,
            // and the ports whose route goes there learn it from node loss.
            LOG.log(unknown ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                    "{0}: event for {1} dropped: no channel to it{2}", self, to,
                    unknown ? " (introductions are not built: its pipes break)" : "");
            fds.forEach(Fd::close); // never delivered
            if (unknown) {
                runOnIoThread(() -> core.lostConnectionTo(to));
            }
            return;
        }
        Tap t = tap;
        if (t != null) {
            t.sending(from, to);
        }
        Channel.WriteResult r;
        try {
            // The channel owns the descriptors from here: closed once the frame's first byte has left (the
            // receiver has its own copies), or when the frame is dropped with the channel.
            r = peer.channel.write(FrameType.EVENT, MemorySegment.ofArray(event), fds);
        } catch (IllegalArgumentException tooLarge) {
            fds.forEach(Fd::close); // refused before the channel took them
            // Over the channel's frame limit (128 MiB): the write returned OK before the limit was checked, so the
            // message cannot be dropped quietly. Ending the channel reports every pipe through it as broken.
            LOG.log(System.Logger.Level.ERROR, self + ": an event for " + to + " exceeds the channel's limits; "
                    + "the channel is closed", tooLarge);
            peer.channel.close(CloseReason.LOCAL, tooLarge.getMessage());
            r = Channel.WriteResult.CLOSED;
        }
        if (t != null) {
            t.written(from, to, r != Channel.WriteResult.CLOSED);
        }
    }

    /**
     * Ends every channel with goodbye and stops the I/O thread (which closes what is left). The node's peers see
     * this node's pipes as peer-closed once what was sent has been read. Idempotent.
     */
    public void close() {
        List<Peer> all;
        peersLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            all = new ArrayList<>(open);
        } finally {
            peersLock.unlock();
        }
        for (Peer p : all) {
            p.channel.closeAfterGoodbye();
        }
        for (Peer p : all) {
            p.channel.flush();
        }
        try {
            io.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (BY_NODE) {
            BY_NODE.remove(core, this);
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException exiting) {
                // The JVM is exiting: the hook runs (or ran) and finds the channels closed.
            }
        }
    }

    /** The channels of {@code core}'s node, if it has any. */
    public static NodeChannels existing(LocalCore core) {
        return BY_NODE.get(core);
    }
}

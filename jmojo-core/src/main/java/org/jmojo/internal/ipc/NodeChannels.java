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
import org.jmojo.internal.node.EventTranslation;
import org.jmojo.internal.node.EventTransport;
import org.jmojo.internal.platform.Fd;
import org.jmojo.internal.platform.NativeException;
import org.jmojo.internal.platform.UnixSocket;
import org.jmojo.internal.ports.NodeName;
import org.jmojo.internal.ports.PortName;
import org.jmojo.internal.ports.PortRef;
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
 * <p><b>State.</b> {@link #peers}, {@link #lost} and the introduction tables are guarded by {@link #peersLock},
 * the node's peers lock (rank 4): it is held only to look a name up or change the maps, never while calling the
 * node or writing to a channel (rank 5 is taken after it is released). Events queued for an introduction keep
 * their order without it: while the new channel writes them, later ones join its flush queue. Each {@link Peer}'s name is set once,
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

        /**
         * Named-endpoint server side (docs/processes.md, "Named endpoints"): why a hello{link connector} that names
         * {@code broker} as its broker is refused, or null to accept it. Runs on the I/O thread.
         */
        default String connectorRefusal(Id128 broker) {
            return "this channel is not a named endpoint's";
        }

        /** A request-port-merge from the invitee or link connector (accepting side). Runs on the I/O thread. */
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

    /** The system property holding the hello deadline in milliseconds ({@link #helloDeadline(java.time.Duration)}). */
    public static final String HELLO_DEADLINE_PROPERTY = "jmojo.helloDeadlineMillis";
    /**
     * How long a channel this node accepts or a broker made may wait for its peer's handshake (docs/architecture.md
     * §4 limit table: 10 s) before the peer is cut off ({@link CloseReason#HELLO_DEADLINE}); for channels opened
     * from now on.
     */
    private volatile java.time.Duration helloDeadline =
            java.time.Duration.ofMillis(Long.getLong(HELLO_DEADLINE_PROPERTY, 10_000));

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
    // @GuardedBy("peersLock") a client's channel to its broker, set when the invitation's hello-ack names the
    // inviter as broker; null for a broker, a node of no network, or once that channel ended (no introduction then)
    private Peer broker;
    // @GuardedBy("peersLock") events for nodes this client asked its broker to introduce, in the order they were
    // sent (the first one sent the request); flushed into the new channel, under this lock, when it is added
    private final Map<NodeName, List<QueuedEvent>> awaitingIntroduction = new HashMap<>();
    // @GuardedBy("peersLock") a broker's introduced pairs of clients (each an unordered pair): introduced once
    private final Set<Set<NodeName>> introducedPairs = new HashSet<>();
    // @GuardedBy("peersLock") a client inviting: invitees whose token matched, by name, until the broker answers
    // add-client (docs/processes.md, "A client invites")
    private final Map<NodeName, Peer> addingClients = new HashMap<>();
    // @GuardedBy("peersLock") a broker's channels made by add-client, by the client that asked, until they end
    private final Map<Peer, NodeName> addedBy = new HashMap<>();

    /**
     * A broker refuses add-client ("name in use") from a client with this many added channels whose invitee has not
     * said hello yet: a client cannot make its broker hold sockets without bound.
     */
    static final int MAX_UNGREETED_ADDED_CLIENTS = 16;

    /** At most this many nodes await an introduction at once (docs/architecture.md §4 limit table). */
    static final int MAX_PENDING_INTRODUCTIONS = 256;

    /** An event frame waiting for its introduction: the encoded event and the descriptors riding with it. */
    private record QueuedEvent(byte[] event, List<Fd> fds) {}

    /** Runs {@link #shutdown} when the JVM exits normally; removed by {@link #close()}. */
    private final Thread shutdownHook;

    /** This node's networks and the bridges between them (docs/processes.md, "Isolated links and bridges"). */
    private final Bridges bridges;

    private NodeChannels(LocalCore core) throws NativeException {
        this.core = core;
        this.self = core.nodeName();
        this.io = new IoThread("jmojo-io-" + Long.toHexString(self.low()));
        this.bridges = new Bridges(core, io);
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
            if (!awaitingIntroduction.isEmpty()) {
                return false; // events still wait for a channel the broker is making
            }
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
            core.node().crossNetworksWith(made.bridges);
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

    /**
     * Sets the hello deadline of the channels opened from now on (tests use a short one; production keeps the
     * default, 10 s, or sets the system property {@value #HELLO_DEADLINE_PROPERTY}).
     *
     * @throws IllegalArgumentException if {@code d} is not positive
     */
    public void helloDeadline(java.time.Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("hello deadline " + d + ": must be positive");
        }
        helloDeadline = d;
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
        // @GuardedBy("peersLock") an introduced channel's events still to be written in order (the queue of its
        // introduction, then whatever is sent while that is written); null once flushed, and for every other channel
        private List<QueuedEvent> flushQueue;
        /** Event frames written to, and handled from, this channel (tests: who carries a pipe's traffic). */
        private final java.util.concurrent.atomic.LongAdder eventsSent = new java.util.concurrent.atomic.LongAdder();
        private final java.util.concurrent.atomic.LongAdder eventsReceived = new java.util.concurrent.atomic.LongAdder();
        /** Set once by the handshake (or at creation for a socket made by the caller), before any event. */
        private volatile NodeName node;
        /** Set by the reader when the peer's hello arrives (what a hello deadline reports). */
        private volatile boolean helloSeen;
        /**
         * Set by the reader once the peer has sent all its handshake owes this node: the hello on a socket a broker
         * made; hello and request-port-merge on an invitation's or a named endpoint's connection. Until then the hello
         * deadline may cut it off ({@link #helloDeadlinePassed}).
         */
        private volatile boolean greeted;
        /**
         * Set once by a named endpoint's handshake, before any event: this channel is an isolated link (a two-node
         * network of its own): no broker frame crosses it, and no introduction is made to or for its peer.
         */
        private volatile boolean isolated;
        /**
         * Set once by a named endpoint's handshake, before any frame after hello: both ends are of one network, so
         * this socket carries only the connector's request-port-merge (the merge goes through the network); its
         * peer's name ({@link #node}) is not registered, and any other frame cuts it off.
         */
        private volatile boolean viaNetwork;

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

        /**
         * Whether this is a named endpoint's connection between two nodes of one network: it carries the pipe's
         * request only, and the pipe's merge goes through the network.
         */
        public boolean viaNetwork() {
            return viaNetwork;
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
            if (viaNetwork && frame.type() != FrameType.REQUEST_PORT_MERGE && frame.type() != FrameType.GOODBYE) {
                frame.closeFds();
                channel.close(CloseReason.BAD_STATE, frame.type() + " on a named endpoint's connection within one "
                        + "network: it carries the pipe's request only");
                return;
            }
            if (isolated && BrokerFrames.isBrokerFrame(frame.type())) {
                frame.closeFds();
                channel.close(CloseReason.WRONG_ROLE, frame.type() + " on an isolated link: neither end is the other's "
                        + "broker, and nobody introduces across it");
                return;
            }
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
                    greeted = true; // the last frame an accepted connection's handshake owes (a bad one is cut off)
                    MemorySegment p = frame.payload();
                    int length = Short.toUnsignedInt(p.get(U16, 16));
                    String name = new String(p.asSlice(24, length).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
                    party.portRequested(this, portName(Id128.read(p, 0)), name);
                }
                case GOODBYE -> {} // the end of stream follows; node loss runs then
                case REQUEST_INTRODUCTION -> introduce(this, BrokerFrames.nodeOf(frame.payload()));
                case INTRODUCE -> introduced(this, frame);
                case RELAY_DEAD_PORT -> relayed(this, frame);
                case ADD_CLIENT -> addClient(this, BrokerFrames.nodeOf(frame.payload()));
                case CLIENT_ADDED -> clientAdded(this, frame);
                default -> {
                    frame.closeFds();
                    channel.close(CloseReason.BAD_STATE, frame.type() + " frames are not handled in this release "
                            + "(no introductions, no isolated links)");
                }
            }
        }

        private void onEvent(Frame frame) {
            NodeName from = node;
            eventsReceived.increment();
            try {
                // The node owns the frame's descriptors from here on (in the message's platform handles, or closed).
                // The payload may be a view of the receive buffer: the node copies what it keeps before returning.
                core.acceptEvent(from, frame.payload(), frame.fds());
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
                case NAME_REUSE -> CloseReason.NAME_REUSE;
                case SEQUENCE -> CloseReason.SEQUENCE;
                case FORGED_SENDER -> CloseReason.FORGED_SENDER;
            };
        }

        /**
         * Yes: every frame is read during {@link #onFrame} (an event is decoded and its message's payload copied out,
         * a relayed notice copied, a handshake or broker frame read into values), and none is kept.
         */
        @Override
        public boolean acceptsBorrowedPayloads() {
            return true;
        }

        private void onHello(Hello hello) {
            helloSeen = true;
            NodeName claimed = nodeName(hello.node());
            if (channel.version() == 0) {
                channel.close(CloseReason.LOCAL, "no common version with " + claimed + " (it offers "
                        + hello.minVersion() + ".." + hello.maxVersion() + ")");
                return;
            }
            if (node != null) {
                // A socket made by a broker (an introduced peer; a client added through another client, or its
                // broker): the name was given with the socket.
                if (!claimed.equals(node)) {
                    channel.close(CloseReason.FORGED_SENDER, "hello names " + claimed + ", but this socket was made for "
                            + node);
                    return;
                }
                greeted = true;
                return;
            }
            if (hello.role() == PeerRole.LINK_CONNECTOR) {
                onConnectorHello(claimed, hello);
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
            Peer via = null;
            boolean asBroker;
            peersLock.lock();
            try {
                asBroker = isBrokerLocked();
                if (!asBroker && broker != null && !addingClients.containsKey(claimed)) {
                    via = broker;
                    addingClients.put(claimed, this);
                }
            } finally {
                peersLock.unlock();
            }
            if (!asBroker) {
                // A client invites: the broker checks the name and makes the invitee's channel to it (add-client).
                if (via == null) {
                    refuse(HelloAck.Status.REFUSED);
                    party.tokenWasted(this);
                } else {
                    via.channel.write(FrameType.ADD_CLIENT, BrokerFrames.node(claimed), List.of());
                }
                return;
            }
            admit(claimed, self, List.of());
        }

        /**
         * Inviting side, token matched: names this channel's peer {@code invitee} and answers hello-ack{OK, broker},
         * with {@code brokerChannel} (the invitee's end of its channel to the broker) when the broker is not this
         * node; or refuses if the name was taken meanwhile (the token is used, the invitation fails).
         */
        private void admit(NodeName invitee, NodeName brokerName, List<Fd> brokerChannel) {
            if (!register(invitee)) {
                brokerChannel.forEach(Fd::close);
                refuse(HelloAck.Status.NAME_IN_USE);
                party.tokenWasted(this);
                return;
            }
            channel.write(FrameType.HELLO_ACK, new HelloAck(channel.version(), HelloAck.Status.OK, 0, id(self),
                    id(brokerName)).encode(), brokerChannel);
            party.connected(this, invitee);
        }

        /**
         * A named endpoint's connector (docs/processes.md): refused if the server says so (its uid, a network of its
         * own), else named and answered hello-ack{OK, broker = this node}: it joins this node's network as a client.
         */
        private void onConnectorHello(NodeName claimed, Hello hello) {
            String refused = party == null ? "no named endpoint serves this channel" : party.connectorRefusal(hello.broker());
            if (refused != null) {
                LOG.log(System.Logger.Level.WARNING, "{0}: refused link connector {1}: {2}", self, claimed, refused);
                refuse(HelloAck.Status.REFUSED);
                return;
            }
            Id128 mine = networkBroker();
            if (!hello.broker().isNone() && hello.broker().equals(mine)) {
                // Of this node's own network: this socket carries only the pipe's request; the merge goes through
                // the network (docs/processes.md, "Isolated links and bridges"). The name is not registered here.
                if (claimed.equals(self) || NodeName.NONE.equals(claimed)) {
                    refuse(HelloAck.Status.NAME_IN_USE);
                    return;
                }
                node = claimed;
                viaNetwork = true;
                channel.write(FrameType.HELLO_ACK, new HelloAck(channel.version(), HelloAck.Status.OK, 0, id(self), mine)
                        .encode(), List.of());
                party.connected(this, claimed);
                return;
            }
            // A connector of another network, or a server that is not a broker: a two-node network of its own.
            boolean link = !hello.broker().isNone() || !mine.equals(id(self));
            if (!register(claimed)) {
                refuse(HelloAck.Status.NAME_IN_USE);
                return;
            }
            if (link) {
                isolated = true;
                bridges.isolatedLink(claimed);
            }
            // Broker "none" tells the connector the link is isolated (docs/processes.md, frames as built).
            channel.write(FrameType.HELLO_ACK, new HelloAck(channel.version(), HelloAck.Status.OK, 0, id(self),
                    link ? Id128.NONE : id(self)).encode(), List.of());
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
            }
            NodeName inviter = nodeName(ack.node());
            NodeName brokerName = nodeName(ack.broker());
            if (ack.status() != HelloAck.Status.OK) {
                channel.close(CloseReason.LOCAL, "the inviter refused: " + ack.status());
                return;
            }
            if (frame.fds().isEmpty() && channel.peerRoles().contains(PeerRole.LINK_SERVER)) {
                if (NodeName.NONE.equals(brokerName)) {
                    isolatedLinkMade(inviter); // a named endpoint of another network: an isolated link
                    return;
                }
                if (!inviter.equals(self) && id(brokerName).equals(networkBroker())) {
                    // A named endpoint of this node's own network: the merge comes through the network.
                    node = inviter;
                    viaNetwork = true;
                    party.connected(this, inviter);
                    return;
                }
            }
            // The broker's channel comes with the answer exactly when the inviter is not the broker (§4, step 3).
            boolean inviterIsBroker = brokerName.equals(inviter);
            if (frame.fds().size() != (inviterIsBroker ? 0 : 1) || brokerName.equals(self) || NodeName.NONE.equals(brokerName)) {
                frame.closeFds();
                channel.close(CloseReason.FD_MISMATCH, "hello-ack naming broker " + brokerName + " with "
                        + frame.fds().size() + " fd(s): the broker's channel comes when, and only when, the inviter is "
                        + "not the broker");
                return;
            }
            if (!register(inviter)) {
                frame.closeFds();
                channel.close(CloseReason.NAME_REUSE, "the inviter's name " + inviter + " is already in use here");
                return;
            }
            Peer brokerPeer = this;
            if (!inviterIsBroker) {
                try {
                    brokerPeer = open(frame.fds().get(0), EnumSet.of(PeerRole.BROKER), null, brokerName, new Hello(
                            Versions.MIN, Versions.MAX, PeerRole.BROKER_CLIENT, 0, id(self), id(brokerName), Id128.NONE));
                } catch (NativeException | IllegalStateException e) {
                    channel.close(CloseReason.LOCAL, "cannot open the channel to the broker " + brokerName + ": "
                            + e.getMessage());
                    return;
                }
            }
            boolean brokerLive;
            peersLock.lock();
            try {
                // It introduces this node to the others of its network (docs/architecture.md §4). Unless it ended
                // already (its hello met a dead broker): its onClosed, under this lock, did not find it the broker, so
                // taking it now would leave a closed broker that every introduction would wait on for ever.
                brokerLive = open.contains(brokerPeer);
                if (brokerLive) {
                    broker = brokerPeer;
                }
            } finally {
                peersLock.unlock();
            }
            if (!brokerLive) {
                channel.close(CloseReason.LOCAL, "cannot open the channel to the broker " + brokerName + ": it ended at once: "
                        + brokerPeer.channel.closeReason() + ": " + brokerPeer.channel.closeDetail());
                return;
            }
            party.connected(this, inviter);
        }

        /** Connector: the server {@code server} answered that this channel is an isolated link. */
        private void isolatedLinkMade(NodeName server) {
            if (!register(server)) {
                channel.close(CloseReason.NAME_REUSE, "the named endpoint's name " + server + " is already in use here");
                return;
            }
            isolated = true;
            bridges.isolatedLink(server);
            party.connected(this, server);
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
            Map<NodeName, List<QueuedEvent>> failed = Map.of();
            List<Peer> orphans = List.of();
            peersLock.lock();
            try {
                open.remove(this);
                named = n != null && peers.get(n) == this;
                if (named) {
                    peers.remove(n);
                    lost.add(n);
                }
                addingClients.values().remove(this);
                addedBy.remove(this);
                if (broker == this) {
                    // Losing the broker fails the introductions pending and every later one (§4); channels stay.
                    broker = null;
                    failed = new HashMap<>(awaitingIntroduction);
                    awaitingIntroduction.clear();
                    lost.addAll(failed.keySet());
                    orphans = new ArrayList<>(addingClients.values());
                    addingClients.clear();
                }
            } finally {
                peersLock.unlock();
            }
            for (Map.Entry<NodeName, List<QueuedEvent>> e : failed.entrySet()) {
                introductionFailed(e.getKey(), e.getValue(), "the broker's channel ended");
            }
            for (Peer invitee : orphans) { // invited through a broker that is gone: refused
                invitee.refuse(HelloAck.Status.REFUSED);
                invitee.party.tokenWasted(invitee);
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

        /**
         * The hello deadline of this channel passed (on the I/O thread, after the frames already read): a peer that
         * has not sent all its handshake owes is cut off, whatever it sent (nothing, part of a frame, or hello without
         * the request that follows it), so that it holds no socket, name or reserved pipe for ever.
         */
        private void helloDeadlinePassed(java.time.Duration deadline) {
            if (greeted || channel.isClosed()) {
                return;
            }
            channel.close(CloseReason.HELLO_DEADLINE, (helloSeen ? "hello, but no request-port-merge" : "no hello")
                    + " within the hello deadline of " + deadline.toMillis() + " ms");
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
        if (node != null || first == null) {
            // A socket a broker made, or a connection this node accepted, waits for the peer's handshake; a connecting
            // side (an invitee, a named endpoint's connector) waits for the answer within its caller's deadline.
            armHelloDeadline(peer);
        }
        return peer;
    }

    /** Cuts {@code peer} off if its handshake is not done within the hello deadline (checked on the I/O thread). */
    private void armHelloDeadline(Peer peer) {
        java.time.Duration deadline = helloDeadline;
        // The JDK's delay scheduler thread only hands the check to the I/O thread: nothing runs on it.
        java.util.concurrent.CompletableFuture.delayedExecutor(deadline.toNanos(),
                java.util.concurrent.TimeUnit.NANOSECONDS, this::runOnIoThread)
                .execute(() -> peer.helloDeadlinePassed(deadline));
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
     * Starts a named endpoint's side of the handshake on an accepted connection (docs/processes.md): the peer must
     * send hello{link connector}, which {@code party} accepts or refuses; accepted, it joins this node's network as
     * a broker client.
     */
    public Peer acceptLinkConnector(Fd socket, InvitationParty party) throws NativeException {
        return open(socket, EnumSet.of(PeerRole.LINK_CONNECTOR, PeerRole.BROKER_CLIENT), Objects.requireNonNull(party),
                null, null);
    }

    /**
     * Starts the connector's handshake on a socket connected to a named endpoint: hello{link connector, the broker of
     * this node's network (none if it has none)}.
     */
    public Peer connectToLinkServer(Fd socket, InvitationParty party) throws NativeException {
        Hello hello = new Hello(Versions.MIN, Versions.MAX, PeerRole.LINK_CONNECTOR, 0, id(self), networkBroker(),
                Id128.NONE);
        return open(socket, EnumSet.of(PeerRole.LINK_SERVER, PeerRole.BROKER), Objects.requireNonNull(party), null, hello);
    }

    /**
     * Records that this node serves a named endpoint. A node that accepted no invitation becomes the broker of its
     * network, which connectors of no network join; a broker client serves too, and then each connector gets an
     * isolated link (docs/processes.md, "Isolated links and bridges").
     */
    public void markLinkServer() {
        peersLock.lock();
        try {
            // A client serves too; then every connector gets an isolated link.
            if (!invitee) {
                inviter = true; // its connectors of no network join its network
            }
        } finally {
            peersLock.unlock();
        }
    }

    /**
     * Records that this node invites: it is (or becomes) the broker of its network, unless it accepted an invitation:
     * then its broker registers each process it invites (add-client), and that process joins the same network.
     *
     * @throws IllegalStateException if this node accepted an invitation and its channel to its broker has ended
     */
    public void markInviter() {
        peersLock.lock();
        try {
            if (invitee && broker == null) {
                throw new IllegalStateException(self + " accepted an invitation but has no broker any more: it cannot "
                        + "invite (its broker registers the processes it invites)");
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

    /**
     * The broker of this node's network as a hello names it: this node if it invited or serves as a broker, its
     * broker if it accepted an invitation (none once that channel ended), none if it belongs to no network.
     */
    private Id128 networkBroker() {
        peersLock.lock();
        try {
            if (invitee) {
                return broker == null || broker.node == null ? Id128.NONE : id(broker.node);
            }
            return inviter ? id(self) : Id128.NONE;
        } finally {
            peersLock.unlock();
        }
    }

    /** Whether this node belongs to a broker network (it invited, serves as a broker, or accepted an invitation). */
    public boolean inNetwork() {
        peersLock.lock();
        try {
            return invitee || inviter;
        } finally {
            peersLock.unlock();
        }
    }

    /** Whether the channel to {@code node} is (or was) an isolated link. */
    public boolean isIsolatedLink(NodeName node) {
        return bridges.isLinkPeer(node);
    }

    /**
     * Tags {@code a} and {@code b}, the two ends of a named endpoint's new pipe on this node, with the network of the
     * channel to {@code peer}, before either is used: the pipe's route is in that network wherever its ends go.
     */
    public void tagPipe(PortRef a, PortRef b, NodeName peer) {
        bridges.tagPair(a, b, peer);
    }

    /** How many bridges this node runs (tests). */
    public int bridgeCount() {
        return bridges.count();
    }

    /** This node's networks and bridges (tests). */
    Bridges bridges() {
        return bridges;
    }

    /** Whether this node has a live channel to {@code node}. */
    public boolean isConnectedTo(NodeName node) {
        return peerFor(node) != null;
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
        send(from, to, event, NO_PAYLOAD, fds);
    }

    private static final byte[] NO_PAYLOAD = new byte[0];

    /**
     * Writes the event gathered: {@code payload} (a message's own array) is copied once, into the frame; joined
     * into one array only when the event must wait (for an introduction, or behind the introduction's queue).
     */
    @Override
    public void send(NodeName from, NodeName to, byte[] head, byte[] payload, List<Fd> fds) {
        Peer peer;
        Peer askBroker = null;
        Peer relayVia = null;
        boolean unknown = false;
        peersLock.lock();
        try {
            peer = peers.get(to);
            if (peer != null && peer.flushQueue != null) {
                peer.flushQueue.add(new QueuedEvent(EventTranslation.EncodedEvent.joined(head, payload), List.copyOf(fds))); // behind the introduction's queue
                return;
            }
            if (peer == null) {
                List<QueuedEvent> waiting = awaitingIntroduction.get(to);
                if (waiting != null) {
                    waiting.add(new QueuedEvent(EventTranslation.EncodedEvent.joined(head, payload), List.copyOf(fds))); // behind the frames before it, in order
                    return;
                }
                if (broker != null && payload.length == 0 && BrokerFrames.isDeadPort(head) && !to.equals(self) && !bridges.isLinkPeer(to)) {
                    relayVia = broker; // a notice makes no channel: the broker passes it on (or drops it)
                } else if (!lost.contains(to)) {
                    if (broker != null && !closed && awaitingIntroduction.size() < MAX_PENDING_INTRODUCTIONS) {
                        List<QueuedEvent> queue = new ArrayList<>();
                        queue.add(new QueuedEvent(EventTranslation.EncodedEvent.joined(head, payload), List.copyOf(fds)));
                        awaitingIntroduction.put(to, queue);
                        askBroker = broker;
                    } else {
                        // No broker to ask (this node is the broker, or of no network, or lost its broker): as when a
                        // broker answers "unknown" (docs/architecture.md §4), the node is lost and its pipes break.
                        lost.add(to);
                        unknown = true;
                    }
                }
            }
        } finally {
            peersLock.unlock();
        }
        if (askBroker != null) {
            // If the broker's channel has just ended, its loss fails this request with the others.
            askBroker.channel.write(FrameType.REQUEST_INTRODUCTION, BrokerFrames.node(to), List.of());
            return;
        }
        if (relayVia != null) {
            relayVia.channel.write(FrameType.RELAY_DEAD_PORT, BrokerFrames.relay(to, head), List.of());
            return;
        }
        if (peer == null) {
            // A node whose channel ended (its loss has run or is about to) or never had one: nothing reaches it,
            // and the ports whose route goes there learn it from node loss.
            LOG.log(unknown ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                    "{0}: event for {1} dropped: no channel to it{2}", self, to,
                    unknown ? " (no broker can introduce it: its pipes break)" : "");
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
            r = peer.channel.write(FrameType.EVENT, MemorySegment.ofArray(head), MemorySegment.ofArray(payload), fds);
        } catch (IllegalArgumentException tooLarge) {
            fds.forEach(Fd::close); // refused before the channel took them
            // Over the channel's frame limit (128 MiB): the write returned OK before the limit was checked, so the
            // message cannot be dropped quietly. Ending the channel reports every pipe through it as broken.
            LOG.log(System.Logger.Level.ERROR, self + ": an event for " + to + " exceeds the channel's limits; "
                    + "the channel is closed", tooLarge);
            peer.channel.close(CloseReason.LOCAL, tooLarge.getMessage());
            r = Channel.WriteResult.CLOSED;
        }
        if (r != Channel.WriteResult.CLOSED) {
            peer.eventsSent.increment();
        }
        if (t != null) {
            t.written(from, to, r != Channel.WriteResult.CLOSED);
        }
    }

    // ---- introductions (docs/processes.md) ------------------------------------------------------

    /**
     * Broker: {@code client} asks to reach {@code target}. Each pair of clients is introduced once, with the two
     * ends of a new socket pair; a crossing request for a pair introduced already is answered "already
     * introduced" (the introduce frame is ahead of it or on its way); a node that is not a live client of this
     * broker, "unknown". Runs on the reader of the client's channel, with no lock held.
     */
    private void introduce(Peer client, NodeName target) {
        NodeName asker = client.node;
        if (!isBroker()) {
            client.channel.close(CloseReason.BAD_STATE, "request-introduction sent to " + self + ", which is not a broker");
            return;
        }
        if (target.equals(asker) || target.equals(self) || NodeName.NONE.equals(target)) {
            client.channel.close(CloseReason.BAD_STATE, "request-introduction for " + target
                    + ": a client asks for another client, never for itself or its broker");
            return;
        }
        int status;
        Peer other = null;
        peersLock.lock();
        try {
            Peer p = peers.get(target);
            if (p == null || p.isolated || !p.channel.peerRoles().contains(PeerRole.BROKER_CLIENT)) {
                status = BrokerFrames.UNKNOWN;
            } else if (!introducedPairs.add(Set.of(asker, target))) {
                status = BrokerFrames.ALREADY_INTRODUCED;
            } else {
                status = BrokerFrames.OK;
                other = p;
            }
        } finally {
            peersLock.unlock();
        }
        if (other != null) {
            UnixSocket.Pair pair;
            try {
                pair = UnixSocket.pair(true);
            } catch (NativeException e) {
                LOG.log(System.Logger.Level.ERROR, self + ": cannot make a socket pair to introduce " + asker + " to "
                        + target + "; answered unknown", e);
                peersLock.lock();
                try {
                    introducedPairs.remove(Set.of(asker, target));
                } finally {
                    peersLock.unlock();
                }
                client.channel.write(FrameType.INTRODUCE, BrokerFrames.introduce(target, BrokerFrames.UNKNOWN), List.of());
                return;
            }
            client.channel.write(FrameType.INTRODUCE, BrokerFrames.introduce(target, BrokerFrames.OK), List.of(pair.first()));
            other.channel.write(FrameType.INTRODUCE, BrokerFrames.introduce(asker, BrokerFrames.OK), List.of(pair.second()));
            return;
        }
        client.channel.write(FrameType.INTRODUCE, BrokerFrames.introduce(target, status), List.of());
    }

    /** Client: the broker's introduce frame (asked for, or the other side of a pair someone else asked for). */
    private void introduced(Peer from, Frame frame) {
        NodeName other = BrokerFrames.nodeOf(frame.payload());
        int status = BrokerFrames.statusOf(frame.payload());
        if (!isBrokerChannel(from)) {
            frame.closeFds();
            from.channel.close(CloseReason.WRONG_ROLE, "introduce from an inviter that is not this node's broker");
            return;
        }
        if (other.equals(self) || NodeName.NONE.equals(other)) {
            frame.closeFds();
            from.channel.close(CloseReason.BAD_STATE, "introduce naming " + other + ": not another node");
            return;
        }
        if (status == BrokerFrames.OK) {
            joinIntroduced(frame.fds().get(0), other);
        } else if (status == BrokerFrames.UNKNOWN) {
            List<QueuedEvent> queued;
            peersLock.lock();
            try {
                queued = awaitingIntroduction.remove(other);
                if (queued != null) {
                    lost.add(other);
                }
            } finally {
                peersLock.unlock();
            }
            if (queued != null) { // else an answer to nothing this node is waiting for: nothing to do
                introductionFailed(other, queued, "the broker knows no such node");
            }
        }
        // ALREADY_INTRODUCED: keep waiting; the introduce frame for this pair comes (or came) on this channel.
    }

    /**
     * Adds the channel the broker made to {@code other} (both sides send hello, role introduced peer) under that name
     * at once, and writes the events queued for it into it, in order: batch by batch, with no lock held while
     * writing, until its flush queue is empty. Until then events sent to {@code other} join that queue, so none
     * overtakes those before it; a channel that ends meanwhile is named already, so its loss runs as for any other.
     */
    private void joinIntroduced(Fd socket, NodeName other) {
        Peer peer;
        try {
            peer = new Peer(socket, EnumSet.of(PeerRole.INTRODUCED_PEER), null, other);
        } catch (RuntimeException e) {
            socket.close();
            introductionFailedNow(other, "cannot open the introduced channel: " + e.getMessage());
            return;
        }
        String refused = null;
        peersLock.lock();
        try {
            if (closed) {
                refused = self + ": its channels are closed";
            } else if (peers.containsKey(other) || lost.contains(other)) {
                refused = other + " already has (or had) a channel to " + self;
            } else {
                List<QueuedEvent> queued = awaitingIntroduction.remove(other);
                peer.flushQueue = queued == null ? new ArrayList<>() : queued;
                peers.put(other, peer);
                open.add(peer);
            }
        } finally {
            peersLock.unlock();
        }
        if (refused != null) {
            // Never named here, so no loss runs; the other side sees the socket end and treats this node as lost.
            LOG.log(System.Logger.Level.WARNING, "{0}: introduction to {1} refused: {2}", self, other, refused);
            peer.channel.close(CloseReason.LOCAL, refused);
            return;
        }
        peer.channel.write(FrameType.HELLO, new Hello(Versions.MIN, Versions.MAX, PeerRole.INTRODUCED_PEER, 0, id(self),
                Id128.NONE, Id128.NONE).encode(), List.of());
        try {
            io.register(peer.channel);
            armHelloDeadline(peer);
        } catch (NativeException e) {
            peer.channel.close(CloseReason.IO_ERROR, "cannot watch the introduced channel: " + e.getMessage()); // loss runs
        }
        for (;;) {
            List<QueuedEvent> batch;
            peersLock.lock();
            try {
                batch = peer.flushQueue;
                peer.flushQueue = batch.isEmpty() ? null : new ArrayList<>();
            } finally {
                peersLock.unlock();
            }
            if (batch.isEmpty()) {
                return;
            }
            for (QueuedEvent q : batch) {
                // A closed channel closes the descriptors; its loss ran (or runs) since the channel is named.
                if (peer.channel.write(FrameType.EVENT, MemorySegment.ofArray(q.event()), q.fds())
                        != Channel.WriteResult.CLOSED) {
                    peer.eventsSent.increment();
                }
            }
        }
    }

    /** {@link #introductionFailed} for a node whose queue is still waiting. */
    private void introductionFailedNow(NodeName other, String why) {
        List<QueuedEvent> queued;
        peersLock.lock();
        try {
            queued = awaitingIntroduction.remove(other);
            lost.add(other);
        } finally {
            peersLock.unlock();
        }
        introductionFailed(other, queued == null ? List.of() : queued, why);
    }

    /**
     * An introduction that will not happen ({@code other} is recorded lost already): the queued events are dropped
     * (their descriptors closed) except dead-port notices, which the broker relays if it is still there, and node
     * loss runs for {@code other}, so the pipes waiting on it break instead of hanging.
     */
    private void introductionFailed(NodeName other, List<QueuedEvent> queued, String why) {
        Peer via;
        peersLock.lock();
        try {
            via = broker;
        } finally {
            peersLock.unlock();
        }
        for (QueuedEvent q : queued) {
            q.fds().forEach(Fd::close);
            if (via != null && BrokerFrames.isDeadPort(q.event())) {
                via.channel.write(FrameType.RELAY_DEAD_PORT, BrokerFrames.relay(other, q.event()), List.of());
            }
        }
        LOG.log(System.Logger.Level.WARNING, "{0}: no introduction to {1} ({2}): {3} queued event(s) dropped, its pipes "
                + "break", self, other, why, queued.size());
        runOnIoThread(() -> core.lostConnectionTo(other));
    }

    /**
     * A relay-dead-port frame. From a client (this node is its broker): passed on to the destination client, with
     * the sender as origin, or dropped if there is none; handled here if it is for this node. From the broker: the
     * notice of the origin node it names, handed to the ports layer as if that node had sent it.
     */
    private void relayed(Peer from, Frame frame) {
        NodeName node = BrokerFrames.nodeOf(frame.payload());
        byte[] event = BrokerFrames.relayedEvent(frame.payload());
        if (from.channel.peerRoles().contains(PeerRole.BROKER)) {
            if (!isBrokerChannel(from)) {
                // A dead-port notice relayed by a node that is not this node's broker speaks for another node (§4).
                from.channel.close(CloseReason.FORGED_SENDER, "relayed dead-port notice from an inviter that is not this "
                        + "node's broker");
                return;
            }
            if (node.equals(self) || NodeName.NONE.equals(node)) {
                from.channel.close(CloseReason.FORGED_SENDER, "relayed dead-port notice claiming to come from " + node);
                return;
            }
            try {
                core.acceptEvent(node, event);
            } catch (ProtocolViolationException e) {
                // The origin's fault, not the broker's: the notice is dropped and the channel stays.
                LOG.log(System.Logger.Level.WARNING, "{0}: dead-port notice from {1}, relayed by the broker, refused: {2}",
                        self, node, e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "a handler run for a relayed notice from " + node + " failed", e);
            }
            return;
        }
        if (!isBroker()) {
            from.channel.close(CloseReason.BAD_STATE, "dead-port notice to relay sent to " + self + ", not a broker");
            return;
        }
        if (node.equals(self)) {
            try {
                core.acceptEvent(from.node, event);
            } catch (ProtocolViolationException e) {
                from.channel.close(Peer.closeReason(e), "dead-port notice refused: " + e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "a handler run for a notice from " + from.node + " failed", e);
            }
            return;
        }
        Peer to = peerFor(node);
        if (to == null || to.isolated || !to.channel.peerRoles().contains(PeerRole.BROKER_CLIENT)) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: dead-port notice from {1} for {2} dropped: no such client", self,
                    from.node, node);
            return;
        }
        to.channel.write(FrameType.RELAY_DEAD_PORT, BrokerFrames.relay(from.node, event), List.of());
    }

    /**
     * Whether this node is the broker of its network: it accepted no invitation (so the invitees it admits are its
     * clients). A node that accepted one is a client, and invites through its broker.
     */
    private boolean isBroker() {
        peersLock.lock();
        try {
            return isBrokerLocked();
        } finally {
            peersLock.unlock();
        }
    }

    // @GuardedBy("peersLock")
    private boolean isBrokerLocked() {
        return !invitee;
    }

    /** Whether {@code p} is this client's channel to its broker. */
    private boolean isBrokerChannel(Peer p) {
        peersLock.lock();
        try {
            return broker == p;
        } finally {
            peersLock.unlock();
        }
    }

    /**
     * Broker: client {@code inviting} invited node {@code invitee} (add-client). A name new to this broker gets a
     * socket pair: one end becomes this broker's channel to the invitee (which greets with hello{broker client}
     * naming itself), the other goes back in client-added{OK} for the inviter to pass on in its hello-ack. A name in
     * use (or lost), or from a client with {@value #MAX_UNGREETED_ADDED_CLIENTS} added invitees that have not said
     * hello yet, is answered "name in use". The pair inviter–invitee counts as introduced: they have a channel.
     */
    private void addClient(Peer inviting, NodeName invitee) {
        if (!isBroker()) {
            inviting.channel.close(CloseReason.BAD_STATE, "add-client sent to " + self + ", which is not a broker");
            return;
        }
        boolean free;
        peersLock.lock();
        try {
            long ungreeted = addedBy.entrySet().stream()
                    .filter(e -> e.getValue().equals(inviting.node) && e.getKey().channel.version() == 0).count();
            free = !invitee.equals(self) && !NodeName.NONE.equals(invitee) && !peers.containsKey(invitee)
                    && !lost.contains(invitee) && !closed && ungreeted < MAX_UNGREETED_ADDED_CLIENTS;
        } finally {
            peersLock.unlock();
        }
        Fd theirs = null;
        if (free) {
            UnixSocket.Pair pair = null;
            try {
                pair = UnixSocket.pair(true);
                Peer added = open(pair.first(), EnumSet.of(PeerRole.BROKER_CLIENT), null, invitee, new Hello(Versions.MIN,
                        Versions.MAX, PeerRole.BROKER, 0, id(self), id(self), Id128.NONE));
                peersLock.lock();
                try {
                    if (!added.channel.isClosed()) {
                        addedBy.put(added, inviting.node);
                    }
                } finally {
                    peersLock.unlock();
                }
                theirs = pair.second();
            } catch (NativeException | IllegalStateException e) {
                // No socket pair, or the name was taken meanwhile (open closed our end): answered "name in use".
                LOG.log(System.Logger.Level.WARNING, "{0}: add-client {1} from {2} refused: {3}", self, invitee,
                        inviting.node, e.getMessage());
                if (pair != null) {
                    pair.second().close();
                }
            }
        }
        if (theirs == null) {
            inviting.channel.write(FrameType.CLIENT_ADDED, BrokerFrames.introduce(invitee, BrokerFrames.NAME_IN_USE),
                    List.of());
            return;
        }
        peersLock.lock();
        try {
            introducedPairs.add(Set.of(inviting.node, invitee));
        } finally {
            peersLock.unlock();
        }
        inviting.channel.write(FrameType.CLIENT_ADDED, BrokerFrames.introduce(invitee, BrokerFrames.OK), List.of(theirs));
    }

    /** A client inviting: the broker's answer to add-client; the invitee gets hello-ack{OK, broker, fd} or a refusal. */
    private void clientAdded(Peer from, Frame frame) {
        NodeName invitee = BrokerFrames.nodeOf(frame.payload());
        int status = BrokerFrames.statusOf(frame.payload());
        Peer waiting;
        NodeName brokerName;
        peersLock.lock();
        try {
            waiting = broker == from ? addingClients.remove(invitee) : null;
            brokerName = from.node;
        } finally {
            peersLock.unlock();
        }
        if (!isBrokerChannel(from) && waiting == null) {
            frame.closeFds();
            from.channel.close(CloseReason.WRONG_ROLE, "client-added from an inviter that is not this node's broker");
            return;
        }
        if (waiting == null) { // its channel ended meanwhile: the broker's side sees the socket end unused
            frame.closeFds();
            return;
        }
        if (status != BrokerFrames.OK) {
            waiting.refuse(HelloAck.Status.NAME_IN_USE);
            waiting.party.tokenWasted(waiting);
            return;
        }
        waiting.admit(invitee, brokerName, frame.fds());
    }

    /** Event frames written to and handled from one channel, counted since it opened. */
    public record EventCounts(long sent, long received) {}

    /** The event frames this node's channel to {@code node} has carried, or null if there is no such channel. */
    public EventCounts eventCounts(NodeName node) {
        Peer p = peerFor(node);
        return p == null ? null : new EventCounts(p.eventsSent.sum(), p.eventsReceived.sum());
    }

    /** The channel to {@code node}, or null if there is none. */
    private Peer peerFor(NodeName node) {
        peersLock.lock();
        try {
            return peers.get(node);
        } finally {
            peersLock.unlock();
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
            for (List<QueuedEvent> queued : awaitingIntroduction.values()) {
                queued.forEach(q -> q.fds().forEach(Fd::close)); // never delivered
            }
            awaitingIntroduction.clear();
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

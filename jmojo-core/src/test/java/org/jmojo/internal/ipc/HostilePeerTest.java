package org.jmojo.internal.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jmojo.internal.channel.ChannelLimits;
import org.jmojo.internal.channel.CloseReason;
import org.jmojo.internal.channel.FrameType;
import org.jmojo.internal.channel.Hello;
import org.jmojo.internal.channel.HelloAck;
import org.jmojo.internal.channel.Id128;
import org.jmojo.internal.channel.PeerRole;
import org.jmojo.internal.channel.RawFrames;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.internal.platform.EventFd;
import org.jmojo.internal.platform.Fd;
import org.jmojo.internal.platform.Poller;
import org.jmojo.internal.platform.SocketMessenger;
import org.jmojo.internal.platform.UnixSocket;
import org.jmojo.internal.ports.NodeName;
import org.jmojo.internal.ports.PortName;
import org.jmojo.internal.ports.PortRef;
import org.jmojo.internal.ports.wire.EventCodec;
import org.jmojo.internal.ports.wire.HandleEntry;
import org.jmojo.internal.ports.wire.HandleKind;
import org.jmojo.internal.ports.wire.PortDescriptor;
import org.jmojo.internal.ports.wire.PortsEvent;
import org.jmojo.internal.ports.wire.UserMessageEvent;
import org.jmojo.system.ClosureReason;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.QuotaPolicy;
import org.jmojo.system.ReceiveQuota;
import org.jmojo.system.Signals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile peers at the node level (issue 9, "Hostile peers"): node B has a channel to a well-behaved node A (the
 * neighbour, with a pipe across) and one to a fake node that a test drives through a raw socket, writing frames by
 * hand. Each test asserts what B does: the channel to the fake node closes with its typed reason (and the pipe to
 * that node reports PEER_LOST), or, where the trust table says "drop", the channel stays up; B's memory for it stays
 * bounded; and the neighbour's pipe keeps working, both ways.
 */
@Timeout(120)
class HostilePeerTest {
    private static final Duration WAIT = NodeWithNeighbour.WAIT;
    private static final long EVENT_HEADER = 48;
    /** Offsets in a user-message event (docs/ports-wire.md): its body follows the 48-byte event header. */
    private static final long CONTROL_SEQUENCE = 40;
    private static final long SEQUENCE = EVENT_HEADER;
    private static final long PORT_COUNT = EVENT_HEADER + 8;
    private static final long HANDLE_COUNT = EVENT_HEADER + 12;
    private static final long PAYLOAD_LENGTH = EVENT_HEADER + 16;
    private static final long EXTRA_LENGTH = EVENT_HEADER + 20;

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private NodeWithNeighbour nodes;
    private Core a;
    private Core b;
    private LocalCore bNode;
    private NodeChannels bChannels;
    private static long nextHostile = 1;

    @BeforeEach
    void joinNodes() throws Exception {
        nodes = new NodeWithNeighbour();
        a = nodes.a;
        b = nodes.b;
        bNode = nodes.bNode;
        bChannels = nodes.bChannels;
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) {
            c.close();
        }
        nodes.close();
    }

    /** The roles B gives a channel it opens (the three kinds of channel {@link NodeChannels} makes). */
    enum RoleSet {
        /** {@link NodeChannels#connectIntroduced}: both sides send hello. */
        INTRODUCED(EnumSet.of(PeerRole.INTRODUCED_PEER)),
        /** {@link NodeChannels#acceptInvitee}: the fake node joins B's invitation. */
        INVITEE(EnumSet.of(PeerRole.INVITEE, PeerRole.BROKER_CLIENT)),
        /** {@link NodeChannels#connectToInviter}: B joins the fake node's invitation. */
        INVITER(EnumSet.of(PeerRole.INVITER, PeerRole.BROKER));

        final Set<PeerRole> roles;

        RoleSet(Set<PeerRole> roles) {
            this.roles = roles;
        }
    }

    /** A fake node on a raw socket: writes whatever the test gives it, never reads (unless told). */
    private final class Hostile implements AutoCloseable {
        final NodeName name = new NodeName(0x4057_11E0L, nextHostile++);
        final PortName port = new PortName(9, 9);
        final PortRef bPort;
        /** B's end of a pipe whose other end is (said to be) on the fake node: it breaks when B cuts the node off. */
        final MessagePipeEndpoint toHostile;
        final NodeChannels.Peer peer;
        private final Fd socket;
        private final SocketMessenger out = new SocketMessenger(256 * 1024);
        private final Poller poller = new Poller(1);

        Hostile(RoleSet roles) throws Exception {
            bPort = bNode.node().createUninitializedPort();
            bNode.node().initializePort(bPort, name, port);
            toHostile = bNode.endpointFor(bPort);
            UnixSocket.Pair pair = UnixSocket.pair(true);
            socket = pair.second();
            cleanup.add(this);
            CompletableFuture<NodeName> joined = new CompletableFuture<>();
            NodeChannels.InvitationParty party = new NodeChannels.InvitationParty() {
                @Override
                public boolean tokenMatches(Id128 token) {
                    return true;
                }

                @Override
                public void connected(NodeChannels.Peer p, NodeName node) {
                    joined.complete(node);
                }

                @Override
                public void ended(NodeChannels.Peer p, CloseReason reason, String detail) {
                    joined.complete(null);
                }
            };
            switch (roles) {
                case INTRODUCED -> {
                    peer = bChannels.connectIntroduced(pair.first(), name);
                    send(hello(PeerRole.INTRODUCED_PEER));
                    joined.complete(name);
                }
                case INVITEE -> {
                    peer = bChannels.acceptInvitee(pair.first(), party);
                    send(hello(PeerRole.INVITEE));
                }
                case INVITER -> {
                    peer = bChannels.connectToInviter(pair.first(), new Id128(5, 5), party);
                    send(RawFrames.frame(FrameType.HELLO_ACK, new HelloAck(1, HelloAck.Status.OK, 0,
                            NodeChannels.id(name), NodeChannels.id(name)).encode().toArray(ValueLayout.JAVA_BYTE), 0));
                }
                default -> throw new AssertionError(roles);
            }
            assertThat(joined.get(60, TimeUnit.SECONDS)).as("handshake as %s", roles).isEqualTo(name);
        }

        private byte[] hello(PeerRole role) {
            return RawFrames.frame(FrameType.HELLO, new Hello(1, 1, role, 0, NodeChannels.id(name), Id128.NONE,
                    new Id128(5, 5)).encode().toArray(ValueLayout.JAVA_BYTE), 0);
        }

        void send(byte[] bytes) throws Exception {
            send(bytes, List.of());
        }

        /** Writes all of {@code bytes} (waiting for room when the socket is full), {@code fds} with the first byte. */
        void send(byte[] bytes, List<Fd> fds) throws Exception {
            MemorySegment data = MemorySegment.ofArray(bytes);
            long at = 0;
            List<Fd> attach = fds;
            while (at < bytes.length) {
                long n = out.send(socket, data, at, bytes.length - at, attach);
                if (n == UnixSocket.WOULD_BLOCK) {
                    poller.set(0, socket, Poller.OUT);
                    assertThat(poller.poll(60_000)).as("B reads what the fake node writes").isPositive();
                    continue;
                }
                attach = List.of();
                at += n;
            }
        }

        /** Waits until B has cut the fake node off (its pipe breaks: node loss ran) and returns the reason. */
        CloseReason awaitCutOff() {
            assertThat(b.wait(toHostile, Signals.PEER_CLOSED, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
            assertThat(toHostile.peerClosureReason()).contains(ClosureReason.PEER_LOST);
            assertThat(bChannels.isConnectedTo(name)).isFalse();
            assertThat(peer.channel().closeReason().isViolation()).as(peer.channel().closeDetail()).isTrue();
            return peer.channel().closeReason();
        }

        /**
         * Reads what B writes until a whole event frame is in and returns its event (B's hello and anything else
         * before it are skipped); the class's @Timeout guards a B that never writes one.
         */
        PortsEvent readEvent() throws Exception {
            java.io.ByteArrayOutputStream in = new java.io.ByteArrayOutputStream();
            for (;;) {
                byte[] bytes = in.toByteArray();
                for (int at = 0; at + 16 <= bytes.length; ) {
                    ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
                    int length = header.getInt(at);
                    if (at + length > bytes.length) {
                        break;
                    }
                    if (header.getShort(at + 4) == FrameType.EVENT.code()) {
                        return EventCodec.decode(MemorySegment.ofArray(java.util.Arrays.copyOfRange(bytes, at + 16,
                                at + length)), header.getShort(at + 8));
                    }
                    at += length;
                }
                poller.set(0, socket, Poller.IN);
                poller.poll(60_000);
                List<Fd> fds = new ArrayList<>();
                long n = out.receive(socket, fds);
                fds.forEach(Fd::close);
                assertThat(n).as("B closed the channel before it wrote an event").isNotZero();
                if (n > 0) {
                    in.write(out.buffer().asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
                }
            }
        }

        /** A user message from this node's port to {@code target} on B, as the ports layer would encode it. */
        byte[] userMessage(PortName target, PortName sender, long n, byte[] payload) {
            return RawFrames.frame(FrameType.EVENT, EventCodec.encode(UserMessageEvent.of(target, sender, n, n,
                    MemorySegment.ofArray(payload))), 0);
        }

        @Override
        public void close() {
            toHostile.close();
            socket.close();
            out.close();
            poller.close();
        }
    }

    /** The neighbour's pipe carries a message each way (after whatever the fake node did). */
    private void assertNeighbourWorks() {
        nodes.assertNeighbourWorks();
    }

    private static byte[] read(Core core, MessagePipeEndpoint end) {
        return NodeWithNeighbour.read(core, end);
    }

    // ---- every (frame type x sender role) the frame table forbids ------------------------------------------

    /** Generated from the frame table: each role set B gives a channel, with each type none of those roles may send. */
    static Stream<Arguments> forbiddenPairs() {
        List<Arguments> pairs = new ArrayList<>();
        for (RoleSet set : RoleSet.values()) {
            RawFrames.forbiddenFrom(set.roles).forEach(type -> pairs.add(Arguments.of(set, type)));
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{1} from a peer that is {0}")
    @MethodSource("forbiddenPairs")
    void frameTheSendersRoleMayNotSend_cutOffWrongRole_neighbourUnharmed(RoleSet roles, FrameType type) throws Exception {
        Hostile h = new Hostile(roles);
        h.send(RawFrames.frame(type, RawFrames.validPayload(type), 0));
        assertThat(h.awaitCutOff()).as(h.peer.channel().closeDetail()).isEqualTo(CloseReason.WRONG_ROLE);
        assertNeighbourWorks();
    }

    @Test
    void forbiddenPairs_coverTheFrameTable() {
        // INTRODUCED may send hello, event, goodbye (9 of the 12 types forbidden); INVITEE + BROKER_CLIENT all but
        // hello-ack, introduce, client-added, merge-failed; INVITER + BROKER all but request-introduction, add-client,
        // request-port-merge (relay-dead-port is legal from a broker client and from the broker).
        assertThat(forbiddenPairs()).hasSize(9 + 4 + 3);
    }

    // ---- size claims: rejected from the claim, before anything is allocated for it ---------------------------

    /** A size or count a hostile frame claims, what B must answer, and how many bytes honouring it would take. */
    enum Claim {
        FRAME_LENGTH_2_31(CloseReason.LIMIT, 1L << 31),
        FRAME_LENGTH_2_32_LESS_8(CloseReason.LIMIT, 0xFFFF_FFF8L),
        /** The length field is 32 bits: what a claim of 2^63 puts on the wire is its low half, 0. */
        FRAME_LENGTH_2_63(CloseReason.MALFORMED, 1L << 63),
        FRAME_FD_COUNT_2_15(CloseReason.LIMIT, 0),
        EVENT_PORT_COUNT_2_31(CloseReason.MALFORMED, (1L << 31) * 120),
        EVENT_HANDLE_COUNT_2_31(CloseReason.LIMIT, (1L << 31) * 16),
        EVENT_PAYLOAD_LENGTH_2_31(CloseReason.MALFORMED, 1L << 31),
        EVENT_PAYLOAD_LENGTH_2_32_LESS_1(CloseReason.MALFORMED, 0xFFFF_FFFFL),
        EVENT_EXTRA_LENGTH_2_31(CloseReason.MALFORMED, 1L << 31);

        final CloseReason expected;
        final long impliedBytes;

        Claim(CloseReason expected, long impliedBytes) {
            this.expected = expected;
            this.impliedBytes = impliedBytes;
        }
    }

    private static byte[] claimFrame(Hostile h, Claim claim) {
        return switch (claim) {
            case FRAME_LENGTH_2_31 -> RawFrames.header(1L << 31, FrameType.EVENT.code(), 0, 0, 0);
            case FRAME_LENGTH_2_32_LESS_8 -> RawFrames.header(0xFFFF_FFF8L, FrameType.EVENT.code(), 0, 0, 0);
            case FRAME_LENGTH_2_63 -> RawFrames.header(1L << 63, FrameType.EVENT.code(), 0, 0, 0);
            case FRAME_FD_COUNT_2_15 -> RawFrames.header(80, FrameType.EVENT.code(), 0, 1 << 15, 0);
            default -> {
                byte[] frame = h.userMessage(h.bPort.name(), h.port, 1, new byte[8]);
                long field = switch (claim) {
                    case EVENT_PORT_COUNT_2_31 -> PORT_COUNT;
                    case EVENT_HANDLE_COUNT_2_31 -> HANDLE_COUNT;
                    case EVENT_EXTRA_LENGTH_2_31 -> EXTRA_LENGTH;
                    default -> PAYLOAD_LENGTH;
                };
                long value = claim == Claim.EVENT_PAYLOAD_LENGTH_2_32_LESS_1 ? 0xFFFF_FFFFL : 1L << 31;
                ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).putInt(16 + (int) field, (int) value);
                yield frame;
            }
        };
    }

    @ParameterizedTest
    @EnumSource(Claim.class)
    void sizeClaim_cutOffBeforeAnythingIsAllocatedForIt(Claim claim) throws Exception {
        if (claim.impliedBytes > 0) {
            assertThat(claim.impliedBytes).as("the claim is at least this JVM's whole heap")
                    .isGreaterThanOrEqualTo(Runtime.getRuntime().maxMemory());
        }
        Hostile h = new Hostile(RoleSet.INTRODUCED);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long io = bChannels.ioThread().threadId();
        long before = threads.getThreadAllocatedBytes(io);
        h.send(claimFrame(h, claim));
        assertThat(h.awaitCutOff()).as(h.peer.channel().closeDetail()).isEqualTo(claim.expected);
        long allocated = threads.getThreadAllocatedBytes(io) - before;
        // Reading the frame, refusing it, logging the cut-off and running node loss: kilobytes, whatever the claim.
        assertThat(allocated).as("bytes B's I/O thread allocated for a claim of %,d", claim.impliedBytes)
                .isLessThan(1L << 20);
        assertNeighbourWorks();
    }

    @Test
    void controlSequencesFrom2To63_heldUpToTheBoundOnly_thenCutOff() throws Exception {
        // The u64 fields are sequence numbers, not sizes: an event far ahead of the next expected one is held (it
        // may be overtaken legitimately), but only so many from one node at one port.
        Hostile h = new Hostile(RoleSet.INTRODUCED);
        int bound = org.jmojo.internal.ports.Node.MAX_HELD_PER_NODE;
        byte[] template = h.userMessage(h.bPort.name(), h.port, 1, new byte[8]);
        int batch = 4096;
        ByteBuffer frames = ByteBuffer.allocate(template.length * batch).order(ByteOrder.LITTLE_ENDIAN);
        for (int sent = 0; sent <= bound; ) {
            int n = Math.min(batch, bound + 1 - sent);
            frames.clear();
            for (int i = 0; i < n; i++) {
                int at = frames.position();
                frames.put(template);
                long number = (1L << 63) + sent + i;
                frames.putLong(at + 16 + (int) CONTROL_SEQUENCE, number);
                frames.putLong(at + 16 + (int) SEQUENCE, number);
            }
            h.send(java.util.Arrays.copyOf(frames.array(), frames.position()));
            sent += n;
        }
        assertThat(h.awaitCutOff()).as(h.peer.channel().closeDetail()).isEqualTo(CloseReason.SEQUENCE);
        assertThat(h.peer.channel().closeDetail()).contains("the most it holds (" + bound + ")");
        assertThat(h.toHostile.readMessage().result()).as("none of them delivered").isEqualTo(MojoResult.FAILED_PRECONDITION);
        assertThat(bNode.node().census().heldEvents()).as("the held events go with the node").isZero();
        assertNeighbourWorks();
    }

    // ---- malformed frames ---------------------------------------------------------------------------------

    enum Attack {
        OVERSIZED_LENGTH(CloseReason.LIMIT),
        FEWER_FDS_THAN_DECLARED(CloseReason.FD_MISMATCH),
        FD_THE_EVENT_DOES_NOT_USE(CloseReason.FD_MISMATCH),
        GARBAGE_AFTER_HELLO(CloseReason.MALFORMED),
        DESCRIPTOR_NAMING_ANOTHER_NODE(CloseReason.NAME_REUSE);

        final CloseReason expected;

        Attack(CloseReason expected) {
            this.expected = expected;
        }
    }

    @ParameterizedTest
    @EnumSource(Attack.class)
    void malformedFrame_cutOffWithTypedReason_neighbourUnharmed(Attack attack) throws Exception {
        Hostile h = new Hostile(RoleSet.INTRODUCED);
        switch (attack) {
            case OVERSIZED_LENGTH -> h.send(RawFrames.header((128L << 20) + 8, FrameType.EVENT.code(), 0, 0, 0));
            case FEWER_FDS_THAN_DECLARED -> {
                try (EventFd fd = new EventFd()) {
                    h.send(RawFrames.frame(FrameType.EVENT, new byte[48], 2), List.of(fd.fd()));
                }
            }
            case FD_THE_EVENT_DOES_NOT_USE -> {
                byte[] frame = h.userMessage(h.bPort.name(), h.port, 1, new byte[8]);
                ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).putShort(8, (short) 1); // header: 1 fd
                try (EventFd fd = new EventFd()) {
                    h.send(frame, List.of(fd.fd()));
                }
            }
            case GARBAGE_AFTER_HELLO -> {
                byte[] garbage = new byte[4096];
                new Random(9).nextBytes(garbage);
                garbage[0] = 0x0B; // a length that is no multiple of 8
                h.send(garbage);
            }
            case DESCRIPTOR_NAMING_ANOTHER_NODE -> {
                // A message carrying a port whose descriptor says it comes from node A: the fake node would plant a
                // port on B that A's events could then reach. Refused: the referring node must be the sender.
                NodeName other = LocalCore.of(a).nodeName();
                PortDescriptor forged = new PortDescriptor(new PortName(77, 1), other, new PortName(77, 2), other,
                        new PortName(77, 3), 1, 1, 0, 0, false, false,
                        org.jmojo.internal.ports.wire.ClosureReason.ofCode(0));
                byte[] event = EventCodec.encode(new UserMessageEvent(h.bPort.name(), h.port, 1, 1, List.of(forged),
                        List.of(new HandleEntry(HandleKind.MESSAGE_PIPE, 0, 1, 8)), MemorySegment.ofArray(new byte[8]),
                        MemorySegment.ofArray(new byte[8])));
                h.send(RawFrames.frame(FrameType.EVENT, event, 0));
            }
            default -> throw new AssertionError(attack);
        }
        assertThat(h.awaitCutOff()).as(h.peer.channel().closeDetail()).isEqualTo(attack.expected);
        if (attack == Attack.DESCRIPTOR_NAMING_ANOTHER_NODE) {
            assertThat(h.peer.channel().closeDetail()).contains("referring node");
        }
        assertNeighbourWorks();
    }

    // ---- the trust table's rows, each with its typed reason (docs/architecture.md §4, "Trust and errors") -----

    /** One row of the trust table a raw peer breaks, and the reason B must cut it off with. */
    enum TrustRow {
        USER_SEQUENCE_BELOW_THE_NEXT_EXPECTED(CloseReason.SEQUENCE, "below the next one to read"),
        USER_SEQUENCE_EQUAL_TO_ONE_QUEUED(CloseReason.SEQUENCE, "is queued already"),
        USER_SEQUENCE_MORE_THAN_65536_AHEAD(CloseReason.SEQUENCE, "ahead of the last one in order"),
        CONTROL_SEQUENCE_ALREADY_PROCESSED(CloseReason.SEQUENCE, "already processed"),
        CONTROL_SEQUENCE_EQUAL_TO_ONE_HELD(CloseReason.SEQUENCE, "already held"),
        PORT_ACCEPTED_FROM_ANOTHER_PORT_THAN_THE_PEER(CloseReason.FORGED_SENDER, "not from its new location"),
        MERGE_PORT_NOT_EXPECTED(CloseReason.FORGED_SENDER, "expects no merge"),
        READ_ACK_BEYOND_WHAT_WAS_SENT(CloseReason.FORGED_SENDER, "acknowledges reading up to"),
        DEAD_PORT_NOTICE_NAMING_THE_RECEIVER(CloseReason.FORGED_SENDER, "claiming to come from"),
        DESCRIPTOR_REUSING_AN_EXISTING_PORT_NAME(CloseReason.NAME_REUSE, "never reused"),
        DESCRIPTOR_WITH_THE_ZERO_NAME(CloseReason.NAME_REUSE, "zero name"),
        DESCRIPTOR_NAMING_ANOTHER_REFERRING_NODE(CloseReason.NAME_REUSE, "referring node");

        final CloseReason expected;
        final String detail;

        TrustRow(CloseReason expected, String detail) {
            this.expected = expected;
            this.detail = detail;
        }
    }

    /** A frame carrying {@code event} alone. */
    private static byte[] eventFrame(PortsEvent event) {
        return RawFrames.frame(FrameType.EVENT, EventCodec.encode(event), 0);
    }

    /** A user message from {@code h} to B's port carrying one port described by {@code d}. */
    private static byte[] carrying(Hostile h, PortDescriptor d) {
        return eventFrame(new UserMessageEvent(h.bPort.name(), h.port, 1, 1, List.of(d),
                List.of(new HandleEntry(HandleKind.MESSAGE_PIPE, 0, 1, 8)), MemorySegment.ofArray(new byte[8]),
                MemorySegment.ofArray(new byte[8])));
    }

    private static PortDescriptor descriptor(PortName newPort, NodeName referringNode) {
        return new PortDescriptor(newPort, referringNode, new PortName(77, 2), referringNode, new PortName(77, 3), 1, 1,
                0, 0, false, false, org.jmojo.internal.ports.wire.ClosureReason.ofCode(0));
    }

    @ParameterizedTest
    @EnumSource(TrustRow.class)
    void trustTableRow_cutOffWithItsTypedReason_neighbourUnharmed(TrustRow row) throws Exception {
        Hostile h = new Hostile(row == TrustRow.DEAD_PORT_NOTICE_NAMING_THE_RECEIVER ? RoleSet.INVITER : RoleSet.INTRODUCED);
        PortName target = h.bPort.name();
        switch (row) {
            case USER_SEQUENCE_BELOW_THE_NEXT_EXPECTED -> {
                h.send(h.userMessage(target, h.port, 1, new byte[] {1}));
                assertThat(read(b, h.toHostile)).containsExactly(1);
                h.send(eventFrame(UserMessageEvent.of(target, h.port, 2, 1, MemorySegment.ofArray(new byte[] {2}))));
            }
            case USER_SEQUENCE_EQUAL_TO_ONE_QUEUED -> {
                h.send(h.userMessage(target, h.port, 1, new byte[] {1}));
                h.send(eventFrame(UserMessageEvent.of(target, h.port, 2, 1, MemorySegment.ofArray(new byte[] {2}))));
            }
            case USER_SEQUENCE_MORE_THAN_65536_AHEAD -> h.send(eventFrame(UserMessageEvent.of(target, h.port, 1,
                    org.jmojo.internal.ports.Node.MAX_USER_SEQUENCE_AHEAD + 1, MemorySegment.ofArray(new byte[8]))));
            case CONTROL_SEQUENCE_ALREADY_PROCESSED -> {
                h.send(h.userMessage(target, h.port, 1, new byte[] {1}));
                h.send(eventFrame(UserMessageEvent.of(target, h.port, 1, 2, MemorySegment.ofArray(new byte[] {2}))));
            }
            case CONTROL_SEQUENCE_EQUAL_TO_ONE_HELD -> {
                h.send(h.userMessage(target, h.port, 5, new byte[] {5})); // ahead of 1: held
                h.send(h.userMessage(target, h.port, 5, new byte[] {5}));
            }
            case PORT_ACCEPTED_FROM_ANOTHER_PORT_THAN_THE_PEER -> {
                // B sends the fake node a pipe end; its port waits (buffering) for port-accepted from the new location.
                MessagePipe sent = b.createMessagePipe();
                cleanup.add(sent::close);
                assertThat(h.toHostile.writeMessage(new byte[] {7}, List.of(sent.end1()))).isEqualTo(MojoResult.OK);
                UserMessageEvent m = (UserMessageEvent) h.readEvent();
                PortDescriptor d = m.ports().getFirst();
                h.send(eventFrame(new org.jmojo.internal.ports.wire.PortAcceptedEvent(d.referringPort(),
                        new PortName(d.newPort().high(), d.newPort().low() ^ 1))));
            }
            case MERGE_PORT_NOT_EXPECTED -> {
                PortName sender = new PortName(66, 1);
                h.send(eventFrame(new org.jmojo.internal.ports.wire.MergePortEvent(target, sender, new PortDescriptor(
                        new PortName(66, 2), h.name, new PortName(66, 3), h.name, sender, 1, 1, 0, 0, false, false,
                        org.jmojo.internal.ports.wire.ClosureReason.ofCode(0)))));
            }
            case READ_ACK_BEYOND_WHAT_WAS_SENT -> h.send(eventFrame(
                    new org.jmojo.internal.ports.wire.ReadAckEvent(target, h.port, 1, 5))); // B sent it nothing
            case DEAD_PORT_NOTICE_NAMING_THE_RECEIVER -> {
                // The fake node is B's broker here: it relays a notice it says B itself sent.
                byte[] notice = EventCodec.encode(new org.jmojo.internal.ports.wire.DeadPortEvent(target, h.port,
                        h.name, h.port));
                h.send(RawFrames.frame(FrameType.RELAY_DEAD_PORT,
                        BrokerFrames.relay(bNode.nodeName(), notice).toArray(ValueLayout.JAVA_BYTE), 0));
            }
            case DESCRIPTOR_REUSING_AN_EXISTING_PORT_NAME -> h.send(carrying(h, descriptor(target, h.name)));
            case DESCRIPTOR_WITH_THE_ZERO_NAME -> {
                PortName marker = new PortName(0x5A5A_5A5A_5A5A_5A5AL, 0x5A5A_5A5A_5A5A_5A5AL);
                byte[] frame = carrying(h, descriptor(marker, h.name));
                int at = indexOf(frame, EventCodec.encode(new org.jmojo.internal.ports.wire.PortAcceptedEvent(marker,
                        marker)), 8, 16); // the marker's 16 bytes, as a port name is laid out
                java.util.Arrays.fill(frame, at, at + 16, (byte) 0);
                h.send(frame);
            }
            case DESCRIPTOR_NAMING_ANOTHER_REFERRING_NODE -> h.send(carrying(h, descriptor(new PortName(77, 1),
                    LocalCore.of(a).nodeName())));
            default -> throw new AssertionError(row);
        }
        assertThat(h.awaitCutOff()).as(h.peer.channel().closeDetail()).isEqualTo(row.expected);
        assertThat(h.peer.channel().closeDetail()).contains(row.detail);
        assertNeighbourWorks();
    }

    /** Where the {@code length} bytes of {@code pattern} from {@code from} first occur in {@code bytes}. */
    private static int indexOf(byte[] bytes, byte[] pattern, int from, int length) {
        byte[] wanted = java.util.Arrays.copyOfRange(pattern, from, from + length);
        for (int i = 0; i + length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + length, wanted, 0, length)) {
                return i;
            }
        }
        throw new AssertionError("pattern not found");
    }

    // ---- what the trust table drops instead of cutting off -------------------------------------------------

    @Test
    void eventForAnUnknownPort_dropped_channelStaysUp() throws Exception {
        Hostile h = new Hostile(RoleSet.INTRODUCED);
        h.send(h.userMessage(new PortName(0xDEAD, 0xBEEF), h.port, 1, new byte[] {1}));
        // A frame the role may not send, behind it: the reason B cuts the peer off for shows the event before it
        // did not (frames of a channel are handled in order).
        h.send(RawFrames.frame(FrameType.INTRODUCE, RawFrames.validPayload(FrameType.INTRODUCE), 0));
        assertThat(h.awaitCutOff()).isEqualTo(CloseReason.WRONG_ROLE);
        assertThat(h.toHostile.readMessage().result()).as("nothing arrived on B's pipe to the node")
                .isEqualTo(MojoResult.FAILED_PRECONDITION);
        assertNeighbourWorks();
    }

    @Test
    void eventNamingAnotherNodesPort_neverDelivered_thePipeBetweenTheOthersUnharmed() throws Exception {
        Hostile h = new Hostile(RoleSet.INTRODUCED);
        PortRef aPort = LocalCore.of(a).node().createUninitializedPort();
        PortRef bPort = bNode.node().createUninitializedPort();
        LocalCore.of(a).node().initializePort(aPort, bNode.nodeName(), bPort.name());
        bNode.node().initializePort(bPort, LocalCore.of(a).nodeName(), aPort.name());
        try (MessagePipeEndpoint atA = LocalCore.of(a).endpointFor(aPort); MessagePipeEndpoint atB = bNode.endpointFor(bPort)) {
            // The fake node speaks as A's port, with the sequence numbers A's first message would carry.
            h.send(h.userMessage(bPort.name(), aPort.name(), 1, "forged".getBytes()));
            h.send(RawFrames.frame(FrameType.INTRODUCE, RawFrames.validPayload(FrameType.INTRODUCE), 0));
            assertThat(h.awaitCutOff()).isEqualTo(CloseReason.WRONG_ROLE);
            assertThat(atB.readMessage().result()).as("the forged message is not B's to read")
                    .isEqualTo(MojoResult.SHOULD_WAIT);
            for (int i = 1; i <= 3; i++) {
                assertThat(atA.writeMessage(("real " + i).getBytes())).isEqualTo(MojoResult.OK);
                assertThat(new String(read(b, atB))).isEqualTo("real " + i);
            }
        }
        assertNeighbourWorks();
    }

    // ---- a peer that does not read --------------------------------------------------------------------------

    @Test
    void slowReader_writeQueueBounded_thenCutOffLimit_neighbourUnharmed() throws Exception {
        long bound = 1L << 20;
        bChannels.channelLimits(new ChannelLimits(128L << 20, 64, 64, bound));
        Hostile h = new Hostile(RoleSet.INTRODUCED);
        byte[] message = new byte[4096];
        long most = 0;
        int written = 0;
        while (written < 20_000 && h.toHostile.writeMessage(message) == MojoResult.OK) {
            written++;
            most = Math.max(most, h.peer.channel().queuedBytes());
            if (h.peer.channel().isClosed()) {
                break;
            }
        }
        assertThat(h.awaitCutOff()).as(h.peer.channel().closeDetail()).isEqualTo(CloseReason.LIMIT);
        assertThat(h.peer.channel().closeDetail()).contains("the peer does not read");
        assertThat(most).as("bytes queued for the peer at most").isLessThanOrEqualTo(bound);
        assertThat(h.peer.channel().queuedBytes()).as("released with the channel").isZero();
        assertThat(written).as("messages written before the cut (%d KiB, beyond the socket buffer and the bound)",
                written * 4L).isGreaterThan((int) (bound / message.length));
        assertNeighbourWorks();
    }

    // ---- a flooding peer ---------------------------------------------------------------------------------

    @Test
    void floodOfAMillionMessages_boundedByTheReceiversHardQuota_pipeBroken_neighbourUnharmed() throws Exception {
        int quota = 1_000;
        int flood = 1_000_000;
        Hostile h = new Hostile(RoleSet.INTRODUCED);
        h.toHostile.setReceiveQuota(ReceiveQuota.messages(quota, QuotaPolicy.HARD));
        // A second pipe to the fake node, to see when B cuts it off at the end.
        PortRef sentinelPort = bNode.node().createUninitializedPort();
        bNode.node().initializePort(sentinelPort, h.name, new PortName(9, 10));
        org.jmojo.internal.ports.Node.Census before = bNode.node().census();
        byte[] template = h.userMessage(h.bPort.name(), h.port, 1, new byte[8]);
        int frameSize = template.length;
        int batch = 4096;
        byte[] frames = new byte[frameSize * batch];
        ByteBuffer patch = ByteBuffer.wrap(frames).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < batch; i++) {
            System.arraycopy(template, 0, frames, i * frameSize, frameSize);
        }
        boolean checkedMidway = false;
        for (int sent = 0; sent < flood; ) {
            int n = Math.min(batch, flood - sent);
            for (int i = 0; i < n; i++) {
                long number = sent + i + 1L; // control and user sequence of message number i, from 1
                patch.putLong(i * frameSize + 16 + (int) CONTROL_SEQUENCE, number);
                patch.putLong(i * frameSize + 16 + (int) SEQUENCE, number);
            }
            h.send(n == batch ? frames : java.util.Arrays.copyOf(frames, n * frameSize));
            sent += n;
            if (!checkedMidway && sent >= flood / 2) {
                assertNeighbourWorks(); // while the flood goes on: B's I/O thread shares its time between channels
                checkedMidway = true;
            }
        }
        h.send(RawFrames.frame(FrameType.INTRODUCE, RawFrames.validPayload(FrameType.INTRODUCE), 0));
        try (MessagePipeEndpoint sentinel = bNode.endpointFor(sentinelPort)) {
            assertThat(b.wait(sentinel, Signals.PEER_CLOSED, Deadline.after(Duration.ofSeconds(100))).result())
                    .isEqualTo(MojoResult.OK);
        }
        assertThat(h.peer.channel().closeReason()).as("the flood itself broke no protocol rule; the frame after it did")
                .isEqualTo(CloseReason.WRONG_ROLE);
        int queued = 0;
        while (h.toHostile.readMessage().isOk()) {
            queued++;
        }
        assertThat(queued).as("messages B kept of the %,d", flood).isEqualTo(quota);
        assertThat(h.toHostile.querySignalsState().satisfied().containsAll(Signals.PEER_CLOSED)).isTrue();
        assertThat(h.toHostile.peerClosureReason()).contains(ClosureReason.RECEIVE_QUOTA_EXCEEDED);
        org.jmojo.internal.ports.Node.Census after = bNode.node().census();
        assertThat(after.heldEvents()).as("no event of the flood held").isZero();
        assertThat(after.receiving()).as("no port made for the flood").isLessThanOrEqualTo(before.receiving());
        assertNeighbourWorks();
    }
}

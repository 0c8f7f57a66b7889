package org.jmojo.internal.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.internal.multinode.Nodes;
import org.jmojo.internal.ports.NodeName;
import org.jmojo.internal.ports.PortName;
import org.jmojo.internal.ports.ProtocolViolationException;
import org.jmojo.internal.ports.wire.PortDescriptor;
import org.jmojo.system.ClosureReason;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.NamedEndpoint;
import org.jmojo.system.PlatformHandle;
import org.jmojo.system.QuotaPolicy;
import org.jmojo.system.ReceiveQuota;
import org.jmojo.system.Signals;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Isolated links and bridges (docs/processes.md, "Isolated links and bridges"), with four nodes of one JVM over real
 * sockets ({@link TwoNetworks}): brokers A and B, each with an invited client (A1, B1), and a named endpoint of A that
 * B connects to. B belongs to a network of its own, so the connection is an isolated link; a pipe end from A1 that
 * travels A → B → B1 stays behind a bridge at each network's edge. {@code IsolatedLinkProcessTest} does the same across JVMs.
 */
@Timeout(60)
class IsolatedLinkTest extends TwoNetworks {
    /** The link's pipe A–B. */
    private MessagePipe link;

    @BeforeEach
    void linkTheNetworks() throws Exception {
        link = linkAToB();
    }

    /** A pipe made at A1 whose end1 travels A1 → A → B → B1 while end0 writes; returns {end0 at A1, end at B1}. */
    private MessagePipe pipeFromA1ToB1(int perHop) {
        MessagePipe made = a1.createMessagePipe();
        int i = 0;
        for (int k = 0; k < perHop; k++) {
            write(made.end0(), i++);
        }
        MessagePipeEndpoint atA = pass(made.end1(), controlA.end1(), a, controlA.end0());
        for (int k = 0; k < perHop; k++) {
            write(made.end0(), i++);
        }
        MessagePipeEndpoint atB = pass(atA, link.end0(), b, link.end1());
        for (int k = 0; k < perHop; k++) {
            write(made.end0(), i++);
        }
        MessagePipeEndpoint atB1 = pass(atB, controlB.end0(), b1, controlB.end1());
        for (int k = 0; k < perHop; k++) {
            write(made.end0(), i++);
        }
        return new MessagePipe(made.end0(), atB1);
    }

    private static void write(MessagePipeEndpoint end, int i) {
        assertThat(end.writeMessage(ByteBuffer.allocate(4).putInt(i).array())).isEqualTo(MojoResult.OK);
    }

    private static int number(Message m) {
        return ByteBuffer.wrap(m.bytes()).getInt();
    }

    private static final String FILE_TEXT = "a descriptor through the bridges";

    /**
     * Writes on {@code end}, an endpoint of {@code from}, a message carrying the end1 of a new pipe and a descriptor
     * of {@code file} (written with {@link #FILE_TEXT}); returns the new pipe's end0.
     */
    static MessagePipeEndpoint writeEndAndFile(Core from, MessagePipeEndpoint end, Path file) throws Exception {
        Files.writeString(file, FILE_TEXT);
        MessagePipe inner = from.createMessagePipe();
        PlatformHandle fd = from.wrapFileChannel(FileChannel.open(file, StandardOpenOption.READ));
        assertThat(end.writeMessage("handles".getBytes(StandardCharsets.UTF_8), List.of(inner.end1(), fd)))
                .isEqualTo(MojoResult.OK);
        return inner.end0();
    }

    /** Checks that {@code m} is {@link #writeEndAndFile}'s message, reading the file; returns its pipe end. */
    static MessagePipeEndpoint checkEndAndFile(Message m) throws Exception {
        assertThat(new String(m.bytes(), StandardCharsets.UTF_8)).isEqualTo("handles");
        try (FileChannel ch = m.handle(1, PlatformHandle.class).unwrapFileChannel()) {
            ByteBuffer content = ByteBuffer.allocate(64);
            ch.read(content, 0);
            assertThat(new String(content.array(), 0, content.position(), StandardCharsets.UTF_8)).isEqualTo(FILE_TEXT);
        }
        return m.handle(0, MessagePipeEndpoint.class);
    }

    /**
     * {@code connector} connects to {@code server}'s endpoint {@code endpoint}; byte {@code b} goes over the new pipe
     * one way and {@code b + 1} the other.
     */
    private void connectAndExchange(Core connector, Core server, NamedEndpoint endpoint, int b) throws Exception {
        MessagePipeEndpoint fromConnector = NamedEndpoint.connect(connector, endpoint.path(), WAIT);
        toClose.add(fromConnector);
        MessagePipeEndpoint toConnector = endpoint.accept(WAIT).orElseThrow();
        toClose.add(toConnector);
        assertThat(fromConnector.writeMessage(new byte[] {(byte) b})).isEqualTo(MojoResult.OK);
        assertThat(read(server, toConnector).bytes()).containsExactly(b);
        assertThat(toConnector.writeMessage(new byte[] {(byte) (b + 1)})).isEqualTo(MojoResult.OK);
        assertThat(read(connector, fromConnector).bytes()).containsExactly(b + 1);
    }

    private static boolean eventually(java.util.function.BooleanSupplier condition) {
        return ChildJvmTest.eventually(condition);
    }

    @Test
    void pipeFromA1_travelsToB1_throughABridgeAtEachEdge_inOrder_bothWays_noIntroduction() {
        MessagePipe pipe = pipeFromA1ToB1(250);
        for (int i = 0; i < 1000; i++) {
            assertThat(number(read(b1, pipe.end1()))).isEqualTo(i);
        }
        for (int i = 0; i < 500; i++) {
            write(pipe.end1(), i);
            write(pipe.end0(), 1000 + i);
        }
        for (int i = 0; i < 500; i++) {
            assertThat(number(read(a1, pipe.end0()))).isEqualTo(i);
            assertThat(number(read(b1, pipe.end1()))).isEqualTo(1000 + i);
        }
        // One bridge where the pipe entered each other network: at A (into the link) and at B (out of it).
        assertThat(channels(a).bridgeCount()).isEqualTo(1);
        assertThat(channels(b).bridgeCount()).isEqualTo(1);
        assertThat(channels(a1).bridgeCount()).isZero();
        assertThat(channels(b1).bridgeCount()).isZero();
        // Nobody was introduced across the link: each node talks to its own network and the link only.
        assertThat(Set.copyOf(channels(a).connectedNodes())).isEqualTo(Set.of(name(a1), name(b)));
        assertThat(Set.copyOf(channels(b).connectedNodes())).isEqualTo(Set.of(name(b1), name(a)));
        assertThat(channels(a1).connectedNodes()).containsExactly(name(a));
        assertThat(channels(b1).connectedNodes()).containsExactly(name(b));
        pipe.end0().close();
        pipe.end1().close();
    }

    @Test
    void bothEndsWritingAndReadingAtOnce_fromFourThreads_everyMessageInOrder() throws Exception {
        MessagePipe pipe = pipeFromA1ToB1(0);
        int n = 5000;
        java.util.concurrent.ConcurrentLinkedQueue<Throwable> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
        List<Thread> threads = List.of(
                Thread.ofPlatform().start(() -> writeAll(pipe.end0(), n, failures)),
                Thread.ofPlatform().start(() -> writeAll(pipe.end1(), n, failures)),
                Thread.ofPlatform().start(() -> readAll(a1, pipe.end0(), n, failures)),
                Thread.ofPlatform().start(() -> readAll(b1, pipe.end1(), n, failures)));
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
        pipe.end0().close();
        pipe.end1().close();
    }

    private static void writeAll(MessagePipeEndpoint end, int n, java.util.Collection<Throwable> failures) {
        try {
            for (int i = 0; i < n; i++) {
                write(end, i);
            }
        } catch (Throwable t) {
            failures.add(t);
        }
    }

    private static void readAll(Core core, MessagePipeEndpoint end, int n, java.util.Collection<Throwable> failures) {
        try {
            for (int i = 0; i < n; i++) {
                assertThat(number(read(core, end))).isEqualTo(i);
            }
        } catch (Throwable t) {
            failures.add(t);
        }
    }

    @Test
    void handlesAndDescriptorsCrossTheBridges() throws Exception {
        MessagePipe pipe = pipeFromA1ToB1(1);
        assertThat(number(read(b1, pipe.end1()))).isEqualTo(0);
        for (int i = 1; i < 4; i++) {
            assertThat(number(read(b1, pipe.end1()))).isEqualTo(i);
        }
        MessagePipeEndpoint inner = writeEndAndFile(a1, pipe.end0(), dir.resolve("crosses.txt"));
        MessagePipeEndpoint innerAtB1 = checkEndAndFile(read(b1, pipe.end1()));
        // The carried pipe end was itself bridged at each edge, and works both ways.
        assertThat(innerAtB1.writeMessage(new byte[] {7})).isEqualTo(MojoResult.OK);
        assertThat(read(a1, inner).bytes()).containsExactly(7);
        assertThat(inner.writeMessage(new byte[] {8})).isEqualTo(MojoResult.OK);
        assertThat(read(b1, innerAtB1).bytes()).containsExactly(8);
        assertThat(channels(a).bridgeCount()).isEqualTo(2);
        assertThat(channels(b).bridgeCount()).isEqualTo(2);
        for (MessagePipeEndpoint e : List.of(inner, innerAtB1, pipe.end0(), pipe.end1())) {
            e.close();
        }
    }

    @Test
    void closingEitherEnd_reachesTheOtherAfterItsQueuedMessages_andNothingLeaks() {
        // Counted once the routes made by the set-up (the invitations, the link's pipe) have collapsed.
        settle();
        int startA = Nodes.portCount(a);
        int startB = Nodes.portCount(b);
        int startA1 = Nodes.portCount(a1);
        int startB1 = Nodes.portCount(b1);
        // A1 closes: B1 reads all that was written, then sees PEER_CLOSED.
        MessagePipe first = pipeFromA1ToB1(5);
        write(first.end0(), 20);
        first.end0().close();
        for (int i = 0; i < 20; i++) {
            assertThat(number(read(b1, first.end1()))).isEqualTo(i);
        }
        assertThat(number(read(b1, first.end1()))).isEqualTo(20);
        assertThat(b1.wait(first.end1(), Signals.PEER_CLOSED, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
        assertThat(first.end1().readMessage().result()).isEqualTo(MojoResult.FAILED_PRECONDITION);
        assertThat(first.end1().peerClosureReason()).contains(ClosureReason.CLOSED_BY_USER);
        first.end1().close();
        // B1 closes: A1 reads what B1 wrote, then sees PEER_CLOSED.
        MessagePipe second = pipeFromA1ToB1(0);
        for (int i = 0; i < 10; i++) {
            write(second.end1(), i);
        }
        second.end1().close();
        for (int i = 0; i < 10; i++) {
            assertThat(number(read(a1, second.end0()))).isEqualTo(i);
        }
        assertThat(a1.wait(second.end0(), Signals.PEER_CLOSED, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
        second.end0().close();
        // Every bridge ended, and every port it and the pipes made is gone.
        assertThat(eventually(() -> channels(a).bridgeCount() == 0 && channels(b).bridgeCount() == 0)).isTrue();
        assertThat(eventually(() -> Nodes.portCount(a) == startA && Nodes.portCount(b) == startB
                && Nodes.portCount(a1) == startA1 && Nodes.portCount(b1) == startB1))
                .as("ports at A, B, A1, B1: %s, %s, %s, %s; at the start %s, %s, %s, %s", Nodes.portCount(a),
                        Nodes.portCount(b), Nodes.portCount(a1), Nodes.portCount(b1), startA, startB, startA1, startB1)
                .isTrue();
    }

    @Test
    void losingB_breaksThePipesThroughItForA1() {
        MessagePipe pipe = pipeFromA1ToB1(1);
        assertThat(number(read(b1, pipe.end1()))).isEqualTo(0);
        channels(b).close(); // B's channels end at once, as its death would end them
        assertThat(a1.wait(pipe.end0(), Signals.PEER_CLOSED, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
        assertThat(b1.wait(pipe.end1(), Signals.PEER_CLOSED, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
        // Each learns why: B is lost. A1 from A's bridge, which passes on what its side toward B learnt; B1 from B's
        // loss or from B's bridge, which passes on that A is lost for B: either way PEER_LOST.
        assertThat(pipe.end0().peerClosureReason()).contains(ClosureReason.PEER_LOST);
        assertThat(pipe.end1().peerClosureReason()).contains(ClosureReason.PEER_LOST);
        // A's side of the link and its bridge are gone; A's own network is untouched.
        assertThat(eventually(() -> channels(a).bridgeCount() == 0)).isTrue();
        assertThat(controlA.end1().writeMessage(new byte[] {5})).isEqualTo(MojoResult.OK);
        assertThat(read(a, controlA.end0()).bytes()).containsExactly(5);
        pipe.end0().close();
        pipe.end1().close();
    }

    @Test
    void aLocalPairSentIntoTheLink_movesWithoutABridge_andItsOtherEndThenBridgesOut() {
        MessagePipe made = a.createMessagePipe();
        MessagePipeEndpoint atB = pass(made.end1(), link.end0(), b, link.end1());
        assertThat(channels(a).bridgeCount()).isZero(); // it joined the link's network: it moved
        MessagePipeEndpoint atA1 = pass(made.end0(), controlA.end0(), a1, controlA.end1());
        assertThat(channels(a).bridgeCount()).isEqualTo(1); // its other end left into A's network: bridged
        assertThat(atB.writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK);
        assertThat(read(a1, atA1).bytes()).containsExactly(1);
        assertThat(atA1.writeMessage(new byte[] {2})).isEqualTo(MojoResult.OK);
        assertThat(read(b, atB).bytes()).containsExactly(2);
        atA1.close();
        atB.close();
    }

    @Test
    void aClientServes_anotherNetworkGetsAnIsolatedLink_itsOwnNetworkConnectsThroughTheNetwork() throws Exception {
        // A1 is A's client: it may serve, and B (another network) gets an isolated link to it.
        NamedEndpoint atA1 = NamedEndpoint.listen(a1, dir.resolve("a1.sock"));
        toClose.add(atA1);
        connectAndExchange(b, a1, atA1, 9);
        assertThat(channels(a1).isIsolatedLink(name(b))).isTrue();
        // A, of A1's own network, gets its pipe over the channel it has to A1 (no link, no second channel).
        connectAndExchange(a, a1, atA1, 10);
        assertThat(channels(a1).isIsolatedLink(name(a))).isFalse();
        assertThat(Set.copyOf(channels(a1).connectedNodes())).isEqualTo(Set.of(name(a), name(b)));
    }

    @Test
    void twoClientsOfOneBroker_connectByANamedEndpoint_throughAnIntroduction() throws Exception {
        Core a2 = Nodes.newNode();
        MessagePipe controlA2 = join(a, a2);
        NamedEndpoint atA1 = NamedEndpoint.listen(a1, dir.resolve("a1.sock"));
        toClose.add(atA1);
        try {
            connectAndExchange(a2, a1, atA1, 12);
            // A1 and A2 were introduced by A, their broker: a channel of the network, not a link.
            assertThat(channels(a2).isConnectedTo(name(a1))).isTrue();
            assertThat(channels(a2).isIsolatedLink(name(a1))).isFalse();
            assertThat(controlA2.end0().writeMessage(new byte[] {14})).isEqualTo(MojoResult.OK);
            assertThat(read(a2, controlA2.end1()).bytes()).containsExactly(14);
        } finally {
            channels(a2).close();
        }
    }

    @Test
    void aHardQuotaOverrunAtB1_reachesA1ThroughBothBridges_asRECEIVE_QUOTA_EXCEEDED() {
        MessagePipe pipe = pipeFromA1ToB1(0);
        pipe.end1().setReceiveQuota(ReceiveQuota.messages(2, QuotaPolicy.HARD));
        for (int i = 0; i < 3; i++) {
            write(pipe.end0(), i); // the third overruns B1's quota: the pipe breaks there
        }
        assertThat(a1.wait(pipe.end0(), Signals.PEER_CLOSED, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
        assertThat(pipe.end0().peerClosureReason()).contains(ClosureReason.RECEIVE_QUOTA_EXCEEDED);
        // B1 keeps the two it accepted.
        assertThat(number(read(b1, pipe.end1()))).isEqualTo(0);
        assertThat(number(read(b1, pipe.end1()))).isEqualTo(1);
        assertThat(eventually(() -> channels(a).bridgeCount() == 0 && channels(b).bridgeCount() == 0)).isTrue();
        pipe.end0().close();
        pipe.end1().close();
    }

    /** A pipe made at A whose end1 goes to {@code to} over {@code carrier}; returns {end0 at A, end at to}. */
    private static MessagePipe pipeFromA(Core a, MessagePipeEndpoint carrier, Core to, MessagePipeEndpoint far) {
        MessagePipe made = a.createMessagePipe();
        return new MessagePipe(made.end0(), pass(made.end1(), carrier, to, far));
    }

    @Test
    void fusingAtAPipeOfEachNetwork_bridgesThem_nothingLostOrReordered_bothWays_thenNothingLeaks() {
        settle();
        int startA = Nodes.portCount(a);
        int startA1 = Nodes.portCount(a1);
        int startB = Nodes.portCount(b);
        MessagePipe toA1 = pipeFromA(a, controlA.end0(), a1, controlA.end1()); // A's network
        MessagePipe toB = pipeFromA(a, link.end0(), b, link.end1()); // the link's network
        assertThat(channels(a).bridgeCount()).isZero();
        for (int i = 0; i < 10; i++) { // on their way, or queued at A, when the fuse comes
            write(toA1.end1(), i);
            write(toB.end1(), 100 + i);
        }
        // A merge would join the two routes across the link, which no route may span: a bridge joins them instead.
        a.fuseMessagePipes(toA1.end0(), toB.end0());
        assertThat(toA1.end0().isValid()).isFalse();
        assertThat(toB.end0().isValid()).isFalse();
        assertThat(channels(a).bridgeCount()).isEqualTo(1);
        for (int i = 10; i < 20; i++) {
            write(toA1.end1(), i);
            write(toB.end1(), 100 + i);
        }
        for (int i = 0; i < 20; i++) {
            assertThat(number(read(b, toB.end1()))).isEqualTo(i);
            assertThat(number(read(a1, toA1.end1()))).isEqualTo(100 + i);
        }
        // A close reaches the other end after what was written, with its reason, and the bridge ends.
        write(toA1.end1(), 20);
        toA1.end1().close();
        assertThat(number(read(b, toB.end1()))).isEqualTo(20);
        assertThat(b.wait(toB.end1(), Signals.PEER_CLOSED, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
        assertThat(toB.end1().readMessage().result()).isEqualTo(MojoResult.FAILED_PRECONDITION);
        assertThat(toB.end1().peerClosureReason()).contains(ClosureReason.CLOSED_BY_USER);
        toB.end1().close();
        assertThat(eventually(() -> channels(a).bridgeCount() == 0)).isTrue();
        assertThat(eventually(() -> Nodes.portCount(a) == startA && Nodes.portCount(a1) == startA1
                && Nodes.portCount(b) == startB))
                .as("ports at A, A1, B: %s, %s, %s; at the start %s, %s, %s", Nodes.portCount(a), Nodes.portCount(a1),
                        Nodes.portCount(b), startA, startA1, startB)
                .isTrue();
    }

    @Test
    void fusingAcrossNetworks_anEndWhosePeerHadClosed_passesOnWhatItHolds_thenTheClosure() {
        MessagePipe toA1 = pipeFromA(a, controlA.end0(), a1, controlA.end1());
        MessagePipe toB = pipeFromA(a, link.end0(), b, link.end1());
        for (int i = 0; i < 3; i++) {
            write(toA1.end1(), i);
        }
        toA1.end1().close();
        assertThat(a.wait(toA1.end0(), Signals.PEER_CLOSED, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
        a.fuseMessagePipes(toA1.end0(), toB.end0());
        for (int i = 0; i < 3; i++) {
            assertThat(number(read(b, toB.end1()))).isEqualTo(i);
        }
        assertThat(b.wait(toB.end1(), Signals.PEER_CLOSED, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
        assertThat(toB.end1().peerClosureReason()).contains(ClosureReason.CLOSED_BY_USER);
        assertThat(eventually(() -> channels(a).bridgeCount() == 0)).isTrue();
        toB.end1().close();
    }

    @Test
    void fusingAcrossNetworks_keepsTheFuseRules_aRefusalChangesNothing() {
        MessagePipe toA1 = pipeFromA(a, controlA.end0(), a1, controlA.end1());
        MessagePipe toB = pipeFromA(a, link.end0(), b, link.end1());
        write(toB.end0(), 1); // an end that wrote cannot be fused, bridged or not
        assertThatThrownBy(() -> a.fuseMessagePipes(toA1.end0(), toB.end0()))
                .isInstanceOf(org.jmojo.system.MojoException.class)
                .hasMessageContaining("handles[1]").hasMessageContaining("has written a message");
        assertThat(channels(a).bridgeCount()).isZero();
        // Both handles are the caller's, as they were.
        assertThat(number(read(b, toB.end1()))).isEqualTo(1);
        write(toA1.end0(), 2);
        assertThat(number(read(a1, toA1.end1()))).isEqualTo(2);
        write(toA1.end1(), 3);
        assertThat(number(read(a, toA1.end0()))).isEqualTo(3);
        for (MessagePipeEndpoint e : List.of(toA1.end0(), toA1.end1(), toB.end0(), toB.end1())) {
            e.close();
        }
    }

    @Test
    void fusingWithinOneNetwork_mergesAsBefore_noBridge() {
        MessagePipe first = pipeFromA(a, controlA.end0(), a1, controlA.end1());
        MessagePipe second = pipeFromA(a, controlA.end0(), a1, controlA.end1());
        write(first.end1(), 1);
        a.fuseMessagePipes(first.end0(), second.end0());
        assertThat(channels(a).bridgeCount()).isZero();
        assertThat(number(read(a1, second.end1()))).isEqualTo(1);
        write(second.end1(), 2);
        assertThat(number(read(a1, first.end1()))).isEqualTo(2);
        // The route collapses: both ends at A1 end up a local pair there, nothing left at A.
        assertThat(eventually(() -> settled(a) && settled(a1))).isTrue();
        first.end1().close();
        second.end1().close();
    }

    @Test
    void fusingAFreePairWithTheLinksNetwork_merges_andClaimsThePairSoItsOtherEndIsBridgedOut() {
        MessagePipe free = a.createMessagePipe(); // never left: in no network yet
        MessagePipe toB = pipeFromA(a, link.end0(), b, link.end1());
        a.fuseMessagePipes(free.end1(), toB.end0());
        assertThat(channels(a).bridgeCount()).isZero(); // merged: the free pair joined the link's network
        MessagePipeEndpoint atA1 = pass(free.end0(), controlA.end0(), a1, controlA.end1());
        assertThat(channels(a).bridgeCount()).isEqualTo(1); // so its other end, leaving into A's network, is bridged
        write(atA1, 5);
        assertThat(number(read(b, toB.end1()))).isEqualTo(5);
        write(toB.end1(), 6);
        assertThat(number(read(a1, atA1))).isEqualTo(6);
        atA1.close();
        toB.end1().close();
    }

    @Test
    void aDescriptorFromTheLinkNamingAPeerInAnotherNetwork_isAViolation_nothingMade() {
        // Only a hostile B sends this: a port at A whose peer is on A1, across the link. Refused before anything is
        // made (the channel cuts B off for it, as for any descriptor the ports layer refuses).
        org.jmojo.internal.ports.Node nodeA = LocalCore.of(a).node();
        PortName fresh = new PortName(0x15, 0x01A7ED);
        PortDescriptor forged = descriptorWithPeerOnA1(fresh, name(b));
        assertThatThrownBy(() -> nodeA.acceptPortDescriptors(name(b), List.of(forged)))
                .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("isolated link");
        assertThat(nodeA.getPort(fresh)).isEmpty();
        // The same descriptor from A1 (A's own network) is accepted.
        assertThat(assertAccepted(nodeA, descriptorWithPeerOnA1(fresh, name(a1)))).hasSize(1);
    }

    /** A descriptor of a new port {@code port} whose peer is a port on A1, as {@code sender} would send it. */
    private PortDescriptor descriptorWithPeerOnA1(PortName port, NodeName sender) {
        return new PortDescriptor(port, name(a1), new PortName(1, 2), sender, new PortName(3, 4), 1, 1, 0, 0, false,
                false, org.jmojo.internal.ports.wire.ClosureReason.ofCode(0));
    }

    private static List<org.jmojo.internal.ports.PortRef> assertAccepted(org.jmojo.internal.ports.Node node,
            PortDescriptor d) {
        try {
            List<org.jmojo.internal.ports.PortRef> made = node.acceptPortDescriptors(d.referringNode(), List.of(d));
            made.forEach(node::closePort);
            return made;
        } catch (ProtocolViolationException e) {
            throw new AssertionError(e);
        }
    }
}

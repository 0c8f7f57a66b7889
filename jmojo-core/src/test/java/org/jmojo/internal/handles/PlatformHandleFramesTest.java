package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.jmojo.internal.multinode.SimulatedNetwork;
import org.jmojo.internal.platform.Fd;
import org.jmojo.internal.platform.OpenFiles;
import org.jmojo.internal.platform.TestFiles;
import org.jmojo.internal.ports.Node;
import org.jmojo.internal.ports.NodeName;
import org.jmojo.internal.ports.PortName;
import org.jmojo.internal.ports.ProtocolViolationException;
import org.jmojo.internal.ports.wire.EventCodec;
import org.jmojo.internal.ports.wire.HandleEntry;
import org.jmojo.internal.ports.wire.HandleKind;
import org.jmojo.internal.ports.wire.ObserveClosureEvent;
import org.jmojo.internal.ports.wire.ClosureReason;
import org.jmojo.internal.ports.wire.Rejection;
import org.jmojo.internal.ports.wire.UserMessageEvent;
import org.jmojo.system.Core;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MojoResult;
import org.jmojo.system.PlatformHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, item 6, across nodes at the frame level: a platform handle's descriptor leaves its node beside the event
 * bytes (a frame's fds), the event's handle entry counts it, and the receiver checks the count before it makes
 * anything; a mismatch is a typed violation ({@code FD_MISMATCH}) that cuts the sender off, and every descriptor
 * of a refused, dropped or lost frame is closed.
 */
@Timeout(60)
class PlatformHandleFramesTest {
    private static final String CONTENT = "bytes reached through a descriptor";

    @TempDir
    Path dir;

    /** One frame a node sent: its bytes and the descriptors beside them. */
    private record Sent(NodeName from, NodeName to, byte[] bytes, List<Fd> fds) {}

    /** Two nodes joined by one pipe; node a's frames are captured, node b's (closures) go nowhere. */
    private static final class Linked {
        final LocalCore a = LocalCore.of(LocalCore.newNode());
        final LocalCore b = LocalCore.of(LocalCore.newNode());
        /** The frames node a sent, not delivered. */
        final List<Sent> sent = new ArrayList<>();
        final MessagePipe pipe;

        Linked() {
            a.attachTransport((from, to, bytes, fds) -> sent.add(new Sent(from, to, bytes, fds)));
            b.attachTransport((from, to, bytes, fds) -> fds.forEach(Fd::close));
            pipe = a.createMessagePipeTo(b);
        }
    }

    private Path file() throws IOException {
        return TestFiles.file(dir, "file.txt", CONTENT);
    }

    private Fd openFd() throws IOException {
        try (FileChannel ch = FileChannel.open(file(), StandardOpenOption.READ)) {
            return OpenFiles.duplicate(ch);
        }
    }

    private static PortName portOf(org.jmojo.system.MessagePipeEndpoint e) {
        return ((EndpointDispatcher) HandleHolder.dispatcherOf(e, -1)).port.name();
    }

    /** A user message from {@code sender} to {@code target} declaring {@code declared} platform handles. */
    private static byte[] messageDeclaringFds(PortName target, PortName sender, int declared) {
        List<HandleEntry> entries = new ArrayList<>();
        for (int i = 0; i < declared; i++) {
            entries.add(new HandleEntry(HandleKind.PLATFORM_HANDLE, 1, 0, 8));
        }
        byte[] headers = new byte[8 * declared];
        for (int i = 0; i < declared; i++) {
            headers[8 * i] = 0b1110; // TRANSFER, READ, WRITE
        }
        return EventCodec.encode(new UserMessageEvent(target, sender, 1, 1, List.of(), entries,
                MemorySegment.ofArray(headers), MemorySegment.ofArray(new byte[] {5})));
    }

    private static String readAll(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(256);
        while (ch.read(b) > 0) {
            // to the end
        }
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }

    @Test
    void theDescriptorTravelsBesideTheBytes_countedByItsHandleEntry_andArrivesAsAWorkingHandle() throws Exception {
        Linked n = new Linked();
        PlatformHandle h = n.a.wrapFileChannel(FileChannel.open(file(), StandardOpenOption.READ));
        assertThat(n.pipe.end0().writeMessage(new byte[] {1, 2}, List.of(h))).isEqualTo(MojoResult.OK);
        assertThat(n.sent).hasSize(1);
        Sent frame = n.sent.getFirst();
        assertThat(frame.fds()).hasSize(1);
        assertThat(Files.readSymbolicLink(Path.of("/proc/self/fd/" + frame.fds().getFirst().number()))).isEqualTo(file());
        UserMessageEvent event = (UserMessageEvent) EventCodec.decode(MemorySegment.ofArray(frame.bytes()), 1);
        assertThat(event.handles()).containsExactly(new HandleEntry(HandleKind.PLATFORM_HANDLE, 1, 0, 8));
        assertThat(event.ports()).isEmpty();

        assertThat(n.b.acceptEvent(frame.from(), frame.bytes(), frame.fds())).isEqualTo(Node.RemoteVerdict.PROCESSED);
        PlatformHandle received = n.pipe.end1().readMessage().message().handle(0, PlatformHandle.class);
        try (FileChannel ch = received.unwrapFileChannel()) {
            assertThat(readAll(ch)).isEqualTo(CONTENT);
        }
        n.pipe.close();
        assertThat(TestFiles.pointingAt(file())).isZero();
    }

    @Test
    void thePublicLimitOfPlatformHandlesIsTheFramesFdLimit() {
        assertThat(org.jmojo.system.MessagePipeEndpoint.MAX_PLATFORM_HANDLES_PER_MESSAGE)
                .isEqualTo(org.jmojo.internal.node.UserMessageFrames.MAX_FDS);
    }

    @Test
    void aMessageHeldOutOfOrder_closesItsDescriptorWhenItsPortCloses() throws Exception {
        Linked n = new Linked();
        for (int i = 0; i < 2; i++) {
            PlatformHandle h = n.a.wrapFileChannel(FileChannel.open(file(), StandardOpenOption.READ));
            assertThat(n.pipe.end0().writeMessage(new byte[0], List.of(h))).isEqualTo(MojoResult.OK);
        }
        Sent second = n.sent.get(1);
        assertThat(n.b.acceptEvent(second.from(), second.bytes(), second.fds())).isEqualTo(Node.RemoteVerdict.HELD);
        n.sent.getFirst().fds().forEach(Fd::close); // the first frame is never delivered
        assertThat(TestFiles.pointingAt(file())).as("the held message's").isEqualTo(1);
        n.pipe.end1().close();
        assertThat(TestFiles.pointingAt(file())).isZero();
        n.pipe.close();
    }

    @Test
    void fewerFdsThanTheMessageDeclares_isFdMismatch_andWhatCameIsClosed() throws Exception {
        Linked n = new Linked();
        byte[] declaresTwo = messageDeclaringFds(portOf(n.pipe.end1()), portOf(n.pipe.end0()), 2);
        Fd only = openFd();
        assertThatThrownBy(() -> n.b.acceptEvent(n.a.nodeName(), declaresTwo, List.of(only)))
                .isInstanceOfSatisfying(ProtocolViolationException.class, e -> {
                    assertThat(e.category()).isEqualTo(Rejection.Category.FD_MISMATCH);
                    assertThat(e.offender()).isEqualTo(n.a.nodeName());
                })
                .hasMessageContaining("consume 2 fds; the frame carried 1");
        assertThat(only.isOpen()).isFalse();
        assertThat(n.pipe.end1().readMessage().result()).isEqualTo(MojoResult.SHOULD_WAIT);
        n.pipe.close();
        assertThat(TestFiles.pointingAt(file())).isZero();
    }

    @Test
    void moreFdsThanDeclared_orFdsOnAnEventThatCarriesNone_isFdMismatch_allClosed() throws Exception {
        Linked n = new Linked();
        byte[] declaresOne = messageDeclaringFds(portOf(n.pipe.end1()), portOf(n.pipe.end0()), 1);
        List<Fd> two = List.of(openFd(), openFd());
        assertThatThrownBy(() -> n.b.acceptEvent(n.a.nodeName(), declaresOne, two))
                .isInstanceOfSatisfying(ProtocolViolationException.class,
                        e -> assertThat(e.category()).isEqualTo(Rejection.Category.FD_MISMATCH));
        byte[] closure = EventCodec.encode(new ObserveClosureEvent(portOf(n.pipe.end1()), portOf(n.pipe.end0()), 1, 0,
                ClosureReason.USER_CLOSED));
        Fd stray = openFd();
        assertThatThrownBy(() -> n.b.acceptEvent(n.a.nodeName(), closure, List.of(stray)))
                .isInstanceOfSatisfying(ProtocolViolationException.class,
                        e -> assertThat(e.category()).isEqualTo(Rejection.Category.FD_MISMATCH))
                .hasMessageContaining("only user messages carry fds");
        assertThat(TestFiles.pointingAt(file())).isZero();
        n.pipe.close();
    }

    @Test
    void moreFdsThanAFrameMayCarry_isALimitViolation_beforeDecoding_allClosed() throws Exception {
        Linked n = new Linked();
        List<Fd> many = new ArrayList<>();
        for (int i = 0; i < 65; i++) {
            many.add(openFd());
        }
        byte[] declares65 = messageDeclaringFds(portOf(n.pipe.end1()), portOf(n.pipe.end0()), 65);
        assertThatThrownBy(() -> n.b.acceptEvent(n.a.nodeName(), declares65, many))
                .isInstanceOfSatisfying(ProtocolViolationException.class,
                        e -> assertThat(e.category()).isEqualTo(Rejection.Category.LIMIT))
                .hasMessageContaining("65 fds; a frame carries at most 64");
        assertThat(TestFiles.pointingAt(file())).isZero();
        n.pipe.close();
    }

    @Test
    void aMessageForAPortThatIsGone_isDroppedAndItsDescriptorClosed() throws Exception {
        Linked n = new Linked();
        PortName target = portOf(n.pipe.end1());
        PortName sender = portOf(n.pipe.end0());
        n.pipe.end1().close();
        assertThat(n.b.acceptEvent(n.a.nodeName(), messageDeclaringFds(target, sender, 1), List.of(openFd())))
                .isEqualTo(Node.RemoteVerdict.DROPPED);
        assertThat(TestFiles.pointingAt(file())).isZero();
        n.pipe.close();
    }

    @Test
    void simulatedNetwork_cutsOffTheSenderOfAShortFrame() throws Exception {
        SimulatedNetwork net = new SimulatedNetwork();
        Core ca = LocalCore.newNode();
        Core cb = LocalCore.newNode();
        net.join(ca);
        net.join(cb);
        LocalCore a = LocalCore.of(ca);
        LocalCore b = LocalCore.of(cb);
        MessagePipe pipe = a.createMessagePipeTo(b);
        net.sendRaw(a.nodeName(), b.nodeName(), messageDeclaringFds(portOf(pipe.end1()), portOf(pipe.end0()), 1),
                List.of());
        net.deliverAll(10);
        assertThat(net.violations()).singleElement()
                .satisfies(v -> assertThat(v.category()).isEqualTo(Rejection.Category.FD_MISMATCH));
        assertThat(net.isLost(a.nodeName(), b.nodeName())).isTrue();
        pipe.close();
    }

    @Test
    void simulatedNetwork_aLostLinkClosesTheDescriptorsOfItsQueuedFrames() throws Exception {
        SimulatedNetwork net = new SimulatedNetwork();
        Core ca = LocalCore.newNode();
        Core cb = LocalCore.newNode();
        net.join(ca);
        net.join(cb);
        MessagePipe pipe = LocalCore.of(ca).createMessagePipeTo(LocalCore.of(cb));
        for (int i = 0; i < 3; i++) {
            PlatformHandle h = ca.wrapFileChannel(FileChannel.open(file(), StandardOpenOption.READ));
            assertThat(pipe.end0().writeMessage(new byte[0], List.of(h))).isEqualTo(MojoResult.OK);
        }
        assertThat(TestFiles.pointingAt(file())).as("three frames wait, each with its descriptor").isEqualTo(3);
        net.loseLink(ca, cb);
        assertThat(TestFiles.pointingAt(file())).isZero();
        pipe.close();
    }
}

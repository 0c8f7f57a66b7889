package org.jmojo.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.jmojo.system.ClosureReason;
import org.jmojo.system.Core;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.PlatformHandle;
import org.jmojo.system.QuotaPolicy;
import org.jmojo.system.ReceiveQuota;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, item 6: a file's descriptor, wrapped as a platform handle, crosses between the nodes of a
 * {@link MultiNodeFixture} (beside the event bytes, as a frame's fds) and is read on the other side; no path leaks
 * a descriptor, counted in {@code /proc/self/fd}.
 */
@Timeout(120)
class PlatformHandleAcrossNodesTest {
    private static final String CONTENT = "read on the other node";

    @TempDir
    Path dir;

    private Path file() throws IOException {
        Path f = dir.resolve("across.txt");
        if (!Files.exists(f)) {
            Files.writeString(f, CONTENT);
        }
        return f.toRealPath();
    }

    private PlatformHandle wrap(Core on) throws IOException {
        return on.wrapFileChannel(FileChannel.open(file(), StandardOpenOption.READ));
    }

    private static String readThrough(PlatformHandle h) throws IOException {
        try (FileChannel ch = h.unwrapFileChannel()) {
            ByteBuffer b = ByteBuffer.allocate(256);
            while (ch.read(b) > 0) {
                // to the end
            }
            return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void sendAFilesDescriptorToAnotherNode_andReadTheFileThere() throws IOException {
        try (MultiNodeFixture nodes = MultiNodeFixture.create(2)) {
            MessagePipe pipe = nodes.endpointPair(0, 1);
            PlatformHandle h = wrap(nodes.node(0));
            assertThat(pipe.end0().writeMessage("file".getBytes(StandardCharsets.UTF_8), List.of(h)))
                    .isEqualTo(MojoResult.OK);
            assertThat(h.isValid()).isFalse();
            nodes.deliverAll();
            Message m = pipe.end1().readMessage().message();
            PlatformHandle received = m.handle(0, PlatformHandle.class);
            assertThat(nodes.coreOf(received)).isSameAs(nodes.node(1));
            assertThat(readThrough(received)).isEqualTo(CONTENT);
            pipe.close();
            nodes.deliverAll();
            assertThat(nodes.violations()).isEmpty();
            nodes.assertNoLeaks();
        }
        assertThat(OpenDescriptors.pointingAt(file())).isZero();
    }

    @Test
    void immediateDelivery_theDescriptorIsOnTheOtherNodeWhenTheWriteReturns() throws IOException {
        try (MultiNodeFixture nodes = MultiNodeFixture.createWithImmediateDelivery(2)) {
            MessagePipe pipe = nodes.endpointPair(0, 1);
            assertThat(pipe.end0().writeMessage(new byte[] {9}, List.of(wrap(nodes.node(0))))).isEqualTo(MojoResult.OK);
            Message m = pipe.end1().readMessage().message();
            assertThat(readThrough(m.handle(0, PlatformHandle.class))).isEqualTo(CONTENT);
            // And back the other way, then dropped unread by a close.
            assertThat(pipe.end1().writeMessage(new byte[0], List.of(wrap(nodes.node(1))))).isEqualTo(MojoResult.OK);
            assertThat(OpenDescriptors.pointingAt(file())).isEqualTo(1);
            pipe.close();
            assertThat(OpenDescriptors.pointingAt(file())).isZero();
            assertThat(nodes.violations()).isEmpty();
            nodes.assertNoLeaks();
        }
    }

    @Test
    void aPlatformHandleQueuedInAPipe_travelsWhenThatPipeIsSentToAnotherNode() throws IOException {
        try (MultiNodeFixture nodes = MultiNodeFixture.create(3)) {
            MessagePipe inner = nodes.node(0).createMessagePipe();
            assertThat(inner.end0().writeMessage(new byte[] {1}, List.of(wrap(nodes.node(0))))).isEqualTo(MojoResult.OK);
            MessagePipe toOne = nodes.endpointPair(0, 1);
            MessagePipe toTwo = nodes.endpointPair(1, 2);
            // Node 0 -> node 1 -> node 2: the queued message (and its descriptor) follows the pipe end each time.
            assertThat(toOne.end0().writeMessage(new byte[0], List.of(inner.end1()))).isEqualTo(MojoResult.OK);
            nodes.deliverAll();
            MessagePipeEndpoint atOne = toOne.end1().readMessage().message().handle(0, MessagePipeEndpoint.class);
            assertThat(toTwo.end0().writeMessage(new byte[0], List.of(atOne))).isEqualTo(MojoResult.OK);
            nodes.deliverAll();
            try (MessagePipeEndpoint atTwo = toTwo.end1().readMessage().message().handle(0, MessagePipeEndpoint.class)) {
                nodes.deliverAll();
                Message m = atTwo.readMessage().message();
                assertThat(m.bytes()).containsExactly(1);
                assertThat(readThrough(m.handle(0, PlatformHandle.class))).isEqualTo(CONTENT);
            }
            inner.close();
            toOne.close();
            toTwo.close();
            nodes.deliverAll();
            assertThat(nodes.violations()).isEmpty();
            nodes.assertNoLeaks();
        }
        assertThat(OpenDescriptors.pointingAt(file())).isZero();
    }

    @Test
    void closingAnUnreadMessage_onTheReceivingNode_closesItsDescriptor() throws IOException {
        try (MultiNodeFixture nodes = MultiNodeFixture.create(2)) {
            MessagePipe pipe = nodes.endpointPair(0, 1);
            assertThat(pipe.end0().writeMessage(new byte[0], List.of(wrap(nodes.node(0)), wrap(nodes.node(0)))))
                    .isEqualTo(MojoResult.OK);
            nodes.deliverAll();
            assertThat(pipe.end1().queuedMessages()).isEqualTo(1);
            assertThat(OpenDescriptors.pointingAt(file())).isEqualTo(2);
            pipe.end1().close();
            assertThat(OpenDescriptors.pointingAt(file())).isZero();
            pipe.close();
            nodes.deliverAll();
        }
    }

    @Test
    void aHardQuotaOverrunOnTheReceivingNode_closesTheRefusedMessagesDescriptor() throws IOException {
        try (MultiNodeFixture nodes = MultiNodeFixture.create(2)) {
            MessagePipe pipe = nodes.endpointPair(0, 1);
            pipe.end1().setReceiveQuota(ReceiveQuota.messages(1, QuotaPolicy.HARD));
            assertThat(pipe.end0().writeMessage(new byte[] {1}, List.of(wrap(nodes.node(0))))).isEqualTo(MojoResult.OK);
            assertThat(pipe.end0().writeMessage(new byte[] {2}, List.of(wrap(nodes.node(0))))).isEqualTo(MojoResult.OK);
            nodes.deliverAll();
            assertThat(OpenDescriptors.pointingAt(file())).as("the accepted message's only").isEqualTo(1);
            assertThat(pipe.end1().peerClosureReason()).contains(ClosureReason.RECEIVE_QUOTA_EXCEEDED);
            Message accepted = pipe.end1().readMessage().message();
            assertThat(accepted.bytes()).containsExactly(1);
            assertThat(readThrough(accepted.handle(0, PlatformHandle.class))).isEqualTo(CONTENT);
            pipe.close();
            nodes.deliverAll();
            assertThat(nodes.violations()).isEmpty();
        }
        assertThat(OpenDescriptors.pointingAt(file())).isZero();
    }

    @Test
    void aLostConnection_closesTheDescriptorsInFlight() throws IOException {
        try (MultiNodeFixture nodes = MultiNodeFixture.create(2)) {
            MessagePipe pipe = nodes.endpointPair(0, 1);
            assertThat(pipe.end0().writeMessage(new byte[0], List.of(wrap(nodes.node(0))))).isEqualTo(MojoResult.OK);
            assertThat(OpenDescriptors.pointingAt(file())).isEqualTo(1);
            nodes.loseConnection(0, 1);
            assertThat(OpenDescriptors.pointingAt(file())).isZero();
            pipe.close();
        }
    }

    /**
     * 1,000 cycles of wrap, send (every other one to the other node), then close, unwrap or drop unread with its
     * pipe: the process's descriptor count is back exactly where it started.
     */
    @Test
    void thousandCycles_descriptorCountReturnsExactlyToItsStart() throws IOException {
        try (MultiNodeFixture nodes = MultiNodeFixture.create(2)) {
            MessagePipe local = nodes.node(0).createMessagePipe();
            MessagePipe across = nodes.endpointPair(0, 1);
            Path target = file();
            // Warm-up: whatever the first use opens once and keeps (class loading, the JDK's own files) is counted
            // before the start value is taken.
            for (int i = 0; i < 6; i++) {
                cycle(nodes, i % 2 == 0 ? local : across, i);
            }
            long start = OpenDescriptors.all();
            for (int i = 0; i < 1000; i++) {
                cycle(nodes, i % 2 == 0 ? local : across, i);
            }
            assertThat(OpenDescriptors.pointingAt(target)).isZero();
            assertThat(OpenDescriptors.all()).isEqualTo(start);
            local.close();
            across.close();
            nodes.deliverAll();
            assertThat(nodes.violations()).isEmpty();
            nodes.assertNoLeaks();
        }
    }

    /** One cycle: the received handle is closed ({@code i % 3 == 0}), unwrapped and read (1), or never read (2). */
    private void cycle(MultiNodeFixture nodes, MessagePipe pipe, int i) throws IOException {
        PlatformHandle h = wrap(nodes.node(0));
        if (i % 3 == 2) {
            // A pipe of its own, closed with the message unread in it.
            MessagePipe once = i % 2 == 0 ? nodes.node(0).createMessagePipe() : nodes.endpointPair(0, 1);
            assertThat(once.end0().writeMessage(new byte[] {(byte) i}, List.of(h))).isEqualTo(MojoResult.OK);
            nodes.deliverAll();
            once.close();
            nodes.deliverAll();
            return;
        }
        assertThat(pipe.end0().writeMessage(new byte[] {(byte) i}, List.of(h))).isEqualTo(MojoResult.OK);
        nodes.deliverAll();
        Message m = pipe.end1().readMessage().message();
        PlatformHandle received = m.handle(0, PlatformHandle.class);
        if (i % 3 == 0) {
            received.close();
        } else {
            assertThat(readThrough(received)).isEqualTo(CONTENT);
        }
    }
}

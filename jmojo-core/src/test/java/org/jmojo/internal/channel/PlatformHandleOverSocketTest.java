package org.jmojo.internal.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.internal.platform.Fd;
import org.jmojo.internal.platform.TestFiles;
import org.jmojo.internal.platform.UnixSocket;
import org.jmojo.internal.ports.Node;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MojoResult;
import org.jmojo.system.PlatformHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seam between platform handles and a real channel: what {@code EventTransport.send} is given (the event's bytes
 * and its descriptors) is exactly what {@link UnixChannel#write} takes, and what a channel delivers
 * ({@link Frame#payload()}, {@link Frame#fds()}) is exactly what {@code LocalCore.acceptEvent} takes. So a file's
 * descriptor wrapped on one node crosses a Unix socket with {@code SCM_RIGHTS}, arrives as another number, and is
 * read through the unwrapped channel on the other node.
 */
@Timeout(60)
class PlatformHandleOverSocketTest {
    private static final String CONTENT = "carried by SCM_RIGHTS";

    @TempDir
    Path dir;

    private static UnixChannel registered(IoThread io, UnixChannel channel) throws Exception {
        io.register(channel);
        return channel;
    }

    @Test
    void aWrappedDescriptorCrossesARealSocket_andIsReadOnTheOtherNode() throws Exception {
        Path file = TestFiles.file(dir, "socket.txt", CONTENT);
        LocalCore a = LocalCore.of(LocalCore.newNode());
        LocalCore b = LocalCore.of(LocalCore.newNode());
        UnixSocket.Pair pair = UnixSocket.pair(true);
        RecordingListener atA = new RecordingListener();
        RecordingListener atB = new RecordingListener();
        try (IoThread io = new IoThread("fds-io")) {
            UnixChannel toB = registered(io, new UnixChannel(pair.first(), EnumSet.of(PeerRole.INVITER),
                    ChannelLimits.DEFAULT, atA));
            UnixChannel toA = registered(io, new UnixChannel(pair.second(), EnumSet.of(PeerRole.INVITEE),
                    ChannelLimits.DEFAULT, atB));
            toB.write(FrameType.HELLO, new Hello(1, 1, PeerRole.INVITEE, 0, new Id128(1, 1), Id128.NONE, Id128.NONE)
                    .encode(), List.of());
            toA.write(FrameType.HELLO_ACK, new HelloAck(1, HelloAck.Status.OK, 0, new Id128(2, 2), Id128.NONE).encode(),
                    List.of());
            assertThat(atB.next().type()).isEqualTo(FrameType.HELLO);
            assertThat(atA.next().type()).isEqualTo(FrameType.HELLO_ACK);
            // The two transports: an event and its descriptors become one frame.
            List<Channel.WriteResult> writes = new CopyOnWriteArrayList<>();
            a.attachTransport((from, to, bytes, fds) ->
                    writes.add(toB.write(FrameType.EVENT, MemorySegment.ofArray(bytes), fds)));
            b.attachTransport((from, to, bytes, fds) -> toA.write(FrameType.EVENT, MemorySegment.ofArray(bytes), fds));
            MessagePipe pipe = a.createMessagePipeTo(b);

            PlatformHandle h = a.wrapFileChannel(FileChannel.open(file, StandardOpenOption.READ));
            assertThat(pipe.end0().writeMessage("file".getBytes(StandardCharsets.UTF_8), List.of(h)))
                    .isEqualTo(MojoResult.OK);
            Frame frame = atB.next();
            assertThat(frame.type()).isEqualTo(FrameType.EVENT);
            assertThat(frame.fds()).hasSize(1);
            int received = frame.fds().getFirst().number();
            assertThat(Files.readSymbolicLink(Path.of("/proc/self/fd/" + received))).isEqualTo(file);
            // An empty socket takes a small frame whole, and the channel closes the sender's copy once it is sent.
            assertThat(writes).containsExactly(Channel.WriteResult.WRITTEN);
            assertThat(TestFiles.pointingAt(file)).as("only the received copy is open").isEqualTo(1);

            assertThat(b.acceptEvent(a.nodeName(), frame.payload().toArray(ValueLayout.JAVA_BYTE), frame.fds()))
                    .isEqualTo(Node.RemoteVerdict.PROCESSED);
            Message m = pipe.end1().readMessage().message();
            try (FileChannel ch = m.handle(0, PlatformHandle.class).unwrapFileChannel()) {
                ByteBuffer buf = ByteBuffer.allocate(64);
                while (ch.read(buf) > 0) {
                    // to the end
                }
                assertThat(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8)).isEqualTo(CONTENT);
            }
            pipe.close();
            assertThat(TestFiles.pointingAt(file)).isZero();
            toA.close(CloseReason.LOCAL, "test over");
            toB.close(CloseReason.LOCAL, "test over");
        } finally {
            for (RecordingListener l : List.of(atA, atB)) {
                for (Frame f; (f = l.frames.poll()) != null; ) {
                    f.fds().forEach(Fd::close);
                }
            }
        }
    }
}

package org.jmojo.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jmojo.internal.platform.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, item 6: platform handles in one node. A descriptor is wrapped, sent, unwrapped and read; every path
 * that ends a handle closes its descriptor exactly once, which the tests see in {@code /proc/self/fd} (the number
 * of this process's descriptors that point at the test's own file).
 */
@Timeout(60)
class PlatformHandleTest {
    private static final String CONTENT = "the file the descriptor refers to";

    private final Core core = Core.instance();

    @TempDir
    Path dir;

    private Path file() throws IOException {
        return TestFiles.file(dir, "shared.txt", CONTENT);
    }

    static String readAll(FileChannel channel) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(1024);
        while (channel.read(b) > 0) {
            // read to the end
        }
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }

    private PlatformHandle wrapped() throws IOException {
        return core.wrapFileChannel(FileChannel.open(file(), StandardOpenOption.READ));
    }

    @Test
    void wrapFileChannel_takesTheChannel_andUnwrapsToAChannelOnTheSameFile() throws IOException {
        FileChannel original = FileChannel.open(file(), StandardOpenOption.READ);
        original.position(4);
        PlatformHandle h = core.wrapFileChannel(original);
        assertThat(original.isOpen()).as("wrapping takes the channel").isFalse();
        assertThat(h.type()).isEqualTo(HandleType.PLATFORM_HANDLE);
        assertThat(TestFiles.pointingAt(file())).as("the handle's own descriptor").isEqualTo(1);
        try (FileChannel back = h.unwrapFileChannel()) {
            assertThat(h.isValid()).isFalse();
            assertThat(back.position()).as("the offset comes along").isEqualTo(4);
            assertThat(readAll(back)).isEqualTo(CONTENT.substring(4));
            assertThat(TestFiles.pointingAt(file())).as("the handle's descriptor closed, the channel's open").isEqualTo(1);
        }
        assertThat(TestFiles.pointingAt(file())).isZero();
    }

    @Test
    void rawNumber_roundTrip_ownershipPassesEachWay() throws IOException {
        PlatformHandle h = wrapped();
        int fd = h.unwrapFileDescriptor();
        assertThat(fd).isNotNegative();
        assertThat(Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd))).isEqualTo(file());
        PlatformHandle again = core.wrapFileDescriptor(fd);
        try (FileChannel ch = again.unwrapFileChannel()) {
            assertThat(readAll(ch)).isEqualTo(CONTENT);
        }
        assertThat(TestFiles.pointingAt(file())).isZero();
    }

    @Test
    void wrapFileDescriptor_duplicates_theOriginalStaysOpen_andUnwrapsToAFileDescriptor() throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file().toFile(), "r")) {
            PlatformHandle h = core.wrapFileDescriptor(raf.getFD());
            assertThat(raf.getFD().valid()).isTrue();
            assertThat(TestFiles.pointingAt(file())).as("the file's and the handle's").isEqualTo(2);
            FileDescriptor back = h.unwrapFileDescriptorObject();
            try (FileInputStream in = new FileInputStream(back)) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(CONTENT);
            }
            assertThat(back.valid()).as("closing the stream closed it").isFalse();
            assertThat(raf.readLine()).as("the original is untouched").isEqualTo(CONTENT);
        }
        assertThat(TestFiles.pointingAt(file())).isZero();
    }

    @Test
    void standardStreams_areWrappedByNumber() {
        PlatformHandle out = core.wrapFileDescriptor(FileDescriptor.out);
        assertThat(FileDescriptor.out.valid()).isTrue();
        int fd = out.unwrapFileDescriptor();
        assertThat(fd).isGreaterThan(2); // a duplicate, not stdout itself
        core.wrapFileDescriptor(fd).close();
    }

    @Test
    void writeOnlyChannel_comesBackWritable_appendKept() throws IOException {
        PlatformHandle h = core.wrapFileChannel(FileChannel.open(file(), StandardOpenOption.APPEND));
        try (FileChannel back = h.unwrapFileChannel()) {
            back.write(ByteBuffer.wrap("!".getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(Files.readString(file())).isEqualTo(CONTENT + "!");
    }

    @Test
    void sendThroughAPipe_readTheFileThroughTheUnwrappedChannel() throws IOException {
        try (MessagePipe pipe = core.createMessagePipe()) {
            PlatformHandle h = wrapped();
            assertThat(pipe.end0().writeMessage("here".getBytes(StandardCharsets.UTF_8), List.of(h)))
                    .isEqualTo(MojoResult.OK);
            assertThat(h.isValid()).as("sent").isFalse();
            assertThatThrownBy(h::unwrapFileDescriptor).isInstanceOf(InvalidHandleException.class)
                    .hasMessageContaining("was sent in a message");
            Message m = pipe.end1().readMessage().message();
            PlatformHandle received = m.handle(0, PlatformHandle.class);
            assertThat(received.value()).isNotEqualTo(h.value());
            try (FileChannel ch = received.unwrapFileChannel()) {
                assertThat(readAll(ch)).isEqualTo(CONTENT);
            }
        }
        assertThat(TestFiles.pointingAt(file())).isZero();
    }

    @Test
    void platformHandleInAPipeInAMessage() throws IOException {
        try (MessagePipe outer = core.createMessagePipe(); MessagePipe inner = core.createMessagePipe()) {
            assertThat(inner.end0().writeMessage(new byte[] {1}, List.of(wrapped()))).isEqualTo(MojoResult.OK);
            assertThat(outer.end0().writeMessage(new byte[] {2}, List.of(inner.end1()))).isEqualTo(MojoResult.OK);
            MessagePipeEndpoint carried = outer.end1().readMessage().message().handle(0, MessagePipeEndpoint.class);
            try (carried; FileChannel ch = carried.readMessage().message().handle(0, PlatformHandle.class)
                    .unwrapFileChannel()) {
                assertThat(readAll(ch)).isEqualTo(CONTENT);
            }
        }
        assertThat(TestFiles.pointingAt(file())).isZero();
    }

    @Test
    void closingAnUnreadMessage_closesItsDescriptors_evenInsideACarriedPipe() throws IOException {
        MessagePipe outer = core.createMessagePipe();
        MessagePipe inner = core.createMessagePipe();
        assertThat(inner.end0().writeMessage(new byte[0], List.of(wrapped(), wrapped()))).isEqualTo(MojoResult.OK);
        assertThat(outer.end0().writeMessage(new byte[0], List.of(inner.end1(), wrapped()))).isEqualTo(MojoResult.OK);
        assertThat(TestFiles.pointingAt(file())).isEqualTo(3);
        outer.end1().close(); // drops the unread message, the pipe end in it, and that end's unread message
        assertThat(TestFiles.pointingAt(file())).isZero();
        outer.close();
        inner.close();
    }

    @Test
    void closingTheHandle_closesTheDescriptorOnce() throws IOException {
        PlatformHandle h = wrapped();
        h.close();
        h.close();
        assertThat(TestFiles.pointingAt(file())).isZero();
        assertThat(h.isValid()).isFalse();
    }

    @Test
    void aFailedWrite_leavesTheHandleValid_withItsDescriptor() throws IOException {
        MessagePipe pipe = core.createMessagePipe();
        pipe.end1().close();
        PlatformHandle h = wrapped();
        assertThat(pipe.end0().writeMessage(new byte[0], List.of(h))).isEqualTo(MojoResult.FAILED_PRECONDITION);
        assertThat(h.isValid()).isTrue();
        assertThat(TestFiles.pointingAt(file())).isEqualTo(1);
        try (FileChannel ch = h.unwrapFileChannel()) {
            assertThat(readAll(ch)).isEqualTo(CONTENT);
        }
        pipe.close();
    }

    @Test
    void aHardQuotaRefusal_leavesTheHandleValid() throws IOException {
        try (MessagePipe pipe = core.createMessagePipe(); PlatformHandle h = wrapped()) {
            pipe.end1().setReceiveQuota(ReceiveQuota.messages(0, QuotaPolicy.HARD));
            assertThat(pipe.end0().writeMessage(new byte[0], List.of(h))).isEqualTo(MojoResult.RESOURCE_EXHAUSTED);
            assertThat(h.isValid()).isTrue();
            assertThat(TestFiles.pointingAt(file())).isEqualTo(1);
        }
        assertThat(TestFiles.pointingAt(file())).isZero();
    }

    @Test
    void moreDescriptorsThanAFrameCarries_isResourceExhausted_nothingTaken() throws IOException {
        List<PlatformHandle> handles = new ArrayList<>();
        try (MessagePipe pipe = core.createMessagePipe()) {
            for (int i = 0; i < 65; i++) {
                handles.add(wrapped());
            }
            assertThat(pipe.end0().writeMessage(new byte[0], handles)).isEqualTo(MojoResult.RESOURCE_EXHAUSTED);
            assertThat(handles).allMatch(Handle::isValid);
            assertThat(pipe.end0().writeMessage(new byte[0], handles.subList(0, 64))).isEqualTo(MojoResult.OK);
            Message received = pipe.end1().readMessage().message();
            assertThat(received.handles()).hasSize(64).allMatch(x -> x.type() == HandleType.PLATFORM_HANDLE);
            received.closeHandles();
        } finally {
            handles.forEach(Handle::close);
        }
        assertThat(TestFiles.pointingAt(file())).isZero();
    }

    @Test
    void noSignals_aWaitFailsAtOnce_andATrapOrWaitSetRefusesIt() throws IOException {
        try (PlatformHandle h = wrapped(); Trap trap = core.createTrap(e -> {}); WaitSet ws = core.createWaitSet()) {
            assertThat(h.querySignalsState()).isEqualTo(SignalsState.NONE);
            assertThat(core.wait(h, Signals.READABLE, Deadline.after(Duration.ofSeconds(10))).result())
                    .isEqualTo(MojoResult.FAILED_PRECONDITION);
            assertThatThrownBy(() -> trap.addTrigger(h, Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 1))
                    .isInstanceOfSatisfying(MojoException.class,
                            e -> assertThat(e.result()).isEqualTo(MojoResult.INVALID_ARGUMENT))
                    .hasMessageContaining("PLATFORM_HANDLE");
            assertThrows(() -> ws.add(h, Signals.READABLE, 1), MojoResult.INVALID_ARGUMENT,
                    "handle=0x" + Integer.toHexString(h.value()), "is a PLATFORM_HANDLE, which has no signals");
            assertThat(core.waitMany(List.of(h), List.of(Signals.READABLE), Deadline.after(Duration.ofSeconds(10)))
                    .result()).isEqualTo(MojoResult.FAILED_PRECONDITION);
        }
    }

    @Test
    void passMovesOwnership() throws IOException {
        PlatformHandle h = wrapped();
        PlatformHandle moved = h.pass();
        assertThatThrownBy(h::unwrapFileDescriptor).isInstanceOf(InvalidHandleException.class)
                .hasMessageContaining("moved to another object by pass()");
        moved.close();
        assertThat(TestFiles.pointingAt(file())).isZero();
    }

    // --- misuse: each error names the handle (or the fd) and the rule -------------------------------------

    private static void assertThrows(ThrowingCallable call, MojoResult result, String... namesValueAndRule) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(MojoException.class, e -> assertThat(e.result()).isEqualTo(result))
                .hasMessageContainingAll(namesValueAndRule);
    }

    @Test
    void unwrapTwice() throws IOException {
        PlatformHandle h = wrapped();
        String name = "handle=0x" + Integer.toHexString(h.value());
        h.unwrapFileChannel().close();
        assertThrows(h::unwrapFileDescriptor, MojoResult.INVALID_ARGUMENT, name, "was unwrapped",
                "unwrapped at most once");
        assertThrows(h::unwrapFileChannel, MojoResult.INVALID_ARGUMENT, name, "was unwrapped");
    }

    @Test
    void unwrapAfterClose() throws IOException {
        PlatformHandle h = wrapped();
        h.close();
        assertThrows(h::unwrapFileDescriptor, MojoResult.INVALID_ARGUMENT,
                "handle=0x" + Integer.toHexString(h.value()), "is closed");
    }

    @Test
    void wrapAClosedFd() throws IOException {
        int fd = wrapped().unwrapFileDescriptor();
        core.wrapFileDescriptor(fd).close(); // closes it
        assertThrows(() -> core.wrapFileDescriptor(fd), MojoResult.INVALID_ARGUMENT, "fd " + fd,
                "is not an open descriptor", "EBADF", "nothing was taken");
    }

    @Test
    void wrapANegativeFd() {
        assertThrows(() -> core.wrapFileDescriptor(-1), MojoResult.INVALID_ARGUMENT, "fd -1 is negative");
    }

    @Test
    void wrapTheSameFdTwice() throws IOException {
        PlatformHandle first = core.wrapFileDescriptor(wrapped().unwrapFileDescriptor());
        int fd = first.unwrapFileDescriptor();
        PlatformHandle owner = core.wrapFileDescriptor(fd);
        assertThrows(() -> core.wrapFileDescriptor(fd), MojoResult.INVALID_ARGUMENT, "fd " + fd,
                "already owned by jmojo", "handed over once");
        owner.close();
        assertThat(TestFiles.pointingAt(file())).isZero();
    }

    @Test
    void wrapAClosedChannel() throws IOException {
        FileChannel ch = FileChannel.open(file(), StandardOpenOption.READ);
        ch.close();
        assertThrows(() -> core.wrapFileChannel(ch), MojoResult.INVALID_ARGUMENT, "is closed");
    }

    @Test
    void wrapAFifoChannel_isRefused_andTheChannelStaysOpen() throws Exception {
        Path fifo = dir.resolve("fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        // Read-write: on Linux opening a FIFO so never waits for the other side.
        try (FileChannel ch = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            assertThrows(() -> core.wrapFileChannel(ch), MojoResult.INVALID_ARGUMENT, "no file offset",
                    "only a seekable file's channel can be wrapped");
            assertThat(ch.isOpen()).isTrue();
        }
    }

    @Test
    void unwrapWithoutReadAndWriteRights() throws IOException {
        try (PlatformHandle h = wrapped()) {
            h.reduceRights(EnumSet.of(Right.WRITE));
            assertThrows(h::unwrapFileDescriptor, MojoResult.PERMISSION_DENIED,
                    "handle=0x" + Integer.toHexString(h.value()), "has no WRITE right");
            assertThat(h.isValid()).isTrue();
        }
    }

    @Test
    void attachTheSameHandleTwice() throws IOException {
        try (MessagePipe pipe = core.createMessagePipe(); PlatformHandle h = wrapped()) {
            assertThrows(() -> pipe.end0().writeMessage(new byte[0], List.of(h, h)), MojoResult.BUSY,
                    "handle=0x" + Integer.toHexString(h.value()), "attached twice");
            assertThat(h.isValid()).isTrue();
        }
    }
}

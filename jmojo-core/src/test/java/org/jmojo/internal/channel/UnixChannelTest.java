package org.jmojo.internal.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.jmojo.internal.platform.EventFd;
import org.jmojo.internal.platform.Fd;
import org.jmojo.internal.platform.SharedMemory;
import org.jmojo.internal.platform.SocketMessenger;
import org.jmojo.internal.platform.UnixSocket;
import org.jmojo.internal.sync.HeldLocks;
import org.jmojo.internal.sync.LockOrderGuard;
import org.jmojo.internal.sync.LockRank;
import org.jmojo.internal.sync.RankedLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** A UnixChannel on a real socket pair, read by a real I/O thread, against hostile and well-behaved peers. */
@Timeout(120)
class UnixChannelTest {
    private IoThread io;
    private long fdsAtStart;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    static long openFdCount() throws Exception {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @BeforeEach
    void start() throws Exception {
        fdsAtStart = openFdCount();
        io = new IoThread("test-io");
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) {
            c.close();
        }
        io.close();
        assertThat(openFdCount()).as("every descriptor released").isEqualTo(fdsAtStart);
    }

    /** A raw socket end that speaks bytes, as a hostile peer would. */
    private final class RawPeer implements AutoCloseable {
        final Fd socket;
        final SocketMessenger messenger = new SocketMessenger(64 * 1024);

        RawPeer(Fd socket) {
            this.socket = socket;
        }

        void send(byte[] bytes, List<Fd> fds) throws Exception {
            long at = 0;
            boolean first = true;
            while (at < bytes.length) {
                long n = messenger.send(socket, MemorySegment.ofArray(bytes), at, bytes.length - at, first ? fds : List.of());
                assertThat(n).as("test frames fit the socket buffer").isPositive();
                first = false;
                at += n;
            }
        }

        void send(byte[] bytes) throws Exception {
            send(bytes, List.of());
        }

        @Override
        public void close() {
            socket.close();
            messenger.close();
        }
    }

    private record Linked(UnixChannel channel, RecordingListener listener, RawPeer raw) {}

    /** A channel whose peer (holding {@code roles}) is a raw socket in the test's hands. */
    private Linked rawPeer(Set<PeerRole> roles, int receiveFdCapacity) throws Exception {
        UnixSocket.Pair pair = UnixSocket.pair(true);
        RecordingListener listener = new RecordingListener();
        UnixChannel channel = new UnixChannel(pair.first(), roles, ChannelLimits.DEFAULT, listener, receiveFdCapacity);
        RawPeer raw = new RawPeer(pair.second());
        cleanup.add(raw);
        cleanup.add(() -> channel.close(CloseReason.LOCAL, "test over"));
        io.register(channel);
        return new Linked(channel, listener, raw);
    }

    private record Connected(UnixChannel a, RecordingListener aFrames, UnixChannel b, RecordingListener bFrames) {}

    /** Two channels over one socket pair: a is the invitee's end (its peer is the inviter), b the inviter's. */
    private Connected connected(boolean registerB) throws Exception {
        UnixSocket.Pair pair = UnixSocket.pair(true);
        RecordingListener aFrames = new RecordingListener();
        RecordingListener bFrames = new RecordingListener();
        UnixChannel a = new UnixChannel(pair.first(), EnumSet.of(PeerRole.INVITER), ChannelLimits.DEFAULT, aFrames);
        UnixChannel b = new UnixChannel(pair.second(), EnumSet.of(PeerRole.INVITEE), ChannelLimits.DEFAULT, bFrames);
        cleanup.add(() -> a.close(CloseReason.LOCAL, "test over"));
        cleanup.add(() -> b.close(CloseReason.LOCAL, "test over"));
        cleanup.add(() -> drainFds(aFrames));
        cleanup.add(() -> drainFds(bFrames));
        io.register(a);
        if (registerB) {
            io.register(b);
        }
        return new Connected(a, aFrames, b, bFrames);
    }

    /** Hello from a, hello-ack from b, each received: both channels open. */
    private static void handshake(Connected c) throws InterruptedException {
        c.a().write(FrameType.HELLO, hello(PeerRole.INVITEE), List.of());
        c.b().write(FrameType.HELLO_ACK, new HelloAck(1, HelloAck.Status.OK, 0, new Id128(1, 1), Id128.NONE).encode(), List.of());
        assertThat(c.bFrames().next().type()).isEqualTo(FrameType.HELLO);
        assertThat(c.aFrames().next().type()).isEqualTo(FrameType.HELLO_ACK);
    }

    private static void drainFds(RecordingListener listener) {
        for (Frame f; (f = listener.frames.poll()) != null; ) {
            f.closeFds();
        }
    }

    private static MemorySegment hello(PeerRole role) {
        return new Hello(1, 1, role, 0, new Id128(7, 7), Id128.NONE, Id128.NONE).encode();
    }

    /** Checks that a healthy neighbour on the same I/O thread still exchanges frames. */
    private void assertNeighbourUnharmed() throws Exception {
        Connected n = connected(true);
        n.a().write(FrameType.HELLO, hello(PeerRole.INVITEE), List.of());
        assertThat(n.bFrames().next().type()).isEqualTo(FrameType.HELLO);
        n.a().write(FrameType.EVENT, MemorySegment.ofArray(new byte[24]), List.of());
        assertThat(n.bFrames().next().type()).isEqualTo(FrameType.EVENT);
    }

    enum Hostile {
        OVERSIZED_LENGTH(CloseReason.LIMIT),
        LENGTH_2_POW_31(CloseReason.LIMIT),
        WRONG_FD_COUNT(CloseReason.FD_MISMATCH),
        UNDECLARED_FD(CloseReason.FD_MISMATCH),
        GARBAGE_AFTER_HELLO(CloseReason.MALFORMED),
        TRUNCATED(CloseReason.MALFORMED),
        UNKNOWN_TYPE(CloseReason.UNKNOWN_TYPE),
        WRONG_ROLE(CloseReason.WRONG_ROLE),
        SECOND_HELLO(CloseReason.BAD_STATE),
        TOO_MANY_FDS(CloseReason.CTRUNC);

        final CloseReason expected;

        Hostile(CloseReason expected) {
            this.expected = expected;
        }
    }

    @ParameterizedTest
    @EnumSource(Hostile.class)
    void hostilePeer_cutOffWithTypedReason_onlyThatChannel(Hostile attack) throws Exception {
        Linked l = rawPeer(EnumSet.of(PeerRole.INVITEE), attack == Hostile.TOO_MANY_FDS ? 2 : 253);
        l.raw().send(RawFrames.hello(PeerRole.INVITEE));
        assertThat(l.listener().next().type()).isEqualTo(FrameType.HELLO);
        List<Fd> fds = new ArrayList<>();
        switch (attack) {
            case OVERSIZED_LENGTH -> l.raw().send(RawFrames.header((128L << 20) + 8, 3, 0, 0, 0));
            case LENGTH_2_POW_31 -> l.raw().send(RawFrames.header(1L << 31, 3, 0, 0, 0));
            case WRONG_FD_COUNT -> {
                fds.add(new EventFd().fd());
                l.raw().send(RawFrames.frame(FrameType.EVENT, new byte[24], 2), fds);
            }
            case UNDECLARED_FD -> {
                fds.add(new EventFd().fd());
                l.raw().send(RawFrames.frame(FrameType.EVENT, new byte[24], 0), fds);
            }
            case GARBAGE_AFTER_HELLO -> {
                byte[] garbage = new byte[40];
                new Random(3).nextBytes(garbage);
                garbage[0] = 0x13; // a length that is not a multiple of 8
                l.raw().send(garbage);
            }
            case TRUNCATED -> {
                byte[] frame = RawFrames.frame(FrameType.EVENT, new byte[200], 0);
                l.raw().send(java.util.Arrays.copyOf(frame, 100));
                l.raw().socket.close();
            }
            case UNKNOWN_TYPE -> l.raw().send(RawFrames.frame(42, new byte[8], 0));
            case WRONG_ROLE -> l.raw().send(RawFrames.frame(FrameType.INTRODUCE, RawFrames.statusPayload(1), 0));
            case SECOND_HELLO -> l.raw().send(RawFrames.hello(PeerRole.INVITEE));
            case TOO_MANY_FDS -> {
                for (int i = 0; i < 3; i++) {
                    fds.add(new EventFd().fd());
                }
                l.raw().send(RawFrames.frame(FrameType.EVENT, new byte[24], 3), fds);
            }
        }
        fds.forEach(Fd::close); // our copies; the channel must close the ones it received
        RecordingListener.Closed closed = l.listener().awaitClosed();
        assertThat(closed.reason()).isEqualTo(attack.expected);
        assertThat(closed.reason().isViolation()).isTrue();
        assertThat(l.channel().closeReason()).isEqualTo(attack.expected);
        assertThat(l.channel().closeDetail()).isEqualTo(closed.detail()).isNotBlank();
        assertThat(l.listener().frames).as("nothing delivered after the hello").isEmpty();
        assertThat(l.channel().write(FrameType.EVENT, MemorySegment.ofArray(new byte[8]), List.of()))
                .isEqualTo(Channel.WriteResult.CLOSED);
        if (attack != Hostile.TRUNCATED) {
            assertThat(l.raw().messenger.receive(l.raw().socket, new ArrayList<>())).as("the peer sees its socket closed").isZero();
        }
        assertNeighbourUnharmed();
    }

    /** Generated from the frame table: every (role, frame type) pair whose role may not send the type. */
    static Stream<Arguments> forbiddenPairs() {
        List<Arguments> pairs = new ArrayList<>();
        for (PeerRole role : PeerRole.values()) {
            RawFrames.forbiddenFrom(Set.of(role)).forEach(type -> pairs.add(Arguments.of(role, type)));
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{1} from {0}")
    @MethodSource("forbiddenPairs")
    void forbiddenPair_overASocket_cutOffWrongRole_neighbourUnharmed(PeerRole role, FrameType type) throws Exception {
        Linked l = rawPeer(EnumSet.of(role), 253);
        if (!type.isHandshake()) {
            l.raw().send(RawFrames.handshakeFrom(role));
            assertThat(l.listener().next().type().isHandshake()).isTrue();
        }
        l.raw().send(RawFrames.frame(type, RawFrames.validPayload(type), 0));
        RecordingListener.Closed closed = l.listener().awaitClosed();
        assertThat(closed.reason()).as(closed.detail()).isEqualTo(CloseReason.WRONG_ROLE);
        assertThat(l.listener().frames).as("the forbidden frame is not delivered").isEmpty();
        assertNeighbourUnharmed();
    }

    @Test
    @LockOrderGuard.ProvokesLockOrderViolations
    void writeLock_isRankFive_takenUnderALeafLock_lockOrderViolation() throws Exception {
        UnixSocket.Pair pair = UnixSocket.pair(true);
        cleanup.add(pair.second());
        UnixChannel channel = new UnixChannel(
                pair.first(), EnumSet.of(PeerRole.INVITEE), ChannelLimits.DEFAULT, new RecordingListener());
        cleanup.add(() -> channel.close(CloseReason.LOCAL, "test over"));
        assertThat(channel.queuedFrames()).isZero(); // takes the write lock: in order with nothing held
        RankedLock leaf = new RankedLock(LockRank.LEAF);
        leaf.lock();
        try {
            assertThatThrownBy(channel::queuedFrames)
                    .isInstanceOf(HeldLocks.LockOrderViolation.class)
                    .hasMessageContaining("asked for rank 5 CHANNEL_WRITE lock");
        } finally {
            leaf.unlock();
        }
    }

    @Test
    void framesWithFds_roundTripInOrder_acrossPartialReadsAndWrites() throws Exception {
        Connected c = connected(true);
        handshake(c);
        assertThat(c.a().version()).isEqualTo(1);
        assertThat(c.b().version()).isEqualTo(1);
        int frames = 120;
        Random random = new Random(11);
        int[] sizes = new int[frames];
        for (int i = 0; i < frames; i++) {
            // Mostly small, some far larger than the 128 KiB I/O buffers and the socket buffer.
            sizes[i] = i % 10 == 0 ? 200_000 + random.nextInt(200_000) : 8 + random.nextInt(3000);
            byte[] payload = new byte[sizes[i]];
            ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).putInt(0, i).putInt(4, sizes[i]);
            for (int k = 8; k < payload.length; k++) {
                payload[k] = (byte) (i * 31 + k);
            }
            List<Fd> fds = new ArrayList<>();
            for (int j = 0; j < i % 4; j++) {
                fds.add(SharedMemory.create("frame-" + i + "-" + j, 4096L * (j + 1)));
            }
            assertThat(c.a().write(FrameType.EVENT, MemorySegment.ofArray(payload), fds)).isNotEqualTo(Channel.WriteResult.CLOSED);
        }
        for (int i = 0; i < frames; i++) {
            Frame f = c.bFrames().next();
            assertThat(f.type()).isEqualTo(FrameType.EVENT);
            MemorySegment p = f.payload();
            assertThat(p.get(ValueLayout.JAVA_INT_UNALIGNED, 0)).as("frame order").isEqualTo(i);
            assertThat(p.byteSize()).isEqualTo(FrameHeader.padded(sizes[i]));
            for (int k = 8; k < sizes[i]; k += 997) {
                assertThat(p.get(ValueLayout.JAVA_BYTE, k)).isEqualTo((byte) (i * 31 + k));
            }
            assertThat(f.fds()).hasSize(i % 4);
            for (int j = 0; j < f.fds().size(); j++) {
                assertThat(Files.size(Path.of("/proc/self/fd/" + f.fds().get(j).number()))).as("fd %d of frame %d", j, i)
                        .isEqualTo(4096L * (j + 1));
            }
            f.closeFds();
        }
        assertThat(c.bFrames().frameThread).isNotNull().satisfies(t -> assertThat(t.getName()).isEqualTo("test-io"));
    }

    @Test
    void slowReader_writesQueueThenDrainInOrder() throws Exception {
        Connected c = connected(false); // b is not read yet
        c.a().write(FrameType.HELLO, hello(PeerRole.INVITEE), List.of());
        byte[] payload = new byte[16 * 1024];
        int written = 0;
        while (c.a().write(FrameType.EVENT, numbered(payload, written), List.of()) == Channel.WriteResult.WRITTEN) {
            written++;
            assertThat(written).as("a socket buffer is finite").isLessThan(10_000);
        }
        int firstQueued = written++;
        for (int i = 0; i < 50; i++, written++) {
            List<Fd> fds = i % 5 == 0 ? List.of(SharedMemory.create("queued", 8192)) : List.of();
            assertThat(c.a().write(FrameType.EVENT, numbered(payload, written), fds))
                    .as("behind a non-empty queue every frame queues").isEqualTo(Channel.WriteResult.QUEUED);
        }
        assertThat(c.a().queuedFrames()).isEqualTo(51);
        io.register(c.b());
        assertThat(c.bFrames().next().type()).isEqualTo(FrameType.HELLO);
        for (int i = 0; i < written; i++) {
            Frame f = c.bFrames().next();
            assertThat(f.payload().get(ValueLayout.JAVA_INT_UNALIGNED, 0)).isEqualTo(i);
            assertThat(f.fds()).hasSize(i > firstQueued && (i - firstQueued - 1) % 5 == 0 ? 1 : 0);
            f.closeFds();
        }
        assertThat(c.a().queuedFrames()).isZero();
        // The queue drained several frames per sendmsg (up to seven of 16 KiB fit the 128 KiB staging buffer; a frame
        // with an fd starts a batch of its own, and the fds still arrived with their frames, above).
        assertThat(c.a().batchedSends()).as("sendmsg calls carrying several queued frames").isPositive();
    }

    @Test
    void stagedFrames_refusedWholeOrInPart_arriveInOrderWithTheirFdsAndZeroPadding() throws Exception {
        Connected c = connected(false); // b is not read yet: the socket fills, frames go out in part or are refused
        c.a().write(FrameType.HELLO, hello(PeerRole.INVITEE), List.of());
        Random random = new Random(5);
        List<Integer> sizes = new ArrayList<>();
        int refused = -1;
        // Sizes up to the staging buffer (each frame is encoded there), none a multiple of 8, every byte 0xA5: a stale
        // byte of an earlier, larger frame would show in a later frame's padding.
        for (int i = 0; refused < 0 || i <= refused + 20; i++) {
            int size = 8 * (1 + random.nextInt((UnixChannel.IO_BUFFER - 64) / 8)) - 1 - random.nextInt(6);
            byte[] payload = new byte[size];
            java.util.Arrays.fill(payload, (byte) 0xA5);
            ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).putInt(0, i);
            List<Fd> fds = i % 3 == 0 ? List.of(SharedMemory.create("staged-" + i, 4096L * (1 + i % 5))) : List.of();
            Channel.WriteResult r = c.a().write(FrameType.EVENT, MemorySegment.ofArray(payload), fds);
            assertThat(r).isNotEqualTo(Channel.WriteResult.CLOSED);
            if (r == Channel.WriteResult.QUEUED && refused < 0) {
                refused = i;
            }
            sizes.add(size);
            assertThat(i).as("a socket buffer is finite").isLessThan(10_000);
        }
        assertThat(c.a().queuedFrames()).as("the refused frame and the 20 behind it").isEqualTo(20 + 1);
        io.register(c.b());
        assertThat(c.bFrames().next().type()).isEqualTo(FrameType.HELLO);
        for (int i = 0; i < sizes.size(); i++) {
            Frame f = c.bFrames().next();
            MemorySegment p = f.payload();
            int size = sizes.get(i);
            assertThat(p.get(ValueLayout.JAVA_INT_UNALIGNED, 0)).as("frame order").isEqualTo(i);
            assertThat(p.byteSize()).isEqualTo(FrameHeader.padded(size));
            assertThat(p.get(ValueLayout.JAVA_BYTE, size - 1)).as("last byte of frame %d", i).isEqualTo((byte) 0xA5);
            for (long k = size; k < p.byteSize(); k++) {
                assertThat(p.get(ValueLayout.JAVA_BYTE, k)).as("padding byte %d of frame %d", k, i).isZero();
            }
            assertThat(f.fds()).as("fds of frame %d", i).hasSize(i % 3 == 0 ? 1 : 0);
            if (i % 3 == 0) {
                assertThat(Files.size(Path.of("/proc/self/fd/" + f.fds().get(0).number()))).as("fd of frame %d", i)
                        .isEqualTo(4096L * (1 + i % 5));
            }
            f.closeFds();
        }
        assertThat(c.a().queuedFrames()).isZero();
    }

    @Test
    void gatheredWrites_sentQueuedOrLarge_sameBytesAsTheJoinedPayload_andTheCallerMayReuseItsArrays() throws Exception {
        Connected c = connected(false); // b is not read yet: the socket fills, and later frames queue
        c.a().write(FrameType.HELLO, hello(PeerRole.INVITEE), List.of());
        Random random = new Random(9);
        byte[] head = new byte[UnixChannel.IO_BUFFER + 1000]; // reused for every frame, as are tail and its fill
        byte[] tail = new byte[UnixChannel.IO_BUFFER + 1000];
        List<byte[]> expected = new ArrayList<>();
        int refused = -1;
        for (int i = 0; refused < 0 || i <= refused + 10; i++) {
            // Heads of whole 8-byte words (as an event's head is), tails of any size; every fifth frame is larger than
            // the staging buffer, so it is encoded on the heap.
            int headSize = 8 * (1 + random.nextInt(40));
            int tailSize = i % 5 == 4 ? UnixChannel.IO_BUFFER - 100 + random.nextInt(900) : random.nextInt(70_000);
            random.nextBytes(head);
            random.nextBytes(tail);
            ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).putInt(0, i);
            byte[] joined = new byte[headSize + tailSize];
            System.arraycopy(head, 0, joined, 0, headSize);
            System.arraycopy(tail, 0, joined, headSize, tailSize);
            expected.add(joined);
            Channel.WriteResult r = c.a().write(FrameType.EVENT, MemorySegment.ofArray(head).asSlice(0, headSize),
                    MemorySegment.ofArray(tail).asSlice(0, tailSize), List.of());
            assertThat(r).isNotEqualTo(Channel.WriteResult.CLOSED);
            if (r == Channel.WriteResult.QUEUED && refused < 0) {
                refused = i;
            }
            assertThat(i).as("a socket buffer is finite").isLessThan(10_000);
        }
        java.util.Arrays.fill(head, (byte) 0x5A); // the caller reuses its arrays: no frame may change
        java.util.Arrays.fill(tail, (byte) 0x5A);
        io.register(c.b());
        assertThat(c.bFrames().next().type()).isEqualTo(FrameType.HELLO);
        for (int i = 0; i < expected.size(); i++) {
            MemorySegment p = c.bFrames().next().payload();
            byte[] want = expected.get(i);
            assertThat(p.byteSize()).as("frame %d", i).isEqualTo(FrameHeader.padded(want.length));
            assertThat(p.asSlice(0, want.length).toArray(ValueLayout.JAVA_BYTE)).as("frame %d", i).isEqualTo(want);
            for (long k = want.length; k < p.byteSize(); k++) {
                assertThat(p.get(ValueLayout.JAVA_BYTE, k)).as("padding byte %d of frame %d", k, i).isZero();
            }
        }
        assertThat(c.a().queuedFrames()).isZero();
    }

    @Test
    void writersFindingTheLockHeldBySender_leaveTheirFrames_nextSenderSendsThemAllInOneSendmsg() throws Exception {
        Connected c = connected(true);
        handshake(c);
        c.a().holdWriteLockAsSenderForTests(true);
        int frames = 100;
        List<Channel.WriteResult> results = new ArrayList<>();
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < frames; i++) {
                results.add(c.a().write(FrameType.EVENT, numbered(new byte[64 + i], i), List.of()));
            }
        });
        writer.join(); // returns with the lock still held here: every frame was left, none waited
        assertThat(results).as("left for the holder").containsOnly(Channel.WriteResult.QUEUED).hasSize(frames);
        c.a().holdWriteLockAsSenderForTests(false); // lets go without sending them: the next sender does
        long sendsBefore = c.a().sends();
        assertThat(c.a().write(FrameType.EVENT, numbered(new byte[64], frames), List.of()))
                .isEqualTo(Channel.WriteResult.WRITTEN);
        assertThat(c.a().sends() - sendsBefore).as("101 frames, about 10 KiB, in one sendmsg").isEqualTo(1);
        for (int i = 0; i <= frames; i++) {
            Frame f = c.bFrames().next();
            assertThat(f.payload().get(ValueLayout.JAVA_INT_UNALIGNED, 0)).as("order").isEqualTo(i);
            assertThat(f.payload().byteSize()).isEqualTo(FrameHeader.padded(64 + (i < frames ? i : 0)));
        }
        assertThat(c.a().queuedFrames()).isZero();
    }

    @Test
    void writersFindingTheLockHeldByNonSender_waitForIt_andWriteTheirOwnFrames() throws Exception {
        Connected c = connected(true);
        handshake(c);
        RankedLock lock = c.a().writeLockForTests();
        lock.lock(); // as a re-arm or a statistic holds it: it will not look for frames left behind
        java.util.concurrent.CompletableFuture<Channel.WriteResult> result = new java.util.concurrent.CompletableFuture<>();
        Thread writer = Thread.ofPlatform().start(
                () -> result.complete(c.a().write(FrameType.EVENT, numbered(new byte[64], 7), List.of())));
        while (lock.getQueueLength() == 0 && !result.isDone()) {
            Thread.onSpinWait(); // until the writer queues on the lock (or, wrongly, returns)
        }
        assertThat(result).as("the writer waits for the lock").isNotDone();
        lock.unlock();
        writer.join();
        assertThat(result.get()).isEqualTo(Channel.WriteResult.WRITTEN);
        assertThat(c.bFrames().next().payload().get(ValueLayout.JAVA_INT_UNALIGNED, 0)).isEqualTo(7);
    }

    @Test
    void receiveThatTookEverything_endsThePassWithoutAnotherRecvmsg_laterFramesStillArrive() throws Exception {
        Connected c = connected(true);
        handshake(c);
        for (int i = 0; i < 5; i++) {
            long before = c.b().receives();
            // One sendmsg, so one queued buffer that a single recvmsg takes whole: without fds nothing ends it early.
            c.a().write(FrameType.EVENT, numbered(new byte[64], i), List.of());
            Frame f = c.bFrames().next();
            assertThat(f.payload().get(ValueLayout.JAVA_INT_UNALIGNED, 0)).isEqualTo(i);
            assertThat(c.b().receives() - before).as("recvmsg calls for frame %d (no trailing EAGAIN)", i).isEqualTo(1);
        }
        // With descriptors the kernel ends a receive after them, so the pass reads on until EAGAIN; nothing is lost.
        c.a().write(FrameType.EVENT, numbered(new byte[64], 5), List.of(SharedMemory.create("with-fd", 4096)));
        c.a().write(FrameType.EVENT, numbered(new byte[64], 6), List.of());
        for (int i = 5; i <= 6; i++) {
            Frame f = c.bFrames().next();
            assertThat(f.payload().get(ValueLayout.JAVA_INT_UNALIGNED, 0)).isEqualTo(i);
            assertThat(f.fds()).hasSize(i == 5 ? 1 : 0);
            f.closeFds();
        }
    }

    @Test
    void peerNotReading_frameFindingTheQueueEmptyGoesIn_nextOnePastTheBoundCutsOffLimit() throws Exception {
        UnixSocket.Pair pair = UnixSocket.pair(true);
        cleanup.add(pair.second()); // the peer: never reads
        RecordingListener listener = new RecordingListener();
        long bound = 1024;
        UnixChannel channel = new UnixChannel(pair.first(), EnumSet.of(PeerRole.INVITEE),
                new ChannelLimits(128L << 20, 64, 64, bound), listener);
        cleanup.add(() -> channel.close(CloseReason.LOCAL, "test over"));
        byte[] payload = new byte[16 * 1024];
        int written = 0;
        Channel.WriteResult r;
        while ((r = channel.write(FrameType.EVENT, numbered(payload, written), List.of())) == Channel.WriteResult.WRITTEN) {
            written++;
            assertThat(written).as("a socket buffer is finite").isLessThan(10_000);
        }
        assertThat(r).as("the frame the socket refuses finds the queue empty: queued, though larger than the bound")
                .isEqualTo(Channel.WriteResult.QUEUED);
        assertThat(channel.queuedBytes()).isEqualTo(FrameHeader.frameLength(payload.length));
        List<Fd> fds = List.of(SharedMemory.create("dropped", 4096));
        assertThat(channel.write(FrameType.EVENT, numbered(payload, written + 1), fds))
                .as("behind a non-empty queue, past the bound").isEqualTo(Channel.WriteResult.CLOSED);
        RecordingListener.Closed closed = listener.awaitClosed();
        assertThat(closed.reason()).isEqualTo(CloseReason.LIMIT);
        assertThat(closed.detail()).contains("the peer does not read", "bound of 1024");
        assertThat(channel.queuedBytes()).as("the queue released with the channel").isZero();
        // The refused frame's descriptor is closed with it (the fd count checked after the test says so).
    }

    private static MemorySegment numbered(byte[] payload, int n) {
        ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).putInt(0, n);
        return MemorySegment.ofArray(payload.clone());
    }

    @Test
    void closeAfterGoodbye_peerReadsEverythingThenGoodbye() throws Exception {
        Connected c = connected(true);
        c.a().write(FrameType.HELLO, hello(PeerRole.INVITEE), List.of());
        for (int i = 0; i < 10; i++) {
            c.a().write(FrameType.EVENT, numbered(new byte[64], i), List.of());
        }
        c.a().closeAfterGoodbye();
        assertThat(c.bFrames().next().type()).isEqualTo(FrameType.HELLO);
        for (int i = 0; i < 10; i++) {
            assertThat(c.bFrames().next().payload().get(ValueLayout.JAVA_INT_UNALIGNED, 0)).isEqualTo(i);
        }
        assertThat(c.bFrames().next().type()).isEqualTo(FrameType.GOODBYE);
        assertThat(c.bFrames().awaitClosed().reason()).isEqualTo(CloseReason.GOODBYE);
        assertThat(c.aFrames().awaitClosed().reason()).isEqualTo(CloseReason.LOCAL);
    }

    @Test
    void peerVanishesWithoutGoodbye_disconnected() throws Exception {
        Linked l = rawPeer(EnumSet.of(PeerRole.INVITEE), 253);
        l.raw().send(RawFrames.hello(PeerRole.INVITEE));
        l.raw().socket.close();
        RecordingListener.Closed closed = l.listener().awaitClosed();
        assertThat(closed.reason()).isEqualTo(CloseReason.DISCONNECTED);
        assertThat(closed.reason().isViolation()).isFalse();
        assertThat(l.listener().next().type()).isEqualTo(FrameType.HELLO);
    }

    /**
     * issue 9's extra eventfd in {@code ManyProcessesTest.noLeaks}: a waiting reader's wake-up eventfd was made by the
     * first waiter that held the channel's read token, so a long-lived channel gained a descriptor whenever a wait first
     * took its token, and a count of open descriptors depended on who had read. It is made with the channel and closed,
     * synchronously, by the close.
     */
    @Test
    void holderWakeup_isMadeWithTheChannel_andClosedByItsClose() throws Exception {
        Linked l = rawPeer(EnumSet.of(PeerRole.INVITEE), 253);
        Fd wakeup = l.channel().holderWakeupFd();
        assertThat(wakeup.isOpen()).as("made before any waiter held the read token").isTrue();
        // The I/O thread's first pass (registration) is over and the peer sends nothing: nobody holds the read token.
        java.util.concurrent.CompletableFuture.runAsync(() -> {}, io).get();
        l.channel().close(CloseReason.LOCAL, "test");
        assertThat(wakeup.isOpen()).as("closed by the channel's close").isFalse();
    }

    @Test
    void close_releasesDescriptorsStillQueued() throws Exception {
        Connected c = connected(false);
        c.a().write(FrameType.HELLO, hello(PeerRole.INVITEE), List.of());
        byte[] payload = new byte[32 * 1024];
        while (c.a().write(FrameType.EVENT, MemorySegment.ofArray(payload), List.of()) == Channel.WriteResult.WRITTEN) {
            // fill the socket
        }
        Fd queued = SharedMemory.create("never-sent", 4096);
        assertThat(c.a().write(FrameType.EVENT, MemorySegment.ofArray(new byte[8]), List.of(queued)))
                .isEqualTo(Channel.WriteResult.QUEUED);
        assertThat(queued.isOpen()).isTrue();
        c.a().close(CloseReason.LOCAL, "test");
        assertThat(queued.isOpen()).isFalse();
        Fd late = SharedMemory.create("late", 4096);
        assertThat(c.a().write(FrameType.EVENT, MemorySegment.ofArray(new byte[8]), List.of(late)))
                .isEqualTo(Channel.WriteResult.CLOSED);
        assertThat(late.isOpen()).isFalse();
    }

    @Test
    void write_overLimits_illegalArgumentNamingLimitAndFdsStayWithCaller() throws Exception {
        UnixSocket.Pair pair = UnixSocket.pair(true);
        cleanup.add(pair.second());
        UnixChannel small = new UnixChannel(pair.first(), EnumSet.of(PeerRole.INVITEE), new ChannelLimits(1024, 2, 2),
                new RecordingListener());
        cleanup.add(() -> small.close(CloseReason.LOCAL, "test"));
        assertThatThrownBy(() -> small.write(FrameType.EVENT, MemorySegment.ofArray(new byte[1024]), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1040").hasMessageContaining("1024");
        List<Fd> three = List.of(new EventFd().fd(), new EventFd().fd(), new EventFd().fd());
        assertThatThrownBy(() -> small.write(FrameType.EVENT, MemorySegment.ofArray(new byte[8]), three))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 fds");
        assertThat(three).allSatisfy(fd -> assertThat(fd.isOpen()).isTrue());
        three.forEach(Fd::close);
    }

    @Test
    void listenerThrows_channelClosedLocalOthersUnharmed() throws Exception {
        UnixSocket.Pair pair = UnixSocket.pair(true);
        RecordingListener record = new RecordingListener();
        Channel.Listener failing = new Channel.Listener() {
            @Override
            public void onFrame(Channel channel, Frame frame) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void onClosed(Channel channel, CloseReason reason, String detail) {
                record.onClosed(channel, reason, detail);
            }
        };
        UnixChannel channel = new UnixChannel(pair.first(), EnumSet.of(PeerRole.INVITEE), ChannelLimits.DEFAULT, failing);
        RawPeer raw = new RawPeer(pair.second());
        cleanup.add(raw);
        io.register(channel);
        raw.send(RawFrames.hello(PeerRole.INVITEE));
        RecordingListener.Closed closed = record.awaitClosed();
        assertThat(closed.reason()).isEqualTo(CloseReason.LOCAL);
        assertThat(closed.detail()).contains("listener bug");
        assertNeighbourUnharmed();
    }

    @Test
    void ioThread_runsTasksOnItself_closeClosesChannelsLocal() throws Exception {
        java.util.concurrent.CompletableFuture<Boolean> onIo = new java.util.concurrent.CompletableFuture<>();
        io.execute(() -> onIo.complete(io.isCurrentThread()));
        assertThat(onIo.get(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(io.isCurrentThread()).isFalse();
        Connected c = connected(true);
        assertThat(io.channelCount()).isEqualTo(2);
        io.close();
        assertThat(c.aFrames().awaitClosed().reason()).isEqualTo(CloseReason.LOCAL);
        assertThat(c.bFrames().awaitClosed().reason()).isEqualTo(CloseReason.LOCAL);
        assertThatThrownBy(() -> io.execute(() -> {})).isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
        io = new IoThread("test-io-2"); // for @AfterEach
    }
}

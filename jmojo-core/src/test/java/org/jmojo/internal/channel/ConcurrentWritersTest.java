package org.jmojo.internal.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.jmojo.internal.platform.UnixSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many writers, platform and virtual, on one channel: every frame arrives whole (frames never
 * interleave under the write lock) and each writer's frames arrive in the order it wrote them.
 */
@Timeout(120)
class ConcurrentWritersTest {

    @Test
    void concurrentWriters_framesWholeAndPerWriterOrdered() throws Exception {
        int writers = 8;
        int perWriter = 400;
        UnixSocket.Pair pair = UnixSocket.pair(true);
        RecordingListener receiverFrames = new RecordingListener();
        try (IoThread io = new IoThread("writers-io")) {
            UnixChannel sender = new UnixChannel(pair.first(), EnumSet.of(PeerRole.INVITER), ChannelLimits.DEFAULT,
                    new RecordingListener());
            UnixChannel receiver = new UnixChannel(pair.second(), EnumSet.of(PeerRole.INVITEE), ChannelLimits.DEFAULT,
                    receiverFrames);
            io.register(sender);
            io.register(receiver);
            sender.write(FrameType.HELLO, new Hello(1, 1, PeerRole.INVITEE, 0, new Id128(1, 1), Id128.NONE, Id128.NONE)
                    .encode(), List.of());
            CountDownLatch go = new CountDownLatch(1);
            List<FutureTask<Void>> tasks = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                FutureTask<Void> task = new FutureTask<>(() -> {
                    Random random = new Random(writer);
                    go.await();
                    for (int seq = 0; seq < perWriter; seq++) {
                        int size = random.nextInt(10) == 0 ? 70_000 + random.nextInt(50_000) : 12 + random.nextInt(500);
                        assertThat(sender.write(FrameType.EVENT, payload(writer, seq, size), List.of()))
                                .isNotEqualTo(Channel.WriteResult.CLOSED);
                    }
                    return null;
                });
                tasks.add(task);
                (writer % 2 == 0 ? Thread.ofPlatform() : Thread.ofVirtual()).start(task);
            }
            go.countDown();
            for (FutureTask<Void> task : tasks) {
                try {
                    task.get();
                } catch (ExecutionException e) {
                    throw new AssertionError(e.getCause());
                }
            }
            assertThat(receiverFrames.next().type()).isEqualTo(FrameType.HELLO);
            int[] nextSeq = new int[writers];
            for (int i = 0; i < writers * perWriter; i++) {
                MemorySegment p = receiverFrames.next().payload();
                int writer = p.get(ValueLayout.JAVA_INT_UNALIGNED, 0);
                int seq = p.get(ValueLayout.JAVA_INT_UNALIGNED, 4);
                int size = p.get(ValueLayout.JAVA_INT_UNALIGNED, 8);
                assertThat(seq).as("writer %d order", writer).isEqualTo(nextSeq[writer]++);
                assertThat(p.byteSize()).isEqualTo(FrameHeader.padded(size));
                for (int k = 12; k < size; k += 101) {
                    assertThat(p.get(ValueLayout.JAVA_BYTE, k)).as("byte %d of frame %d/%d", k, writer, seq)
                            .isEqualTo((byte) (writer * 7 + seq + k));
                }
            }
            assertThat(nextSeq).containsOnly(perWriter);
            sender.close(CloseReason.LOCAL, "done");
            receiver.close(CloseReason.LOCAL, "done");
        }
    }

    @Test
    void closeRacingReadsAndWrites_everyFdReleasedOneCloseEachIoThreadSurvives() throws Exception {
        long fdsBefore = UnixChannelTest.openFdCount();
        try (IoThread io = new IoThread("close-race-io")) {
            for (int round = 0; round < 150; round++) {
                UnixSocket.Pair pair = UnixSocket.pair(true);
                RecordingListener aEvents = new RecordingListener();
                RecordingListener bEvents = new RecordingListener();
                UnixChannel a = new UnixChannel(pair.first(), EnumSet.of(PeerRole.INVITER), ChannelLimits.DEFAULT, aEvents);
                UnixChannel b = new UnixChannel(pair.second(), EnumSet.of(PeerRole.INVITEE), ChannelLimits.DEFAULT, bEvents);
                io.register(a);
                io.register(b);
                a.write(FrameType.HELLO, new Hello(1, 1, PeerRole.INVITEE, 0, new Id128(1, 1), Id128.NONE, Id128.NONE)
                        .encode(), List.of());
                int closeAfter = round % 40;
                CountDownLatch go = new CountDownLatch(1);
                FutureTask<Void> writer = new FutureTask<>(() -> {
                    go.await();
                    for (int seq = 0; seq < 60; seq++) {
                        List<org.jmojo.internal.platform.Fd> fds = seq % 3 == 0
                                ? List.of(org.jmojo.internal.platform.SharedMemory.create("race", 4096)) : List.of();
                        a.write(FrameType.EVENT, payload(0, seq, 40 + seq * 700), fds);
                    }
                    return null;
                });
                FutureTask<Void> closer = new FutureTask<>(() -> {
                    go.await();
                    for (int i = 0; i < closeAfter; i++) {
                        Thread.onSpinWait();
                    }
                    (closeAfter % 2 == 0 ? b : a).close(CloseReason.LOCAL, "race");
                    return null;
                });
                Thread.ofPlatform().start(writer);
                Thread.ofVirtual().start(closer);
                go.countDown();
                writer.get();
                closer.get();
                a.close(CloseReason.LOCAL, "round over");
                b.close(CloseReason.LOCAL, "round over");
                assertThat(aEvents.awaitClosed()).isNotNull();
                assertThat(bEvents.awaitClosed()).isNotNull();
                // A task runs after the event batch in progress: any delivery racing the close has ended.
                CountDownLatch batchOver = new CountDownLatch(1);
                io.execute(batchOver::countDown);
                assertThat(batchOver.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                for (RecordingListener l : List.of(aEvents, bEvents)) {
                    for (Frame f; (f = l.frames.poll()) != null; ) {
                        f.closeFds();
                    }
                }
            }
            // The I/O thread survived every race: a fresh pair still talks through it.
            CountDownLatch done = new CountDownLatch(1);
            io.execute(done::countDown);
            assertThat(done.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(io.channelCount()).isZero();
        }
        assertThat(UnixChannelTest.openFdCount()).isEqualTo(fdsBefore);
    }

    private static MemorySegment payload(int writer, int seq, int size) {
        byte[] p = new byte[size];
        ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).putInt(0, writer).putInt(4, seq).putInt(8, size);
        for (int k = 12; k < size; k++) {
            p[k] = (byte) (writer * 7 + seq + k);
        }
        return MemorySegment.ofArray(p);
    }
}

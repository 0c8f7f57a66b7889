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

    private static MemorySegment payload(int writer, int seq, int size) {
        byte[] p = new byte[size];
        ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).putInt(0, writer).putInt(4, seq).putInt(8, size);
        for (int k = 12; k < size; k++) {
            p[k] = (byte) (writer * 7 + seq + k);
        }
        return MemorySegment.ofArray(p);
    }
}

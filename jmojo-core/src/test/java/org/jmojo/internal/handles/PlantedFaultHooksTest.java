package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.jmojo.internal.ports.ReadOutcome;
import org.jmojo.system.Core;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MojoResult;
import org.junit.jupiter.api.Test;

/**
 * Each fault {@link PlantedFaults} plants, on its own instance in this JVM (where the process has no
 * fault planted): {@code org.jmojo.stress.PlantedFaultsTest} shows the stress test catches them, which
 * means little unless each fault does what it says, exactly as often as it says.
 *
 * <p>A message is four bytes, its index in the order written; {@link #readAll} reads through the fault
 * until the queue is empty and returns the indices (or the bytes) read.
 */
class PlantedFaultHooksTest {
    private static final int PERIOD = PlantedFaults.READ_PERIOD;

    private static byte[] payload(int i) {
        return new byte[] {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i};
    }

    private static int index(byte[] b) {
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    /** Writes messages 0 to {@code count - 1} into {@code pipe}'s end1. */
    private static void write(MessagePipe pipe, int count) {
        for (int i = 0; i < count; i++) {
            assertThat(pipe.end0().writeMessage(payload(i))).isEqualTo(MojoResult.OK);
        }
    }

    /** Reads end1 through {@code faults} until it is empty: the payloads, in the order read. */
    private static List<byte[]> readAll(PlantedFaults faults, MessagePipe pipe) {
        return readAll(faults::read, pipe);
    }

    /** Reads end1 with {@code read} until it is empty: the payloads, in the order read. */
    private static List<byte[]> readAll(Function<EndpointDispatcher, ReadOutcome> read, MessagePipe pipe) {
        EndpointDispatcher reader = (EndpointDispatcher) HandleHolder.dispatcherOf(pipe.end1(), -1);
        List<byte[]> payloads = new ArrayList<>();
        try (RequestContext c = RequestContext.enter()) {
            for (ReadOutcome o = read.apply(reader); o.status() == ReadOutcome.Status.OK; o = read.apply(reader)) {
                payloads.add(((LocalMessage) o.message()).bytes());
            }
        }
        return payloads;
    }

    private static List<Integer> indices(List<byte[]> read) {
        return read.stream().map(PlantedFaultHooksTest::index).toList();
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().toList();
    }

    private static List<Integer> concat(List<Integer> a, List<Integer> b) {
        List<Integer> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void lose_everyHundredFirstMessageDropped_theNextReturnedInItsPlace() {
        try (MessagePipe pipe = Core.instance().createMessagePipe()) {
            write(pipe, 2 * PERIOD + 5);

            List<Integer> read = indices(readAll(new PlantedFaults("lose"), pipe));

            // Message 100, the 101st counted, is skipped (101 returned in its place); the skipped message
            // is not counted, so message 202 is the 202nd counted and is skipped too.
            List<Integer> expected = new ArrayList<>(range(0, 2 * PERIOD + 5));
            expected.remove(Integer.valueOf(2 * PERIOD));
            expected.remove(Integer.valueOf(PERIOD - 1));
            assertThat(read).isEqualTo(expected);
        }
    }

    @Test
    void dup_everyHundredFirstMessageReturnedTwice() {
        try (MessagePipe pipe = Core.instance().createMessagePipe()) {
            write(pipe, PERIOD + 3);

            List<Integer> read = indices(readAll(new PlantedFaults("dup"), pipe));

            assertThat(read).isEqualTo(concat(range(0, PERIOD), range(PERIOD - 1, PERIOD + 3)));
        }
    }

    @Test
    void reorder_everyHundredFirstMessageSwappedWithTheNext() {
        try (MessagePipe pipe = Core.instance().createMessagePipe()) {
            write(pipe, PERIOD + 3);

            List<Integer> read = indices(readAll(new PlantedFaults("reorder"), pipe));

            List<Integer> expected = new ArrayList<>(range(0, PERIOD + 3));
            expected.set(PERIOD - 1, PERIOD);
            expected.set(PERIOD, PERIOD - 1);
            assertThat(read).isEqualTo(expected);
        }
    }

    @Test
    void reorder_hitMessageIsTheLast_returnedInPlace() {
        try (MessagePipe pipe = Core.instance().createMessagePipe()) {
            write(pipe, PERIOD);

            assertThat(indices(readAll(new PlantedFaults("reorder"), pipe))).isEqualTo(range(0, PERIOD));
        }
    }

    @Test
    void corrupt_everyHundredFirstMessageHasItsMiddleByteFlipped() {
        try (MessagePipe pipe = Core.instance().createMessagePipe()) {
            write(pipe, PERIOD + 1);

            List<byte[]> read = readAll(new PlantedFaults("corrupt"), pipe);

            assertThat(read).hasSize(PERIOD + 1);
            byte[] hit = payload(PERIOD - 1);
            hit[2] ^= 0x5a; // the middle of four bytes
            assertThat(read.get(PERIOD - 1)).containsExactly(hit);
            for (int i = 0; i < read.size(); i++) {
                if (i != PERIOD - 1) {
                    assertThat(read.get(i)).as("message %d", i).containsExactly(payload(i));
                }
            }
        }
    }

    @Test
    void readFault_messagesCarryingHandlesAreNeitherHitNorCounted() {
        try (MessagePipe pipe = Core.instance().createMessagePipe()) {
            // 100 plain messages, one carrying a handle, then one more plain message: the 101st counted.
            write(pipe, PERIOD - 1);
            MessagePipe carried = Core.instance().createMessagePipe();
            assertThat(pipe.end0().writeMessage(payload(PERIOD - 1), List.of(carried.end0()))).isEqualTo(MojoResult.OK);
            carried.end1().close();
            assertThat(pipe.end0().writeMessage(payload(PERIOD))).isEqualTo(MojoResult.OK);
            assertThat(pipe.end0().writeMessage(payload(PERIOD + 1))).isEqualTo(MojoResult.OK);

            List<Integer> read = indices(readAll(new PlantedFaults("lose"), pipe));

            List<Integer> expected = new ArrayList<>(range(0, PERIOD + 2));
            expected.remove(Integer.valueOf(PERIOD));
            assertThat(read).isEqualTo(expected);
        }
    }

    @Test
    void noReadFault_readsEverythingIntact() {
        for (String kind : List.of("", "leak", "hang")) {
            try (MessagePipe pipe = Core.instance().createMessagePipe()) {
                write(pipe, 2 * PERIOD);

                List<byte[]> read = readAll(new PlantedFaults(kind), pipe);

                assertThat(indices(read)).as("fault '%s'", kind).isEqualTo(range(0, 2 * PERIOD));
                for (int i = 0; i < read.size(); i++) {
                    assertThat(read.get(i)).as("fault '%s', message %d", kind, i).containsExactly(payload(i));
                }
            }
        }
    }

    @Test
    void leak_keepsEveryFiftyThirdValue_andOnlyLeakDoes() {
        assertThat(hits(new PlantedFaults("leak")::keepsRetiredValue, 3 * PlantedFaults.LEAK_PERIOD))
                .containsExactly(PlantedFaults.LEAK_PERIOD, 2 * PlantedFaults.LEAK_PERIOD, 3 * PlantedFaults.LEAK_PERIOD);
        for (String kind : List.of("", "hang", "lose")) {
            assertThat(hits(new PlantedFaults(kind)::keepsRetiredValue, 3 * PlantedFaults.LEAK_PERIOD)).as(kind).isEmpty();
        }
    }

    @Test
    void hang_losesEveryThirdWakeUp_andOnlyHangDoes() {
        assertThat(hits(new PlantedFaults("hang")::losesWakeUp, 9)).containsExactly(3, 6, 9);
        for (String kind : List.of("", "leak", "dup")) {
            assertThat(hits(new PlantedFaults(kind)::losesWakeUp, 9)).as(kind).isEmpty();
        }
    }

    @Test
    void noFaultPlantedInThisJvm_theStaticHooksNeverFire() {
        assertThat(PlantedFaults.READS).isFalse();
        assertThat(PlantedFaults.LEAK).isFalse();
        assertThat(PlantedFaults.HANG).isFalse();
        assertThat(hits(PlantedFaults::keepRetiredValue, 2 * PlantedFaults.LEAK_PERIOD)).isEmpty();
        assertThat(hits(PlantedFaults::loseWakeUp, 2 * PlantedFaults.HANG_PERIOD)).isEmpty();
        try (MessagePipe pipe = Core.instance().createMessagePipe()) {
            write(pipe, PERIOD + 1);
            assertThat(indices(readAll(PlantedFaults::getMessage, pipe))).isEqualTo(range(0, PERIOD + 1));
        }
    }

    @Test
    void unknownFault_rejectedNamingThePropertyAndTheFaults() {
        assertThatThrownBy(() -> new PlantedFaults("drop"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("jmojo.internal.plantedFault names no fault: 'drop' (lose, dup, reorder, corrupt, leak, hang)");
        assertThatThrownBy(() -> new PlantedFaults("lose|dup")).isInstanceOf(IllegalArgumentException.class);
    }

    /** The calls (counted from 1) out of {@code calls} at which {@code hook} answered true. */
    private static List<Integer> hits(java.util.function.BooleanSupplier hook, int calls) {
        List<Integer> at = new ArrayList<>();
        for (int i = 1; i <= calls; i++) {
            if (hook.getAsBoolean()) {
                at.add(i);
            }
        }
        return at;
    }
}

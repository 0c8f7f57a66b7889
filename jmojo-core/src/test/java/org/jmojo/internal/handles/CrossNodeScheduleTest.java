package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import org.jmojo.internal.ports.NodeName;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.ReadResult;
import org.jmojo.system.Signals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A pipe across two nodes under adversarial delivery: frames of one sending port are delivered in any
 * order (stronger than §3's model, where a link is FIFO and only concurrent writers reorder events before
 * they enter it), interleaved with writes both ways, reads and a close, under a seeded schedule that
 * replays exactly. What must hold (docs/architecture.md §3, simulation invariants, for this pipe): each end
 * reads the other's messages in the order written, each once, none lost before a close; PEER_CLOSED only
 * once every message written before the close arrived; nothing left on either node at the end.
 */
@Timeout(120)
class CrossNodeScheduleTest {
    private record Frame(NodeName from, NodeName to, byte[] bytes) {}

    private static byte[] number(int n) {
        return ByteBuffer.allocate(4).putInt(n).array();
    }

    private static int number(ReadResult r) {
        return ByteBuffer.wrap(r.message().bytes()).getInt();
    }

    @Test
    void randomSchedules_orderCompletenessAndNoLeaks() throws Exception {
        for (long seed = 0; seed < 300; seed++) {
            runSchedule(seed);
        }
    }

    private static void runSchedule(long seed) throws Exception {
        Random random = new Random(seed);
        LocalCore a = LocalCore.of(LocalCore.newNode());
        LocalCore b = LocalCore.of(LocalCore.newNode());
        List<Frame> inFlight = new ArrayList<>();
        a.attachTransport((from, to, bytes, fds) -> inFlight.add(new Frame(from, to, bytes)));
        b.attachTransport((from, to, bytes, fds) -> inFlight.add(new Frame(from, to, bytes)));
        MessagePipe pipe = a.createMessagePipeTo(b);
        MessagePipeEndpoint onA = pipe.end0();
        MessagePipeEndpoint onB = pipe.end1();
        int writtenByA = 0;
        int writtenByB = 0;
        int readOnB = 0;
        int readOnA = 0;
        boolean aClosed = false;
        String where = "seed " + seed;
        int steps = 20 + random.nextInt(200);
        for (int step = 0; step < steps; step++) {
            switch (random.nextInt(6)) {
                case 0, 1 -> {
                    if (!aClosed) {
                        assertThat(onA.writeMessage(number(writtenByA))).as(where).isEqualTo(MojoResult.OK);
                        writtenByA++;
                    }
                }
                case 2 -> {
                    if (onB.writeMessage(number(writtenByB)) == MojoResult.OK) {
                        writtenByB++;
                    }
                }
                case 3 -> {
                    if (!inFlight.isEmpty()) {
                        deliver(a, b, inFlight.remove(random.nextInt(inFlight.size())));
                    }
                }
                case 4 -> {
                    ReadResult r = onB.readMessage();
                    if (r.result() == MojoResult.OK) {
                        assertThat(number(r)).as(where).isEqualTo(readOnB);
                        readOnB++;
                    }
                    if (!aClosed) {
                        ReadResult back = onA.readMessage();
                        if (back.result() == MojoResult.OK) {
                            assertThat(number(back)).as(where).isEqualTo(readOnA);
                            readOnA++;
                        }
                    }
                }
                default -> {
                    if (!aClosed && random.nextInt(8) == 0) {
                        onA.close();
                        aClosed = true;
                    }
                }
            }
            if (onB.querySignalsState().satisfied().containsAll(Signals.PEER_CLOSED)) {
                // Complete: every message A wrote before closing is here.
                assertThat(aClosed).as(where).isTrue();
                readOnB = drain(onB, readOnB, where);
                assertThat(readOnB).as(where).isEqualTo(writtenByA);
            }
        }
        if (!aClosed) {
            onA.close();
        }
        while (!inFlight.isEmpty()) {
            deliver(a, b, inFlight.remove(random.nextInt(inFlight.size())));
        }
        assertThat(onB.querySignalsState().satisfied().containsAll(Signals.PEER_CLOSED)).as(where).isTrue();
        readOnB = drain(onB, readOnB, where);
        assertThat(readOnB).as(where).isEqualTo(writtenByA);
        onB.close();
        while (!inFlight.isEmpty()) {
            deliver(a, b, inFlight.remove(random.nextInt(inFlight.size())));
        }
        assertThat(a.portCount()).as(where).isZero();
        assertThat(b.portCount()).as(where).isZero();
    }

    private static void deliver(LocalCore a, LocalCore b, Frame f) throws Exception {
        (f.to().equals(a.nodeName()) ? a : b).acceptEvent(f.from(), f.bytes());
    }

    /** Reads every queued message, checking order; returns the new count read. */
    private static int drain(MessagePipeEndpoint end, int read, String where) {
        ReadResult r;
        while ((r = end.readMessage()).result() == MojoResult.OK) {
            assertThat(number(r)).as(where).isEqualTo(read);
            read++;
        }
        assertThat(r.result()).as(where).isEqualTo(MojoResult.FAILED_PRECONDITION);
        return read;
    }

    /**
     * Concurrent writers on one endpoint forward their events after releasing the port lock, so frames may
     * enter the link out of control-sequence order; delivered in the order they were handed over, every
     * message is processed, and each writer's messages are read in the order it wrote them.
     */
    @Test
    void concurrentWriters_framesInHandOverOrder_allProcessedEachWritersOrderKept() throws Exception {
        LocalCore a = LocalCore.of(LocalCore.newNode());
        LocalCore b = LocalCore.of(LocalCore.newNode());
        List<Frame> link = new ArrayList<>();
        a.attachTransport((from, to, bytes, fds) -> {
            synchronized (link) {
                link.add(new Frame(from, to, bytes));
            }
        });
        List<Frame> back = new ArrayList<>();
        b.attachTransport((from, to, bytes, fds) -> back.add(new Frame(from, to, bytes)));
        MessagePipe pipe = a.createMessagePipeTo(b);
        int writers = 4;
        int perWriter = 2_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                for (int i = 0; i < perWriter; i++) {
                    assertThat(pipe.end0().writeMessage(number(writer * perWriter + i))).isEqualTo(MojoResult.OK);
                }
            }));
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        List<Frame> frames;
        synchronized (link) {
            frames = List.copyOf(link);
        }
        assertThat(frames).hasSize(writers * perWriter);
        for (Frame f : frames) {
            b.acceptEvent(f.from(), f.bytes());
        }
        int[] next = new int[writers];
        for (int i = 0; i < writers * perWriter; i++) {
            int n = number(pipe.end1().readMessage());
            int writer = n / perWriter;
            assertThat(n % perWriter).isEqualTo(next[writer]);
            next[writer]++;
        }
        assertThat(pipe.end1().readMessage().result()).isEqualTo(MojoResult.SHOULD_WAIT);
        assertThat(back).isEmpty();
        pipe.end1().close();
        assertThat(back).hasSize(1); // the closure, to a port that closes next
        pipe.end0().close();
    }
}

package org.jmojo.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jmojo.internal.multinode.Nodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Core#fuseMessagePipes} racing writes, reads and closes on other threads: whatever the interleaving,
 * nothing is lost, duplicated or reordered, a race with the fused ends themselves takes effect wholly before
 * or wholly after the fuse, and no port or handle is left. Each round starts every thread from one latch and
 * lets each spin a seeded random number of times first, so that the fuse lands at different points.
 */
@Timeout(120)
class FuseRaceTest {
    private static final int ROUNDS = 300;
    private static final int PER_WRITER = 200;

    private static byte[] number(int n) {
        return ByteBuffer.allocate(4).putInt(n).array();
    }

    private static int number(Message m) {
        return ByteBuffer.wrap(m.bytes()).getInt();
    }

    private static void spin(int times) {
        for (int i = 0; i < times; i++) {
            Thread.onSpinWait();
        }
    }

    private static Thread start(List<Throwable> failures, CountDownLatch go, Runnable body) {
        return Thread.ofPlatform().start(() -> {
            try {
                go.await();
                body.run();
            } catch (Throwable t) {
                synchronized (failures) {
                    failures.add(t);
                }
            }
        });
    }

    /**
     * A and B write streams while a reader drains {@code a} and the fuse runs; one more thread writes once
     * through {@code b}, and sometimes A closes. Checks: {@code a}'s reader got a prefix of A's stream and B
     * the rest, in order; A got B's stream whole (or, if {@code b}'s write won, the fuse was refused and
     * everything stayed on its pipe); the fuse and {@code b}'s write are never both taken.
     */
    @Test
    void fuseRacingWritesReadsAndCloses_nothingLostDuplicatedOrReordered() throws Exception {
        SplittableRandom seeds = new SplittableRandom(20261207);
        Core core = Nodes.newNode();
        int fused = 0;
        int refused = 0;
        for (int round = 0; round < ROUNDS; round++) {
            SplittableRandom r = seeds.split();
            MessagePipe left = core.createMessagePipe(); // A = end0, a = end1
            MessagePipe right = core.createMessagePipe(); // b = end0, B = end1
            MessagePipeEndpoint endA = left.end0();
            MessagePipeEndpoint endB = right.end1();
            boolean closeA = r.nextInt(4) == 0;
            int[] delays = r.ints(5, 0, 2_000).toArray();
            List<Throwable> failures = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            AtomicReference<MojoException> fuseRefusal = new AtomicReference<>();
            AtomicReference<MojoResult> bWrite = new AtomicReference<>();
            List<Integer> readAtA0 = new ArrayList<>();
            AtomicInteger aWrites = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            threads.add(start(failures, go, () -> {
                spin(delays[0]);
                for (int i = 0; i < PER_WRITER; i++) {
                    if (closeA && i == PER_WRITER / 2) {
                        endA.close();
                        return;
                    }
                    assertThat(endA.writeMessage(number(i))).isEqualTo(MojoResult.OK);
                    aWrites.incrementAndGet();
                }
            }));
            threads.add(start(failures, go, () -> {
                spin(delays[1]);
                for (int i = 0; i < PER_WRITER; i++) {
                    // Once fused with a closed A (or fused and A closed), B's peer is closed.
                    MojoResult w = endB.writeMessage(number(i));
                    assertThat(w).isEqualTo(closeA && w != MojoResult.OK ? MojoResult.FAILED_PRECONDITION : MojoResult.OK);
                    if (w != MojoResult.OK) {
                        return;
                    }
                }
            }));
            threads.add(start(failures, go, () -> {
                spin(delays[2]);
                while (true) {
                    ReadResult res;
                    try {
                        res = left.end1().readMessage();
                    } catch (InvalidHandleException e) {
                        return; // fused: closed
                    } catch (MojoException e) {
                        assertThat(e.result()).isEqualTo(MojoResult.BUSY); // the fuse is running
                        continue;
                    }
                    if (res.isOk()) {
                        readAtA0.add(number(res.message()));
                    } else if (res.result() == MojoResult.FAILED_PRECONDITION) {
                        return; // A closed and everything it wrote was read here
                    } else if (fuseRefusal.get() != null) {
                        return; // the fuse was refused: nothing more to race with
                    }
                }
            }));
            threads.add(start(failures, go, () -> {
                spin(delays[3]);
                try {
                    bWrite.set(right.end0().writeMessage(number(-1)));
                } catch (InvalidHandleException e) {
                    bWrite.set(MojoResult.CANCELLED); // stands for "closed by the fuse first"
                } catch (MojoException e) {
                    assertThat(e.result()).isEqualTo(MojoResult.BUSY);
                    bWrite.set(MojoResult.BUSY);
                }
            }));
            threads.add(start(failures, go, () -> {
                spin(delays[4]);
                try {
                    core.fuseMessagePipes(left.end1(), right.end0());
                } catch (MojoException e) {
                    fuseRefusal.set(e);
                }
            }));
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            assertThat(failures).as("round %d", round).isEmpty();
            MojoException refusal = fuseRefusal.get();
            if (refusal == null) {
                fused++;
                assertThat(bWrite.get()).as("round %d: b's write after the fuse", round)
                        .isIn(MojoResult.CANCELLED, MojoResult.BUSY);
                // a's reader took a prefix of A's stream; B has the rest, in order, then A's closure if any.
                List<Integer> atB = drain(endB);
                List<Integer> all = new ArrayList<>(readAtA0);
                all.addAll(atB);
                assertThat(all).as("round %d: A's stream, read at a then at B", round).isEqualTo(range(aWrites.get()));
                assertThat(endB.querySignalsState().satisfied().containsAll(Signals.PEER_CLOSED))
                        .as("round %d: B sees A's close", round).isEqualTo(closeA);
                if (!closeA) {
                    assertThat(drain(endA)).as("round %d: B's stream at A", round).isEqualTo(range(PER_WRITER));
                } else {
                    assertThat(endA.isValid()).isFalse();
                }
            } else {
                refused++;
                // Only b's write can make the fuse fail, and then it was b's write that was taken.
                assertThat(refusal.result()).as("round %d: %s", round, refusal.getMessage())
                        .isEqualTo(MojoResult.FAILED_PRECONDITION);
                assertThat(bWrite.get()).isEqualTo(MojoResult.OK);
                List<Integer> atB = drain(endB);
                assertThat(atB).first().isEqualTo(-1);
                assertThat(atB.subList(1, atB.size())).isEmpty();
                List<Integer> restAtA0 = drain(left.end1());
                List<Integer> all = new ArrayList<>(readAtA0);
                all.addAll(restAtA0);
                assertThat(all).isEqualTo(range(aWrites.get()));
                if (!closeA) {
                    assertThat(drain(right.end0())).isEqualTo(range(PER_WRITER));
                }
            }
            left.close();
            right.close();
            assertThat(Nodes.liveHandleCount(core)).as("round %d: handles left", round).isZero();
            assertThat(Nodes.portCount(core)).as("round %d: ports left", round).isZero();
        }
        System.out.printf("fuse race: %d rounds fused, %d refused (b's write first)%n", fused, refused);
        // The fuse won at least some races (b's write winning depends on timing: 56 of 300 rounds on a
        // loaded 2-CPU machine).
        assertThat(fused).isPositive();
        assertThat(refused + fused).isEqualTo(ROUNDS);
    }

    private static List<Integer> drain(MessagePipeEndpoint end) {
        List<Integer> got = new ArrayList<>();
        ReadResult r;
        while ((r = end.readMessage()).isOk()) {
            got.add(number(r.message()));
        }
        return got;
    }

    private static List<Integer> range(int n) {
        List<Integer> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            l.add(i);
        }
        return l;
    }
}

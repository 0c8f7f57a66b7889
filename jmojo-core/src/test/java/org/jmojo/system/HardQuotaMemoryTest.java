package org.jmojo.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@link QuotaPolicy#HARD} quota bounds what an unread queue can hold: a writer that keeps writing
 * is stopped with {@code RESOURCE_EXHAUSTED}, then sees {@code PEER_CLOSED}, and the queue never holds
 * more than the limit. Asserted through the API's queue counters and signals, not through the GC.
 * {@link HardQuotaMemoryCrossNodeTest} runs it with the writer on another node, where the overrunning write
 * returns {@code OK} and the next one finds the pipe broken.
 */
@Timeout(60)
class HardQuotaMemoryTest extends PlacedPipes {
    private static final long LIMIT_BYTES = 64 * 1024;
    private static final int MESSAGE_BYTES = 1024;

    @Test
    void hardByteQuota_writerNeverStops_queueBoundedAndPipeBreaks() {
        try (MessagePipe p = nodes.createMessagePipe()) {
            p.end1().setReceiveQuota(ReceiveQuota.bytes(LIMIT_BYTES, QuotaPolicy.HARD));
            byte[] m = new byte[MESSAGE_BYTES];
            int accepted = 0;
            MojoResult last = MojoResult.OK;
            for (int i = 0; i < 10_000 && last == MojoResult.OK; i++) {
                last = p.end0().writeMessage(m);
                if (last == MojoResult.OK) {
                    accepted++;
                }
                assertThat(p.end1().queuedBytes()).isLessThanOrEqualTo(LIMIT_BYTES);
            }
            // Across nodes the overrunning write returned OK and the next one found the pipe broken.
            assertThat(last).isEqualTo(nodes.crossesNodes() ? MojoResult.FAILED_PRECONDITION : MojoResult.RESOURCE_EXHAUSTED);
            if (nodes.crossesNodes()) {
                accepted--; // the overrunning write, OK but never queued
            }
            assertThat(accepted).isEqualTo((int) (LIMIT_BYTES / MESSAGE_BYTES)); // a limit of N admits N
            assertThat(p.end1().queuedBytes()).isEqualTo(LIMIT_BYTES);

            // The pipe is broken: further writes are refused as on any closed peer, and queue nothing.
            for (int i = 0; i < 100; i++) {
                assertThat(p.end0().writeMessage(m)).isEqualTo(MojoResult.FAILED_PRECONDITION);
            }
            assertThat(p.end1().queuedBytes()).isEqualTo(LIMIT_BYTES);
            assertThat(p.end0().querySignalsState().satisfiesAll(Signals.PEER_CLOSED)).isTrue();
            assertThat(p.end0().peerClosureReason()).contains(ClosureReason.RECEIVE_QUOTA_EXCEEDED);
            assertThat(p.end1().peerClosureReason()).contains(ClosureReason.RECEIVE_QUOTA_EXCEEDED);

            // The receiver keeps everything it accepted, then sees the end.
            for (int i = 0; i < accepted; i++) {
                assertThat(p.end1().readMessage().result()).isEqualTo(MojoResult.OK);
            }
            assertThat(p.end1().readMessage().result()).isEqualTo(MojoResult.FAILED_PRECONDITION);
            assertThat(p.end1().querySignalsState().satisfiesAll(Signals.PEER_CLOSED)).isTrue();
        }
    }

    @Test
    void hardByteQuota_readerFallsBehind_queueNeverAboveLimitAndNothingLost() throws Exception {
        int readBeforeStalling = 5_000;
        int maxWrites = 200_000;
        try (MessagePipe p = nodes.createMessagePipe()) {
            p.end1().setReceiveQuota(ReceiveQuota.bytes(LIMIT_BYTES, QuotaPolicy.HARD));
            AtomicLong accepted = new AtomicLong();
            AtomicLong maxSeen = new AtomicLong();
            ConcurrentLinkedQueue<Object> outcomes = new ConcurrentLinkedQueue<>();
            CountDownLatch writerDone = new CountDownLatch(1);
            Thread writer = Thread.ofPlatform().name("quota-writer").start(() -> {
                try {
                    byte[] m = new byte[MESSAGE_BYTES];
                    MojoResult r = MojoResult.OK;
                    for (int i = 0; i < maxWrites && r == MojoResult.OK; i++) {
                        r = p.end0().writeMessage(m);
                        if (r == MojoResult.OK) {
                            accepted.incrementAndGet();
                        }
                        maxSeen.accumulateAndGet(p.end1().queuedBytes(), Math::max);
                    }
                    outcomes.add(r);
                    outcomes.add(p.end0().writeMessage(m));
                } catch (Throwable t) {
                    outcomes.add(t);
                } finally {
                    writerDone.countDown();
                }
            });
            // Keep up for a while, then stop reading so the writer must overrun the quota.
            long read = 0;
            while (read < readBeforeStalling) {
                ReadResult r = p.end1().readMessage();
                if (r.result() == MojoResult.FAILED_PRECONDITION) {
                    break; // the writer overran while this thread was still keeping up
                }
                if (r.isOk()) {
                    read++;
                } else {
                    nodes.core1().wait(p.end1(), Signals.of(Signals.READABLE, Signals.PEER_CLOSED), Deadline.INFINITE);
                }
                maxSeen.accumulateAndGet(p.end1().queuedBytes(), Math::max);
            }
            writerDone.await();
            writer.join();
            if (nodes.crossesNodes()) {
                // The overrunning write returned OK (counted in accepted) and the next one found the pipe broken.
                assertThat(outcomes).containsExactly(MojoResult.FAILED_PRECONDITION, MojoResult.FAILED_PRECONDITION);
                accepted.decrementAndGet();
            } else {
                assertThat(outcomes).containsExactly(MojoResult.RESOURCE_EXHAUSTED, MojoResult.FAILED_PRECONDITION);
            }
            while (p.end1().readMessage().isOk()) {
                read++;
            }
            assertThat(p.end1().readMessage().result()).isEqualTo(MojoResult.FAILED_PRECONDITION);
            assertThat(read).as("messages read").isEqualTo(accepted.get());
            assertThat(maxSeen.get()).isLessThanOrEqualTo(LIMIT_BYTES);
        }
    }
}

package org.jmojo.internal.ports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jmojo.internal.sync.RankedLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The lock-free readers of a port's status that find it closed wait out the close's critical section
 * before answering ({@code Node}, "Lock-free reads of a port's status").
 *
 * <p>The race this guards against (the flake of {@code MessagePipeLincheckTest}): a close publishes
 * the port's {@code CLOSED}, and then, still under the pair's lock, its peer's closure. A read of the
 * closing end that saw {@code CLOSED} in between reported "closed" at once; a read of the peer that
 * began after it had returned still found the peer open ({@code SHOULD_WAIT}), a history no
 * sequential order explains. The window between the two writes is a few instructions, so instead of
 * hitting it these tests hold the pair's lock, as the closing thread does during that window, and
 * check that a reader that finds the port closed does not answer while the lock is held. On the old
 * code the reader answered at once, without looking at the lock.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClosedStatusReadTest {
    private final NameGenerator names = new NameGenerator();
    private final NodeTest.RecordingDelegate delegate = new NodeTest.RecordingDelegate();
    private final Node node = new Node(names.nextNodeName(), delegate, names);

    {
        delegate.node = node;
    }

    @Test
    void getMessage_onAClosedPort_answersOnlyOnceTheClosingSectionEnds() throws Exception {
        PortRef[] pair = node.createPortPair();
        node.closePort(pair[0]);
        RankedLock lock = pair[0].port().lock;

        ReadOutcome outcome = whileLockHeld(lock, () -> node.getMessage(pair[0]));

        assertThat(outcome.status()).isEqualTo(ReadOutcome.Status.UNKNOWN_PORT);
        assertThat(node.getMessage(pair[1]).status()).isEqualTo(ReadOutcome.Status.PEER_CLOSED);
    }

    @Test
    void status_ofAClosedPort_answersOnlyOnceTheClosingSectionEnds() throws Exception {
        PortRef[] pair = node.createPortPair();
        node.closePort(pair[0]);
        RankedLock lock = pair[0].port().lock;

        int status = whileLockHeld(lock, () -> node.status(pair[0]));

        assertThat(status & Node.STATUS_CLOSED).isEqualTo(Node.STATUS_CLOSED);
        assertThat(node.status(pair[1]) & Node.STATUS_PEER_CLOSED).isEqualTo(Node.STATUS_PEER_CLOSED);
    }

    @Test
    void status_ofAnOpenPort_doesNotWaitForItsLock() throws Exception {
        PortRef[] pair = node.createPortPair();
        RankedLock lock = pair[0].port().lock;
        lock.lock();
        try {
            // Answered on another thread while this one holds the lock: the open port's status is lock-free.
            int status = CompletableFuture.supplyAsync(() -> node.status(pair[0])).get(20, TimeUnit.SECONDS);
            assertThat(status & Node.STATUS_CLOSED).isZero();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code read} on another thread while this thread holds {@code lock}; checks the reader queues
     * on the lock instead of answering, then releases the lock and returns the reader's answer.
     */
    private static <T> T whileLockHeld(RankedLock lock, Supplier<T> read) throws Exception {
        CompletableFuture<Thread> readerThread = new CompletableFuture<>();
        CompletableFuture<T> answer;
        lock.lock();
        try {
            answer = CompletableFuture.supplyAsync(() -> {
                readerThread.complete(Thread.currentThread());
                return read.get();
            });
            Thread reader = readerThread.get(20, TimeUnit.SECONDS);
            // Either outcome ends this loop: the reader parks on the lock (the rule holds), or answers.
            while (!answer.isDone() && !lock.isQueued(reader)) {
                Thread.onSpinWait();
            }
            assertThat(answer.isDone())
                    .as("a reader that found the port closed answered while the close's lock was held")
                    .isFalse();
        } finally {
            lock.unlock();
        }
        return answer.get(20, TimeUnit.SECONDS);
    }
}

package org.jmojo.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many threads pass the writing ends of several pipes among themselves while writing into them; a
 * reader per pipe checks that nothing is lost, duplicated or reordered.
 *
 * <p>Each data pipe's writing endpoint is held by one thread at a time. The holder writes a burst of
 * messages tagged (pipe, seq, writer), then sends the endpoint, together with the next sequence number,
 * to a random thread's inbox. Because a transfer is itself ordered after the writes that precede it,
 * the reader must see seq 0, 1, 2, … with no gap, whichever threads wrote them. After a fixed number of
 * hops the last holder closes the endpoint, and the reader's final read must be
 * {@code FAILED_PRECONDITION} with exactly the expected count. Bounded loops, no sleeps.
 */
@Timeout(120)
class EndpointTransferStressTest {
    private static final int THREADS = 4;
    private static final int PIPES = 4;
    private static final int HOPS = 500;
    private static final int BURST = 20;

    private final Core core = Core.instance();

    @Test
    void writersPassingEndpoints_everyPipeReadsAllMessagesOnceInOrder() throws Exception {
        run(false);
    }

    /**
     * As above, but each hand-over is nested: the writing endpoint goes into the queue of a fresh
     * "envelope" pipe, and the envelope's reading end is what travels to the next thread, which reads
     * the writing endpoint out of it. Messages keep arriving while the endpoint is two levels deep.
     */
    @Test
    void writersPassingEndpointsInsideEnvelopes_everyPipeReadsAllMessagesOnceInOrder() throws Exception {
        run(true);
    }

    private void run(boolean envelopes) throws Exception {
        List<MessagePipe> data = new ArrayList<>();
        List<MessagePipe> inboxes = new ArrayList<>();
        for (int i = 0; i < PIPES; i++) {
            data.add(core.createMessagePipe());
        }
        for (int t = 0; t < THREADS; t++) {
            inboxes.add(core.createMessagePipe());
        }
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger liveWriters = new AtomicInteger(PIPES);
        long[] readCounts = new long[PIPES];
        CyclicBarrier start = new CyclicBarrier(THREADS + PIPES + 1);
        List<Thread> threads = new ArrayList<>();

        for (int i = 0; i < PIPES; i++) {
            int pipe = i;
            threads.add(Thread.ofPlatform().name("reader-" + pipe).start(() -> {
                try {
                    start.await();
                    readCounts[pipe] = readAll(data.get(pipe).end1(), pipe);
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        for (int t = 0; t < THREADS; t++) {
            int self = t;
            threads.add(Thread.ofPlatform().name("writer-" + self).start(() -> {
                try {
                    start.await();
                    relay(self, inboxes, liveWriters, envelopes);
                } catch (Throwable th) {
                    failures.add(th);
                    // Unblock everyone so the test reports the failure instead of hanging.
                    inboxes.forEach(p -> p.end0().close());
                }
            }));
        }
        // Hand every writing endpoint to a first thread, with seq 0 and its whole hop budget.
        for (int i = 0; i < PIPES; i++) {
            MessagePipeEndpoint cargo = envelopes ? envelope(data.get(i).end0()) : data.get(i).end0();
            MojoResult r = inboxes.get(i % THREADS).end0().writeMessage(token(i, 0, HOPS), List.of(cargo));
            assertThat(r).isEqualTo(MojoResult.OK);
        }
        start.await();
        for (Thread th : threads) {
            th.join();
        }
        assertThat(failures).isEmpty();
        for (int i = 0; i < PIPES; i++) {
            assertThat(readCounts[i]).as("messages read from pipe %d", i).isEqualTo((long) (HOPS + 1) * BURST);
            data.get(i).close();
        }
        inboxes.forEach(MessagePipe::close);
    }

    /** A writer thread: takes endpoints from its inbox, writes a burst into each, and passes it on. */
    private void relay(int self, List<MessagePipe> inboxes, AtomicInteger liveWriters, boolean envelopes) {
        MessagePipeEndpoint inbox = inboxes.get(self).end1();
        SplittableRandom random = new SplittableRandom(self);
        while (true) {
            ReadResult r = inbox.readMessage();
            if (r.result() == MojoResult.SHOULD_WAIT) {
                MojoResult w = core.wait(inbox, Signals.of(Signals.READABLE, Signals.PEER_CLOSED), Deadline.INFINITE).result();
                assertThat(w).isIn(MojoResult.OK, MojoResult.FAILED_PRECONDITION);
                continue;
            }
            if (r.result() == MojoResult.FAILED_PRECONDITION) {
                return; // every writing endpoint is closed and the inboxes were shut
            }
            ByteBuffer t = ByteBuffer.wrap(r.message().bytes());
            int pipe = t.getInt();
            int seq = t.getInt();
            int hopsLeft = t.getInt();
            MessagePipeEndpoint writer = r.message().handle(0, MessagePipeEndpoint.class);
            if (envelopes) {
                try (MessagePipeEndpoint envelope = writer) {
                    // What was queued in the envelope follows it, but may still be on its way when the
                    // envelope itself is read on another thread (the sender finishes forwarding it).
                    assertThat(core.wait(envelope, Signals.READABLE, Deadline.INFINITE).result()).isEqualTo(MojoResult.OK);
                    ReadResult inner = envelope.readMessage();
                    assertThat(inner.result()).as("envelope content").isEqualTo(MojoResult.OK);
                    assertThat(core.wait(envelope, Signals.PEER_CLOSED, Deadline.INFINITE).result()).isEqualTo(MojoResult.OK);
                    assertThat(envelope.readMessage().result()).as("envelope after its content")
                            .isEqualTo(MojoResult.FAILED_PRECONDITION);
                    writer = inner.message().handle(0, MessagePipeEndpoint.class);
                }
            }
            for (int k = 0; k < BURST; k++) {
                ByteBuffer m = ByteBuffer.allocate(12).putInt(pipe).putInt(seq++).putInt(self);
                assertThat(writer.writeMessage(m.array())).isEqualTo(MojoResult.OK);
            }
            if (hopsLeft == 0) {
                writer.close();
                if (liveWriters.decrementAndGet() == 0) {
                    inboxes.forEach(p -> p.end0().close());
                }
                continue;
            }
            MessagePipeEndpoint next = inboxes.get(random.nextInt(THREADS)).end0();
            MessagePipeEndpoint cargo = envelopes ? envelope(writer) : writer;
            MojoResult sent = next.writeMessage(token(pipe, seq, hopsLeft - 1), List.of(cargo));
            assertThat(sent).isEqualTo(MojoResult.OK);
            assertThat(writer.isValid()).isFalse();
            assertThat(cargo.isValid()).isFalse();
        }
    }

    /** Reads one data pipe until its writer closes; returns how many messages arrived. */
    private long readAll(MessagePipeEndpoint reader, int pipe) {
        int expected = 0;
        while (true) {
            ReadResult r = reader.readMessage();
            switch (r.result()) {
                case OK -> {
                    ByteBuffer m = ByteBuffer.wrap(r.message().bytes());
                    assertThat(m.getInt()).as("pipe tag").isEqualTo(pipe);
                    int seq = m.getInt();
                    int writer = m.getInt();
                    assertThat(seq).as("seq on pipe %d (written by writer-%d)", pipe, writer).isEqualTo(expected);
                    expected++;
                }
                case SHOULD_WAIT -> core.wait(reader, Signals.of(Signals.READABLE, Signals.PEER_CLOSED), Deadline.INFINITE);
                case FAILED_PRECONDITION -> {
                    return expected;
                }
                default -> throw new AssertionError("unexpected read result on pipe " + pipe + ": " + r.result());
            }
        }
    }

    /** A new pipe whose reading end holds {@code writer} in its queue and whose other end is closed. */
    private MessagePipeEndpoint envelope(MessagePipeEndpoint writer) {
        MessagePipe envelope = core.createMessagePipe();
        assertThat(envelope.end0().writeMessage(new byte[0], List.of(writer))).isEqualTo(MojoResult.OK);
        envelope.end0().close(); // its queue lives on in the other end, which travels
        return envelope.end1();
    }

    private static byte[] token(int pipe, int seq, int hopsLeft) {
        return ByteBuffer.allocate(12).putInt(pipe).putInt(seq).putInt(hopsLeft).array();
    }
}

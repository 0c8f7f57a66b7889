package org.jmojo.examples;

import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import org.jmojo.bindings.Bytes;
import org.jmojo.bindings.PendingReceiver;
import org.jmojo.bindings.PendingRemote;
import org.jmojo.bindings.Receiver;
import org.jmojo.bindings.Remote;
import org.jmojo.bindings.StreamSender;
import org.jmojo.examples.upload.FileSink;
import org.jmojo.system.Core;
import org.jmojo.system.MessagePipe;

/**
 * A streaming upload with flow control ({@code upload.mojom}): {@code ./jmojo example upload}.
 *
 * <p>The client writes chunks as fast as it can through a {@link StreamSender}; each {@code Write}
 * is answered once the chunk is stored, and the answer carries the sink's window: how many
 * unacknowledged chunks it takes now (at most {@value #WINDOW}, fewer while its storage lags). The
 * sender keeps no more chunks in flight than the last window said: at the bound its next
 * {@code write} blocks until an acknowledgement makes room, so the sink never holds more than
 * {@value #WINDOW} unstored chunks however slow its storage is, and the client's memory stays
 * bounded too. This is Cap'n Proto's {@code -> stream} pattern (the window travels with the
 * responses) on an ordinary Mojom method; the remote's in-flight bound stays as a backstop.
 */
public final class UploadExample {

    /** The most unacknowledged chunks: the sink's largest window. */
    static final int WINDOW = 8;

    private UploadExample() {}

    /**
     * The sink. {@link #write} runs on the receiver's sequence and hands the chunk to the storage
     * thread, which acknowledges it; the counters are atomics because both threads touch them, and
     * the checksum is touched by the storage thread only.
     */
    static final class SinkService implements FileSink, AutoCloseable {
        /** One thread, so chunks are stored in order. */
        private final ExecutorService storage = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "upload-storage");
            t.setDaemon(true);
            return t;
        });
        /** Permits for the storage thread: one per chunk it may store; unlimited unless a test holds it back. */
        final Semaphore storagePermits;
        final AtomicInteger received = new AtomicInteger();
        final AtomicInteger unacknowledged = new AtomicInteger();
        final AtomicInteger maxUnacknowledged = new AtomicInteger();
        /** Written by the storage thread only (Finish reads it through the same thread). */
        private final CRC32 crc = new CRC32();
        private long bytes;
        private int chunks;

        SinkService(Semaphore storagePermits) {
            this.storagePermits = storagePermits;
        }

        /** Answers once the chunk is stored, with the window: the room left for unstored chunks (at least 1). */
        @Override
        public CompletableFuture<Integer> write(Bytes chunk) {
            received.incrementAndGet();
            maxUnacknowledged.accumulateAndGet(unacknowledged.incrementAndGet(), Math::max);
            return CompletableFuture.supplyAsync(() -> {
                storagePermits.acquireUninterruptibly();
                crc.update(chunk.asByteBuffer());
                bytes += chunk.size();
                chunks++;
                int waiting = unacknowledged.decrementAndGet();
                return Math.max(1, WINDOW - waiting);
            }, storage);
        }

        @Override
        public CompletableFuture<FinishResponse> finish() {
            // Queued behind every stored chunk, on the storage thread.
            return CompletableFuture.supplyAsync(() -> new FinishResponse(bytes, chunks, (int) crc.getValue()), storage);
        }

        @Override
        public void close() {
            storage.shutdownNow();
        }
    }

    /** What the client saw. */
    record Result(FileSink.FinishResponse finish, long expectedCrc32, int maxInFlightSeen) {}

    /**
     * Writes {@code chunkCount} chunks of {@code chunkSize} bytes through {@code sink}, with the window
     * the sink's answers carry (starting at {@value #WINDOW}), then finishes.
     */
    static Result upload(Remote<FileSink> sink, int chunkCount, int chunkSize) throws Exception {
        return upload(sink, stream(sink), chunkCount, chunkSize);
    }

    /** The stream of {@code Write} calls: one window unit per chunk, the window each answer carries. */
    static StreamSender<Bytes, Integer> stream(Remote<FileSink> sink) {
        return StreamSender.create(chunk -> sink.get().write(chunk), chunk -> 1, WINDOW,
                window -> Integer.toUnsignedLong(window));
    }

    /** {@link #upload(Remote, int, int)} through {@code chunks}, a {@link #stream} of {@code sink}. */
    static Result upload(Remote<FileSink> sink, StreamSender<Bytes, Integer> chunks, int chunkCount, int chunkSize)
            throws Exception {
        CRC32 expected = new CRC32();
        byte[] chunk = new byte[chunkSize];
        int maxSeen = 0;
        for (int i = 0; i < chunkCount; i++) {
            for (int j = 0; j < chunkSize; j++) {
                chunk[j] = (byte) (i * 31 + j);
            }
            expected.update(chunk);
            chunks.write(Bytes.copyOf(chunk)); // blocks while the window is full
            maxSeen = Math.max(maxSeen, sink.inFlight());
        }
        chunks.finish().get(); // every chunk acknowledged
        return new Result(sink.get().finish().get(), expected.getValue(), maxSeen);
    }

    /**
     * A sink bound to one end of a pipe and a remote on the other, whose in-flight bound (the
     * window's largest value) backs the stream's window up.
     */
    record Connection(Receiver<FileSink> receiver, Remote<FileSink> remote) implements AutoCloseable {
        static Connection open(SinkService service) {
            MessagePipe pipe = Core.instance().createMessagePipe();
            return new Connection(Receiver.bind(new PendingReceiver<>(FileSink.DESCRIPTOR, pipe.end1()), service),
                    Remote.bind(new PendingRemote<>(FileSink.DESCRIPTOR, pipe.end0()),
                            Remote.Options.defaults().withMaxInFlight(WINDOW, Remote.Overflow.WAIT)));
        }

        @Override
        public void close() {
            remote.close();
            receiver.close();
        }
    }

    static Result run(PrintStream out) throws Exception {
        try (SinkService service = new SinkService(new Semaphore(Integer.MAX_VALUE));
                Connection c = Connection.open(service)) {
            int chunks = 2_000;
            int size = 16 * 1024;
            Result r = upload(c.remote(), chunks, size);
            out.printf("uploaded %,d chunks, %,d bytes; the sink stored %,d chunks, %,d bytes%n", chunks,
                    (long) chunks * size, r.finish().chunks(), r.finish().bytes());
            out.printf("crc32 sent %08x, stored %08x%n", r.expectedCrc32(), r.finish().crc32());
            out.printf("window at most %d, carried by the sink's answers: the client had at most %d writes in flight, "
                    + "the sink at most %d unstored chunks%n", WINDOW, r.maxInFlightSeen(),
                    service.maxUnacknowledged.get());
            return r;
        }
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}

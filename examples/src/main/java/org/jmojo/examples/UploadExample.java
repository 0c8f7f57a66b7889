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
import org.jmojo.examples.upload.FileSink;
import org.jmojo.system.Core;
import org.jmojo.system.MessagePipe;

/**
 * A streaming upload with flow control ({@code upload.mojom}): {@code ./jmojo example upload}.
 *
 * <p>The client writes chunks as fast as it can; each {@code Write} has an empty response that the
 * sink sends once the chunk is stored. The client's {@link Remote} bounds the calls in flight
 * ({@link Remote.Options#withMaxInFlight}, here {@value #WINDOW}): at the bound the next
 * {@code write} blocks until an acknowledgement frees a slot, so the sink never holds more than
 * {@value #WINDOW} unstored chunks however slow its storage is, and the client's memory stays
 * bounded too. The responses carry the window, as in Cap'n Proto's {@code -> stream} methods; jmojo
 * has no separate streaming method kind, so the window is the remote's in-flight bound.
 */
public final class UploadExample {

    /** The most unacknowledged chunks. */
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

        @Override
        public CompletableFuture<Void> write(Bytes chunk) {
            received.incrementAndGet();
            maxUnacknowledged.accumulateAndGet(unacknowledged.incrementAndGet(), Math::max);
            return CompletableFuture.runAsync(() -> {
                storagePermits.acquireUninterruptibly();
                crc.update(chunk.asByteBuffer());
                bytes += chunk.size();
                chunks++;
                unacknowledged.decrementAndGet();
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

    /** Writes {@code chunkCount} chunks of {@code chunkSize} bytes through {@code sink}, then finishes. */
    static Result upload(Remote<FileSink> sink, int chunkCount, int chunkSize) throws Exception {
        CRC32 expected = new CRC32();
        byte[] chunk = new byte[chunkSize];
        int maxSeen = 0;
        for (int i = 0; i < chunkCount; i++) {
            for (int j = 0; j < chunkSize; j++) {
                chunk[j] = (byte) (i * 31 + j);
            }
            expected.update(chunk);
            sink.get().write(Bytes.copyOf(chunk)); // blocks while WINDOW writes await their acknowledgement
            maxSeen = Math.max(maxSeen, sink.inFlight());
        }
        return new Result(sink.get().finish().get(), expected.getValue(), maxSeen);
    }

    /** A sink bound to one end of a pipe and a remote with a window of {@value #WINDOW} on the other. */
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
            out.printf("window %d: the client had at most %d writes in flight, the sink at most %d unstored chunks%n",
                    WINDOW, r.maxInFlightSeen(), service.maxUnacknowledged.get());
            return r;
        }
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}

package org.jmojo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jmojo.bindings.Bytes;
import org.jmojo.bindings.StreamSender;
import org.jmojo.examples.kv.Watcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The examples behind {@code ./jmojo example NAME}: each runs and does what it prints. */
class BindingsExamplesTest {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);

    private String log() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    @Timeout(60)
    void echo_answers_with_what_it_was_sent() throws Exception {
        assertThat(EchoExample.run(out)).isEqualTo("two");
        assertThat(log()).contains("echo answered: hello, jmojo", "echo answered: one, two",
                "the service implements version 0 of jmojo.examples.echo.Echo");
    }

    @Test
    @Timeout(120)
    void echo_ipc_theChildAnswersEachCall_andExitsWhenTheRemoteCloses() throws Exception {
        int status = EchoAcrossProcessesExample.run(out);
        assertThat(status).as(log()).isZero();
        long parent = ProcessHandle.current().pid();
        assertThat(log())
                .containsPattern("launched child pid (\\d+), which serves jmojo.examples.echo.Echo")
                .containsPattern("echo answered: hello, child \\(from pid \\d+\\)")
                .containsPattern("echo answered: one \\(from pid \\d+\\), two \\(from pid \\d+\\)")
                .containsPattern("child \\d+ exited with status 0")
                .doesNotContain("(from pid " + parent + ")");
    }

    @Test
    @Timeout(120)
    void files_theClientReadsTheFileThroughTheDescriptorItReceived_andBadNamesGetNone() throws Exception {
        List<String> answers = FilesExample.run(out);
        assertThat(answers).as(log()).containsExactly(
                "read through the received descriptor: Hello from a file the child opened.",
                "no descriptor: there is no file missing.txt",
                "no descriptor: ../hello.txt is outside the served directory");
        assertThat(log()).containsPattern("child \\d+ exited with status 0");
    }
    @Test
    @Timeout(60)
    void kv_store_watcher_called_before_the_store_had_it_reports_the_watched_changes_in_order() throws Exception {
        List<Watcher.NextChangeResponse> changes = KeyValueStoreExample.run(out);
        assertThat(changes).containsExactly(new Watcher.NextChangeResponse("color", "blue"),
                new Watcher.NextChangeResponse("color", "green"));
        assertThat(log()).contains("asked the watcher for two changes before the store has it",
                "get color: green, get shape: null");
    }

    @Test
    @Timeout(60)
    void upload_stores_every_byte_in_order() throws Exception {
        UploadExample.Result r = UploadExample.run(out);
        assertThat(r.finish().chunks()).isEqualTo(2_000);
        assertThat(r.finish().bytes()).isEqualTo(2_000L * 16 * 1024);
        assertThat(Integer.toUnsignedLong(r.finish().crc32())).isEqualTo(r.expectedCrc32());
        assertThat(r.maxInFlightSeen()).isBetween(1, UploadExample.WINDOW);
    }

    /** Runs {@code upload} on a thread of its own, the client the tests watch block; its outcome goes to {@code result}. */
    private static Thread startClient(Callable<UploadExample.Result> upload,
            CompletableFuture<UploadExample.Result> result) {
        return Thread.ofPlatform().name("upload-client").start(() -> {
            try {
                result.complete(upload.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
    }

    /**
     * With the sink's storage stopped, the client writes until the window is full and then blocks:
     * the sink has exactly {@value UploadExample#WINDOW} chunks and no more, however long the client
     * is left blocked. Without the bound the client would run through all its chunks.
     */
    @Test
    @Timeout(60)
    void upload_client_blocks_when_the_window_is_full_until_the_sink_acknowledges() throws Exception {
        withStorageStopped((storage, service, c) -> {
            CompletableFuture<UploadExample.Result> result = new CompletableFuture<>();
            Thread client = startClient(() -> UploadExample.upload(c.remote(), 100, 1024), result);
            // The client parks in the 9th write once 8 are in flight, whatever order the two
            // observations below happen in; nothing is acknowledged while storage holds no permits.
            while (client.getState() != Thread.State.WAITING || c.remote().inFlight() < UploadExample.WINDOW
                    || service.received.get() < UploadExample.WINDOW) {
                assertThat(result).as("the upload cannot finish with storage stopped").isNotDone();
                Thread.onSpinWait();
            }
            assertThat(c.remote().inFlight()).isEqualTo(UploadExample.WINDOW);
            c.remote().flush().get(30, TimeUnit.SECONDS); // everything sent so far has reached the sink
            assertThat(service.received.get()).isEqualTo(UploadExample.WINDOW);
            assertThat(result).isNotDone();

            storage.release(Integer.MAX_VALUE / 2);
            UploadExample.Result r = result.get(30, TimeUnit.SECONDS);
            assertThat(r.finish().chunks()).isEqualTo(100);
            assertThat(service.maxUnacknowledged.get()).isEqualTo(UploadExample.WINDOW);
        });
    }

    /**
     * The window travels with the answers: with 8 chunks unstored, the sink stores one and answers
     * with a window of 1 (seven are still waiting), so the client, though a slot is free, sends
     * nothing more until the sink catches up. With a fixed window it would send a ninth chunk.
     */
    @Test
    @Timeout(60)
    void upload_window_shrinks_when_an_answer_says_the_sink_is_behind() throws Exception {
        withStorageStopped((storage, service, c) -> {
            StreamSender<Bytes, Integer> chunks = UploadExample.stream(c.remote());
            CompletableFuture<UploadExample.Result> result = new CompletableFuture<>();
            Thread client = startClient(() -> UploadExample.upload(c.remote(), chunks, 100, 1024), result);
            while (client.getState() != Thread.State.WAITING || chunks.inFlight() < UploadExample.WINDOW
                    || service.received.get() < UploadExample.WINDOW) {
                assertThat(result).as("the upload cannot finish with storage stopped").isNotDone();
                Thread.onSpinWait();
            }
            storage.release(1); // one chunk stored: its answer says the window is 8 - 7 = 1
            while (chunks.inFlight() != UploadExample.WINDOW - 1) {
                Thread.onSpinWait();
            }
            assertThat(chunks.window()).isEqualTo(1);
            c.remote().flush().get(30, TimeUnit.SECONDS); // whatever the client sent has reached the sink
            assertThat(service.received.get()).as("no chunk sent past the window the answer carried")
                    .isEqualTo(UploadExample.WINDOW);
            assertThat(result).isNotDone();

            storage.release(Integer.MAX_VALUE / 2);
            UploadExample.Result r = result.get(30, TimeUnit.SECONDS);
            assertThat(r.finish().chunks()).isEqualTo(100);
            assertThat(Integer.toUnsignedLong(r.finish().crc32())).isEqualTo(r.expectedCrc32());
        });
    }

    /** A test body that gets a sink whose storage holds no permits yet, and the connection to it. */
    @FunctionalInterface
    private interface StoppedSinkTest {
        void run(Semaphore storage, UploadExample.SinkService service, UploadExample.Connection c) throws Exception;
    }

    /** Runs {@code test} against a sink whose storage is stopped until the test releases permits. */
    private static void withStorageStopped(StoppedSinkTest test) throws Exception {
        Semaphore storage = new Semaphore(0);
        try (UploadExample.SinkService service = new UploadExample.SinkService(storage);
                UploadExample.Connection c = UploadExample.Connection.open(service)) {
            test.run(storage, service, c);
        }
    }
}

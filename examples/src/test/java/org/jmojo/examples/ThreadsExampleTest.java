package org.jmojo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ThreadsExampleTest {
    @Test
    @Timeout(60)
    void threadsExample_runsToTheEnd_exitZeroAndBothSidesSeePeerClosed() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int status;
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(out);
            status = new ThreadsExample().run();
        } finally {
            System.setOut(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8).replaceAll(" +", " "); // ignore column padding
        assertThat(status).as(log).isZero();
        assertThat(log)
                .contains("[service] after the write, my object for the sent end is valid? false")
                .contains("[client] read 'here is a private pipe' with 1 handle attached")
                .contains("Q: echoed 30,000 messages, then read -> FAILED_PRECONDITION")
                .contains("[service] signals on Q: PEER_CLOSED")
                .contains("[client] wait(P, PEER_CLOSED) -> OK, signals PEER_CLOSED")
                .contains("[client] read on P now -> FAILED_PRECONDITION, write on P -> FAILED_PRECONDITION")
                .containsPattern("10,000 round trips of 64 bytes over Q: median [0-9.]+ µs, p99 [0-9.]+ µs");
    }
}

package org.jmojo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code ./jmojo example ipc} runs to its end with real child JVMs and prints each step of the parent. */
class IpcExampleTest {
    @Test
    @Timeout(120)
    void ipcExample_killedChildsPipe_peerClosedAfterWhatArrived() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int status;
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            status = new IpcExample(out).run();
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(status).as(log).isZero();
        assertThat(log)
                .containsPattern("\\[parent pid \\d+\\] launched a child JVM \\(pid \\d+\\)")
                .containsPattern("killed the child \\(pid \\d+\\) with SIGKILL after 1000 of its messages")
                .containsPattern("read \\d+ messages in all from it, then: signals .*PEER_CLOSED.*, reason PEER_LOST");
    }
}

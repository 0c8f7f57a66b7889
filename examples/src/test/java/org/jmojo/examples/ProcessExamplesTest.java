package org.jmojo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code ./jmojo example echo-ipc} and {@code files}: Mojom services in a real child JVM. */
class ProcessExamplesTest {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);

    private String log() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    @Timeout(120)
    void echoIpc_theChildAnswersEachCall_andExitsWhenTheRemoteCloses() throws Exception {
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
}

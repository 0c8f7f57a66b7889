package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leak detector ({@link LeakDetector}): a handle object dropped while its handle is open gets its
 * handle closed (the peer sees PEER_CLOSED, the memory returns) and is reported through
 * {@link System.Logger}, with the creation site when {@code -Dorg.jmojo.handleLeaks=trace} asks.
 *
 * <p>Each case runs {@link LeakScenarios} in a fresh JVM, so the leak count and the rationed reports
 * start from zero and no other test's garbage is in the heap.
 */
class LeakDetectorTest {
    private record Run(Map<String, String> values, String err) {
        String get(String key) {
            assertThat(values).as("the scenario printed %s (stderr: %s)", key, err).containsKey(key);
            return values.get(key);
        }
    }

    private static Run scenario(String mode, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "--enable-native-access=ALL-UNNAMED",
                "-D" + LeakDetector.PROPERTY + "=" + mode,
                "-cp", System.getProperty("java.class.path"),
                LeakScenarios.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("leak", ".out");
        Path err = Files.createTempFile("leak", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("the scenario ends").isTrue();
            String errText = Files.readString(err, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("exit status; stderr: %s", errText).isZero();
            Map<String, String> values = new LinkedHashMap<>();
            for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    values.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return new Run(values, errText);
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }

    private static int reports(String err) {
        Matcher m = Pattern.compile("became unreachable while open").matcher(err);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void droppedEndpoint_closed_peerSeesPeerClosed_reportedOnce_withTheTraceHint() throws Exception {
        Run r = scenario("report", "drop-one");

        assertThat(r.get("peerClosed")).isEqualTo("true");
        assertThat(r.get("othersCollected")).isEqualTo("true");
        // Only the open endpoint leaked: the sent, passed and closed objects held nothing.
        assertThat(r.get("leaked")).isEqualTo("1");
        assertThat(r.get("passedStillOpen")).isEqualTo("true");
        assertThat(reports(r.err())).isEqualTo(1);
        assertThat(r.err()).contains("WARNING: handle=" + r.get("dropped") + " (MESSAGE_PIPE_ENDPOINT) became "
                + "unreachable while open; jmojo closes it (its peer now sees PEER_CLOSED). Leaked handles closed "
                + "so far: 1.", "-Dorg.jmojo.handleLeaks=trace")
                .doesNotContain("was created here");
    }

    @Test
    void droppedPlatformHandle_closedWithItsDescriptor_reported(@TempDir Path dir) throws Exception {
        Run r = scenario("report", "drop-platform", dir.resolve("leaked.txt").toString());

        assertThat(r.get("fdClosed")).isEqualTo("true");
        assertThat(r.get("leaked")).isEqualTo("1");
        assertThat(r.err()).contains("WARNING: handle=" + r.get("dropped") + " (PLATFORM_HANDLE) became unreachable"
                + " while open; jmojo closes it (and its file descriptor).");
    }

    @Test
    void trace_reportNamesWhereTheHandleObjectWasCreated() throws Exception {
        Run r = scenario("trace", "drop-one");

        assertThat(r.get("peerClosed")).isEqualTo("true");
        assertThat(r.get("leaked")).isEqualTo("1");
        assertThat(reports(r.err())).isEqualTo(1);
        assertThat(r.err()).contains("handle=" + r.get("dropped") + " (MESSAGE_PIPE_ENDPOINT) became unreachable",
                "the handle object was created here",
                "at org.jmojo.system.Core.createMessagePipe",
                "at org.jmojo.internal.handles.LeakScenarios.createAndDropEnd0");
    }

    @Test
    void off_droppedEndpointStaysOpen_andNothingIsReported() throws Exception {
        Run r = scenario("off", "drop-one");

        assertThat(r.get("peerClosed")).isEqualTo("false");
        assertThat(r.get("leaked")).isEqualTo("0");
        assertThat(r.err()).doesNotContain("became unreachable");
    }

    /**
     * 200,000 pipes dropped without a close: every handle and port is released again and the heap
     * returns to where it was. Before the leak detector the same program kept about 227 MB after a full
     * collection (this machine, JDK 25, G1). The reports are rationed to the powers of two.
     */
    @Test
    void twoHundredThousandDroppedPipes_allReleased_heapReturns() throws Exception {
        int pipes = 200_000;
        Run r = scenario("report", "drop-pipes", Integer.toString(pipes));

        assertThat(r.get("handlesLeft")).isEqualTo("0");
        assertThat(r.get("portsLeft")).isEqualTo("0");
        assertThat(Long.parseLong(r.get("leaked"))).isEqualTo(2L * pipes);
        long retained = Long.parseLong(r.get("heapAfter")) - Long.parseLong(r.get("heapBefore"));
        System.out.printf("200,000 dropped pipes: heap %.1f MB before, %.1f MB after they were collected "
                + "(%.1f MB retained), %s GC rounds%n", Long.parseLong(r.get("heapBefore")) / 1e6,
                Long.parseLong(r.get("heapAfter")) / 1e6, retained / 1e6, r.get("gcRounds"));
        // Generous: a pipe that stayed open held over 1 KB, so 200,000 of them held over 200 MB.
        assertThat(retained).as("bytes retained after all were collected").isLessThan(20_000_000L);
        // 400,000 leaks, reported at 1, 2, 4, ..., 262,144: 19 lines, not 400,000.
        assertThat(reports(r.err())).isEqualTo(19);
    }
}

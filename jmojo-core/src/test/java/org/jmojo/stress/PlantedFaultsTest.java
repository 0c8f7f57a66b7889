package org.jmojo.stress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The stress test catches bugs: each of six deliberate bugs is planted in jmojo-core (through the hook
 * of {@code org.jmojo.internal.handles.PlantedFaults}, active only in a JVM started with its system
 * property) and the stress test, run in such a JVM through its command-line entry point, must report it
 * under the right heading, with the command that reruns the failing seed, and exit with status 1.
 */
@Timeout(300)
class PlantedFaultsTest {
    private static final String PROPERTY = "jmojo.internal.plantedFault";

    /** What a run of {@link StressMain} in its own JVM printed, and its exit status. */
    private record Run(int status, String output) {}

    /** A stress JVM, writing to a file (a pipe could fill up and stall it before it exits). */
    private record Child(Process process, Path output) {}

    private static Child start(String fault, int timeoutSeconds) throws IOException {
        return start(fault, timeoutSeconds, true);
    }

    private static Child start(String fault, int timeoutSeconds, boolean stopAtFirstFailure) throws IOException {
        return start(fault, timeoutSeconds, stopAtFirstFailure, 1);
    }

    private static Child start(String fault, int timeoutSeconds, boolean stopAtFirstFailure, int nodes)
            throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + PROPERTY + "=" + fault,
                "-Xmx512m",
                "-cp", classPath,
                StressMain.class.getName(),
                "--seeds", "30",
                "--from", "1",
                "--ops-scale", "0.15",
                "--timeout", Integer.toString(timeoutSeconds)));
        if (stopAtFirstFailure) {
            command.add("--stop-at-first-failure");
        }
        if (nodes > 1) {
            command.addAll(List.of("--nodes", Integer.toString(nodes)));
        }
        Path output = Files.createTempFile("jmojo-planted-" + fault + "-", ".txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        return new Child(p, output);
    }

    private static Run finish(Child c) throws Exception {
        boolean ended = c.process().waitFor(120, TimeUnit.SECONDS);
        String output = Files.readString(c.output(), StandardCharsets.UTF_8);
        Files.delete(c.output());
        assertThat(ended).as("the stress JVM ended; its output:%n%s", output).isTrue();
        return new Run(c.process().exitValue(), output);
    }

    private static void assertReported(Run run, String fault, String heading) {
        assertThat(run.status()).as("exit status with %s planted; output:%n%s", fault, run.output()).isEqualTo(1);
        assertThat(run.output()).as("report with %s planted", fault)
                .contains(heading)
                .containsPattern("rerun: \\./jmojo stress --seeds 1 --from \\d+");
    }

    @Test
    void everyPlantedFault_reportedUnderItsHeadingWithARerunCommand() throws Exception {
        // The hang takes the watchdog's whole time: start it first, run the others meanwhile.
        Child hang = start("hang", 8);
        String[][] faults = {
            {"lose", "[lost]"},
            {"dup", "[duplicate]"},
            {"corrupt", "[corrupt]"},
            {"leak", "[leak]"},
        };
        for (String[] f : faults) {
            assertReported(finish(start(f[0], 60)), f[0], f[1]);
        }
        // A message held back by the planted reorder is returned at the endpoint's next read; when the
        // reader closes or sends the endpoint first, the seed shows a gap ([lost]) instead of an
        // inversion. So every seed runs, and at least one must report the inversion as such.
        assertReported(finish(start("reorder", 60, false)), "reorder", "[order]");
        Run hung = finish(hang);
        assertReported(hung, "hang", "HANG: not finished after 8 s");
        assertThat(hung.output()).contains("---- thread dump ----").contains("stress-").contains("parked on");
    }

    /**
     * The variant with pipes spread over three nodes checks as much: a planted loss and a planted leak are
     * reported, and the rerun command names the nodes.
     */
    @Test
    void plantedFaults_pipesSpreadOverNodes_reportedWithARerunCommandNamingTheNodes() throws Exception {
        for (String[] f : new String[][] {{"lose", "[lost]"}, {"leak", "[leak]"}}) {
            Run run = finish(start(f[0], 60, true, 3));
            assertReported(run, f[0], f[1]);
            assertThat(run.output()).containsPattern("rerun: \\./jmojo stress --seeds 1 --from \\d+ --nodes 3");
        }
    }
}

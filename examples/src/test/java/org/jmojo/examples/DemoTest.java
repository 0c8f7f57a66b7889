package org.jmojo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jmojo.system.OutgoingInvitation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code ./jmojo demo}: its main runs in a JVM of its own (as the launcher runs it), the children print to the same
 * stdout, and the test reads the whole output.
 */
class DemoTest {
    private static final Pattern WHO = Pattern.compile("^\\[(parent|child A|child B) pid (\\d+)\\] ", Pattern.MULTILINE);

    @Test
    @Timeout(180)
    void demo_threeProcesses_fileThroughDescriptor_movingPipeInOrder_exitZero() throws Exception {
        Process demo = new ProcessBuilder(OutgoingInvitation.javaCommand(Demo.class.getName()))
                .redirectErrorStream(true).start();
        String log = readAll(demo);
        assertThat(demo.waitFor(120, TimeUnit.SECONDS)).as(log).isTrue();
        assertThat(demo.exitValue()).as(log).isZero();

        // Every line names a process and its pid; three processes, three different pids.
        assertThat(log.lines()).as(log).allMatch(line -> WHO.matcher(line).find());
        Set<String> roles = new LinkedHashSet<>();
        Set<String> pids = new LinkedHashSet<>();
        Matcher who = WHO.matcher(log);
        while (who.find()) {
            if (roles.add(who.group(1))) {
                pids.add(who.group(2));
            }
        }
        assertThat(roles).as(log).containsExactlyInAnyOrder("parent", "child A", "child B");
        assertThat(pids).as(log).hasSize(3);
        assertThat(pids).as(log).contains(String.valueOf(demo.pid()));

        // The file's content arrived through the descriptor (the parent checks equality; the line shows it).
        Matcher wrote = Pattern.compile("a line the parent \\(pid (\\d+)\\) wrote at \\S+").matcher(log);
        assertThat(wrote.find()).as(log).isTrue();
        assertThat(wrote.group(1)).isEqualTo(String.valueOf(demo.pid()));
        assertThat(log).contains("child A answers on the second pipe: through the descriptor I read: " + wrote.group());

        // The moving pipe: A and B each checked their share of the numbered messages for order.
        assertThat(log)
                .contains("got M; read messages 0..99 on it in order; handing M on to child B")
                .contains("got M from child A; read messages 100..299 on it in order")
                .containsPattern("child B answers on M itself: child B \\(pid \\d+\\) read messages 100..299 in order")
                .containsPattern("median [0-9.]+ µs of 1,000 .*an illustration")
                .contains("both children exited with status 0");
        // The steps in the order the protocol forces.
        assertThat(log).containsSubsequence(List.of("invited it with one pipe", "child A answers: hello, parent",
                "child A answers on the second pipe", "joined: a third process", "read messages 0..99",
                "read messages 100..299", "child B answers on M itself", "both children exited", "round trip"));
        assertThat(log.strip().lines().reduce((first, second) -> second)).as("the last line")
                .hasValueSatisfying(last -> assertThat(last).contains("round trip", "median"));
    }

    private static String readAll(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}

package org.jmojo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps README.md's "Tour of the API" compiling, running and identical to {@link ApiTour}. */
class ApiTourTest {
    private static final Path SOURCE = Path.of("src/test/java/org/jmojo/examples/ApiTour.java");
    private static final Path README = Path.of("../README.md");
    private static final String SECTION = "## Tour of the API";

    @Test
    void tour_runs_printsWhatItsCommentsSay() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(out);
            ApiTour.run();
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8).lines()).containsExactlyElementsOf(ApiTour.EXPECTED_OUTPUT);
    }

    @Test
    void readmeTourBlock_equalsMarkedRegionOfApiTour() throws IOException {
        assertThat(readmeBlock()).isEqualTo(markedRegion());
    }

    /** The lines between the tour markers, with their common indentation removed. */
    private static List<String> markedRegion() throws IOException {
        List<String> lines = Files.readAllLines(SOURCE);
        int begin = indexOfTrimmed(lines, "// tour:begin", 0, SOURCE);
        int end = indexOfTrimmed(lines, "// tour:end", begin, SOURCE);
        List<String> region = lines.subList(begin + 1, end);
        int indent = region.stream()
                .filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length())
                .min()
                .orElse(0);
        List<String> out = new ArrayList<>();
        for (String l : region) {
            out.add(l.isBlank() ? "" : l.substring(indent));
        }
        return out;
    }

    /** The first ```java block after the tour's heading in README.md. */
    private static List<String> readmeBlock() throws IOException {
        List<String> lines = Files.readAllLines(README);
        int heading = indexOfTrimmed(lines, SECTION, 0, README);
        int open = indexOfTrimmed(lines, "```java", heading, README);
        int close = indexOfTrimmed(lines, "```", open + 1, README);
        return lines.subList(open + 1, close);
    }

    private static int indexOfTrimmed(List<String> lines, String wanted, int from, Path file) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(wanted)) {
                return i;
            }
        }
        throw new AssertionError(file + " has no line '" + wanted + "' after line " + (from + 1));
    }
}

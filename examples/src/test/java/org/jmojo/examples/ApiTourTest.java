package org.jmojo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps README.md's "Tour of the API" compiling, running and identical to {@link ApiTour}. */
class ApiTourTest {
    private static final Path SOURCE = Path.of("src/test/java/org/jmojo/examples/ApiTour.java");
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
        assertThat(ReadmeBlocks.block(SECTION, "```java"))
                .isEqualTo(ReadmeBlocks.markedRegion(SOURCE, "// tour:begin", "// tour:end"));
    }
}

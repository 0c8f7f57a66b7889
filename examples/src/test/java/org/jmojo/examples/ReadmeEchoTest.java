package org.jmojo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Keeps README.md's echo service true: its {@code .mojom} block is {@code echo.mojom}, and its Java
 * block is the marked region of {@link EchoExample}, which {@code BindingsExamplesTest} runs.
 */
class ReadmeEchoTest {
    private static final String SECTION = "## Interfaces: from `.mojom` to a call";

    @Test
    void readmeMojomBlock_isEchoMojom() throws IOException {
        assertThat(ReadmeBlocks.block(SECTION, "```mojom"))
                .isEqualTo(Files.readAllLines(Path.of("src/main/mojom/org/jmojo/examples/echo.mojom")));
    }

    @Test
    void readmeJavaBlock_equalsMarkedRegionOfEchoExample() throws IOException {
        // The first Java block sketches the generated interface; the second is the example.
        assertThat(ReadmeBlocks.block(SECTION, "```java", 1)).isEqualTo(ReadmeBlocks.markedRegion(
                Path.of("src/main/java/org/jmojo/examples/EchoExample.java"), "// readme:begin", "// readme:end"));
    }
}

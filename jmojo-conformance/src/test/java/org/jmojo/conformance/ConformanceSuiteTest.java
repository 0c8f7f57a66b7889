package org.jmojo.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One dynamic test per case of {@code shared/conformance/validation} and
 * {@code shared/conformance/golden}, each named with its expected outcome.
 *
 * <p>{@code shared/} is found through the system property {@code jmojo.shared.dir} (set by the
 * pom to {@code ../../shared} from this module), else beside the repository root; a missing
 * directory fails the suite instead of silently running nothing.
 */
class ConformanceSuiteTest {

    static Path sharedDir() {
        String property = System.getProperty("jmojo.shared.dir");
        Path dir = property != null ? Path.of(property) : Path.of("..", "..", "shared");
        if (!Files.isDirectory(dir.resolve("conformance"))) {
            throw new IllegalStateException("shared/conformance not found at " + dir.toAbsolutePath()
                    + ": clone the shared specs and cases beside the repository root, or set -Djmojo.shared.dir");
        }
        return dir;
    }

    private static Stream<DynamicTest> casesOf(String subdir) throws IOException {
        return casesIn(sharedDir().resolve("conformance").resolve(subdir));
    }

    private static Stream<DynamicTest> casesIn(Path dir) throws IOException {
        List<ConformanceCase> cases = ConformanceRunner.discover(dir);
        assertThat(cases).as("cases in " + dir).isNotEmpty();
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name() + " expects " + c.expected(), () -> {
            CaseResult result = c.run();
            assertThat(result.passed()).as(result.line()).isTrue();
        }));
    }

    @TestFactory
    Stream<DynamicTest> validationCases() throws IOException {
        return casesOf("validation");
    }

    @TestFactory
    Stream<DynamicTest> goldenCases() throws IOException {
        return casesOf("golden");
    }

    /** Rules the shared data does not exercise (conformance README §5), in src/test/resources. */
    @TestFactory
    Stream<DynamicTest> extraValidationCases() throws IOException, java.net.URISyntaxException {
        return casesIn(Path.of(ConformanceSuiteTest.class.getResource("/extra-validation").toURI()));
    }

    /** Golden encodings derived by hand from wire-format.md for what shared/ lacks, in src/test/resources. */
    @TestFactory
    Stream<DynamicTest> extraGoldenCases() throws IOException, java.net.URISyntaxException {
        return casesIn(Path.of(ConformanceSuiteTest.class.getResource("/golden-extra").toURI()));
    }
}

package org.jmojo.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One dynamic test per case of the validation and golden directories of {@link ChromiumData} (and
 * of the hand-written extra directories beside them), each named with its expected outcome. A
 * missing directory fails the suite instead of silently running nothing.
 */
class ConformanceSuiteTest {

    private static Stream<DynamicTest> casesOf(String subdir) throws IOException {
        return casesIn(ChromiumData.dir().resolve(subdir));
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

    /** Rules Chromium's data does not exercise, in src/test/resources/extra-validation. */
    @TestFactory
    Stream<DynamicTest> extraValidationCases() throws IOException, java.net.URISyntaxException {
        return casesIn(Path.of(ConformanceSuiteTest.class.getResource("/extra-validation").toURI()));
    }

    /** Golden encodings derived by hand from docs/wire-format.md for what Chromium's cases lack, in src/test/resources. */
    @TestFactory
    Stream<DynamicTest> extraGoldenCases() throws IOException, java.net.URISyntaxException {
        return casesIn(Path.of(ConformanceSuiteTest.class.getResource("/golden-extra").toURI()));
    }
}

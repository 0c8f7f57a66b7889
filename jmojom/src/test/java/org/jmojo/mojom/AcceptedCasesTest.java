package org.jmojo.mojom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jmojo.mojom.model.CompilationResult;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The accepting side of each rule: {@code accepted/<case>.mojom}, compiled with the accepted
 * directory as import root and the features {@code is_linux} and {@code use_extra} on, has no
 * errors, and its warnings are exactly the lines of {@code <case>.err} (usually none). The
 * rejecting side is {@link ErrorCasesTest}; {@link ChromiumRulesTest} pairs them by rule. Run with
 * {@code -Djmojom.updateGolden=true} to rewrite the {@code .err} files after a deliberate change.
 */
class AcceptedCasesTest {
    static final Set<String> FEATURES = Set.of("is_linux", "use_extra");

    static CompilationResult compile(Path dir, Path file) {
        return MojomCompiler.compile(List.of(file), List.of(dir), FEATURES);
    }

    @TestFactory
    List<DynamicTest> acceptedCase_noErrors_warningsMatchErrFile() {
        Path dir = TestFiles.resourceDir("accepted");
        List<Path> files = TestFiles.mojomFiles(dir);
        assertThat(files).hasSizeGreaterThanOrEqualTo(40);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            CompilationResult r = compile(dir, f);
            List<String> actual = TestFiles.diagnostics(dir, r);
            TestFiles.updateErrFile("accepted", f, actual);
            assertThat(r.errors()).as("errors of %s", f.getFileName()).isEmpty();
            assertThat(actual).isEqualTo(TestFiles.read(TestFiles.sibling(f, ".err")).lines().toList());
        })).collect(Collectors.toList());
    }
}

package org.jmojo.mojom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jmojo.mojom.model.CompilationResult;
import org.jmojo.mojom.model.Diagnostic;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * One case per error rule: {@code errors/<case>.mojom}, compiled with the errors directory as
 * import root, must produce exactly the diagnostics in {@code <case>.err} (file name, line,
 * column, severity and message). Run with {@code -Djmojom.updateGolden=true} to rewrite the
 * {@code .err} files after a deliberate change, then read the diff.
 */
class ErrorCasesTest {

    static List<String> diagnostics(Path dir, Path file) {
        return TestFiles.diagnostics(dir, MojomCompiler.compile(List.of(file), List.of(dir), Set.of()));
    }

    @TestFactory
    List<DynamicTest> errorCase_diagnostics_matchErrFile() {
        Path dir = TestFiles.resourceDir("errors");
        List<Path> files = TestFiles.mojomFiles(dir);
        assertThat(files).hasSizeGreaterThanOrEqualTo(60);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            List<String> actual = diagnostics(dir, f);
            TestFiles.updateErrFile("errors", f, actual);
            List<String> expected = TestFiles.read(TestFiles.sibling(f, ".err")).lines().toList();
            assertThat(actual).isEqualTo(expected);
            assertThat(actual).anyMatch(line -> line.contains(": error: "));
        })).collect(Collectors.toList());
    }

    @Test
    void threeErrors_allReported_withPositions() {
        Path dir = TestFiles.resourceDir("errors");
        CompilationResult r = MojomCompiler.compile(List.of(dir.resolve("three_errors.mojom")), List.of(), Set.of());
        assertThat(r.errors()).hasSize(3);
        assertThat(r.errors()).extracting(d -> d.position().line() + ":" + d.position().column())
                .containsExactly("4:3", "8:7", "12:4");
        assertThat(r.errors()).extracting(Diagnostic::message).satisfiesExactly(
                m -> assertThat(m).contains("unknown type 'Unknown'"),
                m -> assertThat(m).contains("out of the int32 range"),
                m -> assertThat(m).contains("[Sync]").contains("response"));
        assertThat(r.hasErrors()).isTrue();
        // The broken definitions are left out; nothing else is lost.
        assertThat(r.definitions()).isEmpty();
    }

    @Test
    void badInputs_neverThrow_butReportErrors() {
        String[] sources = {"", "module", "struct", "struct S {", "[", "enum E { A = }", "interface I { M(",
            "const int32 k = ;", "struct S { array< > a; };", "union U { int32 a@; };", "\u0000", "/*"};
        for (String src : sources) {
            CompilationResult r = MojomCompiler.compileSource(Path.of("t.mojom"), src, List.of(), Set.of());
            if (!src.isEmpty()) {
                assertThat(r.hasErrors()).as("source %s", src).isTrue();
                assertThat(r.errors().getFirst().position().line()).isEqualTo(1);
            }
        }
    }
}

package org.jmojo.mojom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jmojo.mojom.model.CompilationResult;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden tests over the corpus in {@code src/test/resources/parse}: each {@code X.mojom} is
 * compiled (import root: the corpus directory; features {@code is_linux} and {@code use_extra})
 * and its model dump plus diagnostics must equal {@code X.expected}. Run with
 * {@code -Djmojom.updateGolden=true} to rewrite the expected files after a deliberate change.
 */
class ParseGoldenTest {
    static final Set<String> FEATURES = Set.of("is_linux", "use_extra");

    static String render(Path dir, Path file) {
        CompilationResult r = MojomCompiler.compile(List.of(file), List.of(dir), FEATURES);
        StringBuilder sb = new StringBuilder();
        r.files().forEach(f -> sb.append(ModelDump.dump(f)));
        sb.append("-- diagnostics\n");
        TestFiles.diagnostics(dir, r).forEach(d -> sb.append(d).append('\n'));
        return sb.toString();
    }

    @TestFactory
    List<DynamicTest> corpusFile_dump_matchesExpected() {
        Path dir = TestFiles.resourceDir("parse");
        List<Path> files = TestFiles.mojomFiles(dir);
        assertThat(files).hasSizeGreaterThanOrEqualTo(7);
        boolean update = Boolean.getBoolean("jmojom.updateGolden");
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            String actual = render(dir, f);
            Path expected = TestFiles.sibling(f, ".expected");
            if (update) {
                Path src = TestFiles.sourceResourceDir("parse").resolve(expected.getFileName());
                Files.writeString(src, actual);
            }
            assertThat(Files.exists(expected)).as("expected file %s", expected).isTrue();
            assertThat(actual).isEqualTo(TestFiles.read(expected));
        })).collect(Collectors.toList());
    }

    @Test
    void corpus_everyFile_compilesWithoutErrors() {
        Path dir = TestFiles.resourceDir("parse");
        CompilationResult r = MojomCompiler.compile(TestFiles.mojomFiles(dir), List.of(dir), FEATURES);
        assertThat(r.errors()).isEmpty();
        assertThat(r.files()).hasSize(TestFiles.mojomFiles(dir).size());
        assertThat(r.importedFiles()).extracting(f -> f.importName())
                .containsExactlyInAnyOrder("imported/shared_types.mojom", "imported/deep/colors.mojom");
    }

    @Test
    void conditional_featuresOff_selectsTheOtherBranches() throws IOException {
        Path dir = TestFiles.resourceDir("parse");
        CompilationResult r = MojomCompiler.compile(
                List.of(dir.resolve("conditional.mojom")), List.of(dir), Set.of("is_win"));
        // With is_win on, the import of a missing file is enabled and must be reported.
        assertThat(r.errors()).singleElement().satisfies(d -> {
            assertThat(d.message()).contains("does/not/exist.mojom");
            assertThat(d.position().line()).isEqualTo(5);
        });
        assertThat(r.definition("test.cond.OnWindows")).isPresent();
        assertThat(r.definition("test.cond.OnLinux")).isEmpty();
        assertThat(r.definition("test.cond.kNotLinux")).isPresent();
        assertThat(r.struct("test.cond.Twin").fields()).extracting(f -> f.name()).containsExactly("a");
        assertThat(r.struct("test.cond.Mixed").fields()).extracting(f -> f.name())
                .containsExactly("always", "windows_only", "no_extra");
        assertThat(r.enumDef("test.cond.Platform").values()).extracting(v -> v.name())
                .containsExactly("WINDOWS", "ALWAYS");
    }
}

package org.jmojo.mojom.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jmojo.mojom.Main;
import org.jmojo.mojom.MojomCompiler;
import org.jmojo.mojom.TestFiles;
import org.jmojo.mojom.model.CompilationResult;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Pairs of files under {@code src/test/resources/compat}: {@code X.old.mojom} and
 * {@code X.new.mojom} must produce exactly the lines of {@code X.expected} (paths relative to the
 * directory); an empty expected file means the change is compatible.
 */
class CompatCheckerTest {

    private static CompilationResult compile(Path file) {
        CompilationResult r = MojomCompiler.compile(List.of(file), List.of(), Set.of());
        assertThat(r.errors()).as("errors in %s", file).isEmpty();
        return r;
    }

    private static List<String> cases() throws IOException {
        try (Stream<Path> files = Files.list(TestFiles.resourceDir("compat"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".old.mojom"))
                    .map(n -> n.substring(0, n.length() - ".old.mojom".length())).sorted().toList();
        }
    }

    @TestFactory
    List<DynamicTest> pair_issues_matchExpected() throws IOException {
        Path dir = TestFiles.resourceDir("compat");
        List<String> cases = cases();
        assertThat(cases).contains("compatible", "field_removed", "struct_changes", "interface_changes",
                "enum_union_changes");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c, () -> {
            List<CompatIssue> issues = CompatChecker.check(compile(dir.resolve(c + ".old.mojom")),
                    compile(dir.resolve(c + ".new.mojom")));
            String prefix = dir + dir.getFileSystem().getSeparator();
            List<String> actual = issues.stream().map(i -> i.toString().replace(prefix, "")).toList();
            List<String> expected = Files.readAllLines(dir.resolve(c + ".expected")).stream()
                    .filter(l -> !l.isBlank()).toList();
            assertThat(actual).containsExactlyElementsOf(expected);
        })).collect(Collectors.toList());
    }

    @Test
    void check_sameFile_noIssues() {
        Path file = TestFiles.resourceDir("compat").resolve("interface_changes.old.mojom");
        assertThat(CompatChecker.check(compile(file), compile(file))).isEmpty();
    }

    @Test
    void check_compilationWithErrors_rejected() {
        CompilationResult bad = MojomCompiler.compileSource(Path.of("bad.mojom"), "module m; struct S { X x; };",
                List.of(), Set.of());
        CompilationResult good = MojomCompiler.compileSource(Path.of("good.mojom"), "module m;", List.of(), Set.of());
        assertThatThrownBy(() -> CompatChecker.check(bad, good))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("errors");
    }

    @Test
    void command_incompatiblePair_exitOneWithOneLinePerIssue() {
        Path dir = TestFiles.resourceDir("compat");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new String[] {"check-compat", dir.resolve("field_removed.old.mojom").toString(),
                dir.resolve("field_removed.new.mojom").toString()}, new PrintWriter(out), new PrintWriter(err));
        assertThat(status).isEqualTo(1);
        assertThat(out.toString().lines().toList()).singleElement().asString()
                .contains("field_removed.new.mojom:4:8")
                .contains("field_removed.old.mojom:6:9")
                .contains("field 'second' (@1) removed");
        assertThat(err.toString()).contains("1 incompatible change(s)");
    }

    @Test
    void command_compatiblePair_exitZero() {
        Path dir = TestFiles.resourceDir("compat");
        StringWriter out = new StringWriter();
        int status = Main.run(new String[] {"check-compat", dir.resolve("compatible.old.mojom").toString(),
                dir.resolve("compatible.new.mojom").toString()}, new PrintWriter(out), new PrintWriter(new StringWriter()));
        assertThat(status).isZero();
        assertThat(out.toString()).startsWith("compatible:");
    }

    @Test
    void command_fileWithErrors_exitOneWithDiagnostics(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Path bad = Files.writeString(tmp.resolve("bad.mojom"), "module m; struct S { Missing x; };");
        StringWriter err = new StringWriter();
        int status = Main.run(new String[] {"check-compat", bad.toString(), bad.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).contains("bad.mojom:1:").contains("cannot compare");
    }

    @Test
    void command_missingArgument_usageError() {
        int status = Main.run(new String[] {"check-compat", "only.mojom"}, new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        assertThat(status).isEqualTo(2);
    }
}

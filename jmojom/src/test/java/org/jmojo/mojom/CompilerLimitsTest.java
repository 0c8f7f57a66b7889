package org.jmojo.mojom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import org.jmojo.mojom.gen.JavaSourceGenerator;
import org.jmojo.mojom.model.CompilationResult;
import org.jmojo.mojom.model.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression tests for the inputs a mutation fuzzer once crashed or hung the compiler with (issue
 * 12, item 10), at the sizes it found them: each now gets a located error, or compiles and
 * generates. They are built here because they are too large to keep as case files; the small
 * crash kinds (non-ASCII digits, NUL in paths, Java attribute values, name clashes) are cases in
 * {@code errors/}.
 */
class CompilerLimitsTest {

    private static final Path NAME = Path.of("limits.mojom");

    private static CompilationResult compile(String text) {
        return MojomCompiler.compileSource(NAME, text, List.of(), Set.of());
    }

    /** Asserts exactly one diagnostic, an error at {@code line} whose message contains {@code part}. */
    private static void assertOneErrorAt(String text, int line, String part) {
        List<Diagnostic> ds = compile(text).diagnostics();
        assertThat(ds).hasSize(1);
        Diagnostic d = ds.getFirst();
        assertThat(d.isError()).as("%s is an error", d).isTrue();
        assertThat(d.position().file()).isEqualTo(NAME);
        assertThat(d.position().line()).as("line of %s", d).isEqualTo(line);
        assertThat(d.message()).contains(part);
    }

    private static String nested(String open, String inner, String close, int depth) {
        return open.repeat(depth) + inner + close.repeat(depth);
    }

    @Test
    void arrayNesting6000Deep_locatedError() {
        assertOneErrorAt("module m;\nstruct S { " + nested("array<", "int32", ">", 6000) + " a; };\n", 2,
                "types nest more than 32 levels deep");
    }

    @Test
    void mapValueNesting3000Deep_locatedError() {
        assertOneErrorAt("module m;\nstruct S { " + nested("map<string, ", "int32", ">", 3000) + " m; };\n", 2,
                "types nest more than 32 levels deep");
    }

    @Test
    void attributeBrackets5000Deep_locatedSyntaxError() {
        assertOneErrorAt("module m;\n" + nested("[", "A", "]", 5000) + " struct S {};\n", 2, "syntax error");
    }

    /**
     * {@code module m;}, then {@code first}, then {@code line(i)} for {@code i} in 1..count-1,
     * then {@code last} (each a line).
     */
    private static String module(String first, IntFunction<String> line, int count, String last) {
        StringBuilder sb = new StringBuilder("module m;\n").append(first);
        for (int i = 1; i < count; i++) {
            sb.append(line.apply(i));
        }
        return sb.append(last).toString();
    }

    @Test
    void constChain700_locatedErrorAtTheHundredAndFirst() {
        assertOneErrorAt(module("const int32 k0 = 1;\n", i -> "const int32 k" + i + " = k" + (i - 1) + ";\n", 700, ""),
                103, "'k100' ends a chain of more than 100 values each defined by the next");
    }

    @Test
    void enumChain700_locatedErrorAtTheHundredAndFirst() {
        assertOneErrorAt(module("enum E0 { A = 1 };\n", i -> "enum E" + i + " { A = E" + (i - 1) + ".A };\n", 700, ""),
                103, "'E100.A' ends a chain of more than 100 values each defined by the next");
    }

    @Test
    void unionChain840Deep_compilesAndGenerates() {
        assertGenerates(module("", i -> "union U" + (i - 1) + " { U" + i + " next; int32 x; };\n", 841,
                "union U840 { int32 x; };\n"), 841);
    }

    @Test
    void structsAndUnionsNamingTheNext840Deep_compileAndGenerate() {
        assertGenerates(module("", i -> "struct S" + (i - 1) + " { S" + i + " s; U" + (i - 1) + "? u; };\n"
                + "union U" + (i - 1) + " { S" + i + " s; int32 x; };\n", 841, "struct S840 { int32 x; };\n"), 1681);
    }

    /** 2,000 structs in one module: generation once asked the JVM about every type per file. */
    @Test
    void module2000Structs_compilesAndGeneratesOneClassEach() {
        assertGenerates(module("", i -> "struct T" + (i - 1) + " { int32 a; T" + i % 2000 + "? next; };\n", 2001, ""),
                2000);
    }

    /** Compiles {@code text} and generates one class per definition, plus the file's codecs class. */
    private static void assertGenerates(String text, int classes) {
        CompilationResult r = compile(text);
        assertThat(r.diagnostics()).isEmpty();
        List<JavaSourceGenerator.Source> sources = new JavaSourceGenerator().sources(r.files().getFirst(), r);
        assertThat(sources).hasSize(classes + 1);
        assertThat(sources).filteredOn(s -> s.path().endsWith("Codecs.java")).hasSize(1);
    }

    /** Writes files f0..f{count-1}, each importing the next, and compiles f0. */
    private static CompilationResult importChain(Path dir, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            Files.writeString(dir.resolve("f" + i + ".mojom"), "module m" + i + ";\n"
                    + (i + 1 < count ? "import \"f" + (i + 1) + ".mojom\";\n" : "") + "struct T" + i + " {};\n");
        }
        return MojomCompiler.compile(List.of(dir.resolve("f0.mojom")), List.of(dir), Set.of());
    }

    @Test
    void importChainAtTheLimit_compiles(@TempDir Path dir) throws IOException {
        assertThat(importChain(dir, MojomCompiler.MAX_IMPORT_DEPTH).diagnostics()).isEmpty();
    }

    @Test
    void importChainOneFileTooDeep_locatedErrorAtTheLastImport(@TempDir Path dir) throws IOException {
        int count = MojomCompiler.MAX_IMPORT_DEPTH + 1;
        List<Diagnostic> ds = importChain(dir, count).diagnostics();
        assertThat(ds).extracting(Diagnostic::toString).containsExactly(dir.resolve("f" + (count - 2) + ".mojom")
                + ":2:8: error: imports nest more than 200 files deep");
    }

    @Test
    void identifierOf65536Characters_locatedError() {
        assertOneErrorAt("module m;\nstruct S {\n  int32 " + "a".repeat(65536) + ";\n};\n", 3,
                "is 65536 characters long; the limit is 100");
    }

    @Test
    void typeNameOf300Characters_locatedError() {
        assertOneErrorAt("module m;\nstruct " + "T".repeat(300) + " {};\n", 2, "is 300 characters long; the limit is 100");
    }

    @Test
    void enumValueFromLargestUint64Const_locatedErrorNotTruncated() {
        assertOneErrorAt("module m;\nconst uint64 kMax = 18446744073709551615;\nenum E { A = kMax };\n", 3,
                "enum value A = kMax = 18446744073709551615 is out of the int32 range");
    }
}

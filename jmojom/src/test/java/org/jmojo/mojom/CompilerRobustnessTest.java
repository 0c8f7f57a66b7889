package org.jmojo.mojom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jmojo.mojom.model.CompilationResult;
import org.jmojo.mojom.model.Diagnostic;

/**
 * Bad input never throws: random edits of valid files (deleting, duplicating or replacing a
 * span) compile to diagnostics, each with a position inside the file.
 */
class CompilerRobustnessTest {
    private static final List<String> SOURCES = TestFiles.mojomFiles(TestFiles.resourceDir("parse")).stream()
            .map(TestFiles::read)
            .toList();

    private static final String NOISE = "{}[]()<>;,=.?&@\"/*-+0x19aZ_ \nstruct union enum const interface "
            + "module import handle array map pending_remote associated default true";

    record Edit(int source, double start, int length, int kind, String insert) {}

    @Provide
    Arbitrary<Edit> edits() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, SOURCES.size() - 1),
                        Arbitraries.doubles().between(0, 1),
                        Arbitraries.integers().between(0, 40),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.strings().withChars(NOISE.toCharArray()).ofMaxLength(12))
                .as(Edit::new);
    }

    static String apply(Edit e) {
        String s = SOURCES.get(e.source());
        int start = (int) (e.start() * s.length());
        int end = Math.min(s.length(), start + e.length());
        return switch (e.kind()) {
            case 0 -> s.substring(0, start) + s.substring(end);
            case 1 -> s.substring(0, end) + s.substring(start, end) + s.substring(end);
            default -> s.substring(0, start) + e.insert() + s.substring(end);
        };
    }

    @Property(tries = 400, seed = "20261125")
    void editedSource_compiles_withoutThrowing(@ForAll("edits") Edit edit) {
        String text = apply(edit);
        Path name = Path.of("edited.mojom");
        CompilationResult r = MojomCompiler.compileSource(name, text, List.of(), Set.of("is_linux"));
        long lines = text.lines().count() + 1;
        for (Diagnostic d : r.diagnostics()) {
            assertThat(d.message()).isNotBlank();
            if (d.position().file().equals(name)) {
                assertThat((long) d.position().line()).isBetween(1L, lines);
            }
        }
    }
}

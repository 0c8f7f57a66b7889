package org.jmojo.mojom.lex;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jmojo.mojom.MojomCompiler;
import org.jmojo.mojom.model.CompilationResult;
import org.jmojo.mojom.model.EnumDef;
import org.jmojo.mojom.model.InterfaceDef;
import org.jmojo.mojom.model.StructDef;
import org.jmojo.mojom.model.UnionDef;
import org.junit.jupiter.api.Test;

/** Which comment documents which declaration, through a whole compilation. */
class DocCommentIndexTest {

    private static final String SOURCE = """
            // File header: not attached (a blank line follows).

            module m;

            // About S,
            // over two lines.
            [Stable]
            struct S {
              // The x.
              int32 x;
              map<string, int32> m;  // Trailing, after a type with a comma.
              /** Block style,
               *  with stars. */
              [MinVersion=1] string? s;
              [MinVersion=1] int32 none;
            };

            enum E {
              A,  // First.
              // Second.
              B = 2,
              C
            };

            union U { int32 i; /* Inline. */ string t; };

            // The interface.
            interface I {
              // Does a thing.
              Do(int32 a) => (bool ok);
            };
            """;

    private static Optional<String> doc(CompilationResult r, org.jmojo.mojom.model.SourcePosition p) {
        return r.docComment(p);
    }

    @Test
    void declarations_leadingAndTrailingComments() {
        CompilationResult r = MojomCompiler.compileSource(Path.of("doc.mojom"), SOURCE, List.of(), Set.of());
        assertThat(r.errors()).isEmpty();
        StructDef s = (StructDef) r.definition("m.S").orElseThrow();
        assertThat(doc(r, s.position())).hasValue("About S,\nover two lines.");
        assertThat(doc(r, s.fields().get(0).position())).hasValue("The x.");
        assertThat(doc(r, s.fields().get(1).position())).hasValue("Trailing, after a type with a comma.");
        assertThat(doc(r, s.fields().get(2).position())).hasValue("Block style,\nwith stars.");
        assertThat(doc(r, s.fields().get(3).position())).isEmpty();
        EnumDef e = (EnumDef) r.definition("m.E").orElseThrow();
        assertThat(doc(r, e.values().get(0).position())).hasValue("First.");
        assertThat(doc(r, e.values().get(1).position())).as("the previous value's trailing comment is not B's")
                .hasValue("Second.");
        assertThat(doc(r, e.values().get(2).position())).isEmpty();
        assertThat(doc(r, e.position())).isEmpty();
        UnionDef u = (UnionDef) r.definition("m.U").orElseThrow();
        assertThat(doc(r, u.fields().get(0).position())).as("a comment after it on its line").hasValue("Inline.");
        assertThat(doc(r, u.fields().get(1).position())).as("the comment is on the previous member's line").isEmpty();
        InterfaceDef i = (InterfaceDef) r.definition("m.I").orElseThrow();
        assertThat(doc(r, i.position())).hasValue("The interface.");
        assertThat(doc(r, i.methods().getFirst().position())).hasValue("Does a thing.");
    }

    @Test
    void unlexableText_noComments() {
        DocCommentIndex index = DocCommentIndex.of(Path.of("bad.mojom"), "struct S { int32 x; } \"open");
        assertThat(index.of(new org.jmojo.mojom.model.SourcePosition(Path.of("bad.mojom"), 1, 8))).isEmpty();
    }
}

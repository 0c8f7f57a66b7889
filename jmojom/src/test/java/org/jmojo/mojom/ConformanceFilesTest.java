package org.jmojo.mojom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.jmojo.mojom.model.CompilationResult;
import org.jmojo.mojom.model.InterfaceDef;
import org.jmojo.mojom.model.Method;
import org.jmojo.mojom.model.MojomType;
import org.jmojo.mojom.model.StructDef;
import org.jmojo.mojom.model.UnionDef;
import org.jmojo.mojom.model.VersionInfo;
import org.junit.jupiter.api.Test;

/** The shared conformance {@code .mojom} files compile, and their model has the documented shape. */
class ConformanceFilesTest {

    private static CompilationResult compile(String... names) {
        Path dir = TestFiles.conformanceDir();
        List<Path> files = java.util.Arrays.stream(names).map(dir::resolve).toList();
        CompilationResult r = MojomCompiler.compile(files, List.of(dir), Set.of());
        assertThat(r.errors()).isEmpty();
        return r;
    }

    @Test
    void validationInterfaces_compile_withDocumentedLayouts() {
        CompilationResult r = compile("validation_test_interfaces.mojom", "validation_test_associated_interfaces.mojom");
        assertThat(r.files()).hasSize(2);
        StructDef g = r.struct("mojo.test.StructG");
        assertThat(g.versions()).containsExactly(
                new VersionInfo(0, 16, 1), new VersionInfo(1, 24, 2), new VersionInfo(3, 32, 4));
        InterfaceDef conf = r.iface("mojo.test.ConformanceTestInterface");
        assertThat(conf.methods()).extracting(Method::ordinal).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(0, 22).boxed().toList());
        StructDef m13 = conf.method("Method13").orElseThrow().params();
        assertThat(m13.numBytes()).isEqualTo(32);
        assertThat(m13.fields()).extracting(f -> f.offset()).containsExactly(8, 16, 20);
        assertThat(conf.method("Method12").orElseThrow().expectsResponse()).isTrue();
        assertThat(r.enumDef("mojo.test.BasicEnum").values()).extracting(v -> v.value())
                .containsExactly(0, 1, 0, -3, 10);
        assertThat(r.enumDef("mojo.test.StructWithEnum.EnumWithin").values()).hasSize(4);
        assertThat(r.enumDef("mojo.test.EnumB").extensible()).isTrue();
        assertThat(r.enumDef("mojo.test.EmptyEnum").accepts(0)).isFalse();
        assertThat(r.enumDef("mojo.test.ExtensibleEmptyEnum").accepts(7)).isTrue();
        Method assoc = r.iface("mojo.test.AssociatedConformanceTestInterface").method("Method3").orElseThrow();
        assertThat(assoc.params().fields().getFirst().type()).isEqualTo(new MojomType.ArrayType(
                new MojomType.EndpointType(MojomType.EndpointKind.ASSOCIATED_REMOTE, "mojo.test.InterfaceX", false),
                0, false));
    }

    @Test
    void golden_compiles_unionTagsAreDeclarationPositions() {
        CompilationResult r = compile("golden/golden.mojom");
        UnionDef ord = r.union("jmojo.golden.OrdUnion");
        assertThat(ord.fields()).extracting(f -> f.name() + ":" + f.tag() + "/" + f.ordinal())
                .containsExactly("first:0/2", "second:1/0", "third:2/1");
        assertThat(r.warnings()).hasSize(3).allMatch(d -> d.message().contains("wire tag"));
        UnionDef ext = r.union("jmojo.golden.Ext");
        assertThat(ext.extensible()).isTrue();
        assertThat(ext.defaultField().orElseThrow().name()).isEqualTo("unknown");
        InterfaceDef calc = r.iface("jmojo.golden.Calc");
        assertThat(calc.methods()).extracting(Method::ordinal).containsExactly(0, 1, 2, 5, 6);
        assertThat(calc.method("Get").orElseThrow().sync()).isTrue();
        assertThat(r.iface("jmojo.golden.Sink").method("Push").orElseThrow().response().orElseThrow().numBytes())
                .isEqualTo(8);
        assertThat(r.struct("jmojo.golden.Defaults").field("ubig").orElseThrow().defaultValue().orElseThrow())
                .isEqualTo(new org.jmojo.mojom.model.ConstantValue.IntegerValue(
                        new java.math.BigInteger("18446744073709551615")));
    }

    @Test
    void definitionLookup_wrongKind_namesTheKind() {
        CompilationResult r = compile("golden/golden.mojom");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> r.struct("jmojo.golden.Color"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jmojo.golden.Color is a enum");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> r.union("jmojo.golden.Nope"))
                .hasMessageContaining("no definition named jmojo.golden.Nope");
    }
}

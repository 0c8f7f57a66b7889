package org.jmojo.mojom.pack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jmojo.mojom.MojomCompiler;
import org.jmojo.mojom.model.CompilationResult;
import org.jmojo.mojom.model.MojomType;
import org.jmojo.mojom.model.StructDef;
import org.jmojo.mojom.model.StructField;
import org.jmojo.mojom.model.VersionInfo;
import org.junit.jupiter.api.Test;

/** Packed layouts of tricky structs, with expected offsets from docs/wire-format.md §3.3–3.4 and §9. */
class PackerTest {

    private static StructDef struct(String body) {
        CompilationResult r = MojomCompiler.compileSource(Path.of("p.mojom"),
                "module p;\ninterface I {};\nunion U { int32 a; string b; };\n" + body, List.of(), Set.of());
        assertThat(r.errors()).isEmpty();
        return r.files().getFirst().definitions().stream()
                .filter(d -> d instanceof StructDef).map(d -> (StructDef) d).reduce((a, b) -> b).orElseThrow();
    }

    /** Renders "name@offset" (with ".bit" for bools) in declaration order. */
    private static String layout(StructDef s) {
        return s.fields().stream()
                .map(f -> f.name() + "@" + f.offset() + (f.type().slotSize() == 0 ? "." + f.bit() : ""))
                .collect(Collectors.joining(" "));
    }

    @Test
    void specExampleFoo_smallFieldsFillHoles() {
        StructDef s = struct("struct Foo { int8 a; bool b; int32 c; bool d; int64 e; bool f; string g; uint16 h; };");
        assertThat(layout(s)).isEqualTo("a@8 b@9.0 c@12 d@9.1 e@16 f@9.2 g@24 h@10");
        assertThat(s.numBytes()).isEqualTo(32);
    }

    @Test
    void specExampleMixed_boolsShareOneByte() {
        StructDef s = struct("struct Mixed { bool a; int16 b; bool c; int32 d; bool e; };");
        assertThat(layout(s)).isEqualTo("a@8.0 b@10 c@8.1 d@12 e@8.2");
        assertThat(s.numBytes()).isEqualTo(16);
    }

    @Test
    void ninthBool_startsANewByte() {
        StructDef s = struct("struct B { bool b0; bool b1; bool b2; bool b3; bool b4; bool b5; bool b6; bool b7;"
                + " bool b8; };");
        assertThat(s.fields().get(7)).extracting(StructField::offset, StructField::bit).containsExactly(8, 7);
        assertThat(s.fields().get(8)).extracting(StructField::offset, StructField::bit).containsExactly(9, 0);
    }

    @Test
    void boolAfterNonBool_doesNotJoinAnEarlierBoolByte() {
        // c (int8) follows b; d must not go back into b's byte because the candidate after c is c+1.
        StructDef s = struct("struct S { int32 x; bool a; bool b; int8 c; bool d; };");
        assertThat(layout(s)).isEqualTo("x@8 a@12.0 b@12.1 c@13 d@12.2");
    }

    @Test
    void versionedStructG_versionTableAndHoleFilledByLaterVersion() {
        StructDef s = struct("struct A { uint64 i; };\nstruct G { int32 i; [MinVersion=1] A? struct_a;"
                + " [MinVersion=3] string? str; [MinVersion=3] bool b; };");
        assertThat(layout(s)).isEqualTo("i@8 struct_a@16 str@24 b@12.0");
        assertThat(s.versions()).containsExactly(
                new VersionInfo(0, 16, 1), new VersionInfo(1, 24, 2), new VersionInfo(3, 32, 4));
        assertThat(s.latestVersion()).isEqualTo(3);
        assertThat(s.versionRowFor(0).numBytes()).isEqualTo(16);
        assertThat(s.versionRowFor(2).numBytes()).isEqualTo(24);
        assertThat(s.versionRowFor(3).numBytes()).isEqualTo(32);
        assertThat(s.versionRowFor(0xFFFF_FFFFL)).isEqualTo(new VersionInfo(3, 32, 4));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.versionRowFor(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("version < 0: -1");
    }

    @Test
    void firstFieldVersioned_versionZeroIsAnEmptyStruct() {
        StructDef s = struct("struct V { [MinVersion=2] int32 a; };");
        assertThat(s.versions()).containsExactly(new VersionInfo(0, 8, 0), new VersionInfo(2, 16, 1));
    }

    @Test
    void nullableHandlesAndInterfaces_are4Aligned_remotesTake8Bytes() {
        StructDef s = struct("struct H { pending_remote<I>? p0; uint32 p1; pending_remote<I>? p2;"
                + " handle? h; pending_receiver<I>? r; };");
        assertThat(layout(s)).isEqualTo("p0@8 p1@16 p2@20 h@28 r@32");
        assertThat(s.numBytes()).isEqualTo(40);
    }

    @Test
    void associatedEndpoints_sizesLikeTheirPlainForms() {
        StructDef s = struct("struct A { pending_associated_receiver<I> r; pending_associated_remote<I> p;"
                + " int32 x; };");
        assertThat(layout(s)).isEqualTo("r@8 p@12 x@20");
    }

    @Test
    void unions_areInline16Bytes_andNeverFillHoles() {
        StructDef s = struct("struct S { int32 a; U u; handle h; U? v; int8 t; };");
        assertThat(layout(s)).isEqualTo("a@8 u@16 h@12 v@32 t@48");
        assertThat(s.numBytes()).isEqualTo(56);
    }

    @Test
    void containers_arePointers_inOrdinalOrder() {
        StructDef s = struct("struct C { array<bool> bits; array<int8, 3> fixed; map<string, string> names;"
                + " uint8 tail; array<array<string?>>? nested; };");
        assertThat(layout(s)).isEqualTo("bits@8 fixed@16 names@24 tail@32 nested@40");
        assertThat(s.field("fixed").orElseThrow().type())
                .isEqualTo(new MojomType.ArrayType(new MojomType.Primitive(MojomType.PrimitiveKind.INT8), 3, false));
        assertThat(s.field("names").orElseThrow().type()).isInstanceOf(MojomType.MapType.class);
    }

    @Test
    void explicitOrdinals_packInOrdinalOrder_notDeclarationOrder() {
        StructDef s = struct("struct R { int32 b@1; string c@2; int8 a@0; };");
        assertThat(layout(s)).isEqualTo("b@12 c@16 a@8");
        assertThat(s.fieldsInOrdinalOrder()).extracting(StructField::name).containsExactly("a", "b", "c");
        assertThat(s.fieldsInOffsetOrder()).extracting(StructField::name).containsExactly("a", "b", "c");
        assertThat(s.fields()).extracting(StructField::declarationIndex).containsExactly(0, 1, 2);
    }

    @Test
    void emptyStruct_isEightBytes() {
        StructDef s = struct("struct E {};");
        assertThat(s.numBytes()).isEqualTo(8);
        assertThat(s.versions()).containsExactly(new VersionInfo(0, 8, 0));
    }

    @Test
    void packer_directly_placesFieldsIndependentOfInputOrder() {
        MojomType i8 = new MojomType.Primitive(MojomType.PrimitiveKind.INT8);
        MojomType i64 = new MojomType.Primitive(MojomType.PrimitiveKind.INT64);
        Packer.Layout l = Packer.pack(List.of(new Packer.Input(1, i64, 0), new Packer.Input(0, i8, 0),
                new Packer.Input(2, i8, 0)));
        assertThat(l.slots()).containsExactly(new Packer.Slot(16, 0), new Packer.Slot(8, 0), new Packer.Slot(9, 0));
        assertThat(l.versions()).containsExactly(new VersionInfo(0, 24, 3));
    }
}

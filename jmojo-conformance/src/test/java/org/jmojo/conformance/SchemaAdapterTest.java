package org.jmojo.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jmojo.bindings.runtime.FieldSchema;
import org.jmojo.bindings.runtime.InterfaceSchema;
import org.jmojo.bindings.runtime.MojomKind;
import org.jmojo.bindings.runtime.StructSchema;
import org.jmojo.mojom.MojomCompiler;
import org.junit.jupiter.api.Test;

class SchemaAdapterTest {

    private static final String MOJOM = """
            module t;
            struct StructA { uint64 i; };
            struct StructG {
              int32 i;
              [MinVersion=1] StructA? struct_a;
              [MinVersion=3] string? str;
              [MinVersion=3] bool b;
            };
            struct Defaults { int32 a = 42; string s = "hi"; uint8 u = 255; float f = -0.5; };
            struct Tree { Tree? left; };
            interface InterfaceA {};
            interface I {
              Method13(pending_remote<InterfaceA>? p0, uint32 p1, pending_remote<InterfaceA>? p2);
              [Sync] Get() => (double value);
            };
            """;

    private static SchemaAdapter adapter() {
        return new SchemaAdapter(MojomCompiler.compileSource(Path.of("t.mojom"), MOJOM, List.of(), Set.of()));
    }

    private static Map<String, FieldSchema> byName(StructSchema s) {
        return s.fields().stream().collect(java.util.stream.Collectors.toMap(FieldSchema::name, f -> f));
    }

    @Test
    void struct_versionedFields_offsetsAndVersionTableFromThePacker() {
        StructSchema g = adapter().structSchema("StructG");

        Map<String, FieldSchema> f = byName(g);
        assertThat(f.get("i").offset()).isEqualTo(8);
        assertThat(f.get("b").offset()).isEqualTo(12);
        assertThat(f.get("b").minVersion()).isEqualTo(3);
        assertThat(f.get("struct_a").offset()).isEqualTo(16);
        assertThat(f.get("str").offset()).isEqualTo(24);
        assertThat(g.versions()).containsExactly(new StructSchema.VersionSize(0, 16),
                new StructSchema.VersionSize(1, 24), new StructSchema.VersionSize(3, 32));
        assertThat(g.fields()).extracting(FieldSchema::name).containsExactly("i", "struct_a", "str", "b");
    }

    @Test
    void struct_declaredDefaults_inValueTreeForm() {
        Map<String, FieldSchema> f = byName(adapter().structSchema("t.Defaults"));

        assertThat(f.get("a").defaultValue()).isEqualTo(42L);
        assertThat(f.get("s").defaultValue()).isEqualTo("hi");
        assertThat(f.get("u").defaultValue()).isEqualTo(255L);
        assertThat(f.get("f").defaultValue()).isEqualTo(-0.5f);
    }

    @Test
    void interface_methodsWithOrdinalsAndEndpointSlots() {
        InterfaceSchema i = adapter().interfaceSchema("I");

        var m13 = i.method(0).orElseThrow();
        Map<String, FieldSchema> f = byName(m13.request());
        assertThat(m13.request().latest().numBytes()).isEqualTo(32);
        assertThat(f.get("p2").offset()).as("pending_remote is only 4-aligned").isEqualTo(20);
        assertThat(f.get("p0").kind()).isEqualTo(
                new MojomKind.Endpoint(MojomKind.EndpointType.REMOTE, "t.InterfaceA", true));
        assertThat(m13.hasResponse()).isFalse();
        var get = i.method("Get").orElseThrow();
        assertThat(get.sync()).isTrue();
        assertThat(get.ordinal()).isEqualTo(1);
        assertThat(get.response().fields()).extracting(FieldSchema::name).containsExactly("value");
    }

    @Test
    void struct_recursive_resolvesLazily() {
        StructSchema tree = adapter().structSchema("Tree");
        MojomKind.Struct left = (MojomKind.Struct) tree.fields().getFirst().kind();

        assertThat(left.schema().get()).isSameAs(tree);
    }

    @Test
    void lookup_wrongKindOrMissing_rejected() {
        SchemaAdapter a = adapter();
        assertThat(a.iface("StructA")).isEmpty();
        assertThat(a.struct("Nope")).isEmpty();
        assertThatThrownBy(() -> a.structSchema("I")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("t.I");
    }
}

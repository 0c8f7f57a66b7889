package org.jmojo.bindings.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.jmojo.bindings.runtime.MojomKind.EndpointType;
import org.jmojo.bindings.runtime.MojomKind.HandleType;
import org.jmojo.bindings.runtime.MojomKind.PrimitiveType;
import org.junit.jupiter.api.Test;

/**
 * The run-time schema types: their Mojom names, sizes, lookups, equality and the checks of their
 * constructors; and the version check every generated class runs.
 */
class SchemaTypesTest {

    @Test
    void mojomNames_spellTheTypeAsInMojom() {
        assertThat(TestSchemas.prim(PrimitiveType.UINT16).mojomName()).isEqualTo("uint16");
        assertThat(new MojomKind.Enum(TestSchemas.COLOR).mojomName()).isEqualTo("t.Color");
        assertThat(new MojomKind.Str(false).mojomName()).isEqualTo("string");
        assertThat(new MojomKind.Str(true).mojomName()).isEqualTo("string?");
        assertThat(new MojomKind.Array(new MojomKind.Str(true), 0, false).mojomName()).isEqualTo("array<string?>");
        assertThat(new MojomKind.Array(TestSchemas.prim(PrimitiveType.INT8), 3, true).mojomName())
                .isEqualTo("array<int8, 3>?");
        assertThat(new MojomKind.MapKind(new MojomKind.Str(false), TestSchemas.prim(PrimitiveType.BOOL), false)
                .mojomName()).isEqualTo("map<string, bool>");
        assertThat(new MojomKind.MapKind(new MojomKind.Str(false), new MojomKind.Str(true), true).mojomName())
                .isEqualTo("map<string, string?>?");
        assertThat(TestSchemas.structKind(TestSchemas.POINT, false).mojomName()).isEqualTo("t.Point");
        assertThat(TestSchemas.structKind(TestSchemas.POINT, true).mojomName()).isEqualTo("t.Point?");
        assertThat(TestSchemas.union(TestSchemas.INNER, false).mojomName()).isEqualTo("t.Inner");
        assertThat(TestSchemas.union(TestSchemas.INNER, true).mojomName()).isEqualTo("t.Inner?");
        assertThat(new MojomKind.Handle(HandleType.GENERIC, false).mojomName()).isEqualTo("handle");
        assertThat(new MojomKind.Handle(HandleType.GENERIC, true).mojomName()).isEqualTo("handle?");
        assertThat(new MojomKind.Handle(HandleType.SHARED_BUFFER, false).mojomName())
                .isEqualTo("handle<shared_buffer>");
        assertThat(new MojomKind.Handle(HandleType.MESSAGE_PIPE, true).mojomName()).isEqualTo("handle<message_pipe>?");
        assertThat(new MojomKind.Endpoint(EndpointType.ASSOCIATED_REMOTE, "t.Calc", false).mojomName())
                .isEqualTo("pending_associated_remote<t.Calc>");
        assertThat(new MojomKind.Endpoint(EndpointType.RECEIVER, "t.Calc", true).mojomName())
                .isEqualTo("pending_receiver<t.Calc>?");
    }

    @Test
    void sizes_andWhatIsAPointer() {
        assertThat(TestSchemas.union(TestSchemas.INNER, false).slotSize()).isEqualTo(16);
        assertThat(TestSchemas.union(TestSchemas.INNER, false).elementSize()).isEqualTo(UnionLayout.SIZE);
        assertThat(TestSchemas.prim(PrimitiveType.INT64).elementSize()).isEqualTo(8);
        assertThat(new MojomKind.Endpoint(EndpointType.REMOTE, "t.Calc", false).slotSize()).isEqualTo(8);
        assertThat(new MojomKind.Endpoint(EndpointType.ASSOCIATED_RECEIVER, "t.Calc", false).slotSize()).isEqualTo(4);
        assertThat(EndpointType.REMOTE.hasVersion()).isTrue();
        assertThat(EndpointType.RECEIVER.hasVersion()).isFalse();
        assertThat(EndpointType.ASSOCIATED_RECEIVER.hasVersion()).isFalse();
        assertThat(EndpointType.ASSOCIATED_REMOTE.associated()).isTrue();
        assertThat(EndpointType.REMOTE.associated()).isFalse();
        assertThat(new MojomKind.Str(false).isPointer()).isTrue();
        assertThat(new MojomKind.Array(new MojomKind.Str(false), 0, false).isPointer()).isTrue();
        assertThat(new MojomKind.MapKind(new MojomKind.Str(false), new MojomKind.Str(false), false).isPointer()).isTrue();
        assertThat(TestSchemas.structKind(TestSchemas.POINT, false).isPointer()).isTrue();
        assertThat(TestSchemas.union(TestSchemas.INNER, false).isPointer()).as("unions are inline in a struct").isFalse();
        assertThat(TestSchemas.prim(PrimitiveType.INT32).isPointer()).isFalse();
        assertThat(new MojomKind.Handle(HandleType.GENERIC, false).isPointer()).isFalse();
        assertThat(new MojomKind.Enum(TestSchemas.COLOR).isPointer()).isFalse();
    }

    @Test
    void kinds_refuseBadParts_namingThem() {
        assertThatThrownBy(() -> new MojomKind.Array(new MojomKind.Str(false), -1, false))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("fixedLength not in 0..0xFFFFFFFF: -1");
        assertThatThrownBy(() -> new MojomKind.Array(new MojomKind.Str(false), 0x1_0000_0000L, false))
                .isExactlyInstanceOf(IllegalArgumentException.class);
        assertThat(new MojomKind.Array(new MojomKind.Str(false), 0xFFFF_FFFFL, false).fixedLength())
                .isEqualTo(0xFFFF_FFFFL);
        assertThatThrownBy(() -> new MojomKind.MapKind(new MojomKind.Str(true), new MojomKind.Str(false), false))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("map keys cannot be nullable: string?");
    }

    @Test
    void structAndUnionKinds_areEqualByNameAndNullability_notBySupplier() {
        MojomKind.Struct a = new MojomKind.Struct("t.Point", () -> TestSchemas.POINT, false);
        MojomKind.Struct b = new MojomKind.Struct("t.Point", () -> null, false);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new MojomKind.Struct("t.Point", () -> TestSchemas.POINT, true))
                .isNotEqualTo(new MojomKind.Struct("t.Other", () -> TestSchemas.POINT, false))
                .isNotEqualTo(new MojomKind.Union("t.Point", () -> null, false));
        assertThat(a.hashCode()).isNotEqualTo(new MojomKind.Struct("t.Point", () -> null, true).hashCode())
                .isEqualTo("t.Point".hashCode() * 31 + Boolean.hashCode(false));
        assertThat(a.toString()).isEqualTo("Struct[t.Point]");
        MojomKind.Union u = new MojomKind.Union("t.Inner", () -> TestSchemas.INNER, true);
        assertThat(u).isEqualTo(new MojomKind.Union("t.Inner", () -> null, true))
                .isNotEqualTo(new MojomKind.Union("t.Inner", () -> null, false))
                .isNotEqualTo(new MojomKind.Union("t.Outer", () -> null, true))
                .isNotEqualTo(a);
        assertThat(u.hashCode()).isEqualTo("t.Inner".hashCode() * 31 + Boolean.hashCode(true));
        assertThat(u.toString()).isEqualTo("Union[t.Inner?]");
    }

    @Test
    void enumSchema_knowsItsValues_andAnExtensibleOneAcceptsAny() {
        EnumSchema color = TestSchemas.COLOR;
        assertThat(color.isKnown(5)).isTrue();
        assertThat(color.isKnown(-3)).isTrue();
        assertThat(color.isKnown(1)).isFalse();
        assertThat(color.accepts(0)).isTrue();
        assertThat(color.accepts(1)).isFalse();
        assertThat(TestSchemas.OPEN_COLOR.accepts(1)).isTrue();
        assertThat(TestSchemas.OPEN_COLOR.isKnown(1)).isFalse();
        assertThat(color.byName("GREEN")).contains(new EnumSchema.Value("GREEN", 5));
        assertThat(color.byName("green")).isEmpty();
        assertThat(color.nameOf(-3)).contains("BLUE");
        assertThat(color.nameOf(4)).isEmpty();
    }

    @Test
    void unionSchema_lookups_equality_andText() {
        UnionSchema inner = TestSchemas.INNER;
        assertThat(inner.name()).isEqualTo("t.Inner");
        assertThat(inner.byTag(1)).map(UnionSchema.Field::name).contains("name");
        assertThat(inner.byTag(2)).isEmpty();
        assertThat(inner.fieldWithTag(0).name()).isEqualTo("big");
        assertThat(inner.fieldWithTag(7)).isNull();
        assertThat(inner.byName("big")).map(UnionSchema.Field::tag).contains(0);
        assertThat(inner.byName("nope")).isEmpty();
        assertThat(TestSchemas.EXT.defaultTag()).isZero();
        assertThat(inner.defaultTag()).isEqualTo(-1);
        UnionSchema same = new UnionSchema("t.Inner", inner.fields(), false, -1);
        assertThat(inner).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(inner).isNotEqualTo(new UnionSchema("t.Other", inner.fields(), false, -1))
                .isNotEqualTo(new UnionSchema("t.Inner", inner.fields().subList(0, 1), false, -1))
                .isNotEqualTo(new UnionSchema("t.Inner", inner.fields(), true, -1))
                .isNotEqualTo(new UnionSchema("t.Inner", inner.fields(), false, 0))
                .isNotEqualTo("t.Inner");
        assertThat(inner.hashCode()).isNotEqualTo(new UnionSchema("t.Inner", inner.fields(), true, -1).hashCode());
        assertThat(new UnionSchema("t.E", List.of(), true, 3).toString())
                .isEqualTo("UnionSchema[name=t.E, fields=[], extensible=true, defaultTag=3]");
    }

    @Test
    void structSchema_nameFieldsAndEquality() {
        StructSchema point = TestSchemas.POINT;
        assertThat(point.name()).isEqualTo("t.Point");
        StructSchema same = TestSchemas.struct("t.Point", 16,
                TestSchemas.field("x", 0, TestSchemas.prim(PrimitiveType.INT32), 8),
                TestSchemas.field("y", 1, TestSchemas.prim(PrimitiveType.INT32), 12));
        assertThat(point).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(point.hashCode()).isNotEqualTo(TestSchemas.RECURSIVE.hashCode());
    }

    @Test
    void interfaceSchema_refusesSharedOrdinals_andFindsMethods() {
        MethodSchema m0 = new MethodSchema("A", 0, TestSchemas.POINT, null, false, false);
        MethodSchema m1 = new MethodSchema("B", 0, TestSchemas.POINT, TestSchemas.POINT, false, false);
        assertThatThrownBy(() -> new InterfaceSchema("t.I", 0, List.of(m0, m1)))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("interface t.I: methods A and B share ordinal 0");
        MethodSchema high = new MethodSchema("High", -1, TestSchemas.POINT, TestSchemas.POINT, false, false);
        InterfaceSchema iface = new InterfaceSchema("t.I", 2, List.of(m0, high));
        assertThat(iface.method(0xFFFF_FFFFL)).contains(high);
        assertThat(iface.method(-1L)).isEmpty();
        assertThat(iface.method("High")).contains(high);
        assertThat(iface.method("Low")).isEmpty();
        assertThat(m0.responseSchema()).isEmpty();
        assertThat(high.responseSchema()).contains(TestSchemas.POINT);
        assertThat(high.hasResponse()).isTrue();
    }

    @Test
    void runtimeVersion_acceptsThisMajorUpToThisMinor_andNamesTheClassOtherwise() {
        RuntimeVersion.check(RuntimeVersion.MAJOR, RuntimeVersion.MINOR, "g.Ok");
        assertThatThrownBy(() -> RuntimeVersion.check(RuntimeVersion.MAJOR, RuntimeVersion.MINOR + 1, "g.Newer"))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("g.Newer was generated for jmojo runtime 1.1, but this runtime is 1.0 (needs the same major "
                        + "version and a minor version at least as new); regenerate it with a matching jmojom or change "
                        + "the jmojo-bindings dependency");
        assertThatThrownBy(() -> RuntimeVersion.check(RuntimeVersion.MAJOR + 1, 0, "g.Major"))
                .isExactlyInstanceOf(IllegalStateException.class).hasMessageStartingWith("g.Major was generated for "
                        + "jmojo runtime 2.0");
        assertThatThrownBy(() -> RuntimeVersion.check(RuntimeVersion.MAJOR - 1, 0, "g.Old"))
                .isExactlyInstanceOf(IllegalStateException.class);
    }

    @Test
    void codecs_lookups_refuseWhatWasNotGenerated() {
        assertThatThrownBy(() -> Codecs.struct(String.class)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("java.lang.String was not generated by jmojom with a codec");
        assertThatThrownBy(() -> Codecs.union(String.class)).isExactlyInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Codecs.enumSchema(String.class)).isExactlyInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Codecs.binding(String.class)).isExactlyInstanceOf(IllegalArgumentException.class);
        Class<?> calc = org.jmojo.bindings.TestCalc.class;
        assertThat(Codecs.binding(calc).descriptor().name()).isEqualTo("t.Calc");
        assertThatThrownBy(() -> Codecs.struct(calc)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("org.jmojo.bindings.TestCalc is not a generated Mojom struct");
        assertThatThrownBy(() -> Codecs.union(calc)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("org.jmojo.bindings.TestCalc is not a generated Mojom union");
        assertThatThrownBy(() -> Codecs.enumSchema(calc)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("org.jmojo.bindings.TestCalc is not a generated Mojom enum");
    }

    @Test
    void codecs_register_onlyFromTheTypesPackage_andOnce() {
        java.lang.invoke.MethodHandles.Lookup here = java.lang.invoke.MethodHandles.lookup();
        assertThatThrownBy(() -> Codecs.register(here, org.jmojo.bindings.TestCalc.class, TestSchemas.COLOR))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("only code in org.jmojo.bindings may register the codec of "
                        + "org.jmojo.bindings.TestCalc, not ");
        assertThatThrownBy(() -> Codecs.register(here, Registered.class, "not a codec"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a codec or enum schema, nor an interface binding: class java.lang.String");
        assertThatThrownBy(() -> Codecs.register(here, Registered.class, Registered.POINT_CODEC))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("a codec of " + Registered.Point.class.getName() + " registered for "
                        + Registered.class.getName());
        Codecs.register(here, Registered.Point.class, Registered.POINT_CODEC);
        Codecs.register(here, Registered.Point.class, Registered.POINT_CODEC); // the same again: fine
        assertThat(Codecs.struct(Registered.Point.class)).isSameAs(Registered.POINT_CODEC);
        assertThatThrownBy(() -> Codecs.register(here, Registered.Point.class, new Registered.PointCodec()))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage(Registered.Point.class.getName() + " has a codec already");
        Codecs.register(here, Registered.Shade.class, TestSchemas.COLOR);
        assertThat(Codecs.enumSchema(Registered.Shade.class)).isSameAs(TestSchemas.COLOR);
        assertThatThrownBy(() -> Codecs.struct(Registered.Shade.class))
                .isExactlyInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void structCodec_serializeAndDeserialize_roundTrip_andRefuseBadBytes() throws Exception {
        StructCodec<Registered.Point> codec = Registered.POINT_CODEC;
        assertThat(codec.type()).isEqualTo(Registered.Point.class);
        assertThat(codec.schema()).isSameAs(TestSchemas.POINT);
        org.jmojo.system.Message m = codec.serialize(new Registered.Point(3, -4));
        assertThat(m.handles()).isEmpty();
        assertThat(m.bytes()).containsExactly(16, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, -4, -1, -1, -1);
        assertThat(codec.deserialize(m.bytes(), List.of())).isEqualTo(new Registered.Point(3, -4));
        assertThat(codec.deserialize(java.lang.foreign.MemorySegment.ofArray(m.bytes()), List.of()))
                .isEqualTo(new Registered.Point(3, -4));
        byte[] bad = m.bytes().clone();
        bad[0] = 8;
        assertThatThrownBy(() -> codec.deserialize(bad, List.of()))
                .isInstanceOfSatisfying(org.jmojo.bindings.ValidationException.class, e -> assertThat(e.error())
                        .isEqualTo(org.jmojo.bindings.ValidationError.VALIDATION_ERROR_UNEXPECTED_STRUCT_HEADER));
        ValidatingReader reader = ValidatingReader.forStruct(m.bytes(), List.of());
        assertThat(codec.read(reader, 0)).isEqualTo(new Registered.Point(3, -4));
    }

    /** Types to register codecs for, in this package. */
    static final class Registered {
        record Point(int x, int y) {}

        enum Shade { DARK }

        static final class PointCodec extends StructCodec<Point> {
            PointCodec() {
                super(Point.class, TestSchemas.POINT);
            }

            @Override
            public int encode(Encoder encoder, Point value) {
                int at = encoder.allocate(16);
                encoder.putStructHeader(at, 16, 0);
                encoder.putInt32(at + 8, value.x());
                encoder.putInt32(at + 12, value.y());
                return at;
            }

            @Override
            public long encodedSize(Point value) {
                return 16;
            }

            @Override
            public Point decode(ValidatingReader reader, long at) throws org.jmojo.bindings.ValidationException {
                reader.structHeader(at, TestSchemas.POINT);
                return new Point(reader.decoder().getInt32(at + 8), reader.decoder().getInt32(at + 12));
            }
        }

        static final PointCodec POINT_CODEC = new PointCodec();
    }

    @Test
    void optionalLookupsOfTheSchemas_areEmptyNotNull() {
        assertThat(TestSchemas.COLOR.byName("RED")).isEqualTo(Optional.of(new EnumSchema.Value("RED", 0)));
    }

    /**
     * A schema made here, not in a static field: its checks run in the test itself. Versions must
     * strictly increase and sizes never shrink (an equal size is fine); a field starts after the header.
     */
    @Test
    void structSchema_versionTable_strictlyIncreasingVersions_sizesNeverShrinking() {
        assertThat(new StructSchema("t.S", List.of(), List.of(new StructSchema.VersionSize(0, 8),
                new StructSchema.VersionSize(1, 8))).versions()).hasSize(2);
        assertThatThrownBy(() -> new StructSchema("t.S", List.of(),
                        List.of(new StructSchema.VersionSize(0, 8), new StructSchema.VersionSize(0, 16))))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("version table not increasing");
        assertThatThrownBy(() -> new StructSchema("t.S", List.of(),
                        List.of(new StructSchema.VersionSize(0, 16), new StructSchema.VersionSize(1, 8))))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("version table not increasing");
    }

    @Test
    void fieldSchema_offset8IsTheFirst_offset7Refused() {
        MojomKind int32 = new MojomKind.Primitive(MojomKind.PrimitiveType.INT32);
        assertThat(new FieldSchema("a", 0, int32, 8, 0, 0).offset()).isEqualTo(8);
        assertThatThrownBy(() -> new FieldSchema("a", 0, int32, 7, 0, 0))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset < 8");
    }
}

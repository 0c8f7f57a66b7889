package org.jmojo.bindings.runtime;

import java.util.List;
import org.jmojo.bindings.runtime.MojomKind.EndpointType;
import org.jmojo.bindings.runtime.MojomKind.HandleType;
import org.jmojo.bindings.runtime.MojomKind.PrimitiveType;

/** Hand-built schemas for the runtime tests (layouts follow docs/wire-format.md §3.3 packing). */
final class TestSchemas {

    private TestSchemas() {}

    static MojomKind prim(PrimitiveType t) {
        return new MojomKind.Primitive(t);
    }

    static StructSchema struct(String name, int numBytes, FieldSchema... fields) {
        return new StructSchema(name, List.of(fields), List.of(new StructSchema.VersionSize(0, numBytes)));
    }

    static FieldSchema field(String name, int ordinal, MojomKind kind, int offset) {
        return new FieldSchema(name, ordinal, kind, offset, 0, 0);
    }

    static final EnumSchema COLOR = new EnumSchema("t.Color",
            List.of(new EnumSchema.Value("RED", 0), new EnumSchema.Value("GREEN", 5),
                    new EnumSchema.Value("BLUE", -3)), false);

    static final EnumSchema OPEN_COLOR = new EnumSchema("t.OpenColor", COLOR.values(), true);

    /** {@code struct Point { int32 x; int32 y; }} */
    static final StructSchema POINT = struct("t.Point", 16,
            field("x", 0, prim(PrimitiveType.INT32), 8), field("y", 1, prim(PrimitiveType.INT32), 12));

    /** {@code union Inner { int64 big; string name; }} */
    static final UnionSchema INNER = new UnionSchema("t.Inner", List.of(
            new UnionSchema.Field("big", 0, prim(PrimitiveType.INT64)),
            new UnionSchema.Field("name", 1, new MojomKind.Str(false))), false, -1);

    static final MojomKind.Union INNER_KIND = new MojomKind.Union("t.Inner", () -> INNER, false);

    /**
     * {@code union Value { int32 num; string text; Inner inner; Point p; handle<message_pipe>? h;
     * Inner? maybe; }}
     */
    static final UnionSchema VALUE = new UnionSchema("t.Value", List.of(
            new UnionSchema.Field("num", 0, prim(PrimitiveType.INT32)),
            new UnionSchema.Field("text", 1, new MojomKind.Str(false)),
            new UnionSchema.Field("inner", 2, INNER_KIND),
            new UnionSchema.Field("p", 3, new MojomKind.Struct("t.Point", () -> POINT, false)),
            new UnionSchema.Field("h", 4, new MojomKind.Handle(HandleType.MESSAGE_PIPE, true)),
            new UnionSchema.Field("maybe", 5, new MojomKind.Union("t.Inner", () -> INNER, true))), false, -1);

    /** {@code [Extensible] union Ext { [Default] int32 unknown; string name; }} */
    static final UnionSchema EXT = new UnionSchema("t.Ext", List.of(
            new UnionSchema.Field("unknown", 0, prim(PrimitiveType.INT32)),
            new UnionSchema.Field("name", 1, new MojomKind.Str(false))), true, 0);

    static MojomKind.Union union(UnionSchema schema, boolean nullable) {
        return new MojomKind.Union(schema.name(), () -> schema, nullable);
    }

    static MojomKind.Struct structKind(StructSchema schema, boolean nullable) {
        return new MojomKind.Struct(schema.name(), () -> schema, nullable);
    }

    /** A struct with one field of every kind, at offsets a packer could produce. */
    static final StructSchema EVERYTHING = struct("t.Everything", 120,
            new FieldSchema("b", 0, prim(PrimitiveType.BOOL), 8, 0, 0),
            field("i8", 1, prim(PrimitiveType.INT8), 9),
            field("u16", 2, prim(PrimitiveType.UINT16), 10),
            field("i32", 3, prim(PrimitiveType.INT32), 12),
            field("i64", 4, prim(PrimitiveType.INT64), 16),
            field("f", 5, prim(PrimitiveType.FLOAT), 24),
            field("color", 6, new MojomKind.Enum(COLOR), 28),
            field("d", 7, prim(PrimitiveType.DOUBLE), 32),
            field("s", 8, new MojomKind.Str(true), 40),
            field("ints", 9, new MojomKind.Array(prim(PrimitiveType.INT32), 0, false), 48),
            field("bools", 10, new MojomKind.Array(prim(PrimitiveType.BOOL), 0, false), 56),
            field("dict", 11, new MojomKind.MapKind(new MojomKind.Str(false), prim(PrimitiveType.INT32), true), 64),
            field("point", 12, structKind(POINT, true), 72),
            field("value", 13, union(VALUE, true), 80),
            field("h", 14, new MojomKind.Handle(HandleType.GENERIC, true), 96),
            field("r", 15, new MojomKind.Endpoint(EndpointType.REMOTE, "t.Calc", true), 100),
            field("points", 16, new MojomKind.Array(structKind(POINT, true), 0, false), 112));

    /** {@code struct Recursive { Recursive? next; }} */
    static final StructSchema RECURSIVE = recursive();

    private static StructSchema recursive() {
        StructSchema[] self = new StructSchema[1];
        self[0] = struct("t.Recursive", 16, field("next", 0, new MojomKind.Struct("t.Recursive", () -> self[0], true), 8));
        return self[0];
    }

    static InterfaceSchema iface(StructSchema... requestParams) {
        MethodSchema[] methods = new MethodSchema[requestParams.length];
        for (int i = 0; i < requestParams.length; i++) {
            methods[i] = new MethodSchema("M" + i, i, requestParams[i], null, false, false);
        }
        return new InterfaceSchema("t.I", 0, List.of(methods));
    }
}

package org.jmojo.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jmojo.bindings.runtime.EnumSchema;
import org.jmojo.bindings.runtime.FieldSchema;
import org.jmojo.bindings.runtime.InterfaceSchema;
import org.jmojo.bindings.runtime.MethodSchema;
import org.jmojo.bindings.runtime.MojomKind;
import org.jmojo.bindings.runtime.StructSchema;
import org.jmojo.bindings.runtime.UnionSchema;
import org.jmojo.mojom.model.CompilationResult;
import org.jmojo.mojom.model.ConstantValue;
import org.jmojo.mojom.model.Definition;
import org.jmojo.mojom.model.EnumDef;
import org.jmojo.mojom.model.InterfaceDef;
import org.jmojo.mojom.model.Method;
import org.jmojo.mojom.model.MojomType;
import org.jmojo.mojom.model.StructDef;
import org.jmojo.mojom.model.StructField;
import org.jmojo.mojom.model.UnionDef;
import org.jmojo.mojom.model.UnionField;
import org.jmojo.mojom.model.VersionInfo;

/**
 * Turns the compiler's resolved, packed model into the runtime schema of
 * {@code org.jmojo.bindings.runtime}, so that the validator and the generic codec run on exactly
 * the layout the compiler computed.
 *
 * <p>Schemas are built on first use and cached; struct and union references resolve through the
 * cache when first followed, so recursive types work. Thread-safe: the caches are concurrent maps
 * and the first schema stored for a name wins, so every caller sees the same instance.
 */
public final class SchemaAdapter implements SchemaResolver {

    private final CompilationResult model;
    // Structs, unions and interfaces are cached with get/putIfAbsent, not computeIfAbsent:
    // building one of them looks up others, which a computeIfAbsent function must not do.
    private final Map<String, StructSchema> structs = new ConcurrentHashMap<>();
    private final Map<String, UnionSchema> unions = new ConcurrentHashMap<>();
    private final Map<String, EnumSchema> enums = new ConcurrentHashMap<>();
    private final Map<String, InterfaceSchema> interfaces = new ConcurrentHashMap<>();

    /** Adapts {@code model}, which must have no errors. */
    public SchemaAdapter(CompilationResult model) {
        this.model = Objects.requireNonNull(model, "model");
        if (model.hasErrors()) {
            throw new IllegalArgumentException("the model has compile errors: " + model.errors());
        }
    }

    /** The compiler model being adapted. */
    public CompilationResult model() {
        return model;
    }

    /**
     * Finds a definition by fully qualified name, or by simple name (or dotted suffix such as
     * {@code Outer.Inner}) when exactly one definition has it.
     */
    public Optional<Definition> lookup(String name) {
        Definition exact = model.definitions().get(name);
        if (exact != null) {
            return Optional.of(exact);
        }
        List<Definition> matches = model.definitions().values().stream()
                .filter(d -> d.fullName().endsWith("." + name)).toList();
        return matches.size() == 1 ? Optional.of(matches.getFirst()) : Optional.empty();
    }

    /** Like {@link #lookup} but fails with a message naming the problem. */
    public Definition find(String name) {
        return lookup(name).orElseThrow(() -> new IllegalArgumentException("no unique definition named " + name
                + " (known: " + model.definitions().keySet() + ")"));
    }

    @Override
    public Optional<InterfaceSchema> iface(String name) {
        return lookup(name).filter(InterfaceDef.class::isInstance).map(d -> interfaceSchema(d.fullName()));
    }

    @Override
    public Optional<StructSchema> struct(String name) {
        return lookup(name).filter(StructDef.class::isInstance).map(d -> struct((StructDef) d));
    }

    /** The runtime schema of the struct {@code name} (fully qualified or unique simple name). */
    public StructSchema structSchema(String name) {
        return struct(requireKind(find(name), StructDef.class));
    }

    /** The runtime schema of the interface {@code name} (fully qualified or unique simple name). */
    public InterfaceSchema interfaceSchema(String name) {
        InterfaceDef def = requireKind(find(name), InterfaceDef.class);
        InterfaceSchema cached = interfaces.get(def.fullName());
        if (cached != null) {
            return cached;
        }
        List<MethodSchema> methods = new ArrayList<>();
        for (Method m : def.methods()) {
            methods.add(new MethodSchema(m.name(), m.ordinal(), struct(m.params()),
                    m.response().map(this::struct).orElse(null), m.sync(), m.noInterrupt()));
        }
        InterfaceSchema schema = new InterfaceSchema(def.fullName(), def.version(), methods);
        InterfaceSchema raced = interfaces.putIfAbsent(def.fullName(), schema);
        return raced != null ? raced : schema;
    }

    private static <T> T requireKind(Definition d, Class<T> type) {
        if (!type.isInstance(d)) {
            throw new IllegalArgumentException(d.fullName() + " is a " + d.kind() + ", not a "
                    + type.getSimpleName().replace("Def", "").toLowerCase(java.util.Locale.ROOT));
        }
        return type.cast(d);
    }

    /** The runtime schema of a struct definition (also for method parameter structs). */
    public StructSchema struct(StructDef def) {
        StructSchema cached = structs.get(def.fullName());
        if (cached != null) {
            return cached;
        }
        List<FieldSchema> fields = new ArrayList<>();
        for (StructField f : def.fields()) {
            MojomKind kind = kind(f.type());
            Object defaultValue = f.defaultValue().map(c -> constant(c, kind)).orElse(null);
            fields.add(new FieldSchema(f.name(), f.ordinal(), kind, f.offset(), f.bit(), f.minVersion(), defaultValue));
        }
        List<StructSchema.VersionSize> versions = new ArrayList<>();
        for (VersionInfo v : def.versions()) {
            versions.add(new StructSchema.VersionSize(v.version(), v.numBytes()));
        }
        StructSchema schema = new StructSchema(def.fullName(), fields, versions);
        StructSchema raced = structs.putIfAbsent(def.fullName(), schema);
        return raced != null ? raced : schema;
    }

    private UnionSchema union(String fullName) {
        UnionSchema cached = unions.get(fullName);
        if (cached != null) {
            return cached;
        }
        UnionDef def = model.union(fullName);
        List<UnionSchema.Field> fields = new ArrayList<>();
        int defaultTag = -1;
        for (UnionField f : def.fields()) {
            fields.add(new UnionSchema.Field(f.name(), f.tag(), kind(f.type())));
            if (f.isDefault()) {
                defaultTag = f.tag();
            }
        }
        UnionSchema schema = new UnionSchema(def.fullName(), fields, def.extensible(), defaultTag);
        UnionSchema raced = unions.putIfAbsent(fullName, schema);
        return raced != null ? raced : schema;
    }

    /** The runtime schema of the enum {@code fullName}. */
    public EnumSchema enumSchema(String fullName) {
        return enums.computeIfAbsent(fullName, n -> {
            EnumDef def = model.enumDef(n);
            return new EnumSchema(def.fullName(),
                    def.values().stream().map(v -> new EnumSchema.Value(v.name(), v.value())).toList(),
                    def.extensible());
        });
    }

    /** The runtime kind of a compiler type. */
    public MojomKind kind(MojomType type) {
        return switch (type) {
            case MojomType.Primitive p -> new MojomKind.Primitive(MojomKind.PrimitiveType.valueOf(p.kind().name()));
            case MojomType.StringType s -> new MojomKind.Str(s.nullable());
            case MojomType.HandleType h -> new MojomKind.Handle(MojomKind.HandleType.valueOf(h.kind().name()),
                    h.nullable());
            case MojomType.ArrayType a -> new MojomKind.Array(kind(a.element()), a.fixedLength(), a.nullable());
            case MojomType.MapType m -> new MojomKind.MapKind(kind(m.key()), kind(m.value()), m.nullable());
            case MojomType.StructRef s -> new MojomKind.Struct(s.fullName(),
                    () -> struct(model.struct(s.fullName())), s.nullable());
            case MojomType.UnionRef u -> new MojomKind.Union(u.fullName(), () -> union(u.fullName()), u.nullable());
            case MojomType.EnumRef e -> new MojomKind.Enum(enumSchema(e.fullName()));
            case MojomType.EndpointType ep -> new MojomKind.Endpoint(
                    MojomKind.EndpointType.valueOf(ep.kind().name()), ep.interfaceName(), ep.nullable());
        };
    }

    /** A declared default in the value-tree form of {@code ValueCodec}. */
    private Object constant(ConstantValue c, MojomKind kind) {
        return switch (c) {
            case ConstantValue.BoolValue b -> b.value();
            case ConstantValue.StringValue s -> s.value();
            case ConstantValue.EnumConstant e -> e.value();
            case ConstantValue.DefaultStruct ignored -> Map.of();
            case ConstantValue.IntegerValue i -> switch (kind) {
                case MojomKind.Primitive p when p.type() == MojomKind.PrimitiveType.FLOAT -> i.value().floatValue();
                case MojomKind.Primitive p when p.type() == MojomKind.PrimitiveType.DOUBLE -> i.value().doubleValue();
                case MojomKind.Enum ignored -> i.value().intValue();
                default -> normalizeInteger(i.longBits(), kind);
            };
            case ConstantValue.FloatValue f -> kind instanceof MojomKind.Primitive p
                    && p.type() == MojomKind.PrimitiveType.FLOAT ? (Object) (float) f.value() : (Object) f.value();
        };
    }

    /** An integer as the decoder reports it: unsigned kinds below 64 bits as their unsigned value. */
    static Long normalizeInteger(long bits, MojomKind kind) {
        if (kind instanceof MojomKind.Primitive p) {
            return switch (p.type()) {
                case INT8 -> (long) (byte) bits;
                case UINT8 -> bits & 0xFF;
                case INT16 -> (long) (short) bits;
                case UINT16 -> bits & 0xFFFF;
                case INT32 -> (long) (int) bits;
                case UINT32 -> bits & 0xFFFF_FFFFL;
                default -> bits;
            };
        }
        return bits;
    }
}

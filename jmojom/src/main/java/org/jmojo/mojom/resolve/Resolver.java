package org.jmojo.mojom.resolve;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jmojo.mojom.ast.Ast;
import org.jmojo.mojom.ast.Reporter;
import org.jmojo.mojom.model.Attribute;
import org.jmojo.mojom.model.Attributes;
import org.jmojo.mojom.model.ConstDef;
import org.jmojo.mojom.model.ConstantValue;
import org.jmojo.mojom.model.Definition;
import org.jmojo.mojom.model.EnumDef;
import org.jmojo.mojom.model.EnumValue;
import org.jmojo.mojom.model.FeatureDef;
import org.jmojo.mojom.model.InterfaceDef;
import org.jmojo.mojom.model.Method;
import org.jmojo.mojom.model.MojomFile;
import org.jmojo.mojom.model.MojomType;
import org.jmojo.mojom.model.MojomType.EndpointKind;
import org.jmojo.mojom.model.MojomType.PrimitiveKind;
import org.jmojo.mojom.model.SourcePosition;
import org.jmojo.mojom.model.StructDef;
import org.jmojo.mojom.model.StructField;
import org.jmojo.mojom.model.UnionDef;
import org.jmojo.mojom.model.UnionField;
import org.jmojo.mojom.model.VersionInfo;
import org.jmojo.mojom.pack.Packer;
import org.jmojo.mojom.resolve.AttributeRules.Place;

/**
 * Turns parsed files into the resolved model: names, imports, ordinals, versions, constants,
 * attribute rules, then packing. Every broken rule is reported with its position; resolution
 * goes on after an error so one run reports as many problems as it can. A definition that fails
 * to resolve is left out of the model. Not thread-safe; one instance per compilation.
 */
public final class Resolver {

    private static final BigInteger INT32_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT32_MAX = BigInteger.valueOf(Integer.MAX_VALUE);

    private static final Map<String, Double> BUILTIN_VALUES = Map.of(
            "double.INFINITY", Double.POSITIVE_INFINITY,
            "double.NEGATIVE_INFINITY", Double.NEGATIVE_INFINITY,
            "double.NAN", Double.NaN,
            "float.INFINITY", Double.POSITIVE_INFINITY,
            "float.NEGATIVE_INFINITY", Double.NEGATIVE_INFINITY,
            "float.NAN", Double.NaN);

    /** A named definition, with the scopes used for lookups around and inside it. */
    private static final class Sym {
        final String fullName;
        final Ast.Definition node;
        final Unit unit;
        /** Scope in which the definition is declared (module parts, enclosing definitions). */
        final List<String> outer;
        /** Scope for names used inside the definition. */
        final List<String> inner;

        Sym(String fullName, Ast.Definition node, Unit unit, List<String> outer) {
            this.fullName = fullName;
            this.node = node;
            this.unit = unit;
            this.outer = outer;
            List<String> in = new ArrayList<>(outer);
            in.add(node.name());
            this.inner = List.copyOf(in);
        }
    }

    /** A named value: a const ({@code enumIndex < 0}) or one enumerator of an enum. */
    private record ValueSym(Sym owner, int enumIndex) {}

    /** Where a name is used: the file and the scope chain. */
    private record Ctx(Unit unit, List<String> scope) {}

    private final Reporter reporter;
    private final Map<String, List<Sym>> types = new HashMap<>();
    private final Map<String, List<ValueSym>> values = new HashMap<>();
    private final Map<Ast.Definition, Sym> symOf = new IdentityHashMap<>();
    private final Map<Sym, Optional<Definition>> built = new IdentityHashMap<>();
    private final Set<Sym> inProgress = new HashSet<>();

    /** Creates a resolver that reports to {@code reporter}. */
    public Resolver(Reporter reporter) {
        this.reporter = reporter;
    }

    /**
     * Resolves the units. Every unit reachable through imports must be in the list.
     *
     * @return one resolved file per unit, same order
     */
    public List<MojomFile> resolve(List<Unit> units) {
        for (Unit u : units) {
            declare(u);
        }
        List<MojomFile> out = new ArrayList<>();
        for (Unit u : units) {
            out.add(resolveUnit(u));
        }
        for (Unit u : units) {
            for (Ast.Definition d : u.ast().definitions()) {
                checkStable(symOf.get(d));
            }
        }
        return out;
    }

    // ---- declaration ------------------------------------------------------------------------------

    private static List<String> moduleScope(Unit u) {
        return u.module().isEmpty() ? List.of() : List.of(u.module().split("\\."));
    }

    private static String qualify(List<String> scope, String name) {
        return scope.isEmpty() ? name : String.join(".", scope) + "." + name;
    }

    private void declare(Unit u) {
        List<String> scope = moduleScope(u);
        for (Ast.Definition d : u.ast().definitions()) {
            Sym s = declareOne(d, u, scope);
            switch (d) {
                case Ast.Struct st -> declareMembers(st.members(), u, s.inner);
                case Ast.Interface in -> declareMembers(in.members(), u, s.inner);
                case Ast.Feature f -> f.consts().forEach(c -> declareOne(c, u, s.inner));
                default -> {}
            }
        }
    }

    private void declareMembers(List<Ast.Member> members, Unit u, List<String> scope) {
        for (Ast.Member m : members) {
            if (m instanceof Ast.Enum e) {
                declareOne(e, u, scope);
            } else if (m instanceof Ast.Const c) {
                declareOne(c, u, scope);
            }
        }
    }

    private Sym declareOne(Ast.Definition d, Unit u, List<String> scope) {
        String full = qualify(scope, d.name());
        Sym s = new Sym(full, d, u, scope);
        symOf.put(d, s);
        boolean isValue = d instanceof Ast.Const;
        List<Sym> sameName = new ArrayList<>(types.getOrDefault(full, List.of()));
        values.getOrDefault(full, List.of()).forEach(v -> sameName.add(v.owner()));
        for (Sym other : sameName) {
            if (u.sees(other.unit) || other.unit.sees(u)) {
                reporter.error(d.position(), "'" + full + "' is already defined at " + other.node.position());
                return s;
            }
        }
        if (isValue) {
            values.computeIfAbsent(full, k -> new ArrayList<>()).add(new ValueSym(s, -1));
        } else {
            types.computeIfAbsent(full, k -> new ArrayList<>()).add(s);
        }
        if (d instanceof Ast.Enum e) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < e.values().size(); i++) {
                Ast.EnumValue v = e.values().get(i);
                if (!seen.add(v.name())) {
                    reporter.error(v.position(), "enum value '" + v.name() + "' is defined twice in enum " + full);
                    continue;
                }
                values.computeIfAbsent(full + "." + v.name(), k -> new ArrayList<>()).add(new ValueSym(s, i));
            }
        }
        return s;
    }

    // ---- lookup -----------------------------------------------------------------------------------

    private <T> T lookup(Map<String, List<T>> table, java.util.function.Function<T, Unit> unitOf, String name, Ctx ctx) {
        for (int i = ctx.scope().size(); i >= 0; i--) {
            String candidate = qualify(ctx.scope().subList(0, i), name);
            for (T t : table.getOrDefault(candidate, List.of())) {
                if (ctx.unit().sees(unitOf.apply(t))) {
                    return t;
                }
            }
        }
        return null;
    }

    private Sym lookupType(String name, Ctx ctx) {
        return lookup(types, s -> s.unit, name, ctx);
    }

    private ValueSym lookupValue(String name, Ctx ctx) {
        return lookup(values, v -> v.owner().unit, name, ctx);
    }

    // ---- files and definitions --------------------------------------------------------------------

    private MojomFile resolveUnit(Unit u) {
        Ast.File f = u.ast();
        Attributes moduleAttrs = f.module() == null ? Attributes.NONE : f.module().attributes();
        AttributeRules.check(moduleAttrs, Place.MODULE, u.module(), reporter);
        for (Ast.Import imp : f.imports()) {
            AttributeRules.check(imp.attributes(), Place.IMPORT, "\"" + imp.path() + "\"", reporter);
        }
        List<Definition> defs = new ArrayList<>();
        for (Ast.Definition d : f.definitions()) {
            definition(symOf.get(d)).ifPresent(defs::add);
        }
        return new MojomFile(f.path(), u.importName(), u.module(), moduleAttrs,
                f.imports().stream().map(Ast.Import::path).toList(), defs);
    }

    private Optional<Definition> definition(Sym s) {
        Optional<Definition> done = built.get(s);
        if (done != null) {
            return done;
        }
        if (!inProgress.add(s)) {
            return Optional.empty();
        }
        Definition d;
        try {
            d = switch (s.node) {
                case Ast.Struct st -> struct(s, st);
                case Ast.Union un -> union(s, un);
                case Ast.Enum en -> enumDef(s, en);
                case Ast.Const c -> constDef(s, c);
                case Ast.Interface in -> iface(s, in);
                case Ast.Feature fe -> feature(s, fe);
            };
        } finally {
            inProgress.remove(s);
        }
        Optional<Definition> result = Optional.ofNullable(d);
        built.put(s, result);
        return result;
    }

    private Optional<EnumDef> enumOf(Sym s) {
        return definition(s).map(EnumDef.class::cast);
    }

    // ---- types ------------------------------------------------------------------------------------

    private MojomType type(Ast.Type t, Ctx ctx) {
        return switch (t) {
            case Ast.BuiltinType b -> {
                if (b.nullable() && b.type() instanceof MojomType.Primitive) {
                    reporter.error(b.position(), "type '" + b.type().mojomName() + "' cannot be nullable: only "
                            + "strings, arrays, maps, structs, unions, handles and interfaces can");
                    yield null;
                }
                yield b.nullable() ? b.type().withNullable(true) : b.type();
            }
            case Ast.ArrayType a -> {
                MojomType element = type(a.element(), ctx);
                yield element == null ? null : new MojomType.ArrayType(element, a.fixedLength(), a.nullable());
            }
            case Ast.MapType m -> {
                MojomType key = type(m.key(), ctx);
                MojomType value = type(m.value(), ctx);
                if (key == null || value == null) {
                    yield null;
                }
                if (key.nullable() || key.isHandleLike() || key instanceof MojomType.ArrayType
                        || key instanceof MojomType.MapType || key instanceof MojomType.UnionRef) {
                    reporter.error(m.key().position(), "type '" + key.mojomName() + "' cannot be a map key: keys "
                            + "must be non-nullable numbers, enums, strings or structs");
                    yield null;
                }
                yield new MojomType.MapType(key, value, m.nullable());
            }
            case Ast.EndpointType e -> {
                Sym s = lookupType(e.interfaceName(), ctx);
                if (s == null) {
                    reporter.error(e.position(), "unknown interface '" + e.interfaceName() + "'");
                    yield null;
                }
                if (!(s.node instanceof Ast.Interface)) {
                    reporter.error(e.position(), e.kind().mojomName() + "<" + e.interfaceName() + "> needs an "
                            + "interface, but '" + s.fullName + "' is " + describe(s.node));
                    yield null;
                }
                yield new MojomType.EndpointType(e.kind(), s.fullName, e.nullable());
            }
            case Ast.NamedType n -> named(n, ctx);
        };
    }

    private MojomType named(Ast.NamedType n, Ctx ctx) {
        Sym s = lookupType(n.name(), ctx);
        if (s == null) {
            ValueSym v = lookupValue(n.name(), ctx);
            if (v != null) {
                reporter.error(n.position(), "'" + n.name() + "' is " + (v.enumIndex() < 0 ? "a const" : "an enum value")
                        + ", not a type");
            } else {
                reporter.error(n.position(), "unknown type '" + n.name() + "'");
            }
            return null;
        }
        if (!(s.node instanceof Ast.Interface) && (n.request() || n.associated())) {
            String syntax = n.associated() ? "associated " + n.name() + (n.request() ? "&" : "") : n.name() + "&";
            reporter.error(n.position(), "'" + syntax + "' needs an interface, but '" + s.fullName + "' is "
                    + describe(s.node));
            return null;
        }
        return switch (s.node) {
            case Ast.Struct st -> new MojomType.StructRef(s.fullName, n.nullable());
            case Ast.Union un -> new MojomType.UnionRef(s.fullName, n.nullable());
            case Ast.Enum en -> {
                if (n.nullable()) {
                    reporter.error(n.position(), "enum type '" + n.name() + "' cannot be nullable");
                    yield null;
                }
                yield new MojomType.EnumRef(s.fullName);
            }
            case Ast.Interface in -> {
                EndpointKind kind = n.associated()
                        ? (n.request() ? EndpointKind.ASSOCIATED_RECEIVER : EndpointKind.ASSOCIATED_REMOTE)
                        : (n.request() ? EndpointKind.RECEIVER : EndpointKind.REMOTE);
                yield new MojomType.EndpointType(kind, s.fullName, n.nullable());
            }
            default -> {
                reporter.error(n.position(), "'" + s.fullName + "' is " + describe(s.node) + ", not a type");
                yield null;
            }
        };
    }

    private static String describe(Ast.Definition d) {
        return switch (d) {
            case Ast.Struct s -> "a struct";
            case Ast.Union u -> "a union";
            case Ast.Enum e -> "an enum";
            case Ast.Const c -> "a const";
            case Ast.Interface i -> "an interface";
            case Ast.Feature f -> "a feature";
        };
    }

    // ---- values -----------------------------------------------------------------------------------

    private ConstantValue value(Ast.Value v, MojomType target, Ctx ctx, String what) {
        SourcePosition pos = v.position();
        return switch (v) {
            case Ast.DefaultLiteral d -> coerce(new ConstantValue.DefaultStruct(), "'default'", target, pos, what);
            case Ast.IntLiteral i -> coerce(new ConstantValue.IntegerValue(i.value()), i.text(), target, pos, what);
            case Ast.FloatLiteral f -> coerce(new ConstantValue.FloatValue(f.value()), f.text(), target, pos, what);
            case Ast.StringLiteral s -> coerce(new ConstantValue.StringValue(s.value()), "string \"" + s.value() + "\"",
                    target, pos, what);
            case Ast.BoolLiteral b -> coerce(new ConstantValue.BoolValue(b.value()), Boolean.toString(b.value()),
                    target, pos, what);
            case Ast.NameRef r -> {
                ConstantValue named = namedValue(r, target, ctx);
                yield named == null ? null : coerce(named, "'" + r.name() + "'", target, pos, what);
            }
        };
    }

    /** Resolves a name used as a value; reports and returns null if it names nothing usable. */
    private ConstantValue namedValue(Ast.NameRef r, MojomType target, Ctx ctx) {
        ValueSym vs = lookupValue(r.name(), ctx);
        if (vs == null && target instanceof MojomType.EnumRef e) {
            // As in Chromium, a bare enumerator name may be used where the enum type is implied.
            Sym enumSym = types.getOrDefault(e.fullName(), List.of()).stream().findFirst().orElse(null);
            if (enumSym != null) {
                vs = lookupValue(r.name(), new Ctx(enumSym.unit, enumSym.inner));
            }
        }
        if (vs == null) {
            Double builtin = BUILTIN_VALUES.get(r.name());
            if (builtin != null) {
                return new ConstantValue.FloatValue(builtin);
            }
            reporter.error(r.position(), "unknown identifier '" + r.name() + "'");
            return null;
        }
        if (vs.enumIndex() < 0) {
            if (inProgress.contains(vs.owner())) {
                reporter.error(r.position(), "const '" + vs.owner().fullName + "' is defined in terms of itself");
                return null;
            }
            return definition(vs.owner()).map(d -> ((ConstDef) d).value()).orElse(null);
        }
        if (inProgress.contains(vs.owner())) {
            reporter.error(r.position(), "enum value '" + r.name() + "' refers to enum " + vs.owner().fullName
                    + ", which is still being defined");
            return null;
        }
        Optional<EnumDef> e = enumOf(vs.owner());
        if (e.isEmpty()) {
            return null;
        }
        String valueName = ((Ast.Enum) vs.owner().node).values().get(vs.enumIndex()).name();
        EnumValue ev = e.get().value(valueName).orElse(null);
        return ev == null ? null : new ConstantValue.EnumConstant(e.get().fullName(), ev.name(), ev.value());
    }

    /** Converts a value to the target type, checking kind and range. */
    private ConstantValue coerce(ConstantValue v, String shown, MojomType target, SourcePosition pos, String what) {
        String tn = target.mojomName();
        switch (target) {
            case MojomType.Primitive p when p.kind().isInteger() -> {
                if (v instanceof ConstantValue.IntegerValue i) {
                    BigInteger[] range = range(p.kind());
                    if (i.value().compareTo(range[0]) < 0 || i.value().compareTo(range[1]) > 0) {
                        reporter.error(pos, "value " + i.value() + " of " + what + " is out of range for " + tn
                                + " (" + range[0] + ".." + range[1] + ")");
                        return null;
                    }
                    return v;
                }
            }
            case MojomType.Primitive p when p.kind().isFloatingPoint() -> {
                double d;
                if (v instanceof ConstantValue.IntegerValue i) {
                    d = i.value().doubleValue();
                } else if (v instanceof ConstantValue.FloatValue f) {
                    d = f.value();
                } else {
                    break;
                }
                if (p.kind() == PrimitiveKind.FLOAT) {
                    float rounded = (float) d;
                    if (Float.isInfinite(rounded) && !Double.isInfinite(d)) {
                        reporter.error(pos, "value " + shown + " of " + what + " is out of range for float");
                        return null;
                    }
                    d = rounded;
                }
                return new ConstantValue.FloatValue(d);
            }
            case MojomType.Primitive p -> {
                if (v instanceof ConstantValue.BoolValue) {
                    return v;
                }
            }
            case MojomType.StringType s -> {
                if (v instanceof ConstantValue.StringValue) {
                    return v;
                }
            }
            case MojomType.EnumRef e -> {
                if (v instanceof ConstantValue.EnumConstant c && c.enumName().equals(e.fullName())) {
                    return v;
                }
            }
            case MojomType.StructRef s -> {
                if (v instanceof ConstantValue.DefaultStruct) {
                    return v;
                }
                reporter.error(pos, what + " of struct type " + tn + " can only default to 'default', not " + shown);
                return null;
            }
            default -> {
                reporter.error(pos, what + " of type " + tn + " cannot have a default value");
                return null;
            }
        }
        if (v instanceof ConstantValue.DefaultStruct) {
            reporter.error(pos, "'default' is only valid for struct-typed fields, not for " + what + " of type " + tn);
        } else {
            reporter.error(pos, "cannot use " + shown + " (" + kindOf(v) + ") as the value of " + what + " of type " + tn);
        }
        return null;
    }

    private static String kindOf(ConstantValue v) {
        return switch (v) {
            case ConstantValue.IntegerValue i -> "an integer";
            case ConstantValue.FloatValue f -> "a floating-point value";
            case ConstantValue.BoolValue b -> "a bool";
            case ConstantValue.StringValue s -> "a string";
            case ConstantValue.EnumConstant e -> "a value of enum " + e.enumName();
            case ConstantValue.DefaultStruct d -> "a default struct";
        };
    }

    private static BigInteger[] range(PrimitiveKind k) {
        return switch (k) {
            case INT8 -> new BigInteger[] {BigInteger.valueOf(Byte.MIN_VALUE), BigInteger.valueOf(Byte.MAX_VALUE)};
            case UINT8 -> new BigInteger[] {BigInteger.ZERO, BigInteger.valueOf(0xFF)};
            case INT16 -> new BigInteger[] {BigInteger.valueOf(Short.MIN_VALUE), BigInteger.valueOf(Short.MAX_VALUE)};
            case UINT16 -> new BigInteger[] {BigInteger.ZERO, BigInteger.valueOf(0xFFFF)};
            case INT32 -> new BigInteger[] {INT32_MIN, INT32_MAX};
            case UINT32 -> new BigInteger[] {BigInteger.ZERO, BigInteger.valueOf(0xFFFF_FFFFL)};
            case INT64 -> new BigInteger[] {BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE)};
            case UINT64 -> new BigInteger[] {BigInteger.ZERO, BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)};
            default -> throw new IllegalArgumentException("not an integer kind: " + k);
        };
    }

    // ---- enums and consts -------------------------------------------------------------------------

    private EnumDef enumDef(Sym s, Ast.Enum e) {
        AttributeRules.check(e.attributes(), Place.ENUM, s.fullName, reporter);
        boolean extensible = AttributeRules.flag(e.attributes(), "Extensible");
        boolean ok = true;
        if (!e.hasBody()) {
            if (!AttributeRules.flag(e.attributes(), "Native")) {
                reporter.error(e.position(), "native-only enum declaration 'enum " + e.name() + ";' needs [Native]");
                return null;
            }
            return new EnumDef(e.name(), s.fullName, e.attributes(), e.position(), List.of(), extensible, true);
        }
        if (AttributeRules.flag(e.attributes(), "Stable") && !extensible) {
            reporter.error(e.position(), "[Stable] enum " + s.fullName + " must also be [Extensible]");
        }
        Ctx ctx = new Ctx(s.unit, s.inner);
        Map<String, Integer> defined = new LinkedHashMap<>();
        List<EnumValue> out = new ArrayList<>();
        long previous = -1;
        EnumValue defaultValue = null;
        for (Ast.EnumValue v : e.values()) {
            AttributeRules.check(v.attributes(), Place.ENUM_VALUE, s.fullName + "." + v.name(), reporter);
            Long value = null;
            if (v.value() == null) {
                value = previous + 1;
            } else if (v.value() instanceof Ast.IntLiteral lit) {
                if (lit.value().compareTo(INT32_MIN) < 0 || lit.value().compareTo(INT32_MAX) > 0) {
                    reporter.error(lit.position(), "enum value " + v.name() + " = " + lit.value()
                            + " is out of the int32 range");
                } else {
                    value = lit.value().longValue();
                }
            } else if (v.value() instanceof Ast.NameRef ref) {
                value = enumReference(ref, s, ctx, defined);
            } else {
                reporter.error(v.value().position(), "enum value " + v.name() + " must be an integer or the name of "
                        + "another enum value");
            }
            if (value == null) {
                ok = false;
                value = previous + 1;
            } else if (value > Integer.MAX_VALUE) {
                reporter.error(v.position(), "enum value " + v.name() + " = " + value + " is out of the int32 range");
                ok = false;
            }
            previous = value;
            defined.putIfAbsent(v.name(), value.intValue());
            boolean isDefault = AttributeRules.flag(v.attributes(), "Default");
            EnumValue ev = new EnumValue(v.name(), value.intValue(), AttributeRules.minVersion(v.attributes()),
                    isDefault, v.attributes(), v.position());
            if (isDefault) {
                if (!extensible) {
                    reporter.error(v.attributes().get("Default").orElseThrow().position(),
                            "[Default] on " + v.name() + " is only allowed in an [Extensible] enum; " + s.fullName
                                    + " is not extensible");
                } else if (defaultValue != null) {
                    reporter.error(v.attributes().get("Default").orElseThrow().position(),
                            "enum " + s.fullName + " has more than one [Default] value: " + defaultValue.name()
                                    + " and " + v.name());
                } else {
                    defaultValue = ev;
                }
            }
            out.add(ev);
        }
        return ok ? new EnumDef(e.name(), s.fullName, e.attributes(), e.position(), out, extensible, false) : null;
    }

    private Long enumReference(Ast.NameRef ref, Sym self, Ctx ctx, Map<String, Integer> definedSoFar) {
        ValueSym vs = lookupValue(ref.name(), ctx);
        if (vs == null) {
            reporter.error(ref.position(), "unknown identifier '" + ref.name() + "' in the value of an enum");
            return null;
        }
        if (vs.owner() == self) {
            String name = ((Ast.Enum) self.node).values().get(vs.enumIndex()).name();
            Integer v = definedSoFar.get(name);
            if (v == null) {
                reporter.error(ref.position(), "enum value '" + ref.name() + "' is used before it is defined");
                return null;
            }
            return v.longValue();
        }
        if (inProgress.contains(vs.owner())) {
            reporter.error(ref.position(), "'" + ref.name() + "' is defined in terms of itself");
            return null;
        }
        if (vs.enumIndex() >= 0) {
            String name = ((Ast.Enum) vs.owner().node).values().get(vs.enumIndex()).name();
            return enumOf(vs.owner()).flatMap(d -> d.value(name)).map(x -> (long) x.value()).orElse(null);
        }
        Optional<Definition> c = definition(vs.owner());
        if (c.isEmpty()) {
            return null;
        }
        ConstDef cd = (ConstDef) c.get();
        if (!(cd.type() instanceof MojomType.Primitive p && p.kind().isInteger())
                || !(cd.value() instanceof ConstantValue.IntegerValue iv)) {
            reporter.error(ref.position(), "enum values must be integers, but const " + cd.fullName() + " has type "
                    + cd.type().mojomName());
            return null;
        }
        return iv.value().longValue();
    }

    private ConstDef constDef(Sym s, Ast.Const c) {
        AttributeRules.check(c.attributes(), Place.CONST, s.fullName, reporter);
        Ctx ctx = new Ctx(s.unit, s.outer);
        MojomType t = type(c.type(), ctx);
        if (t == null) {
            return null;
        }
        boolean allowed = t instanceof MojomType.Primitive || t instanceof MojomType.EnumRef
                || (t instanceof MojomType.StringType st && !st.nullable());
        if (!allowed) {
            reporter.error(c.type().position(), "const " + s.fullName + " has type " + t.mojomName()
                    + "; consts must be a primitive, a string or an enum");
            return null;
        }
        ConstantValue v = value(c.value(), t, ctx, "const " + s.fullName);
        return v == null ? null : new ConstDef(c.name(), s.fullName, c.attributes(), c.position(), t, v);
    }

    private List<EnumDef> nestedEnums(List<Ast.Member> members) {
        List<EnumDef> out = new ArrayList<>();
        for (Ast.Member m : members) {
            if (m instanceof Ast.Enum e) {
                definition(symOf.get(e)).ifPresent(d -> out.add((EnumDef) d));
            }
        }
        return out;
    }

    private List<ConstDef> nestedConsts(List<? extends Ast.Member> members) {
        List<ConstDef> out = new ArrayList<>();
        for (Ast.Member m : members) {
            if (m instanceof Ast.Const c) {
                definition(symOf.get(c)).ifPresent(d -> out.add((ConstDef) d));
            }
        }
        return out;
    }

    // ---- structs ----------------------------------------------------------------------------------

    private StructDef struct(Sym s, Ast.Struct st) {
        AttributeRules.check(st.attributes(), Place.STRUCT, s.fullName, reporter);
        List<EnumDef> enums = nestedEnums(st.members());
        List<ConstDef> consts = nestedConsts(st.members());
        if (!st.hasBody()) {
            if (!AttributeRules.flag(st.attributes(), "Native")) {
                reporter.error(st.position(), "native-only struct declaration 'struct " + st.name() + ";' needs [Native]");
                return null;
            }
            return new StructDef(st.name(), s.fullName, st.attributes(), st.position(), List.of(),
                    List.of(new VersionInfo(0, Packer.HEADER_SIZE, 0)), enums, consts, true);
        }
        List<Ast.Field> fields = new ArrayList<>();
        for (Ast.Member m : st.members()) {
            if (m instanceof Ast.Field f) {
                fields.add(f);
            }
        }
        Packed p = packFields(fields, "struct " + s.fullName, s.fullName, st.position(), new Ctx(s.unit, s.inner), Place.STRUCT_FIELD);
        if (p == null) {
            return null;
        }
        return new StructDef(st.name(), s.fullName, st.attributes(), st.position(), p.fields, p.versions, enums,
                consts, false);
    }

    private record Packed(List<StructField> fields, List<VersionInfo> versions) {}

    /**
     * Resolves, checks and packs the fields of a struct or a parameter list. Returns null if any
     * rule is broken (each is reported).
     */
    private Packed packFields(
            List<Ast.Field> fields, String owner, String ownerName, SourcePosition ownerPos, Ctx ctx, Place place) {
        boolean ok = true;
        String what = place == Place.PARAMETER ? "parameter" : "field";
        Map<String, Ast.Field> names = new HashMap<>();
        for (Ast.Field f : fields) {
            AttributeRules.check(f.attributes(), place, ownerName + "." + f.name(), reporter);
            Ast.Field prev = names.putIfAbsent(f.name(), f);
            if (prev != null) {
                reporter.error(f.position(), what + " '" + f.name() + "' is declared twice in " + owner
                        + " (first at " + prev.position() + ")");
                ok = false;
            }
        }
        // Ordinals: explicit @N, else previous + 1; they must be exactly 0..n-1.
        int[] ordinals = new int[fields.size()];
        Map<Long, Ast.Field> byOrdinal = new HashMap<>();
        long next = 0;
        for (int i = 0; i < fields.size(); i++) {
            Ast.Field f = fields.get(i);
            long ord = f.ordinal() != null ? f.ordinal().value() : next;
            next = ord + 1;
            Ast.Field prev = byOrdinal.putIfAbsent(ord, f);
            if (prev != null) {
                SourcePosition at = f.ordinal() != null ? f.ordinal().position() : f.position();
                reporter.error(at, "ordinal @" + ord + " of " + what + " '" + f.name() + "' in " + owner
                        + " is already used by '" + prev.name() + "'");
                ok = false;
            }
            ordinals[i] = (int) Math.min(ord, Integer.MAX_VALUE);
        }
        if (ok) {
            List<Long> missing = new ArrayList<>();
            for (long o = 0; o < fields.size(); o++) {
                if (!byOrdinal.containsKey(o)) {
                    missing.add(o);
                }
            }
            if (!missing.isEmpty()) {
                reporter.error(ownerPos, owner + " must use contiguous ordinals starting from 0; missing: "
                        + missing.stream().map(o -> "@" + o).toList());
                ok = false;
            }
        }
        List<MojomType> typesOf = new ArrayList<>();
        List<Optional<ConstantValue>> defaults = new ArrayList<>();
        for (Ast.Field f : fields) {
            MojomType t = type(f.type(), ctx);
            typesOf.add(t);
            Optional<ConstantValue> dv = Optional.empty();
            if (t == null) {
                ok = false;
            } else if (f.defaultValue() != null) {
                ConstantValue v = value(f.defaultValue(), t, ctx, what + " " + f.name());
                if (v == null) {
                    ok = false;
                }
                dv = Optional.ofNullable(v);
            }
            defaults.add(dv);
        }
        if (!ok) {
            return null;
        }
        // Versions, walking in ordinal order (docs/wire-format.md §3.4).
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> Integer.compare(ordinals[a], ordinals[b]));
        int lastVersion = 0;
        Ast.Field lastVersioned = null;
        for (int i : order) {
            Ast.Field f = fields.get(i);
            int mv = AttributeRules.minVersion(f.attributes());
            SourcePosition at = f.attributes().get("MinVersion").map(Attribute::position).orElse(f.position());
            if (mv < lastVersion) {
                reporter.error(at, what + " '" + f.name() + "' of " + owner + " has MinVersion " + mv
                        + ", lower than the MinVersion " + lastVersion + " of '" + lastVersioned.name()
                        + "', which comes before it in ordinal order");
                ok = false;
            }
            if (mv > 0 && !typesOf.get(i).nullable() && isReference(typesOf.get(i))) {
                reporter.error(at, what + " '" + f.name() + "' of " + owner + " has MinVersion " + mv
                        + " and reference type " + typesOf.get(i).mojomName() + ", so it must be nullable");
                ok = false;
            }
            if (mv > lastVersion) {
                lastVersion = mv;
                lastVersioned = f;
            }
        }
        if (!ok) {
            return null;
        }
        List<Packer.Input> inputs = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            inputs.add(new Packer.Input(ordinals[i], typesOf.get(i), AttributeRules.minVersion(fields.get(i).attributes())));
        }
        Packer.Layout layout = Packer.pack(inputs);
        List<StructField> out = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            Ast.Field f = fields.get(i);
            Packer.Slot slot = layout.slots().get(i);
            out.add(new StructField(f.name(), ordinals[i], i, typesOf.get(i), slot.offset(), slot.bit(),
                    inputs.get(i).minVersion(), defaults.get(i), f.attributes(), f.position()));
        }
        return new Packed(out, layout.versions());
    }

    private static boolean isReference(MojomType t) {
        return !(t instanceof MojomType.Primitive) && !(t instanceof MojomType.EnumRef);
    }

    // ---- unions -----------------------------------------------------------------------------------

    private UnionDef union(Sym s, Ast.Union u) {
        AttributeRules.check(u.attributes(), Place.UNION, s.fullName, reporter);
        boolean extensible = AttributeRules.flag(u.attributes(), "Extensible");
        Ctx ctx = new Ctx(s.unit, s.inner);
        boolean ok = true;
        Map<String, Ast.Field> names = new HashMap<>();
        Map<Long, Ast.Field> ordinals = new HashMap<>();
        long next = 0;
        List<UnionField> out = new ArrayList<>();
        UnionField defaultField = null;
        for (int i = 0; i < u.fields().size(); i++) {
            Ast.Field f = u.fields().get(i);
            AttributeRules.check(f.attributes(), Place.UNION_FIELD, s.fullName + "." + f.name(), reporter);
            Ast.Field prev = names.putIfAbsent(f.name(), f);
            if (prev != null) {
                reporter.error(f.position(), "field '" + f.name() + "' is declared twice in union " + s.fullName
                        + " (first at " + prev.position() + ")");
                ok = false;
            }
            long ord = f.ordinal() != null ? f.ordinal().value() : next;
            next = ord + 1;
            Ast.Field prevOrd = ordinals.putIfAbsent(ord, f);
            if (ord > Integer.MAX_VALUE) {
                reporter.error(f.ordinal() != null ? f.ordinal().position() : f.position(), "ordinal @" + ord
                        + " of field '" + f.name() + "' in union " + s.fullName + " is larger than 2147483647");
                ok = false;
            } else if (prevOrd != null) {
                reporter.error(f.ordinal() != null ? f.ordinal().position() : f.position(), "ordinal @" + ord
                        + " of field '" + f.name() + "' in union " + s.fullName + " is already used by '"
                        + prevOrd.name() + "'");
                ok = false;
            } else if (f.ordinal() != null && ord != i) {
                reporter.warning(f.ordinal().position(), "union field '" + f.name() + "' has ordinal @" + ord
                        + " but its wire tag is its declaration position, " + i);
            }
            MojomType t = type(f.type(), ctx);
            if (t == null) {
                ok = false;
                continue;
            }
            if (t instanceof MojomType.UnionRef r && r.fullName().equals(s.fullName) && !r.nullable()) {
                reporter.error(f.type().position(), "union " + s.fullName + " cannot contain itself through the "
                        + "non-nullable field '" + f.name() + "'");
                ok = false;
            }
            boolean isDefault = AttributeRules.flag(f.attributes(), "Default");
            UnionField uf = new UnionField(f.name(), i, (int) Math.min(ord, Integer.MAX_VALUE), t,
                    AttributeRules.minVersion(f.attributes()), isDefault, f.attributes(), f.position());
            if (isDefault) {
                SourcePosition at = f.attributes().get("Default").orElseThrow().position();
                if (defaultField != null) {
                    reporter.error(at, "union " + s.fullName + " has more than one [Default] field: "
                            + defaultField.name() + " and " + f.name());
                    ok = false;
                } else {
                    defaultField = uf;
                }
                boolean integral = t instanceof MojomType.Primitive p && !p.kind().isFloatingPoint()
                        || t instanceof MojomType.EnumRef;
                if (!t.nullable() && !integral) {
                    reporter.error(at, "[Default] field '" + f.name() + "' of union " + s.fullName
                            + " must be nullable or integral, not " + t.mojomName());
                    ok = false;
                }
            }
            out.add(uf);
        }
        if (extensible && defaultField == null && ok) {
            reporter.error(u.position(), "[Extensible] union " + s.fullName + " must mark one field [Default]");
            ok = false;
        }
        return ok ? new UnionDef(u.name(), s.fullName, u.attributes(), u.position(), out, extensible) : null;
    }

    // ---- interfaces and features ------------------------------------------------------------------

    private InterfaceDef iface(Sym s, Ast.Interface in) {
        AttributeRules.check(in.attributes(), Place.INTERFACE, s.fullName, reporter);
        checkRuntimeFeature(in.attributes(), new Ctx(s.unit, s.outer));
        List<EnumDef> enums = nestedEnums(in.members());
        List<ConstDef> consts = nestedConsts(in.members());
        Ctx ctx = new Ctx(s.unit, s.inner);
        boolean ok = true;
        Map<String, Ast.Method> names = new HashMap<>();
        Map<Long, Ast.Method> ordinals = new HashMap<>();
        long next = 0;
        List<Method> methods = new ArrayList<>();
        int index = 0;
        for (Ast.Member m : in.members()) {
            if (!(m instanceof Ast.Method am)) {
                continue;
            }
            String mname = s.fullName + "." + am.name();
            AttributeRules.check(am.attributes(), Place.METHOD, mname, reporter);
            checkRuntimeFeature(am.attributes(), ctx);
            Ast.Method prev = names.putIfAbsent(am.name(), am);
            if (prev != null) {
                reporter.error(am.position(), "method '" + am.name() + "' is declared twice in interface "
                        + s.fullName + " (first at " + prev.position() + ")");
                ok = false;
            }
            long ord = am.ordinal() != null ? am.ordinal().value() : next;
            next = ord + 1;
            Ast.Method prevOrd = ordinals.putIfAbsent(ord, am);
            if (ord > Integer.MAX_VALUE) {
                reporter.error(am.ordinal() != null ? am.ordinal().position() : am.position(), "ordinal @" + ord
                        + " of method '" + am.name() + "' is larger than 2147483647 (higher message names are "
                        + "reserved for control messages)");
                ok = false;
            } else if (prevOrd != null) {
                reporter.error(am.ordinal() != null ? am.ordinal().position() : am.position(), "ordinal @" + ord
                        + " of method '" + am.name() + "' in interface " + s.fullName + " is already used by '"
                        + prevOrd.name() + "'");
                ok = false;
            }
            boolean sync = AttributeRules.flag(am.attributes(), "Sync");
            boolean noInterrupt = AttributeRules.flag(am.attributes(), "NoInterrupt");
            if (sync && am.response() == null) {
                reporter.error(am.attributes().get("Sync").orElseThrow().position(), "[Sync] method " + mname
                        + " must declare a response ('=> (...)')");
                ok = false;
            }
            if (noInterrupt && !sync) {
                reporter.error(am.attributes().get("NoInterrupt").orElseThrow().position(), "[NoInterrupt] method "
                        + mname + " must also be [Sync]");
                ok = false;
            }
            String base = in.name() + "_" + am.name();
            String prefix = s.outer.isEmpty() ? "" : String.join(".", s.outer) + ".";
            Packed params = packFields(am.params(), "method " + mname, mname, am.position(), ctx, Place.PARAMETER);
            Packed response = am.response() == null ? null
                    : packFields(am.response(), "the response of method " + mname, mname, am.position(), ctx, Place.PARAMETER);
            if (params == null || (am.response() != null && response == null)) {
                ok = false;
                index++;
                continue;
            }
            StructDef paramStruct = new StructDef(base + "_Params", prefix + base + "_Params", Attributes.NONE,
                    am.position(), params.fields, params.versions, List.of(), List.of(), false);
            Optional<StructDef> responseStruct = response == null ? Optional.empty()
                    : Optional.of(new StructDef(base + "_ResponseParams", prefix + base + "_ResponseParams",
                            Attributes.NONE, am.position(), response.fields, response.versions, List.of(), List.of(),
                            false));
            methods.add(new Method(am.name(), (int) Math.min(ord, Integer.MAX_VALUE), index,
                    AttributeRules.minVersion(am.attributes()), sync, noInterrupt, paramStruct, responseStruct,
                    am.attributes(), am.position()));
            index++;
        }
        return ok ? new InterfaceDef(in.name(), s.fullName, in.attributes(), in.position(), methods, enums, consts)
                : null;
    }

    private void checkRuntimeFeature(Attributes attrs, Ctx ctx) {
        Optional<Attribute> a = attrs.get("RuntimeFeature");
        if (a.isEmpty() || a.get().kind() != Attribute.Kind.NAME) {
            return;
        }
        Sym f = lookupType(a.get().text(), ctx);
        if (f == null || !(f.node instanceof Ast.Feature)) {
            reporter.error(a.get().position(), "RuntimeFeature names '" + a.get().text() + "', which is not a feature"
                    + (f == null ? "" : " but " + describe(f.node)));
        }
    }

    private FeatureDef feature(Sym s, Ast.Feature f) {
        AttributeRules.check(f.attributes(), Place.FEATURE, s.fullName, reporter);
        return new FeatureDef(f.name(), s.fullName, f.attributes(), f.position(), nestedConsts(f.consts()));
    }

    // ---- [Stable] ---------------------------------------------------------------------------------

    private void checkStable(Sym s) {
        if (s == null || !AttributeRules.flag(s.node.attributes(), "Stable")) {
            return;
        }
        Optional<Definition> d = built.getOrDefault(s, Optional.empty());
        if (d.isEmpty()) {
            return;
        }
        List<MojomType> deps = new ArrayList<>();
        switch (d.get()) {
            case StructDef st -> st.fields().forEach(f -> deps.add(f.type()));
            case UnionDef un -> un.fields().forEach(f -> deps.add(f.type()));
            case InterfaceDef in -> in.methods().forEach(m -> {
                m.params().fields().forEach(f -> deps.add(f.type()));
                m.response().ifPresent(r -> r.fields().forEach(f -> deps.add(f.type())));
            });
            default -> {}
        }
        for (MojomType t : deps) {
            String bad = firstUnstable(t);
            if (bad != null) {
                reporter.error(s.node.position(), s.fullName + " is marked [Stable] but depends on " + bad
                        + ", which is not marked [Stable]");
                return;
            }
        }
    }

    private String firstUnstable(MojomType t) {
        String name;
        switch (t) {
            case MojomType.StructRef r -> name = r.fullName();
            case MojomType.UnionRef r -> name = r.fullName();
            case MojomType.EnumRef r -> name = r.fullName();
            case MojomType.EndpointType e -> name = e.interfaceName();
            case MojomType.ArrayType a -> {
                return firstUnstable(a.element());
            }
            case MojomType.MapType m -> {
                String k = firstUnstable(m.key());
                return k != null ? k : firstUnstable(m.value());
            }
            default -> {
                return null;
            }
        }
        for (Sym s : types.getOrDefault(name, List.of())) {
            if (!AttributeRules.flag(s.node.attributes(), "Stable")) {
                return name;
            }
        }
        return null;
    }
}

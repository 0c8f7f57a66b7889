package org.jmojo.mojom.resolve;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jmojo.mojom.ast.Ast;
import org.jmojo.mojom.ast.Reporter;
import org.jmojo.mojom.model.Attributes;
import org.jmojo.mojom.model.ConstDef;
import org.jmojo.mojom.model.ConstantValue;
import org.jmojo.mojom.model.Definition;
import org.jmojo.mojom.model.EnumDef;
import org.jmojo.mojom.model.EnumValue;
import org.jmojo.mojom.model.FeatureDef;
import org.jmojo.mojom.model.MojomType;
import org.jmojo.mojom.model.SourcePosition;
import org.jmojo.mojom.model.UnionDef;
import org.jmojo.mojom.model.UnionField;
import org.jmojo.mojom.pack.FieldSpec;
import org.jmojo.mojom.pack.InterfaceSpec;
import org.jmojo.mojom.pack.StructSpec;
import org.jmojo.mojom.resolve.AttributeRules.Place;
import org.jmojo.mojom.resolve.Symbols.Ctx;
import org.jmojo.mojom.resolve.Symbols.Sym;
import org.jmojo.mojom.resolve.Symbols.ValueSym;

/**
 * Resolves the definitions of one file in Chromium's two passes ({@code translate.py}):
 *
 * <ol>
 *   <li>consts, enums (top-level and nested) and the attributes of interfaces, in declaration
 *       order, each seeing only what is declared before it;
 *   <li>struct fields, union fields and methods, which see every definition of the file.
 * </ol>
 *
 * <p>The result is a list of {@link Resolved} definitions in file order; structs and interfaces
 * are left unpacked for the packing stage. Definitions that break a rule are reported and left
 * out. Not thread-safe; one instance per compilation.
 */
final class DefinitionResolver {

    /** A resolved top-level definition, possibly waiting to be packed. */
    sealed interface Resolved {}

    /** A definition that needs no packing: union, enum, const or feature. */
    record Finished(Definition definition) implements Resolved {}

    /** A struct waiting for its layout. */
    record PendingStruct(StructSpec spec) implements Resolved {}

    /** An interface waiting for its parameter layouts. */
    record PendingInterface(InterfaceSpec spec) implements Resolved {}

    private final Symbols symbols;
    private final TypeResolver types;
    private final ConstantEvaluator values;
    private final References references;
    private final Reporter reporter;
    private final Map<Sym, EnumDef> enums = new IdentityHashMap<>();
    private final Map<Sym, ConstDef> consts = new IdentityHashMap<>();

    DefinitionResolver(Symbols symbols, TypeResolver types, ConstantEvaluator values, References references,
            Reporter reporter) {
        this.symbols = symbols;
        this.types = types;
        this.values = values;
        this.references = references;
        this.reporter = reporter;
    }

    /** Resolves every definition of {@code u}; its imports must already be resolved. */
    List<Resolved> resolve(Unit u) {
        List<Ast.Definition> defs = u.ast().definitions();
        for (Ast.Definition d : defs) {
            firstPass(symbols.symOf(d));
        }
        List<Resolved> out = new ArrayList<>();
        for (Ast.Definition d : defs) {
            Sym s = symbols.symOf(d);
            if (!s.unique) {
                continue;
            }
            Resolved r = switch (d) {
                case Ast.Struct st -> struct(s, st);
                case Ast.Union un -> finished(union(s, un));
                case Ast.Enum en -> finished(enums.get(s));
                case Ast.Const c -> finished(consts.get(s));
                case Ast.Interface in -> iface(s, in);
                case Ast.Feature fe -> finished(feature(s, fe));
            };
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    private static Resolved finished(Definition d) {
        return d == null ? null : new Finished(d);
    }

    // ---- first pass: consts, enums, interface attributes --------------------------------------

    private void firstPass(Sym s) {
        if (!s.unique) {
            return;
        }
        switch (s.node) {
            case Ast.Const c -> constDef(s, c);
            case Ast.Enum e -> enumDef(s, e);
            case Ast.Struct st -> nested(st.members());
            case Ast.Interface in -> {
                interfaceReferences(s, in);
                nested(in.members());
            }
            case Ast.Feature f -> f.consts().forEach(c -> constDef(symbols.symOf(c), c));
            case Ast.Union u -> {}
        }
    }

    private void nested(List<Ast.Member> members) {
        for (Ast.Member m : members) {
            if (m instanceof Ast.Enum e) {
                enumDef(symbols.symOf(e), e);
            } else if (m instanceof Ast.Const c) {
                constDef(symbols.symOf(c), c);
            }
        }
    }

    private void constDef(Sym s, Ast.Const c) {
        if (!s.unique) {
            return;
        }
        AttributeRules.check(c.attributes(), Place.CONST, s.fullName, reporter);
        ConstDef d = values.constDef(s, c);
        if (d != null) {
            consts.put(s, d);
        }
    }

    private void enumDef(Sym s, Ast.Enum e) {
        if (!s.unique) {
            return;
        }
        AttributeRules.check(e.attributes(), Place.ENUM, s.fullName, reporter);
        boolean extensible = AttributeRules.flag(e.attributes(), "Extensible");
        if (!e.hasBody()) {
            if (!AttributeRules.flag(e.attributes(), "Native")) {
                reporter.error(e.position(), "native-only enum declaration 'enum " + e.name() + ";' needs [Native]");
                return;
            }
            enums.put(s, new EnumDef(e.name(), s.fullName, e.attributes(), e.position(), List.of(), extensible, true));
            return;
        }
        if (AttributeRules.flag(e.attributes(), "Stable") && !extensible) {
            reporter.error(e.position(), "[Stable] enum " + s.fullName + " must also be [Extensible]");
        }
        boolean ok = true;
        long previous = -1;
        List<EnumValue> out = new ArrayList<>();
        EnumValue defaultValue = null;
        for (Ast.EnumValue v : e.values()) {
            AttributeRules.check(v.attributes(), Place.ENUM_VALUE, s.fullName + "." + v.name(), reporter);
            ValueSym vs = symbols.valueOf(v);
            if (vs == null) {
                ok = false; // a second enumerator of this name, reported when declared
                continue;
            }
            Long value = values.enumerator(vs, v, previous, new Ctx(s.unit, s.inner, vs.order()));
            if (value == null) {
                ok = false;
                continue;
            }
            previous = value;
            boolean isDefault = AttributeRules.flag(v.attributes(), "Default");
            EnumValue ev = new EnumValue(v.name(), value.intValue(), AttributeRules.minVersion(v.attributes()), isDefault,
                    v.attributes(), v.position());
            if (isDefault) {
                SourcePosition at = v.attributes().get("Default").orElseThrow().position();
                if (!extensible) {
                    reporter.error(at, "[Default] on " + v.name() + " is only allowed in an [Extensible] enum; "
                            + s.fullName + " is not extensible");
                    ok = false;
                } else if (defaultValue != null) {
                    reporter.error(at, "enum " + s.fullName + " has more than one [Default] value: " + defaultValue.name()
                            + " and " + v.name());
                    ok = false;
                } else {
                    defaultValue = ev;
                }
            }
            out.add(ev);
        }
        if (ok && extensible && defaultValue == null) {
            reporter.warning(e.position(), "[Extensible] enum " + s.fullName + " should mark one value [Default], which "
                    + "older readers use for values they do not know (Chromium requires it for new enums)");
        }
        if (ok) {
            enums.put(s, new EnumDef(e.name(), s.fullName, e.attributes(), e.position(), out, extensible, false));
        }
    }

    /**
     * The attributes of an interface that name other definitions, read where Chromium reads
     * them: before the interface body, seeing only what is declared before the interface.
     */
    private void interfaceReferences(Sym s, Ast.Interface in) {
        Ctx at = s.attributeContext();
        Ctx featureScope = new Ctx(s.unit, s.inner, s.attributePoint);
        in.attributes().get("RuntimeFeature").ifPresent(a -> references.runtimeFeature(s.fullName, a, featureScope));
        in.attributes().get("RequireContext").ifPresent(a -> references.requireContext(s.fullName, a, at));
        in.attributes().get("ServiceSandbox").ifPresent(a -> references.serviceSandbox(a, at));
    }

    // ---- second pass: structs, unions, interfaces ---------------------------------------------

    private Resolved struct(Sym s, Ast.Struct st) {
        AttributeRules.check(st.attributes(), Place.STRUCT, s.fullName, reporter);
        List<EnumDef> nestedEnums = nestedEnums(st.members());
        List<ConstDef> nestedConsts = nestedConsts(st.members());
        if (!st.hasBody()) {
            if (!AttributeRules.flag(st.attributes(), "Native")) {
                reporter.error(st.position(), "native-only struct declaration 'struct " + st.name() + ";' needs [Native]");
                return null;
            }
            return new PendingStruct(new StructSpec(st.name(), s.fullName, st.attributes(), st.position(), List.of(),
                    nestedEnums, nestedConsts, true));
        }
        List<Ast.Field> fields = new ArrayList<>();
        for (Ast.Member m : st.members()) {
            if (m instanceof Ast.Field f) {
                fields.add(f);
            }
        }
        List<FieldSpec> specs = fields(fields, Ordinals.Kind.STRUCT_FIELD, "struct " + s.fullName, s.fullName,
                st.position(), new Ctx(s.unit, s.inner, Symbols.EVERYTHING));
        if (specs == null) {
            return null;
        }
        return new PendingStruct(new StructSpec(st.name(), s.fullName, st.attributes(), st.position(), specs, nestedEnums,
                nestedConsts, false));
    }

    /**
     * Resolves the fields of a struct or a parameter list: names, ordinals, types, defaults and
     * versions. Returns null if any rule is broken (each is reported).
     */
    private List<FieldSpec> fields(List<Ast.Field> fields, Ordinals.Kind kind, String owner, String ownerName,
            SourcePosition ownerPos, Ctx ctx) {
        boolean ok = true;
        Place place = kind == Ordinals.Kind.PARAMETER ? Place.PARAMETER : Place.STRUCT_FIELD;
        Map<String, Ast.Field> names = new HashMap<>();
        List<Ordinals.Item> items = new ArrayList<>();
        for (Ast.Field f : fields) {
            AttributeRules.check(f.attributes(), place, ownerName + "." + f.name(), reporter);
            Ast.Field prev = names.putIfAbsent(f.name(), f);
            if (prev != null) {
                reporter.error(f.position(), kind.noun + " '" + f.name() + "' is declared twice in " + owner
                        + " (first at " + prev.position() + ")");
                ok = false;
            }
            items.add(new Ordinals.Item(f.name(), f.ordinal(), f.position()));
        }
        int[] ordinals = Ordinals.assign(items, kind, owner, ownerPos, reporter);
        ok &= ordinals != null;
        List<FieldSpec> out = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            Ast.Field f = fields.get(i);
            MojomType t = types.type(f.type(), ctx);
            if (t == null) {
                ok = false;
                continue;
            }
            Optional<ConstantValue> dv = Optional.empty();
            if (f.defaultValue() != null) {
                ConstantEvaluator.Evaluated v = values.value(f.defaultValue(), t, ctx, kind.noun + " " + f.name());
                if (v == null) {
                    ok = false;
                    continue;
                }
                dv = Optional.of(v.value());
            }
            if (ordinals != null) {
                out.add(new FieldSpec(f.name(), ordinals[i], i, t, AttributeRules.minVersion(f.attributes()), dv,
                        f.attributes(), f.position()));
            }
        }
        if (!ok) {
            return null;
        }
        return Versions.check(out, kind.noun, owner, reporter) ? out : null;
    }

    private UnionDef union(Sym s, Ast.Union u) {
        AttributeRules.check(u.attributes(), Place.UNION, s.fullName, reporter);
        boolean extensible = AttributeRules.flag(u.attributes(), "Extensible");
        Ctx ctx = new Ctx(s.unit, s.inner, Symbols.EVERYTHING);
        boolean ok = true;
        Map<String, Ast.Field> names = new HashMap<>();
        List<Ordinals.Item> items = new ArrayList<>();
        for (Ast.Field f : u.fields()) {
            AttributeRules.check(f.attributes(), Place.UNION_FIELD, s.fullName + "." + f.name(), reporter);
            Ast.Field prev = names.putIfAbsent(f.name(), f);
            if (prev != null) {
                reporter.error(f.position(), "field '" + f.name() + "' is declared twice in union " + s.fullName
                        + " (first at " + prev.position() + ")");
                ok = false;
            }
            items.add(new Ordinals.Item(f.name(), f.ordinal(), f.position()));
        }
        int[] ordinals = Ordinals.assign(items, Ordinals.Kind.UNION_FIELD, "union " + s.fullName, u.position(), reporter);
        ok &= ordinals != null;
        List<UnionField> out = new ArrayList<>();
        UnionField defaultField = null;
        for (int i = 0; i < u.fields().size(); i++) {
            Ast.Field f = u.fields().get(i);
            // Chromium rejects a member whose type is written as the union's own name, nullable or not.
            if (f.type() instanceof Ast.NamedType n && n.name().equals(u.name()) && !n.request() && !n.associated()) {
                reporter.error(f.type().position(), "union " + s.fullName + " cannot contain itself (field '" + f.name()
                        + "')");
                ok = false;
                continue;
            }
            MojomType t = types.type(f.type(), ctx);
            if (t == null) {
                ok = false;
                continue;
            }
            boolean isDefault = AttributeRules.flag(f.attributes(), "Default");
            UnionField uf = new UnionField(f.name(), i, ordinals == null ? 0 : ordinals[i], t,
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
                if (!t.nullable() && !(t instanceof MojomType.Primitive p && !p.kind().isFloatingPoint())) {
                    reporter.error(at, "[Default] field '" + f.name() + "' of union " + s.fullName
                            + " must be nullable or of a bool or integer type, not " + t.mojomName());
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

    private Resolved iface(Sym s, Ast.Interface in) {
        AttributeRules.check(in.attributes(), Place.INTERFACE, s.fullName, reporter);
        boolean stable = AttributeRules.flag(in.attributes(), "Stable");
        Ctx ctx = new Ctx(s.unit, s.inner, Symbols.EVERYTHING);
        List<Ast.Method> methods = new ArrayList<>();
        for (Ast.Member m : in.members()) {
            if (m instanceof Ast.Method am) {
                methods.add(am);
            }
        }
        boolean ok = true;
        Map<String, Ast.Method> names = new HashMap<>();
        List<Ordinals.Item> items = new ArrayList<>();
        for (Ast.Method am : methods) {
            Ast.Method prev = names.putIfAbsent(am.name(), am);
            if (prev != null) {
                reporter.error(am.position(), "method '" + am.name() + "' is declared twice in interface " + s.fullName
                        + " (first at " + prev.position() + ")");
                ok = false;
            }
            if (stable && am.ordinal() == null) {
                reporter.error(am.position(), "method '" + am.name() + "' of [Stable] interface " + s.fullName
                        + " needs an explicit ordinal (@N)");
                ok = false;
            }
            items.add(new Ordinals.Item(am.name(), am.ordinal(), am.position()));
        }
        int[] ordinals = Ordinals.assign(items, Ordinals.Kind.METHOD, "interface " + s.fullName, in.position(), reporter);
        ok &= ordinals != null;
        String prefix = s.scope.isEmpty() ? "" : String.join(".", s.scope) + ".";
        List<InterfaceSpec.MethodSpec> out = new ArrayList<>();
        for (int index = 0; index < methods.size(); index++) {
            Ast.Method am = methods.get(index);
            String mname = s.fullName + "." + am.name();
            AttributeRules.check(am.attributes(), Place.METHOD, mname, reporter);
            List<String> methodScope = new ArrayList<>(s.scope);
            methodScope.add(am.name());
            am.attributes().get("RuntimeFeature").ifPresent(a -> references.runtimeFeature(mname, a,
                    new Ctx(s.unit, methodScope, Symbols.EVERYTHING)));
            am.attributes().get("AllowedContext").ifPresent(a -> references.allowedContext(mname, a,
                    new Ctx(s.unit, s.scope, Symbols.EVERYTHING)));
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
            List<FieldSpec> params = fields(am.params(), Ordinals.Kind.PARAMETER, "method " + mname, mname,
                    am.position(), ctx);
            List<FieldSpec> response = am.response() == null ? null
                    : fields(am.response(), Ordinals.Kind.PARAMETER, "the response of method " + mname, mname,
                            am.position(), ctx);
            if (params == null || (am.response() != null && response == null) || ordinals == null) {
                ok = false;
                continue;
            }
            StructSpec paramStruct = paramStruct(base + "_Params", prefix, am.position(), params);
            Optional<StructSpec> responseStruct = response == null ? Optional.empty()
                    : Optional.of(paramStruct(base + "_ResponseParams", prefix, am.position(), response));
            out.add(new InterfaceSpec.MethodSpec(am.name(), ordinals[index], index,
                    AttributeRules.minVersion(am.attributes()), sync, noInterrupt, paramStruct, responseStruct,
                    am.attributes(), am.position()));
        }
        if (!ok) {
            return null;
        }
        return new PendingInterface(new InterfaceSpec(in.name(), s.fullName, in.attributes(), in.position(), out,
                nestedEnums(in.members()), nestedConsts(in.members())));
    }

    private static StructSpec paramStruct(String name, String prefix, SourcePosition at, List<FieldSpec> fields) {
        return new StructSpec(name, prefix + name, Attributes.NONE, at, fields, List.of(), List.of(), false);
    }

    private FeatureDef feature(Sym s, Ast.Feature f) {
        AttributeRules.check(f.attributes(), Place.FEATURE, s.fullName, reporter);
        return new FeatureDef(f.name(), s.fullName, f.attributes(), f.position(), nestedConsts(f.consts()));
    }

    private List<EnumDef> nestedEnums(List<Ast.Member> members) {
        List<EnumDef> out = new ArrayList<>();
        for (Ast.Member m : members) {
            if (m instanceof Ast.Enum e && enums.containsKey(symbols.symOf(e))) {
                out.add(enums.get(symbols.symOf(e)));
            }
        }
        return out;
    }

    private List<ConstDef> nestedConsts(List<? extends Ast.Member> members) {
        List<ConstDef> out = new ArrayList<>();
        for (Ast.Member m : members) {
            if (m instanceof Ast.Const c && consts.containsKey(symbols.symOf(c))) {
                out.add(consts.get(symbols.symOf(c)));
            }
        }
        return out;
    }
}

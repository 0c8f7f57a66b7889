package org.jmojo.mojom.resolve;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jmojo.mojom.ast.Ast;
import org.jmojo.mojom.ast.Reporter;

/**
 * The symbol table: every named definition and value of a compilation, and name lookup with
 * Chromium's rules ({@code translate.py}).
 *
 * <ul>
 *   <li><b>Visibility.</b> A file sees its own definitions and those of the files it imports
 *       directly ({@link Unit#sees}).
 *   <li><b>Scopes.</b> A name used inside a definition is tried qualified by the enclosing scopes,
 *       innermost first: {@code ns.Struct.Name}, {@code ns.Name}, {@code Name}, where {@code ns}
 *       is the whole module name (never a prefix of it).
 *   <li><b>Declaration order.</b> Chromium resolves consts, enum values and the attributes of
 *       some definitions in one pass over the file, so those see only what is declared before
 *       them in the same file. Each symbol has an {@linkplain Sym#order order} and each lookup a
 *       {@linkplain Ctx#point point}; a symbol of the same file is visible when its order is below
 *       the point. Struct, union and method members are resolved after the pass and see
 *       {@linkplain #EVERYTHING everything}.
 * </ul>
 *
 * <p>Not thread-safe; one instance per compilation.
 */
final class Symbols {

    /** The point of a lookup that sees every declaration of its file. */
    static final int EVERYTHING = Integer.MAX_VALUE;

    /** A named definition: struct, union, enum, const, interface or feature. */
    static final class Sym {
        final String fullName;
        final Ast.Definition node;
        final Unit unit;
        /** The scope the definition is declared in: the module name, then enclosing definitions. */
        final List<String> scope;
        /** The scope for names used inside the definition: {@link #scope} plus its own name. */
        final List<String> inner;
        /** When the definition becomes visible to lookups of its own file. */
        int order;
        /** The point at which Chromium resolves the definition's attribute values. */
        int attributePoint;
        /** False when the name was already taken (reported); such a definition is not resolved. */
        boolean unique = true;

        Sym(Ast.Definition node, Unit unit, List<String> scope) {
            this.node = node;
            this.unit = unit;
            this.scope = scope;
            this.fullName = qualify(scope, node.name());
            List<String> in = new ArrayList<>(scope);
            in.add(node.name());
            this.inner = List.copyOf(in);
        }

        /** The module-level scope of the file that declares this definition. */
        Ctx attributeContext() {
            return new Ctx(unit, moduleScope(unit), attributePoint);
        }

        @Override
        public String toString() {
            return fullName;
        }
    }

    /**
     * A named value: a const ({@code enumIndex < 0}) or one enumerator of an enum.
     *
     * @param owner the const, or the enum
     * @param enumIndex the enumerator's position in the enum, or -1 for a const
     * @param order when the value becomes visible to lookups of its own file
     */
    record ValueSym(Sym owner, int enumIndex, int order) {
        boolean isConst() {
            return enumIndex < 0;
        }

        Ast.EnumValue enumerator() {
            return ((Ast.Enum) owner.node).values().get(enumIndex);
        }

        String fullName() {
            return isConst() ? owner.fullName : owner.fullName + "." + enumerator().name();
        }
    }

    /**
     * Where a name is used.
     *
     * @param unit the file
     * @param scope the enclosing scopes, outermost first, starting with the module name
     * @param point declarations of {@code unit} with a lower order are visible
     */
    record Ctx(Unit unit, List<String> scope, int point) {}

    private final Reporter reporter;
    private final Map<String, List<Sym>> types = new HashMap<>();
    private final Map<String, List<ValueSym>> values = new HashMap<>();
    private final Map<Ast.Definition, Sym> symOf = new IdentityHashMap<>();
    private final Map<Ast.Const, ValueSym> constValues = new IdentityHashMap<>();
    private final Map<Ast.EnumValue, ValueSym> enumValues = new IdentityHashMap<>();

    Symbols(Reporter reporter) {
        this.reporter = reporter;
    }

    static List<String> moduleScope(Unit u) {
        return u.module().isEmpty() ? List.of() : List.of(u.module());
    }

    static String qualify(List<String> scope, String name) {
        return scope.isEmpty() ? name : String.join(".", scope) + "." + name;
    }

    // ---- declaration --------------------------------------------------------------------------

    /** Declares every definition of {@code u}, numbering them in Chromium's processing order. */
    void declare(Unit u) {
        int[] counter = {0};
        List<String> scope = moduleScope(u);
        for (Ast.Definition d : u.ast().definitions()) {
            switch (d) {
                case Ast.Const c -> declareConst(c, u, scope, counter);
                case Ast.Enum e -> declareEnum(e, u, scope, counter);
                case Ast.Struct st -> {
                    Sym s = declareType(st, u, scope, counter[0]++);
                    declareMembers(st.members(), u, s.inner, counter);
                    s.attributePoint = counter[0];
                }
                case Ast.Union un -> {
                    Sym s = declareType(un, u, scope, counter[0]++);
                    s.attributePoint = counter[0];
                }
                case Ast.Interface in -> {
                    Sym s = declareType(in, u, scope, counter[0]++);
                    s.attributePoint = counter[0];
                    declareMembers(in.members(), u, s.inner, counter);
                }
                case Ast.Feature f -> {
                    Sym s = declareType(f, u, scope, counter[0]++);
                    f.consts().forEach(c -> declareConst(c, u, s.inner, counter));
                    s.attributePoint = counter[0];
                }
            }
        }
    }

    private void declareMembers(List<Ast.Member> members, Unit u, List<String> scope, int[] counter) {
        for (Ast.Member m : members) {
            if (m instanceof Ast.Enum e) {
                declareEnum(e, u, scope, counter);
            } else if (m instanceof Ast.Const c) {
                declareConst(c, u, scope, counter);
            }
        }
    }

    private void declareConst(Ast.Const c, Unit u, List<String> scope, int[] counter) {
        Sym s = new Sym(c, u, scope);
        s.order = counter[0]++;
        s.attributePoint = s.order;
        symOf.put(c, s);
        if (checkUnique(s)) {
            ValueSym v = new ValueSym(s, -1, s.order);
            constValues.put(c, v);
            values.computeIfAbsent(s.fullName, k -> new ArrayList<>()).add(v);
        }
    }

    /** An enum's attributes are read before its values; the enum type is complete after them. */
    private void declareEnum(Ast.Enum e, Unit u, List<String> scope, int[] counter) {
        Sym s = new Sym(e, u, scope);
        symOf.put(e, s);
        s.attributePoint = counter[0];
        Set<String> seen = new HashSet<>();
        List<ValueSym> declared = new ArrayList<>();
        for (int i = 0; i < e.values().size(); i++) {
            Ast.EnumValue v = e.values().get(i);
            ValueSym vs = new ValueSym(s, i, counter[0]++);
            if (!seen.add(v.name())) {
                reporter.error(v.position(), "enum value '" + v.name() + "' is defined twice in enum " + s.fullName);
                continue;
            }
            enumValues.put(v, vs);
            declared.add(vs);
        }
        s.order = counter[0]++;
        if (checkUnique(s)) {
            types.computeIfAbsent(s.fullName, k -> new ArrayList<>()).add(s);
            for (ValueSym vs : declared) {
                values.computeIfAbsent(vs.fullName(), k -> new ArrayList<>()).add(vs);
            }
        }
    }

    private Sym declareType(Ast.Definition d, Unit u, List<String> scope, int order) {
        Sym s = new Sym(d, u, scope);
        s.order = order;
        symOf.put(d, s);
        if (checkUnique(s)) {
            types.computeIfAbsent(s.fullName, k -> new ArrayList<>()).add(s);
        }
        return s;
    }

    /** Reports a second definition of a name in one file or in files that see each other. */
    private boolean checkUnique(Sym s) {
        s.unique = isUnique(s);
        return s.unique;
    }

    private boolean isUnique(Sym s) {
        List<Sym> sameName = new ArrayList<>(types.getOrDefault(s.fullName, List.of()));
        values.getOrDefault(s.fullName, List.of()).forEach(v -> sameName.add(v.owner()));
        for (Sym other : sameName) {
            if (s.unit.sees(other.unit) || other.unit.sees(s.unit)) {
                reporter.error(s.node.position(), "'" + s.fullName + "' is already defined at " + other.node.position());
                return false;
            }
        }
        return true;
    }

    /**
     * Reports a name that two files imported by {@code u} both define (Chromium's
     * {@code mojom_definitions_check.py}): the importing file could not tell them apart.
     */
    void checkImportsDisjoint(Unit u) {
        Map<String, Unit> definedBy = new HashMap<>();
        for (Unit imported : u.imports()) {
            for (Ast.Definition d : imported.ast().definitions()) {
                Sym s = symOf.get(d);
                if (s == null || s.node instanceof Ast.Const) {
                    continue;
                }
                Unit first = definedBy.putIfAbsent(s.fullName, imported);
                if (first != null && first != imported && !first.sees(imported) && !imported.sees(first)) {
                    reporter.error(u.importedAt(imported), "'" + s.fullName + "' is defined both in \""
                            + first.importName() + "\" and in \"" + imported.importName() + "\", which this file both imports");
                }
            }
        }
    }

    // ---- lookup -------------------------------------------------------------------------------

    Sym symOf(Ast.Definition d) {
        return symOf.get(d);
    }

    /** The value a const declares, or null if the const duplicates another name. */
    ValueSym valueOf(Ast.Const c) {
        return constValues.get(c);
    }

    /** The value an enumerator declares, or null if it duplicates another enumerator. */
    ValueSym valueOf(Ast.EnumValue v) {
        return enumValues.get(v);
    }

    /** All enum and const symbols with this full name, from any file. */
    List<Sym> typesNamed(String fullName) {
        return types.getOrDefault(fullName, List.of());
    }

    private static boolean visible(Ctx ctx, Unit unit, int order) {
        return ctx.unit().sees(unit) && (unit != ctx.unit() || order < ctx.point());
    }

    /** The struct, union, enum, interface or feature {@code name} names from {@code ctx}, or null. */
    Sym lookupType(String name, Ctx ctx) {
        for (int i = ctx.scope().size(); i >= 0; i--) {
            for (Sym s : types.getOrDefault(qualify(ctx.scope().subList(0, i), name), List.of())) {
                if (visible(ctx, s.unit, s.order)) {
                    return s;
                }
            }
        }
        return null;
    }

    /** The const or enumerator {@code name} names from {@code ctx}, or null. */
    ValueSym lookupValue(String name, Ctx ctx) {
        for (int i = ctx.scope().size(); i >= 0; i--) {
            for (ValueSym v : values.getOrDefault(qualify(ctx.scope().subList(0, i), name), List.of())) {
                if (visible(ctx, v.owner().unit, v.order())) {
                    return v;
                }
            }
        }
        return null;
    }

    /**
     * Looks {@code name} up as Chromium looks up the value of an enum-typed const or field: in the
     * scope of the enum itself, from the enum's file, so a bare enumerator name resolves.
     */
    ValueSym lookupValueInEnum(String name, Sym enumSym, Ctx from) {
        int point = enumSym.unit == from.unit() ? from.point() : EVERYTHING;
        return lookupValue(name, new Ctx(enumSym.unit, enumSym.inner, point));
    }

    /**
     * Why {@code name} is not visible from {@code ctx} although something of that name exists:
     * declared later in the same file, or in a file that is not imported directly. Empty if
     * nothing of that name exists in any scope tried.
     */
    String whyInvisible(String name, Ctx ctx, boolean asType) {
        for (int i = ctx.scope().size(); i >= 0; i--) {
            String candidate = qualify(ctx.scope().subList(0, i), name);
            List<Sym> owners = new ArrayList<>();
            if (asType) {
                owners.addAll(types.getOrDefault(candidate, List.of()));
            } else {
                values.getOrDefault(candidate, List.of()).forEach(v -> owners.add(v.owner()));
            }
            for (Sym s : owners) {
                if (s.unit == ctx.unit()) {
                    return ": '" + candidate + "' is declared later, at " + s.node.position() + ", and a const, an enum "
                            + "value or a const's type can only use what is declared before it";
                }
                if (!ctx.unit().sees(s.unit)) {
                    return ": '" + candidate + "' is defined in \"" + s.unit.importName() + "\", which this file does not "
                            + "import directly";
                }
            }
        }
        return "";
    }

    /**
     * A hint for a type name that resolves nowhere: a visible type whose full name ends with it,
     * as when a module name is written only in part ({@code other.T} for {@code a.other.T}).
     * Empty if there is none, or if {@link #whyInvisible} already explains the failure.
     */
    String suggestion(String name, Ctx ctx) {
        if (!whyInvisible(name, ctx, true).isEmpty()) {
            return "";
        }
        return types.entrySet().stream()
                .filter(e -> e.getKey().endsWith("." + name))
                .filter(e -> e.getValue().stream().anyMatch(s -> visible(ctx, s.unit, s.order)))
                .map(Map.Entry::getKey)
                .sorted()
                .findFirst()
                .map(full -> " (did you mean '" + full + "'? a module name is one scope and is written whole)")
                .orElse("");
    }

    static String describe(Ast.Definition d) {
        return switch (d) {
            case Ast.Struct s -> "a struct";
            case Ast.Union u -> "a union";
            case Ast.Enum e -> "an enum";
            case Ast.Const c -> "a const";
            case Ast.Interface i -> "an interface";
            case Ast.Feature f -> "a feature";
        };
    }
}

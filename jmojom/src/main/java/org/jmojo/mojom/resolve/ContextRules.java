package org.jmojo.mojom.resolve;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jmojo.mojom.ast.Reporter;
import org.jmojo.mojom.model.Definition;
import org.jmojo.mojom.model.InterfaceDef;
import org.jmojo.mojom.model.Method;
import org.jmojo.mojom.model.MojomType;
import org.jmojo.mojom.model.SourcePosition;
import org.jmojo.mojom.model.StructDef;
import org.jmojo.mojom.model.StructField;
import org.jmojo.mojom.model.UnionDef;

/**
 * {@code [RequireContext]} and {@code [AllowedContext]} (Chromium's
 * {@code mojom_restrictions_check.py}): an interface marked {@code [RequireContext=E.kX]} may only
 * be passed by methods marked {@code [AllowedContext=E.kY]} with the same enum and
 * {@code kY <= kX} (lower values are more privileged). "Passed" means an endpoint of it is a
 * parameter, or a field of a struct or union parameter, directly or through further struct and
 * union fields (not through arrays or maps, as in Chromium). A {@code RequireContext} that names
 * no enumerator is an error only where it is checked, as in Chromium. Stateless.
 */
final class ContextRules {
    private ContextRules() {}

    /** An endpoint field or parameter, reached from a method. */
    private record Passed(String name, String iface, SourcePosition position) {}

    /** A struct or union field. */
    private record Member(String name, MojomType type, SourcePosition position) {}

    static void check(Iterable<Definition> definitions, Map<String, Definition> byName, References references,
            Reporter reporter) {
        Map<String, List<Passed>> memo = new HashMap<>();
        for (Definition d : definitions) {
            if (!(d instanceof InterfaceDef in)) {
                continue;
            }
            for (Method m : in.methods()) {
                List<StructField> params = new ArrayList<>(m.params().fields());
                m.response().ifPresent(r -> params.addAll(r.fields()));
                for (StructField p : params) {
                    for (Passed passed : passedBy(p.name(), p.type(), p.position(), byName, memo)) {
                        checkOne(in.fullName() + "." + m.name(), m, passed, references, reporter);
                    }
                }
            }
        }
    }

    /** The endpoints a parameter passes: itself, or the endpoint fields reachable through structs and unions. */
    private static List<Passed> passedBy(String name, MojomType t, SourcePosition at, Map<String, Definition> byName,
            Map<String, List<Passed>> memo) {
        if (t instanceof MojomType.EndpointType e) {
            return List.of(new Passed(name, e.interfaceName(), at));
        }
        String start = t instanceof MojomType.StructRef s ? s.fullName()
                : t instanceof MojomType.UnionRef u ? u.fullName() : null;
        if (start == null) {
            return List.of();
        }
        return memo.computeIfAbsent(start, k -> reachableEndpoints(k, byName));
    }

    /** Every endpoint field of {@code start} and of the structs and unions its fields name, walked without recursion. */
    private static List<Passed> reachableEndpoints(String start, Map<String, Definition> byName) {
        List<Passed> out = new ArrayList<>();
        Set<String> seen = new HashSet<>(List.of(start));
        Deque<String> work = new ArrayDeque<>(List.of(start));
        while (!work.isEmpty()) {
            Definition d = byName.get(work.pop());
            List<Member> members = new ArrayList<>();
            if (d instanceof StructDef st) {
                st.fields().forEach(f -> members.add(new Member(f.name(), f.type(), f.position())));
            } else if (d instanceof UnionDef un) {
                un.fields().forEach(f -> members.add(new Member(f.name(), f.type(), f.position())));
            }
            for (Member f : members) {
                if (f.type() instanceof MojomType.EndpointType e) {
                    out.add(new Passed(f.name(), e.interfaceName(), f.position()));
                } else if (f.type() instanceof MojomType.StructRef s && seen.add(s.fullName())) {
                    work.push(s.fullName());
                } else if (f.type() instanceof MojomType.UnionRef u && seen.add(u.fullName())) {
                    work.push(u.fullName());
                }
            }
        }
        return out;
    }

    private static void checkOne(String methodName, Method m, Passed passed, References references, Reporter reporter) {
        References.Resolution required = references.requireContextOf(passed.iface());
        if (required == null) {
            return;
        }
        References.Resolution allowed = references.allowedContextOf(methodName);
        String what = "method " + methodName + " passes interface " + passed.iface() + " (through '" + passed.name()
                + "' at " + passed.position() + ")";
        if (allowed == null) {
            reporter.error(m.position(), what + ", which has [RequireContext=" + required.attribute().text()
                    + "], so the method needs an [AllowedContext]");
            return;
        }
        SourcePosition at = allowed.attribute().position();
        if (allowed.value() == null) {
            reporter.error(at, "AllowedContext=" + allowed.attribute().text() + " of method " + methodName
                    + " does not name an enum value");
            return;
        }
        if (required.value() == null) {
            reporter.error(required.attribute().position(), "RequireContext=" + required.attribute().text()
                    + " of interface " + passed.iface() + " does not name an enum value (declared before the "
                    + "interface); it is needed because " + what);
            return;
        }
        if (!required.value().enumName().equals(allowed.value().enumName())) {
            reporter.error(at, what + ", which requires a context of enum " + required.value().enumName()
                    + ", but AllowedContext=" + allowed.attribute().text() + " is of enum "
                    + allowed.value().enumName());
            return;
        }
        if (required.value().value() < allowed.value().value()) {
            reporter.error(at, what + ": RequireContext=" + required.attribute().text() + " ("
                    + required.value().value() + ") is more privileged than AllowedContext="
                    + allowed.attribute().text() + " (" + allowed.value().value() + ")");
        }
    }
}

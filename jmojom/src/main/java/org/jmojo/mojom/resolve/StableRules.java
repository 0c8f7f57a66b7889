package org.jmojo.mojom.resolve;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jmojo.mojom.ast.Reporter;
import org.jmojo.mojom.model.Definition;
import org.jmojo.mojom.model.InterfaceDef;
import org.jmojo.mojom.model.MojomType;
import org.jmojo.mojom.model.StructDef;
import org.jmojo.mojom.model.UnionDef;

/**
 * A {@code [Stable]} struct, union or interface may only use stable types: every struct, union,
 * enum and interface its fields or parameters name (through arrays, maps and endpoints) must be
 * {@code [Stable]} too (Chromium's {@code _AssertTypeIsStable}). Explicit method ordinals, the
 * other rule for stable interfaces, are checked while resolving. Stateless.
 */
final class StableRules {
    private StableRules() {}

    /**
     * Checks every definition; {@code byName} holds every definition of the compilation,
     * nested enums included.
     */
    static void check(Iterable<Definition> definitions, Map<String, Definition> byName, Reporter reporter) {
        for (Definition d : definitions) {
            if (!AttributeRules.flag(d.attributes(), "Stable")) {
                continue;
            }
            List<MojomType> deps = new ArrayList<>();
            switch (d) {
                case StructDef st -> st.fields().forEach(f -> deps.add(f.type()));
                case UnionDef un -> un.fields().forEach(f -> deps.add(f.type()));
                case InterfaceDef in -> in.methods().forEach(m -> {
                    m.params().fields().forEach(f -> deps.add(f.type()));
                    m.response().ifPresent(r -> r.fields().forEach(f -> deps.add(f.type())));
                });
                default -> {}
            }
            for (MojomType t : deps) {
                String bad = firstUnstable(t, byName);
                if (bad != null) {
                    reporter.error(d.position(), d.fullName() + " is marked [Stable] but depends on " + bad
                            + ", which is not marked [Stable]");
                    break;
                }
            }
        }
    }

    /** The first named type in {@code t} that is not stable, or null. Recurses once per nesting level. */
    private static String firstUnstable(MojomType t, Map<String, Definition> byName) {
        return switch (t) {
            case MojomType.ArrayType a -> firstUnstable(a.element(), byName);
            case MojomType.MapType m -> {
                String key = firstUnstable(m.key(), byName);
                yield key != null ? key : firstUnstable(m.value(), byName);
            }
            case MojomType.StructRef r -> unstable(r.fullName(), byName);
            case MojomType.UnionRef r -> unstable(r.fullName(), byName);
            case MojomType.EnumRef r -> unstable(r.fullName(), byName);
            case MojomType.EndpointType e -> unstable(e.interfaceName(), byName);
            default -> null;
        };
    }

    private static String unstable(String name, Map<String, Definition> byName) {
        Definition dep = byName.get(name);
        return dep == null || AttributeRules.flag(dep.attributes(), "Stable") ? null : name;
    }
}

package org.jmojo.mojom.resolve;

import org.jmojo.mojom.ast.Reporter;
import org.jmojo.mojom.model.Definition;
import org.jmojo.mojom.model.InterfaceDef;
import org.jmojo.mojom.model.MojomType;
import org.jmojo.mojom.model.SourcePosition;
import org.jmojo.mojom.model.StructDef;
import org.jmojo.mojom.model.StructField;
import org.jmojo.mojom.model.UnionDef;

/**
 * An endpoint of an interface guarded by a {@code [RuntimeFeature]} must be nullable wherever it
 * is passed (a struct or union field, a parameter, or an array or map element), because a peer
 * with the feature off sends none (Chromium's {@code mojom_interface_feature_check.py}).
 * Stateless.
 */
final class FeatureRules {
    private FeatureRules() {}

    static void check(Iterable<Definition> definitions, References references, Reporter reporter) {
        for (Definition d : definitions) {
            switch (d) {
                case StructDef st -> st.fields().forEach(f -> field(f, references, reporter));
                case UnionDef un -> un.fields().forEach(f -> walk(f.type(), f.name(), f.position(), references, reporter));
                case InterfaceDef in -> in.methods().forEach(m -> {
                    m.params().fields().forEach(f -> field(f, references, reporter));
                    m.response().ifPresent(r -> r.fields().forEach(f -> field(f, references, reporter)));
                });
                default -> {}
            }
        }
    }

    private static void field(StructField f, References references, Reporter reporter) {
        walk(f.type(), f.name(), f.position(), references, reporter);
    }

    /** Recurses once per nesting level of the written type. */
    private static void walk(MojomType t, String field, SourcePosition at, References references, Reporter reporter) {
        switch (t) {
            case MojomType.EndpointType e -> {
                if (!e.nullable() && references.isFeatureGuarded(e.interfaceName())) {
                    reporter.error(at, "'" + field + "' passes interface " + e.interfaceName() + ", which has a "
                            + "[RuntimeFeature], so it must be nullable (" + e.mojomName() + "?)");
                }
            }
            case MojomType.ArrayType a -> walk(a.element(), field, at, references, reporter);
            case MojomType.MapType m -> {
                walk(m.key(), field, at, references, reporter);
                walk(m.value(), field, at, references, reporter);
            }
            default -> {}
        }
    }
}

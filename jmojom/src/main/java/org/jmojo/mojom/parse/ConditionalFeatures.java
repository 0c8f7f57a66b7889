package org.jmojo.mojom.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jmojo.mojom.ast.Ast;
import org.jmojo.mojom.ast.Reporter;
import org.jmojo.mojom.model.Attribute;
import org.jmojo.mojom.model.Attributes;

/**
 * Drops the elements of a parsed file that {@code [EnableIf=X]} or {@code [EnableIfNot=X]}
 * disable, as Chromium's {@code conditional_features.py} does after parsing: imports, definitions,
 * members, enum values and parameters. {@code X} is a feature name, or names joined by {@code |}
 * (enabled if any is enabled) or by {@code &} (enabled if all are). Only elements that survive
 * their parent are examined, so a disabled definition's contents are never checked. The module
 * statement is not conditional: an {@code EnableIf} on it is ignored, as in Chromium.
 *
 * <p>An element with more than one {@code EnableIf}/{@code EnableIfNot}, or whose value is not a
 * feature name or name list, is an error and counts as disabled. Stateless apart from the
 * reporter; one instance per file.
 */
public final class ConditionalFeatures {
    private final Set<String> enabled;
    private final Reporter reporter;

    /** Creates a filter for the given enabled features that reports to {@code reporter}. */
    public ConditionalFeatures(Set<String> enabled, Reporter reporter) {
        this.enabled = Set.copyOf(enabled);
        this.reporter = reporter;
    }

    /** The file without its disabled elements. */
    public Ast.File filter(Ast.File f) {
        List<Ast.Import> imports = new ArrayList<>();
        for (Ast.Import i : f.imports()) {
            if (isEnabled(i.attributes())) {
                imports.add(i);
            }
        }
        List<Ast.Definition> defs = new ArrayList<>();
        for (Ast.Definition d : f.definitions()) {
            if (isEnabled(d.attributes())) {
                defs.add(definition(d));
            }
        }
        return new Ast.File(f.path(), f.module(), imports, defs);
    }

    private Ast.Definition definition(Ast.Definition d) {
        return switch (d) {
            case Ast.Struct s -> new Ast.Struct(s.name(), s.attributes(), s.position(), members(s.members()), s.hasBody());
            case Ast.Union u -> new Ast.Union(u.name(), u.attributes(), u.position(), fields(u.fields()));
            case Ast.Enum e -> enumDef(e);
            case Ast.Const c -> c;
            case Ast.Interface i -> new Ast.Interface(i.name(), i.attributes(), i.position(), members(i.members()));
            case Ast.Feature fe -> {
                List<Ast.Const> consts = new ArrayList<>();
                for (Ast.Const c : fe.consts()) {
                    if (isEnabled(c.attributes())) {
                        consts.add(c);
                    }
                }
                yield new Ast.Feature(fe.name(), fe.attributes(), fe.position(), consts);
            }
        };
    }

    private Ast.Enum enumDef(Ast.Enum e) {
        List<Ast.EnumValue> values = new ArrayList<>();
        for (Ast.EnumValue v : e.values()) {
            if (isEnabled(v.attributes())) {
                values.add(v);
            }
        }
        return new Ast.Enum(e.name(), e.attributes(), e.position(), values, e.hasBody());
    }

    private List<Ast.Member> members(List<Ast.Member> members) {
        List<Ast.Member> out = new ArrayList<>();
        for (Ast.Member m : members) {
            Attributes attrs = switch (m) {
                case Ast.Field f -> f.attributes();
                case Ast.Method me -> me.attributes();
                case Ast.Enum e -> e.attributes();
                case Ast.Const c -> c.attributes();
            };
            if (!isEnabled(attrs)) {
                continue;
            }
            out.add(switch (m) {
                case Ast.Enum e -> enumDef(e);
                case Ast.Method me -> new Ast.Method(me.name(), me.attributes(), me.position(), me.ordinal(),
                        fields(me.params()), me.response() == null ? null : fields(me.response()));
                default -> m;
            });
        }
        return out;
    }

    private List<Ast.Field> fields(List<Ast.Field> fields) {
        List<Ast.Field> out = new ArrayList<>();
        for (Ast.Field f : fields) {
            if (isEnabled(f.attributes())) {
                out.add(f);
            }
        }
        return out;
    }

    /** Decides one element; reports a malformed condition and treats it as disabled. */
    private boolean isEnabled(Attributes attrs) {
        Attribute condition = null;
        for (Attribute a : attrs.list()) {
            if (!a.name().equals("EnableIf") && !a.name().equals("EnableIfNot")) {
                continue;
            }
            if (condition != null) {
                reporter.error(a.position(), "EnableIf/EnableIfNot may be set only once per element (already "
                        + condition + ")");
                return false;
            }
            condition = a;
        }
        if (condition == null) {
            return true;
        }
        if (!wellFormed(condition)) {
            reporter.error(condition.position(), condition.name() + " takes a feature name, or names joined by '|' or"
                    + " '&', not " + condition.kind().name().toLowerCase(java.util.Locale.ROOT) + " '"
                    + condition.text() + "'");
            return false;
        }
        boolean holds;
        if (condition.text().contains("|")) {
            holds = false;
            for (String feature : condition.text().split("\\|")) {
                holds |= enabled.contains(feature);
            }
        } else {
            holds = true;
            for (String feature : condition.text().split("&")) {
                holds &= enabled.contains(feature);
            }
        }
        return condition.name().equals("EnableIf") == holds;
    }

    private static boolean wellFormed(Attribute condition) {
        return condition.kind() == Attribute.Kind.NAMES
                || (condition.kind() == Attribute.Kind.NAME && !condition.text().contains("."));
    }
}

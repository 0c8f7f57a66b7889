package org.jmojo.mojom.compat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jmojo.mojom.model.CompilationResult;
import org.jmojo.mojom.model.Definition;
import org.jmojo.mojom.model.EnumDef;
import org.jmojo.mojom.model.EnumValue;
import org.jmojo.mojom.model.InterfaceDef;
import org.jmojo.mojom.model.Method;
import org.jmojo.mojom.model.MojomFile;
import org.jmojo.mojom.model.MojomType;
import org.jmojo.mojom.model.SourcePosition;
import org.jmojo.mojom.model.StructDef;
import org.jmojo.mojom.model.StructField;
import org.jmojo.mojom.model.UnionDef;
import org.jmojo.mojom.model.UnionField;

/**
 * Compares the {@code [Stable]} definitions of an old and a new compilation of the same Mojom
 * files and reports every change that breaks Mojom's versioning rules (Chromium's
 * {@code IsBackwardCompatible} rules, applied to jmojo's wire format):
 *
 * <ul>
 *   <li>a [Stable] definition removed, or no longer [Stable];
 *   <li>structs and parameter structs: a field (by ordinal) removed, retyped (type, nullability,
 *       fixed length) or given another {@code [MinVersion]}; a field added without a
 *       {@code [MinVersion]} above every version the old struct had;
 *   <li>unions: a member (by wire tag, its declaration position) removed or retyped; a member
 *       added without a {@code [MinVersion]} above the old union's versions; extensibility removed;
 *   <li>enums (by numeric value, as Chromium compares them): a value removed or moved to another
 *       {@code [MinVersion]}; a value added to a non-[Extensible] enum (old readers reject it), or
 *       to an [Extensible] one under a {@code [MinVersion]} the old enum already used;
 *       {@code [Extensible]} removed;
 *   <li>interfaces: a method (by ordinal) removed, its ordinal reused by an incompatible method, a
 *       response added or removed, its parameters changed as for structs; a method added without a
 *       {@code [MinVersion]} above the old interface version.
 * </ul>
 *
 * <p>Renames are compatible: definitions match by full name or by {@code [RenamedFrom]}, fields and
 * methods by ordinal. Referenced types match by (renamed) name; each referenced [Stable] type is
 * checked on its own. Stateless and thread-safe.
 */
public final class CompatChecker {

    private CompatChecker() {}

    /**
     * The incompatible changes from {@code oldResult} to {@code newResult}, in old-file order.
     *
     * @throws IllegalArgumentException if either compilation has errors
     */
    public static List<CompatIssue> check(CompilationResult oldResult, CompilationResult newResult) {
        Objects.requireNonNull(oldResult, "oldResult");
        Objects.requireNonNull(newResult, "newResult");
        for (CompilationResult r : List.of(oldResult, newResult)) {
            if (r.hasErrors()) {
                throw new IllegalArgumentException("cannot compare a compilation with errors: " + r.errors().getFirst());
            }
        }
        return new Run(oldResult, newResult).check();
    }

    private static final class Run {
        private final CompilationResult oldResult;
        private final CompilationResult newResult;
        /** New full name to old full name, from [RenamedFrom]. */
        private final Map<String, String> renamedFrom = new HashMap<>();
        private final List<CompatIssue> issues = new ArrayList<>();

        Run(CompilationResult oldResult, CompilationResult newResult) {
            this.oldResult = oldResult;
            this.newResult = newResult;
            for (Definition d : newResult.definitions().values()) {
                d.attributes().text("RenamedFrom").ifPresent(old -> renamedFrom.put(d.fullName(), qualify(old, d)));
            }
        }

        /** A [RenamedFrom] value may omit the module; qualify it like the new name. */
        private static String qualify(String old, Definition d) {
            if (old.contains(".")) {
                return old;
            }
            String full = d.fullName();
            int dot = full.lastIndexOf('.');
            return dot < 0 ? old : full.substring(0, dot + 1) + old;
        }

        List<CompatIssue> check() {
            for (Definition old : oldResult.definitions().values()) {
                if (!old.attributes().has("Stable")) {
                    continue;
                }
                Optional<Definition> found = counterpart(old);
                if (found.isEmpty()) {
                    issue(anyNewPosition(), old.position(), old.fullName(),
                            old.kind().name().toLowerCase(java.util.Locale.ROOT) + " removed");
                    continue;
                }
                Definition neu = found.get();
                if (neu.kind() != old.kind()) {
                    issue(neu.position(), old.position(), old.fullName(), "changed from a "
                            + old.kind().name().toLowerCase(java.util.Locale.ROOT) + " to a "
                            + neu.kind().name().toLowerCase(java.util.Locale.ROOT));
                    continue;
                }
                if (!neu.attributes().has("Stable")) {
                    issue(neu.position(), old.position(), old.fullName(), "no longer [Stable]");
                }
                switch (old) {
                    case StructDef s -> checkStruct(s, (StructDef) neu, old.fullName(), "field");
                    case UnionDef u -> checkUnion(u, (UnionDef) neu);
                    case EnumDef e -> checkEnum(e, (EnumDef) neu);
                    case InterfaceDef i -> checkInterface(i, (InterfaceDef) neu);
                    default -> {
                        // Consts and features are not on the wire.
                    }
                }
            }
            return List.copyOf(issues);
        }

        private Optional<Definition> counterpart(Definition old) {
            Optional<Definition> byName = newResult.definition(old.fullName());
            if (byName.isPresent() && !renamedFrom.containsKey(old.fullName())) {
                return byName;
            }
            return renamedFrom.entrySet().stream().filter(e -> e.getValue().equals(old.fullName()))
                    .map(e -> newResult.definition(e.getKey())).flatMap(Optional::stream).findFirst()
                    .or(() -> byName);
        }

        private SourcePosition anyNewPosition() {
            List<MojomFile> files = newResult.files();
            return new SourcePosition(files.isEmpty() ? java.nio.file.Path.of("<new>") : files.getFirst().path(), 1, 1);
        }

        private void issue(SourcePosition neu, SourcePosition old, String definition, String message) {
            issues.add(new CompatIssue(neu, old, definition, message));
        }

        private void checkStruct(StructDef old, StructDef neu, String owner, String what) {
            Map<Integer, StructField> newByOrdinal = neu.fields().stream()
                    .collect(Collectors.toMap(StructField::ordinal, f -> f));
            int oldMaxOrdinal = -1;
            for (StructField f : old.fieldsInOrdinalOrder()) {
                oldMaxOrdinal = Math.max(oldMaxOrdinal, f.ordinal());
                StructField n = newByOrdinal.get(f.ordinal());
                if (n == null) {
                    issue(neu.position(), f.position(), owner, what + " '" + f.name() + "' (@" + f.ordinal() + ") removed");
                    continue;
                }
                if (!compatible(f.type(), n.type())) {
                    issue(n.position(), f.position(), owner, what + " '" + f.name() + "' (@" + f.ordinal()
                            + ") retyped from " + f.type().mojomName() + " to " + n.type().mojomName());
                }
                if (f.minVersion() != n.minVersion()) {
                    issue(n.position(), f.position(), owner, what + " '" + f.name() + "' (@" + f.ordinal()
                            + ") [MinVersion] changed from " + f.minVersion() + " to " + n.minVersion());
                }
            }
            int oldVersion = old.latestVersion();
            for (StructField n : neu.fieldsInOrdinalOrder()) {
                if (n.ordinal() <= oldMaxOrdinal) {
                    continue;
                }
                if (n.minVersion() == 0) {
                    issue(n.position(), old.position(), owner, what + " '" + n.name() + "' (@" + n.ordinal()
                            + ") added without [MinVersion] (needs one above " + oldVersion + ")");
                } else if (n.minVersion() <= oldVersion) {
                    issue(n.position(), old.position(), owner, what + " '" + n.name() + "' (@" + n.ordinal()
                            + ") added with [MinVersion=" + n.minVersion() + "], not above the old version "
                            + oldVersion);
                }
            }
        }

        private void checkUnion(UnionDef old, UnionDef neu) {
            String owner = old.fullName();
            if (old.extensible() && !neu.extensible()) {
                issue(neu.position(), old.position(), owner, "no longer [Extensible]");
            }
            int oldVersion = 0;
            for (UnionField f : old.fields()) {
                oldVersion = Math.max(oldVersion, f.minVersion());
                Optional<UnionField> n = neu.fieldByTag(f.tag());
                if (n.isEmpty()) {
                    issue(neu.position(), f.position(), owner, "member '" + f.name() + "' (tag " + f.tag() + ") removed");
                    continue;
                }
                if (!compatible(f.type(), n.get().type())) {
                    issue(n.get().position(), f.position(), owner, "member '" + f.name() + "' (tag " + f.tag()
                            + ") retyped from " + f.type().mojomName() + " to " + n.get().type().mojomName()
                            + (n.get().name().equals(f.name()) ? "" : " (now '" + n.get().name() + "')"));
                }
            }
            for (UnionField n : neu.fields()) {
                if (n.tag() < old.fields().size()) {
                    continue;
                }
                if (n.minVersion() <= oldVersion) {
                    issue(n.position(), old.position(), owner, "member '" + n.name() + "' (tag " + n.tag()
                            + ") added without a [MinVersion] above " + oldVersion);
                }
            }
        }

        /**
         * Chromium's rule: the values of each old {@code [MinVersion]} are exactly the same set in
         * the new enum (names may change); new values go into versions the old enum did not use,
         * and only if it was {@code [Extensible]}.
         */
        private void checkEnum(EnumDef old, EnumDef neu) {
            String owner = old.fullName();
            if (old.extensible() && !neu.extensible()) {
                issue(neu.position(), old.position(), owner, "no longer [Extensible]");
            }
            Map<Integer, Integer> oldVersionOf = new HashMap<>();
            Map<Integer, EnumValue> newByValue = new HashMap<>();
            old.values().forEach(v -> oldVersionOf.putIfAbsent(v.value(), v.minVersion()));
            neu.values().forEach(v -> newByValue.putIfAbsent(v.value(), v));
            Set<Integer> oldVersions = new HashSet<>(oldVersionOf.values());
            Set<Integer> reported = new TreeSet<>();
            for (EnumValue v : old.values()) {
                EnumValue now = newByValue.get(v.value());
                if (!reported.add(v.value())) {
                    continue;
                }
                if (now == null) {
                    issue(neu.position(), v.position(), owner, "value " + v.name() + " = " + v.value() + " removed");
                } else if (now.minVersion() != v.minVersion()) {
                    issue(now.position(), v.position(), owner, "value " + v.name() + " = " + v.value()
                            + " moved from [MinVersion=" + v.minVersion() + "] to [MinVersion=" + now.minVersion() + "]");
                }
            }
            for (EnumValue v : neu.values()) {
                if (oldVersionOf.containsKey(v.value()) || !reported.add(v.value())) {
                    continue;
                }
                if (!old.extensible()) {
                    issue(v.position(), old.position(), owner, "value " + v.name() + " = " + v.value()
                            + " added to a non-[Extensible] enum (old readers reject it)");
                } else if (oldVersions.contains(v.minVersion())) {
                    issue(v.position(), old.position(), owner, "value " + v.name() + " = " + v.value()
                            + " added to [MinVersion=" + v.minVersion() + "], which the old enum already had; new "
                            + "values need a new [MinVersion]");
                }
            }
        }

        private void checkInterface(InterfaceDef old, InterfaceDef neu) {
            String owner = old.fullName();
            int oldVersion = old.version();
            for (Method m : old.methods()) {
                Optional<Method> found = neu.methodByOrdinal(m.ordinal());
                if (found.isEmpty()) {
                    issue(neu.position(), m.position(), owner, "method " + m.name() + " (@" + m.ordinal() + ") removed");
                    continue;
                }
                Method n = found.get();
                if (!n.name().equals(m.name()) && !paramsCompatible(m.params(), n.params())) {
                    issue(n.position(), m.position(), owner, "ordinal @" + m.ordinal() + " reused: was " + m.name()
                            + ", now " + n.name() + " with other parameters");
                    continue;
                }
                String method = "method " + m.name() + " (@" + m.ordinal() + ")";
                checkStruct(m.params(), n.params(), owner, method + " parameter");
                if (m.response().isPresent() != n.response().isPresent()) {
                    issue(n.position(), m.position(), owner, method + (m.response().isPresent()
                            ? " no longer has a response" : " now has a response"));
                } else if (m.response().isPresent()) {
                    checkStruct(m.response().get(), n.response().get(), owner, method + " response parameter");
                }
            }
            for (Method n : neu.methods()) {
                if (old.methodByOrdinal(n.ordinal()).isPresent()) {
                    continue;
                }
                if (n.minVersion() <= oldVersion) {
                    issue(n.position(), old.position(), owner, "method " + n.name() + " (@" + n.ordinal()
                            + ") added without a [MinVersion] above the old interface version " + oldVersion);
                }
            }
        }

        private boolean paramsCompatible(StructDef old, StructDef neu) {
            Map<Integer, StructField> byOrdinal = neu.fields().stream()
                    .collect(Collectors.toMap(StructField::ordinal, f -> f));
            for (StructField f : old.fields()) {
                StructField n = byOrdinal.get(f.ordinal());
                if (n == null || !compatible(f.type(), n.type())) {
                    return false;
                }
            }
            return true;
        }

        /** Whether a slot of the old type can be read as the new type and vice versa. */
        private boolean compatible(MojomType old, MojomType neu) {
            if (old.nullable() != neu.nullable()) {
                return false;
            }
            return switch (old) {
                case MojomType.Primitive p -> neu instanceof MojomType.Primitive q && p.kind() == q.kind();
                case MojomType.StringType ignored -> neu instanceof MojomType.StringType;
                case MojomType.HandleType h -> neu instanceof MojomType.HandleType k && h.kind() == k.kind();
                case MojomType.ArrayType a -> neu instanceof MojomType.ArrayType b && a.fixedLength() == b.fixedLength()
                        && compatible(a.element(), b.element());
                case MojomType.MapType m -> neu instanceof MojomType.MapType n && compatible(m.key(), n.key())
                        && compatible(m.value(), n.value());
                case MojomType.StructRef s -> neu instanceof MojomType.StructRef t && sameName(s.fullName(), t.fullName());
                case MojomType.UnionRef u -> neu instanceof MojomType.UnionRef v && sameName(u.fullName(), v.fullName());
                case MojomType.EnumRef e -> neu instanceof MojomType.EnumRef f && sameName(e.fullName(), f.fullName());
                case MojomType.EndpointType e -> neu instanceof MojomType.EndpointType f && e.kind() == f.kind()
                        && sameName(e.interfaceName(), f.interfaceName());
            };
        }

        private boolean sameName(String oldName, String newName) {
            return oldName.equals(newName) || oldName.equals(renamedFrom.get(newName));
        }
    }
}

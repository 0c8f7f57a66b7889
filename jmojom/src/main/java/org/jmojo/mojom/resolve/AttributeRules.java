package org.jmojo.mojom.resolve;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jmojo.mojom.ast.Reporter;
import org.jmojo.mojom.model.Attribute;
import org.jmojo.mojom.model.Attributes;

/**
 * Which known attribute may appear where (Chromium's {@code mojom_attributes_check.py} plus
 * {@code RuntimeFeature} and {@code SupportsUrgent}). A known attribute in the wrong place is an
 * error; an unknown one is kept and reported as a warning.
 */
final class AttributeRules {

    /** The places attributes can be written. */
    enum Place {
        MODULE,
        IMPORT,
        STRUCT,
        STRUCT_FIELD,
        UNION,
        UNION_FIELD,
        ENUM,
        ENUM_VALUE,
        CONST,
        INTERFACE,
        METHOD,
        PARAMETER,
        FEATURE;

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    private static final Set<String> COMMON = Set.of("EnableIf", "EnableIfNot");

    private static final Map<Place, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry(Place.MODULE, Set.of("JavaConstantsClassName", "JavaPackage")),
            Map.entry(Place.IMPORT, Set.of()),
            Map.entry(Place.STRUCT, Set.of("CustomSerializer", "JavaClassName", "Native", "Stable", "RenamedFrom", "Uuid")),
            Map.entry(Place.STRUCT_FIELD, Set.of("MinVersion", "RenamedFrom")),
            Map.entry(Place.UNION, Set.of("Extensible", "Stable", "RenamedFrom", "Uuid")),
            Map.entry(Place.UNION_FIELD, Set.of("MinVersion", "RenamedFrom", "Default")),
            Map.entry(Place.ENUM, Set.of("Extensible", "Native", "Stable", "RenamedFrom", "Uuid")),
            Map.entry(Place.ENUM_VALUE, Set.of("Default", "MinVersion")),
            Map.entry(Place.CONST, Set.of()),
            Map.entry(Place.INTERFACE, Set.of(
                    "RenamedFrom", "RequireContext", "ServiceSandbox", "Stable", "Uuid", "RuntimeFeature")),
            Map.entry(Place.METHOD, Set.of(
                    "AllowedContext", "MinVersion", "NoInterrupt", "Sync", "UnlimitedSize", "RuntimeFeature",
                    "SupportsUrgent")),
            Map.entry(Place.PARAMETER, Set.of("MinVersion", "RenamedFrom")),
            Map.entry(Place.FEATURE, Set.of()));

    private static final Set<String> KNOWN = Stream.concat(
                    COMMON.stream(), ALLOWED.values().stream().flatMap(Set::stream))
            .collect(Collectors.toUnmodifiableSet());

    /** Attributes whose value is a flag: written bare, or as {@code =true}/{@code =false}. */
    private static final Set<String> FLAGS = Set.of(
            "Native", "Stable", "Extensible", "Default", "Sync", "NoInterrupt", "UnlimitedSize", "SupportsUrgent",
            "CustomSerializer");

    /** Attributes whose value is a string literal. */
    private static final Set<String> STRINGS = Set.of("JavaPackage", "JavaConstantsClassName", "JavaClassName", "Uuid", "RenamedFrom");

    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private AttributeRules() {}

    /** Checks placement and value kinds of every attribute in {@code attrs}. */
    static void check(Attributes attrs, Place place, String element, Reporter reporter) {
        for (Attribute a : attrs.list()) {
            if (COMMON.contains(a.name())) {
                continue;
            }
            if (!KNOWN.contains(a.name())) {
                reporter.warning(a.position(), "unknown attribute '" + a.name() + "' on " + place.label() + " "
                        + element + " (kept, not interpreted)");
                continue;
            }
            if (!ALLOWED.get(place).contains(a.name())) {
                reporter.error(a.position(), "attribute '" + a.name() + "' is not allowed on " + place.label() + " "
                        + element);
                continue;
            }
            if (FLAGS.contains(a.name()) && a.kind() != Attribute.Kind.FLAG && a.kind() != Attribute.Kind.BOOLEAN) {
                reporter.error(a.position(), "attribute '" + a.name() + "' takes no value or true/false, not '"
                        + a.text() + "'");
            } else if (STRINGS.contains(a.name()) && a.kind() != Attribute.Kind.STRING) {
                reporter.error(a.position(), "attribute '" + a.name() + "' takes a string literal, not '"
                        + a.text() + "'");
            } else if (a.name().equals("MinVersion")) {
                if (a.kind() != Attribute.Kind.INTEGER) {
                    reporter.error(a.position(), "MinVersion must be a non-negative integer, not '" + a.text() + "'");
                } else if (a.text().startsWith("-") || a.text().length() > 10
                        || Long.parseLong(a.text()) > Integer.MAX_VALUE) {
                    reporter.error(a.position(), "MinVersion must be in 0..2147483647, not " + a.text());
                }
            } else if (a.name().equals("Uuid") && !UUID.matcher(a.text()).matches()) {
                reporter.error(a.position(), "Uuid must be a UUID in 8-4-4-4-12 hex form, not '" + a.text() + "'");
            } else if (a.name().equals("RuntimeFeature") && a.kind() != Attribute.Kind.NAME) {
                reporter.error(a.position(), "RuntimeFeature takes the name of a feature, not '" + a.text() + "'");
            }
        }
    }

    /** The value of a flag attribute: false if absent. Assumes {@link #check} has run. */
    static boolean flag(Attributes attrs, String name) {
        return attrs.get(name)
                .map(a -> a.kind() == Attribute.Kind.FLAG || (a.kind() == Attribute.Kind.BOOLEAN && a.text().equals("true")))
                .orElse(false);
    }

    /** The {@code MinVersion} value, or 0 if absent or malformed (malformed ones are reported). */
    static int minVersion(Attributes attrs) {
        return attrs.get("MinVersion")
                .filter(a -> a.kind() == Attribute.Kind.INTEGER && !a.text().startsWith("-") && a.text().length() <= 10)
                .map(a -> Long.parseLong(a.text()))
                .filter(v -> v <= Integer.MAX_VALUE)
                .map(Long::intValue)
                .orElse(0);
    }
}

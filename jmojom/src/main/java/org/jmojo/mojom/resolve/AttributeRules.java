package org.jmojo.mojom.resolve;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jmojo.mojom.ast.Reporter;
import org.jmojo.mojom.lex.Lexer;
import org.jmojo.mojom.model.Attribute;
import org.jmojo.mojom.model.Attributes;

/**
 * Which attribute may appear where, and what values the known ones take.
 *
 * <p>Placement follows Chromium's {@code mojom_attributes_check.py} (plus {@code SupportsUrgent}):
 * a known attribute in the wrong place is an error; an unknown one is kept and reported as a
 * warning (Chromium's check rejects it; jmojo keeps domokit's {@code [ServiceName]} and the like).
 * A name written twice in one list is an error.
 *
 * <p>Values: flags take no value or {@code true}/{@code false}; {@code MinVersion} an integer in
 * 0..2147483647; {@code JavaPackage} and {@code JavaConstantsClassName} a string naming a Java
 * package or class; {@code JavaClassName}, {@code Uuid}, {@code RenamedFrom} and
 * {@code DispatchDebugAlias} a string or a bare name (Chromium reads an unresolvable bare name as
 * its text); {@code Uuid} a UUID; {@code RuntimeFeature}, {@code RequireContext},
 * {@code AllowedContext} and {@code ServiceSandbox} a name, resolved by the resolver. Stateless.
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
            Map.entry(Place.MODULE, Set.of("JavaConstantsClassName", "JavaPackage", "IncludeSendValidation")),
            Map.entry(Place.IMPORT, Set.of()),
            Map.entry(Place.STRUCT, Set.of("CustomSerializer", "JavaClassName", "Native", "Stable", "RenamedFrom", "Uuid")),
            Map.entry(Place.STRUCT_FIELD, Set.of("MinVersion", "RenamedFrom")),
            Map.entry(Place.UNION, Set.of("Extensible", "Stable", "RenamedFrom", "Uuid")),
            Map.entry(Place.UNION_FIELD, Set.of("MinVersion", "RenamedFrom", "Default")),
            Map.entry(Place.ENUM, Set.of("Extensible", "Native", "Stable", "RenamedFrom", "Uuid")),
            Map.entry(Place.ENUM_VALUE, Set.of("Default", "MinVersion")),
            Map.entry(Place.CONST, Set.of()),
            Map.entry(Place.INTERFACE, Set.of("DispatchDebugAlias", "RenamedFrom", "RequireContext", "RuntimeFeature",
                    "ServiceSandbox", "Stable", "Uuid")),
            Map.entry(Place.METHOD, Set.of("AllowedContext", "EstimateSize", "MinVersion", "NoInterrupt", "RuntimeFeature",
                    "SendValidation", "SupportsUrgent", "Sync", "UnlimitedSize")),
            Map.entry(Place.PARAMETER, Set.of("MinVersion", "RenamedFrom")),
            Map.entry(Place.FEATURE, Set.of()));

    private static final Set<String> KNOWN = Stream.concat(
                    COMMON.stream(), ALLOWED.values().stream().flatMap(Set::stream))
            .collect(Collectors.toUnmodifiableSet());

    /** Attributes whose value is a flag: written bare, or as {@code =true}/{@code =false}. */
    private static final Set<String> FLAGS = Set.of(
            "Native", "Stable", "Extensible", "Default", "Sync", "NoInterrupt", "UnlimitedSize", "SupportsUrgent",
            "CustomSerializer", "EstimateSize");

    /** Attributes whose value is text: a string literal, or a bare name standing for itself. */
    private static final Set<String> TEXTS = Set.of("JavaClassName", "Uuid", "RenamedFrom", "DispatchDebugAlias");

    /** Attributes whose value must be a string literal: they name Java things and are read as written. */
    private static final Set<String> STRINGS = Set.of("JavaPackage", "JavaConstantsClassName");

    /** Attributes whose value names a definition or value, which the resolver looks up. */
    private static final Set<String> REFERENCES = Set.of("RuntimeFeature", "RequireContext", "AllowedContext",
            "ServiceSandbox");

    private static final Pattern JAVA_IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
    private static final Pattern HEX32 = Pattern.compile("[0-9a-fA-F]{32}");

    private AttributeRules() {}

    /** Checks duplicates, placement and values of every attribute in {@code attrs}. */
    static void check(Attributes attrs, Place place, String element, Reporter reporter) {
        List<String> seen = new ArrayList<>();
        for (Attribute a : attrs.list()) {
            if (seen.contains(a.name())) {
                reporter.error(a.position(), "duplicate attribute '" + a.name() + "'");
                continue;
            }
            seen.add(a.name());
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
            String problem = valueProblem(a);
            if (problem != null) {
                reporter.error(a.position(), problem);
            }
        }
    }

    /** What is wrong with a known attribute's value, or null. */
    private static String valueProblem(Attribute a) {
        String name = a.name();
        if (FLAGS.contains(name)) {
            return a.kind() == Attribute.Kind.FLAG || a.kind() == Attribute.Kind.BOOLEAN ? null
                    : "attribute '" + name + "' takes no value or true/false, not '" + a.text() + "'";
        }
        if (STRINGS.contains(name) && a.kind() != Attribute.Kind.STRING) {
            return "attribute '" + name + "' takes a string literal, not '" + a.text() + "'";
        }
        if (TEXTS.contains(name) && a.kind() != Attribute.Kind.STRING && a.kind() != Attribute.Kind.NAME) {
            return "attribute '" + name + "' takes a string literal or a name, not '" + a.text() + "'";
        }
        if (REFERENCES.contains(name) && a.kind() != Attribute.Kind.NAME) {
            return "attribute '" + name + "' takes the name of "
                    + (name.equals("RuntimeFeature") ? "a feature" : "an enum value") + ", not '" + a.text() + "'";
        }
        return switch (name) {
            case "MinVersion" -> {
                if (a.kind() != Attribute.Kind.INTEGER) {
                    yield "MinVersion must be a non-negative integer, not '" + a.text() + "'";
                }
                yield minVersionValue(a) < 0 ? "MinVersion must be in 0..2147483647, not " + a.text() : null;
            }
            case "Uuid" -> isUuid(a.text()) ? null
                    : "Uuid must be a UUID (32 hex digits, optionally in 8-4-4-4-12 form), not '" + a.text() + "'";
            case "JavaPackage" -> javaPackageProblem(a.text());
            case "JavaClassName", "JavaConstantsClassName" -> javaNameProblem(name, a.text());
            default -> null;
        };
    }

    /** A UUID as Python's {@code uuid.UUID} reads one: optional urn/braces/hyphens around 32 hex digits. */
    private static boolean isUuid(String text) {
        String hex = text.replace("urn:", "").replace("uuid:", "");
        while (hex.startsWith("{")) {
            hex = hex.substring(1);
        }
        while (hex.endsWith("}")) {
            hex = hex.substring(0, hex.length() - 1);
        }
        return HEX32.matcher(hex.replace("-", "")).matches();
    }

    private static String javaPackageProblem(String text) {
        if (text.isEmpty()) {
            return "JavaPackage must name a Java package, not the empty string";
        }
        for (String segment : text.split("\\.", -1)) {
            if (!JAVA_IDENTIFIER.matcher(segment).matches() || segment.length() > Lexer.MAX_NAME_LENGTH) {
                return "JavaPackage \"" + printable(text) + "\" is not a Java package name: each dot-separated part "
                        + "must be a Java identifier (ASCII letters, digits, '_' or '$', not starting with a digit) of "
                        + "at most " + Lexer.MAX_NAME_LENGTH + " characters";
            }
        }
        return isJdkPackage(text) ? "JavaPackage \"" + text + "\" " + JDK_PACKAGE_RULE : null;
    }

    /** Why a package in {@code java} cannot hold generated classes. */
    static final String JDK_PACKAGE_RULE = "is in the java package tree, where only the JDK may define classes";

    /** Whether {@code pkg} is {@code java} or inside it: the JVM refuses to load any other class there. */
    static boolean isJdkPackage(String pkg) {
        return pkg.equals("java") || pkg.startsWith("java.");
    }

    private static String javaNameProblem(String attribute, String text) {
        if (!JAVA_IDENTIFIER.matcher(text).matches() || text.length() > Lexer.MAX_NAME_LENGTH) {
            return attribute + " \"" + printable(text) + "\" is not a Java class name: it must be a Java identifier "
                    + "(ASCII letters, digits, '_' or '$', not starting with a digit) of at most "
                    + Lexer.MAX_NAME_LENGTH + " characters";
        }
        return null;
    }

    /** The text with control characters shown as escapes, so a message stays on one line. */
    private static String printable(String text) {
        StringBuilder sb = new StringBuilder();
        for (char c : text.toCharArray()) {
            sb.append(c < 32 || c == 127 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.toString();
    }

    /** The value of a flag attribute: false if absent. Assumes {@link #check} has run. */
    static boolean flag(Attributes attrs, String name) {
        return attrs.get(name)
                .map(a -> a.kind() == Attribute.Kind.FLAG || (a.kind() == Attribute.Kind.BOOLEAN && a.text().equals("true")))
                .orElse(false);
    }

    /** The {@code MinVersion} value, or 0 if absent or malformed (malformed ones are reported). */
    static int minVersion(Attributes attrs) {
        return attrs.get("MinVersion").map(AttributeRules::minVersionValue).filter(v -> v >= 0).orElse(0);
    }

    /** The value of a MinVersion attribute, or -1 if it is not an integer in 0..2147483647. */
    private static int minVersionValue(Attribute a) {
        if (a.kind() != Attribute.Kind.INTEGER || a.text().startsWith("-") || a.text().length() > 10) {
            return -1;
        }
        long v = Long.parseLong(a.text());
        return v <= Integer.MAX_VALUE ? (int) v : -1;
    }
}

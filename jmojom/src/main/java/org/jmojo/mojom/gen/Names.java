package org.jmojo.mojom.gen;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Java spellings of Mojom names. Every name that would not compile as written (a Java keyword, a
 * restricted identifier, a clash with a generated helper) gets a trailing underscore, the rule
 * protobuf and grpc use, so the mapping stays predictable: {@code class} becomes {@code class_}.
 */
final class Names {

    /** Reserved keywords and literals: never usable as identifiers. */
    static final Set<String> KEYWORDS = Set.of(
            "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const",
            "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally", "float",
            "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native",
            "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
            "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void",
            "volatile", "while", "true", "false", "null", "_");

    /** Contextual names that cannot name a type (JLS 3.9). */
    private static final Set<String> RESTRICTED_TYPE_NAMES = Set.of("var", "yield", "record", "sealed", "permits");

    private Names() {}

    /** {@code name} as a variable or method name: keywords get a trailing underscore. */
    static String identifier(String name) {
        return KEYWORDS.contains(name) ? name + "_" : name;
    }

    /** {@code name} as a type name: keywords and restricted identifiers get a trailing underscore. */
    static String typeName(String name) {
        return KEYWORDS.contains(name) || RESTRICTED_TYPE_NAMES.contains(name) ? name + "_" : name;
    }

    /** A Mojom field name ({@code maybe_inner}, {@code maybeInner}) as a Java field name ({@code maybeInner}). */
    static String fieldName(String mojomName) {
        return identifier(lowerCamel(mojomName));
    }

    /** {@code snake_case} or {@code camelCase} to {@code lowerCamelCase}; other names keep their case. */
    static String lowerCamel(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upperNext = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_' && out.length() > 0) {
                upperNext = true;
            } else if (c == '_') {
                out.append(c);
            } else {
                out.append(upperNext ? Character.toUpperCase(c) : c);
                upperNext = false;
            }
        }
        if (out.isEmpty()) {
            return name;
        }
        if (out.length() > 1 && Character.isUpperCase(out.charAt(0)) && Character.isUpperCase(out.charAt(1))) {
            return out.toString(); // an acronym such as URL stays as written
        }
        return Character.toLowerCase(out.charAt(0)) + out.substring(1);
    }

    /** {@code maybe_inner} or {@code maybeInner} to {@code MaybeInner}. */
    static String upperCamel(String name) {
        String lower = lowerCamel(name);
        return lower.isEmpty() ? lower : Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }

    /** A capital letter starting a word of lower-case letters or digits ("Title" words, Chromium's first rule). */
    private static final java.util.regex.Pattern TITLE_WORD = java.util.regex.Pattern.compile("([^_])([A-Z][^A-Z_]+)");
    /** A capital letter after anything but a capital or underscore (Chromium's second rule). */
    private static final java.util.regex.Pattern UPPER_AFTER_OTHER = java.util.regex.Pattern.compile("([^A-Z_])([A-Z])");

    /**
     * A Mojom constant, enumerator or method name in the {@code UPPER_SNAKE_CASE} Chromium's Java
     * generator gives it, so code written against Chromium's Java bindings reads the same:
     * {@code kMaxSides} to {@code MAX_SIDES}, {@code GetValue} to {@code GET_VALUE},
     * {@code HTTPEntry2FooBar} to {@code HTTP_ENTRY2_FOO_BAR}, {@code RED} stays {@code RED}.
     *
     * <p>The name is cut into words the way Chromium's {@code NameToComponent} does it: an
     * underscore goes before every capital that starts a run of non-capitals (unless an underscore
     * is there already), then before every capital that follows a character other than a capital
     * or an underscore; the name is then split at underscores. A leading {@code k} word is dropped
     * when other words follow, and a first word that starts with a digit gets an underscore in
     * front. The words are upper-cased and joined with underscores. Names that are still not valid
     * Java (a keyword) get a trailing underscore.
     */
    static String constantStyle(String name) {
        String cut = TITLE_WORD.matcher(name).replaceAll("$1_$2");
        cut = UPPER_AFTER_OTHER.matcher(cut).replaceAll("$1_$2");
        List<String> words = new java.util.ArrayList<>(List.of(cut.split("_", -1)));
        if (words.size() > 1 && words.getFirst().equals("k")) {
            words.removeFirst();
        }
        if (!words.getFirst().isEmpty() && Character.isDigit(words.getFirst().charAt(0))) {
            words.set(0, "_" + words.getFirst());
        }
        return identifier(String.join("_", words).toUpperCase(Locale.ROOT));
    }

    /**
     * The Java package of a Mojom module: {@code [JavaPackage]} if given, else the module name with
     * each keyword segment escaped; the empty string (the unnamed package) if there is neither.
     */
    static String javaPackage(String module, java.util.Optional<String> javaPackage) {
        String raw = javaPackage.orElse(module);
        if (raw.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String segment : raw.split("\\.")) {
            if (!out.isEmpty()) {
                out.append('.');
            }
            out.append(identifier(segment));
        }
        return out.toString();
    }

    /** {@code golden_types.mojom} to {@code GoldenTypes}: the stem of a file name in upper camel case. */
    static String fileStem(String fileName) {
        String base = fileName.substring(fileName.lastIndexOf('/') + 1);
        int dot = base.indexOf('.');
        if (dot > 0) {
            base = base.substring(0, dot);
        }
        StringBuilder out = new StringBuilder();
        boolean upperNext = true;
        for (char c : base.toCharArray()) {
            if (!Character.isJavaIdentifierPart(c) || c == '_') {
                upperNext = true;
            } else {
                out.append(upperNext ? Character.toUpperCase(c) : c);
                upperNext = false;
            }
        }
        if (out.isEmpty() || !Character.isJavaIdentifierStart(out.charAt(0))) {
            out.insert(0, "Mojom");
        }
        return out.toString();
    }
}

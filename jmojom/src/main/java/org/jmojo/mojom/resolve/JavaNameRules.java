package org.jmojo.mojom.resolve;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jmojo.mojom.ast.Reporter;
import org.jmojo.mojom.lex.Lexer;
import org.jmojo.mojom.model.ConstDef;
import org.jmojo.mojom.model.Definition;
import org.jmojo.mojom.model.EnumDef;
import org.jmojo.mojom.model.EnumValue;
import org.jmojo.mojom.model.InterfaceDef;
import org.jmojo.mojom.model.Method;
import org.jmojo.mojom.model.MojomFile;
import org.jmojo.mojom.model.SourcePosition;
import org.jmojo.mojom.model.StructDef;
import org.jmojo.mojom.model.StructField;
import org.jmojo.mojom.model.UnionDef;
import org.jmojo.mojom.model.UnionField;

/**
 * The validation stage before Java generation: names that Mojom keeps apart but Java would not.
 *
 * <p>The generator changes the case of Mojom names ({@code foo_bar} and {@code fooBar} both
 * become the Java method {@code fooBar}; {@code kFooBar} and {@code FOO_BAR} both become the
 * constant {@code FOO_BAR}), so two names in one Java scope clash when they consist of the same
 * words: split at underscores and case changes, compared without case, and for consts and enum
 * values without a leading {@code k}. The scopes: the fields of a struct, union or parameter
 * list; the methods of an interface; the values of an enum; the consts of a file, struct or
 * interface; the enums nested in one struct or interface; and the top-level classes of one Java
 * package, across every file of the compilation (class names are also file names, which some file
 * systems compare without case). Each clash is reported at the later name.
 *
 * <p>It also checks the one generated name longer than a Mojom name: a file's constants class,
 * named after the file, so its file name must fit. Stateless.
 */
final class JavaNameRules {
    private JavaNameRules() {}

    /**
     * A name in one Java scope, where it is declared, and what it names: two entries with one
     * key are the same thing (or a duplicate the resolver reports), not a clash.
     */
    private record Named(String name, SourcePosition position, String key) {
        Named(String name, SourcePosition position) {
            this(name, position, name);
        }
    }

    static void check(List<MojomFile> files, Reporter reporter) {
        Map<String, List<Named>> packages = new HashMap<>();
        for (MojomFile f : files) {
            String pkg = f.javaPackage().orElse(f.module());
            List<Named> classes = packages.computeIfAbsent(pkg, k -> new ArrayList<>());
            List<Named> fileConsts = new ArrayList<>();
            for (Definition d : f.definitions()) {
                if (d instanceof ConstDef c) {
                    fileConsts.add(new Named(c.name(), c.position()));
                } else {
                    classes.add(new Named(d.attributes().text("JavaClassName").orElse(d.name()), d.position(),
                            d.fullName()));
                }
                members(d, reporter);
            }
            if (!fileConsts.isEmpty()) {
                constantsClass(f, fileConsts.getFirst().position(), classes, reporter);
            }
            clashes(fileConsts, true, "const", "the constants of " + f.importName(), reporter);
        }
        for (Map.Entry<String, List<Named>> e : packages.entrySet()) {
            clashes(e.getValue(), false, "class", "Java package " + (e.getKey().isEmpty() ? "(unnamed)" : e.getKey()),
                    reporter);
        }
    }

    /** The constants class is named after the file unless [JavaConstantsClassName] says otherwise. */
    private static void constantsClass(MojomFile f, SourcePosition firstConst, List<Named> classes, Reporter reporter) {
        String explicit = f.attributes().text("JavaConstantsClassName").orElse(null);
        if (explicit != null) {
            classes.add(new Named(explicit, firstConst, "constants of " + f.importName()));
            return;
        }
        String base = f.importName().substring(f.importName().lastIndexOf('/') + 1);
        int dot = base.indexOf('.');
        String stem = dot > 0 ? base.substring(0, dot) : base;
        if (stem.length() > Lexer.MAX_NAME_LENGTH) {
            reporter.error(firstConst, "the consts of " + f.importName() + " go into a class named after the file, "
                    + "whose name is longer than " + Lexer.MAX_NAME_LENGTH + " characters; set "
                    + "[JavaConstantsClassName] on the module");
            return;
        }
        classes.add(new Named(stem + "Constants", firstConst, "constants of " + f.importName()));
    }

    private static void members(Definition d, Reporter reporter) {
        switch (d) {
            case StructDef s -> {
                fields(s.fields(), "struct " + s.fullName(), reporter);
                nested(s.enums(), s.consts(), s.fullName(), reporter);
            }
            case UnionDef u -> {
                List<Named> names = new ArrayList<>();
                for (UnionField f : u.fields()) {
                    names.add(new Named(f.name(), f.position()));
                }
                clashes(names, false, "field", "union " + u.fullName(), reporter);
            }
            case InterfaceDef i -> {
                List<Named> methods = new ArrayList<>();
                for (Method m : i.methods()) {
                    methods.add(new Named(m.name(), m.position()));
                    fields(m.params().fields(), "the parameters of " + i.fullName() + "." + m.name(), reporter);
                    m.response().ifPresent(r -> fields(r.fields(), "the response of " + i.fullName() + "." + m.name(),
                            reporter));
                }
                clashes(methods, false, "method", "interface " + i.fullName(), reporter);
                nested(i.enums(), i.consts(), i.fullName(), reporter);
            }
            case EnumDef e -> values(e, reporter);
            default -> {}
        }
    }

    private static void nested(List<EnumDef> enums, List<ConstDef> consts, String owner, Reporter reporter) {
        List<Named> enumNames = new ArrayList<>();
        for (EnumDef e : enums) {
            enumNames.add(new Named(e.name(), e.position()));
            values(e, reporter);
        }
        clashes(enumNames, false, "enum", owner, reporter);
        List<Named> constNames = new ArrayList<>();
        consts.forEach(c -> constNames.add(new Named(c.name(), c.position())));
        clashes(constNames, true, "const", owner, reporter);
    }

    private static void fields(List<StructField> fields, String owner, Reporter reporter) {
        List<Named> names = new ArrayList<>();
        for (StructField f : fields) {
            names.add(new Named(f.name(), f.position()));
        }
        clashes(names, false, "field", owner, reporter);
    }

    private static void values(EnumDef e, Reporter reporter) {
        List<Named> names = new ArrayList<>();
        for (EnumValue v : e.values()) {
            names.add(new Named(v.name(), v.position()));
        }
        clashes(names, true, "value", "enum " + e.fullName(), reporter);
    }

    private static void clashes(List<Named> names, boolean constant, String what, String scope, Reporter reporter) {
        Map<String, Named> byWords = new HashMap<>();
        for (Named n : names) {
            Named first = byWords.putIfAbsent(words(n.name(), constant), n);
            if (first == null || first.key().equals(n.key())) {
                continue;
            }
            if (first.name().equals(n.name())) {
                reporter.error(n.position(), what + " '" + n.name() + "' is also generated for " + first.key() + " (at "
                        + first.position() + ") into " + scope);
            } else {
                reporter.error(n.position(), what + " '" + n.name() + "' and '" + first.name() + "' (at "
                        + first.position() + ") in " + scope + " would get the same name in Java, which changes "
                        + "the case of names and drops underscores");
            }
        }
    }

    /**
     * The words of a name, lower case, joined by {@code _}: split at underscores, before an upper
     * case letter that follows a lower case letter or digit, and before the last capital of a run
     * followed by a lower case letter ({@code URLLoader} is {@code url_loader}). For constant
     * names a leading word {@code k} is dropped.
     */
    static String words(String name, boolean constant) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_') {
                flush(word, words);
                continue;
            }
            boolean upper = Character.isUpperCase(c);
            if (upper && i > 0 && !word.isEmpty()) {
                char prev = name.charAt(i - 1);
                boolean nextLower = i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
                if (Character.isLowerCase(prev) || Character.isDigit(prev) || (Character.isUpperCase(prev) && nextLower)) {
                    flush(word, words);
                }
            }
            word.append(Character.toLowerCase(c));
        }
        flush(word, words);
        if (constant && words.size() > 1 && words.getFirst().equals("k")) {
            words.removeFirst();
        }
        return words.isEmpty() ? name.toLowerCase(Locale.ROOT) : String.join("_", words);
    }

    private static void flush(StringBuilder word, List<String> words) {
        if (!word.isEmpty()) {
            words.add(word.toString());
            word.setLength(0);
        }
    }
}

package org.jmojo.mojom.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Grammar-aware mutations of {@code .mojom} text: the text is split into Mojom tokens (names,
 * numbers, strings, comments, punctuation, whitespace) and mutated token-wise, with replacements
 * drawn from Mojom's own vocabulary (keywords, attributes, boundary numbers, the file's own
 * names) and with structural edits that real bugs need: types wrapped in deep nesting, a
 * definition copied into a long chain of definitions each naming the next, definitions and
 * attribute lists duplicated, text spliced in from another file.
 *
 * <p>Every choice is taken from a {@link Choices}, so the same choices give the same mutant:
 * Jazzer's input bytes drive them in {@link CompilerFuzzTarget}, a seeded {@link java.util.Random}
 * in {@link CompilerMutationTest}. Stateless and thread-safe.
 */
final class MojomMutator {

    /** The source of every choice a mutation makes. */
    interface Choices {
        /** A number in {@code 0 .. bound-1}; {@code bound >= 1}. */
        int pick(int bound);
    }

    private static final Pattern TOKEN = Pattern.compile(
            "//[^\\n]*|/\\*.*?\\*/|\"(?:[^\"\\\\\\n]|\\\\.)*\"|[A-Za-z_][A-Za-z0-9_]*|@?[0-9][0-9A-Za-z_.]*"
                    + "|\\.[0-9][0-9eE+\\-]*|=>|\\s+|.", Pattern.DOTALL);

    private static final String[] KEYWORDS = {
        "module", "import", "struct", "union", "interface", "enum", "const", "feature", "true", "false", "default",
        "handle", "array", "map", "string", "bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64",
        "uint64", "float", "double", "associated", "pending_remote", "pending_receiver", "pending_associated_remote",
        "pending_associated_receiver", "result", "hash_map", "handle<message_pipe>", "handle<shared_buffer>",
        "double.NAN", "float.INFINITY",
    };

    private static final String[] PUNCTUATION = {
        "{", "}", "(", ")", "[", "]", "<", ">", ";", ",", ".", "?", "&", "|", "=", "=>", "-", "+", "@", "\"",
    };

    private static final String[] NUMBERS = {
        "0", "1", "-1", "7", "127", "-128", "-127", "255", "256", "32767", "65535", "2147483647", "2147483648",
        "-2147483648", "-2147483649", "4294967295", "4294967296", "9223372036854775807", "18446744073709551615",
        "18446744073709551616", "0x7FFFFFFF", "0xFFFFFFFF", "0x8000000000000000", "1.5", "-0.0", "1e38", "1e39",
        "1e309", ".5", "5.", "08", "@0", "@1", "@2147483647", "@4294967294", "@4294967295", "@4294967296", "@01",
    };

    private static final String[] ATTRIBUTES = {
        "[Stable]", "[Extensible]", "[Default]", "[Native]", "[Sync]", "[NoInterrupt]", "[MinVersion=1]",
        "[MinVersion=2]", "[MinVersion=-1]", "[MinVersion=2147483648]", "[EnableIf=is_linux]", "[EnableIfNot=is_linux]",
        "[EnableIf=a|is_linux]", "[EnableIf=a&b]", "[JavaClassName=\"Renamed\"]", "[JavaClassName=\"\"]",
        "[JavaClassName=\"a b\"]", "[JavaPackage=\"org.example\"]", "[JavaPackage=\"1bad\"]",
        "[JavaConstantsClassName=\"Consts\"]", "[Uuid=\"0123456789abcdef0123456789abcdef\"]", "[RenamedFrom=Old]",
        "[RuntimeFeature=kF]", "[RequireContext=Ctx.kA]", "[AllowedContext=Ctx.kB]", "[ServiceSandbox=Ctx.kA]",
        "[CustomSerializer]", "[UnlimitedSize]", "[SupportsUrgent]", "[Unknown=1.5]", "[A, B=c.d, C=\"s\"]", "[]",
    };

    private static final String[] ODD = {
        "\u0663", "\u0000", "\f", "\u00e4", "\uFEFF", "\t", "\r\n", "\\", "'", "$", "#", "`", "/*", "*/", "//",
        "\"\\x41\\101\\n\"", "\"\\q\"",
    };

    private MojomMutator() {}

    /** Applies one to {@code maxMutations} mutations to {@code source}, drawing from {@code others} for splices. */
    static String mutate(String source, List<String> others, int maxMutations, Choices c) {
        String text = source;
        int count = 1 + c.pick(maxMutations);
        for (int i = 0; i < count; i++) {
            text = mutateOnce(text, others, c);
        }
        return text;
    }

    /** The text split into tokens; concatenating them gives the text back. */
    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static String mutateOnce(String text, List<String> others, Choices c) {
        List<String> t = tokens(text);
        if (t.isEmpty()) {
            return pickFrom(KEYWORDS, c) + " ";
        }
        List<Integer> solid = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            if (!t.get(i).isBlank()) {
                solid.add(i);
            }
        }
        // Edits land on a token, not on the space between tokens, which would merge two.
        int at = solid.isEmpty() ? c.pick(t.size()) : solid.get(c.pick(solid.size()));
        return switch (c.pick(16)) {
            case 0 -> join(remove(t, at, 1 + c.pick(4)));
            case 1 -> join(duplicate(t, at, 1 + c.pick(8)));
            case 2 -> join(replace(t, at, pickFrom(KEYWORDS, c)));
            case 3 -> join(replace(t, at, pickFrom(PUNCTUATION, c)));
            case 4 -> join(replace(t, at, pickFrom(NUMBERS, c)));
            case 5 -> join(insert(t, at, pickFrom(ATTRIBUTES, c) + " "));
            case 6 -> join(replace(t, at, pickFrom(ODD, c)));
            case 7 -> join(replace(t, at, pickName(t, c)));
            case 8 -> wrapType(t, at, 1 + c.pick(40), c);
            case 9 -> chain(text, t, 2 + c.pick(c.pick(2) == 0 ? 10 : 300), c);
            case 10 -> duplicateDefinition(t, at, c);
            case 11 -> splice(t, at, others, c);
            // The rest keep the syntax: a name for a name, a number for a number, a nested type.
            case 12, 13 -> isName(t.get(at)) ? join(replace(t, at, pickName(t, c))) : duplicateDefinition(t, at, c);
            case 14 -> isNumber(t.get(at)) ? join(replace(t, at, pickFrom(NUMBERS, c))) : wrapType(t, at, 1 + c.pick(3), c);
            default -> c.pick(2) == 0 ? duplicateDefinition(t, at, c) : chain(text, t, 2 + c.pick(20), c);
        };
    }

    private static String pickFrom(String[] options, Choices c) {
        return options[c.pick(options.length)];
    }

    /** One of the file's own names, or a fresh one. */
    private static String pickName(List<String> t, Choices c) {
        List<String> names = new ArrayList<>();
        for (String s : t) {
            if (isName(s)) {
                names.add(s);
            }
        }
        if (names.isEmpty() || c.pick(8) == 0) {
            return "N" + c.pick(1000);
        }
        return names.get(c.pick(names.size()));
    }

    private static boolean isName(String s) {
        return !s.isEmpty() && (Character.isLetter(s.charAt(0)) || s.charAt(0) == '_') && s.chars().allMatch(
                ch -> ch < 128 && (Character.isLetterOrDigit(ch) || ch == '_'));
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && (Character.isDigit(s.charAt(0)) || s.charAt(0) == '@');
    }

    private static String join(List<String> t) {
        return String.join("", t);
    }

    private static List<String> remove(List<String> t, int at, int n) {
        List<String> out = new ArrayList<>(t);
        for (int i = 0; i < n && at < out.size(); i++) {
            out.remove(at);
        }
        return out;
    }

    private static List<String> duplicate(List<String> t, int at, int n) {
        List<String> out = new ArrayList<>(t);
        List<String> range = new ArrayList<>(t.subList(at, Math.min(t.size(), at + n)));
        out.addAll(Math.min(out.size(), at + n), range);
        return out;
    }

    private static List<String> replace(List<String> t, int at, String token) {
        List<String> out = new ArrayList<>(t);
        out.set(at, token);
        return out;
    }

    private static List<String> insert(List<String> t, int at, String token) {
        List<String> out = new ArrayList<>(t);
        out.add(at, token);
        return out;
    }

    /** Wraps the name at (or after) {@code at} in {@code depth} layers of array, map or nullable types. */
    private static String wrapType(List<String> t, int at, int depth, Choices c) {
        int i = at;
        while (i < t.size() && !isName(t.get(i))) {
            i++;
        }
        if (i == t.size()) {
            return join(t);
        }
        StringBuilder open = new StringBuilder();
        StringBuilder close = new StringBuilder();
        for (int d = 0; d < depth; d++) {
            switch (c.pick(4)) {
                case 0 -> {
                    open.append("array<");
                    close.insert(0, ">");
                }
                case 1 -> {
                    open.append("map<string, ");
                    close.insert(0, ">");
                }
                case 2 -> {
                    open.append("array<");
                    close.insert(0, ", " + (1 + c.pick(4)) + ">");
                }
                default -> {
                    open.append("array<");
                    close.insert(0, ">?");
                }
            }
        }
        return join(replace(t, i, open + t.get(i) + close));
    }

    /**
     * Appends a chain of {@code length} definitions, each naming the next (or the previous): consts
     * defined by consts, enums whose values are other enums' values, unions or structs holding the
     * next one. Long chains are what overflowed recursive resolvers and generators.
     */
    private static String chain(String text, List<String> t, int length, Choices c) {
        StringBuilder sb = new StringBuilder(text).append('\n');
        String p = "C" + c.pick(100) + "_";
        boolean backwards = c.pick(2) == 0;
        for (int i = 0; i < length; i++) {
            int next = backwards ? i - 1 : i + 1;
            boolean last = backwards ? i == 0 : i == length - 1;
            switch (c.pick(4)) {
                case 0 -> sb.append("const int32 ").append(p).append(i).append(" = ")
                        .append(last ? "1" : p + next).append(";\n");
                case 1 -> sb.append("enum ").append(p).append(i).append(" { A = ")
                        .append(last ? "1" : p + next + ".A").append(" };\n");
                case 2 -> sb.append("union ").append(p).append(i).append(" { ")
                        .append(last ? "" : p + next + " a; ").append("int32 b; };\n");
                default -> sb.append("struct ").append(p).append(i).append(" { ")
                        .append(last ? "" : p + next + "? a; ").append("int32 b; };\n");
            }
        }
        return sb.toString();
    }

    /** Copies one whole top-level element (up to its {@code ;} outside braces), sometimes renaming names in the copy. */
    private static String duplicateDefinition(List<String> t, int at, Choices c) {
        List<int[]> elements = new ArrayList<>();
        int start = 0;
        int depth = 0;
        for (int i = 0; i < t.size(); i++) {
            String s = t.get(i);
            if (s.equals("{")) {
                depth++;
            } else if (s.equals("}")) {
                depth--;
            } else if (s.equals(";") && depth == 0) {
                elements.add(new int[] {start, i + 1});
                start = i + 1;
            }
        }
        if (elements.isEmpty()) {
            return join(t);
        }
        int[] e = elements.get(c.pick(elements.size()));
        List<String> copy = new ArrayList<>(t.subList(e[0], e[1]));
        if (c.pick(2) == 0) {
            for (int i = 0; i < copy.size(); i++) {
                if (isName(copy.get(i)) && c.pick(4) == 0) {
                    copy.set(i, copy.get(i) + "X");
                }
            }
        }
        List<String> out = new ArrayList<>(t);
        out.addAll(c.pick(2) == 0 ? e[1] : t.size(), copy);
        return join(out);
    }

    /** Inserts a range of tokens from another file. */
    private static String splice(List<String> t, int at, List<String> others, Choices c) {
        if (others.isEmpty()) {
            return join(t);
        }
        List<String> other = tokens(others.get(c.pick(others.size())));
        if (other.isEmpty()) {
            return join(t);
        }
        int from = c.pick(other.size());
        int to = Math.min(other.size(), from + 1 + c.pick(60));
        List<String> out = new ArrayList<>(t);
        out.addAll(at, other.subList(from, to));
        return join(out);
    }
}

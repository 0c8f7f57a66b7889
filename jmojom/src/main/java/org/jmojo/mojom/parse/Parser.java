package org.jmojo.mojom.parse;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jmojo.mojom.ast.Ast;
import org.jmojo.mojom.ast.Reporter;
import org.jmojo.mojom.lex.LexException;
import org.jmojo.mojom.lex.Lexer;
import org.jmojo.mojom.lex.Token;
import org.jmojo.mojom.lex.TokenKind;
import org.jmojo.mojom.model.Attribute;
import org.jmojo.mojom.model.Attributes;
import org.jmojo.mojom.model.MojomType;
import org.jmojo.mojom.model.MojomType.EndpointKind;
import org.jmojo.mojom.model.MojomType.HandleKind;
import org.jmojo.mojom.model.MojomType.PrimitiveKind;
import org.jmojo.mojom.model.SourcePosition;

/**
 * Recursive-descent parser for both Mojom dialects (Chromium 2022 and domokit 2016). Elements
 * disabled by {@code [EnableIf=X]} / {@code [EnableIfNot=X]} are parsed and then dropped, so a
 * disabled element must still be well-formed. The first syntax error ends parsing of the file.
 * Not thread-safe; one instance per file.
 */
public final class Parser {
    private static final Map<String, PrimitiveKind> PRIMITIVES = Map.ofEntries(
            Map.entry("bool", PrimitiveKind.BOOL),
            Map.entry("int8", PrimitiveKind.INT8),
            Map.entry("uint8", PrimitiveKind.UINT8),
            Map.entry("int16", PrimitiveKind.INT16),
            Map.entry("uint16", PrimitiveKind.UINT16),
            Map.entry("int32", PrimitiveKind.INT32),
            Map.entry("uint32", PrimitiveKind.UINT32),
            Map.entry("int64", PrimitiveKind.INT64),
            Map.entry("uint64", PrimitiveKind.UINT64),
            Map.entry("float", PrimitiveKind.FLOAT),
            Map.entry("double", PrimitiveKind.DOUBLE));

    private static final Map<String, HandleKind> HANDLE_KINDS = Map.of(
            "message_pipe", HandleKind.MESSAGE_PIPE,
            "data_pipe_consumer", HandleKind.DATA_PIPE_CONSUMER,
            "data_pipe_producer", HandleKind.DATA_PIPE_PRODUCER,
            "shared_buffer", HandleKind.SHARED_BUFFER,
            "platform", HandleKind.PLATFORM);

    private static final Map<String, EndpointKind> ENDPOINTS = Map.of(
            "pending_remote", EndpointKind.REMOTE,
            "pending_receiver", EndpointKind.RECEIVER,
            "pending_associated_remote", EndpointKind.ASSOCIATED_REMOTE,
            "pending_associated_receiver", EndpointKind.ASSOCIATED_RECEIVER);

    /** Words that cannot name a user type, field, method or enumerator. */
    private static final Set<String> RESERVED = Set.of(
            "module", "import", "struct", "union", "interface", "enum", "const", "true", "false", "default");

    private final Path file;
    private final String text;
    private final Set<String> enabledFeatures;
    private final Reporter reporter;
    private List<Token> tokens;
    private int index;

    /**
     * Creates a parser.
     *
     * @param file the file name used in positions
     * @param text the file content
     * @param enabledFeatures feature names that {@code EnableIf} tests
     * @param reporter receives syntax errors and conditional-compilation errors
     */
    public Parser(Path file, String text, Set<String> enabledFeatures, Reporter reporter) {
        this.file = file;
        this.text = text;
        this.enabledFeatures = Set.copyOf(enabledFeatures);
        this.reporter = reporter;
    }

    /**
     * Parses the file. Syntax errors are reported; after each one the parser skips to the next
     * top-level definition and goes on, so one run reports every broken definition. A file with
     * any syntax error yields empty (resolving a partial file would only add follow-on errors).
     */
    public Optional<Ast.File> parse() {
        try {
            tokens = new Lexer(file, text).tokenize();
        } catch (LexException e) {
            reporter.error(e.position(), e.getMessage());
            return Optional.empty();
        }
        Ast.File result = file();
        return syntaxErrors == 0 ? Optional.of(result) : Optional.empty();
    }

    private int syntaxErrors;

    /**
     * Skips the top-level element that starts at token {@code start} and holds a syntax error: up
     * to its closing {@code '};'}, or to its {@code ';'} when it has no body.
     */
    private void recover(int start) {
        index = start;
        int depth = 0;
        while (!at(TokenKind.EOF)) {
            Token t = advance();
            if (t.kind() == TokenKind.LBRACE) {
                depth++;
            } else if (t.kind() == TokenKind.RBRACE && depth > 0) {
                depth--;
                if (depth == 0) {
                    accept(TokenKind.SEMI);
                    return;
                }
            } else if (t.kind() == TokenKind.SEMI && depth == 0) {
                return;
            }
        }
    }

    // ---- token helpers -------------------------------------------------------

    private Token peek() {
        return tokens.get(index);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(index + ahead, tokens.size() - 1));
    }

    private Token advance() {
        Token t = tokens.get(index);
        if (t.kind() != TokenKind.EOF) {
            index++;
        }
        return t;
    }

    private boolean at(TokenKind kind) {
        return peek().kind() == kind;
    }

    private boolean accept(TokenKind kind) {
        if (at(kind)) {
            advance();
            return true;
        }
        return false;
    }

    private Token expect(TokenKind kind, String context) throws ParseException {
        if (!at(kind)) {
            throw unexpected(kind.display(), context);
        }
        return advance();
    }

    private ParseException unexpected(String wanted, String context) {
        Token t = peek();
        String where = context.isEmpty() ? "" : " " + context;
        return new ParseException(t.position(), "syntax error: expected " + wanted + where + ", found " + t.describe());
    }

    private Token name(String context) throws ParseException {
        Token t = expect(TokenKind.NAME, context);
        if (RESERVED.contains(t.text())) {
            throw new ParseException(t.position(), "syntax error: reserved word '" + t.text() + "' cannot be used " + context);
        }
        return t;
    }

    /** {@code NAME ('.' NAME)*}. */
    private String dottedName(String context) throws ParseException {
        StringBuilder sb = new StringBuilder(name(context).text());
        while (at(TokenKind.DOT) && peek(1).kind() == TokenKind.NAME) {
            advance();
            sb.append('.').append(advance().text());
        }
        return sb.toString();
    }

    // ---- file structure ------------------------------------------------------

    private Ast.File file() {
        Ast.Module module = null;
        List<Ast.Import> imports = new ArrayList<>();
        List<Ast.Definition> defs = new ArrayList<>();
        while (!at(TokenKind.EOF)) {
            int start = index;
            try {
                module = topLevel(module, imports, defs);
            } catch (ParseException e) {
                reporter.error(e.position(), e.getMessage());
                syntaxErrors++;
                recover(start);
            }
        }
        if (module != null && !enabled(module.attributes())) {
            module = null;
        }
        return new Ast.File(file, module, imports, defs);
    }

    /** Parses one top-level element; returns the module statement seen so far. */
    private Ast.Module topLevel(Ast.Module module, List<Ast.Import> imports, List<Ast.Definition> defs)
            throws ParseException {
        Attributes attrs = attributes();
        Token t = peek();
        if (t.isName("module")) {
            advance();
            if (module != null) {
                throw new ParseException(t.position(), "at most one 'module' statement is allowed per file");
            }
            if (!imports.isEmpty() || !defs.isEmpty()) {
                throw new ParseException(t.position(), "'module' must come before imports and definitions");
            }
            String name = dottedName("after 'module'");
            expect(TokenKind.SEMI, "after the module name");
            module = new Ast.Module(name, attrs, t.position());
        } else if (t.isName("import")) {
            advance();
            if (!defs.isEmpty()) {
                throw new ParseException(t.position(), "imports must come before definitions");
            }
            Token path = expect(TokenKind.STRING, "after 'import'");
            expect(TokenKind.SEMI, "after the import path");
            if (enabled(attrs)) {
                imports.add(new Ast.Import(path.text(), attrs, path.position()));
            }
        } else {
            Ast.Definition d = definition(attrs);
            if (enabled(attrs)) {
                defs.add(d);
            }
        }
        return module;
    }

    private Ast.Definition definition(Attributes attrs) throws ParseException {
        Token t = peek();
        if (t.kind() == TokenKind.NAME) {
            switch (t.text()) {
                case "struct" -> {
                    return struct(attrs);
                }
                case "union" -> {
                    return union(attrs);
                }
                case "interface" -> {
                    return iface(attrs);
                }
                case "enum" -> {
                    return enumDef(attrs);
                }
                case "const" -> {
                    return constDef(attrs);
                }
                case "feature" -> {
                    if (peek(1).kind() == TokenKind.NAME) {
                        return feature(attrs);
                    }
                }
                default -> {}
            }
        }
        throw unexpected("'struct', 'union', 'interface', 'enum', 'const' or 'feature'", "at top level");
    }

    // ---- attributes and conditional compilation ------------------------------

    private Attributes attributes() throws ParseException {
        if (!at(TokenKind.LBRACKET)) {
            return Attributes.NONE;
        }
        advance();
        List<Attribute> list = new ArrayList<>();
        if (accept(TokenKind.RBRACKET)) {
            return Attributes.NONE;
        }
        do {
            Token n = expect(TokenKind.NAME, "as an attribute name");
            if (!accept(TokenKind.EQUALS)) {
                list.add(new Attribute(n.text(), Attribute.Kind.FLAG, "", n.position()));
                continue;
            }
            Token v = peek();
            Attribute a;
            if (v.kind() == TokenKind.STRING) {
                advance();
                a = new Attribute(n.text(), Attribute.Kind.STRING, v.text(), n.position());
            } else if (v.kind() == TokenKind.INT || v.kind() == TokenKind.MINUS || v.kind() == TokenKind.PLUS) {
                Ast.Value iv = literalNumber();
                if (!(iv instanceof Ast.IntLiteral il)) {
                    throw new ParseException(v.position(), "syntax error: attribute " + n.text() + " takes an integer, not a float");
                }
                a = new Attribute(n.text(), Attribute.Kind.INTEGER, il.value().toString(), n.position());
            } else if (v.isName("true") || v.isName("false")) {
                advance();
                a = new Attribute(n.text(), Attribute.Kind.BOOLEAN, v.text(), n.position());
            } else if (v.kind() == TokenKind.NAME) {
                // Chromium allows NAME '|' NAME lists in newer versions; a single name is what both
                // dialects use.
                a = new Attribute(n.text(), Attribute.Kind.NAME, dottedName("as an attribute value"), n.position());
            } else {
                throw unexpected("an attribute value", "after '" + n.text() + "='");
            }
            list.add(a);
        } while (accept(TokenKind.COMMA) && !at(TokenKind.RBRACKET));
        expect(TokenKind.RBRACKET, "to close the attribute list");
        return checkDuplicates(new Attributes(list));
    }

    private Attributes checkDuplicates(Attributes attrs) {
        List<Attribute> kept = new ArrayList<>();
        for (Attribute a : attrs.list()) {
            if (kept.stream().anyMatch(k -> k.name().equals(a.name()))) {
                reporter.error(a.position(), "duplicate attribute '" + a.name() + "'");
            } else {
                kept.add(a);
            }
        }
        return kept.size() == attrs.list().size() ? attrs : new Attributes(kept);
    }

    /** Decides {@code EnableIf}/{@code EnableIfNot} against the enabled features. */
    private boolean enabled(Attributes attrs) {
        Optional<Attribute> on = attrs.get("EnableIf");
        Optional<Attribute> off = attrs.get("EnableIfNot");
        if (on.isPresent() && off.isPresent()) {
            reporter.error(off.get().position(), "EnableIf and EnableIfNot cannot both be set on one element");
            return false;
        }
        if (on.isPresent()) {
            return featureName(on.get()).map(enabledFeatures::contains).orElse(false);
        }
        if (off.isPresent()) {
            return featureName(off.get()).map(f -> !enabledFeatures.contains(f)).orElse(false);
        }
        return true;
    }

    private Optional<String> featureName(Attribute a) {
        if (a.kind() != Attribute.Kind.NAME) {
            reporter.error(a.position(), a.name() + " takes a feature name, not " + a.kind().name().toLowerCase(java.util.Locale.ROOT) + " value '" + a.text() + "'");
            return Optional.empty();
        }
        return Optional.of(a.text());
    }

    // ---- definitions ---------------------------------------------------------

    private Ast.Struct struct(Attributes attrs) throws ParseException {
        advance();
        Token n = name("after 'struct'");
        if (accept(TokenKind.SEMI)) {
            return new Ast.Struct(n.text(), attrs, n.position(), List.of(), false);
        }
        expect(TokenKind.LBRACE, "after the struct name");
        List<Ast.Member> members = new ArrayList<>();
        while (!accept(TokenKind.RBRACE)) {
            Attributes a = attributes();
            Ast.Member m;
            if (peek().isName("enum") && peek(1).kind() == TokenKind.NAME) {
                m = enumDef(a);
            } else if (peek().isName("const")) {
                m = constDef(a);
            } else {
                m = field(a, true, true, "struct field");
                expect(TokenKind.SEMI, "after the struct field");
            }
            if (enabled(a)) {
                members.add(m);
            }
        }
        expect(TokenKind.SEMI, "after '}' of struct " + n.text());
        return new Ast.Struct(n.text(), attrs, n.position(), members, true);
    }

    private Ast.Union union(Attributes attrs) throws ParseException {
        advance();
        Token n = name("after 'union'");
        expect(TokenKind.LBRACE, "after the union name");
        List<Ast.Field> fields = new ArrayList<>();
        while (!accept(TokenKind.RBRACE)) {
            Attributes a = attributes();
            Ast.Field f = field(a, true, false, "union field");
            expect(TokenKind.SEMI, "after the union field");
            if (enabled(a)) {
                fields.add(f);
            }
        }
        expect(TokenKind.SEMI, "after '}' of union " + n.text());
        return new Ast.Union(n.text(), attrs, n.position(), fields);
    }

    private Ast.Field field(Attributes attrs, boolean allowOrdinal, boolean allowDefault, String what)
            throws ParseException {
        Ast.Type type = type();
        Token n = name("as the " + what + " name");
        Ast.Ordinal ordinal = null;
        if (allowOrdinal && at(TokenKind.ORDINAL)) {
            ordinal = ordinal();
        }
        Ast.Value def = null;
        if (allowDefault && accept(TokenKind.EQUALS)) {
            def = value();
        }
        return new Ast.Field(n.text(), attrs, n.position(), type, ordinal, def);
    }

    private Ast.Ordinal ordinal() throws ParseException {
        Token t = advance();
        BigInteger v = new BigInteger(t.text());
        if (v.compareTo(BigInteger.valueOf(0xFFFF_FFFFL)) > 0) {
            throw new ParseException(t.position(), "ordinal @" + t.text() + " is larger than 4294967295");
        }
        return new Ast.Ordinal(v.longValue(), t.position());
    }

    private Ast.Enum enumDef(Attributes attrs) throws ParseException {
        advance();
        Token n = name("after 'enum'");
        if (accept(TokenKind.SEMI)) {
            return new Ast.Enum(n.text(), attrs, n.position(), List.of(), false);
        }
        expect(TokenKind.LBRACE, "after the enum name");
        List<Ast.EnumValue> values = new ArrayList<>();
        while (!at(TokenKind.RBRACE)) {
            Attributes a = attributes();
            Token vn = name("as an enum value name");
            Ast.Value v = null;
            if (accept(TokenKind.EQUALS)) {
                SourcePosition vp = peek().position();
                if (!at(TokenKind.NAME) && !at(TokenKind.INT) && !at(TokenKind.MINUS) && !at(TokenKind.PLUS)) {
                    throw unexpected("an integer or the name of a value", "after '" + vn.text() + " ='");
                }
                v = at(TokenKind.NAME) ? new Ast.NameRef(dottedName("as an enum value"), vp) : literalNumber();
            }
            if (enabled(a)) {
                values.add(new Ast.EnumValue(vn.text(), a, vn.position(), v));
            }
            if (!accept(TokenKind.COMMA)) {
                break;
            }
        }
        expect(TokenKind.RBRACE, "after the enum values");
        expect(TokenKind.SEMI, "after '}' of enum " + n.text());
        return new Ast.Enum(n.text(), attrs, n.position(), values, true);
    }

    private Ast.Const constDef(Attributes attrs) throws ParseException {
        advance();
        Ast.Type type = type();
        Token n = name("as the const name");
        expect(TokenKind.EQUALS, "after the const name");
        Ast.Value v = value();
        expect(TokenKind.SEMI, "after the const value");
        return new Ast.Const(n.text(), attrs, n.position(), type, v);
    }

    private Ast.Interface iface(Attributes attrs) throws ParseException {
        advance();
        Token n = name("after 'interface'");
        expect(TokenKind.LBRACE, "after the interface name");
        List<Ast.Member> members = new ArrayList<>();
        while (!accept(TokenKind.RBRACE)) {
            Attributes a = attributes();
            Ast.Member m;
            if (peek().isName("enum") && peek(1).kind() == TokenKind.NAME) {
                m = enumDef(a);
            } else if (peek().isName("const")) {
                m = constDef(a);
            } else {
                m = method(a);
            }
            if (enabled(a)) {
                members.add(m);
            }
        }
        expect(TokenKind.SEMI, "after '}' of interface " + n.text());
        return new Ast.Interface(n.text(), attrs, n.position(), members);
    }

    private Ast.Method method(Attributes attrs) throws ParseException {
        Token n = name("as a method name");
        Ast.Ordinal ordinal = at(TokenKind.ORDINAL) ? ordinal() : null;
        expect(TokenKind.LPAREN, "after the method name");
        List<Ast.Field> params = params();
        List<Ast.Field> response = null;
        if (accept(TokenKind.RESPONSE)) {
            expect(TokenKind.LPAREN, "after '=>'");
            response = params();
        }
        expect(TokenKind.SEMI, "after the method declaration");
        return new Ast.Method(n.text(), attrs, n.position(), ordinal, params, response);
    }

    private List<Ast.Field> params() throws ParseException {
        List<Ast.Field> out = new ArrayList<>();
        if (accept(TokenKind.RPAREN)) {
            return out;
        }
        do {
            Attributes a = attributes();
            Ast.Field f = field(a, true, false, "parameter");
            if (enabled(a)) {
                out.add(f);
            }
        } while (accept(TokenKind.COMMA));
        expect(TokenKind.RPAREN, "to close the parameter list");
        return out;
    }

    private Ast.Feature feature(Attributes attrs) throws ParseException {
        advance();
        Token n = name("after 'feature'");
        expect(TokenKind.LBRACE, "after the feature name");
        List<Ast.Const> consts = new ArrayList<>();
        while (!accept(TokenKind.RBRACE)) {
            Attributes a = attributes();
            if (!peek().isName("const")) {
                throw unexpected("'const'", "in the body of feature " + n.text());
            }
            Ast.Const c = constDef(a);
            if (enabled(a)) {
                consts.add(c);
            }
        }
        expect(TokenKind.SEMI, "after '}' of feature " + n.text());
        return new Ast.Feature(n.text(), attrs, n.position(), consts);
    }

    // ---- types ---------------------------------------------------------------

    private Ast.Type type() throws ParseException {
        Token t = peek();
        if (t.kind() != TokenKind.NAME) {
            throw unexpected("a type", "");
        }
        SourcePosition pos = t.position();
        Ast.Type base;
        String word = t.text();
        if (PRIMITIVES.containsKey(word)) {
            advance();
            base = new Ast.BuiltinType(new MojomType.Primitive(PRIMITIVES.get(word)), false, pos);
        } else if (word.equals("string")) {
            advance();
            base = new Ast.BuiltinType(new MojomType.StringType(false), false, pos);
        } else if (word.equals("handle")) {
            advance();
            HandleKind kind = HandleKind.GENERIC;
            if (accept(TokenKind.LANGLE)) {
                Token k = expect(TokenKind.NAME, "as the handle kind");
                kind = HANDLE_KINDS.get(k.text());
                if (kind == null) {
                    throw new ParseException(k.position(), "unknown handle kind '" + k.text()
                            + "': expected message_pipe, data_pipe_consumer, data_pipe_producer, shared_buffer or platform");
                }
                expect(TokenKind.RANGLE, "after the handle kind");
            }
            base = new Ast.BuiltinType(new MojomType.HandleType(kind, false), false, pos);
        } else if (word.equals("array") && peek(1).kind() == TokenKind.LANGLE) {
            advance();
            advance();
            Ast.Type element = type();
            long fixed = 0;
            if (accept(TokenKind.COMMA)) {
                Token len = expect(TokenKind.INT, "as the fixed array length");
                BigInteger v = parseInt(len);
                if (v.signum() <= 0 || v.compareTo(BigInteger.valueOf(0xFFFF_FFFFL)) > 0) {
                    throw new ParseException(len.position(), "fixed array length " + len.text() + " is not in 1..4294967295");
                }
                fixed = v.longValue();
            }
            expect(TokenKind.RANGLE, "to close 'array<'");
            base = new Ast.ArrayType(element, fixed, false, pos);
        } else if (word.equals("map") && peek(1).kind() == TokenKind.LANGLE) {
            advance();
            advance();
            Ast.Type key = type();
            expect(TokenKind.COMMA, "between map key and value types");
            Ast.Type value = type();
            expect(TokenKind.RANGLE, "to close 'map<'");
            base = new Ast.MapType(key, value, false, pos);
        } else if (ENDPOINTS.containsKey(word) && peek(1).kind() == TokenKind.LANGLE) {
            advance();
            advance();
            String iface = dottedName("as the interface name");
            expect(TokenKind.RANGLE, "after the interface name");
            base = new Ast.EndpointType(ENDPOINTS.get(word), iface, false, pos);
        } else if (word.equals("associated") && peek(1).kind() == TokenKind.NAME) {
            advance();
            String iface = dottedName("after 'associated'");
            boolean request = accept(TokenKind.AMP);
            base = new Ast.NamedType(iface, request, true, false, pos);
        } else {
            String n = dottedName("as a type name");
            boolean request = accept(TokenKind.AMP);
            base = new Ast.NamedType(n, request, false, false, pos);
        }
        if (accept(TokenKind.QSTN)) {
            base = nullable(base);
        }
        return base;
    }

    private static Ast.Type nullable(Ast.Type t) {
        return switch (t) {
            case Ast.BuiltinType b -> new Ast.BuiltinType(b.type(), true, b.position());
            case Ast.ArrayType a -> new Ast.ArrayType(a.element(), a.fixedLength(), true, a.position());
            case Ast.MapType m -> new Ast.MapType(m.key(), m.value(), true, m.position());
            case Ast.EndpointType e -> new Ast.EndpointType(e.kind(), e.interfaceName(), true, e.position());
            case Ast.NamedType n -> new Ast.NamedType(n.name(), n.request(), n.associated(), true, n.position());
        };
    }

    // ---- values --------------------------------------------------------------

    private Ast.Value value() throws ParseException {
        Token t = peek();
        switch (t.kind()) {
            case STRING -> {
                advance();
                return new Ast.StringLiteral(t.text(), t.position());
            }
            case INT, FLOAT, MINUS, PLUS -> {
                return literalNumber();
            }
            case NAME -> {
                if (t.isName("true") || t.isName("false")) {
                    advance();
                    return new Ast.BoolLiteral(t.text().equals("true"), t.position());
                }
                if (t.isName("default")) {
                    advance();
                    return new Ast.DefaultLiteral(t.position());
                }
                return new Ast.NameRef(dottedName("as a value"), t.position());
            }
            default -> throw unexpected("a value", "");
        }
    }

    private Ast.Value literalNumber() throws ParseException {
        Token first = peek();
        boolean negative = false;
        if (accept(TokenKind.MINUS)) {
            negative = true;
        } else {
            accept(TokenKind.PLUS);
        }
        Token t = peek();
        if (t.kind() == TokenKind.INT) {
            advance();
            BigInteger v = parseInt(t);
            return new Ast.IntLiteral(negative ? v.negate() : v, (negative ? "-" : "") + t.text(), first.position());
        }
        if (t.kind() == TokenKind.FLOAT) {
            advance();
            double v = Double.parseDouble(t.text());
            return new Ast.FloatLiteral(negative ? -v : v, (negative ? "-" : "") + t.text(), first.position());
        }
        throw unexpected("a number", "here");
    }

    private static BigInteger parseInt(Token t) {
        String s = t.text();
        if (s.startsWith("0x") || s.startsWith("0X")) {
            return new BigInteger(s.substring(2), 16);
        }
        return new BigInteger(s);
    }
}

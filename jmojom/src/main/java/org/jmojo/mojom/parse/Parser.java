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
 * Recursive-descent parser for both Mojom dialects: Chromium's grammar
 * ({@code mojom/parse/parser.py}) plus domokit's {@code I&} and {@code associated I} endpoint
 * syntax. The tree keeps every element as written; {@link ConditionalFeatures} then drops the
 * elements that {@code [EnableIf]}/{@code [EnableIfNot]} disable, as Chromium does after parsing.
 *
 * <p>Type nesting is limited to {@link #MAX_TYPE_NESTING} levels, so no later stage recurses
 * deeper than that. Not thread-safe; one instance per file.
 */
public final class Parser {
    /**
     * The deepest type nesting accepted: how many arrays and maps may enclose a type. Real files
     * nest three or four levels; every stage that walks a type recurses once per level.
     */
    public static final int MAX_TYPE_NESTING = 32;

    /** The largest ordinal Chromium's parser accepts (a uint32). */
    static final long MAX_ORDINAL = 0xFFFF_FFFFL;

    /** The longest fixed-size array: Java arrays and lists hold at most {@link Integer#MAX_VALUE} elements. */
    static final long MAX_FIXED_ARRAY_LENGTH = Integer.MAX_VALUE;

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

    /**
     * Chromium's keywords, which cannot name anything: a type, field, parameter, method, enum
     * value, attribute or module part. {@code feature} is a keyword there too but may be a name.
     */
    static final Set<String> RESERVED = Set.of(
            "handle", "import", "module", "struct", "union", "interface", "enum", "const", "true", "false",
            "default", "array", "map", "hash_map", "pending_remote", "pending_receiver",
            "pending_associated_remote", "pending_associated_receiver");

    private final Path file;
    private final String text;
    private final Reporter reporter;
    private List<Token> tokens;
    private int index;
    private int syntaxErrors;
    /** How many {@link #type()} calls are active: the current nesting depth. */
    private int typeDepth;

    /**
     * Creates a parser.
     *
     * @param file the file name used in positions
     * @param text the file content
     * @param reporter receives syntax errors
     */
    public Parser(Path file, String text, Reporter reporter) {
        this.file = file;
        this.text = text;
        this.reporter = reporter;
    }

    /**
     * Parses the file. Syntax errors are reported; after each one the parser skips to the next
     * top-level definition and goes on, so one run reports every broken definition. A file with
     * any syntax error yields empty (resolving a partial file would only add follow-on errors).
     * Conditional elements are all kept: see {@link ConditionalFeatures}.
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

    /** A name that is not a keyword. */
    private Token name(String context) throws ParseException {
        Token t = expect(TokenKind.NAME, context);
        if (RESERVED.contains(t.text())) {
            throw new ParseException(t.position(), "syntax error: reserved word '" + t.text() + "' cannot be used " + context);
        }
        return t;
    }

    /** {@code NAME ('.' NAME)*}, every part a non-keyword name. */
    private String dottedName(String context) throws ParseException {
        StringBuilder sb = new StringBuilder(name(context).text());
        while (at(TokenKind.DOT)) {
            advance();
            sb.append('.').append(name(context).text());
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
            return new Ast.Module(name, attrs, t.position());
        }
        if (t.isName("import")) {
            advance();
            if (!defs.isEmpty()) {
                throw new ParseException(t.position(), "imports must come before definitions");
            }
            Token path = expect(TokenKind.STRING, "after 'import'");
            expect(TokenKind.SEMI, "after the import path");
            imports.add(new Ast.Import(path.text(), attrs, path.position()));
            return module;
        }
        defs.add(definition(attrs));
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

    // ---- attributes ----------------------------------------------------------

    /**
     * {@code '[' (attribute (',' attribute)*)? ']'}, where an attribute is {@code Name} or
     * {@code Name '=' value} and a value is a string, an integer or float (signed, integers also
     * hex), {@code true}/{@code false}, a dotted name, or a list of plain names joined all by
     * {@code |} or all by {@code &}. No trailing comma; duplicates are kept here and reported by
     * the resolver.
     */
    private Attributes attributes() throws ParseException {
        if (!at(TokenKind.LBRACKET)) {
            return Attributes.NONE;
        }
        advance();
        if (accept(TokenKind.RBRACKET)) {
            return Attributes.NONE;
        }
        List<Attribute> list = new ArrayList<>();
        do {
            list.add(attribute());
        } while (accept(TokenKind.COMMA));
        expect(TokenKind.RBRACKET, "to close the attribute list");
        return new Attributes(list);
    }

    private Attribute attribute() throws ParseException {
        Token n = name("as an attribute name");
        if (!accept(TokenKind.EQUALS)) {
            return new Attribute(n.text(), Attribute.Kind.FLAG, "", n.position());
        }
        Token v = peek();
        switch (v.kind()) {
            case STRING -> {
                advance();
                return new Attribute(n.text(), Attribute.Kind.STRING, v.text(), n.position());
            }
            case INT, FLOAT, MINUS, PLUS -> {
                Ast.Value number = literalNumber();
                return number instanceof Ast.IntLiteral i
                        ? new Attribute(n.text(), Attribute.Kind.INTEGER, i.value().toString(), n.position())
                        : new Attribute(n.text(), Attribute.Kind.FLOAT, ((Ast.FloatLiteral) number).text(), n.position());
            }
            case NAME -> {
                if (v.isName("true") || v.isName("false")) {
                    advance();
                    return new Attribute(n.text(), Attribute.Kind.BOOLEAN, v.text(), n.position());
                }
                return nameValue(n);
            }
            default -> throw unexpected("an attribute value", "after '" + n.text() + "='");
        }
    }

    /** A dotted name, or a {@code |}- or {@code &}-joined list of plain names. */
    private Attribute nameValue(Token attrName) throws ParseException {
        String first = dottedName("as the value of attribute " + attrName.text());
        if (!at(TokenKind.PIPE) && !at(TokenKind.AMP)) {
            return new Attribute(attrName.text(), Attribute.Kind.NAME, first, attrName.position());
        }
        TokenKind joiner = peek().kind();
        if (first.contains(".")) {
            throw new ParseException(peek().position(), "syntax error: a '" + peek().text()
                    + "' list in an attribute value joins plain names, not the dotted name '" + first + "'");
        }
        StringBuilder list = new StringBuilder(first);
        while (at(TokenKind.PIPE) || at(TokenKind.AMP)) {
            Token op = advance();
            if (op.kind() != joiner) {
                throw new ParseException(op.position(), "syntax error: attribute " + attrName.text()
                        + " mixes '|' and '&'; a value list uses one of them");
            }
            list.append(op.text()).append(name("after '" + op.text() + "' in an attribute value").text());
        }
        return new Attribute(attrName.text(), Attribute.Kind.NAMES, list.toString(), attrName.position());
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
            if (peek().isName("enum") && peek(1).kind() == TokenKind.NAME) {
                members.add(enumDef(a));
            } else if (peek().isName("const")) {
                members.add(constDef(a));
            } else {
                members.add(field(a, true, "struct field"));
                expect(TokenKind.SEMI, "after the struct field");
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
            fields.add(field(a, false, "union field"));
            expect(TokenKind.SEMI, "after the union field");
        }
        expect(TokenKind.SEMI, "after '}' of union " + n.text());
        return new Ast.Union(n.text(), attrs, n.position(), fields);
    }

    private Ast.Field field(Attributes attrs, boolean allowDefault, String what) throws ParseException {
        Ast.Type type = type();
        Token n = name("as the " + what + " name");
        Ast.Ordinal ordinal = at(TokenKind.ORDINAL) ? ordinal() : null;
        Ast.Value def = null;
        if (allowDefault && accept(TokenKind.EQUALS)) {
            def = value();
        }
        return new Ast.Field(n.text(), attrs, n.position(), type, ordinal, def);
    }

    private Ast.Ordinal ordinal() throws ParseException {
        Token t = advance();
        BigInteger v = new BigInteger(t.text());
        if (v.compareTo(BigInteger.valueOf(MAX_ORDINAL)) > 0) {
            throw new ParseException(t.position(), "ordinal @" + t.text() + " is larger than " + MAX_ORDINAL);
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
                if (at(TokenKind.NAME)) {
                    v = new Ast.NameRef(dottedName("as an enum value"), vp);
                } else if (at(TokenKind.INT) || at(TokenKind.MINUS) || at(TokenKind.PLUS)) {
                    v = literalNumber();
                    if (!(v instanceof Ast.IntLiteral)) {
                        throw new ParseException(vp, "syntax error: enum value " + vn.text() + " must be an integer, not "
                                + ((Ast.FloatLiteral) v).text());
                    }
                } else {
                    throw unexpected("an integer or the name of a value", "after '" + vn.text() + " ='");
                }
            }
            values.add(new Ast.EnumValue(vn.text(), a, vn.position(), v));
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
            if (peek().isName("enum") && peek(1).kind() == TokenKind.NAME) {
                members.add(enumDef(a));
            } else if (peek().isName("const")) {
                members.add(constDef(a));
            } else {
                members.add(method(a));
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
            out.add(field(a, false, "parameter"));
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
            consts.add(constDef(a));
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
        if (typeDepth > MAX_TYPE_NESTING) {
            throw new ParseException(t.position(), "types nest more than " + MAX_TYPE_NESTING + " levels deep");
        }
        typeDepth++;
        try {
            return nullableSuffix(baseType(t));
        } finally {
            typeDepth--;
        }
    }

    private Ast.Type baseType(Token t) throws ParseException {
        SourcePosition pos = t.position();
        String word = t.text();
        if (PRIMITIVES.containsKey(word)) {
            advance();
            return new Ast.BuiltinType(new MojomType.Primitive(PRIMITIVES.get(word)), false, pos);
        }
        if (word.equals("string")) {
            advance();
            return new Ast.BuiltinType(new MojomType.StringType(false), false, pos);
        }
        if (word.equals("handle")) {
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
            return new Ast.BuiltinType(new MojomType.HandleType(kind, false), false, pos);
        }
        if (word.equals("array") && peek(1).kind() == TokenKind.LANGLE) {
            advance();
            advance();
            Ast.Type element = type();
            long fixed = 0;
            if (accept(TokenKind.COMMA)) {
                fixed = fixedLength();
            }
            expect(TokenKind.RANGLE, "to close 'array<'");
            return new Ast.ArrayType(element, fixed, false, pos);
        }
        if (word.equals("map") && peek(1).kind() == TokenKind.LANGLE) {
            advance();
            advance();
            Ast.Type key = type();
            expect(TokenKind.COMMA, "between map key and value types");
            Ast.Type value = type();
            expect(TokenKind.RANGLE, "to close 'map<'");
            return new Ast.MapType(key, value, false, pos);
        }
        if (ENDPOINTS.containsKey(word) && peek(1).kind() == TokenKind.LANGLE) {
            advance();
            advance();
            String iface = dottedName("as the interface name");
            expect(TokenKind.RANGLE, "after the interface name");
            return new Ast.EndpointType(ENDPOINTS.get(word), iface, false, pos);
        }
        if (word.equals("associated") && peek(1).kind() == TokenKind.NAME) {
            advance();
            String iface = dottedName("after 'associated'");
            boolean request = accept(TokenKind.AMP);
            return new Ast.NamedType(iface, request, true, false, pos);
        }
        String n = dottedName("as a type name");
        boolean request = accept(TokenKind.AMP);
        return new Ast.NamedType(n, request, false, false, pos);
    }

    /** The {@code N} of {@code array<T, N>}: a decimal literal, as in Chromium's grammar. */
    private long fixedLength() throws ParseException {
        Token len = peek();
        if (len.kind() != TokenKind.INT || len.text().startsWith("0x") || len.text().startsWith("0X")) {
            throw unexpected("a decimal integer", "as the fixed array length");
        }
        advance();
        BigInteger v = new BigInteger(len.text());
        if (v.signum() == 0 || v.compareTo(BigInteger.valueOf(MAX_ORDINAL)) > 0) {
            throw new ParseException(len.position(), "fixed array length " + len.text() + " is not in 1..4294967295");
        }
        if (v.longValue() > MAX_FIXED_ARRAY_LENGTH) {
            throw new ParseException(len.position(), "fixed array length " + len.text() + " is larger than "
                    + MAX_FIXED_ARRAY_LENGTH + ", the most elements a Java array or list holds");
        }
        return v.longValue();
    }

    private Ast.Type nullableSuffix(Ast.Type base) {
        if (!accept(TokenKind.QSTN)) {
            return base;
        }
        return switch (base) {
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
            // The lexer admits only ASCII digits, '.', 'e'/'E' and an exponent sign, all of which
            // Double.parseDouble reads; a literal beyond the double range reads as infinity and
            // is reported where the value meets its type.
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

package org.jmojo.mojom.lex;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jmojo.mojom.model.SourcePosition;

/**
 * Splits Mojom text into tokens, with the character classes of Chromium's lexer
 * ({@code mojom/parse/lexer.py}): names are ASCII letters, digits and {@code _}; numbers use ASCII
 * digits only; whitespace is space, tab, carriage return and newline (any other control character,
 * form feed included, is illegal). Comments ({@code //} to end of line, non-nesting
 * {@code /* ... *\/}) are dropped from the tokens and kept aside, in order, for {@link DocComments}.
 * Integer literals are decimal or {@code 0x} hex; a leading zero
 * followed by digits (octal) is rejected. A name longer than {@link #MAX_NAME_LENGTH} characters is
 * an error: generated Java turns names into class and file names, which have length limits.
 * Not thread-safe; one instance per file.
 */
public final class Lexer {
    /**
     * The longest name accepted. Real files stay far below it; the generated Java must fit a
     * type, its nested types and a suffix into one file name of at most 255 bytes.
     */
    public static final int MAX_NAME_LENGTH = 100;

    /** The longest string literal, in modified UTF-8 bytes: a Java class file's constant limit. */
    public static final int MAX_STRING_BYTES = 65_535;

    private final Path file;
    private final String src;
    private int pos;
    private int line = 1;
    private int lineStart;
    private final List<Comment> comments = new ArrayList<>();

    /** Creates a lexer over the text of {@code file}. */
    public Lexer(Path file, String src) {
        this.file = file;
        this.src = src;
        // Editors on some platforms start UTF-8 files with a byte-order mark; it is not text.
        if (src.startsWith("\uFEFF")) {
            pos = 1;
            lineStart = 1;
        }
    }

    /** Tokenizes the whole input, ending with an {@link TokenKind#EOF} token. */
    public List<Token> tokenize() throws LexException {
        List<Token> out = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            if (pos >= src.length()) {
                out.add(new Token(TokenKind.EOF, "", here()));
                return out;
            }
            out.add(next());
        }
    }

    /**
     * One comment: its text without the {@code //} or {@code /* *\/} markers, where it starts and the
     * line it ends on.
     */
    public record Comment(String text, SourcePosition start, int endLine) {}

    /** The comments of the input in order; complete once {@link #tokenize()} has returned. */
    public List<Comment> comments() {
        return List.copyOf(comments);
    }

    private SourcePosition here() {
        return new SourcePosition(file, line, pos - lineStart + 1);
    }

    private void newline() {
        line++;
        lineStart = pos;
    }

    private void skipSpaceAndComments() throws LexException {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\n') {
                pos++;
                newline();
            } else if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '/' && pos + 1 < src.length() && src.charAt(pos + 1) == '/') {
                SourcePosition start = here();
                int from = pos + 2;
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
                comments.add(new Comment(src.substring(from, pos), start, line));
            } else if (c == '/' && pos + 1 < src.length() && src.charAt(pos + 1) == '*') {
                SourcePosition start = here();
                pos += 2;
                int from = pos;
                while (true) {
                    if (pos + 1 >= src.length()) {
                        throw new LexException(start, "unterminated comment: '/*' without '*/'");
                    }
                    if (src.charAt(pos) == '*' && src.charAt(pos + 1) == '/') {
                        comments.add(new Comment(src.substring(from, pos), start, line));
                        pos += 2;
                        break;
                    }
                    if (src.charAt(pos) == '\n') {
                        pos++;
                        newline();
                    } else {
                        pos++;
                    }
                }
            } else {
                return;
            }
        }
    }

    private Token next() throws LexException {
        SourcePosition start = here();
        char c = src.charAt(pos);
        if (Character.isLetter(c) && c < 128 || c == '_') {
            int s = pos;
            while (pos < src.length() && isNameChar(src.charAt(pos))) {
                pos++;
            }
            if (pos - s > MAX_NAME_LENGTH) {
                throw new LexException(start, "name '" + src.substring(s, s + 20) + "...' is " + (pos - s)
                        + " characters long; the limit is " + MAX_NAME_LENGTH);
            }
            return new Token(TokenKind.NAME, src.substring(s, pos), start);
        }
        if (isDigit(c)) {
            return number(start);
        }
        if (c == '.' && pos + 1 < src.length() && isDigit(src.charAt(pos + 1))) {
            return number(start);
        }
        if (c == '"') {
            return string(start);
        }
        if (c == '@') {
            pos++;
            int s = pos;
            while (pos < src.length() && isNameChar(src.charAt(pos))) {
                pos++;
            }
            String digits = src.substring(s, pos);
            if (digits.isEmpty() || !digits.chars().allMatch(d -> isDigit((char) d))) {
                throw new LexException(start, "invalid ordinal '@" + digits + "': ordinals are decimal integers");
            }
            if (digits.length() > 1 && digits.charAt(0) == '0') {
                throw new LexException(start, "invalid ordinal '@" + digits + "': leading zeros are not allowed");
            }
            return new Token(TokenKind.ORDINAL, digits, start);
        }
        pos++;
        TokenKind kind = switch (c) {
            case '(' -> TokenKind.LPAREN;
            case ')' -> TokenKind.RPAREN;
            case '[' -> TokenKind.LBRACKET;
            case ']' -> TokenKind.RBRACKET;
            case '{' -> TokenKind.LBRACE;
            case '}' -> TokenKind.RBRACE;
            case '<' -> TokenKind.LANGLE;
            case '>' -> TokenKind.RANGLE;
            case ',' -> TokenKind.COMMA;
            case ';' -> TokenKind.SEMI;
            case '.' -> TokenKind.DOT;
            case '?' -> TokenKind.QSTN;
            case '&' -> TokenKind.AMP;
            case '|' -> TokenKind.PIPE;
            case '-' -> TokenKind.MINUS;
            case '+' -> TokenKind.PLUS;
            case '=' -> {
                if (pos < src.length() && src.charAt(pos) == '>') {
                    pos++;
                    yield TokenKind.RESPONSE;
                }
                yield TokenKind.EQUALS;
            }
            default -> null;
        };
        if (kind == null) {
            throw new LexException(start, "illegal character '" + printable(c) + "'");
        }
        return new Token(kind, src.substring(pos - (kind == TokenKind.RESPONSE ? 2 : 1), pos), start);
    }

    private static boolean isNameChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '_');
    }

    /** An ASCII digit: {@link Character#isDigit} also accepts other scripts' digits, which no literal may use. */
    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static long modifiedUtf8Length(CharSequence s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c >= 0x01 && c <= 0x7F ? 1 : c <= 0x7FF ? 2 : 3;
        }
        return n;
    }

    private static String printable(char c) {
        return c < 32 || c > 126 ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    private Token number(SourcePosition start) throws LexException {
        int s = pos;
        if (src.startsWith("0x", pos) || src.startsWith("0X", pos)) {
            pos += 2;
            int digits = pos;
            while (pos < src.length() && isHexDigit(src.charAt(pos))) {
                pos++;
            }
            if (pos == digits) {
                throw new LexException(start, "invalid hexadecimal literal '" + src.substring(s, pos) + "'");
            }
            checkNoTrailingName(start, s);
            return new Token(TokenKind.INT, src.substring(s, pos), start);
        }
        while (pos < src.length() && isDigit(src.charAt(pos))) {
            pos++;
        }
        boolean isFloat = false;
        if (pos < src.length() && src.charAt(pos) == '.') {
            isFloat = true;
            pos++;
            while (pos < src.length() && isDigit(src.charAt(pos))) {
                pos++;
            }
        }
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            int save = pos;
            pos++;
            if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
                pos++;
            }
            int digits = pos;
            while (pos < src.length() && isDigit(src.charAt(pos))) {
                pos++;
            }
            if (pos == digits) {
                pos = save;
            } else {
                isFloat = true;
            }
        }
        checkNoTrailingName(start, s);
        String text = src.substring(s, pos);
        if (!isFloat && text.length() > 1 && text.charAt(0) == '0') {
            throw new LexException(start, "octal literal '" + text + "' is not allowed");
        }
        return new Token(isFloat ? TokenKind.FLOAT : TokenKind.INT, text, start);
    }

    private void checkNoTrailingName(SourcePosition start, int s) throws LexException {
        if (pos < src.length() && isNameChar(src.charAt(pos))) {
            int e = pos;
            while (e < src.length() && isNameChar(src.charAt(e))) {
                e++;
            }
            throw new LexException(start, "invalid number literal '" + src.substring(s, e) + "'");
        }
    }

    private Token string(SourcePosition start) throws LexException {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= src.length() || src.charAt(pos) == '\n') {
                throw new LexException(start, "unterminated string literal");
            }
            char c = src.charAt(pos++);
            if (c == '"') {
                if (modifiedUtf8Length(sb) > MAX_STRING_BYTES) {
                    throw new LexException(start, "string literal is longer than " + MAX_STRING_BYTES
                            + " bytes in (modified) UTF-8, the most a Java string constant holds");
                }
                return new Token(TokenKind.STRING, sb.toString(), start);
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= src.length()) {
                throw new LexException(start, "unterminated string literal");
            }
            char e = src.charAt(pos++);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    // Octal, as in C: one to three digits.
                    int s = pos - 1;
                    while (pos < src.length() && pos - s < 3 && src.charAt(pos) >= '0' && src.charAt(pos) <= '7') {
                        pos++;
                    }
                    sb.append((char) Integer.parseInt(src.substring(s, pos), 8));
                }
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'v' -> sb.append('\u000b');
                case '\\', '"', '\'', '?' -> sb.append(e);
                case 'x' -> {
                    int s = pos;
                    while (pos < src.length() && pos - s < 2 && isHexDigit(src.charAt(pos))) {
                        pos++;
                    }
                    if (pos == s) {
                        throw new LexException(start, "invalid escape '\\x' without hex digits in string literal");
                    }
                    sb.append((char) Integer.parseInt(src.substring(s, pos), 16));
                }
                default -> throw new LexException(start, "invalid escape '\\" + printable(e) + "' in string literal");
            }
        }
    }
}

package org.jmojo.mojom.lex;

/** The kinds of token in a {@code .mojom} file. */
public enum TokenKind {
    NAME,
    INT,
    FLOAT,
    STRING,
    /** {@code @N}; the token text is the digits. */
    ORDINAL,
    LPAREN("("),
    RPAREN(")"),
    LBRACKET("["),
    RBRACKET("]"),
    LBRACE("{"),
    RBRACE("}"),
    LANGLE("<"),
    RANGLE(">"),
    EQUALS("="),
    COMMA(","),
    SEMI(";"),
    DOT("."),
    QSTN("?"),
    AMP("&"),
    PIPE("|"),
    MINUS("-"),
    PLUS("+"),
    RESPONSE("=>"),
    EOF("end of file");

    private final String display;

    TokenKind() {
        this.display = null;
    }

    TokenKind(String display) {
        this.display = display;
    }

    /** How the token kind is named in error messages. */
    public String display() {
        return display != null ? "'" + display + "'" : name().toLowerCase(java.util.Locale.ROOT);
    }
}

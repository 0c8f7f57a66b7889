package org.jmojo.mojom.lex;

import org.jmojo.mojom.model.SourcePosition;

/**
 * One token. Keywords are {@link TokenKind#NAME} tokens; the parser decides by context, which
 * lets field and method names such as {@code handle} or {@code map} appear where Mojom allows it.
 *
 * @param kind the token kind
 * @param text the token text; for strings the decoded value, for ordinals the digits after {@code @}
 * @param position where the token starts
 */
public record Token(TokenKind kind, String text, SourcePosition position) {

    /** Whether this is the name token with exactly this text. */
    public boolean isName(String name) {
        return kind == TokenKind.NAME && text.equals(name);
    }

    /** The token as quoted in an error message. */
    public String describe() {
        return switch (kind) {
            case EOF -> "end of file";
            case STRING -> "string \"" + text + "\"";
            case ORDINAL -> "'@" + text + "'";
            default -> "'" + text + "'";
        };
    }
}

package org.jmojo.mojom.lex;

import org.jmojo.mojom.model.SourcePosition;

/** A lexical error: the message names the rule broken, the position says where. */
public final class LexException extends Exception {
    private static final long serialVersionUID = 1L;

    private final SourcePosition position;

    /** Creates an error at a position. */
    public LexException(SourcePosition position, String message) {
        super(message);
        this.position = position;
    }

    /** Where the offending character is. */
    public SourcePosition position() {
        return position;
    }
}

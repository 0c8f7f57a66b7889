package org.jmojo.mojom.parse;

import org.jmojo.mojom.model.SourcePosition;

/** A syntax error; parsing of the file stops at the first one. */
public final class ParseException extends Exception {
    private static final long serialVersionUID = 1L;

    private final SourcePosition position;

    /** Creates an error at a position. */
    public ParseException(SourcePosition position, String message) {
        super(message);
        this.position = position;
    }

    /** Where the offending token is. */
    public SourcePosition position() {
        return position;
    }
}

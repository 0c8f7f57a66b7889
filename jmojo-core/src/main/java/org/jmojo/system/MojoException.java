package org.jmojo.system;

import java.util.Objects;

/**
 * Misuse of the Mojo API, or a failure the caller did not ask to receive as a value. Every misuse of
 * {@code org.jmojo.system} throws this (see the package documentation for the rule): an argument
 * outside what the method accepts is {@link MojoResult#INVALID_ARGUMENT}.
 *
 * <p>The message names the handle (as {@code handle=0x…}) or the value, and the rule broken, for
 * example {@code "handle=0x5c1e07 is closed"}, {@code "handle=0x31 attaches the writing endpoint
 * itself"} or {@code "maxMessages=-1: a quota limit must be 0 or more (Long.MAX_VALUE for none)"}.
 */
public class MojoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final MojoResult result;
    private final String detail;

    public MojoException(MojoResult result, String message) {
        super(result + ": " + message);
        this.result = Objects.requireNonNull(result, "result");
        this.detail = message;
    }

    public MojoException(MojoResult result, String message, Throwable cause) {
        super(result + ": " + message, cause);
        this.result = Objects.requireNonNull(result, "result");
        this.detail = message;
    }

    /** The message without the result-code prefix of {@link #getMessage()}. */
    public String detail() {
        return detail;
    }

    /** The result code; never {@link MojoResult#OK}. */
    public MojoResult result() {
        return result;
    }
}

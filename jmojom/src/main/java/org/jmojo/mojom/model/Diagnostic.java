package org.jmojo.mojom.model;

import java.util.Objects;

/**
 * An error or warning found while compiling.
 *
 * @param severity error or warning
 * @param position where the problem is
 * @param message what rule was broken, naming the offending element
 */
public record Diagnostic(Severity severity, SourcePosition position, String message) {

    /** How bad a diagnostic is. */
    public enum Severity {
        /** Compilation fails; no output is written. */
        ERROR,
        /** Suspicious but accepted (an unknown attribute, a union tag that differs from its ordinal). */
        WARNING;

        String label() {
            return this == ERROR ? "error" : "warning";
        }
    }

    /** Validates presence of components. */
    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(message, "message");
    }

    /** Whether this is an error. */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** Returns {@code file:line:column: error: message} (or {@code warning:}). */
    @Override
    public String toString() {
        return position + ": " + severity.label() + ": " + message;
    }
}

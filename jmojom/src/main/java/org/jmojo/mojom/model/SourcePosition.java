package org.jmojo.mojom.model;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A place in a {@code .mojom} file: the file and a 1-based line and column.
 *
 * <p>Columns count UTF-16 code units from the start of the line, the same unit as
 * {@link String#length()}, so a tab counts as one column.
 *
 * @param file the file as it was given to the compiler (or found on the import path)
 * @param line 1-based line number
 * @param column 1-based column number
 */
public record SourcePosition(Path file, int line, int column) {

    /** Validates the position: a file is required, line and column start at 1. */
    public SourcePosition {
        Objects.requireNonNull(file, "file");
        if (line < 1) {
            throw new IllegalArgumentException("line < 1: " + line);
        }
        if (column < 1) {
            throw new IllegalArgumentException("column < 1: " + column);
        }
    }

    /** Returns {@code file:line:column}, the prefix of every diagnostic. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}

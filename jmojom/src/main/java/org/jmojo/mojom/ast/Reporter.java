package org.jmojo.mojom.ast;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jmojo.mojom.model.Diagnostic;
import org.jmojo.mojom.model.SourcePosition;

/**
 * Collects diagnostics from every compiler stage. Not thread-safe: one compilation runs on one
 * thread.
 */
public final class Reporter {
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    /** Records an error. */
    public void error(SourcePosition position, String message) {
        diagnostics.add(new Diagnostic(Diagnostic.Severity.ERROR, position, message));
    }

    /** Records a warning. */
    public void warning(SourcePosition position, String message) {
        diagnostics.add(new Diagnostic(Diagnostic.Severity.WARNING, position, message));
    }

    /** All diagnostics, sorted by file, line and column, duplicates removed. */
    public List<Diagnostic> sorted() {
        return diagnostics.stream()
                .distinct()
                .sorted(Comparator.comparing((Diagnostic d) -> d.position().file().toString())
                        .thenComparingInt(d -> d.position().line())
                        .thenComparingInt(d -> d.position().column()))
                .toList();
    }
}

package org.jmojo.conformance;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.jmojo.mojom.model.Diagnostic;

/**
 * The {@code .mojom} files a conformance directory needs do not compile. The message lists every
 * error on a line of its own, as {@code file:line:column: error: ...}, so a command line can print it
 * as it is.
 */
public final class MojomCompileException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final transient List<Diagnostic> errors;

    /**
     * @param dir the directory whose cases needed the files
     * @param files the files compiled
     * @param errors the errors, in file, line and column order
     */
    public MojomCompileException(Path dir, List<Path> files, List<Diagnostic> errors) {
        super("the .mojom files for " + dir + " do not compile (" + files.size() + " file(s), " + errors.size()
                + " error(s)):\n" + errors.stream().map(Diagnostic::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    /** The errors, each with its position. */
    public List<Diagnostic> errors() {
        return errors;
    }
}

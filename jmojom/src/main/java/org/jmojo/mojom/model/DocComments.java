package org.jmojo.mojom.model;

import java.util.Optional;

/**
 * The documentation comments of compiled files: for a definition, field, enumerator or method, the
 * comment written directly before it in the {@code .mojom} (or, for a one-line declaration with
 * none, the comment after it on the same line), as plain text without comment markers.
 */
@FunctionalInterface
public interface DocComments {

    /** No comments at all. */
    DocComments NONE = name -> Optional.empty();

    /**
     * The comment of the declaration whose name is at {@code name} (the {@code position()} of a
     * model element), if there is one.
     */
    Optional<String> of(SourcePosition name);
}

package org.jmojo.mojom.compat;

import java.util.Objects;
import org.jmojo.mojom.model.SourcePosition;

/**
 * One change between two versions of a {@code .mojom} file that breaks Mojom's versioning rules for
 * a {@code [Stable]} definition: a peer built from the old file and one built from the new file
 * could no longer read each other's messages.
 *
 * @param newPosition where the change is in the new file (for something removed: the enclosing
 *     definition in the new file, or its file's first line)
 * @param oldPosition where the changed element was in the old file
 * @param definition the fully qualified name of the [Stable] definition affected
 * @param message what changed and which rule it breaks
 */
public record CompatIssue(SourcePosition newPosition, SourcePosition oldPosition, String definition, String message) {

    /** Validates that every component is present. */
    public CompatIssue {
        Objects.requireNonNull(newPosition, "newPosition");
        Objects.requireNonNull(oldPosition, "oldPosition");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(message, "message");
    }

    /** {@code new.mojom:12:3: error: [Stable] Foo: message (old: old.mojom:10:3)}. */
    @Override
    public String toString() {
        return newPosition + ": error: [Stable] " + definition + ": " + message + " (old: " + oldPosition + ")";
    }
}

package org.jmojo.mojom.model;

import java.util.List;
import java.util.Objects;

/**
 * A {@code feature} declaration (newer Chromium): a named runtime feature that
 * {@code [RuntimeFeature=Name]} on interfaces and methods refers to. Its body holds consts such as
 * {@code const string name = "..."} and {@code const bool default_state = false}.
 *
 * @param name simple name
 * @param fullName fully qualified name
 * @param attributes attributes on the feature
 * @param position where the name appears
 * @param consts the consts in its body
 */
public record FeatureDef(
        String name, String fullName, Attributes attributes, SourcePosition position, List<ConstDef> consts)
        implements Definition {

    /** Copies the const list. */
    public FeatureDef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fullName, "fullName");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(position, "position");
        consts = List.copyOf(consts);
    }

    @Override
    public Kind kind() {
        return Kind.FEATURE;
    }
}

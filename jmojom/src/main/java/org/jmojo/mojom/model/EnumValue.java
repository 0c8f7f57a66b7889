package org.jmojo.mojom.model;

import java.util.Objects;

/**
 * One enumerator of an enum.
 *
 * @param name the enumerator name
 * @param value its numeric value (first 0 unless given; otherwise previous + 1)
 * @param minVersion {@code [MinVersion]}, 0 if none
 * @param isDefault whether it carries {@code [Default]}
 * @param attributes attributes on the enumerator
 * @param position where the name appears
 */
public record EnumValue(
        String name, int value, int minVersion, boolean isDefault, Attributes attributes, SourcePosition position) {

    /** Validates presence of components. */
    public EnumValue {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(position, "position");
    }
}

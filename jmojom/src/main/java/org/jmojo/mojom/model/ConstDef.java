package org.jmojo.mojom.model;

import java.util.Objects;

/**
 * A {@code const}, top level or nested in a struct, interface or feature.
 *
 * @param name simple name
 * @param fullName fully qualified name
 * @param attributes attributes on the const
 * @param position where the name appears
 * @param type the declared type (a primitive, {@code string} or an enum)
 * @param value the evaluated value, checked against {@link #type}
 */
public record ConstDef(
        String name, String fullName, Attributes attributes, SourcePosition position, MojomType type, ConstantValue value)
        implements Definition {

    /** Validates presence of components. */
    public ConstDef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fullName, "fullName");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public Kind kind() {
        return Kind.CONST;
    }
}

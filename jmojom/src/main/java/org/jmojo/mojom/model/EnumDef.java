package org.jmojo.mojom.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An enum: an int32 on the wire.
 *
 * @param name simple name
 * @param fullName fully qualified name, including an enclosing struct or interface
 * @param attributes attributes on the enum
 * @param position where the name appears
 * @param values enumerators in declaration order (values may repeat: {@code C = A})
 * @param extensible whether the enum is {@code [Extensible]}: any int32 is valid on the wire
 * @param isNative whether this is a {@code [Native] enum Foo;} with no body
 */
public record EnumDef(
        String name,
        String fullName,
        Attributes attributes,
        SourcePosition position,
        List<EnumValue> values,
        boolean extensible,
        boolean isNative)
        implements Definition {

    /** Copies the value list. */
    public EnumDef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fullName, "fullName");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(position, "position");
        values = List.copyOf(values);
    }

    @Override
    public Kind kind() {
        return Kind.ENUM;
    }

    /** Whether a value read from the wire is valid for this enum (docs/wire-format.md §12.5). */
    public boolean accepts(int wireValue) {
        return extensible || isNative || values.stream().anyMatch(v -> v.value() == wireValue);
    }

    /** The enumerator with this name. */
    public Optional<EnumValue> value(String valueName) {
        return values.stream().filter(v -> v.name().equals(valueName)).findFirst();
    }

    /** The {@code [Default]} enumerator, if one is marked. */
    public Optional<EnumValue> defaultValue() {
        return values.stream().filter(EnumValue::isDefault).findFirst();
    }
}

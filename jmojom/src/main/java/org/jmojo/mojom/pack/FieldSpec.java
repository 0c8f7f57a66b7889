package org.jmojo.mojom.pack;

import java.util.Objects;
import java.util.Optional;
import org.jmojo.mojom.model.Attributes;
import org.jmojo.mojom.model.ConstantValue;
import org.jmojo.mojom.model.MojomType;
import org.jmojo.mojom.model.SourcePosition;

/**
 * A resolved struct field or parameter before packing: everything a
 * {@link org.jmojo.mojom.model.StructField} has except its offset and bit.
 *
 * @param name the field name
 * @param ordinal the ordinal (uint32 bits)
 * @param declarationIndex the zero-based position in the declaration
 * @param type the resolved type
 * @param minVersion its {@code [MinVersion]}, 0 if none
 * @param defaultValue the default, if written
 * @param attributes the attributes as written
 * @param position where the field name appears
 */
public record FieldSpec(
        String name,
        int ordinal,
        int declarationIndex,
        MojomType type,
        int minVersion,
        Optional<ConstantValue> defaultValue,
        Attributes attributes,
        SourcePosition position) {

    /** Validates presence of components. */
    public FieldSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(position, "position");
    }
}

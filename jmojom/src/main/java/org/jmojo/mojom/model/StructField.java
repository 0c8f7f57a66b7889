package org.jmojo.mojom.model;

import java.util.Objects;
import java.util.Optional;

/**
 * One field of a struct (or parameter of a method) with its packed position.
 *
 * @param name the field name
 * @param ordinal the ordinal: explicit {@code @N}, else previous + 1 (docs/wire-format.md §3.3); a uint32
 *     held in an {@code int} (parameter ordinals may exceed {@link Integer#MAX_VALUE}; read them
 *     with {@link Integer#toUnsignedLong})
 * @param declarationIndex zero-based position in the declaration
 * @param type the resolved type
 * @param offset byte offset of the slot from the start of the struct, i.e. including the 8-byte
 *     struct header (the first field is at 8)
 * @param bit for {@code bool} fields, the bit (0–7, LSB first) within the byte at {@link #offset};
 *     0 for every other type
 * @param minVersion the {@code [MinVersion]} of the field, 0 if none
 * @param defaultValue the declared default, if any
 * @param attributes the attributes written on the field
 * @param position where the field name appears
 */
public record StructField(
        String name,
        int ordinal,
        int declarationIndex,
        MojomType type,
        int offset,
        int bit,
        int minVersion,
        Optional<ConstantValue> defaultValue,
        Attributes attributes,
        SourcePosition position) {

    /** Validates ranges and presence. */
    public StructField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(position, "position");
        if (offset < 8) {
            throw new IllegalArgumentException("offset < 8 (fields follow the struct header): " + offset);
        }
        if (bit < 0 || bit > 7) {
            throw new IllegalArgumentException("bit not in 0..7: " + bit);
        }
    }

    /** Slot size in bytes (1 for a bool: the byte holding its bit). */
    public int size() {
        return Math.max(1, type.slotSize());
    }
}

package org.jmojo.mojom.model;

import java.util.Objects;

/**
 * One field of a union.
 *
 * @param name the field name
 * @param tag the wire tag: the zero-based declaration position (docs/wire-format.md §7.3), which
 *     differs from {@link #ordinal} when explicit ordinals are out of order
 * @param ordinal explicit {@code @N}, else previous + 1; a uint32 held in an {@code int} (read it
 *     with {@link Integer#toUnsignedLong})
 * @param type the resolved type; a union-typed field is stored out of line on the wire
 * @param minVersion {@code [MinVersion]}, 0 if none
 * @param isDefault whether the field carries {@code [Default]} (extensible unions)
 * @param attributes attributes on the field
 * @param position where the field name appears
 */
public record UnionField(
        String name,
        int tag,
        int ordinal,
        MojomType type,
        int minVersion,
        boolean isDefault,
        Attributes attributes,
        SourcePosition position) {

    /** Validates presence of components. */
    public UnionField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(position, "position");
    }
}

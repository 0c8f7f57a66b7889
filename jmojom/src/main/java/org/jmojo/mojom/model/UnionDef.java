package org.jmojo.mojom.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A union. On the wire it is a 16-byte object: size, tag, 8-byte data slot (docs/wire-format.md §7).
 *
 * @param name simple name
 * @param fullName fully qualified name
 * @param attributes attributes on the union
 * @param position where the name appears
 * @param fields fields in declaration order (so {@code fields.get(i).tag() == i})
 * @param extensible whether the union is {@code [Extensible]}: unknown tags are accepted
 */
public record UnionDef(
        String name,
        String fullName,
        Attributes attributes,
        SourcePosition position,
        List<UnionField> fields,
        boolean extensible)
        implements Definition {

    /** Copies the field list. */
    public UnionDef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fullName, "fullName");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(position, "position");
        fields = List.copyOf(fields);
    }

    @Override
    public Kind kind() {
        return Kind.UNION;
    }

    /** The field with this wire tag. */
    public Optional<UnionField> fieldByTag(int tag) {
        return tag >= 0 && tag < fields.size() ? Optional.of(fields.get(tag)) : Optional.empty();
    }

    /** The {@code [Default]} field of an extensible union. */
    public Optional<UnionField> defaultField() {
        return fields.stream().filter(UnionField::isDefault).findFirst();
    }
}

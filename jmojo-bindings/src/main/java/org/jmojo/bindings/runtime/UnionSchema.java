package org.jmojo.bindings.runtime;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Mojom union at run time.
 *
 * @param name fully qualified name
 * @param fields the members; each member's tag is its position in the declaration
 *     (wire-format.md §7.3)
 * @param extensible whether the union is {@code [Extensible]}: unknown tags are then accepted
 * @param defaultTag for an extensible union, the tag of the {@code [Default]} member that an
 *     unknown tag decodes to; -1 if none
 */
public record UnionSchema(String name, List<Field> fields, boolean extensible, int defaultTag) {

    /** One union member. */
    public record Field(String name, int tag, MojomKind kind) {
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
        }
    }

    public UnionSchema {
        Objects.requireNonNull(name, "name");
        fields = List.copyOf(fields);
    }

    /** The member with wire tag {@code tag}. */
    public Optional<Field> byTag(long tag) {
        for (Field f : fields) {
            if (f.tag == tag) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The member named {@code fieldName}. */
    public Optional<Field> byName(String fieldName) {
        return fields.stream().filter(f -> f.name.equals(fieldName)).findFirst();
    }
}

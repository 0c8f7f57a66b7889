package org.jmojo.bindings.runtime;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Mojom union at run time: an immutable value, equal to another with the same name, members,
 * extensibility and default tag.
 *
 * <p>A class rather than a record only so that it can carry the {@link Validator}'s precomputed
 * table, built on first use. Thread-safe: the table is immutable and two threads that race to
 * build it build equal ones.
 */
public final class UnionSchema {

    /** One union member. */
    public record Field(String name, int tag, MojomKind kind) {
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
        }
    }

    private final String name;
    private final List<Field> fields;
    private final boolean extensible;
    private final int defaultTag;
    /** The validator's table for this union, built on first validation; see the class comment. */
    private Object validationPlan;

    /**
     * @param name fully qualified name
     * @param fields the members; each member's tag is its position in the declaration
     *     (docs/wire-format.md §7.3)
     * @param extensible whether the union is {@code [Extensible]}: unknown tags are then accepted
     * @param defaultTag for an extensible union, the tag of the {@code [Default]} member that an
     *     unknown tag decodes to; -1 if none
     */
    public UnionSchema(String name, List<Field> fields, boolean extensible, int defaultTag) {
        this.name = Objects.requireNonNull(name, "name");
        this.fields = List.copyOf(fields);
        this.extensible = extensible;
        this.defaultTag = defaultTag;
    }

    /** The fully qualified name. */
    public String name() {
        return name;
    }

    /** The members, in declaration order. */
    public List<Field> fields() {
        return fields;
    }

    /** Whether the union is {@code [Extensible]}: unknown tags are then accepted. */
    public boolean extensible() {
        return extensible;
    }

    /** The tag of the {@code [Default]} member an unknown tag decodes to; -1 if none. */
    public int defaultTag() {
        return defaultTag;
    }

    Object validationPlan() {
        return validationPlan;
    }

    void validationPlan(Object plan) {
        validationPlan = plan;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnionSchema other && name.equals(other.name) && fields.equals(other.fields)
                && extensible == other.extensible && defaultTag == other.defaultTag;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, fields, extensible, defaultTag);
    }

    @Override
    public String toString() {
        return "UnionSchema[name=" + name + ", fields=" + fields + ", extensible=" + extensible + ", defaultTag="
                + defaultTag + "]";
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

    /** The member with wire tag {@code tag}, or null: {@link #byTag} without the {@code Optional}, for the validator. */
    public Field fieldWithTag(long tag) {
        for (int i = 0, n = fields.size(); i < n; i++) {
            Field f = fields.get(i);
            if (f.tag == tag) {
                return f;
            }
        }
        return null;
    }

    /** The member named {@code fieldName}. */
    public Optional<Field> byName(String fieldName) {
        return fields.stream().filter(f -> f.name.equals(fieldName)).findFirst();
    }
}

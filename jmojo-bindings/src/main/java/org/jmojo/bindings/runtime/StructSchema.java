package org.jmojo.bindings.runtime;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A packed Mojom struct (or method parameter struct) at run time: an immutable value, equal to
 * another with the same name, fields and version table.
 *
 * <p>A class rather than a record only so that it can carry the {@link Validator}'s precomputed
 * per-struct table, built on first use. Thread-safe: the table is immutable and two threads that
 * race to build it build equal ones.
 */
public final class StructSchema {

    /** One row of the version table: a struct of {@code version} has exactly {@code numBytes} bytes. */
    public record VersionSize(int version, int numBytes) {
        public VersionSize {
            if (version < 0 || numBytes < 8 || numBytes % 8 != 0) {
                throw new IllegalArgumentException(
                        "version must be >= 0 and numBytes a multiple of 8 >= 8: " + version + ", " + numBytes);
            }
        }
    }

    private final String name;
    private final List<FieldSchema> fields;
    private final List<VersionSize> versions;
    /** The validator's table for this struct, built on first validation; see the class comment. */
    private Object validationPlan;

    /**
     * @param name fully qualified name (for parameter structs, e.g. {@code Calc.Add request})
     * @param fields the fields, in any order: they are sorted by ordinal
     * @param versions the version table (docs/wire-format.md §3.4), increasing versions, first version 0
     */
    public StructSchema(String name, List<FieldSchema> fields, List<VersionSize> versions) {
        Objects.requireNonNull(name, "name");
        fields = fields.stream().sorted(Comparator.comparingInt(FieldSchema::ordinal)).toList();
        versions = List.copyOf(versions);
        if (versions.isEmpty() || versions.getFirst().version() != 0) {
            throw new IllegalArgumentException("struct " + name + ": version table must start at version 0: " + versions);
        }
        for (int i = 1; i < versions.size(); i++) {
            if (versions.get(i).version() <= versions.get(i - 1).version()
                    || versions.get(i).numBytes() < versions.get(i - 1).numBytes()) {
                throw new IllegalArgumentException("struct " + name + ": version table not increasing: " + versions);
            }
        }
        this.name = name;
        this.fields = fields;
        this.versions = versions;
    }

    /** The fully qualified name. */
    public String name() {
        return name;
    }

    /** The fields, sorted by ordinal. */
    public List<FieldSchema> fields() {
        return fields;
    }

    /** The version table, increasing versions, first version 0. */
    public List<VersionSize> versions() {
        return versions;
    }

    Object validationPlan() {
        return validationPlan;
    }

    void validationPlan(Object plan) {
        validationPlan = plan;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StructSchema other && name.equals(other.name) && fields.equals(other.fields)
                && versions.equals(other.versions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, fields, versions);
    }

    @Override
    public String toString() {
        return "StructSchema[name=" + name + ", fields=" + fields + ", versions=" + versions + "]";
    }

    /** The newest version: writers put it in the header. */
    public VersionSize latest() {
        return versions.getLast();
    }

    /** The field named {@code name}. */
    public Optional<FieldSchema> field(String fieldName) {
        return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
    }

    /**
     * Whether a struct header of ({@code numBytes}, {@code version}) is acceptable
     * (docs/wire-format.md §12.4); both are unsigned 32-bit values held in longs.
     */
    public boolean acceptsHeader(long numBytes, long version) {
        VersionSize last = versions.getLast();
        if (version > last.version()) {
            return numBytes >= last.numBytes();
        }
        VersionSize match = versions.getFirst();
        for (VersionSize v : versions) {
            if (v.version() <= version) {
                match = v;
            }
        }
        return numBytes == match.numBytes();
    }
}

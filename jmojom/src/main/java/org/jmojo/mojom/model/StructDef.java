package org.jmojo.mojom.model;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A struct with its packed layout. Also used for the request and response parameter structs of
 * interface methods (docs/wire-format.md §3.5), which are packed the same way.
 *
 * @param name simple name; for parameter structs {@code Interface_Method_Params} or
 *     {@code Interface_Method_ResponseParams}, as Chromium names them
 * @param fullName fully qualified name
 * @param attributes attributes on the struct
 * @param position where the name appears (for parameter structs: the method name)
 * @param fields the fields in declaration order, each with its offset and bit
 * @param versions the version table, by increasing version; the first row is version 0
 * @param enums enums declared inside the struct
 * @param consts consts declared inside the struct
 * @param isNative whether this is a {@code [Native] struct Foo;} with no Mojom body
 */
public record StructDef(
        String name,
        String fullName,
        Attributes attributes,
        SourcePosition position,
        List<StructField> fields,
        List<VersionInfo> versions,
        List<EnumDef> enums,
        List<ConstDef> consts,
        boolean isNative)
        implements Definition {

    /** Copies the lists and checks that a version table is present. */
    public StructDef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fullName, "fullName");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(position, "position");
        fields = List.copyOf(fields);
        versions = List.copyOf(versions);
        enums = List.copyOf(enums);
        consts = List.copyOf(consts);
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("struct " + fullName + " has an empty version table");
        }
    }

    @Override
    public Kind kind() {
        return Kind.STRUCT;
    }

    /** The fields sorted by ordinal: the order in which encoders and validators visit them. */
    public List<StructField> fieldsInOrdinalOrder() {
        return fields.stream().sorted(Comparator.comparingLong(f -> Integer.toUnsignedLong(f.ordinal()))).toList();
    }

    /** The fields sorted by offset, then bit: the order they lie in memory. */
    public List<StructField> fieldsInOffsetOrder() {
        return fields.stream()
                .sorted(Comparator.comparingInt(StructField::offset).thenComparingInt(StructField::bit))
                .toList();
    }

    /** The field with this name. */
    public Optional<StructField> field(String fieldName) {
        return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
    }

    /** {@code num_bytes} of the newest version, header included (8 for an empty struct). */
    public int numBytes() {
        return versions.getLast().numBytes();
    }

    /**
     * The version-table row that governs a struct header claiming {@code version} (read from the
     * wire as an unsigned 32-bit value): the newest row whose version is at or below it
     * (docs/wire-format.md §12.4). For a version newer than every row, that is the last row, and the
     * header's {@code num_bytes} must be at least its size rather than equal to it.
     */
    public VersionInfo versionRowFor(long version) {
        if (version < 0) {
            throw new IllegalArgumentException("version < 0: " + version);
        }
        VersionInfo row = versions.getFirst();
        for (VersionInfo v : versions) {
            if (v.version() <= version) {
                row = v;
            }
        }
        return row;
    }

    /** The newest version number, which writers put in the struct header. */
    public int latestVersion() {
        return versions.getLast().version();
    }
}

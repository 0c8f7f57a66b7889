package org.jmojo.bindings.runtime;

import java.util.Objects;

/**
 * One packed field of a struct (or one parameter of a method).
 *
 * @param name the declared name
 * @param ordinal the field ordinal; fields are encoded, decoded and validated in ordinal order
 * @param kind the type
 * @param offset byte offset of the slot from the start of the struct (header included: the first
 *     field is at 8)
 * @param bit for {@code bool} fields, the bit within the byte at {@code offset}; otherwise 0
 * @param minVersion the {@code [MinVersion]}, 0 if none
 * @param defaultValue the value an encoder writes when the caller does not set the field, in the
 *     value-tree form of {@link ValueCodec}; {@code null} means 0, false or null
 */
public record FieldSchema(String name, int ordinal, MojomKind kind, int offset, int bit, int minVersion,
        Object defaultValue) {

    public FieldSchema {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (offset < 8) {
            throw new IllegalArgumentException("field " + name + ": offset < 8 (fields follow the header): " + offset);
        }
        if (bit < 0 || bit > 7) {
            throw new IllegalArgumentException("field " + name + ": bit not in 0..7: " + bit);
        }
        if (minVersion < 0) {
            throw new IllegalArgumentException("field " + name + ": minVersion < 0: " + minVersion);
        }
    }

    /** A field without a declared default. */
    public FieldSchema(String name, int ordinal, MojomKind kind, int offset, int bit, int minVersion) {
        this(name, ordinal, kind, offset, bit, minVersion, null);
    }
}

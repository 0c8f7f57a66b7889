package org.jmojo.bindings.runtime;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The runtime description of a Mojom type: what occupies a struct slot, an array element, a map
 * key or value, or a union's data slot. Immutable.
 *
 * <p>Struct and union kinds refer to their schema through a {@link Supplier}, so recursive types
 * ({@code struct Tree { Tree? left; }}) can be built as static constants: generated code passes
 * {@code () -> Tree.SCHEMA}; the supplier is called only while encoding, decoding or validating.
 */
public sealed interface MojomKind {

    /**
     * Offset, in an interface slot ({@code pending_remote}, {@code associated remote}), of the
     * interface version, after the 4-byte handle or interface-ID index (docs/wire-format.md §3.2).
     */
    int INTERFACE_VERSION_OFFSET = 4;

    /** Whether null may appear where this kind is used. Primitives and enums are never nullable. */
    boolean nullable();

    /** Size of a slot of this kind inside a struct or union data slot, in bytes (0 for bool: one bit). */
    int slotSize();

    /** Size of one array element of this kind in bytes (0 for bool: one bit). */
    default int elementSize() {
        return this instanceof Union ? UnionLayout.SIZE : slotSize();
    }

    /** Whether the slot holds a pointer (string, array, map, struct). */
    default boolean isPointer() {
        return this instanceof Str || this instanceof Array || this instanceof MapKind || this instanceof Struct;
    }

    /** The Mojom spelling, for messages. */
    String mojomName();

    /** Primitive kinds with their wire size in bytes (0 for bool). */
    enum PrimitiveType {
        BOOL(0), INT8(1), UINT8(1), INT16(2), UINT16(2), INT32(4), UINT32(4), INT64(8), UINT64(8), FLOAT(4), DOUBLE(8);

        private final int size;

        PrimitiveType(int size) {
            this.size = size;
        }

        /** Wire size in bytes; 0 for {@code BOOL}, which is one bit. */
        public int size() {
            return size;
        }

        /** The Mojom keyword. */
        public String mojomName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The handle kinds; the kind is not on the wire (docs/wire-format.md §8). */
    enum HandleType {
        GENERIC, MESSAGE_PIPE, DATA_PIPE_CONSUMER, DATA_PIPE_PRODUCER, SHARED_BUFFER, PLATFORM
    }

    /** The four interface endpoint kinds (docs/wire-format.md §9–10). */
    enum EndpointType {
        /** {@code pending_remote<I>}: handle index + version, 8 bytes, 4-aligned. */
        REMOTE(8, false),
        /** {@code pending_receiver<I>}: handle index, 4 bytes. */
        RECEIVER(4, false),
        /** {@code pending_associated_remote<I>}: interface-ID index + version, 8 bytes, 4-aligned. */
        ASSOCIATED_REMOTE(8, true),
        /** {@code pending_associated_receiver<I>}: interface-ID index, 4 bytes. */
        ASSOCIATED_RECEIVER(4, true);

        private final int size;
        private final boolean associated;

        EndpointType(int size, boolean associated) {
            this.size = size;
            this.associated = associated;
        }

        /** Slot size in bytes. */
        public int size() {
            return size;
        }

        /** Whether the slot indexes the payload interface-ID array instead of the handle list. */
        public boolean associated() {
            return associated;
        }

        /** Whether the slot carries a version word after the index. */
        public boolean hasVersion() {
            return size == 8;
        }
    }

    /** {@code bool}, the integers, {@code float}, {@code double}. */
    record Primitive(PrimitiveType type) implements MojomKind {
        public Primitive {
            Objects.requireNonNull(type, "type");
        }

        @Override
        public boolean nullable() {
            return false;
        }

        @Override
        public int slotSize() {
            return type.size();
        }

        @Override
        public String mojomName() {
            return type.mojomName();
        }
    }

    /** An enum: an int32 on the wire. */
    record Enum(EnumSchema schema) implements MojomKind {
        public Enum {
            Objects.requireNonNull(schema, "schema");
        }

        @Override
        public boolean nullable() {
            return false;
        }

        @Override
        public int slotSize() {
            return 4;
        }

        @Override
        public String mojomName() {
            return schema.name();
        }
    }

    /** {@code string}: a pointer to UTF-8 bytes laid out as {@code array<uint8>}. */
    record Str(boolean nullable) implements MojomKind {
        @Override
        public int slotSize() {
            return 8;
        }

        @Override
        public String mojomName() {
            return nullable ? "string?" : "string";
        }
    }

    /**
     * {@code array<T>} or {@code array<T, N>}.
     *
     * @param element the element kind (its nullability is the elements')
     * @param fixedLength N, or 0 for a variable-length array
     */
    record Array(MojomKind element, long fixedLength, boolean nullable) implements MojomKind {
        public Array {
            Objects.requireNonNull(element, "element");
            if (fixedLength < 0 || fixedLength > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("fixedLength not in 0..0xFFFFFFFF: " + fixedLength);
            }
        }

        @Override
        public int slotSize() {
            return 8;
        }

        @Override
        public String mojomName() {
            return "array<" + element.mojomName() + (fixedLength != 0 ? ", " + fixedLength : "") + ">"
                    + (nullable ? "?" : "");
        }
    }

    /** {@code map<K, V>}: a pointer to a 24-byte struct holding a key array and a value array. */
    record MapKind(MojomKind key, MojomKind value, boolean nullable) implements MojomKind {
        public MapKind {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (key.nullable()) {
                throw new IllegalArgumentException("map keys cannot be nullable: " + key.mojomName());
            }
        }

        @Override
        public int slotSize() {
            return 8;
        }

        @Override
        public String mojomName() {
            return "map<" + key.mojomName() + ", " + value.mojomName() + ">" + (nullable ? "?" : "");
        }
    }

    /** A struct pointer. */
    record Struct(String name, Supplier<StructSchema> schema, boolean nullable) implements MojomKind {
        public Struct {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(schema, "schema");
        }

        @Override
        public int slotSize() {
            return 8;
        }

        @Override
        public String mojomName() {
            return name + (nullable ? "?" : "");
        }

        /** Equal when name and nullability are: fully qualified names identify the type. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Struct other && name.equals(other.name) && nullable == other.nullable;
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + Boolean.hashCode(nullable);
        }

        @Override
        public String toString() {
            return "Struct[" + mojomName() + "]";
        }
    }

    /** A union: 16 bytes inline, or a pointer to an out-of-line union inside another union. */
    record Union(String name, Supplier<UnionSchema> schema, boolean nullable) implements MojomKind {
        public Union {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(schema, "schema");
        }

        @Override
        public int slotSize() {
            return 16;
        }

        @Override
        public String mojomName() {
            return name + (nullable ? "?" : "");
        }

        /** Equal when name and nullability are: fully qualified names identify the type. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Union other && name.equals(other.name) && nullable == other.nullable;
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + Boolean.hashCode(nullable);
        }

        @Override
        public String toString() {
            return "Union[" + mojomName() + "]";
        }
    }

    /** A handle: a 4-byte index into the attached handles. */
    record Handle(HandleType type, boolean nullable) implements MojomKind {
        public Handle {
            Objects.requireNonNull(type, "type");
        }

        @Override
        public int slotSize() {
            return 4;
        }

        @Override
        public String mojomName() {
            String base = type == HandleType.GENERIC ? "handle"
                    : "handle<" + type.name().toLowerCase(java.util.Locale.ROOT) + ">";
            return base + (nullable ? "?" : "");
        }
    }

    /** An interface endpoint of {@code interfaceName}. */
    record Endpoint(EndpointType type, String interfaceName, boolean nullable) implements MojomKind {
        public Endpoint {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(interfaceName, "interfaceName");
        }

        @Override
        public int slotSize() {
            return type.size();
        }

        @Override
        public String mojomName() {
            return "pending_" + type.name().toLowerCase(java.util.Locale.ROOT) + "<" + interfaceName + ">"
                    + (nullable ? "?" : "");
        }
    }
}

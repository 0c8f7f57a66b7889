package org.jmojo.mojom.model;

import java.util.Objects;

/**
 * A resolved Mojom type. Immutable; equal types are {@code equals}.
 *
 * <p>Named types (structs, unions, enums, interfaces) are referred to by their fully qualified
 * name ({@code module.Outer.Name}); look the definition up with
 * {@code CompilationResult.definition(String)}. References by name keep the model acyclic, so a
 * recursive struct such as {@code struct Tree { Tree? left; }} is an ordinary value.
 *
 * <p>Wire facts that depend only on the type (slot size and alignment, docs/wire-format.md §3.2) are
 * available from {@link #slotSize()} and {@link #slotAlignment()}.
 */
public sealed interface MojomType {

    /** Whether the type was written with {@code ?}. Primitives and enums are never nullable. */
    boolean nullable();

    /**
     * Size of a struct slot of this type in bytes; 0 for {@code bool}, which occupies one bit
     * (docs/wire-format.md §3.2).
     */
    int slotSize();

    /** Alignment of a struct slot of this type in bytes (1 for {@code bool}). */
    int slotAlignment();

    /** Returns this type with the given nullability; rejects nullable primitives and enums. */
    MojomType withNullable(boolean nullable);

    /** Returns the Mojom spelling of the type in the current syntax, e.g. {@code array<int32>?}. */
    String mojomName();

    /** Whether the slot holds a pointer to an out-of-line object (string, array, map, struct). */
    default boolean isPointer() {
        return this instanceof StringType
                || this instanceof ArrayType
                || this instanceof MapType
                || this instanceof StructRef;
    }

    /** Whether the slot carries a handle or an interface endpoint (docs/wire-format.md §8–10). */
    default boolean isHandleLike() {
        return this instanceof HandleType || this instanceof EndpointType;
    }

    /** The primitive kinds, which carry their wire size. */
    enum PrimitiveKind {
        BOOL("bool", 0, 1),
        INT8("int8", 1, 1),
        UINT8("uint8", 1, 1),
        INT16("int16", 2, 2),
        UINT16("uint16", 2, 2),
        INT32("int32", 4, 4),
        UINT32("uint32", 4, 4),
        INT64("int64", 8, 8),
        UINT64("uint64", 8, 8),
        FLOAT("float", 4, 4),
        DOUBLE("double", 8, 8);

        private final String mojomName;
        private final int size;
        private final int alignment;

        PrimitiveKind(String mojomName, int size, int alignment) {
            this.mojomName = mojomName;
            this.size = size;
            this.alignment = alignment;
        }

        /** The keyword, e.g. {@code uint16}. */
        public String mojomName() {
            return mojomName;
        }

        /** Size in bytes; 0 for {@code bool} (one bit). */
        public int size() {
            return size;
        }

        /** Alignment in bytes. */
        public int alignment() {
            return alignment;
        }

        /** Whether this is one of the eight integer kinds. */
        public boolean isInteger() {
            return this != BOOL && this != FLOAT && this != DOUBLE;
        }

        /** Whether this is {@code float} or {@code double}. */
        public boolean isFloatingPoint() {
            return this == FLOAT || this == DOUBLE;
        }

        /** Whether this is a signed integer kind. */
        public boolean isSigned() {
            return this == INT8 || this == INT16 || this == INT32 || this == INT64;
        }
    }

    /** The handle kinds of {@code handle<...>}; {@link #GENERIC} is a bare {@code handle}. */
    enum HandleKind {
        GENERIC(""),
        MESSAGE_PIPE("message_pipe"),
        DATA_PIPE_CONSUMER("data_pipe_consumer"),
        DATA_PIPE_PRODUCER("data_pipe_producer"),
        SHARED_BUFFER("shared_buffer"),
        PLATFORM("platform");

        private final String mojomName;

        HandleKind(String mojomName) {
            this.mojomName = mojomName;
        }

        /** The spelling inside {@code handle<...>}, or empty for {@link #GENERIC}. */
        public String mojomName() {
            return mojomName;
        }
    }

    /** The four interface endpoint kinds. */
    enum EndpointKind {
        /** {@code pending_remote<I>}, old syntax bare {@code I}: handle index + version, 8 bytes. */
        REMOTE("pending_remote", 8),
        /** {@code pending_receiver<I>}, old syntax {@code I&}: handle index, 4 bytes. */
        RECEIVER("pending_receiver", 4),
        /** {@code pending_associated_remote<I>}, old syntax {@code associated I}: 8 bytes. */
        ASSOCIATED_REMOTE("pending_associated_remote", 8),
        /** {@code pending_associated_receiver<I>}, old syntax {@code associated I&}: 4 bytes. */
        ASSOCIATED_RECEIVER("pending_associated_receiver", 4);

        private final String mojomName;
        private final int size;

        EndpointKind(String mojomName, int size) {
            this.mojomName = mojomName;
            this.size = size;
        }

        /** The current-syntax keyword. */
        public String mojomName() {
            return mojomName;
        }

        /** Slot size in bytes (alignment is always 4). */
        public int size() {
            return size;
        }

        /** Whether the endpoint travels as an associated interface ID (docs/wire-format.md §10). */
        public boolean isAssociated() {
            return this == ASSOCIATED_REMOTE || this == ASSOCIATED_RECEIVER;
        }
    }

    /** {@code bool}, the integers, {@code float} and {@code double}. */
    record Primitive(PrimitiveKind kind) implements MojomType {
        public Primitive {
            Objects.requireNonNull(kind, "kind");
        }

        @Override
        public boolean nullable() {
            return false;
        }

        @Override
        public int slotSize() {
            return kind.size();
        }

        @Override
        public int slotAlignment() {
            return kind.alignment();
        }

        @Override
        public MojomType withNullable(boolean nullable) {
            if (nullable) {
                throw new IllegalArgumentException("primitive type cannot be nullable: " + kind.mojomName());
            }
            return this;
        }

        @Override
        public String mojomName() {
            return kind.mojomName();
        }
    }

    /** {@code string}: a pointer to a UTF-8 byte array. */
    record StringType(boolean nullable) implements MojomType {
        @Override
        public int slotSize() {
            return 8;
        }

        @Override
        public int slotAlignment() {
            return 8;
        }

        @Override
        public MojomType withNullable(boolean nullable) {
            return new StringType(nullable);
        }

        @Override
        public String mojomName() {
            return nullable ? "string?" : "string";
        }
    }

    /** {@code handle} or {@code handle<kind>}: a 4-byte index into the attached handles. */
    record HandleType(HandleKind kind, boolean nullable) implements MojomType {
        public HandleType {
            Objects.requireNonNull(kind, "kind");
        }

        @Override
        public int slotSize() {
            return 4;
        }

        @Override
        public int slotAlignment() {
            return 4;
        }

        @Override
        public MojomType withNullable(boolean nullable) {
            return new HandleType(kind, nullable);
        }

        @Override
        public String mojomName() {
            String base = kind == HandleKind.GENERIC ? "handle" : "handle<" + kind.mojomName() + ">";
            return nullable ? base + "?" : base;
        }
    }

    /**
     * {@code array<T>} or the fixed-size {@code array<T, N>}.
     *
     * @param element the element type (its own nullability is the elements')
     * @param fixedLength N for a fixed-size array (1 … 0xFFFFFFFF), or 0 for a variable-length one
     * @param nullable whether the array pointer may be null
     */
    record ArrayType(MojomType element, long fixedLength, boolean nullable) implements MojomType {
        public ArrayType {
            Objects.requireNonNull(element, "element");
            if (fixedLength < 0 || fixedLength > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("fixedLength out of range 0..0xFFFFFFFF: " + fixedLength);
            }
        }

        /** Whether the array has a declared length. */
        public boolean isFixedSize() {
            return fixedLength != 0;
        }

        @Override
        public int slotSize() {
            return 8;
        }

        @Override
        public int slotAlignment() {
            return 8;
        }

        @Override
        public MojomType withNullable(boolean nullable) {
            return new ArrayType(element, fixedLength, nullable);
        }

        @Override
        public String mojomName() {
            String base = "array<" + element.mojomName() + (isFixedSize() ? ", " + fixedLength : "") + ">";
            return nullable ? base + "?" : base;
        }
    }

    /** {@code map<K, V>}: a pointer to a 24-byte struct holding a key array and a value array. */
    record MapType(MojomType key, MojomType value, boolean nullable) implements MojomType {
        public MapType {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public int slotSize() {
            return 8;
        }

        @Override
        public int slotAlignment() {
            return 8;
        }

        @Override
        public MojomType withNullable(boolean nullable) {
            return new MapType(key, value, nullable);
        }

        @Override
        public String mojomName() {
            String base = "map<" + key.mojomName() + ", " + value.mojomName() + ">";
            return nullable ? base + "?" : base;
        }
    }

    /** A reference to a struct: an 8-byte pointer. */
    record StructRef(String fullName, boolean nullable) implements MojomType {
        public StructRef {
            Objects.requireNonNull(fullName, "fullName");
        }

        @Override
        public int slotSize() {
            return 8;
        }

        @Override
        public int slotAlignment() {
            return 8;
        }

        @Override
        public MojomType withNullable(boolean nullable) {
            return new StructRef(fullName, nullable);
        }

        @Override
        public String mojomName() {
            return nullable ? fullName + "?" : fullName;
        }
    }

    /**
     * A reference to a union: 16 bytes inline in structs, arrays and maps; a pointer to an
     * out-of-line union when it is a field of another union (docs/wire-format.md §7.2).
     */
    record UnionRef(String fullName, boolean nullable) implements MojomType {
        public UnionRef {
            Objects.requireNonNull(fullName, "fullName");
        }

        @Override
        public int slotSize() {
            return 16;
        }

        @Override
        public int slotAlignment() {
            return 8;
        }

        @Override
        public MojomType withNullable(boolean nullable) {
            return new UnionRef(fullName, nullable);
        }

        @Override
        public String mojomName() {
            return nullable ? fullName + "?" : fullName;
        }
    }

    /** A reference to an enum: an int32 on the wire. Never nullable. */
    record EnumRef(String fullName) implements MojomType {
        public EnumRef {
            Objects.requireNonNull(fullName, "fullName");
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
        public int slotAlignment() {
            return 4;
        }

        @Override
        public MojomType withNullable(boolean nullable) {
            if (nullable) {
                throw new IllegalArgumentException("enum type cannot be nullable: " + fullName);
            }
            return this;
        }

        @Override
        public String mojomName() {
            return fullName;
        }
    }

    /**
     * An interface endpoint: {@code pending_remote<I>}, {@code pending_receiver<I>} and their
     * associated forms, whichever syntax declared them.
     *
     * @param kind which endpoint
     * @param interfaceName fully qualified name of the interface
     * @param nullable whether the slot may hold the invalid index
     */
    record EndpointType(EndpointKind kind, String interfaceName, boolean nullable) implements MojomType {
        public EndpointType {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(interfaceName, "interfaceName");
        }

        @Override
        public int slotSize() {
            return kind.size();
        }

        @Override
        public int slotAlignment() {
            return 4;
        }

        @Override
        public MojomType withNullable(boolean nullable) {
            return new EndpointType(kind, interfaceName, nullable);
        }

        @Override
        public String mojomName() {
            String base = kind.mojomName() + "<" + interfaceName + ">";
            return nullable ? base + "?" : base;
        }
    }
}

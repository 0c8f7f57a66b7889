package org.jmojo.mojom.gen;

import org.jmojo.mojom.model.MojomType;

/**
 * Wire facts of Mojom types that the emitted code depends on (docs/wire-format.md §3–§7), in one place:
 * the layout of headers, map and union objects, slot and element sizes, and the runtime methods that
 * put, get and bulk-read each primitive kind. The emitters write no layout number of their own.
 *
 * <p>The runtime has the same facts in {@code DataHeader}, {@code UnionLayout} and
 * {@code MojomKind}, which its {@code ValidatingReader} and {@code ValueCodec} read. The compiler does
 * not depend on the runtime, so the two copies are tied by a test ({@code WireTest}) rather than by
 * a shared class.
 */
final class Wire {

    /** Bytes of the header that starts every struct, array, string and map object (§3.1, §5.1). */
    static final int HEADER = 8;
    /** Offset of an array's element count in its header (§5.1). */
    static final int NUM_ELEMENTS_OFFSET = 4;
    /** Size of a map object: a version-0 struct of two pointers (§6). */
    static final int MAP_SIZE = 24;
    /** Offset of a map's key-array pointer. */
    static final int MAP_KEYS_OFFSET = 8;
    /** Offset of a map's value-array pointer. */
    static final int MAP_VALUES_OFFSET = 16;
    /** Size of a union object and of its inline slot (§7). */
    static final int UNION_SIZE = 16;
    /** Offset of a union's tag. */
    static final int UNION_TAG_OFFSET = 4;
    /** Offset of a union's data slot. */
    static final int UNION_DATA_OFFSET = 8;
    /** Offset of the version in an interface slot, after the handle or interface-ID index (§3.2). */
    static final int INTERFACE_VERSION_OFFSET = 4;

    private Wire() {}

    /** The Java expression of the offset of element {@code i} ({@code size} bytes each) of the array at {@code array}. */
    static String element(String array, int size, String i) {
        return array + " + " + HEADER + " + " + size + "L * " + i;
    }

    /** The Java expression of the offset {@code delta} bytes after {@code at}. */
    static String at(String at, int delta) {
        return at + " + " + delta;
    }

    /** Bytes per array element; 0 for bool (one bit); {@link #UNION_SIZE} for an inline union. */
    static int elementSize(MojomType t) {
        return t instanceof MojomType.UnionRef ? UNION_SIZE : t.slotSize();
    }

    /** Bits per array element: {@code Encoder.allocateArray}'s and {@code Encoder.arraySize}'s unit. */
    static int elementBits(MojomType t) {
        int size = elementSize(t);
        return size == 0 ? 1 : size * 8;
    }

    /** Whether a value of {@code t} in a slot can append objects of its own when encoded. */
    static boolean hasOutOfLine(MojomType t) {
        return t instanceof MojomType.StringType || t instanceof MojomType.StructRef || t instanceof MojomType.UnionRef
                || t instanceof MojomType.ArrayType || t instanceof MojomType.MapType;
    }

    /** The {@code Encoder} method that writes one slot of kind {@code k}. */
    static String putter(MojomType.PrimitiveKind k) {
        return "put" + width(k);
    }

    /** The {@code Decoder} method that reads one slot of kind {@code k}. */
    static String getter(MojomType.PrimitiveKind k) {
        return "get" + width(k);
    }

    private static String width(MojomType.PrimitiveKind k) {
        return switch (k) {
            case INT8, UINT8 -> "Int8";
            case INT16, UINT16 -> "Int16";
            case INT32, UINT32 -> "Int32";
            case INT64, UINT64 -> "Int64";
            case FLOAT -> "Float";
            case DOUBLE -> "Double";
            case BOOL -> throw new IllegalArgumentException("bools are bits, not slots");
        };
    }

    /** The {@code Decoder} method that copies a whole array of kind {@code k} into its Java list type. */
    static String arrayGetter(MojomType.PrimitiveKind k) {
        return switch (k) {
            case BOOL -> "booleanArray";
            case INT8, UINT8 -> "bytesArray";
            case INT16, UINT16 -> "shortArray";
            case INT32, UINT32 -> "intArray";
            case INT64, UINT64 -> "longArray";
            case FLOAT -> "floatArray";
            case DOUBLE -> "doubleArray";
        };
    }
}

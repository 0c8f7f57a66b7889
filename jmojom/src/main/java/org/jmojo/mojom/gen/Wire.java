package org.jmojo.mojom.gen;

import org.jmojo.mojom.model.MojomType;

/**
 * Wire facts of Mojom types that the emitted code depends on (docs/wire-format.md §4–§7), in one place:
 * slot and element sizes, and the runtime methods that put, get and bulk-read each primitive kind.
 */
final class Wire {

    private Wire() {}

    /** Bytes per array element; 0 for bool (one bit); 16 for an inline union. */
    static int elementSize(MojomType t) {
        return t instanceof MojomType.UnionRef ? 16 : t.slotSize();
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

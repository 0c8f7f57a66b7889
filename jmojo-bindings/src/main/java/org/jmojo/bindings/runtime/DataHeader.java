package org.jmojo.bindings.runtime;

/**
 * The 8-byte header that starts every struct, array, string and map object (docs/wire-format.md §3.1,
 * §5.1, §6), and the fixed layout of the map object that follows it.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |            num_bytes (object size, header included)           |  0
 *  +---------------------------------------------------------------+
 *  |      version (struct, map: 0)  |  num_elements (array)        |  4
 *  +---------------------------------------------------------------+
 *  |       struct fields / array elements / map keys pointer       |  8
 *  |                              ...                              |
 * </pre>
 *
 * <p>A map is a 24-byte, version-0 struct: keys-array pointer at 8, values-array pointer at 16.
 * Both words of the header are unsigned 32-bit values; read them with
 * {@link Decoder#getUInt32(long)}.
 */
public final class DataHeader {

    /** Size of the header. */
    public static final int SIZE = 8;
    /** Offset of {@code num_bytes}. */
    public static final int NUM_BYTES_OFFSET = 0;
    /** Offset of a struct's {@code version}. */
    public static final int VERSION_OFFSET = 4;
    /** Offset of an array's {@code num_elements}. */
    public static final int NUM_ELEMENTS_OFFSET = 4;

    /** {@code num_bytes} of every map object. */
    public static final int MAP_SIZE = 24;
    /** Offset of a map's keys-array pointer. */
    public static final int MAP_KEYS_OFFSET = 8;
    /** Offset of a map's values-array pointer. */
    public static final int MAP_VALUES_OFFSET = 16;

    private DataHeader() {}

    /** Absolute offset of the first element of the array at {@code array}. */
    public static long elementsOffset(long array) {
        return array + SIZE;
    }
}

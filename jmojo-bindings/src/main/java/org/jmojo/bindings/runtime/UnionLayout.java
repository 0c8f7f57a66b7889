package org.jmojo.bindings.runtime;

/**
 * The 16-byte union object (docs/wire-format.md §7), inline in structs, arrays and map values, or
 * out of line when it is a member of another union.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                  size (16, or 0 for a null union)             |  0
 *  +---------------------------------------------------------------+
 *  |           tag (declaration position of the active member)     |  4
 *  +---------------------------------------------------------------+
 *  |      data slot: value, handle index, pointer (relative to 8)  |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class UnionLayout {

    /** Size of a union object and of its inline slot. */
    public static final int SIZE = 16;
    /** Offset of the size word. */
    public static final int SIZE_OFFSET = 0;
    /** Offset of the tag. */
    public static final int TAG_OFFSET = 4;
    /** Offset of the data slot. */
    public static final int DATA_OFFSET = 8;

    private UnionLayout() {}
}

package org.jmojo.internal.channel;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The 16-byte header in front of every frame on a channel (DESIGN.md §4), little-endian.
 *
 * <pre>
 *  0                4          6          8          10                     16
 *  +----------------+----------+----------+----------+----------------------+
 *  | length (u32)   | type     | flags    | fd count | reserved, 6 bytes 0  |
 *  | header + pad   | (u16)    | (u16) 0  | (u16)    |                      |
 *  +----------------+----------+----------+----------+----------------------+
 * </pre>
 *
 * {@code length} counts the header, the payload and its zero padding, so it is a multiple of 8 and
 * at least 16. Every field is read as unsigned: a length of {@code 0x8000_0000} is 2 GiB, not negative.
 */
public final class FrameHeader {
    public static final int SIZE = 16;
    static final long LENGTH = 0;
    static final long TYPE = 4;
    static final long FLAGS = 6;
    static final long FD_COUNT = 8;
    static final long RESERVED = 10;
    static final int RESERVED_SIZE = 6;

    private static final ValueLayout.OfInt U32 = JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private FrameHeader() {}

    /** The total frame length of a payload of {@code payloadSize} bytes: header plus payload padded to 8. */
    public static long frameLength(long payloadSize) {
        return SIZE + padded(payloadSize);
    }

    /** {@code size} rounded up to a multiple of 8. */
    static long padded(long size) {
        return (size + 7) & ~7L;
    }

    static void write(MemorySegment frame, long length, int type, int fdCount) {
        frame.set(U32, LENGTH, (int) length);
        frame.set(U16, TYPE, (short) type);
        frame.set(U16, FLAGS, (short) 0);
        frame.set(U16, FD_COUNT, (short) fdCount);
        for (long i = RESERVED; i < SIZE; i++) {
            frame.set(ValueLayout.JAVA_BYTE, i, (byte) 0);
        }
    }

    /** The length field, unsigned. */
    static long length(MemorySegment header) {
        return Integer.toUnsignedLong(header.get(U32, LENGTH));
    }

    static int type(MemorySegment header) {
        return Short.toUnsignedInt(header.get(U16, TYPE));
    }

    static int flags(MemorySegment header) {
        return Short.toUnsignedInt(header.get(U16, FLAGS));
    }

    static int fdCount(MemorySegment header) {
        return Short.toUnsignedInt(header.get(U16, FD_COUNT));
    }

    /** Whether the six reserved bytes are all zero. */
    static boolean reservedZero(MemorySegment header) {
        for (long i = RESERVED; i < SIZE; i++) {
            if (header.get(ValueLayout.JAVA_BYTE, i) != 0) {
                return false;
            }
        }
        return true;
    }
}

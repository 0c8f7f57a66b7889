package org.jmojo.internal.ports.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.jmojo.internal.ports.NodeName;
import org.jmojo.internal.ports.PortName;

/**
 * Little-endian, unaligned field access for the event layouts, and the 128-bit name encoding: two little-endian
 * 64-bit words, low word first (the order the channel layer's {@code Id128} uses for node names in hello, so a
 * name reads the same in every jmojo payload).
 */
final class WireFields {
    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final int NAME_SIZE = 16;

    private WireFields() {}

    static int u16(MemorySegment s, long offset) {
        return Short.toUnsignedInt(s.get(U16, offset));
    }

    static long u32(MemorySegment s, long offset) {
        return Integer.toUnsignedLong(s.get(U32, offset));
    }

    static long u64(MemorySegment s, long offset) {
        return s.get(U64, offset);
    }

    static void putU16(MemorySegment s, long offset, int value) {
        s.set(U16, offset, (short) value);
    }

    static void putU32(MemorySegment s, long offset, long value) {
        s.set(U32, offset, (int) value);
    }

    static void putU64(MemorySegment s, long offset, long value) {
        s.set(U64, offset, value);
    }

    static PortName port(MemorySegment s, long offset) {
        return new PortName(s.get(U64, offset + 8), s.get(U64, offset));
    }

    static NodeName node(MemorySegment s, long offset) {
        return new NodeName(s.get(U64, offset + 8), s.get(U64, offset));
    }

    static void putPort(MemorySegment s, long offset, PortName name) {
        s.set(U64, offset, name.low());
        s.set(U64, offset + 8, name.high());
    }

    static void putNode(MemorySegment s, long offset, NodeName name) {
        s.set(U64, offset, name.low());
        s.set(U64, offset + 8, name.high());
    }

    /** {@code size} rounded up to a multiple of 8 (every area of an event starts 8-aligned). */
    static long padded(long size) {
        return (size + 7) & ~7L;
    }

    /** Whether bytes {@code [from, to)} are all zero. */
    static boolean zero(MemorySegment s, long from, long to) {
        for (long i = from; i < to; i++) {
            if (s.get(ValueLayout.JAVA_BYTE, i) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Writes zeros to bytes {@code [from, to)}. */
    static void clear(MemorySegment s, long from, long to) {
        if (from < to) {
            s.asSlice(from, to - from).fill((byte) 0);
        }
    }
}

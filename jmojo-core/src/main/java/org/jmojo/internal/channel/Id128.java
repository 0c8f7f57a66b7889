package org.jmojo.internal.channel;

import java.lang.foreign.MemorySegment;

/**
 * A 128-bit name as the channel's payloads carry it (a node name, a port name, an invitation
 * token): two little-endian 64-bit words, low word first. The channel gives these no meaning; the
 * layers above map them to their own name types. Zero means "none".
 */
public record Id128(long low, long high) {
    public static final Id128 NONE = new Id128(0, 0);
    public static final int SIZE = 16;

    public boolean isNone() {
        return low == 0 && high == 0;
    }

    /** The name at {@code offset} of {@code s}. */
    public static Id128 read(MemorySegment s, long offset) {
        return new Id128(s.get(Wire.U64, offset), s.get(Wire.U64, offset + 8));
    }

    /** Writes this name at {@code offset} of {@code s}. */
    public void write(MemorySegment s, long offset) {
        s.set(Wire.U64, offset, low);
        s.set(Wire.U64, offset + 8, high);
    }

    @Override
    public String toString() {
        return String.format("%016x%016x", high, low);
    }
}

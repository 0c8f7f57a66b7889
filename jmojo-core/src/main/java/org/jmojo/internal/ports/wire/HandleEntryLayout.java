package org.jmojo.internal.ports.wire;

import static org.jmojo.internal.ports.wire.WireFields.U16;
import static org.jmojo.internal.ports.wire.WireFields.U32;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * The 16-byte handle entry of a user message ({@link HandleEntry}).
 *
 * <pre>
 *  0        2        4        6        8              12             16
 *  +--------+--------+--------+--------+--------------+--------------+
 *  | kind   | fds    | ports  | u16 0  | extra bytes  | u32 0        |
 *  | u16    | u16    | u16    |        | u32          |              |
 *  +--------+--------+--------+--------+--------------+--------------+
 * </pre>
 */
final class HandleEntryLayout {
    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            U16.withName("kind"),
            U16.withName("fds"),
            U16.withName("ports"),
            U16.withName("reserved16"),
            U32.withName("extra_bytes"),
            U32.withName("reserved32"));

    static final long KIND = 0;
    static final long FD_COUNT = 2;
    static final long PORT_COUNT = 4;
    static final long RESERVED16 = 6;
    static final long EXTRA_BYTES = 8;
    static final long RESERVED32 = 12;
    static final int SIZE = 16;

    private HandleEntryLayout() {}

    static void write(MemorySegment s, long at, HandleEntry h) {
        WireFields.putU16(s, at + KIND, h.kind().code());
        WireFields.putU16(s, at + FD_COUNT, h.fdCount());
        WireFields.putU16(s, at + PORT_COUNT, h.portCount());
        WireFields.putU16(s, at + RESERVED16, 0);
        WireFields.putU32(s, at + EXTRA_BYTES, h.extraBytes());
        WireFields.putU32(s, at + RESERVED32, 0);
    }

    /** Reads the entry at {@code at}; the caller has checked the 16 bytes are there. */
    static HandleEntry read(MemorySegment s, long at, int index) throws EventDecodeException {
        int code = WireFields.u16(s, at + KIND);
        HandleKind kind = HandleKind.ofCode(code);
        if (kind == null) {
            throw new EventDecodeException(Rejection.UNKNOWN_HANDLE_KIND, "user message handle entry " + index + " has kind "
                    + code + "; kinds are 1..5");
        }
        if (WireFields.u16(s, at + RESERVED16) != 0 || WireFields.u32(s, at + RESERVED32) != 0) {
            throw new EventDecodeException(Rejection.NONZERO_RESERVED, "user message handle entry " + index
                    + " has non-zero reserved bytes 6..7 or 12..15");
        }
        return new HandleEntry(kind, WireFields.u16(s, at + FD_COUNT), WireFields.u16(s, at + PORT_COUNT),
                WireFields.u32(s, at + EXTRA_BYTES));
    }
}

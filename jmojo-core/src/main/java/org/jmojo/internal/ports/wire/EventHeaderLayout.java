package org.jmojo.internal.ports.wire;

import static org.jmojo.internal.ports.wire.WireFields.U16;
import static org.jmojo.internal.ports.wire.WireFields.U32;
import static org.jmojo.internal.ports.wire.WireFields.U64;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * The 48-byte header in front of every ports event (DESIGN.md §3), little-endian. A name is two u64 words, low
 * word first.
 *
 * <pre>
 *  0        2        4            8                    24                   40                 48
 *  +--------+--------+------------+--------------------+--------------------+------------------+
 *  | type   | flags  | reserved   | target port        | sending port       | control sequence |
 *  | u16    | u16 0  | u32 0      | 128 bits           | 128 bits           | u64, 0 = none    |
 *  +--------+--------+------------+--------------------+--------------------+------------------+
 * </pre>
 */
final class EventHeaderLayout {
    static final StructLayout NAME = MemoryLayout.structLayout(U64.withName("low"), U64.withName("high"));
    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            U16.withName("type"),
            U16.withName("flags"),
            U32.withName("reserved"),
            NAME.withName("target"),
            NAME.withName("sender"),
            U64.withName("control_sequence"));

    static final long TYPE = 0;
    static final long FLAGS = 2;
    static final long RESERVED = 4;
    static final long TARGET = 8;
    static final long SENDER = 24;
    static final long CONTROL_SEQUENCE = 40;
    static final int SIZE = 48;

    private EventHeaderLayout() {}

    static void write(MemorySegment s, PortsEvent e) {
        WireFields.putU16(s, TYPE, e.type().code());
        WireFields.putU16(s, FLAGS, 0);
        WireFields.putU32(s, RESERVED, 0);
        WireFields.putPort(s, TARGET, e.target());
        WireFields.putPort(s, SENDER, e.sender());
        WireFields.putU64(s, CONTROL_SEQUENCE, e.controlSequence());
    }
}

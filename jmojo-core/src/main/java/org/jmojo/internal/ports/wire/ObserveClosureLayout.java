package org.jmojo.internal.ports.wire;

import static org.jmojo.internal.ports.wire.WireFields.U32;
import static org.jmojo.internal.ports.wire.WireFields.U64;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * The 16-byte body of observe-closure (type 5).
 *
 * <pre>
 *  0                      8            12           16
 *  +----------------------+------------+------------+
 *  | last sequence sent   | reason     | reserved   |
 *  | u64, 0 = none        | u32, 0..3  | u32 0      |
 *  +----------------------+------------+------------+
 * </pre>
 */
final class ObserveClosureLayout {
    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            U64.withName("last_sequence_sent"), U32.withName("reason"), U32.withName("reserved"));

    static final long LAST_SEQUENCE_SENT = 0;
    static final long REASON = 8;
    static final long RESERVED = 12;
    static final int SIZE = 16;

    private ObserveClosureLayout() {}
}

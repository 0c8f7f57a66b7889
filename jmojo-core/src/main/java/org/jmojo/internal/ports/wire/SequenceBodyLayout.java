package org.jmojo.internal.ports.wire;

import static org.jmojo.internal.ports.wire.WireFields.U64;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * The 8-byte body of the three events that carry one sequence number: observe-proxy-ack (type 4, last sequence
 * sent, 2^64-1 = retry), read-ack request (type 7, sequence to acknowledge) and read-ack (type 8, highest sequence
 * read).
 *
 * <pre>
 *  0                  8
 *  +------------------+
 *  | sequence, u64    |
 *  +------------------+
 * </pre>
 */
final class SequenceBodyLayout {
    static final StructLayout LAYOUT = MemoryLayout.structLayout(U64.withName("sequence"));

    static final long SEQUENCE = 0;
    static final int SIZE = 8;

    private SequenceBodyLayout() {}
}

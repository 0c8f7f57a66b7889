package org.jmojo.internal.ports.wire;

import static org.jmojo.internal.ports.wire.WireFields.U32;
import static org.jmojo.internal.ports.wire.WireFields.U64;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * The 120-byte port descriptor ({@link PortDescriptor}); also the whole body of merge-port (type 6).
 *
 * <pre>
 *  0           16          32          48             64             80
 *  +-----------+-----------+-----------+--------------+--------------+
 *  | new port  | peer node | peer port | referring    | referring    |
 *  |           |           |           | node         | port         |
 *  +-----------+-----------+-----------+--------------+--------------+
 *  80               88               96                104              112       116       120
 *  +----------------+----------------+-----------------+----------------+---------+---------+
 *  | next sequence  | next sequence  | last sequence   | read-ack       | flags   | closure |
 *  | to send, u64   | to read, u64   | to receive, u64 | requested, u64 | u32     | reason  |
 *  |                |                | 0 = unknown     | 0 = none       | bits 0,1| u32     |
 *  +----------------+----------------+-----------------+----------------+---------+---------+
 * </pre>
 */
final class PortDescriptorLayout {
    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            EventHeaderLayout.NAME.withName("new_port"),
            EventHeaderLayout.NAME.withName("peer_node"),
            EventHeaderLayout.NAME.withName("peer_port"),
            EventHeaderLayout.NAME.withName("referring_node"),
            EventHeaderLayout.NAME.withName("referring_port"),
            U64.withName("next_sequence_to_send"),
            U64.withName("next_sequence_to_read"),
            U64.withName("last_sequence_to_receive"),
            U64.withName("read_ack_requested_up_to"),
            U32.withName("flags"),
            U32.withName("closure_reason"));

    static final long NEW_PORT = 0;
    static final long PEER_NODE = 16;
    static final long PEER_PORT = 32;
    static final long REFERRING_NODE = 48;
    static final long REFERRING_PORT = 64;
    static final long NEXT_SEQUENCE_TO_SEND = 80;
    static final long NEXT_SEQUENCE_TO_READ = 88;
    static final long LAST_SEQUENCE_TO_RECEIVE = 96;
    static final long READ_ACK_REQUESTED_UP_TO = 104;
    static final long FLAGS = 112;
    static final long CLOSURE_REASON = 116;
    static final int SIZE = 120;

    private PortDescriptorLayout() {}

    static void write(MemorySegment s, long at, PortDescriptor d) {
        WireFields.putPort(s, at + NEW_PORT, d.newPort());
        WireFields.putNode(s, at + PEER_NODE, d.peerNode());
        WireFields.putPort(s, at + PEER_PORT, d.peerPort());
        WireFields.putNode(s, at + REFERRING_NODE, d.referringNode());
        WireFields.putPort(s, at + REFERRING_PORT, d.referringPort());
        WireFields.putU64(s, at + NEXT_SEQUENCE_TO_SEND, d.nextSequenceToSend());
        WireFields.putU64(s, at + NEXT_SEQUENCE_TO_READ, d.nextSequenceToRead());
        WireFields.putU64(s, at + LAST_SEQUENCE_TO_RECEIVE, d.lastSequenceToReceive());
        WireFields.putU64(s, at + READ_ACK_REQUESTED_UP_TO, d.readAckRequestedUpTo());
        WireFields.putU32(s, at + FLAGS, d.flags());
        WireFields.putU32(s, at + CLOSURE_REASON, d.closureReason().code());
    }

    /**
     * Reads the descriptor at {@code at}; the caller has checked the 120 bytes are there. Field invariants the
     * {@link PortDescriptor} constructor checks surface as its {@link InvalidValue}.
     */
    static PortDescriptor read(MemorySegment s, long at) throws EventDecodeException {
        long flags = WireFields.u32(s, at + FLAGS);
        if ((flags & ~PortDescriptor.KNOWN_FLAGS) != 0) {
            throw new EventDecodeException(Rejection.NONZERO_FLAGS, "port descriptor flags 0x" + Long.toHexString(flags)
                    + " set bits other than 0 (peer closed) and 1 (peer lost)");
        }
        long code = WireFields.u32(s, at + CLOSURE_REASON);
        ClosureReason reason = ClosureReason.ofCode(code);
        if (reason == null) {
            throw new EventDecodeException(Rejection.UNKNOWN_CLOSURE_REASON, "port descriptor closure reason " + code
                    + "; reasons are 0..3");
        }
        return new PortDescriptor(WireFields.port(s, at + NEW_PORT), WireFields.node(s, at + PEER_NODE),
                WireFields.port(s, at + PEER_PORT), WireFields.node(s, at + REFERRING_NODE),
                WireFields.port(s, at + REFERRING_PORT), WireFields.u64(s, at + NEXT_SEQUENCE_TO_SEND),
                WireFields.u64(s, at + NEXT_SEQUENCE_TO_READ), WireFields.u64(s, at + LAST_SEQUENCE_TO_RECEIVE),
                WireFields.u64(s, at + READ_ACK_REQUESTED_UP_TO), (flags & PortDescriptor.FLAG_PEER_CLOSED) != 0,
                (flags & PortDescriptor.FLAG_PEER_LOST) != 0, reason);
    }
}

package org.jmojo.internal.ports.wire;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jmojo.internal.ports.NodeName;
import org.jmojo.internal.ports.PortName;

/**
 * Random well-formed events of every type, leaning on the edges: names with all bits set, sequences 1, 2^63-1,
 * 2^63, 2^64-2 and "retry" where allowed, empty and unaligned areas, entries with several ports and fds.
 */
final class RandomEvents {
    private static final long[] EDGES = {1, 2, Long.MAX_VALUE, Long.MIN_VALUE, SequenceNumbers.RETRY - 1};

    private RandomEvents() {}

    static PortsEvent event(Random r) {
        PortName target = port(r);
        PortName sender = port(r);
        long cs = counted(r);
        return switch (EventType.values()[r.nextInt(EventType.values().length)]) {
            case USER_MESSAGE -> message(r, target, sender, cs);
            case PORT_ACCEPTED -> new PortAcceptedEvent(target, sender);
            case OBSERVE_PROXY -> new ObserveProxyEvent(target, sender, cs, node(r), port(r), node(r), port(r));
            case OBSERVE_PROXY_ACK -> new ObserveProxyAckEvent(target, sender, cs,
                    r.nextInt(4) == 0 ? SequenceNumbers.RETRY : countedOrNone(r));
            case OBSERVE_CLOSURE -> new ObserveClosureEvent(target, sender, cs, countedOrNone(r),
                    ClosureReason.values()[r.nextInt(ClosureReason.values().length)]);
            case MERGE_PORT -> new MergePortEvent(target, sender, descriptor(r));
            case READ_ACK_REQUEST -> new ReadAckRequestEvent(target, sender, cs, counted(r));
            case READ_ACK -> new ReadAckEvent(target, sender, cs, countedOrNone(r));
            case UPDATE_PREVIOUS_PEER -> new UpdatePreviousPeerEvent(target, sender, cs, node(r), port(r));
            case DEAD_PORT -> new DeadPortEvent(target, sender, node(r), port(r));
        };
    }

    static UserMessageEvent message(Random r, PortName target, PortName sender, long cs) {
        int handleCount = r.nextInt(4) == 0 ? 0 : r.nextInt(7);
        List<HandleEntry> handles = new ArrayList<>();
        List<PortDescriptor> ports = new ArrayList<>();
        int extra = 0;
        for (int i = 0; i < handleCount; i++) {
            HandleEntry h = new HandleEntry(HandleKind.values()[r.nextInt(HandleKind.values().length)], r.nextInt(3),
                    r.nextInt(3), r.nextInt(3) == 0 ? r.nextInt(20) : 0);
            handles.add(h);
            extra += (int) h.extraBytes();
            for (int p = 0; p < h.portCount(); p++) {
                ports.add(descriptor(r));
            }
        }
        return new UserMessageEvent(target, sender, cs, counted(r), ports, handles, bytes(r, extra),
                bytes(r, r.nextInt(3) == 0 ? 0 : r.nextInt(100)));
    }

    static PortDescriptor descriptor(Random r) {
        boolean closed = r.nextBoolean();
        boolean lost = r.nextInt(4) == 0;
        ClosureReason reason = closed || lost ? ClosureReason.values()[r.nextInt(ClosureReason.values().length)]
                : ClosureReason.USER_CLOSED;
        return new PortDescriptor(port(r), node(r), port(r), node(r), port(r), counted(r), counted(r), countedOrNone(r),
                countedOrNone(r), closed, lost, reason);
    }

    private static MemorySegment bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return MemorySegment.ofArray(b);
    }

    static PortName port(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> new PortName(-1, -1);
            case 1 -> new PortName(0, 1 + r.nextInt(100));
            default -> {
                PortName n = new PortName(r.nextLong(), r.nextLong());
                yield n.equals(PortName.NONE) ? new PortName(0, 1) : n;
            }
        };
    }

    static NodeName node(Random r) {
        PortName p = port(r);
        return new NodeName(p.high(), p.low());
    }

    /** A number that counts from 1: never 0 or "retry". */
    static long counted(Random r) {
        if (r.nextInt(3) == 0) {
            return EDGES[r.nextInt(EDGES.length)];
        }
        long v = r.nextInt(2) == 0 ? 1 + r.nextInt(1000) : r.nextLong();
        return SequenceNumbers.isNumber(v) ? v : 1;
    }

    /** A number where 0 means none. */
    static long countedOrNone(Random r) {
        return r.nextInt(5) == 0 ? SequenceNumbers.NONE : counted(r);
    }
}

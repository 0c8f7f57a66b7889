package org.jmojo.internal.ports.wire;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jmojo.internal.ports.NodeName;
import org.jmojo.internal.ports.PortName;

/**
 * Well-formed sample values of every event type, with names whose bytes are easy to read in hex: {@code port(lo, hi)}
 * encodes as {@code lo, 0 x7, hi, 0 x7}.
 */
final class WireSamples {
    static final PortName TARGET = port(0x0A, 0xA0);
    static final PortName SENDER = port(0x0B, 0xB0);

    private WireSamples() {}

    static PortName port(int low, int high) {
        return new PortName(high, low);
    }

    static NodeName node(int low, int high) {
        return new NodeName(high, low);
    }

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replaceAll("\\s+", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }

    static MemorySegment bytes(String spaced) {
        return MemorySegment.ofArray(hex(spaced));
    }

    /** A descriptor with every field distinct and both flags set. */
    static PortDescriptor descriptor() {
        return new PortDescriptor(port(0x01, 0x10), node(0x02, 0x20), port(0x03, 0x30), node(0x04, 0x40), port(0x05, 0x50),
                7, 3, 9, 5, true, true, ClosureReason.PEER_LOST);
    }

    /** A descriptor of a port whose peer is there: no flags, reason 0, last unknown, no read-ack request. */
    static PortDescriptor openDescriptor(int name) {
        return new PortDescriptor(port(name, 0x61), node(0x62, 0x63), port(0x64, 0x65), node(0x66, 0x67), port(0x68, 0x69),
                1, 1, SequenceNumbers.NONE, SequenceNumbers.NONE, false, false, ClosureReason.USER_CLOSED);
    }

    /**
     * A user message with two ports (a message pipe and a data pipe producer carrying a port, two fds and 5 extra
     * bytes), a platform handle with one fd, 5 extra bytes and a 3-byte payload: every area needs padding.
     */
    static UserMessageEvent userMessage() {
        return new UserMessageEvent(TARGET, SENDER, 4, 6, List.of(openDescriptor(0x71), openDescriptor(0x72)),
                List.of(HandleEntry.messagePipe(), new HandleEntry(HandleKind.DATA_PIPE_PRODUCER, 2, 1, 5),
                        new HandleEntry(HandleKind.PLATFORM_HANDLE, 1, 0, 0)),
                MemorySegment.ofArray(new byte[] {1, 2, 3, 4, 5}), MemorySegment.ofArray(new byte[] {'a', 'b', 'c'}));
    }

    /** One well-formed value of each type, keyed by type. */
    static Map<EventType, PortsEvent> oneOfEach() {
        Map<EventType, PortsEvent> events = new LinkedHashMap<>();
        events.put(EventType.USER_MESSAGE, userMessage());
        events.put(EventType.PORT_ACCEPTED, new PortAcceptedEvent(TARGET, SENDER));
        events.put(EventType.OBSERVE_PROXY, new ObserveProxyEvent(TARGET, SENDER, 2, node(0x11, 0x12), port(0x13, 0x14),
                node(0x15, 0x16), port(0x17, 0x18)));
        events.put(EventType.OBSERVE_PROXY_ACK, new ObserveProxyAckEvent(TARGET, SENDER, 3, SequenceNumbers.RETRY));
        events.put(EventType.OBSERVE_CLOSURE, new ObserveClosureEvent(TARGET, SENDER, 9, 42, ClosureReason.RECEIVE_QUOTA_EXCEEDED));
        events.put(EventType.MERGE_PORT, new MergePortEvent(TARGET, SENDER, descriptor()));
        events.put(EventType.READ_ACK_REQUEST, new ReadAckRequestEvent(TARGET, SENDER, 1, 100));
        events.put(EventType.READ_ACK, new ReadAckEvent(TARGET, SENDER, 8, 0x1234));
        events.put(EventType.UPDATE_PREVIOUS_PEER, new UpdatePreviousPeerEvent(TARGET, SENDER, 7, node(0x21, 0x22), port(0x23, 0x24)));
        events.put(EventType.DEAD_PORT, new DeadPortEvent(TARGET, SENDER, node(0x31, 0x32), port(0x33, 0x34)));
        return events;
    }

    /** The fds a sample's frame carries. */
    static int fdCount(PortsEvent event) {
        return event instanceof UserMessageEvent m ? m.fdCount() : 0;
    }
}

package org.jmojo.internal.ipc;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.jmojo.internal.channel.FrameType;
import org.jmojo.internal.channel.Id128;
import org.jmojo.internal.ports.NodeName;

/**
 * The payloads of the broker's frames (docs/processes.md, "Introductions"): request-introduction and add-client
 * (node), introduce and client-added (node, status), relay-dead-port (node, event). The channel has checked each frame's size, fd count,
 * status values and sender role before these run, so reading never fails here.
 */
final class BrokerFrames {
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Introduce status: here is a socket to the node (one fd). */
    static final int OK = 0;
    /** Introduce status: the broker knows no such client (the asker treats the node as lost). */
    static final int UNKNOWN = 1;
    /** Introduce status: the pair was introduced already; that introduce frame is on its way. */
    static final int ALREADY_INTRODUCED = 2;
    /** Client-added status: the broker has (or had) a node of that name; the invitation fails. */
    static final int NAME_IN_USE = 3;

    private BrokerFrames() {}

    /** Whether {@code type} is one of the broker's frames, which never cross an isolated link. */
    static boolean isBrokerFrame(FrameType type) {
        return switch (type) {
            case REQUEST_INTRODUCTION, INTRODUCE, ADD_CLIENT, CLIENT_ADDED, RELAY_DEAD_PORT -> true;
            default -> false;
        };
    }

    /** A request-introduction payload: the node to reach. */
    static MemorySegment node(NodeName node) {
        MemorySegment s = MemorySegment.ofArray(new byte[Id128.SIZE]);
        NodeChannels.id(node).write(s, 0);
        return s;
    }

    /** The node at the start of a request-introduction, introduce or relay-dead-port payload. */
    static NodeName nodeOf(MemorySegment payload) {
        return NodeChannels.nodeName(Id128.read(payload, 0));
    }

    /** An introduce payload: the other node and the status (the socket, for OK, rides as the frame's fd). */
    static MemorySegment introduce(NodeName other, int status) {
        MemorySegment s = MemorySegment.ofArray(new byte[Id128.SIZE + 8]);
        NodeChannels.id(other).write(s, 0);
        s.set(U32, Id128.SIZE, status);
        return s;
    }

    /** The status of an introduce payload. */
    static int statusOf(MemorySegment payload) {
        return payload.get(U32, Id128.SIZE);
    }

    /** Whether {@code event} (an encoded ports event) is a dead-port notice of the size a relay carries. */
    static boolean isDeadPort(byte[] event) {
        return event.length == FrameType.RELAYED_EVENT_SIZE
                && Short.toUnsignedInt(MemorySegment.ofArray(event).get(U16, 0)) == FrameType.RELAYED_EVENT_TYPE;
    }

    /** A relay-dead-port payload: the node (destination, or origin when the broker passes it on), then the event. */
    static MemorySegment relay(NodeName node, byte[] event) {
        MemorySegment s = MemorySegment.ofArray(new byte[FrameType.RELAY_NODE_SIZE + FrameType.RELAYED_EVENT_SIZE]);
        NodeChannels.id(node).write(s, 0);
        MemorySegment.copy(MemorySegment.ofArray(event), 0, s, FrameType.RELAY_NODE_SIZE, FrameType.RELAYED_EVENT_SIZE);
        return s;
    }

    /** The event a relay-dead-port payload carries, as a fresh array. */
    static byte[] relayedEvent(MemorySegment payload) {
        return payload.asSlice(FrameType.RELAY_NODE_SIZE, FrameType.RELAYED_EVENT_SIZE).toArray(ValueLayout.JAVA_BYTE);
    }
}

package org.jmojo.internal.ports.wire;

/**
 * The event types of version 1 (DESIGN.md §3's event table, and type 10, jmojo's dead-proxy notice): wire number, body size and whether the header carries
 * a control sequence. Every body size is a multiple of 8, so an event fills its frame payload exactly.
 */
public enum EventType {
    USER_MESSAGE(1, UserMessageLayout.FIXED_SIZE, true),
    PORT_ACCEPTED(2, 0, false),
    OBSERVE_PROXY(3, ObserveProxyLayout.SIZE, true),
    OBSERVE_PROXY_ACK(4, SequenceBodyLayout.SIZE, true),
    OBSERVE_CLOSURE(5, ObserveClosureLayout.SIZE, true),
    MERGE_PORT(6, PortDescriptorLayout.SIZE, false),
    READ_ACK_REQUEST(7, SequenceBodyLayout.SIZE, true),
    READ_ACK(8, SequenceBodyLayout.SIZE, true),
    UPDATE_PREVIOUS_PEER(9, UpdatePreviousPeerLayout.SIZE, true),
    /** jmojo's dead-proxy notice (docs/ports-wire.md): the same 32-byte body layout as update-previous-peer. */
    DEAD_PORT(10, UpdatePreviousPeerLayout.SIZE, false);

    private static final EventType[] BY_CODE = values();

    private final int code;
    private final int bodySize;
    private final boolean sequenced;

    EventType(int code, int bodySize, boolean sequenced) {
        this.code = code;
        this.bodySize = bodySize;
        this.sequenced = sequenced;
    }

    /** The number on the wire. */
    public int code() {
        return code;
    }

    /** The body's size in bytes; for {@link #USER_MESSAGE}, the size of its fixed part (the areas follow). */
    public int bodySize() {
        return bodySize;
    }

    /** Whether events of this type carry a control sequence (1 or more) rather than 0. */
    public boolean isSequenced() {
        return sequenced;
    }

    /** The type with wire number {@code code} in version 1, or {@code null} if there is none. */
    public static EventType ofCode(int code) {
        return code >= 1 && code <= BY_CODE.length ? BY_CODE[code - 1] : null;
    }
}

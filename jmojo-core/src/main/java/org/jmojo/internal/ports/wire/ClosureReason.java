package org.jmojo.internal.ports.wire;

/** Why a port's peer is gone (DESIGN.md §3): carried by observe-closure and by a port descriptor, as a u32. */
public enum ClosureReason {
    /** 0: the user closed the peer. */
    USER_CLOSED(0),
    /** 1: the receiving end broke the pipe because a message overran its HARD receive quota. */
    RECEIVE_QUOTA_EXCEEDED(1),
    /** 2: the peer's node, or a node on the route, was lost. */
    PEER_LOST(2),
    /** 3: a merge failed (unauthorised, a port that already sent, or each other's peer). */
    MERGE_FAILED(3);

    private static final ClosureReason[] BY_CODE = values();

    private final int code;

    ClosureReason(int code) {
        this.code = code;
    }

    /** The number on the wire. */
    public int code() {
        return code;
    }

    /** The reason with wire number {@code code}, or {@code null} for a number version 1 does not define. */
    public static ClosureReason ofCode(long code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[(int) code] : null;
    }
}

package org.jmojo.system;

/** Why a pipe's peer went away (docs/architecture.md §3 closure reasons, with their wire numbers). */
public enum ClosureReason {
    /** The peer endpoint was closed by its owner. */
    CLOSED_BY_USER(0),
    /** The receiving end's {@link QuotaPolicy#HARD} receive quota was overrun and the pipe broke. */
    RECEIVE_QUOTA_EXCEEDED(1),
    /** The peer's process or the route to it was lost. */
    PEER_LOST(2),
    /** Joining two pipes failed. */
    MERGE_FAILED(3);

    private final int code;

    ClosureReason(int code) {
        this.code = code;
    }

    /** The number carried by the observe-closure event. */
    public int code() {
        return code;
    }

    /**
     * The reason with wire number {@code code}.
     *
     * @throws MojoException {@code INVALID_ARGUMENT} if {@code code} is not 0 to 3
     */
    public static ClosureReason fromCode(int code) {
        for (ClosureReason r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        throw new MojoException(MojoResult.INVALID_ARGUMENT, "code=" + code + ": not a closure reason (0 to 3)");
    }
}

package org.jmojo.internal.channel;

/**
 * Why a channel closed. The first eleven are the typed reasons of DESIGN.md §4 for cutting off a
 * peer that broke a rule, and {@link #HELLO_DEADLINE} a twelfth ({@link #isViolation()}); the rest are
 * ordinary ends.
 *
 * <p>This layer detects MALFORMED, LIMIT, FD_MISMATCH, CTRUNC, WRONG_ROLE, BAD_STATE and
 * UNKNOWN_TYPE itself; BAD_TOKEN, NAME_REUSE, SEQUENCE, FORGED_SENDER and HELLO_DEADLINE are found by
 * the node and ports layers, which cut the peer off through {@link Channel#close(CloseReason, String)}.
 */
public enum CloseReason {
    /** A frame or payload that does not parse: bad length, non-zero flags or reserved bytes, bad field values, truncation. */
    MALFORMED(true),
    /** A size or count above its limit (frame length, fds per frame, fds held). */
    LIMIT(true),
    /** Descriptors missing, extra, or inconsistent with the frame's declared count or status. */
    FD_MISMATCH(true),
    /** The kernel truncated the descriptors of a receive ({@code MSG_CTRUNC}). */
    CTRUNC(true),
    /** A frame type the peer's role may not send. */
    WRONG_ROLE(true),
    /** A frame type the peer may send, but not in the channel's current state (e.g. a second hello). */
    BAD_STATE(true),
    /** A frame type unknown in the negotiated version. */
    UNKNOWN_TYPE(true),
    /** A wrong invitation token. */
    BAD_TOKEN(true),
    /** A descriptor or hello reusing a name already in use. */
    NAME_REUSE(true),
    /** A sequence number out of its window. */
    SEQUENCE(true),
    /** An event whose claimed sender is not the peer. */
    FORGED_SENDER(true),
    /**
     * The peer did not finish its handshake (hello, and on an accepted connection the request that follows it)
     * within the hello deadline (DESIGN.md §4 limit table: 10 s). Decision: a cut-off like the others, logged and
     * queryable, though §4 lists it only as a limit.
     */
    HELLO_DEADLINE(true),
    /** The peer sent goodbye and closed: an orderly end. */
    GOODBYE(false),
    /** The peer vanished without goodbye: end of stream, reset or broken pipe (a crash looks like this). */
    DISCONNECTED(false),
    /** This side closed the channel. */
    LOCAL(false),
    /** A system call failed in a way that is neither the peer's fault nor a disconnect. */
    IO_ERROR(false);

    private final boolean violation;

    CloseReason(boolean violation) {
        this.violation = violation;
    }

    /** Whether the peer broke a rule (and is cut off), as opposed to an ordinary end. */
    public boolean isViolation() {
        return violation;
    }
}

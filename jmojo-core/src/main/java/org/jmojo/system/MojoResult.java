package org.jmojo.system;

/**
 * The outcome of a Mojo operation, with Mojo's numbering (identical in domokit and Chromium).
 *
 * <p>Expected outcomes ({@link #SHOULD_WAIT}, {@link #FAILED_PRECONDITION} on a closed peer,
 * {@link #DEADLINE_EXCEEDED}) are returned as values; misuse of the API (an invalid handle, a
 * missing right, attaching a pipe's own endpoint) is thrown as a {@link MojoException} that
 * carries one of these codes. Each constant says what a caller usually does next.
 */
public enum MojoResult {
    /** The operation succeeded. */
    OK(0),
    /** The operation was cancelled, typically because the handle was closed during a wait. */
    CANCELLED(1),
    /** An error with no better code. */
    UNKNOWN(2),
    /** A malformed argument or an invalid handle; a caller bug, always thrown. */
    INVALID_ARGUMENT(3),
    /** The deadline passed before the condition held; wait again or give up. */
    DEADLINE_EXCEEDED(4),
    /** The thing named (trigger context, wait-set cookie) does not exist. */
    NOT_FOUND(5),
    /** The thing named (trigger context, wait-set entry) exists already. */
    ALREADY_EXISTS(6),
    /** The handle lacks the right the operation needs. */
    PERMISSION_DENIED(7),
    /** A limit was hit (quota with the HARD policy, message size, handle count). */
    RESOURCE_EXHAUSTED(8),
    /** The object is not in a state that allows the operation, e.g. the peer is closed. */
    FAILED_PRECONDITION(9),
    /** The operation was aborted. */
    ABORTED(10),
    /** An argument is outside the valid range. */
    OUT_OF_RANGE(11),
    /** The operation is not implemented for this handle type. */
    UNIMPLEMENTED(12),
    /** An internal invariant broke; report a bug. */
    INTERNAL(13),
    /** The service is unavailable. */
    UNAVAILABLE(14),
    /** Data was lost. */
    DATA_LOSS(15),
    /** The handle is in use by another operation (in transit, in a two-phase operation). */
    BUSY(16),
    /** Nothing to do yet (empty queue, full data pipe); wait for a signal and retry. */
    SHOULD_WAIT(17);

    private static final MojoResult[] BY_CODE = values();

    private final int code;

    MojoResult(int code) {
        this.code = code;
    }

    /** Mojo's stable numeric code for this result. */
    public int code() {
        return code;
    }

    /**
     * The result with Mojo's numeric {@code code}.
     *
     * @throws MojoException {@code INVALID_ARGUMENT} if {@code code} is not one of Mojo's codes (0 to 17)
     */
    public static MojoResult fromCode(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new MojoException(INVALID_ARGUMENT, "code=" + code + ": not a MojoResult code (0 to 17)");
        }
        return BY_CODE[code];
    }
}

package org.jmojo.internal.ports.wire;

/**
 * The special values of jmojo's u64 sequence numbers (user and control sequences, DESIGN.md §3). Counting starts at
 * {@link #FIRST}; Java holds a u64 in a {@code long}, so compare with {@link Long#compareUnsigned}.
 */
public final class SequenceNumbers {
    /** "None": no message sent yet, no read-ack requested, last to receive unknown, an unsequenced event. */
    public static final long NONE = 0;
    /** The first number of every counter. */
    public static final long FIRST = 1;
    /** 2^64-1, "retry": an observe-proxy-ack from a port that cannot yet know its last sequence sent. */
    public static final long RETRY = -1L;

    private SequenceNumbers() {}

    /** Whether {@code sequence} is an actual number: neither {@link #NONE} nor {@link #RETRY}. */
    public static boolean isNumber(long sequence) {
        return sequence != NONE && sequence != RETRY;
    }

    /** {@code sequence} as an unsigned decimal, with its special meaning if it has one (for messages). */
    static String describe(long sequence) {
        if (sequence == NONE) {
            return "0 (none)";
        }
        if (sequence == RETRY) {
            return "2^64-1 (retry)";
        }
        return Long.toUnsignedString(sequence);
    }
}

package org.jmojo.system;

import java.util.StringJoiner;

/**
 * An immutable set of handle signals, with Chromium's bit values.
 *
 * <p>Instances are values: compare them with {@link #equals}, never by identity. Thread-safe.
 */
public final class Signals {
    /** A message can be read now (message pipes), or data (data pipe consumers). */
    public static final Signals READABLE = new Signals(1);
    /** A write can succeed now. */
    public static final Signals WRITABLE = new Signals(1 << 1);
    /** The peer is closed and everything it sent has arrived; writes now fail. */
    public static final Signals PEER_CLOSED = new Signals(1 << 2);
    /** New data arrived since the last read attempt (data pipe consumers). */
    public static final Signals NEW_DATA_READABLE = new Signals(1 << 3);
    /** The peer lives in another process (best effort). */
    public static final Signals PEER_REMOTE = new Signals(1 << 4);
    /** The receive queue is above a {@link QuotaPolicy#SIGNAL} quota. */
    public static final Signals QUOTA_EXCEEDED = new Signals(1 << 5);
    /** The empty set. */
    public static final Signals NONE = new Signals(0);

    private static final int ALL_BITS = (1 << 6) - 1;
    /** Every set, by bits: signal sets are computed on every state change, so never allocate one. */
    private static final Signals[] BY_BITS = new Signals[ALL_BITS + 1];
    private static final String[] NAMES = {
        "READABLE", "WRITABLE", "PEER_CLOSED", "NEW_DATA_READABLE", "PEER_REMOTE", "QUOTA_EXCEEDED"
    };

    static {
        for (Signals s : new Signals[] {NONE, READABLE, WRITABLE, PEER_CLOSED, NEW_DATA_READABLE, PEER_REMOTE, QUOTA_EXCEEDED}) {
            BY_BITS[s.bits] = s;
        }
        for (int b = 0; b <= ALL_BITS; b++) {
            if (BY_BITS[b] == null) {
                BY_BITS[b] = new Signals(b);
            }
        }
    }

    private final int bits;

    private Signals(int bits) {
        this.bits = bits;
    }

    /**
     * The set with exactly these bits.
     *
     * @throws MojoException {@code INVALID_ARGUMENT} if {@code bits} has a bit that is not a known signal
     */
    public static Signals fromBits(int bits) {
        if ((bits & ~ALL_BITS) != 0) {
            throw new MojoException(MojoResult.INVALID_ARGUMENT, "bits=0x" + Integer.toHexString(bits)
                    + ": bits 0x" + Integer.toHexString(bits & ~ALL_BITS) + " are not signals (known: 0x"
                    + Integer.toHexString(ALL_BITS) + ")");
        }
        return BY_BITS[bits];
    }

    /** The union of {@code signals}. */
    public static Signals of(Signals... signals) {
        int bits = 0;
        for (Signals s : signals) {
            bits |= s.bits;
        }
        return fromBits(bits);
    }

    /** The bit mask, Chromium's {@code MojoHandleSignals}. */
    public int bits() {
        return bits;
    }

    /** The union of this set and {@code other}. */
    public Signals and(Signals other) {
        return fromBits(bits | other.bits);
    }

    /** This set without the signals of {@code other}. */
    public Signals without(Signals other) {
        return fromBits(bits & ~other.bits);
    }

    /** Whether every signal of {@code other} is in this set ({@code true} for an empty {@code other}). */
    public boolean containsAll(Signals other) {
        return (bits & other.bits) == other.bits;
    }

    /** Whether at least one signal of {@code other} is in this set. */
    public boolean containsAny(Signals other) {
        return (bits & other.bits) != 0;
    }

    /** Whether the set is empty. */
    public boolean isEmpty() {
        return bits == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Signals s && s.bits == bits;
    }

    @Override
    public int hashCode() {
        return bits;
    }

    /** The names joined by {@code |}, for example {@code READABLE|PEER_CLOSED}, or {@code NONE}. */
    @Override
    public String toString() {
        if (bits == 0) {
            return "NONE";
        }
        StringJoiner j = new StringJoiner("|");
        for (int i = 0; i < NAMES.length; i++) {
            if ((bits & (1 << i)) != 0) {
                j.add(NAMES[i]);
            }
        }
        return j.toString();
    }
}

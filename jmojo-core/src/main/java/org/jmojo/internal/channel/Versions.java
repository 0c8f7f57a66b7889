package org.jmojo.internal.channel;

/**
 * The channel protocol versions this build speaks and the negotiation rule of DESIGN.md §4: both
 * sides use the highest version that both ranges contain. Version 1 is DESIGN.md §4 as written.
 */
public final class Versions {
    public static final int MIN = 1;
    public static final int MAX = 1;

    private Versions() {}

    /**
     * The highest version in both {@code [ourMin, ourMax]} and {@code [theirMin, theirMax]}, or 0 if
     * the ranges do not meet.
     */
    public static int negotiate(int ourMin, int ourMax, int theirMin, int theirMax) {
        int high = Math.min(ourMax, theirMax);
        int low = Math.max(ourMin, theirMin);
        return high >= low ? high : 0;
    }

    /** {@link #negotiate} with this build's range. */
    public static int negotiate(int theirMin, int theirMax) {
        return negotiate(MIN, MAX, theirMin, theirMax);
    }
}

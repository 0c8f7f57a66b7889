package org.jmojo.internal.ports;

/** A node's 128-bit name (one node per process); all-zero means "none". */
public record NodeName(long high, long low) {
    /** The "none" name. */
    public static final NodeName NONE = new NodeName(0, 0);

    @Override
    public String toString() {
        return String.format("node:%016x%016x", high, low);
    }
}

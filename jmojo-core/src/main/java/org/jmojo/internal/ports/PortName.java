package org.jmojo.internal.ports;

/**
 * A port's 128-bit name. Names are capabilities: they come from {@link NameGenerator} (SecureRandom),
 * and the all-zero name means "none". Ordered (unsigned, high then low).
 */
public record PortName(long high, long low) implements Comparable<PortName> {
    /** The "none" name. */
    public static final PortName NONE = new PortName(0, 0);

    @Override
    public int compareTo(PortName o) {
        int c = Long.compareUnsigned(high, o.high);
        return c != 0 ? c : Long.compareUnsigned(low, o.low);
    }

    @Override
    public String toString() {
        return String.format("port:%016x%016x", high, low);
    }
}

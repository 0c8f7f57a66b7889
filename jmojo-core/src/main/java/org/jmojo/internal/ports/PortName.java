package org.jmojo.internal.ports;

/**
 * A port's 128-bit name. Names are capabilities: they come from {@link NameGenerator} (SecureRandom),
 * and the all-zero name means "none". Ordered (unsigned, high then low). The high half names the endpoint: a
 * port's new location after a move keeps it and draws a fresh low half ({@link #sameEndpointAs}).
 */
public record PortName(long high, long low) implements Comparable<PortName> {
    /** The "none" name. */
    public static final PortName NONE = new PortName(0, 0);

    /**
     * Whether this name and {@code other} name locations of one endpoint: a port moved to another node keeps the
     * high half of its name ({@link NameGenerator#nextLocationOf}), so all the ports an endpoint has been have it.
     */
    public boolean sameEndpointAs(PortName other) {
        return high == other.high;
    }

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

package org.jmojo.internal.ports;

import java.util.Objects;

/**
 * A reference to a port of the local node: its name and its record. Holding a ref does not keep the
 * port alive; an operation on a closed port reports it as unknown.
 */
public record PortRef(PortName name, Port port) {
    public PortRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(port, "port");
    }

    @Override
    public String toString() {
        return name.toString();
    }
}

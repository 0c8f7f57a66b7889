package org.jmojo.internal.handles;

import java.util.Optional;
import org.jmojo.internal.ports.PortName;
import org.jmojo.internal.ports.PortRef;
import org.jmojo.internal.ports.PortState;
import org.jmojo.system.MessagePipeEndpoint;

/**
 * What the deterministic simulation ({@code org.jmojo.simulation}) needs to see below the public API: the
 * port behind an endpoint, whose name a hostile node steals, and the state of a port by name.
 */
public final class SimulationAccess {
    private SimulationAccess() {}

    /** The name of the port behind {@code end}, a valid endpoint. */
    public static PortName portOf(MessagePipeEndpoint end) {
        return ((EndpointDispatcher) HandleHolder.dispatcherOf(end, -1)).port.name();
    }

    /** The state of port {@code name} on {@code node}, or empty if the node hosts no such port (erased). */
    public static Optional<PortState> stateOf(LocalCore node, PortName name) {
        return node.node.getPort(name).map((PortRef p) -> node.node.state(p));
    }
}

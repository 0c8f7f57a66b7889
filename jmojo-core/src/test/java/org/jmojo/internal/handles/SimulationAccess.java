package org.jmojo.internal.handles;

import org.jmojo.internal.ports.PortName;
import org.jmojo.system.MessagePipeEndpoint;

/**
 * What the deterministic simulation ({@code org.jmojo.simulation}) needs to see below the public API: the
 * port behind an endpoint, whose name a hostile node steals.
 */
public final class SimulationAccess {
    private SimulationAccess() {}

    /** The name of the port behind {@code end}, a valid endpoint. */
    public static PortName portOf(MessagePipeEndpoint end) {
        return ((EndpointDispatcher) HandleHolder.dispatcherOf(end, -1)).port.name();
    }
}

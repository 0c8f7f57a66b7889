package org.jmojo.internal.handles;

import java.util.Optional;
import org.jmojo.internal.ports.MergeResult;
import org.jmojo.internal.ports.PortName;
import org.jmojo.internal.ports.PortRef;
import org.jmojo.internal.ports.PortState;
import org.jmojo.system.MessagePipeEndpoint;

/**
 * What the deterministic simulation ({@code org.jmojo.simulation}) needs to see below the public API: the
 * port behind an endpoint, whose name a hostile node steals, the state of a port by name, and the node layer's
 * remote merge.
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

    /**
     * The node layer's remote merge (docs/ports.md, "Merging"): {@code targetNode} expects a merge with the port
     * of {@code target} from {@code from}'s node, which then sends the port of {@code from} there in a merge-port.
     * Both handles stay open with dead ports (the caller closes them once the merge has happened: closing
     * {@code target} before would close its port).
     */
    public static MergeResult mergeWithRemote(MessagePipeEndpoint from, LocalCore targetNode,
            MessagePipeEndpoint target) {
        EndpointDispatcher f = (EndpointDispatcher) HandleHolder.dispatcherOf(from, 0);
        EndpointDispatcher t = (EndpointDispatcher) HandleHolder.dispatcherOf(target, 1);
        if (!targetNode.node.expectMerge(t.port, f.core.nodeName())) {
            return MergeResult.UNKNOWN_PORT;
        }
        return f.core.node.mergeWithRemotePort(f.port, f, targetNode.nodeName(), t.port.name());
    }
}

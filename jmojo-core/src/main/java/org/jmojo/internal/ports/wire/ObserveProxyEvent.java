package org.jmojo.internal.ports.wire;

import org.jmojo.internal.ports.NodeName;
import org.jmojo.internal.ports.PortName;

/**
 * Type 3, sequenced: proxy ({@code proxyNode}, {@code proxyPort}), which forwards to ({@code proxyTargetNode},
 * {@code proxyTargetPort}), asks to be removed. Passed hop by hop to the port that points at the proxy.
 */
public record ObserveProxyEvent(PortName target, PortName sender, long controlSequence, NodeName proxyNode,
        PortName proxyPort, NodeName proxyTargetNode, PortName proxyTargetPort) implements PortsEvent {
    public ObserveProxyEvent {
        Invariants.header(EventType.OBSERVE_PROXY, target, sender, controlSequence);
        Invariants.node(proxyNode, "proxyNode");
        Invariants.port(proxyPort, "proxyPort");
        Invariants.node(proxyTargetNode, "proxyTargetNode");
        Invariants.port(proxyTargetPort, "proxyTargetPort");
    }

    @Override
    public EventType type() {
        return EventType.OBSERVE_PROXY;
    }

    @Override
    public ObserveProxyEvent readdressed(PortName target, PortName sender, long controlSequence) {
        return new ObserveProxyEvent(target, sender, controlSequence, proxyNode, proxyPort, proxyTargetNode, proxyTargetPort);
    }
}

package org.jmojo.internal.ports;

/**
 * Event type 3: proxy {@code proxyPort} on {@code proxyNode}, which forwards to {@code proxyTargetPort} on
 * {@code proxyTargetNode}, asks the port that points at it to point at its target instead. Passed from port
 * to port along the pipe until it reaches that port (docs/ports.md, "Removing a proxy").
 */
public record ObserveProxyEvent(NodeName targetNode, PortName target, PortName sender, NodeName proxyNode,
        PortName proxyPort, NodeName proxyTargetNode, PortName proxyTargetPort, long controlSequence) implements Event {
    public static final int TYPE = 3;

    @Override
    public Event withControlSequence(long cs) {
        return new ObserveProxyEvent(targetNode, target, sender, proxyNode, proxyPort, proxyTargetNode, proxyTargetPort, cs);
    }

    /** The same request, passed on by {@code from} to {@code (node, port)}. */
    ObserveProxyEvent passedOn(NodeName node, PortName port, PortName from, long cs) {
        return new ObserveProxyEvent(node, port, from, proxyNode, proxyPort, proxyTargetNode, proxyTargetPort, cs);
    }

    @Override
    public int type() {
        return TYPE;
    }
}

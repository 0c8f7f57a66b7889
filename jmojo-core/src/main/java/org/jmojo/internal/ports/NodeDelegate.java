package org.jmojo.internal.ports;

/**
 * What the ports layer needs from the layer above it. Every call is made with no jmojo lock held, from
 * the thread that caused it, never recursively from inside another ports operation's locked section.
 */
public interface NodeDelegate {
    /**
     * An event for a port on another node: hand it to that node's channel (the ports layer never
     * touches sockets). A node without channels never receives this call.
     */
    void forwardEvent(NodeName node, Event event);

    /** Something observable about {@code port} changed: re-read its status and notify watchers. */
    void portStatusChanged(PortRef port);
}

package org.jmojo.internal.ports;

/**
 * The states of a port (docs/architecture.md §3, "States"). A port is created receiving; only a receiving
 * port can be closed by its user or carried in a message; a proxy never becomes receiving again; a
 * closed port is erased from its node at once.
 *
 * <p>A port leaves the receiving state for buffering and then proxying only when a message carries it to
 * another node (docs/ports.md). The states are published (in {@link Node#status}) so that the layers above
 * never read a buffering or proxying port as closed.
 */
public enum PortState {
    /** Its messages are queued here, in sequence order, for its owner to read. */
    RECEIVING,
    /** A message carrying it has left the node: arriving messages are queued but not readable. */
    BUFFERING,
    /** Its new location accepted it: it forwards what arrives to its peer until it is removed. */
    PROXYING,
    /** Closed, broken or removed: erased from its node; later events for it find no port. */
    CLOSED
}

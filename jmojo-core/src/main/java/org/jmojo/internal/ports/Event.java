package org.jmojo.internal.ports;

/**
 * A ports event (docs/architecture.md §3), as an object. Between ports of one node events stay objects; the
 * node layer encodes those for other nodes ({@code org.jmojo.internal.node.EventTranslation}).
 *
 * <p>This release produces the two events a single node needs: {@link UserMessageEvent} (type 1) and
 * {@link ObserveClosureEvent} (type 5). The others belong to port movement between nodes and arrive
 * with channels, as new permitted records.
 */
public sealed interface Event permits UserMessageEvent, ObserveClosureEvent {
    /** The node hosting the target port. */
    NodeName targetNode();

    /** The port the event is for. */
    PortName target();

    /** The port that sent it (checked against the target's expected previous sender). */
    PortName sender();

    /**
     * The event's place among everything its sender sent to its target since their link began (1, 2, …),
     * for an event crossing nodes; 0 for an event between ports of one node.
     */
    long controlSequence();

    /** The §3 event type number. */
    int type();
}

package org.jmojo.internal.ports;

/**
 * A ports event (docs/architecture.md §3, docs/ports.md), as an object. Between ports of one node events stay
 * objects; the node layer encodes those for other nodes ({@code org.jmojo.internal.node.EventTranslation}).
 *
 * <p>Every event but {@link PortAcceptedEvent}, {@link MergePortEvent} and {@link DeadPortEvent} is sequenced: it
 * carries its place on the link from its sending port to its target port ({@link #controlSequence()}, from 1),
 * whether the two ports share a node or not, and the target processes it only in that order and only from its
 * expected previous sender. Merge-port's target node checks it against the merge it said to expect instead
 * ({@link Node#expectMerge}); a dead-port notice is checked against what its target knows of its route.
 */
public sealed interface Event
        permits UserMessageEvent, UnsequencedEvent, ObserveProxyEvent, ObserveProxyAckEvent,
                ObserveClosureEvent, ReadAckRequestEvent, ReadAckEvent, UpdatePreviousPeerEvent, DeadPortEvent {
    /** The node hosting the target port. */
    NodeName targetNode();

    /** The port the event is for. */
    PortName target();

    /** The port that sent it (checked against the target's expected previous sender). */
    PortName sender();

    /**
     * The event's place among everything its sender sent to its target since their link began (1, 2, …); 0 for
     * an unsequenced event (port-accepted), and for a local event made by hand without one (tests of this layer:
     * such an event is checked by its sender only).
     */
    long controlSequence();

    /** This event with another control sequence (stamped when a buffering port lets its held events go). */
    Event withControlSequence(long controlSequence);

    /** The §3 event type number. */
    int type();
}

package org.jmojo.internal.ports.wire;

import org.jmojo.internal.ports.PortName;

/**
 * One ports event (DESIGN.md §3), as an immutable value: the fields of the 48-byte header common to every type, and
 * one permitted record per type carrying its body. These are the values the ports state machine sends and
 * receives; {@link EventCodec} turns them into the bytes of an event frame and back.
 *
 * <p>The node an event comes from or goes to is not part of it: on the wire the channel names the sending node.
 * Every implementation checks its fields when constructed and throws {@link IllegalArgumentException} naming the
 * field, the value and the rule (a zero name, a sequence its field cannot hold, inconsistent counts), or
 * {@link NullPointerException} naming a null field. Values are immutable and may be shared between threads.
 */
public sealed interface PortsEvent
        permits UserMessageEvent, PortAcceptedEvent, ObserveProxyEvent, ObserveProxyAckEvent, ObserveClosureEvent,
                MergePortEvent, ReadAckRequestEvent, ReadAckEvent, UpdatePreviousPeerEvent, DeadPortEvent {
    /** The event's type (its wire number, body size, whether it is sequenced). */
    EventType type();

    /** The port the event is for, on the receiving node. Never zero. */
    PortName target();

    /** The port that sent it, on the sending node (checked against the target's expected previous sender). Never zero. */
    PortName sender();

    /**
     * The position of this event among everything {@link #sender()} sent to {@link #target()} since the link began
     * (1, 2, ...), for a sequenced type; {@link SequenceNumbers#NONE} for an unsequenced one.
     */
    long controlSequence();

    /**
     * The same event sent on another link: a new target and sender and the control sequence of that link (0 for an
     * unsequenced type), the body unchanged. For the events that travel hop by hop.
     *
     * @throws IllegalArgumentException as the constructor does
     */
    PortsEvent readdressed(PortName target, PortName sender, long controlSequence);
}

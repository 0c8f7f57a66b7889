package org.jmojo.internal.ports.wire;

/**
 * Why {@link EventCodec#decode} refused an event's bytes: one constant per rule of DESIGN.md §3/§4 that the bytes
 * alone can break. Each belongs to one {@link Category}, named as the cut-off reason of §4 that the layer owning
 * the channel reports when it cuts the sending peer off.
 */
public enum Rejection {
    /** Fewer than the 48 bytes of the event header. */
    TOO_SHORT(Category.MALFORMED),
    /** An event type number that version 1 does not define. */
    UNKNOWN_TYPE(Category.UNKNOWN_TYPE),
    /** Flag bits that version 1 does not define: the header's flags, or a descriptor's bits 2..31. */
    NONZERO_FLAGS(Category.MALFORMED),
    /** A reserved field that is not zero (the header's u32, a closure body's or a handle entry's zero fields). */
    NONZERO_RESERVED(Category.MALFORMED),
    /** A byte of the padding after the extra bytes or the payload of a user message that is not zero. */
    NONZERO_PADDING(Category.MALFORMED),
    /** A fixed-size event whose body is not exactly its type's size, or a user-message body shorter than its 24 fixed bytes. */
    WRONG_SIZE(Category.MALFORMED),
    /** A user message whose counts and lengths need more bytes than the event has. */
    DECLARED_BEYOND_END(Category.MALFORMED),
    /** A user message with bytes after its last (padded) area. */
    TRAILING_BYTES(Category.MALFORMED),
    /** A user message declaring more handles than a message may carry ({@link UserMessageEvent#MAX_HANDLES}). */
    TOO_MANY_HANDLES(Category.LIMIT),
    /** Handle entries whose port counts do not add up to the message's port count. */
    HANDLE_PORTS_MISMATCH(Category.MALFORMED),
    /** Handle entries whose fd counts do not add up to the fds the frame carried. */
    HANDLE_FDS_MISMATCH(Category.FD_MISMATCH),
    /** Handle entries whose extra bytes do not add up to the message's extra length. */
    HANDLE_EXTRA_MISMATCH(Category.MALFORMED),
    /** Fds on a frame whose event is not a user message (only user messages carry handles). */
    UNEXPECTED_FDS(Category.FD_MISMATCH),
    /** A handle entry kind outside 1..5. */
    UNKNOWN_HANDLE_KIND(Category.MALFORMED),
    /** A closure reason outside 0..3. */
    UNKNOWN_CLOSURE_REASON(Category.MALFORMED),
    /** A port or node name that must name something is all zero. */
    ZERO_NAME(Category.MALFORMED),
    /** A port descriptor whose new port's name is all zero (DESIGN.md §4: a descriptor's zero name is name reuse). */
    ZERO_NEW_PORT(Category.NAME_REUSE),
    /** A header control sequence that does not fit the type: 0 on a sequenced event, non-zero on an unsequenced one, or 2^64-1. */
    CONTROL_SEQUENCE(Category.MALFORMED),
    /** A user sequence number its field cannot hold (0 where counting starts at 1, "retry" where it means nothing). */
    BAD_SEQUENCE(Category.MALFORMED),
    /** A descriptor with a closure reason but neither peer-closed nor peer-lost set. */
    INCONSISTENT_DESCRIPTOR(Category.MALFORMED);

    /**
     * The cut-off reasons of DESIGN.md §4 that an event can earn, named as the channel layer's {@code CloseReason}
     * constants are (this package sits below the channel and cannot name them). The bytes alone earn the first four
     * and NAME_REUSE (a zero new port); the ports layer's checks ({@code ProtocolViolationException}) earn the last
     * three, one per row of §4's trust table.
     */
    public enum Category {
        MALFORMED,
        LIMIT,
        FD_MISMATCH,
        UNKNOWN_TYPE,
        /** A descriptor reusing a port name that exists (or existed), a zero name, or a referring node that is not the sender. */
        NAME_REUSE,
        /** A control sequence already processed or already held, or more events held from one node than the bound. */
        SEQUENCE,
        /** Speaking for a port it is not: port-accepted or merge-port from the wrong port, a read-ack beyond what was sent, a dead-port notice naming another node. */
        FORGED_SENDER
    }

    private final Category category;

    Rejection(Category category) {
        this.category = category;
    }

    /** The §4 cut-off reason this rejection earns the sender. */
    public Category category() {
        return category;
    }
}

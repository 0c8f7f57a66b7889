package org.jmojo.bindings;

import java.util.Objects;

/**
 * Why a {@link Remote} or {@link Receiver} lost its pipe, as its disconnect handler receives it.
 *
 * <p>{@link #customReason()} and {@link #description()} are what travels on the wire in Chromium's
 * {@code DisconnectReason} (docs/wire-format.md §14): a peer that closes with a reason sends them
 * before it closes. jmojo fills them in for the reasons it produces itself too ({@link Kind}), with
 * custom reasons from {@link #JMOJO_REASON_BASE} up, so a Chromium peer sees a code and a text.
 *
 * @param kind who ended the connection and why
 * @param customReason the reason code (0 when none was given)
 * @param description a human-readable text, never null (empty when none was given)
 */
public record DisconnectReason(Kind kind, int customReason, String description) {

    /** Who ended the connection, and why. */
    public enum Kind {
        /** The peer closed its end without a reason. */
        PEER_CLOSED,
        /** The peer closed its end and sent {@link #customReason()} and {@link #description()} first. */
        PEER_REASON,
        /** A message from the peer broke a rule of docs/wire-format.md §12; this side closed the pipe. */
        VALIDATION_FAILED,
        /**
         * The peer broke the bindings protocol (a response to no request in flight, or for another
         * method than the request's); this side closed the pipe.
         */
        PROTOCOL_ERROR,
        /** The implementation on this side reported a message as bad; this side closed the pipe. */
        BAD_MESSAGE,
        /** The peer required a newer version of the interface than this side implements. */
        VERSION_UNMET,
        /**
         * The implementation on this side threw, or failed the future of a response; this side closed
         * the pipe, since the caller would otherwise wait for ever.
         */
        IMPLEMENTATION_FAILED
    }

    /** The first custom reason code jmojo uses for the reasons it produces; codes below are free for users. */
    public static final int JMOJO_REASON_BASE = 0x6A6D_0000;
    /** Sent to the peer when its message failed validation. */
    public static final int VALIDATION_FAILED_CODE = JMOJO_REASON_BASE + 1;
    /** Sent to the peer when it broke the bindings protocol. */
    public static final int PROTOCOL_ERROR_CODE = JMOJO_REASON_BASE + 2;
    /** Sent to the peer when an implementation reported its message as bad. */
    public static final int BAD_MESSAGE_CODE = JMOJO_REASON_BASE + 3;
    /** Sent to the peer when it required a version this side does not implement. */
    public static final int VERSION_UNMET_CODE = JMOJO_REASON_BASE + 4;
    /** Sent to the peer when the implementation failed to answer. */
    public static final int IMPLEMENTATION_FAILED_CODE = JMOJO_REASON_BASE + 5;

    public DisconnectReason {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(description, "description");
    }

    /** The peer closed without a reason. */
    public static DisconnectReason peerClosed() {
        return new DisconnectReason(Kind.PEER_CLOSED, 0, "");
    }

    @Override
    public String toString() {
        return kind + (customReason == 0 && description.isEmpty() ? ""
                : " (reason " + Integer.toUnsignedString(customReason, 16) + ": " + description + ")");
    }
}

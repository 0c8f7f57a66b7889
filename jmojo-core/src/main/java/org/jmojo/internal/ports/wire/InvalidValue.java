package org.jmojo.internal.ports.wire;

/**
 * A value constructor refused a field: the {@link IllegalArgumentException} that code building an event wrongly
 * gets, carrying the {@link Rejection} that {@link EventCodec#decode} reports when the same field came from a peer.
 * Keeps each invariant written once, in the value's constructor.
 */
final class InvalidValue extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient Rejection rejection;

    InvalidValue(Rejection rejection, String message) {
        super(message);
        this.rejection = rejection;
    }

    Rejection rejection() {
        return rejection;
    }
}

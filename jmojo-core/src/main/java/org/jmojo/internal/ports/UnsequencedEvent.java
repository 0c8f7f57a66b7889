package org.jmojo.internal.ports;

/**
 * An event outside every link's control sequence (port-accepted, merge-port): its target checks it by other means
 * (docs/ports.md), so it carries control sequence 0 and can be given no other.
 */
public sealed interface UnsequencedEvent extends Event permits PortAcceptedEvent, MergePortEvent {
    @Override
    default long controlSequence() {
        return 0;
    }

    @Override
    default Event withControlSequence(long controlSequence) {
        if (controlSequence != 0) {
            throw new IllegalArgumentException(this + " is unsequenced; control sequence " + controlSequence);
        }
        return this;
    }
}

package org.jmojo.internal.ports.wire;

import java.util.Objects;
import org.jmojo.internal.ports.PortName;

/**
 * Type 5, sequenced: a closing or breaking port tells its peer the last user sequence it sent
 * ({@link SequenceNumbers#NONE} if none) and why; passed on hop by hop.
 */
public record ObserveClosureEvent(PortName target, PortName sender, long controlSequence, long lastSequenceSent,
        ClosureReason reason) implements PortsEvent {
    public ObserveClosureEvent {
        Invariants.header(EventType.OBSERVE_CLOSURE, target, sender, controlSequence);
        Invariants.countedOrNone(lastSequenceSent, "observe-closure lastSequenceSent");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public EventType type() {
        return EventType.OBSERVE_CLOSURE;
    }

    @Override
    public ObserveClosureEvent readdressed(PortName target, PortName sender, long controlSequence) {
        return new ObserveClosureEvent(target, sender, controlSequence, lastSequenceSent, reason);
    }
}

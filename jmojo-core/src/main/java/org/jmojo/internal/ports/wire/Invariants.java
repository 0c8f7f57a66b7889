package org.jmojo.internal.ports.wire;

import java.util.Objects;
import org.jmojo.internal.ports.NodeName;
import org.jmojo.internal.ports.PortName;

/** The field checks the value constructors share; each failure names the field, the value and the rule. */
final class Invariants {
    private Invariants() {}

    /** The header fields of an event of {@code type}: two ports that are not zero and a control sequence that fits the type. */
    static void header(EventType type, PortName target, PortName sender, long controlSequence) {
        port(target, "target");
        port(sender, "sender");
        controlSequence(type, controlSequence);
    }

    static PortName port(PortName name, String field) {
        Objects.requireNonNull(name, field);
        if (name.equals(PortName.NONE)) {
            throw new InvalidValue(Rejection.ZERO_NAME, field + " is the zero name; it must name a port");
        }
        return name;
    }

    static NodeName node(NodeName name, String field) {
        Objects.requireNonNull(name, field);
        if (name.equals(NodeName.NONE)) {
            throw new InvalidValue(Rejection.ZERO_NAME, field + " is the zero name; it must name a node");
        }
        return name;
    }

    /** A control sequence for {@code type}: 1..2^64-2 if the type is sequenced, else 0. */
    static long controlSequence(EventType type, long controlSequence) {
        boolean ok = type.isSequenced() ? SequenceNumbers.isNumber(controlSequence) : controlSequence == SequenceNumbers.NONE;
        if (!ok) {
            throw new InvalidValue(Rejection.CONTROL_SEQUENCE, type + " with control sequence " + SequenceNumbers.describe(controlSequence)
                    + (type.isSequenced() ? "; it is sequenced, so 1..2^64-2" : "; it is unsequenced, so 0"));
        }
        return controlSequence;
    }

    /** A counter that starts at 1: neither 0 nor 2^64-1. */
    static long counted(long sequence, String field) {
        if (!SequenceNumbers.isNumber(sequence)) {
            throw new InvalidValue(Rejection.BAD_SEQUENCE, field + " " + SequenceNumbers.describe(sequence) + "; it must be 1..2^64-2");
        }
        return sequence;
    }

    /** A number where 0 means none: anything but 2^64-1. */
    static long countedOrNone(long sequence, String field) {
        if (sequence == SequenceNumbers.RETRY) {
            throw new InvalidValue(Rejection.BAD_SEQUENCE, field + " " + SequenceNumbers.describe(sequence) + "; it must be 0..2^64-2");
        }
        return sequence;
    }
}

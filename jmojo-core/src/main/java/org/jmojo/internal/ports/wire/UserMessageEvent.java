package org.jmojo.internal.ports.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Objects;
import org.jmojo.internal.ports.PortName;

/**
 * Type 1, sequenced: a serialised user message with user sequence {@code sequence}, the ports it carries as
 * descriptors, one entry per attached handle (in the message's handle order), the handles' extra bytes and the
 * message bytes. The fds travel beside the event in the frame; {@link #fdCount()} is how many.
 *
 * <p>{@code extra} and {@code payload} are kept as read-only views, not copied: whoever builds the event must not
 * change the memory behind them afterwards (a decoded event views the frame's payload, which the receiver owns).
 * Equality compares their contents.
 *
 * @param sequence the user sequence, 1 or more
 * @param ports the port descriptors, consumed by the handle entries in order
 * @param handles the handle entries; at most {@link #MAX_HANDLES}; their port counts add up to {@code ports.size()}
 *     and their extra bytes to {@code extra.byteSize()}
 * @param extra the handles' extra bytes, at most 2^32-1
 * @param payload the message bytes, at most 2^32-1
 */
public record UserMessageEvent(PortName target, PortName sender, long controlSequence, long sequence,
        List<PortDescriptor> ports, List<HandleEntry> handles, MemorySegment extra, MemorySegment payload)
        implements PortsEvent {
    /** Most handles (ports included) one message may carry (DESIGN.md §4's limit table). */
    public static final int MAX_HANDLES = 4096;

    public UserMessageEvent {
        Invariants.header(EventType.USER_MESSAGE, target, sender, controlSequence);
        Invariants.counted(sequence, "user message sequence");
        ports = List.copyOf(ports);
        handles = List.copyOf(handles);
        extra = Objects.requireNonNull(extra, "extra").asReadOnly();
        payload = Objects.requireNonNull(payload, "payload").asReadOnly();
        if (handles.size() > MAX_HANDLES) {
            throw new InvalidValue(Rejection.TOO_MANY_HANDLES, "user message with " + handles.size() + " handles; at most "
                    + MAX_HANDLES);
        }
        if (extra.byteSize() > 0xFFFF_FFFFL || payload.byteSize() > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("user message extra (" + extra.byteSize() + " bytes) or payload ("
                    + payload.byteSize() + " bytes) over 2^32-1 bytes");
        }
        long entryPorts = 0;
        long entryExtra = 0;
        for (HandleEntry h : handles) {
            entryPorts += h.portCount();
            entryExtra += h.extraBytes();
        }
        if (entryPorts != ports.size()) {
            throw new InvalidValue(Rejection.HANDLE_PORTS_MISMATCH, "user message handle entries consume " + entryPorts
                    + " port descriptors but it carries " + ports.size());
        }
        if (entryExtra != extra.byteSize()) {
            throw new InvalidValue(Rejection.HANDLE_EXTRA_MISMATCH, "user message handle entries consume " + entryExtra
                    + " extra bytes but it carries " + extra.byteSize());
        }
    }

    /** A message with no handles. */
    public static UserMessageEvent of(PortName target, PortName sender, long controlSequence, long sequence,
            MemorySegment payload) {
        return new UserMessageEvent(target, sender, controlSequence, sequence, List.of(), List.of(),
                MemorySegment.ofArray(new byte[0]), payload);
    }

    /** The fds the frame carries beside this event: the sum of the entries' fd counts. */
    public int fdCount() {
        int n = 0;
        for (HandleEntry h : handles) {
            n += h.fdCount();
        }
        return n;
    }

    @Override
    public EventType type() {
        return EventType.USER_MESSAGE;
    }

    @Override
    public UserMessageEvent readdressed(PortName target, PortName sender, long controlSequence) {
        return new UserMessageEvent(target, sender, controlSequence, sequence, ports, handles, extra, payload);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserMessageEvent m && target.equals(m.target) && sender.equals(m.sender)
                && controlSequence == m.controlSequence && sequence == m.sequence && ports.equals(m.ports)
                && handles.equals(m.handles) && extra.mismatch(m.extra) == -1 && payload.mismatch(m.payload) == -1;
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(target, sender, controlSequence, sequence, ports, handles);
        return 31 * (31 * h + contentHash(extra)) + contentHash(payload);
    }

    private static int contentHash(MemorySegment s) {
        int h = 1;
        for (long i = 0; i < s.byteSize(); i++) {
            h = 31 * h + s.get(ValueLayout.JAVA_BYTE, i);
        }
        return h;
    }

    @Override
    public String toString() {
        return "UserMessageEvent[target=" + target + ", sender=" + sender + ", controlSequence="
                + Long.toUnsignedString(controlSequence) + ", sequence=" + Long.toUnsignedString(sequence) + ", ports="
                + ports + ", handles=" + handles + ", extra=" + extra.byteSize() + " bytes, payload=" + payload.byteSize()
                + " bytes]";
    }
}

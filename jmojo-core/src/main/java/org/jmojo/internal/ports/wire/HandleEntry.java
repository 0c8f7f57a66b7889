package org.jmojo.internal.ports.wire;

import java.util.Objects;

/**
 * One attached handle of a user message (DESIGN.md §3): its kind and how many of the message's port descriptors,
 * of the frame's fds and of the message's extra bytes (the dispatcher's serialised header) it consumes. Entries
 * consume in handle order, so the n-th entry's ports, fds and extra bytes follow those of the entries before it.
 * 16 bytes on the wire ({@link HandleEntryLayout}).
 *
 * @param kind what the handle is
 * @param fdCount fds it consumes, 0..65535
 * @param portCount port descriptors it consumes, 0..65535
 * @param extraBytes extra bytes it consumes, 0..2^32-1
 */
public record HandleEntry(HandleKind kind, int fdCount, int portCount, long extraBytes) {
    public HandleEntry {
        Objects.requireNonNull(kind, "kind");
        if (fdCount < 0 || fdCount > 0xFFFF) {
            throw new IllegalArgumentException("handle entry fdCount " + fdCount + " outside 0..65535 (a u16)");
        }
        if (portCount < 0 || portCount > 0xFFFF) {
            throw new IllegalArgumentException("handle entry portCount " + portCount + " outside 0..65535 (a u16)");
        }
        if (extraBytes < 0 || extraBytes > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("handle entry extraBytes " + extraBytes + " outside 0..2^32-1 (a u32)");
        }
    }

    /** A message pipe endpoint: one port, no fds, no extra bytes. */
    public static HandleEntry messagePipe() {
        return new HandleEntry(HandleKind.MESSAGE_PIPE, 0, 1, 0);
    }
}

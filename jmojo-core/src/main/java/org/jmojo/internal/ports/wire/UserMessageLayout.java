package org.jmojo.internal.ports.wire;

import static org.jmojo.internal.ports.wire.WireFields.U32;
import static org.jmojo.internal.ports.wire.WireFields.U64;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * The body of a user message (type 1): 24 fixed bytes, then four areas, each starting 8-aligned and padded with
 * zeros to a multiple of 8.
 *
 * <pre>
 *  0              8            12             16               20              24
 *  +--------------+------------+--------------+----------------+---------------+
 *  | sequence     | port count | handle count | payload length | extra length  |
 *  | u64          | u32 = p    | u32 = h      | u32 = n        | u32 = x       |
 *  +--------------+------------+--------------+----------------+---------------+
 *  24: p port descriptors (120 bytes each)
 *  24 + 120p: h handle entries (16 bytes each)
 *  24 + 120p + 16h: x extra bytes, zero-padded to 8
 *  24 + 120p + 16h + pad8(x): n payload bytes, zero-padded to 8
 * </pre>
 *
 * The body's size is therefore {@code 24 + 120p + 16h + pad8(x) + pad8(n)}; an event whose bytes differ from that
 * is malformed. Counts are u32, so the arithmetic below runs on {@code long}s and cannot overflow.
 */
final class UserMessageLayout {
    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            U64.withName("sequence"),
            U32.withName("port_count"),
            U32.withName("handle_count"),
            U32.withName("payload_length"),
            U32.withName("extra_length"));

    static final long SEQUENCE = 0;
    static final long PORT_COUNT = 8;
    static final long HANDLE_COUNT = 12;
    static final long PAYLOAD_LENGTH = 16;
    static final long EXTRA_LENGTH = 20;
    static final int FIXED_SIZE = 24;

    private UserMessageLayout() {}

    /** Where the handle entries start, after {@code ports} descriptors. */
    static long handlesOffset(long ports) {
        return FIXED_SIZE + ports * PortDescriptorLayout.SIZE;
    }

    /** Where the extra bytes start. */
    static long extraOffset(long ports, long handles) {
        return handlesOffset(ports) + handles * HandleEntryLayout.SIZE;
    }

    /** Where the payload starts. */
    static long payloadOffset(long ports, long handles, long extraLength) {
        return extraOffset(ports, handles) + WireFields.padded(extraLength);
    }

    /** The body's size for these counts and lengths. */
    static long bodySize(long ports, long handles, long extraLength, long payloadLength) {
        return payloadOffset(ports, handles, extraLength) + WireFields.padded(payloadLength);
    }

    static long bodySize(UserMessageEvent m) {
        return bodySize(m.ports().size(), m.handles().size(), m.extra().byteSize(), m.payload().byteSize());
    }

    static void write(MemorySegment body, UserMessageEvent m) {
        long payloadAt = writeHead(body, m);
        long n = m.payload().byteSize();
        MemorySegment.copy(m.payload(), 0, body, payloadAt, n);
        WireFields.clear(body, payloadAt + n, body.byteSize());
    }

    /**
     * Writes everything of the body before the payload (fixed fields, descriptors, entries, extra bytes and their
     * padding) into {@code body}, which needs room for that much only.
     *
     * @return where the payload starts: the number of bytes written
     */
    static long writeHead(MemorySegment body, UserMessageEvent m) {
        long p = m.ports().size();
        long h = m.handles().size();
        long x = m.extra().byteSize();
        long n = m.payload().byteSize();
        WireFields.putU64(body, SEQUENCE, m.sequence());
        WireFields.putU32(body, PORT_COUNT, p);
        WireFields.putU32(body, HANDLE_COUNT, h);
        WireFields.putU32(body, PAYLOAD_LENGTH, n);
        WireFields.putU32(body, EXTRA_LENGTH, x);
        long at = FIXED_SIZE;
        for (PortDescriptor d : m.ports()) {
            PortDescriptorLayout.write(body, at, d);
            at += PortDescriptorLayout.SIZE;
        }
        for (HandleEntry e : m.handles()) {
            HandleEntryLayout.write(body, at, e);
            at += HandleEntryLayout.SIZE;
        }
        long payloadAt = payloadOffset(p, h, x);
        MemorySegment.copy(m.extra(), 0, body, at, x);
        WireFields.clear(body, at + x, payloadAt);
        return payloadAt;
    }

    /**
     * Reads a user-message body. Every count is checked against the bytes present before any list is made, then the
     * handle entries against the counts and {@code fdCount}; {@code extra} and {@code payload} are read-only views of
     * {@code body}.
     */
    static UserMessageEvent read(MemorySegment body, EventCodec.PortsEventHeader header, int fdCount) throws EventDecodeException {
        if (body.byteSize() < FIXED_SIZE) {
            throw new EventDecodeException(Rejection.WRONG_SIZE, "user message body of " + body.byteSize()
                    + " bytes, shorter than its " + FIXED_SIZE + " fixed bytes");
        }
        long p = WireFields.u32(body, PORT_COUNT);
        long h = WireFields.u32(body, HANDLE_COUNT);
        long n = WireFields.u32(body, PAYLOAD_LENGTH);
        long x = WireFields.u32(body, EXTRA_LENGTH);
        if (h > UserMessageEvent.MAX_HANDLES) {
            throw new EventDecodeException(Rejection.TOO_MANY_HANDLES, "user message declares " + h + " handles; at most "
                    + UserMessageEvent.MAX_HANDLES);
        }
        long needed = bodySize(p, h, x, n);
        String counts = p + " ports, " + h + " handles, " + x + " extra bytes and " + n + " payload bytes";
        if (needed > body.byteSize()) {
            throw new EventDecodeException(Rejection.DECLARED_BEYOND_END, "user message declares " + counts + ", "
                    + needed + " body bytes, but has " + body.byteSize());
        }
        if (needed < body.byteSize()) {
            throw new EventDecodeException(Rejection.TRAILING_BYTES, "user message declares " + counts + ", "
                    + needed + " body bytes, but has " + body.byteSize());
        }
        HandleEntry[] handles = new HandleEntry[(int) h];
        long ports = 0;
        long fds = 0;
        long extra = 0;
        for (int i = 0; i < h; i++) {
            handles[i] = HandleEntryLayout.read(body, handlesOffset(p) + (long) i * HandleEntryLayout.SIZE, i);
            ports += handles[i].portCount();
            fds += handles[i].fdCount();
            extra += handles[i].extraBytes();
        }
        if (ports != p) {
            throw new EventDecodeException(Rejection.HANDLE_PORTS_MISMATCH, "user message handle entries consume " + ports
                    + " port descriptors; it declares " + p);
        }
        if (fds != fdCount) {
            throw new EventDecodeException(Rejection.HANDLE_FDS_MISMATCH, "user message handle entries consume " + fds
                    + " fds; the frame carried " + fdCount);
        }
        if (extra != x) {
            throw new EventDecodeException(Rejection.HANDLE_EXTRA_MISMATCH, "user message handle entries consume " + extra
                    + " extra bytes; it declares " + x);
        }
        PortDescriptor[] descriptors = new PortDescriptor[(int) p];
        for (int i = 0; i < p; i++) {
            descriptors[i] = PortDescriptorLayout.read(body, FIXED_SIZE + (long) i * PortDescriptorLayout.SIZE);
        }
        long extraAt = extraOffset(p, h);
        long payloadAt = payloadOffset(p, h, x);
        if (!WireFields.zero(body, extraAt + x, payloadAt) || !WireFields.zero(body, payloadAt + n, body.byteSize())) {
            throw new EventDecodeException(Rejection.NONZERO_PADDING, "user message padding after its " + x
                    + " extra bytes or its " + n + " payload bytes is not zero");
        }
        return new UserMessageEvent(header.target(), header.sender(), header.controlSequence(),
                WireFields.u64(body, SEQUENCE), java.util.Arrays.asList(descriptors), java.util.Arrays.asList(handles),
                body.asSlice(extraAt, x), body.asSlice(payloadAt, n));
    }
}

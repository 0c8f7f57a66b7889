package org.jmojo.bindings.runtime;

import java.lang.foreign.MemorySegment;

/**
 * The Mojom message header (docs/wire-format.md §2): layout descriptor and value.
 *
 * <p>The header is a struct whose version selects its size. All fields are little-endian:
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                       num_bytes (24/32/48)                    |  0
 *  +---------------------------------------------------------------+
 *  |                         version (0/1/2)                       |  4
 *  +---------------------------------------------------------------+
 *  |                          interface_id                         |  8
 *  +---------------------------------------------------------------+
 *  |                     name (method ordinal)                     | 12
 *  +---------------------------------------------------------------+
 *  |                 flags (bit 0 expects response,                | 16
 *  |          bit 1 is response, bit 2 sync, bit 3 no-interrupt)   |
 *  +---------------------------------------------------------------+
 *  |                          trace_nonce                          | 20
 *  +---------------------------------------------------------------+  v0 ends (24)
 *  |                      request_id (64 bits)                     | 24
 *  +---------------------------------------------------------------+  v1 ends (32)
 *  |        payload pointer (64 bits, relative to offset 32)       | 32
 *  +---------------------------------------------------------------+
 *  |   payload_interface_ids pointer (64 bits, rel. to 40; 0=none) | 40
 *  +---------------------------------------------------------------+  v2 ends (48)
 * </pre>
 *
 * @param numBytes the header's {@code num_bytes}
 * @param version the header version
 * @param interfaceId routing ID; 0 is the pipe's primary interface
 * @param name the method ordinal, or {@link #RUN_MESSAGE_ID} / {@link #RUN_OR_CLOSE_PIPE_MESSAGE_ID}
 * @param flags the flag word
 * @param requestId the request ID (0 for a v0 header)
 * @param payloadOffset absolute offset of the payload
 * @param interfaceIdsOffset absolute offset of the payload interface-ID array, or 0 if none
 */
public record MessageHeader(int numBytes, int version, int interfaceId, int name, int flags, long requestId,
        long payloadOffset, long interfaceIdsOffset) {

    /** Offset of {@code num_bytes}. */
    public static final int NUM_BYTES_OFFSET = 0;
    /** Offset of {@code version}. */
    public static final int VERSION_OFFSET = 4;
    /** Offset of {@code interface_id}. */
    public static final int INTERFACE_ID_OFFSET = 8;
    /** Offset of {@code name}. */
    public static final int NAME_OFFSET = 12;
    /** Offset of {@code flags}. */
    public static final int FLAGS_OFFSET = 16;
    /** Offset of {@code trace_nonce}. */
    public static final int TRACE_NONCE_OFFSET = 20;
    /** Offset of {@code request_id} (v1 and later). */
    public static final int REQUEST_ID_OFFSET = 24;
    /** Offset of the payload pointer (v2 and later). */
    public static final int PAYLOAD_POINTER_OFFSET = 32;
    /** Offset of the payload interface-ID array pointer (v2 and later). */
    public static final int INTERFACE_IDS_POINTER_OFFSET = 40;

    /** Size of a version-0 header. */
    public static final int V0_SIZE = 24;
    /** Size of a version-1 header. */
    public static final int V1_SIZE = 32;
    /** Size of a version-2 header (the minimum for any later version). */
    public static final int V2_SIZE = 48;

    /** Flag: a request that wants a reply. */
    public static final int FLAG_EXPECTS_RESPONSE = 0x1;
    /** Flag: a reply. */
    public static final int FLAG_IS_RESPONSE = 0x2;
    /** Flag: sent by, or answering, a {@code [Sync]} call. */
    public static final int FLAG_IS_SYNC = 0x4;
    /** Flag: a sync call that must not be interrupted by other sync traffic. */
    public static final int FLAG_NO_INTERRUPT = 0x8;

    /** Header name of the interface-control {@code Run} message. */
    public static final int RUN_MESSAGE_ID = 0xFFFF_FFFF;
    /** Header name of the interface- and pipe-control {@code RunOrClosePipe} message. */
    public static final int RUN_OR_CLOSE_PIPE_MESSAGE_ID = 0xFFFF_FFFE;
    /** The interface ID of pipe-control messages. */
    public static final int INVALID_INTERFACE_ID = 0xFFFF_FFFF;

    /** The header size a given version uses when written; later versions than 2 use 48. */
    public static int sizeForVersion(int version) {
        return switch (version) {
            case 0 -> V0_SIZE;
            case 1 -> V1_SIZE;
            default -> V2_SIZE;
        };
    }

    /** Whether the flags mark a request that expects a response. */
    public boolean expectsResponse() {
        return (flags & FLAG_EXPECTS_RESPONSE) != 0;
    }

    /** Whether the flags mark a response. */
    public boolean isResponse() {
        return (flags & FLAG_IS_RESPONSE) != 0;
    }

    /** Whether the name is one of the two control-message IDs. */
    public boolean isControlMessage() {
        return name == RUN_MESSAGE_ID || name == RUN_OR_CLOSE_PIPE_MESSAGE_ID;
    }

    /**
     * Reads the header of a message that the header validator has accepted; the offsets of a v2
     * header's pointers are resolved to absolute offsets.
     */
    public static MessageHeader read(MemorySegment message) {
        Decoder d = new Decoder(message);
        int numBytes = d.getInt32(NUM_BYTES_OFFSET);
        int version = d.getInt32(VERSION_OFFSET);
        long requestId = version >= 1 ? d.getInt64(REQUEST_ID_OFFSET) : 0;
        long payload = Integer.toUnsignedLong(numBytes);
        long ids = 0;
        if (version >= 2) {
            payload = PAYLOAD_POINTER_OFFSET + d.getInt64(PAYLOAD_POINTER_OFFSET);
            long idsPointer = d.getInt64(INTERFACE_IDS_POINTER_OFFSET);
            ids = idsPointer == 0 ? 0 : INTERFACE_IDS_POINTER_OFFSET + idsPointer;
        }
        return new MessageHeader(numBytes, version, d.getInt32(INTERFACE_ID_OFFSET), d.getInt32(NAME_OFFSET),
                d.getInt32(FLAGS_OFFSET), requestId, payload, ids);
    }

    /**
     * Allocates and writes a header at the start of an empty encoder. The version follows
     * docs/wire-format.md §2.3: 2 if {@code withInterfaceIds}, else 1 if the flags need a request ID,
     * else 0. For v2 the payload pointer is set to the end of the header and the ID-array pointer
     * is left 0 for {@link MessageBuilder} to patch.
     *
     * @return the header size, i.e. the payload offset
     */
    public static int write(Encoder encoder, int interfaceId, int name, int flags, long requestId,
            boolean withInterfaceIds) {
        if (encoder.size() != 0) {
            throw new IllegalStateException("the header must be the first object, but " + encoder.size()
                    + " byte(s) are already encoded");
        }
        int version = withInterfaceIds ? 2 : (flags & (FLAG_EXPECTS_RESPONSE | FLAG_IS_RESPONSE)) != 0 ? 1 : 0;
        int size = sizeForVersion(version);
        int at = encoder.allocate(size);
        encoder.putInt32(at + NUM_BYTES_OFFSET, size);
        encoder.putInt32(at + VERSION_OFFSET, version);
        encoder.putInt32(at + INTERFACE_ID_OFFSET, interfaceId);
        encoder.putInt32(at + NAME_OFFSET, name);
        encoder.putInt32(at + FLAGS_OFFSET, flags);
        if (version >= 1) {
            encoder.putInt64(at + REQUEST_ID_OFFSET, requestId);
        }
        if (version >= 2) {
            encoder.putInt64(at + PAYLOAD_POINTER_OFFSET, V2_SIZE - PAYLOAD_POINTER_OFFSET);
        }
        return size;
    }
}

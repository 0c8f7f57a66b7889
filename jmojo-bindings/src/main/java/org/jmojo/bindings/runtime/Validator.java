package org.jmojo.bindings.runtime;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import org.jmojo.bindings.ValidationException;

/**
 * Validates untrusted messages against a runtime schema, with Chromium's rules, check order and
 * error names (docs/wire-format.md §12). Every incoming message passes {@link #validateHeader} and then
 * {@link #validateRequest} (on a receiver) or {@link #validateResponse} (on a remote) before any
 * generated code decodes it.
 *
 * <p>The walk visits struct fields in ordinal order, array elements in index order, and claims
 * memory, handles and associated interface IDs strictly forward; the first broken rule ends the
 * walk with a {@link ValidationException}. Every {@code u32} read from the wire is widened to an
 * unsigned {@code long} before any arithmetic (so no size or count can turn negative), and nesting is capped at
 * {@link #MAX_RECURSION_DEPTH} struct levels (and {@link #MAX_UNION_NESTING} out-of-line union
 * levels), so no input makes the validator allocate, overflow or recurse without bound: it throws
 * only {@link ValidationException}.
 *
 * <p>One choice where Chromium's implementations differ (docs/wire-format.md §12.7): an inline union
 * whose size word is neither 0 (null) nor 16 is rejected with {@code ILLEGAL_MEMORY_RANGE}, as
 * Chromium's Java bindings do; C++ ignores the word when it is non-zero. No conformance case
 * depends on it.
 *
 * <p>The walk follows each schema's precomputed table ({@code ValidationPlan}), built the first
 * time the schema (or a struct or union it refers to) is met and kept on the schema, so a valid
 * message costs no allocation beyond the walk's cursors and no string building: error descriptions
 * are assembled only when a rule is broken.
 *
 * <p>The walk itself is {@link ValidatingReader}'s, which generated validating decoders share, so
 * both give the same first error on every input.
 *
 * <p>Stateless and thread-safe; each call uses its own cursors.
 */
public final class Validator {

    /** Struct nesting limit (C++ {@code kMaxRecursionDepth}). */
    public static final int MAX_RECURSION_DEPTH = 200;

    /**
     * Limit on nested out-of-line unions. Chromium counts only structs, so a recursive union type
     * ({@code union U { int32 n; U next; }}) nests as deep as the message allows; this bound keeps
     * the walk off the end of the Java stack and reports {@code MAX_RECURSION_DEPTH} instead.
     */
    public static final int MAX_UNION_NESTING = 100;

    private static final long INVALID_INDEX = 0xFFFF_FFFFL;
    private static final long MAX_POINTER = 0xFFFF_FFFFL;

    private Validator() {}

    /**
     * The header validator (docs/wire-format.md §12.2): checks the header and locates the payload.
     *
     * @return the header, with absolute payload and interface-ID-array offsets
     */
    public static MessageHeader validateHeader(MemorySegment message) throws ValidationException {
        Objects.requireNonNull(message, "message");
        ValidatingReader header = new ValidatingReader(new Decoder(message), 0, message.byteSize(), 0, 0);
        long numBytes = header.claimStructHeader(0, "message header", null);
        long version = header.u32(4);
        boolean sizeOk = switch ((int) Math.min(version, 3)) {
            case 0 -> numBytes == MessageHeader.V0_SIZE;
            case 1 -> numBytes == MessageHeader.V1_SIZE;
            case 2 -> numBytes == MessageHeader.V2_SIZE;
            default -> numBytes >= MessageHeader.V2_SIZE;
        };
        if (!sizeOk) {
            throw ValidationException.unexpectedStructHeader(0, numBytes, version,
                    "a message header is (24, v0), (32, v1), (48, v2) or at least 48 bytes for later versions");
        }
        long flags = header.u32(MessageHeader.FLAGS_OFFSET);
        boolean expects = (flags & MessageHeader.FLAG_EXPECTS_RESPONSE) != 0;
        boolean isResponse = (flags & MessageHeader.FLAG_IS_RESPONSE) != 0;
        if (version == 0 && (expects || isResponse)) {
            throw ValidationException.missingRequestId(flags);
        }
        if (expects && isResponse) {
            throw ValidationException.invalidFlags(flags, "expects-response and is-response are exclusive");
        }
        if (version >= 2) {
            long payloadPointer = header.i64(MessageHeader.PAYLOAD_POINTER_OFFSET);
            if (payloadPointer == 0) {
                throw ValidationException.unexpectedNullPointer(MessageHeader.PAYLOAD_POINTER_OFFSET, "payload pointer");
            }
            if (payloadPointer < 0 || payloadPointer > MAX_POINTER) {
                throw ValidationException.illegalPointer(MessageHeader.PAYLOAD_POINTER_OFFSET, payloadPointer);
            }
            header.claim(MessageHeader.PAYLOAD_POINTER_OFFSET + payloadPointer, 1, "payload");
            long idsSlot = MessageHeader.INTERFACE_IDS_POINTER_OFFSET;
            if (header.i64(idsSlot) != 0) {
                header.checkDepth(idsSlot);
                long target = header.pointer(idsSlot);
                header.validateArray(target, ValidatingReader.INTERFACE_ID, 0);
                long count = header.u32(target + 4);
                for (long i = 0; i < count; i++) {
                    long id = header.u32(target + 8 + 4 * i);
                    if (id == 0 || id == INVALID_INDEX) {
                        throw ValidationException.illegalInterfaceId(target + 8 + 4 * i, id);
                    }
                }
            }
        }
        return MessageHeader.read(message);
    }

    /**
     * The request validator of a receiver (docs/wire-format.md §12.10), run after
     * {@link #validateHeader}. Control messages are accepted here; the control-message handler
     * validates them.
     */
    public static void validateRequest(MemorySegment message, MessageHeader header, int handleCount,
            InterfaceSchema iface) throws ValidationException {
        if (header.isControlMessage()) {
            return;
        }
        validatePayload(message, header, handleCount, requestMethod(header, iface).request());
    }

    /**
     * The checks of {@link #validateRequest} that precede the payload, for a message that is not a
     * control message: the method exists and the flags suit it. A generated validating decoder
     * then checks the payload.
     *
     * @return the method the header names
     */
    public static MethodSchema requestMethod(MessageHeader header, InterfaceSchema iface) throws ValidationException {
        long ordinal = Integer.toUnsignedLong(header.name());
        MethodSchema method = iface.method(ordinal).orElseThrow(
                () -> ValidationException.unknownMethod(ordinal, iface.name(), "no such method"));
        if (method.hasResponse()) {
            if (!header.expectsResponse() || header.isResponse()) {
                throw ValidationException.invalidFlags(Integer.toUnsignedLong(header.flags()),
                        "a request to " + method.name() + ", which has a response, must expect a response");
            }
        } else if (header.expectsResponse() || header.isResponse()) {
            throw ValidationException.invalidFlags(Integer.toUnsignedLong(header.flags()),
                    "a request to " + method.name() + ", which has no response, must not expect one");
        }
        return method;
    }

    /**
     * The response validator of a remote (docs/wire-format.md §12.11), run after
     * {@link #validateHeader}. Flags are checked before the method lookup, as in C++.
     */
    public static void validateResponse(MemorySegment message, MessageHeader header, int handleCount,
            InterfaceSchema iface) throws ValidationException {
        if (header.isControlMessage()) {
            return;
        }
        validatePayload(message, header, handleCount, responseMethod(header, iface).response());
    }

    /**
     * The checks of {@link #validateResponse} that precede the payload, for a message that is not
     * a control message: the flags mark a response and the method has one.
     *
     * @return the method the header names
     */
    public static MethodSchema responseMethod(MessageHeader header, InterfaceSchema iface) throws ValidationException {
        if (!header.isResponse() || header.expectsResponse()) {
            throw ValidationException.invalidFlags(Integer.toUnsignedLong(header.flags()),
                    "a message read by a remote must be a response");
        }
        long ordinal = Integer.toUnsignedLong(header.name());
        MethodSchema method = iface.method(ordinal).orElseThrow(
                () -> ValidationException.unknownMethod(ordinal, iface.name(), "no such method"));
        if (!method.hasResponse()) {
            throw ValidationException.unknownMethod(ordinal, iface.name(), method.name() + " has no response");
        }
        return method;
    }

    /** Header validation followed by the request validator. */
    public static MessageHeader validateIncomingRequest(MemorySegment message, int handleCount, InterfaceSchema iface)
            throws ValidationException {
        MessageHeader header = validateHeader(message);
        validateRequest(message, header, handleCount, iface);
        return header;
    }

    /** Header validation followed by the response validator. */
    public static MessageHeader validateIncomingResponse(MemorySegment message, int handleCount,
            InterfaceSchema iface) throws ValidationException {
        MessageHeader header = validateHeader(message);
        validateResponse(message, header, handleCount, iface);
        return header;
    }

    /**
     * Validates the parameter struct of a message whose header has passed {@link #validateHeader},
     * in the payload context of docs/wire-format.md §12.1.
     */
    public static void validatePayload(MemorySegment message, MessageHeader header, int handleCount,
            StructSchema params) throws ValidationException {
        ValidatingReader.forPayload(message, header, handleCount).validateStruct(header.payloadOffset(), params);
    }

    /**
     * Validates a bare struct that starts at offset 0 of {@code bytes} and may use all of it, with
     * {@code handleCount} attached handles and no associated interface IDs (for encodings of a
     * struct outside a message, as in the golden corpus).
     */
    public static void validateStruct(MemorySegment bytes, int handleCount, StructSchema schema)
            throws ValidationException {
        ValidatingReader.forStruct(bytes, handleCount).validateStruct(0, schema);
    }
}

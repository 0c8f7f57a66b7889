package org.jmojo.bindings.runtime;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import org.jmojo.bindings.ValidationException;

/**
 * Validates untrusted messages against a runtime schema, with Chromium's rules, check order and
 * error names (wire-format.md §12). Every incoming message passes {@link #validateHeader} and then
 * {@link #validateRequest} (on a receiver) or {@link #validateResponse} (on a remote) before any
 * generated code decodes it.
 *
 * <p>The walk visits struct fields in ordinal order, array elements in index order, and claims
 * memory, handles and associated interface IDs strictly forward; the first broken rule ends the
 * walk with a {@link ValidationException}. Every {@code u32} read from the wire is widened to an
 * unsigned {@code long} before any arithmetic (STYLE C.2), and nesting is capped at
 * {@link #MAX_RECURSION_DEPTH} struct levels (and {@link #MAX_UNION_NESTING} out-of-line union
 * levels), so no input makes the validator allocate, overflow or recurse without bound: it throws
 * only {@link ValidationException}.
 *
 * <p>One choice where Chromium's implementations differ (wire-format.md §12.7): an inline union
 * whose size word is neither 0 (null) nor 16 is rejected with {@code ILLEGAL_MEMORY_RANGE}, as
 * Chromium's Java bindings do; C++ ignores the word when it is non-zero. No conformance case
 * depends on it.
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
     * The header validator (wire-format.md §12.2): checks the header and locates the payload.
     *
     * @return the header, with absolute payload and interface-ID-array offsets
     */
    public static MessageHeader validateHeader(MemorySegment message) throws ValidationException {
        Objects.requireNonNull(message, "message");
        Context header = new Context(new Decoder(message), 0, message.byteSize(), 0, 0);
        long numBytes = header.claimStructHeader(0, "message header");
        long version = header.d.getUInt32(4);
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
        long flags = header.d.getUInt32(MessageHeader.FLAGS_OFFSET);
        boolean expects = (flags & MessageHeader.FLAG_EXPECTS_RESPONSE) != 0;
        boolean isResponse = (flags & MessageHeader.FLAG_IS_RESPONSE) != 0;
        if (version == 0 && (expects || isResponse)) {
            throw ValidationException.missingRequestId(flags);
        }
        if (expects && isResponse) {
            throw ValidationException.invalidFlags(flags, "expects-response and is-response are exclusive");
        }
        if (version >= 2) {
            long payloadPointer = header.d.getInt64(MessageHeader.PAYLOAD_POINTER_OFFSET);
            if (payloadPointer == 0) {
                throw ValidationException.unexpectedNullPointer(MessageHeader.PAYLOAD_POINTER_OFFSET, "payload pointer");
            }
            if (payloadPointer < 0 || payloadPointer > MAX_POINTER) {
                throw ValidationException.illegalPointer(MessageHeader.PAYLOAD_POINTER_OFFSET, payloadPointer);
            }
            header.claim(MessageHeader.PAYLOAD_POINTER_OFFSET + payloadPointer, 1, "payload");
            long idsSlot = MessageHeader.INTERFACE_IDS_POINTER_OFFSET;
            if (header.d.getInt64(idsSlot) != 0) {
                MojomKind.Array idArray = new MojomKind.Array(
                        new MojomKind.Primitive(MojomKind.PrimitiveType.UINT32), 0, false);
                header.checkDepth(idsSlot);
                long target = header.pointer(idsSlot);
                header.validateArray(target, idArray);
                long count = header.d.getUInt32(target + 4);
                for (long i = 0; i < count; i++) {
                    long id = header.d.getUInt32(target + 8 + 4 * i);
                    if (id == 0 || id == INVALID_INDEX) {
                        throw ValidationException.illegalInterfaceId(target + 8 + 4 * i, id);
                    }
                }
            }
        }
        return MessageHeader.read(message);
    }

    /**
     * The request validator of a receiver (wire-format.md §12.10), run after
     * {@link #validateHeader}. Control messages are accepted here; the control-message handler
     * validates them.
     */
    public static void validateRequest(MemorySegment message, MessageHeader header, int handleCount,
            InterfaceSchema iface) throws ValidationException {
        if (header.isControlMessage()) {
            return;
        }
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
        validatePayload(message, header, handleCount, method.request());
    }

    /**
     * The response validator of a remote (wire-format.md §12.11), run after
     * {@link #validateHeader}. Flags are checked before the method lookup, as in C++.
     */
    public static void validateResponse(MemorySegment message, MessageHeader header, int handleCount,
            InterfaceSchema iface) throws ValidationException {
        if (header.isControlMessage()) {
            return;
        }
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
        validatePayload(message, header, handleCount, method.response());
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
     * in the payload context of wire-format.md §12.1.
     */
    public static void validatePayload(MemorySegment message, MessageHeader header, int handleCount,
            StructSchema params) throws ValidationException {
        long end = message.byteSize();
        long associated = 0;
        if (header.version() >= 2 && header.interfaceIdsOffset() != 0) {
            end = header.interfaceIdsOffset();
            associated = Integer.toUnsignedLong(message.get(Decoder.I32, header.interfaceIdsOffset() + 4));
        }
        Context payload = new Context(new Decoder(message), header.payloadOffset(), end, handleCount, associated);
        payload.validateStruct(header.payloadOffset(), params);
    }

    /**
     * Validates a bare struct that starts at offset 0 of {@code bytes} and may use all of it, with
     * {@code handleCount} attached handles and no associated interface IDs (for encodings of a
     * struct outside a message, as in the golden corpus).
     */
    public static void validateStruct(MemorySegment bytes, int handleCount, StructSchema schema)
            throws ValidationException {
        new Context(new Decoder(bytes), 0, bytes.byteSize(), handleCount, 0).validateStruct(0, schema);
    }

    /** The cursors of one validation pass (wire-format.md §12.1). */
    private static final class Context {
        final Decoder d;
        long begin;
        final long end;
        long handleBegin;
        final long handleEnd;
        long associatedBegin;
        final long associatedEnd;
        int depth;
        int unionNesting;

        Context(Decoder d, long begin, long end, long handleCount, long associatedCount) {
            this.d = d;
            this.begin = begin;
            this.end = end;
            this.handleEnd = handleCount;
            this.associatedEnd = associatedCount;
        }

        boolean rangeOk(long p, long n) {
            return n > 0 && p >= begin && n <= end - p;
        }

        void claim(long p, long n, String what) throws ValidationException {
            if (!rangeOk(p, n)) {
                throw ValidationException.illegalMemoryRange(p, n, begin, end, what);
            }
            begin = p + n;
        }

        /** Steps 1–4 of wire-format.md §12.3; returns {@code num_bytes}. */
        long claimStructHeader(long p, String what) throws ValidationException {
            if ((p & 7) != 0) {
                throw ValidationException.misalignedObject(p, what);
            }
            if (!rangeOk(p, 8)) {
                throw ValidationException.illegalMemoryRange(p, 8, begin, end, what + " header");
            }
            long numBytes = d.getUInt32(p);
            if (numBytes < 8) {
                throw ValidationException.unexpectedStructHeader(p, numBytes, d.getUInt32(p + 4),
                        "num_bytes must be at least the 8-byte header");
            }
            claim(p, numBytes, what);
            return numBytes;
        }

        void checkDepth(long p) throws ValidationException {
            if (depth > MAX_RECURSION_DEPTH) {
                throw ValidationException.maxRecursionDepth(p, MAX_RECURSION_DEPTH);
            }
        }

        /** The absolute target of the pointer in slot {@code slot}; -1 for null. */
        long pointer(long slot) throws ValidationException {
            long pointer = d.getInt64(slot);
            if (pointer == 0) {
                return -1;
            }
            if (pointer < 0 || pointer > MAX_POINTER) {
                throw ValidationException.illegalPointer(slot, pointer);
            }
            return slot + pointer;
        }

        void validateStruct(long p, StructSchema schema) throws ValidationException {
            long numBytes = claimStructHeader(p, "struct " + schema.name());
            long version = d.getUInt32(p + DataHeader.VERSION_OFFSET);
            if (!schema.acceptsHeader(numBytes, version)) {
                throw ValidationException.unexpectedStructHeader(p, numBytes, version,
                        "the version table of " + schema.name() + " is " + schema.versions());
            }
            for (FieldSchema f : schema.fields()) {
                if (f.minVersion() > version) {
                    break;
                }
                validateSlot(p + f.offset(), f.kind(), false, f.name());
            }
        }

        /**
         * Checks one slot (wire-format.md §12.5). {@code inUnion} marks a union data slot, where a
         * union-typed member is an out-of-line pointer.
         */
        void validateSlot(long slot, MojomKind kind, boolean inUnion, String what) throws ValidationException {
            switch (kind) {
                case MojomKind.Primitive ignored -> { }
                case MojomKind.Enum e -> {
                    int value = d.getInt32(slot);
                    if (!e.schema().accepts(value)) {
                        throw ValidationException.unknownEnumValue(slot, value, e.schema().name());
                    }
                }
                case MojomKind.Handle h -> claimHandle(slot, h.nullable(), what);
                case MojomKind.Endpoint ep -> {
                    if (ep.type().associated()) {
                        claimAssociated(slot, ep.nullable(), what);
                    } else {
                        claimHandle(slot, ep.nullable(), what);
                    }
                }
                case MojomKind.Union u -> {
                    if (inUnion) {
                        if (d.getInt64(slot) == 0 && !u.nullable()) {
                            throw ValidationException.unexpectedNullPointer(slot, what);
                        }
                        checkDepth(slot);
                        long target = pointer(slot);
                        if (target >= 0) {
                            if (++unionNesting > MAX_UNION_NESTING) {
                                throw ValidationException.maxRecursionDepth(slot, MAX_UNION_NESTING);
                            }
                            validateUnion(target, u, false);
                            unionNesting--;
                        }
                    } else {
                        if (d.getInt32(slot) == 0 && !u.nullable()) {
                            throw ValidationException.unexpectedNullPointer(slot, what);
                        }
                        checkDepth(slot);
                        validateUnion(slot, u, true);
                    }
                }
                case MojomKind.Struct s -> {
                    if (d.getInt64(slot) == 0 && !s.nullable()) {
                        throw ValidationException.unexpectedNullPointer(slot, what);
                    }
                    depth++;
                    checkDepth(slot);
                    long target = pointer(slot);
                    if (target >= 0) {
                        validateStruct(target, s.schema().get());
                    }
                    depth--;
                }
                case MojomKind.Str s -> validateContainerPointer(slot, s, s.nullable(), what);
                case MojomKind.Array a -> validateContainerPointer(slot, a, a.nullable(), what);
                case MojomKind.MapKind m -> validateContainerPointer(slot, m, m.nullable(), what);
            }
        }

        void validateContainerPointer(long slot, MojomKind kind, boolean nullable, String what)
                throws ValidationException {
            if (d.getInt64(slot) == 0 && !nullable) {
                throw ValidationException.unexpectedNullPointer(slot, what);
            }
            checkDepth(slot);
            long target = pointer(slot);
            if (target < 0) {
                return;
            }
            switch (kind) {
                case MojomKind.Str ignored -> validateArray(target, STRING_BYTES);
                case MojomKind.Array a -> validateArray(target, a);
                case MojomKind.MapKind m -> validateMap(target, m);
                default -> throw new IllegalStateException("not a container kind: " + kind);
            }
        }

        void claimHandle(long slot, boolean nullable, String what) throws ValidationException {
            long index = d.getUInt32(slot);
            if (index == INVALID_INDEX) {
                if (!nullable) {
                    throw ValidationException.unexpectedInvalidHandle(slot, what);
                }
                return;
            }
            if (index < handleBegin || index >= handleEnd) {
                throw ValidationException.illegalHandle(slot, index, handleBegin, handleEnd);
            }
            handleBegin = index + 1;
        }

        void claimAssociated(long slot, boolean nullable, String what) throws ValidationException {
            long index = d.getUInt32(slot);
            if (index == INVALID_INDEX) {
                if (!nullable) {
                    throw ValidationException.unexpectedInvalidInterfaceId(slot, what);
                }
                return;
            }
            if (index < associatedBegin || index >= associatedEnd) {
                throw ValidationException.illegalInterfaceIdIndex(slot, index, associatedBegin, associatedEnd);
            }
            associatedBegin = index + 1;
        }

        void validateArray(long p, MojomKind.Array array) throws ValidationException {
            if ((p & 7) != 0) {
                throw ValidationException.misalignedObject(p, "array");
            }
            if (!rangeOk(p, 8)) {
                throw ValidationException.illegalMemoryRange(p, 8, begin, end, "array header");
            }
            long numBytes = d.getUInt32(p + DataHeader.NUM_BYTES_OFFSET);
            long numElements = d.getUInt32(p + DataHeader.NUM_ELEMENTS_OFFSET);
            MojomKind element = array.element();
            int elementSize = element.elementSize();
            long needed;
            if (elementSize == 0) {
                if (numElements > 0xFFFF_FFFFL - 7) {
                    throw ValidationException.unexpectedArrayHeader(p, numBytes, numElements,
                            "a bool array holds at most 0xFFFFFFFF - 7 elements");
                }
                needed = 8 + (numElements + 7) / 8;
            } else {
                if (numElements > (0xFFFF_FFFFL - 8) / elementSize) {
                    throw ValidationException.unexpectedArrayHeader(p, numBytes, numElements,
                            "an array of " + elementSize + "-byte elements holds at most (0xFFFFFFFF - 8) / "
                                    + elementSize + " elements");
                }
                needed = 8 + numElements * elementSize;
            }
            if (numBytes < needed) {
                throw ValidationException.unexpectedArrayHeader(p, numBytes, numElements,
                        "num_bytes must be at least " + needed + " for the elements");
            }
            if (array.fixedLength() != 0 && numElements != array.fixedLength()) {
                throw ValidationException.unexpectedArrayHeader(p, numBytes, numElements,
                        "a fixed-size array must have exactly " + array.fixedLength() + " elements");
            }
            claim(p, numBytes, "array");
            if (element instanceof MojomKind.Primitive) {
                return;
            }
            for (long i = 0; i < numElements; i++) {
                long slot = DataHeader.elementsOffset(p) + i * elementSize;
                validateSlot(slot, element, false, "array element " + i);
            }
        }

        void validateMap(long p, MojomKind.MapKind map) throws ValidationException {
            long numBytes = claimStructHeader(p, "map");
            long version = d.getUInt32(p + 4);
            if (numBytes != DataHeader.MAP_SIZE || version != 0) {
                throw ValidationException.unexpectedStructHeader(p, numBytes, version,
                        "a map header must be (24 bytes, version 0)");
            }
            long keys = validateMapArray(p + DataHeader.MAP_KEYS_OFFSET, map.key(), "map keys");
            long values = validateMapArray(p + DataHeader.MAP_VALUES_OFFSET, map.value(), "map values");
            long keyCount = d.getUInt32(keys + DataHeader.NUM_ELEMENTS_OFFSET);
            long valueCount = d.getUInt32(values + DataHeader.NUM_ELEMENTS_OFFSET);
            if (keyCount != valueCount) {
                throw ValidationException.differentSizedArraysInMap(p, keyCount, valueCount);
            }
        }

        long validateMapArray(long slot, MojomKind element, String what) throws ValidationException {
            if (d.getInt64(slot) == 0) {
                throw ValidationException.unexpectedNullPointer(slot, what + " array");
            }
            checkDepth(slot);
            long target = pointer(slot);
            validateArray(target, new MojomKind.Array(element, 0, false));
            return target;
        }

        void validateUnion(long p, MojomKind.Union kind, boolean inlined) throws ValidationException {
            UnionSchema schema = kind.schema().get();
            if (!inlined) {
                if ((p & 7) != 0) {
                    throw ValidationException.misalignedObject(p, "union " + schema.name());
                }
                claim(p, UnionLayout.SIZE, "union " + schema.name());
            }
            long size = d.getUInt32(p + UnionLayout.SIZE_OFFSET);
            if (inlined && size == 0) {
                return;
            }
            if (size != UnionLayout.SIZE) {
                throw ValidationException.badUnionSize(p, size);
            }
            long tag = d.getUInt32(p + UnionLayout.TAG_OFFSET);
            UnionSchema.Field field = schema.byTag(tag).orElse(null);
            if (field == null) {
                if (schema.extensible()) {
                    return;
                }
                throw ValidationException.unknownUnionTag(p + UnionLayout.TAG_OFFSET, tag, schema.name());
            }
            validateSlot(p + UnionLayout.DATA_OFFSET, field.kind(), true, schema.name() + "." + field.name());
        }
    }

    private static final MojomKind.Array STRING_BYTES =
            new MojomKind.Array(new MojomKind.Primitive(MojomKind.PrimitiveType.UINT8), 0, false);
}

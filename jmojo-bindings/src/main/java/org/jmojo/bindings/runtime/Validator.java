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
 * <p>The walk follows each schema's precomputed table ({@code ValidationPlan}), built the first
 * time the schema (or a struct or union it refers to) is met and kept on the schema, so a valid
 * message costs no allocation beyond the walk's cursors and no string building: error descriptions
 * are assembled only when a rule is broken.
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
                header.validateArray(target, INTERFACE_ID, 0);
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
        /** The message's heap array, or null to read through {@link #d}. */
        final byte[] a;
        final int base;
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
            this.a = d.array();
            this.base = d.base();
            this.begin = begin;
            this.end = end;
            this.handleEnd = handleCount;
            this.associatedEnd = associatedCount;
        }

        /*
         * Reads. The walk only reads bytes it has already checked to lie in [begin, end), so a heap
         * message is read straight from its array (the var handle still checks the array bounds).
         */
        int i32(long p) {
            return a != null ? (int) Encoder.I32.get(a, base + (int) p) : d.getInt32(p);
        }

        long u32(long p) {
            return Integer.toUnsignedLong(i32(p));
        }

        long i64(long p) {
            return a != null ? (long) Encoder.I64.get(a, base + (int) p) : d.getInt64(p);
        }

        boolean rangeOk(long p, long n) {
            return n > 0 && p >= begin && n <= end - p;
        }

        void claim(long p, long n, String what) throws ValidationException {
            claim(p, n, what, null);
        }

        /** Claims {@code [p, p + n)} for the object described by {@link #describe(String, String)}. */
        void claim(long p, long n, String kindWord, String name) throws ValidationException {
            if (!rangeOk(p, n)) {
                throw ValidationException.illegalMemoryRange(p, n, begin, end, describe(kindWord, name));
            }
            begin = p + n;
        }

        /**
         * Steps 1–4 of wire-format.md §12.3 for the object {@code kindWord name} (or just
         * {@code kindWord} when {@code name} is null); returns {@code num_bytes}. The description is
         * only assembled for an error, so a valid message costs no string building.
         */
        long claimStructHeader(long p, String kindWord, String name) throws ValidationException {
            if ((p & 7) != 0) {
                throw ValidationException.misalignedObject(p, describe(kindWord, name));
            }
            if (!rangeOk(p, 8)) {
                throw ValidationException.illegalMemoryRange(p, 8, begin, end, describe(kindWord, name) + " header");
            }
            long numBytes = u32(p);
            if (numBytes < 8) {
                throw ValidationException.unexpectedStructHeader(p, numBytes, u32(p + 4),
                        "num_bytes must be at least the 8-byte header");
            }
            claim(p, numBytes, kindWord, name);
            return numBytes;
        }

        void checkDepth(long p) throws ValidationException {
            if (depth > MAX_RECURSION_DEPTH) {
                throw ValidationException.maxRecursionDepth(p, MAX_RECURSION_DEPTH);
            }
        }

        /** The absolute target of the pointer in slot {@code slot}; -1 for null. */
        long pointer(long slot) throws ValidationException {
            long pointer = i64(slot);
            if (pointer == 0) {
                return -1;
            }
            if (pointer < 0 || pointer > MAX_POINTER) {
                throw ValidationException.illegalPointer(slot, pointer);
            }
            return slot + pointer;
        }

        void validateStruct(long p, StructSchema schema) throws ValidationException {
            validateStruct(p, ValidationPlan.of(schema));
        }

        void validateStruct(long p, ValidationPlan.StructPlan plan) throws ValidationException {
            StructSchema schema = plan.schema;
            long numBytes = claimStructHeader(p, "struct", schema.name());
            long version = u32(p + DataHeader.VERSION_OFFSET);
            if (!plan.acceptsHeader(numBytes, version)) {
                throw ValidationException.unexpectedStructHeader(p, numBytes, version,
                        "the version table of " + schema.name() + " is " + schema.versions());
            }
            ValidationPlan.Slot[] slots = plan.slots;
            int[] offsets = plan.offsets;
            int[] minVersions = plan.minVersions;
            for (int i = 0; i < slots.length; i++) {
                if (minVersions[i] > version) {
                    break;
                }
                ValidationPlan.Slot s = slots[i];
                if (s.op == ValidationPlan.STRING) {
                    validateString(p + offsets[i], s.nullable, null, plan.names[i], -1);
                } else if (s.op != ValidationPlan.PRIMITIVE) {
                    validateSlot(p + offsets[i], s, false, null, plan.names[i], -1);
                }
            }
        }

        /**
         * Checks one slot (wire-format.md §12.5). {@code inUnion} marks a union data slot, where a
         * union-typed member is an out-of-line pointer. The slot is named in errors by
         * {@link #describeSlot}: {@code element} (array element index) if not negative, else
         * {@code owner.what} or {@code what}.
         */
        void validateSlot(long slot, ValidationPlan.Slot s, boolean inUnion, String owner, String what, long element)
                throws ValidationException {
            switch (s.op) {
                case ValidationPlan.PRIMITIVE -> { }
                case ValidationPlan.ENUM -> {
                    int value = i32(slot);
                    if (!s.enumSchema.accepts(value)) {
                        throw ValidationException.unknownEnumValue(slot, value, s.enumSchema.name());
                    }
                }
                case ValidationPlan.HANDLE -> claimHandle(slot, s.nullable, owner, what, element);
                case ValidationPlan.ASSOCIATED -> claimAssociated(slot, s.nullable, owner, what, element);
                case ValidationPlan.UNION -> {
                    if (inUnion) {
                        if (i64(slot) == 0 && !s.nullable) {
                            throw ValidationException.unexpectedNullPointer(slot, describeSlot(owner, what, element));
                        }
                        checkDepth(slot);
                        long target = pointer(slot);
                        if (target >= 0) {
                            if (++unionNesting > MAX_UNION_NESTING) {
                                throw ValidationException.maxRecursionDepth(slot, MAX_UNION_NESTING);
                            }
                            validateUnion(target, s.union(), false);
                            unionNesting--;
                        }
                    } else {
                        if (i32(slot) == 0 && !s.nullable) {
                            throw ValidationException.unexpectedNullPointer(slot, describeSlot(owner, what, element));
                        }
                        checkDepth(slot);
                        validateUnion(slot, s.union(), true);
                    }
                }
                case ValidationPlan.STRUCT -> validateStructPointer(slot, s, owner, what, element);
                case ValidationPlan.STRING -> validateString(slot, s.nullable, owner, what, element);
                default -> validateContainerPointer(slot, s, owner, what, element);
            }
        }

        /** A struct slot. */
        void validateStructPointer(long slot, ValidationPlan.Slot s, String owner, String what, long element)
                throws ValidationException {
            if (i64(slot) == 0 && !s.nullable) {
                throw ValidationException.unexpectedNullPointer(slot, describeSlot(owner, what, element));
            }
            depth++;
            checkDepth(slot);
            long target = pointer(slot);
            if (target >= 0) {
                validateStruct(target, s.struct());
            }
            depth--;
        }

        /**
         * A string slot: {@link #validateContainerPointer} and {@link #validateArray} for
         * {@code array<uint8>}, with the same checks in the same order, folded into one small method
         * because strings are the most common out-of-line object.
         */
        void validateString(long slot, boolean nullable, String owner, String what, long element)
                throws ValidationException {
            long pointer = i64(slot);
            if (pointer == 0) {
                if (!nullable) {
                    throw ValidationException.unexpectedNullPointer(slot, describeSlot(owner, what, element));
                }
                checkDepth(slot);
                return;
            }
            checkDepth(slot);
            if (pointer < 0 || pointer > MAX_POINTER) {
                throw ValidationException.illegalPointer(slot, pointer);
            }
            long p = slot + pointer;
            if ((p & 7) != 0 || !rangeOk(p, 8)) {
                validateArray(p, STRING_BYTE, 0);
                return;
            }
            long numBytes = u32(p + DataHeader.NUM_BYTES_OFFSET);
            long numElements = u32(p + DataHeader.NUM_ELEMENTS_OFFSET);
            if (numElements > STRING_BYTE.maxElements || numBytes < 8 + numElements || !rangeOk(p, numBytes)) {
                validateArray(p, STRING_BYTE, 0);
                return;
            }
            begin = p + numBytes;
        }

        /** A string, array or map slot. */
        void validateContainerPointer(long slot, ValidationPlan.Slot s, String owner, String what, long element)
                throws ValidationException {
            if (i64(slot) == 0 && !s.nullable) {
                throw ValidationException.unexpectedNullPointer(slot, describeSlot(owner, what, element));
            }
            checkDepth(slot);
            long target = pointer(slot);
            if (target < 0) {
                return;
            }
            switch (s.op) {
                case ValidationPlan.STRING -> validateArray(target, STRING_BYTE, 0);
                case ValidationPlan.ARRAY -> validateArray(target, s.element, s.fixedLength);
                case ValidationPlan.MAP -> validateMap(target, s);
                default -> throw new IllegalStateException("not a container opcode: " + s.op);
            }
        }

        void claimHandle(long slot, boolean nullable, String owner, String what, long element)
                throws ValidationException {
            long index = u32(slot);
            if (index == INVALID_INDEX) {
                if (!nullable) {
                    throw ValidationException.unexpectedInvalidHandle(slot, describeSlot(owner, what, element));
                }
                return;
            }
            if (index < handleBegin || index >= handleEnd) {
                throw ValidationException.illegalHandle(slot, index, handleBegin, handleEnd);
            }
            handleBegin = index + 1;
        }

        void claimAssociated(long slot, boolean nullable, String owner, String what, long element)
                throws ValidationException {
            long index = u32(slot);
            if (index == INVALID_INDEX) {
                if (!nullable) {
                    throw ValidationException.unexpectedInvalidInterfaceId(slot, describeSlot(owner, what, element));
                }
                return;
            }
            if (index < associatedBegin || index >= associatedEnd) {
                throw ValidationException.illegalInterfaceIdIndex(slot, index, associatedBegin, associatedEnd);
            }
            associatedBegin = index + 1;
        }

        /** Validates an array of {@code element}s; {@code fixedLength} is N of {@code array<T, N>}, or 0. */
        void validateArray(long p, ValidationPlan.Slot element, long fixedLength) throws ValidationException {
            if ((p & 7) != 0) {
                throw ValidationException.misalignedObject(p, "array");
            }
            if (!rangeOk(p, 8)) {
                throw ValidationException.illegalMemoryRange(p, 8, begin, end, "array header");
            }
            long numBytes = u32(p + DataHeader.NUM_BYTES_OFFSET);
            long numElements = u32(p + DataHeader.NUM_ELEMENTS_OFFSET);
            int elementSize = element.elementSize;
            long needed;
            if (elementSize == 0) {
                if (numElements > element.maxElements) {
                    throw ValidationException.unexpectedArrayHeader(p, numBytes, numElements,
                            "a bool array holds at most 0xFFFFFFFF - 7 elements");
                }
                needed = 8 + (numElements + 7) / 8;
            } else {
                if (numElements > element.maxElements) {
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
            if (fixedLength != 0 && numElements != fixedLength) {
                throw ValidationException.unexpectedArrayHeader(p, numBytes, numElements,
                        "a fixed-size array must have exactly " + fixedLength + " elements");
            }
            claim(p, numBytes, "array");
            if (element.op == ValidationPlan.PRIMITIVE) {
                return;
            }
            long first = DataHeader.elementsOffset(p);
            if (element.op == ValidationPlan.STRING) {
                for (long i = 0; i < numElements; i++) {
                    validateString(first + i * elementSize, element.nullable, null, null, i);
                }
                return;
            }
            if (element.op == ValidationPlan.STRUCT) {
                for (long i = 0; i < numElements; i++) {
                    validateStructPointer(first + i * elementSize, element, null, null, i);
                }
                return;
            }
            for (long i = 0; i < numElements; i++) {
                validateSlot(first + i * elementSize, element, false, null, null, i);
            }
        }

        void validateMap(long p, ValidationPlan.Slot map) throws ValidationException {
            long numBytes = claimStructHeader(p, "map", null);
            long version = u32(p + 4);
            if (numBytes != DataHeader.MAP_SIZE || version != 0) {
                throw ValidationException.unexpectedStructHeader(p, numBytes, version,
                        "a map header must be (24 bytes, version 0)");
            }
            long keys = validateMapArray(p + DataHeader.MAP_KEYS_OFFSET, map.element, "map keys");
            long values = validateMapArray(p + DataHeader.MAP_VALUES_OFFSET, map.value, "map values");
            long keyCount = u32(keys + DataHeader.NUM_ELEMENTS_OFFSET);
            long valueCount = u32(values + DataHeader.NUM_ELEMENTS_OFFSET);
            if (keyCount != valueCount) {
                throw ValidationException.differentSizedArraysInMap(p, keyCount, valueCount);
            }
        }

        long validateMapArray(long slot, ValidationPlan.Slot element, String what) throws ValidationException {
            if (i64(slot) == 0) {
                throw ValidationException.unexpectedNullPointer(slot, what + " array");
            }
            checkDepth(slot);
            long target = pointer(slot);
            validateArray(target, element, 0);
            return target;
        }

        void validateUnion(long p, ValidationPlan.UnionPlan plan, boolean inlined) throws ValidationException {
            UnionSchema schema = plan.schema;
            if (!inlined) {
                if ((p & 7) != 0) {
                    throw ValidationException.misalignedObject(p, describe("union", schema.name()));
                }
                claim(p, UnionLayout.SIZE, "union", schema.name());
            }
            long size = u32(p + UnionLayout.SIZE_OFFSET);
            if (inlined && size == 0) {
                return;
            }
            if (size != UnionLayout.SIZE) {
                throw ValidationException.badUnionSize(p, size);
            }
            long tag = u32(p + UnionLayout.TAG_OFFSET);
            ValidationPlan.Slot member = tag < plan.byTag.length ? plan.byTag[(int) tag] : null;
            if (member == null) {
                if (schema.extensible()) {
                    return;
                }
                throw ValidationException.unknownUnionTag(p + UnionLayout.TAG_OFFSET, tag, schema.name());
            }
            validateSlot(p + UnionLayout.DATA_OFFSET, member, true, schema.name(), plan.names[(int) tag], -1);
        }

        /** {@code kindWord name}, or {@code kindWord} alone when {@code name} is null. */
        static String describe(String kindWord, String name) {
            return name == null ? kindWord : kindWord + " " + name;
        }

        /** The name of a slot in errors: see {@link #validateSlot}. */
        static String describeSlot(String owner, String what, long element) {
            if (element >= 0) {
                return "array element " + element;
            }
            return owner == null ? what : owner + "." + what;
        }
    }

    /** The element of the byte array that holds a string. */
    private static final ValidationPlan.Slot STRING_BYTE =
            new ValidationPlan.Slot(new MojomKind.Primitive(MojomKind.PrimitiveType.UINT8));
    /** The element of the payload interface-ID array. */
    private static final ValidationPlan.Slot INTERFACE_ID =
            new ValidationPlan.Slot(new MojomKind.Primitive(MojomKind.PrimitiveType.UINT32));
}

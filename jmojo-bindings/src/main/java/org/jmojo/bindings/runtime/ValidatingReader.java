package org.jmojo.bindings.runtime;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.jmojo.bindings.ValidationException;
import org.jmojo.system.Handle;

/**
 * The cursors of one validation pass (docs/wire-format.md §12.1): the {@link Validator}'s walk, and the
 * reader a generated validating decoder builds its value with.
 *
 * <p>A generated {@code decode(ValidatingReader, ...)} visits the struct's fields in ordinal order
 * and array elements in index order, exactly as the {@link Validator} does, and checks each object
 * through the same code before it reads it: the header with {@link #structHeader}, strings with
 * {@link #string}/{@link #stringElement} (checked and decoded in one step), struct pointers with
 * {@link #struct}/{@link #structElement}, arrays with {@link #arrayField}, maps with
 * {@link #mapField}, {@link #mapKeys}, {@link #mapValues} and {@link #mapEnd}, enums with
 * {@link #enumField}, unions with {@link #unionTag} and {@link #unionString} or
 * {@link #unionMember}, and any other field with {@link #field}, the validator's own check of that
 * field. What these check, the trusted {@link Decoder} then reads. The first broken rule therefore
 * ends the walk with the validator's error, and no value reaches the caller unless the whole
 * message is valid.
 *
 * <p>Each check is a small method of its own, so that the JIT can inline the checks of a whole
 * generated {@code decode} without running out of its inlining budget.
 *
 * <p>Not thread-safe: one reader serves one pass over one message, on one thread.
 */
public final class ValidatingReader {

    /** What {@link #unionTag} returns for an unknown tag of an extensible union. */
    public static final int UNKNOWN_TAG = -2;

    private static final long INVALID_INDEX = 0xFFFF_FFFFL;
    private static final long MAX_POINTER = 0xFFFF_FFFFL;

    private final Decoder d;
    /** The message's heap array, or null to read through {@link #d}. */
    private final byte[] a;
    /** The index in {@link #a} of the message's first byte. */
    private final int base;
    /** The claim cursor: the lowest offset the next object may start at (docs/wire-format.md §12.1). */
    private long begin;
    private final long end;
    /** The lowest handle index the next handle may use; handles are claimed in increasing order. */
    private long handleBegin;
    private final long handleEnd;
    /** Likewise for associated interface ID indices. */
    private long associatedBegin;
    private final long associatedEnd;
    /** The struct nesting of the object being checked. */
    private int depth;
    /** The out-of-line union nesting of the object being checked. */
    private int unionNesting;
    /** The attached handles that handle slots index, or null when only the count is known (the validator). */
    private final List<? extends Handle> handles;
    /** The offset of the message's payload interface-ID array, or -1 if it has none. */
    private final long interfaceIds;

    ValidatingReader(Decoder d, long begin, long end, List<? extends Handle> handles, long handleCount,
            long associatedCount, long interfaceIds) {
        this.d = d;
        this.a = d.array();
        this.base = d.base();
        this.begin = begin;
        this.end = end;
        this.handles = handles;
        this.handleEnd = handleCount;
        this.associatedEnd = associatedCount;
        this.interfaceIds = interfaceIds;
    }

    /**
     * A reader over a bare struct that starts at offset 0 of {@code bytes} and may use all of it,
     * with {@code handleCount} attached handles and no associated interface IDs: the context of
     * {@link Validator#validateStruct}.
     */
    static ValidatingReader forStruct(MemorySegment bytes, int handleCount) {
        Objects.requireNonNull(bytes, "bytes");
        return new ValidatingReader(new Decoder(bytes), 0, bytes.byteSize(), null, handleCount, 0, -1);
    }

    /**
     * A reader over a bare struct that starts at offset 0 of {@code bytes}, with the attached
     * {@code handles} (which {@link #handle} returns) and no associated interface IDs: what a
     * struct's {@code deserialize} decodes with. The list is not copied.
     */
    public static ValidatingReader forStruct(MemorySegment bytes, List<? extends Handle> handles) {
        Objects.requireNonNull(bytes, "bytes");
        return new ValidatingReader(new Decoder(bytes), 0, bytes.byteSize(), handles, handles.size(), 0, -1);
    }

    /**
     * {@link #forStruct(MemorySegment, List)} for a message in a heap array, read straight from the
     * array (no segment is made). The array and the list are not copied.
     */
    public static ValidatingReader forStruct(byte[] bytes, List<? extends Handle> handles) {
        Objects.requireNonNull(bytes, "bytes");
        return new ValidatingReader(new Decoder(bytes), 0, bytes.length, handles, handles.size(), 0, -1);
    }

    /**
     * A reader over the payload of {@code message}, whose header has passed
     * {@link Validator#validateHeader}: the context of {@link Validator#validatePayload}.
     */
    static ValidatingReader forPayload(MemorySegment message, MessageHeader header, int handleCount) {
        return forPayload(message, header, null, handleCount);
    }

    /**
     * A reader over the payload of {@code message}, whose header has passed
     * {@link Validator#validateHeader}, with the message's attached {@code handles}: what an
     * interface message's parameters decode with. Associated slots index the payload interface-ID
     * array, which {@link #interfaceId} reads. The list is not copied.
     */
    public static ValidatingReader forPayload(MemorySegment message, MessageHeader header,
            List<? extends Handle> handles) {
        return forPayload(message, header, handles, handles.size());
    }

    private static ValidatingReader forPayload(MemorySegment message, MessageHeader header,
            List<? extends Handle> handles, int handleCount) {
        long end = message.byteSize();
        long associated = 0;
        long ids = -1;
        if (header.version() >= 2 && header.interfaceIdsOffset() != 0) {
            end = header.interfaceIdsOffset();
            ids = header.interfaceIdsOffset();
            associated = Integer.toUnsignedLong(message.get(Decoder.I32, ids + DataHeader.NUM_ELEMENTS_OFFSET));
        }
        return new ValidatingReader(new Decoder(message), header.payloadOffset(), end, handles, handleCount,
                associated, ids);
    }

    /**
     * A reader over the same message, handles and interface IDs whose cursors start at {@code at}:
     * for decoding again, with {@link StructCodec#decode}, a struct at {@code at} that this reader
     * has already checked (it passes again, since everything it claims lies at or after {@code at}
     * and its handle and interface-ID indices increase).
     */
    public ValidatingReader recheck(long at) {
        return new ValidatingReader(d, at, end, handles, handleEnd, associatedEnd, interfaceIds);
    }

    /**
     * The attached handle whose index is in {@code slot}, which this reader has checked (with
     * {@link #field} or as part of an array, map or union member), or null for the invalid index.
     *
     * @param type the handle type the slot's Mojom type needs
     * @param what the Mojom type, for the error
     * @throws ValidationException {@code DESERIALIZATION_FAILED} if the handle is not a {@code type}
     *     (for example a message pipe where a shared buffer is expected)
     * @throws IllegalStateException if this reader was made without the handle list
     */
    public <H extends Handle> H handle(long slot, Class<H> type, String what) throws ValidationException {
        long index = u32(slot);
        if (index == INVALID_INDEX) {
            return null;
        }
        if (handles == null) {
            throw new IllegalStateException("this reader validates only; it has no handles to return");
        }
        Handle h = handles.get((int) index);
        if (!type.isInstance(h)) {
            throw ValidationException.deserializationFailed(slot, "a " + what + " needs a " + type.getSimpleName()
                    + ", but attached handle " + index + " is " + (h == null ? "null" : "a " + h.getClass().getName()));
        }
        return type.cast(h);
    }

    /**
     * The interface ID that the associated slot {@code slot}, which this reader has checked,
     * selects from the payload interface-ID array (as an unsigned value), or -1 for the invalid index.
     */
    public long interfaceId(long slot) {
        long index = u32(slot);
        if (index == INVALID_INDEX || interfaceIds < 0) {
            return -1;
        }
        return u32(interfaceIds + DataHeader.SIZE + 4 * index);
    }

    /** The trusted decoder over the same message, for values this reader has already checked. */
    public Decoder decoder() {
        return d;
    }

    /**
     * Checks the header of a struct of {@code schema} at {@code p} (docs/wire-format.md §12.3 and
     * §12.4) and claims its bytes; returns its version. Its fields are the caller's to check, in
     * ordinal order, up to the first one newer than the version.
     */
    public long structHeader(long p, StructSchema schema) throws ValidationException {
        return checkStructHeader(p, ValidationPlan.of(schema));
    }

    /**
     * Checks field {@code index} (in ordinal order) of the struct of {@code schema} at
     * {@code structAt}, and everything it points to, as {@link Validator} does.
     */
    public void field(long structAt, StructSchema schema, int index) throws ValidationException {
        validateField(structAt, ValidationPlan.of(schema), index);
    }

    /**
     * Checks the pointer in array field {@code index} of the struct of {@code schema} at
     * {@code structAt} and the array's header, and claims the array; returns its offset, or -1 for
     * null. Elements that are strings or structs are left to the caller, which checks them in
     * index order with {@link #stringElement} or {@link #structElement}; primitives need no check;
     * elements of any other kind are checked here, for the trusted {@link Decoder} to read.
     */
    public long arrayField(long structAt, StructSchema schema, int index) throws ValidationException {
        ValidationPlan.StructPlan plan = ValidationPlan.of(schema);
        ValidationPlan.Slot s = slotOfKind(plan, schema, index, ValidationPlan.ARRAY, "an array");
        long slot = structAt + plan.offsets[index];
        long target = pointerField(slot, s, plan.names[index]);
        if (target >= 0) {
            checkArray(target, s.element, s.fixedLength);
        }
        return target;
    }

    /**
     * Checks the header of the array at {@code p} and, unless its elements are primitives, strings
     * or structs (which the caller checks as it reads them), its elements.
     */
    private void checkArray(long p, ValidationPlan.Slot element, long fixedLength) throws ValidationException {
        int op = element.op;
        if (op == ValidationPlan.PRIMITIVE || op == ValidationPlan.STRING || op == ValidationPlan.STRUCT) {
            checkArrayHeader(p, element, fixedLength);
        } else {
            validateArray(p, element, fixedLength);
        }
    }

    /** Checks enum field {@code index} of the struct of {@code schema} at {@code structAt}; returns its value. */
    public int enumField(long structAt, StructSchema schema, int index) throws ValidationException {
        ValidationPlan.StructPlan plan = ValidationPlan.of(schema);
        ValidationPlan.Slot s = slotOfKind(plan, schema, index, ValidationPlan.ENUM, "an enum");
        long slot = structAt + plan.offsets[index];
        int value = i32(slot);
        if (!s.acceptsEnum(value)) {
            throw ValidationException.unknownEnumValue(slot, value, s.enumSchema.name());
        }
        return value;
    }

    /**
     * Slot {@code index} of {@code plan}; the generated caller names the kind it expects, and a
     * mismatch means generated code and schema disagree, a bug rather than bad input.
     */
    private static ValidationPlan.Slot slotOfKind(
            ValidationPlan.StructPlan plan, StructSchema schema, int index, int op, String kind) {
        ValidationPlan.Slot s = plan.slots[index];
        if (s.op != op) {
            throw new IllegalArgumentException("field " + index + " of " + schema.name() + " is not " + kind);
        }
        return s;
    }

    /**
     * Checks the pointer of an array or map field in {@code slot} (null only where the field is
     * nullable, within the nesting limit); returns its target, or -1 for null.
     */
    private long pointerField(long slot, ValidationPlan.Slot s, String name) throws ValidationException {
        if (i64(slot) == 0 && !s.nullable) {
            throw ValidationException.unexpectedNullPointer(slot, name);
        }
        checkDepth(slot);
        return pointer(slot);
    }

    /**
     * Checks the pointer in map field {@code index} of the struct of {@code schema} at
     * {@code structAt} and the map's header, and claims the map; returns its offset, or -1 for
     * null. The caller then checks the arrays with {@link #mapKeys}, the keys, {@link #mapValues},
     * the values, and {@link #mapEnd}, in that order.
     */
    public long mapField(long structAt, StructSchema schema, int index) throws ValidationException {
        ValidationPlan.StructPlan plan = ValidationPlan.of(schema);
        ValidationPlan.Slot s = slotOfKind(plan, schema, index, ValidationPlan.MAP, "a map");
        long slot = structAt + plan.offsets[index];
        long target = pointerField(slot, s, plan.names[index]);
        if (target >= 0) {
            checkMapHeader(target);
        }
        return target;
    }

    /**
     * The key array of the map at {@code map} (map field {@code index} of {@code schema}): checked
     * as {@link #arrayField} checks an array; returns its offset.
     */
    public long mapKeys(long map, StructSchema schema, int index) throws ValidationException {
        return checkMapArray(map + DataHeader.MAP_KEYS_OFFSET, ValidationPlan.of(schema).slots[index].element,
                "map keys");
    }

    /** {@link #mapKeys} for the value array. */
    public long mapValues(long map, StructSchema schema, int index) throws ValidationException {
        return checkMapArray(map + DataHeader.MAP_VALUES_OFFSET, ValidationPlan.of(schema).slots[index].value,
                "map values");
    }

    /** The last check of a map, after both arrays and their elements: they have the same length. */
    public void mapEnd(long map, long keys, long values) throws ValidationException {
        long keyCount = u32(keys + DataHeader.NUM_ELEMENTS_OFFSET);
        long valueCount = u32(values + DataHeader.NUM_ELEMENTS_OFFSET);
        if (keyCount != valueCount) {
            throw ValidationException.differentSizedArraysInMap(map, keyCount, valueCount);
        }
    }

    private long checkMapArray(long slot, ValidationPlan.Slot element, String what) throws ValidationException {
        if (i64(slot) == 0) {
            throw ValidationException.unexpectedNullPointer(slot, what + " array");
        }
        checkDepth(slot);
        long target = pointer(slot);
        checkArray(target, element, 0);
        return target;
    }

    /**
     * Checks union field {@code index} of the struct of {@code schema} at {@code structAt} up to
     * its member: returns -1 for the null union, {@link #UNKNOWN_TAG} for an unknown tag of an
     * extensible union (nothing more to check), or else the tag, whose member the caller checks
     * with {@link #unionString} or {@link #unionMember}.
     */
    public int unionTag(long structAt, StructSchema schema, int index) throws ValidationException {
        ValidationPlan.StructPlan plan = ValidationPlan.of(schema);
        ValidationPlan.Slot s = slotOfKind(plan, schema, index, ValidationPlan.UNION, "a union");
        long slot = structAt + plan.offsets[index];
        if (i32(slot) == 0 && !s.nullable) {
            throw ValidationException.unexpectedNullPointer(slot, plan.names[index]);
        }
        checkDepth(slot);
        return unionHeader(slot, s.union(), true);
    }

    /** Checks member {@code tag} of the union of {@code schema} in {@code slot}, and what it points to. */
    public void unionMember(long slot, UnionSchema schema, int tag) throws ValidationException {
        ValidationPlan.UnionPlan plan = ValidationPlan.of(schema);
        validateSlot(slot + UnionLayout.DATA_OFFSET, plan.byTag[tag], true, schema.name(), plan.names[tag], -1);
    }

    /** {@link #unionMember} for a string member, which it also decodes (null for a null pointer). */
    public String unionString(long slot, UnionSchema schema, int tag) throws ValidationException {
        ValidationPlan.UnionPlan plan = ValidationPlan.of(schema);
        return readString(slot + UnionLayout.DATA_OFFSET, plan.byTag[tag].nullable, schema.name(), plan.names[tag],
                -1);
    }

    /** Checks the string field {@code name} in {@code slot} and decodes it; null for a null pointer. */
    public String string(long slot, boolean nullable, String name) throws ValidationException {
        return readString(slot, nullable, null, name, -1);
    }

    /** Checks the string element {@code index} of an array, in {@code slot}, and decodes it. */
    public String stringElement(long slot, boolean nullable, long index) throws ValidationException {
        return readString(slot, nullable, null, null, index);
    }

    private String readString(long slot, boolean nullable, String owner, String name, long element)
            throws ValidationException {
        // The common case, a well-formed string in a heap message, is checked here, straight from
        // the array, with exactly the conditions under which validateString accepts a string and
        // claims [p, p + numBytes) (rangeOk(p, 8) and rangeOk(p, numBytes) spelled out).
        byte[] arr = a;
        if (arr != null && depth <= Validator.MAX_RECURSION_DEPTH) {
            long pointer = (long) Encoder.I64.get(arr, base + (int) slot);
            long p = slot + pointer;
            if (pointer > 0 && pointer <= MAX_POINTER && (p & 7) == 0 && p >= begin && p <= end - DataHeader.SIZE) {
                int at = base + (int) p;
                long numBytes = Integer.toUnsignedLong((int) Encoder.I32.get(arr, at));
                long numElements = Integer.toUnsignedLong((int) Encoder.I32.get(arr, at + DataHeader.NUM_ELEMENTS_OFFSET));
                if (numElements <= STRING_BYTE.maxElements && numBytes >= DataHeader.SIZE + numElements
                        && numBytes <= end - p) {
                    begin = p + numBytes;
                    return new String(arr, at + DataHeader.SIZE, (int) numElements, StandardCharsets.UTF_8);
                }
            }
        }
        return readStringChecked(slot, i64(slot), nullable, owner, name, element);
    }

    /**
     * The validator's path for a string {@link #readString} does not read inline: it throws its
     * error, or accepts a null or a string in a segment that is not a heap array.
     */
    private String readStringChecked(long slot, long pointer, boolean nullable, String owner, String name,
            long element) throws ValidationException {
        validateString(slot, nullable, owner, name, element);
        if (pointer == 0) {
            return null;
        }
        long p = slot + pointer;
        int length = i32(p + DataHeader.NUM_ELEMENTS_OFFSET);
        if (a != null) {
            return new String(a, base + (int) p + DataHeader.SIZE, length, StandardCharsets.UTF_8);
        }
        return new String(d.getBytes(DataHeader.elementsOffset(p), length), StandardCharsets.UTF_8);
    }

    /**
     * Checks the pointer of the struct field {@code name} in {@code slot} and enters it: returns
     * the struct's offset, which the caller decodes (checking it) and then calls
     * {@link #leaveStruct}; or -1 for a null pointer, with nothing to leave.
     */
    public long struct(long slot, boolean nullable, String name) throws ValidationException {
        return enterStruct(slot, nullable, name, -1);
    }

    /** {@link #struct} for element {@code index} of an array of structs. */
    public long structElement(long slot, boolean nullable, long index) throws ValidationException {
        return enterStruct(slot, nullable, null, index);
    }

    /** Leaves a struct entered with {@link #struct} or {@link #structElement}. */
    public void leaveStruct() {
        depth--;
    }

    /** The steps of {@link #validateStructPointer} before it checks the struct itself. */
    private long enterStruct(long slot, boolean nullable, String name, long element) throws ValidationException {
        if (i64(slot) == 0 && !nullable) {
            throw ValidationException.unexpectedNullPointer(slot, describeSlot(null, name, element));
        }
        depth++;
        checkDepth(slot);
        long target = pointer(slot);
        if (target < 0) {
            depth--;
        }
        return target;
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
     * Steps 1–4 of docs/wire-format.md §12.3 for the object {@code kindWord name} (or just
     * {@code kindWord} when {@code name} is null); returns {@code num_bytes}. The description is
     * only assembled for an error, so a valid message costs no string building.
     */
    long claimStructHeader(long p, String kindWord, String name) throws ValidationException {
        if ((p & 7) != 0) {
            throw ValidationException.misalignedObject(p, describe(kindWord, name));
        }
        if (!rangeOk(p, DataHeader.SIZE)) {
            throw ValidationException.illegalMemoryRange(p, DataHeader.SIZE, begin, end,
                    describe(kindWord, name) + " header");
        }
        long numBytes = u32(p + DataHeader.NUM_BYTES_OFFSET);
        if (numBytes < DataHeader.SIZE) {
            throw ValidationException.unexpectedStructHeader(p, numBytes, u32(p + DataHeader.VERSION_OFFSET),
                    "num_bytes must be at least the 8-byte header");
        }
        claim(p, numBytes, kindWord, name);
        return numBytes;
    }

    void checkDepth(long p) throws ValidationException {
        if (depth > Validator.MAX_RECURSION_DEPTH) {
            throw ValidationException.maxRecursionDepth(p, Validator.MAX_RECURSION_DEPTH);
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
        long version = checkStructHeader(p, plan);
        int[] minVersions = plan.minVersions;
        for (int i = 0; i < minVersions.length; i++) {
            if (minVersions[i] > version) {
                break;
            }
            if (plan.slots[i].op != ValidationPlan.PRIMITIVE) {
                validateField(p, plan, i);
            }
        }
    }

    /** Steps 1–5 of docs/wire-format.md §12.3 for a struct of {@code plan}; returns its version. */
    private long checkStructHeader(long p, ValidationPlan.StructPlan plan) throws ValidationException {
        StructSchema schema = plan.schema;
        long numBytes = claimStructHeader(p, "struct", schema.name());
        long version = u32(p + DataHeader.VERSION_OFFSET);
        if (!plan.acceptsHeader(numBytes, version)) {
            throw ValidationException.unexpectedStructHeader(p, numBytes, version,
                    "the version table of " + schema.name() + " is " + schema.versions());
        }
        return version;
    }

    /** Checks field {@code i} of the struct of {@code plan} at {@code p}, and everything it points to. */
    private void validateField(long p, ValidationPlan.StructPlan plan, int i) throws ValidationException {
        ValidationPlan.Slot s = plan.slots[i];
        if (s.op == ValidationPlan.STRING) {
            validateString(p + plan.offsets[i], s.nullable, null, plan.names[i], -1);
        } else {
            validateSlot(p + plan.offsets[i], s, false, null, plan.names[i], -1);
        }
    }

    /**
     * Checks one slot (docs/wire-format.md §12.5). {@code inUnion} marks a union data slot, where a
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
                if (!s.acceptsEnum(value)) {
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
                        if (++unionNesting > Validator.MAX_UNION_NESTING) {
                            throw ValidationException.maxRecursionDepth(slot, Validator.MAX_UNION_NESTING);
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
        if ((p & 7) != 0 || !rangeOk(p, DataHeader.SIZE)) {
            validateArray(p, STRING_BYTE, 0);
            return;
        }
        long numBytes = u32(p + DataHeader.NUM_BYTES_OFFSET);
        long numElements = u32(p + DataHeader.NUM_ELEMENTS_OFFSET);
        if (numElements > STRING_BYTE.maxElements || numBytes < DataHeader.SIZE + numElements
                || !rangeOk(p, numBytes)) {
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
        long numElements = checkArrayHeader(p, element, fixedLength);
        if (element.op == ValidationPlan.PRIMITIVE) {
            return;
        }
        int elementSize = element.elementSize;
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

    /** Checks and claims the header of an array of {@code element}s; returns its element count. */
    private long checkArrayHeader(long p, ValidationPlan.Slot element, long fixedLength) throws ValidationException {
        if ((p & 7) != 0) {
            throw ValidationException.misalignedObject(p, "array");
        }
        if (!rangeOk(p, DataHeader.SIZE)) {
            throw ValidationException.illegalMemoryRange(p, DataHeader.SIZE, begin, end, "array header");
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
            needed = DataHeader.SIZE + (numElements + 7) / 8;
        } else {
            if (numElements > element.maxElements) {
                throw ValidationException.unexpectedArrayHeader(p, numBytes, numElements,
                        "an array of " + elementSize + "-byte elements holds at most (0xFFFFFFFF - 8) / "
                                + elementSize + " elements");
            }
            needed = DataHeader.SIZE + numElements * elementSize;
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
        return numElements;
    }

    void validateMap(long p, ValidationPlan.Slot map) throws ValidationException {
        checkMapHeader(p);
        long keys = validateMapArray(p + DataHeader.MAP_KEYS_OFFSET, map.element, "map keys");
        long values = validateMapArray(p + DataHeader.MAP_VALUES_OFFSET, map.value, "map values");
        long keyCount = u32(keys + DataHeader.NUM_ELEMENTS_OFFSET);
        long valueCount = u32(values + DataHeader.NUM_ELEMENTS_OFFSET);
        if (keyCount != valueCount) {
            throw ValidationException.differentSizedArraysInMap(p, keyCount, valueCount);
        }
    }

    /** Claims the map struct at {@code p} and checks its header. */
    private void checkMapHeader(long p) throws ValidationException {
        long numBytes = claimStructHeader(p, "map", null);
        long version = u32(p + DataHeader.VERSION_OFFSET);
        if (numBytes != DataHeader.MAP_SIZE || version != 0) {
            throw ValidationException.unexpectedStructHeader(p, numBytes, version,
                    "a map header must be (24 bytes, version 0)");
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
        int tag = unionHeader(p, plan, inlined);
        if (tag >= 0) {
            validateSlot(p + UnionLayout.DATA_OFFSET, plan.byTag[tag], true, plan.schema.name(), plan.names[tag], -1);
        }
    }

    /**
     * The checks of a union before its member (claiming it when out of line): -1 for an inline
     * null union, {@link #UNKNOWN_TAG} for an unknown tag of an extensible union, else the tag.
     */
    private int unionHeader(long p, ValidationPlan.UnionPlan plan, boolean inlined) throws ValidationException {
        UnionSchema schema = plan.schema;
        if (!inlined) {
            if ((p & 7) != 0) {
                throw ValidationException.misalignedObject(p, describe("union", schema.name()));
            }
            claim(p, UnionLayout.SIZE, "union", schema.name());
        }
        long size = u32(p + UnionLayout.SIZE_OFFSET);
        if (inlined && size == 0) {
            return -1;
        }
        if (size != UnionLayout.SIZE) {
            throw ValidationException.badUnionSize(p, size);
        }
        long tag = u32(p + UnionLayout.TAG_OFFSET);
        ValidationPlan.Slot member = tag < plan.byTag.length ? plan.byTag[(int) tag] : null;
        if (member == null) {
            if (schema.extensible()) {
                return UNKNOWN_TAG;
            }
            throw ValidationException.unknownUnionTag(p + UnionLayout.TAG_OFFSET, tag, schema.name());
        }
        return (int) tag;
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

/** The element of the byte array that holds a string. */
static final ValidationPlan.Slot STRING_BYTE =
        new ValidationPlan.Slot(new MojomKind.Primitive(MojomKind.PrimitiveType.UINT8));
/** The element of the payload interface-ID array. */
static final ValidationPlan.Slot INTERFACE_ID =
        new ValidationPlan.Slot(new MojomKind.Primitive(MojomKind.PrimitiveType.UINT32));
}

package org.jmojo.bindings;

import java.util.Objects;

/**
 * A message failed validation. Carries the {@link ValidationError} (Chromium's name for the broken
 * rule) and the message offset where the check failed; the text names both and the rule.
 *
 * <p>There is one factory per failure kind, so every place that rejects a message says the same
 * thing for the same rule. The validator stops at the first failure, so each rejected message has
 * exactly one error.
 */
public final class ValidationException extends Exception {

    private static final long serialVersionUID = 1L;

    private final ValidationError error;
    private final long offset;

    private ValidationException(ValidationError error, long offset, String detail) {
        super(error.name() + " at offset " + offset + ": " + detail);
        this.error = error;
        this.offset = offset;
    }

    /** The broken rule. */
    public ValidationError error() {
        return error;
    }

    /** Byte offset into the message at which the failing check looked; -1 if not tied to one. */
    public long offset() {
        return offset;
    }

    /** Creates an exception for an error and offset with a free-form detail (used by decoders). */
    public static ValidationException of(ValidationError error, long offset, String detail) {
        return new ValidationException(Objects.requireNonNull(error, "error"), offset, detail);
    }

    /** An object of the named kind does not start on an 8-byte boundary. */
    public static ValidationException misalignedObject(long offset, String what) {
        return of(ValidationError.VALIDATION_ERROR_MISALIGNED_OBJECT, offset,
                what + " must start on an 8-byte boundary");
    }

    /** {@code size} bytes at {@code offset} do not lie in the unclaimed range {@code [begin, end)}. */
    public static ValidationException illegalMemoryRange(long offset, long size, long begin, long end, String what) {
        return of(ValidationError.VALIDATION_ERROR_ILLEGAL_MEMORY_RANGE, offset,
                what + " of " + size + " byte(s) is not inside the unclaimed range [" + begin + ", " + end + ")");
    }

    /** An out-of-line union whose size word is not 16, or an inline union with a size other than 0 or 16. */
    public static ValidationException badUnionSize(long offset, long size) {
        return of(ValidationError.VALIDATION_ERROR_ILLEGAL_MEMORY_RANGE, offset,
                "union size must be 16 (or 0 for a null inline union), was " + size);
    }

    /** A struct header that the rule described by {@code rule} rejects. */
    public static ValidationException unexpectedStructHeader(long offset, long numBytes, long version, String rule) {
        return of(ValidationError.VALIDATION_ERROR_UNEXPECTED_STRUCT_HEADER, offset,
                "struct header (num_bytes " + numBytes + ", version " + version + ") breaks the rule: " + rule);
    }

    /** An array header that the rule described by {@code rule} rejects. */
    public static ValidationException unexpectedArrayHeader(long offset, long numBytes, long numElements, String rule) {
        return of(ValidationError.VALIDATION_ERROR_UNEXPECTED_ARRAY_HEADER, offset,
                "array header (num_bytes " + numBytes + ", num_elements " + numElements + ") breaks the rule: " + rule);
    }

    /** A handle index that is out of range or not above every index claimed before it. */
    public static ValidationException illegalHandle(long offset, long index, long nextAllowed, long count) {
        return of(ValidationError.VALIDATION_ERROR_ILLEGAL_HANDLE, offset,
                "handle index " + index + " must be >= " + nextAllowed + " (strictly increasing) and < " + count
                        + " (attached handles)");
    }

    /** The invalid handle index in a non-nullable slot. */
    public static ValidationException unexpectedInvalidHandle(long offset, String what) {
        return of(ValidationError.VALIDATION_ERROR_UNEXPECTED_INVALID_HANDLE, offset,
                "non-nullable " + what + " holds the invalid handle index 0xFFFFFFFF");
    }

    /** A pointer value above {@code 0xFFFFFFFF}. */
    public static ValidationException illegalPointer(long offset, long pointer) {
        return of(ValidationError.VALIDATION_ERROR_ILLEGAL_POINTER, offset,
                "pointer 0x" + Long.toUnsignedString(pointer, 16) + " exceeds 0xFFFFFFFF");
    }

    /** A null where the schema forbids null. */
    public static ValidationException unexpectedNullPointer(long offset, String what) {
        return of(ValidationError.VALIDATION_ERROR_UNEXPECTED_NULL_POINTER, offset,
                "non-nullable " + what + " is null");
    }

    /** An associated interface index out of range or not increasing. */
    public static ValidationException illegalInterfaceIdIndex(long offset, long index, long nextAllowed, long count) {
        return of(ValidationError.VALIDATION_ERROR_ILLEGAL_INTERFACE_ID, offset,
                "interface ID index " + index + " must be >= " + nextAllowed + " (strictly increasing) and < "
                        + count + " (IDs in the payload interface-ID array)");
    }

    /** An interface ID of 0 or {@code 0xFFFFFFFF} in the payload interface-ID array. */
    public static ValidationException illegalInterfaceId(long offset, long id) {
        return of(ValidationError.VALIDATION_ERROR_ILLEGAL_INTERFACE_ID, offset,
                "interface ID " + Long.toUnsignedString(id) + " in the ID array must be neither 0 nor 0xFFFFFFFF");
    }

    /** An interface ID in the payload interface-ID array that is already in use on the receiving pipe. */
    public static ValidationException interfaceIdInUse(long offset, long id) {
        return of(ValidationError.VALIDATION_ERROR_ILLEGAL_INTERFACE_ID, offset,
                "interface ID " + Long.toUnsignedString(id) + " in the ID array is already in use on this pipe");
    }

    /** The invalid index in a non-nullable associated endpoint slot. */
    public static ValidationException unexpectedInvalidInterfaceId(long offset, String what) {
        return of(ValidationError.VALIDATION_ERROR_UNEXPECTED_INVALID_INTERFACE_ID, offset,
                "non-nullable " + what + " holds the invalid interface ID index 0xFFFFFFFF");
    }

    /** Header flags that the rule described by {@code rule} rejects. */
    public static ValidationException invalidFlags(long flags, String rule) {
        return of(ValidationError.VALIDATION_ERROR_MESSAGE_HEADER_INVALID_FLAGS, 16,
                "flags 0x" + Long.toHexString(flags) + " break the rule: " + rule);
    }

    /** A version-0 header with the expects-response or is-response bit. */
    public static ValidationException missingRequestId(long flags) {
        return of(ValidationError.VALIDATION_ERROR_MESSAGE_HEADER_MISSING_REQUEST_ID, 4,
                "a version-0 header has no request ID, but flags 0x" + Long.toHexString(flags) + " need one");
    }

    /** A method ordinal that the interface does not declare (or declares without a response). */
    public static ValidationException unknownMethod(long ordinal, String interfaceName, String rule) {
        return of(ValidationError.VALIDATION_ERROR_MESSAGE_HEADER_UNKNOWN_METHOD, 12,
                "method ordinal " + Long.toUnsignedString(ordinal) + " of " + interfaceName + ": " + rule);
    }

    /** Key and value arrays of a map with different lengths. */
    public static ValidationException differentSizedArraysInMap(long offset, long keys, long values) {
        return of(ValidationError.VALIDATION_ERROR_DIFFERENT_SIZED_ARRAYS_IN_MAP, offset,
                "map has " + keys + " key(s) but " + values + " value(s)");
    }

    /** A union tag that the non-extensible union does not declare. */
    public static ValidationException unknownUnionTag(long offset, long tag, String unionName) {
        return of(ValidationError.VALIDATION_ERROR_UNKNOWN_UNION_TAG, offset,
                "tag " + Long.toUnsignedString(tag) + " is not a field of non-extensible union " + unionName);
    }

    /** An enum value that the non-extensible enum does not declare. */
    public static ValidationException unknownEnumValue(long offset, int value, String enumName) {
        return of(ValidationError.VALIDATION_ERROR_UNKNOWN_ENUM_VALUE, offset,
                "value " + value + " is not defined by non-extensible enum " + enumName);
    }

    /** Nesting deeper than {@code limit} struct levels. */
    public static ValidationException maxRecursionDepth(long offset, int limit) {
        return of(ValidationError.VALIDATION_ERROR_MAX_RECURSION_DEPTH, offset,
                "struct nesting exceeds the limit of " + limit);
    }

    /** A binding-level rejection of an otherwise well-formed message. */
    public static ValidationException deserializationFailed(long offset, String reason) {
        return of(ValidationError.VALIDATION_ERROR_DESERIALIZATION_FAILED, offset, reason);
    }
}

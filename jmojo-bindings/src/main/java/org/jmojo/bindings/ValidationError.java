package org.jmojo.bindings;

/**
 * Why an incoming message was rejected, named exactly as Chromium's validator names it
 * (docs/wire-format.md §12.12), so that conformance {@code .expected} files compare by {@link #name()}.
 *
 * <p>There is no {@code NONE}: a message that passes produces no error at all.
 */
public enum ValidationError {
    /** A struct, array, map or out-of-line union does not start on an 8-byte boundary. */
    VALIDATION_ERROR_MISALIGNED_OBJECT(1),
    /** An object lies outside the unclaimed part of the message, overlaps, or has a bad size. */
    VALIDATION_ERROR_ILLEGAL_MEMORY_RANGE(2),
    /** A struct header whose size and version do not agree with each other or with the schema. */
    VALIDATION_ERROR_UNEXPECTED_STRUCT_HEADER(3),
    /** An array header too small for its element count, over the maximum, or of the wrong fixed length. */
    VALIDATION_ERROR_UNEXPECTED_ARRAY_HEADER(4),
    /** A handle index out of range or not strictly increasing in validation order. */
    VALIDATION_ERROR_ILLEGAL_HANDLE(5),
    /** The invalid handle index in a non-nullable handle or interface slot. */
    VALIDATION_ERROR_UNEXPECTED_INVALID_HANDLE(6),
    /** A pointer value above {@code 0xFFFFFFFF}. */
    VALIDATION_ERROR_ILLEGAL_POINTER(7),
    /** A null pointer (or null inline union) where the schema forbids null. */
    VALIDATION_ERROR_UNEXPECTED_NULL_POINTER(8),
    /** An associated interface index out of range or not increasing, or a bad ID in the ID array. */
    VALIDATION_ERROR_ILLEGAL_INTERFACE_ID(9),
    /** The invalid index in a non-nullable associated remote or receiver. */
    VALIDATION_ERROR_UNEXPECTED_INVALID_INTERFACE_ID(10),
    /** Header flags that are contradictory or do not match the method. */
    VALIDATION_ERROR_MESSAGE_HEADER_INVALID_FLAGS(11),
    /** A version-0 header on a message that needs a request ID. */
    VALIDATION_ERROR_MESSAGE_HEADER_MISSING_REQUEST_ID(12),
    /** An unknown method ordinal, or a response to a method without one. */
    VALIDATION_ERROR_MESSAGE_HEADER_UNKNOWN_METHOD(13),
    /** A map whose key and value arrays differ in length. */
    VALIDATION_ERROR_DIFFERENT_SIZED_ARRAYS_IN_MAP(14),
    /** A tag that a non-extensible union does not declare. */
    VALIDATION_ERROR_UNKNOWN_UNION_TAG(15),
    /** A value that a non-extensible enum does not declare. */
    VALIDATION_ERROR_UNKNOWN_ENUM_VALUE(16),
    /** A binding-level rejection after structural validation; never raised by the validator itself. */
    VALIDATION_ERROR_DESERIALIZATION_FAILED(17),
    /** Struct nesting deeper than the limit of docs/wire-format.md §12.8. */
    VALIDATION_ERROR_MAX_RECURSION_DEPTH(18);

    private final int code;

    ValidationError(int code) {
        this.code = code;
    }

    /** Chromium's numeric value of the error (informational; stable across jmojo releases). */
    public int code() {
        return code;
    }
}

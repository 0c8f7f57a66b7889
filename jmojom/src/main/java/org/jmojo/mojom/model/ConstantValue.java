package org.jmojo.mojom.model;

import java.math.BigInteger;
import java.util.Objects;

/**
 * An evaluated constant: the value of a {@code const}, or a field's declared default. The value
 * has already been checked against its declared type (range for integers, kind for the rest).
 */
public sealed interface ConstantValue {

    /**
     * An integer, exact. A value of type {@code uint64} can exceed {@link Long#MAX_VALUE}; use
     * {@link #longBits()} for the two's-complement bit pattern a binding stores.
     */
    record IntegerValue(BigInteger value) implements ConstantValue {
        public IntegerValue {
            Objects.requireNonNull(value, "value");
        }

        /** The low 64 bits of the value, as a signed long (wraps for large {@code uint64}). */
        public long longBits() {
            return value.longValue();
        }

        @Override
        public String toString() {
            return value.toString();
        }
    }

    /**
     * A floating-point value. For a {@code float} constant the value is already rounded to
     * binary32 (so {@code (float) value()} is exact). Covers {@code double.INFINITY},
     * {@code double.NEGATIVE_INFINITY}, {@code double.NAN} and the {@code float.*} forms.
     */
    record FloatValue(double value) implements ConstantValue {
        @Override
        public boolean equals(Object o) {
            return o instanceof FloatValue f
                    && Double.doubleToLongBits(f.value) == Double.doubleToLongBits(value);
        }

        @Override
        public int hashCode() {
            return Double.hashCode(value);
        }

        @Override
        public String toString() {
            return Double.toString(value);
        }
    }

    /** {@code true} or {@code false}. */
    record BoolValue(boolean value) implements ConstantValue {
        @Override
        public String toString() {
            return Boolean.toString(value);
        }
    }

    /** A string literal with escapes already decoded. */
    record StringValue(String value) implements ConstantValue {
        public StringValue {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return '"' + value + '"';
        }
    }

    /**
     * A value of an enum, e.g. {@code Color.GREEN}.
     *
     * @param enumName fully qualified name of the enum
     * @param valueName the enumerator's name
     * @param value its numeric value
     */
    record EnumConstant(String enumName, String valueName, int value) implements ConstantValue {
        public EnumConstant {
            Objects.requireNonNull(enumName, "enumName");
            Objects.requireNonNull(valueName, "valueName");
        }

        @Override
        public String toString() {
            return enumName + "." + valueName + "(" + value + ")";
        }
    }

    /** {@code = default} on a struct-typed field: a default-constructed struct. */
    record DefaultStruct() implements ConstantValue {
        @Override
        public String toString() {
            return "default";
        }
    }
}

package org.jmojo.mojom.gen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import java.util.Objects;
import org.jmojo.mojom.model.MojomType;

/**
 * The checks and copies that make a value of a generated type immutable and valid when it is made:
 * what a builder setter or a union member's constructor does with what it is given. Lists and maps
 * are copied into unmodifiable ones (nested ones too), primitive arrays into their immutable list
 * types; null is rejected where the Mojom type is not nullable, and a fixed-size array must have
 * its length. The exceptions name the field ({@code what}).
 */
final class ValueChecks {

    private final TypeRegistry types;

    ValueChecks(TypeRegistry types) {
        this.types = types;
    }

    /**
     * The type a setter (or builder-style factory) takes for a value of {@code t}: the stored type,
     * except that primitive arrays take any {@code List} of their boxed elements (their immutable
     * list types are such lists, and are kept as they are).
     */
    TypeName parameterType(MojomType t) {
        if (t instanceof MojomType.ArrayType a && TypeRegistry.isPrimitiveArray(a.element())
                && !(a.element() instanceof MojomType.Primitive p && isByte(p))) {
            return ParameterizedTypeName.get(TypeRegistry.LIST, types.javaType(a.element()).box());
        }
        return types.storageType(t);
    }

    private static boolean isByte(MojomType.Primitive p) {
        return p.kind() == MojomType.PrimitiveKind.INT8 || p.kind() == MojomType.PrimitiveKind.UINT8;
    }

    /**
     * The expression that checks and copies {@code value} (of {@link #parameterType}) into the
     * stored form of {@code t}.
     */
    CodeBlock copy(MojomType t, String value, String what) {
        if (types.isJavaPrimitive(t)) {
            return CodeBlock.of("$L", value);
        }
        if (t instanceof MojomType.EnumRef e && !types.isOpenEnum(t) && types.unrecognizedConstant(e.fullName()) != null) {
            // A closed enum without values: its only constant, UNRECOGNIZED, is no valid value.
            return CodeBlock.of("$T.declared($L, $L, $S)", TypeRegistry.VALUES, value, t.nullable(), what);
        }
        CodeBlock converted = switch (t) {
            case MojomType.ArrayType a -> array(a, value, what);
            case MojomType.MapType m -> CodeBlock.of("$T.map($L, $L, null, $L, $S)", TypeRegistry.VALUES, value,
                    m.value().nullable(), elementCopy(m.value(), what + " value"), what);
            default -> null;
        };
        if (converted == null) {
            return t.nullable() ? CodeBlock.of("$L", value)
                    : CodeBlock.of("$T.requireNonNull($L, $S)", Objects.class, value, what + " is not nullable");
        }
        if (t.nullable()) {
            return CodeBlock.of("$L == null ? null : $L", value, converted);
        }
        return converted;
    }

    private CodeBlock array(MojomType.ArrayType a, String value, String what) {
        MojomType element = a.element();
        CodeBlock copy;
        if (element instanceof MojomType.Primitive p) {
            copy = isByte(p) ? CodeBlock.of("$T.requireNonNull($L, $S)", Objects.class, value, what + " is not nullable")
                    : CodeBlock.of("$T.copyOf($L)", types.javaType(a), value);
        } else if (element instanceof MojomType.EnumRef e) {
            ClassName enumClass = types.classOf(e.fullName());
            copy = CodeBlock.of("$T.copyOf($L, $T::of)", TypeRegistry.ENUM_LIST, value, enumClass);
        } else {
            copy = CodeBlock.of("$T.list($L, $L, $L, $S)", TypeRegistry.VALUES, value, element.nullable(),
                    elementCopy(element, what + " element"), what);
        }
        if (a.isFixedSize()) {
            copy = CodeBlock.of("$T.fixedLength($L, $L, $S)", TypeRegistry.VALUES, copy, a.fixedLength(), what);
        }
        return copy;
    }

    /** A lambda copying one element (a nested array or map), or {@code null} for immutable elements. */
    private CodeBlock elementCopy(MojomType element, String what) {
        if (!(element instanceof MojomType.ArrayType) && !(element instanceof MojomType.MapType)) {
            return CodeBlock.of("null");
        }
        // Values.list and Values.map pass only non-null elements to the lambda.
        String e = "e" + depth(what);
        return CodeBlock.of("$L -> $L", e, copy(element.withNullable(false), e, what));
    }

    /** A fresh lambda parameter name per nesting level ({@code what} grows by one word per level). */
    private static int depth(String what) {
        return what.split(" ").length;
    }
}

package org.jmojo.mojom.gen;

import com.palantir.javapoet.CodeBlock;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.jmojo.mojom.model.ConstantValue;
import org.jmojo.mojom.model.MojomType;
import org.jmojo.mojom.model.StructDef;
import org.jmojo.mojom.model.StructField;
import org.jmojo.mojom.model.VersionInfo;

/**
 * Emits the runtime schema descriptors ({@code StructSchema}, {@code MojomKind}, ...) that the
 * validator walks, and Java literals for Mojom constants. Schemas refer to other types' schemas
 * through {@code codecs}; without one ({@link #literals}) it emits literals only.
 */
final class SchemaWriter {

    private final TypeRegistry types;
    private final CodecWriter codecs;

    SchemaWriter(TypeRegistry types, CodecWriter codecs) {
        this.types = types;
        this.codecs = codecs;
    }

    /** A writer of constant literals only. */
    static SchemaWriter literals(TypeRegistry types) {
        return new SchemaWriter(types, null);
    }

    /** {@code new StructSchema(...)} for a packed struct or parameter struct. */
    CodeBlock structSchema(StructDef def) {
        CodeBlock.Builder b = CodeBlock.builder();
        b.add("new $T($S,\n$>$>$T.of(", TypeRegistry.STRUCT_SCHEMA, def.fullName(), List.class);
        List<StructField> fields = def.fieldsInOrdinalOrder();
        if (!fields.isEmpty()) {
            b.add("\n$>");
        }
        for (int i = 0; i < fields.size(); i++) {
            StructField f = fields.get(i);
            b.add("new $T($S, $L, $L, $L, $L, $L", TypeRegistry.FIELD_SCHEMA, f.name(), f.ordinal(), kind(f.type()),
                    f.offset(), f.bit(), f.minVersion());
            if (f.defaultValue().isPresent()) {
                b.add(", $L", valueTree(f.defaultValue().get(), f.type()));
            }
            b.add(")");
            b.add(i + 1 < fields.size() ? ",\n" : "");
        }
        if (!fields.isEmpty()) {
            b.add("$<");
        }
        b.add("),\n$T.of(", List.class);
        List<VersionInfo> versions = def.versions();
        for (int i = 0; i < versions.size(); i++) {
            b.add("new $T.VersionSize($L, $L)", TypeRegistry.STRUCT_SCHEMA, versions.get(i).version(),
                    versions.get(i).numBytes());
            b.add(i + 1 < versions.size() ? ", " : "");
        }
        b.add("))$<$<");
        return b.build();
    }

    /** {@code new MojomKind.X(...)} for a type. */
    CodeBlock kind(MojomType t) {
        return switch (t) {
            case MojomType.Primitive p -> CodeBlock.of("new $T.Primitive($T.PrimitiveType.$L)", TypeRegistry.MOJOM_KIND,
                    TypeRegistry.MOJOM_KIND, p.kind().name());
            case MojomType.StringType s -> CodeBlock.of("new $T.Str($L)", TypeRegistry.MOJOM_KIND, s.nullable());
            case MojomType.HandleType h -> CodeBlock.of("new $T.Handle($T.HandleType.$L, $L)", TypeRegistry.MOJOM_KIND,
                    TypeRegistry.MOJOM_KIND, h.kind().name(), h.nullable());
            case MojomType.EndpointType ep -> CodeBlock.of("new $T.Endpoint($T.EndpointType.$L, $S, $L)",
                    TypeRegistry.MOJOM_KIND, TypeRegistry.MOJOM_KIND, ep.kind().name(), ep.interfaceName(),
                    ep.nullable());
            case MojomType.ArrayType a -> CodeBlock.of("new $T.Array($L, $LL, $L)", TypeRegistry.MOJOM_KIND,
                    kind(a.element()), a.fixedLength(), a.nullable());
            case MojomType.MapType m -> CodeBlock.of("new $T.MapKind($L, $L, $L)", TypeRegistry.MOJOM_KIND, kind(m.key()),
                    kind(m.value()), m.nullable());
            case MojomType.StructRef s -> CodeBlock.of("new $T.Struct($S, () -> $L.schema(), $L)", TypeRegistry.MOJOM_KIND,
                    s.fullName(), codecs.codec(s.fullName()), s.nullable());
            case MojomType.UnionRef u -> CodeBlock.of("new $T.Union($S, () -> $L.schema(), $L)", TypeRegistry.MOJOM_KIND,
                    u.fullName(), codecs.codec(u.fullName()), u.nullable());
            case MojomType.EnumRef e -> CodeBlock.of("new $T.Enum($L)", TypeRegistry.MOJOM_KIND,
                    codecs.enumSchema(e.fullName()));
        };
    }

    /** A declared default in the value-tree form of the runtime's generic {@code ValueCodec}. */
    private CodeBlock valueTree(ConstantValue c, MojomType t) {
        return switch (c) {
            case ConstantValue.BoolValue b -> CodeBlock.of("$L", b.value());
            case ConstantValue.StringValue s -> CodeBlock.of("$S", s.value());
            case ConstantValue.EnumConstant e -> CodeBlock.of("$L", e.value());
            case ConstantValue.DefaultStruct ignored -> CodeBlock.of("$T.of()", Map.class);
            case ConstantValue.FloatValue f -> isFloat(t) ? floatLiteral((float) f.value()) : doubleLiteral(f.value());
            case ConstantValue.IntegerValue i -> {
                if (isFloat(t)) {
                    yield floatLiteral(i.value().floatValue());
                } else if (t instanceof MojomType.Primitive p && p.kind() == MojomType.PrimitiveKind.DOUBLE) {
                    yield doubleLiteral(i.value().doubleValue());
                } else if (t instanceof MojomType.EnumRef) {
                    yield CodeBlock.of("$L", i.value().intValue());
                }
                yield CodeBlock.of("$LL", normalized(i.longBits(), t));
            }
        };
    }

    /** Integers as the generic codec reports them: unsigned kinds below 64 bits as their unsigned value. */
    private static long normalized(long bits, MojomType t) {
        if (t instanceof MojomType.Primitive p) {
            return switch (p.kind()) {
                case INT8 -> (byte) bits;
                case UINT8 -> bits & 0xFF;
                case INT16 -> (short) bits;
                case UINT16 -> bits & 0xFFFF;
                case INT32 -> (int) bits;
                case UINT32 -> bits & 0xFFFF_FFFFL;
                default -> bits;
            };
        }
        return bits;
    }

    private static boolean isFloat(MojomType t) {
        return t instanceof MojomType.Primitive p && p.kind() == MojomType.PrimitiveKind.FLOAT;
    }

    /**
     * A Java literal for a constant of Mojom type {@code t}, of the Java type
     * {@link TypeRegistry#javaType} gives: {@code (byte) 0xFF} for a {@code uint8} 255,
     * {@code Float.NaN}, {@code Color.GREEN}, {@code new Point()}.
     */
    CodeBlock literal(ConstantValue c, MojomType t) {
        return switch (c) {
            case ConstantValue.BoolValue b -> CodeBlock.of("$L", b.value());
            case ConstantValue.StringValue s -> CodeBlock.of("$S", s.value());
            case ConstantValue.EnumConstant e -> types.isOpenEnum(t) ? CodeBlock.of("$L", e.value())
                    : CodeBlock.of("$T.$L", types.classOf(e.enumName()), types.enumConstant(e.enumName(), e.valueName()));
            case ConstantValue.DefaultStruct ignored -> CodeBlock.of("$T.newBuilder().build()", types.javaType(t));
            case ConstantValue.FloatValue f -> isFloat(t) ? floatLiteral((float) f.value()) : doubleLiteral(f.value());
            case ConstantValue.IntegerValue i -> integerLiteral(i.value(), t);
        };
    }

    private CodeBlock integerLiteral(BigInteger value, MojomType t) {
        if (!(t instanceof MojomType.Primitive p)) {
            if (t instanceof MojomType.EnumRef e) {
                return types.isOpenEnum(t) ? CodeBlock.of("$L", value.intValue())
                        : CodeBlock.of("$T.of($L)", types.classOf(e.fullName()), value.intValue());
            }
            throw new IllegalArgumentException("integer constant " + value + " for type " + t.mojomName());
        }
        long bits = value.longValue();
        boolean unsigned = p.kind().isInteger() && !p.kind().isSigned();
        return switch (p.kind()) {
            case INT8, UINT8 -> unsigned && bits > Byte.MAX_VALUE
                    ? CodeBlock.of("(byte) 0x$L", Long.toHexString(bits & 0xFF).toUpperCase(java.util.Locale.ROOT))
                    : CodeBlock.of("(byte) $L", (byte) bits);
            case INT16, UINT16 -> unsigned && bits > Short.MAX_VALUE
                    ? CodeBlock.of("(short) 0x$L", Long.toHexString(bits & 0xFFFF).toUpperCase(java.util.Locale.ROOT))
                    : CodeBlock.of("(short) $L", (short) bits);
            case INT32, UINT32 -> unsigned && bits > Integer.MAX_VALUE
                    ? CodeBlock.of("0x$L", Long.toHexString(bits & 0xFFFF_FFFFL).toUpperCase(java.util.Locale.ROOT))
                    : CodeBlock.of("$L", (int) bits);
            case INT64, UINT64 -> unsigned && value.signum() > 0 && value.bitLength() == 64
                    ? CodeBlock.of("0x$LL", Long.toHexString(bits).toUpperCase(java.util.Locale.ROOT))
                    : bits == Long.MIN_VALUE ? CodeBlock.of("$T.MIN_VALUE", Long.class) : CodeBlock.of("$LL", bits);
            case FLOAT -> floatLiteral(value.floatValue());
            case DOUBLE -> doubleLiteral(value.doubleValue());
            case BOOL -> throw new IllegalArgumentException("integer constant " + value + " for a bool");
        };
    }

    static CodeBlock floatLiteral(float f) {
        if (Float.isNaN(f)) {
            return CodeBlock.of("$T.NaN", Float.class);
        }
        if (Float.isInfinite(f)) {
            return CodeBlock.of("$T.$L", Float.class, f > 0 ? "POSITIVE_INFINITY" : "NEGATIVE_INFINITY");
        }
        return CodeBlock.of("$Lf", Float.toString(f));
    }

    static CodeBlock doubleLiteral(double d) {
        if (Double.isNaN(d)) {
            return CodeBlock.of("$T.NaN", Double.class);
        }
        if (Double.isInfinite(d)) {
            return CodeBlock.of("$T.$L", Double.class, d > 0 ? "POSITIVE_INFINITY" : "NEGATIVE_INFINITY");
        }
        return CodeBlock.of("$L", Double.toString(d));
    }
}

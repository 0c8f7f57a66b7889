package org.jmojo.mojom.gen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.WildcardTypeName;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.lang.model.element.Modifier;
import org.jmojo.mojom.model.MojomType;
import org.jmojo.mojom.model.StructField;

/**
 * Emits the statements that encode and decode one value of a Mojom type with the runtime
 * {@code Encoder} and {@code Decoder}, following docs/wire-format.md §11: objects are allocated
 * depth-first in the order fields are visited, so the caller visits struct fields in ordinal order.
 *
 * <p>The emitted code uses the local names {@code encoder}, {@code decoder}, {@code handles} and
 * {@code associated}; every other local it declares ends in a number unique within the method, so
 * it cannot shadow anything. Fields are always read through {@code this.} or another qualifier.
 *
 * <p>One instance serves one generated class: it records which private static helpers
 * ({@code compareUtf8}, {@code attached}) the class needs. Not thread-safe.
 */
final class CodecWriter {

    /** Where a value sits: a union's data slot stores a nested union out of line (docs/wire-format.md §7.2). */
    enum Place {
        FIELD,
        UNION_MEMBER,
        ELEMENT
    }

    private enum Helper {
        ATTACHED,
        COMPARE_UTF8
    }

    private final TypeRegistry types;
    private final Set<Helper> helpers = EnumSet.noneOf(Helper.class);
    private int counter;

    CodecWriter(TypeRegistry types) {
        this.types = types;
    }

    /** Starts a new method: local-name numbering restarts. */
    void resetLocals() {
        counter = 0;
    }

    private String local(String base) {
        return base + counter++;
    }

    // ---- encoding ---------------------------------------------------------------------------

    /**
     * Emits statements writing {@code value} (a Java expression of {@link TypeRegistry#javaType}) into
     * the slot at {@code slot} (a Java expression of the absolute offset).
     *
     * @param what the name used in exception messages, e.g. {@code jmojo.golden.Line.a}
     */
    void write(CodeBlock.Builder b, MojomType t, String value, String slot, Place place, String what) {
        if (!t.nullable() && !TypeRegistry.isJavaPrimitive(t) && !(t instanceof MojomType.EnumRef)) {
            if (place == Place.ELEMENT) {
                b.addStatement("$T.requireNonNull($L, $S)", Objects.class, value,
                        "an element of " + what + " is null, but " + t.mojomName() + " is not nullable");
            } else {
                b.addStatement("$T.requireNonNull($L, $S)", Objects.class, value,
                        what + " is null, but " + t.mojomName() + " is not nullable");
            }
        }
        if (t instanceof MojomType.EnumRef) {
            b.addStatement("$T.requireNonNull($L, $S)", Objects.class, value, what + " is null");
        }
        switch (t) {
            case MojomType.Primitive p -> {
                if (p.kind() == MojomType.PrimitiveKind.BOOL) {
                    b.addStatement("encoder.putBool($L, 0, $L)", slot, value);
                } else {
                    b.addStatement("encoder.$L($L, $L)", putter(p.kind()), slot, value);
                }
            }
            case MojomType.EnumRef ignored -> b.addStatement("encoder.putInt32($L, $L.value())", slot, value);
            case MojomType.HandleType ignored -> writeIndex(b, value, slot, "appendHandle", t.nullable());
            case MojomType.EndpointType ep -> {
                String append = ep.kind().isAssociated() ? "appendAssociatedEndpoint" : "appendHandle";
                boolean versioned = ep.kind() == MojomType.EndpointKind.REMOTE
                        || ep.kind() == MojomType.EndpointKind.ASSOCIATED_REMOTE;
                if (!versioned) {
                    writeIndex(b, value, slot, append, t.nullable());
                } else {
                    if (t.nullable()) {
                        b.beginControlFlow("if ($L == null)", value);
                        b.addStatement("encoder.putInt32($L, $T.INVALID_INDEX)", slot, TypeRegistry.ENCODER);
                        b.nextControlFlow("else");
                    }
                    b.addStatement("encoder.putInt32($L, encoder.$L($L.endpoint()))", slot, append, value);
                    b.addStatement("encoder.putInt32($L + 4, $L.version())", slot, value);
                    if (t.nullable()) {
                        b.endControlFlow();
                    }
                }
            }
            case MojomType.StringType ignored -> {
                if (t.nullable()) {
                    b.beginControlFlow("if ($L != null)", value);
                }
                b.addStatement("encoder.putPointer($L, encoder.allocateString($L))", slot, value);
                if (t.nullable()) {
                    b.endControlFlow();
                }
            }
            case MojomType.StructRef ignored -> {
                if (t.nullable()) {
                    b.beginControlFlow("if ($L != null)", value);
                }
                b.addStatement("encoder.putPointer($L, $L.encode(encoder))", slot, value);
                if (t.nullable()) {
                    b.endControlFlow();
                }
            }
            case MojomType.UnionRef ignored -> {
                if (t.nullable()) {
                    b.beginControlFlow("if ($L != null)", value);
                }
                if (place == Place.UNION_MEMBER) {
                    String at = local("union");
                    b.addStatement("int $L = encoder.allocate(16)", at);
                    b.addStatement("$L.encodeInline(encoder, $L)", value, at);
                    b.addStatement("encoder.putPointer($L, $L)", slot, at);
                } else {
                    b.addStatement("$L.encodeInline(encoder, $L)", value, slot);
                }
                if (t.nullable()) {
                    b.endControlFlow();
                }
            }
            case MojomType.ArrayType a -> {
                if (t.nullable()) {
                    b.beginControlFlow("if ($L != null)", value);
                }
                writeArray(b, a, value, slot, what);
                if (t.nullable()) {
                    b.endControlFlow();
                }
            }
            case MojomType.MapType m -> {
                if (t.nullable()) {
                    b.beginControlFlow("if ($L != null)", value);
                }
                writeMap(b, m, value, slot, what);
                if (t.nullable()) {
                    b.endControlFlow();
                }
            }
        }
    }

    // ---- sizing -----------------------------------------------------------------------------

    /** Whether a value of {@code t} in a slot can append objects of its own when encoded. */
    static boolean hasOutOfLine(MojomType t) {
        return t instanceof MojomType.StringType || t instanceof MojomType.StructRef || t instanceof MojomType.UnionRef
                || t instanceof MojomType.ArrayType || t instanceof MojomType.MapType;
    }

    /**
     * Emits statements adding to the local {@code long size} the bytes that encoding
     * {@code value} (of {@code t}, in a slot at {@code place}) appends after its slot, with every
     * string counted as if it were ASCII: exact for ASCII text, a lower bound otherwise. A null
     * counts 0 whether or not the type allows it, so sizing never throws; encoding reports it.
     */
    void size(CodeBlock.Builder b, MojomType t, String value, Place place) {
        switch (t) {
            case MojomType.StringType ignored ->
                    b.addStatement("size += $T.stringSize($L)", TypeRegistry.ENCODER, value);
            case MojomType.StructRef ignored -> {
                b.beginControlFlow("if ($L != null)", value);
                b.addStatement("size += $L.encodedSize()", value);
                b.endControlFlow();
            }
            case MojomType.UnionRef ignored -> {
                b.beginControlFlow("if ($L != null)", value);
                b.addStatement(place == Place.UNION_MEMBER ? "size += 16 + $L.encodedSize()" : "size += $L.encodedSize()",
                        value);
                b.endControlFlow();
            }
            case MojomType.ArrayType a -> {
                MojomType element = a.element();
                int bits = elementSize(element) == 0 ? 1 : elementSize(element) * 8;
                b.beginControlFlow("if ($L != null)", value);
                b.addStatement("size += $T.arraySize($L.size(), $L)", TypeRegistry.ENCODER, value, bits);
                if (hasOutOfLine(element)) {
                    String e = local("element");
                    b.beginControlFlow("for ($T $L : $L)", types.boxed(element), e, value);
                    size(b, element, e, Place.ELEMENT);
                    b.endControlFlow();
                }
                b.endControlFlow();
            }
            case MojomType.MapType m -> {
                int keyBits = elementSize(m.key()) == 0 ? 1 : elementSize(m.key()) * 8;
                int valueBits = elementSize(m.value()) == 0 ? 1 : elementSize(m.value()) * 8;
                b.beginControlFlow("if ($L != null)", value);
                b.addStatement("size += 24 + $T.arraySize($L.size(), $L) + $T.arraySize($L.size(), $L)",
                        TypeRegistry.ENCODER, value, keyBits, TypeRegistry.ENCODER, value, valueBits);
                if (hasOutOfLine(m.key())) {
                    String k = local("key");
                    b.beginControlFlow("for ($T $L : $L.keySet())", types.boxed(m.key()), k, value);
                    size(b, m.key(), k, Place.ELEMENT);
                    b.endControlFlow();
                }
                if (hasOutOfLine(m.value())) {
                    String v = local("value");
                    b.beginControlFlow("for ($T $L : $L.values())", types.boxed(m.value()), v, value);
                    size(b, m.value(), v, Place.ELEMENT);
                    b.endControlFlow();
                }
                b.endControlFlow();
            }
            default -> { }
        }
    }

    private static void writeIndex(CodeBlock.Builder b, String value, String slot, String append, boolean nullable) {
        if (nullable) {
            b.addStatement("encoder.putInt32($L, $L == null ? $T.INVALID_INDEX : encoder.$L($L))", slot, value,
                    TypeRegistry.ENCODER, append, value);
        } else {
            b.addStatement("encoder.putInt32($L, encoder.$L($L))", slot, append, value);
        }
    }

    private void writeArray(CodeBlock.Builder b, MojomType.ArrayType a, String value, String slot, String what) {
        if (a.isFixedSize()) {
            b.beginControlFlow("if ($L.size() != $L)", value, a.fixedLength());
            b.addStatement("throw new $T($S + $L.size())", IllegalArgumentException.class,
                    what + " must have exactly " + a.fixedLength() + " elements (" + a.mojomName() + "), but has ",
                    value);
            b.endControlFlow();
        }
        MojomType element = a.element();
        int size = elementSize(element);
        String array = local("array");
        String i = local("i");
        String e = local("element");
        b.addStatement("int $L = encoder.allocateArray($L.size(), $L)", array, value, size == 0 ? 1 : size * 8);
        b.beginControlFlow("for (int $L = 0; $L < $L.size(); $L++)", i, i, value, i);
        b.addStatement("$T $L = $L.get($L)", types.boxed(element), e, value, i);
        if (size == 0) {
            b.addStatement("encoder.putBool($L + 8 + $L / 8, $L % 8, $L)", array, i, i, e);
        } else {
            write(b, element, e, array + " + 8 + " + size + "L * " + i, Place.ELEMENT, what);
        }
        b.endControlFlow();
        b.addStatement("encoder.putPointer($L, $L)", slot, array);
    }

    /**
     * Writes a map (docs/wire-format.md §6): the 24-byte map struct, then the key array and the keys'
     * objects, then the value array and the values' objects. The entries are copied once and
     * sorted by key (unless the key type has no order), so each value is read from its entry
     * rather than looked up again.
     */
    private void writeMap(CodeBlock.Builder b, MojomType.MapType m, String value, String slot, String what) {
        String map = local("map");
        String entries = local("entries");
        String keys = local("keys");
        String values = local("values");
        TypeName entryType = ParameterizedTypeName.get(ClassName.get(Map.Entry.class), types.boxed(m.key()),
                types.boxed(m.value()));
        b.addStatement("int $L = encoder.allocate(24)", map);
        b.addStatement("encoder.putStructHeader($L, 24, 0)", map);
        b.addStatement("$T $L = new $T<>($L.entrySet())", ParameterizedTypeName.get(TypeRegistry.LIST, entryType),
                entries, ArrayList.class, value);
        CodeBlock order = keyOrder(m.key());
        if (order != null) {
            b.addStatement("$L.sort($L)", entries, order);
        }
        writeEntries(b, m.key(), entries, "getKey", keys, what + " keys");
        b.addStatement("encoder.putPointer($L + 8, $L)", map, keys);
        writeEntries(b, m.value(), entries, "getValue", values, what + " values");
        b.addStatement("encoder.putPointer($L + 16, $L)", map, values);
        b.addStatement("encoder.putPointer($L, $L)", slot, map);
    }

    /** Writes the keys or the values of {@code entries} as an array whose offset goes in local {@code array}. */
    private void writeEntries(CodeBlock.Builder b, MojomType element, String entries, String getter, String array,
            String what) {
        int size = elementSize(element);
        String i = local("i");
        String e = local("element");
        b.addStatement("int $L = encoder.allocateArray($L.size(), $L)", array, entries, size == 0 ? 1 : size * 8);
        b.beginControlFlow("for (int $L = 0; $L < $L.size(); $L++)", i, i, entries, i);
        b.addStatement("$T $L = $L.get($L).$L()", types.boxed(element), e, entries, i, getter);
        if (size == 0) {
            b.addStatement("encoder.putBool($L + 8 + $L / 8, $L % 8, $L)", array, i, i, e);
        } else {
            write(b, element, e, array + " + 8 + " + size + "L * " + i, Place.ELEMENT, what);
        }
        b.endControlFlow();
    }

    /**
     * The order writers emit map keys in (docs/wire-format.md §6), as a comparator of map entries:
     * numeric for integers (unsigned kinds as unsigned), by value for enums, bytewise UTF-8 for
     * strings; null (insertion order) for struct keys, which have no natural order. Every
     * comparator is a non-capturing lambda, so sorting allocates no comparator.
     */
    private CodeBlock keyOrder(MojomType key) {
        return switch (key) {
            case MojomType.Primitive p -> switch (p.kind()) {
                case UINT8 -> CodeBlock.of("(x, y) -> $T.compareUnsigned(x.getKey(), y.getKey())", Byte.class);
                case UINT16 -> CodeBlock.of("(x, y) -> $T.compareUnsigned(x.getKey(), y.getKey())", Short.class);
                case UINT32 -> CodeBlock.of("(x, y) -> $T.compareUnsigned(x.getKey(), y.getKey())", Integer.class);
                case UINT64 -> CodeBlock.of("(x, y) -> $T.compareUnsigned(x.getKey(), y.getKey())", Long.class);
                default -> CodeBlock.of("(x, y) -> x.getKey().compareTo(y.getKey())");
            };
            case MojomType.EnumRef ignored ->
                    CodeBlock.of("(x, y) -> $T.compare(x.getKey().value(), y.getKey().value())", Integer.class);
            case MojomType.StringType ignored -> {
                helpers.add(Helper.COMPARE_UTF8);
                yield CodeBlock.of("(x, y) -> compareUtf8(x.getKey(), y.getKey())");
            }
            default -> null;
        };
    }

    /** Bytes per array element; 0 for bool (one bit). */
    static int elementSize(MojomType t) {
        return t instanceof MojomType.UnionRef ? 16 : t.slotSize();
    }

    private static String putter(MojomType.PrimitiveKind k) {
        return switch (k) {
            case INT8, UINT8 -> "putInt8";
            case INT16, UINT16 -> "putInt16";
            case INT32, UINT32 -> "putInt32";
            case INT64, UINT64 -> "putInt64";
            case FLOAT -> "putFloat";
            case DOUBLE -> "putDouble";
            case BOOL -> throw new IllegalArgumentException("bools are bits, not slots");
        };
    }

    private static String getter(MojomType.PrimitiveKind k) {
        return switch (k) {
            case INT8, UINT8 -> "getInt8";
            case INT16, UINT16 -> "getInt16";
            case INT32, UINT32 -> "getInt32";
            case INT64, UINT64 -> "getInt64";
            case FLOAT -> "getFloat";
            case DOUBLE -> "getDouble";
            case BOOL -> throw new IllegalArgumentException("bools are bits, not slots");
        };
    }

    // ---- decoding ---------------------------------------------------------------------------

    /**
     * Emits the statements needed to read the value in the slot at {@code slot} and returns the
     * expression that yields it (of {@link TypeRegistry#javaType}). The message has been validated.
     */
    CodeBlock read(CodeBlock.Builder b, MojomType t, String slot, Place place) {
        return switch (t) {
            case MojomType.Primitive p -> p.kind() == MojomType.PrimitiveKind.BOOL
                    ? CodeBlock.of("decoder.getBool($L, 0)", slot)
                    : CodeBlock.of("decoder.$L($L)", getter(p.kind()), slot);
            case MojomType.EnumRef e -> CodeBlock.of("$T.of(decoder.getInt32($L))", types.classOf(e.fullName()), slot);
            case MojomType.HandleType ignored -> attached(TypeRegistry.HANDLE, "handles", slot);
            case MojomType.EndpointType ep -> switch (ep.kind()) {
                case RECEIVER -> attached(TypeRegistry.HANDLE, "handles", slot);
                case ASSOCIATED_RECEIVER -> attached(null, "associated", slot);
                case REMOTE, ASSOCIATED_REMOTE -> {
                    helpers.add(Helper.ATTACHED);
                    String endpoint = local("endpoint");
                    String list = ep.kind() == MojomType.EndpointKind.REMOTE ? "handles" : "associated";
                    b.addStatement("$T $L = attached($L, decoder, $L)", Object.class, endpoint, list, slot);
                    yield CodeBlock.of("$L == null ? null : new $T($L, decoder.getInt32($L + 4))", endpoint,
                            TypeRegistry.REMOTE_VALUE, endpoint, slot);
                }
            };
            case MojomType.StringType ignored -> CodeBlock.of("decoder.getString($L)", slot);
            case MojomType.StructRef s -> {
                String at = local("struct");
                b.addStatement("long $L = decoder.pointerTarget($L)", at, slot);
                yield CodeBlock.of("$L < 0 ? null : $T.decode(decoder, $L, handles, associated)", at,
                        types.classOf(s.fullName()), at);
            }
            case MojomType.UnionRef u -> {
                if (place == Place.UNION_MEMBER) {
                    String at = local("union");
                    b.addStatement("long $L = decoder.pointerTarget($L)", at, slot);
                    yield CodeBlock.of("$L < 0 ? null : $T.decodeInline(decoder, $L, handles, associated)", at,
                            types.classOf(u.fullName()), at);
                }
                yield CodeBlock.of("$T.decodeInline(decoder, $L, handles, associated)", types.classOf(u.fullName()),
                        slot);
            }
            case MojomType.ArrayType a -> {
                String out = local("list");
                String at = local("array");
                b.addStatement("$T $L = null", types.javaType(a), out);
                b.addStatement("long $L = decoder.pointerTarget($L)", at, slot);
                b.beginControlFlow("if ($L >= 0)", at);
                b.addStatement("$L = $L", out, readArrayBody(b, a.element(), at));
                b.endControlFlow();
                yield CodeBlock.of("$L", out);
            }
            case MojomType.MapType m -> {
                String out = local("map");
                String at = local("mapStruct");
                b.addStatement("$T $L = null", types.javaType(m), out);
                b.addStatement("long $L = decoder.pointerTarget($L)", at, slot);
                b.beginControlFlow("if ($L >= 0)", at);
                // The validator proved both arrays non-null and of the same length.
                String keys = local("keys");
                String values = local("values");
                String n = local("n");
                String i = local("i");
                b.addStatement("long $L = decoder.pointerTarget($L + 8)", keys, at);
                b.addStatement("long $L = decoder.pointerTarget($L + 16)", values, at);
                b.addStatement("int $L = decoder.getInt32($L + 4)", n, keys);
                b.addStatement("$L = $T.newLinkedHashMap($L)", out, LinkedHashMap.class, n);
                b.beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, n, i);
                CodeBlock key = readElement(b, m.key(), keys, i);
                CodeBlock val = readElement(b, m.value(), values, i);
                b.addStatement("$L.put($L, $L)", out, key, val);
                b.endControlFlow();
                b.endControlFlow();
                yield CodeBlock.of("$L", out);
            }
        };
    }

    // ---- validating decoding ----------------------------------------------------------------

    /**
     * Emits the statements that check field {@code index} (in ordinal order) of the struct at
     * local {@code at} with the {@code ValidatingReader} local {@code reader} and assign its value to
     * {@code target}. Strings and structs, also as array elements, map keys, map values and union
     * members, are checked as they are read; arrays, maps, enums and unions check their headers
     * (and any elements or members of other kinds) through {@code reader} before the trusted
     * {@code decoder} reads them; handles and endpoints are checked by {@code reader.field}, the validator's own field
     * check; primitives and bools need no check.
     */
    void readChecked(CodeBlock.Builder b, StructField f, int index, String target) {
        MojomType t = f.type();
        String slot = "at + " + f.offset();
        switch (t) {
            case MojomType.Primitive p when p.kind() == MojomType.PrimitiveKind.BOOL ->
                    b.addStatement("$L = decoder.getBool($L, $L)", target, slot, f.bit());
            case MojomType.Primitive ignored -> b.addStatement("$L = $L", target, read(b, t, slot, Place.FIELD));
            case MojomType.EnumRef e -> b.addStatement("$L = $T.of(reader.enumField(at, SCHEMA, $L))", target,
                    types.classOf(e.fullName()), index);
            case MojomType.StringType ignored ->
                    b.addStatement("$L = reader.string($L, $L, $S)", target, slot, t.nullable(), f.name());
            case MojomType.StructRef s -> {
                String at = local("struct");
                b.addStatement("long $L = reader.struct($L, $L, $S)", at, slot, t.nullable(), f.name());
                b.beginControlFlow("if ($L >= 0)", at);
                b.addStatement("$L = $T.decode(reader, $L, handles, associated)", target, types.classOf(s.fullName()),
                        at);
                b.addStatement("reader.leaveStruct()");
                b.endControlFlow();
            }
            case MojomType.UnionRef u -> {
                String tag = local("tag");
                b.addStatement("int $L = reader.unionTag(at, SCHEMA, $L)", tag, index);
                b.beginControlFlow("if ($L != -1)", tag);
                b.addStatement("$L = $T.decodeInline(reader, $L, $L, handles, associated)", target,
                        types.classOf(u.fullName()), slot, tag);
                b.endControlFlow();
            }
            case MojomType.ArrayType a -> {
                String array = local("array");
                b.addStatement("long $L = reader.arrayField(at, SCHEMA, $L)", array, index);
                b.beginControlFlow("if ($L >= 0)", array);
                b.addStatement("$L = $L", target, readCheckedArray(b, a.element(), array));
                b.endControlFlow();
            }
            case MojomType.MapType m -> {
                String map = local("map");
                String keys = local("keys");
                String values = local("values");
                String n = local("n");
                String out = local("entries");
                String i = local("i");
                b.addStatement("long $L = reader.mapField(at, SCHEMA, $L)", map, index);
                b.beginControlFlow("if ($L >= 0)", map);
                b.addStatement("long $L = reader.mapKeys($L, SCHEMA, $L)", keys, map, index);
                CodeBlock keyList = readCheckedArray(b, m.key(), keys);
                boolean checkedValues = checkedAsRead(m.value());
                b.addStatement("long $L = reader.mapValues($L, SCHEMA, $L)", values, map, index);
                // Values that are checked as they are read are read before the length check, as
                // the validator checks them; other values were checked by mapValues.
                CodeBlock valueList = checkedValues ? readCheckedArray(b, m.value(), values) : null;
                b.addStatement("reader.mapEnd($L, $L, $L)", map, keys, values);
                String k = listLocal(b, m.key(), keyList, "keyList");
                String v = checkedValues ? listLocal(b, m.value(), valueList, "valueList") : null;
                b.addStatement("int $L = $L.size()", n, k);
                b.addStatement("$T $L = $T.newLinkedHashMap($L)", types.javaType(m), out, LinkedHashMap.class, n);
                b.beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, n, i);
                CodeBlock value = checkedValues ? CodeBlock.of("$L.get($L)", v, i) : readElement(b, m.value(), values, i);
                b.addStatement("$L.put($L.get($L), $L)", out, k, i, value);
                b.endControlFlow();
                b.addStatement("$L = $L", target, out);
                b.endControlFlow();
            }
            default -> {
                b.addStatement("reader.field(at, SCHEMA, $L)", index);
                b.addStatement("$L = $L", target, read(b, t, slot, Place.FIELD));
            }
        }
    }

    /** A local holding the list {@code list} evaluates to: {@code list} itself if it names one. */
    private String listLocal(CodeBlock.Builder b, MojomType element, CodeBlock list, String base) {
        String text = list.toString();
        if (text.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return text;
        }
        String local = local(base);
        b.addStatement("$T $L = $L", ParameterizedTypeName.get(TypeRegistry.LIST, types.boxed(element)), local, list);
        return local;
    }

    /** Whether {@code reader} checks elements of {@code t} as they are read (strings and structs). */
    private static boolean checkedAsRead(MojomType t) {
        return t instanceof MojomType.StringType || t instanceof MojomType.StructRef;
    }

    /**
     * Reads the array at local {@code array}, whose header {@code reader} has checked: strings
     * and structs are checked element by element as they are read; other elements were checked
     * with the header and are read by the trusted decoder. Returns the list expression.
     */
    private CodeBlock readCheckedArray(CodeBlock.Builder b, MojomType element, String array) {
        if (!checkedAsRead(element)) {
            return readArrayBody(b, element, array);
        }
        String n = local("n");
        String out = local("elements");
        String i = local("i");
        b.addStatement("int $L = decoder.getInt32($L + 4)", n, array);
        b.addStatement("$T $L = new $T<>($L)", ParameterizedTypeName.get(TypeRegistry.LIST, types.boxed(element)),
                out, ArrayList.class, n);
        b.beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, n, i);
        String slot = array + " + 8 + 8L * " + i;
        if (element instanceof MojomType.StructRef s) {
            String at = local("struct");
            String value = local("element");
            ClassName cls = types.classOf(s.fullName());
            b.addStatement("long $L = reader.structElement($L, $L, $L)", at, slot, element.nullable(), i);
            b.addStatement("$T $L = null", cls, value);
            b.beginControlFlow("if ($L >= 0)", at);
            b.addStatement("$L = $T.decode(reader, $L, handles, associated)", value, cls, at);
            b.addStatement("reader.leaveStruct()");
            b.endControlFlow();
            b.addStatement("$L.add($L)", out, value);
        } else {
            b.addStatement("$L.add(reader.stringElement($L, $L, $L))", out, slot, element.nullable(), i);
        }
        b.endControlFlow();
        return CodeBlock.of("$L", out);
    }

    /** Reads the array object at {@code at} (an expression); returns the list expression. */
    private CodeBlock readArrayBody(CodeBlock.Builder b, MojomType element, String atExpr) {
        String at = atExpr;
        if (!atExpr.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            at = local("array");
            b.addStatement("long $L = $L", at, atExpr);
        }
        String n = local("n");
        b.addStatement("int $L = decoder.getInt32($L + 4)", n, at);
        if (element instanceof MojomType.Primitive p) {
            // 32- and 64-bit integers are copied into a primitive-backed list rather than boxed one by one.
            switch (p.kind()) {
                case INT32, UINT32 -> {
                    return CodeBlock.of("new $T(decoder.getInt32s($L + 8, $L))", TypeRegistry.INT_ARRAY_LIST, at, n);
                }
                case INT64, UINT64 -> {
                    return CodeBlock.of("new $T(decoder.getInt64s($L + 8, $L))", TypeRegistry.LONG_ARRAY_LIST, at, n);
                }
                default -> { }
            }
        }
        String out = local("elements");
        String i = local("i");
        b.addStatement("$T $L = new $T<>($L)", ParameterizedTypeName.get(TypeRegistry.LIST, types.boxed(element)), out,
                ArrayList.class, n);
        b.beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, n, i);
        b.addStatement("$L.add($L)", out, readElement(b, element, at, i));
        b.endControlFlow();
        return CodeBlock.of("$L", out);
    }

    /** Emits what reading element {@code i} of the array at {@code at} needs; returns its expression. */
    private CodeBlock readElement(CodeBlock.Builder b, MojomType element, String at, String i) {
        int size = elementSize(element);
        if (size == 0) {
            return CodeBlock.of("decoder.getBool($L + 8 + $L / 8, $L % 8)", at, i, i);
        }
        return read(b, element, at + " + 8 + " + size + "L * " + i, Place.ELEMENT);
    }

    private CodeBlock attached(ClassName cast, String list, String slot) {
        helpers.add(Helper.ATTACHED);
        return cast == null
                ? CodeBlock.of("attached($L, decoder, $L)", list, slot)
                : CodeBlock.of("($T) attached($L, decoder, $L)", cast, list, slot);
    }

    // ---- helpers ----------------------------------------------------------------------------

    /** The private static helper methods the emitted code of this class calls. */
    List<MethodSpec> helperMethods() {
        List<MethodSpec> out = new ArrayList<>();
        if (helpers.contains(Helper.COMPARE_UTF8)) {
            out.add(MethodSpec.methodBuilder("compareUtf8")
                    .addJavadoc("Compares like the strings' UTF-8 bytes do (code point order), without encoding "
                            + "them: UTF-16\norder differs only in that surrogates, which encode code points above "
                            + "U+FFFF, must sort after\nU+E000..U+FFFF.\n")
                    .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                    .returns(int.class)
                    .addParameter(String.class, "a")
                    .addParameter(String.class, "b")
                    .addStatement("int n = $T.min(a.length(), b.length())", Math.class)
                    .beginControlFlow("for (int i = 0; i < n; i++)")
                    .addStatement("char x = a.charAt(i)")
                    .addStatement("char y = b.charAt(i)")
                    .beginControlFlow("if (x != y)")
                    .addStatement("int kx = $T.isSurrogate(x) ? x + 0x10000 : x", Character.class)
                    .addStatement("int ky = $T.isSurrogate(y) ? y + 0x10000 : y", Character.class)
                    .addStatement("return $T.compare(kx, ky)", Integer.class)
                    .endControlFlow()
                    .endControlFlow()
                    .addStatement("return $T.compare(a.length(), b.length())", Integer.class)
                    .build());
        }
        if (helpers.contains(Helper.ATTACHED)) {
            out.add(MethodSpec.methodBuilder("attached")
                    .addJavadoc("The attached object the index in {@code slot} selects, or null for the invalid index.\n")
                    .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                    .returns(Object.class)
                    .addParameter(ParameterizedTypeName.get(TypeRegistry.LIST, WildcardTypeName.subtypeOf(Object.class)),
                            "list")
                    .addParameter(TypeRegistry.DECODER, "decoder")
                    .addParameter(long.class, "slot")
                    .addStatement("long index = decoder.getUInt32(slot)")
                    .addStatement("return index == 0xFFFF_FFFFL ? null : list.get((int) index)")
                    .build());
        }
        return out;
    }
}

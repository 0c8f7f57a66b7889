package org.jmojo.mojom.gen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.lang.model.element.Modifier;
import org.jmojo.mojom.model.MojomFile;
import org.jmojo.mojom.model.MojomType;
import org.jmojo.mojom.model.StructField;

/**
 * Emits the statements that write, size and read one value of a Mojom type with the runtime's
 * {@code Encoder}, {@code Decoder} and {@code ValidatingReader}, following docs/wire-format.md: objects
 * are allocated depth-first in the order fields are visited (§11), so callers visit struct fields in
 * ordinal order; every object is checked before it is read (§12).
 *
 * <p>The wire rules of each Mojom type are written here once, as three views of the same layout:
 * {@link #write}, {@link #size} and {@link #read} (a checked object), plus {@link #readChecked} for a
 * struct field, which checks as it reads through the reader's per-field checks. Values are Java
 * expressions of {@link TypeRegistry#storageType}.
 *
 * <p>The emitted code uses the local names {@code encoder}, {@code decoder} and {@code reader}; every
 * other local it declares is {@code base_N}, a name no field-derived local has (those have no
 * underscore after the first character), so nothing is shadowed.
 *
 * <p>One instance serves one generated codecs class: it records the codecs of other files the code
 * refers to and the helper methods it needs, for {@link #foreignFields} and {@link #helperMethods}.
 * Not thread-safe.
 */
final class CodecWriter {

    /** Where a value sits: a union's data slot stores a nested union out of line (docs/wire-format.md §7.2). */
    enum Place {
        FIELD,
        UNION_MEMBER,
        ELEMENT
    }

    private final TypeRegistry types;
    private final MojomFile file;
    private final ClassName codecs;
    /** Codecs and enum schemas of other files, by full name: the field of this codecs class that caches each. */
    private final Map<String, String> foreign = new LinkedHashMap<>();
    private boolean compareUtf8;
    private int counter;

    CodecWriter(TypeRegistry types, MojomFile file) {
        this.types = types;
        this.file = file;
        this.codecs = types.codecsClass(file);
    }

    /** Starts a new method: local-name numbering restarts. */
    void resetLocals() {
        counter = 0;
    }

    private String local(String base) {
        return base + "_" + counter++;
    }

    // ---- references to other generated code -------------------------------------------------

    /**
     * The codec of struct or union {@code fullName}: this file's field, or a field of this class
     * caching the one {@code Codecs} finds for another file's type.
     */
    CodeBlock codec(String fullName) {
        if (types.fileOf(fullName) == file) {
            return CodeBlock.of("$T.INSTANCE", types.codecClass(fullName));
        }
        return CodeBlock.of("$T.$L", codecs, foreign.computeIfAbsent(fullName, this::foreignName));
    }

    /** The {@code EnumSchema} of enum {@code fullName}, likewise. */
    CodeBlock enumSchema(String fullName) {
        return codec(fullName);
    }

    private String foreignName(String fullName) {
        return "IMPORTED_" + Names.constantStyle(fullName.replace('.', '_')) + "_" + foreign.size();
    }

    /** The fields caching the codecs and enum schemas of other files that this class's code refers to. */
    List<FieldSpec> foreignFields() {
        List<FieldSpec> out = new ArrayList<>();
        foreign.forEach((fullName, field) -> {
            ClassName type = types.classOf(fullName);
            FieldSpec.Builder f;
            switch (types.definition(fullName)) {
                case org.jmojo.mojom.model.EnumDef ignored -> f = FieldSpec.builder(TypeRegistry.ENUM_SCHEMA, field)
                        .initializer("$T.enumSchema($T.class)", TypeRegistry.CODECS, type);
                case org.jmojo.mojom.model.UnionDef ignored -> f = FieldSpec.builder(
                        ParameterizedTypeName.get(TypeRegistry.UNION_CODEC, type), field)
                        .initializer("$T.union($T.class)", TypeRegistry.CODECS, type);
                default -> f = FieldSpec.builder(ParameterizedTypeName.get(TypeRegistry.STRUCT_CODEC, type), field)
                        .initializer("$T.struct($T.class)", TypeRegistry.CODECS, type);
            }
            out.add(f.addModifiers(Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc("The codec of {@code $L}, defined in another file.\n", fullName).build());
        });
        return out;
    }

    // ---- encoding ---------------------------------------------------------------------------

    /**
     * Emits statements writing {@code value} into the slot at {@code slot} (a Java expression of the
     * absolute offset). A value of a non-nullable type is never null: builders and union members
     * check that when a value is made.
     */
    void write(CodeBlock.Builder b, MojomType t, String value, String slot, Place place) {
        boolean nullCheck = t.nullable() && !(t instanceof MojomType.HandleType) && !(t instanceof MojomType.EndpointType);
        if (nullCheck) {
            b.beginControlFlow("if ($L != null)", value);
        }
        switch (t) {
            case MojomType.Primitive p -> {
                if (p.kind() == MojomType.PrimitiveKind.BOOL) {
                    b.addStatement("encoder.putBool($L, 0, $L)", slot, value);
                } else {
                    b.addStatement("encoder.$L($L, $L)", Wire.putter(p.kind()), slot, value);
                }
            }
            case MojomType.EnumRef ignored -> b.addStatement(types.isOpenEnum(t) ? "encoder.putInt32($L, $L)"
                    : "encoder.putInt32($L, $L.value())", slot, value);
            case MojomType.HandleType ignored -> writeIndex(b, value, slot, "appendHandle($L)", t.nullable());
            case MojomType.EndpointType ep -> {
                String append = ep.kind().isAssociated() ? "appendAssociatedEndpoint($L)" : "appendHandle($L.endpoint())";
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
                    b.addStatement("encoder.putInt32($L, encoder." + append + ")", slot, value);
                    b.addStatement("encoder.putInt32($L, $L.version())", Wire.at(slot, Wire.INTERFACE_VERSION_OFFSET), value);
                    if (t.nullable()) {
                        b.endControlFlow();
                    }
                }
            }
            case MojomType.StringType ignored ->
                    b.addStatement("encoder.putPointer($L, encoder.allocateString($L))", slot, value);
            case MojomType.StructRef s ->
                    b.addStatement("encoder.putPointer($L, $L.encode(encoder, $L))", slot, codec(s.fullName()), value);
            case MojomType.UnionRef u -> {
                if (place == Place.UNION_MEMBER) {
                    String at = local("union");
                    b.addStatement("int $L = encoder.allocate($L)", at, Wire.UNION_SIZE);
                    b.addStatement("$L.encode(encoder, $L, $L)", codec(u.fullName()), value, at);
                    b.addStatement("encoder.putPointer($L, $L)", slot, at);
                } else {
                    b.addStatement("$L.encode(encoder, $L, $L)", codec(u.fullName()), value, slot);
                }
            }
            case MojomType.ArrayType a -> {
                if (TypeRegistry.isPrimitiveArray(a.element())) {
                    b.addStatement("encoder.putPointer($L, encoder.allocateArray($L))", slot, value);
                } else {
                    writeArray(b, a, value, slot);
                }
            }
            case MojomType.MapType m -> writeMap(b, m, value, slot);
        }
        if (nullCheck) {
            b.endControlFlow();
        }
    }

    private static void writeIndex(CodeBlock.Builder b, String value, String slot, String append, boolean nullable) {
        CodeBlock appended = CodeBlock.of("encoder." + append, value);
        if (nullable) {
            b.addStatement("encoder.putInt32($L, $L == null ? $T.INVALID_INDEX : $L)", slot, value, TypeRegistry.ENCODER,
                    appended);
        } else {
            b.addStatement("encoder.putInt32($L, $L)", slot, appended);
        }
    }

    private void writeArray(CodeBlock.Builder b, MojomType.ArrayType a, String value, String slot) {
        MojomType element = a.element();
        int size = Wire.elementSize(element);
        String array = local("array");
        String i = local("i");
        String e = local("element");
        b.addStatement("int $L = encoder.allocateArray($L.size(), $L)", array, value, size * 8);
        b.beginControlFlow("for (int $L = 0; $L < $L.size(); $L++)", i, i, value, i);
        b.addStatement("$T $L = $L.get($L)", types.javaType(element).box(), e, value, i);
        write(b, element, e, Wire.element(array, size, i), Place.ELEMENT);
        b.endControlFlow();
        b.addStatement("encoder.putPointer($L, $L)", slot, array);
    }

    /**
     * Writes a map (docs/wire-format.md §6): the 24-byte map struct, then the key array and the keys'
     * objects, then the value array and the values' objects. The keys are copied once into an array
     * and sorted (unless the key type has no order), and each value is looked up by its key: one
     * allocation, where copying the entries would also wrap each entry of an unmodifiable map.
     * Key types are never generic, so the array is typed.
     */
    private void writeMap(CodeBlock.Builder b, MojomType.MapType m, String value, String slot) {
        String map = local("map");
        String sorted = local("sortedKeys");
        String keys = local("keys");
        String values = local("values");
        TypeName keyType = types.storageType(m.key()).box();
        b.addStatement("int $L = encoder.allocate($L)", map, Wire.MAP_SIZE);
        b.addStatement("encoder.putStructHeader($L, $L, 0)", map, Wire.MAP_SIZE);
        b.addStatement("$T[] $L = $L.keySet().toArray(new $T[0])", keyType, sorted, value, keyType);
        CodeBlock order = keyOrder(m.key());
        if (order != null) {
            b.addStatement("$T.sort($L, $L)", Arrays.class, sorted, order);
        }
        writeEntries(b, m.key(), sorted, i -> CodeBlock.of("$L[$L]", sorted, i), keys);
        b.addStatement("encoder.putPointer($L, $L)", Wire.at(map, Wire.MAP_KEYS_OFFSET), keys);
        writeEntries(b, m.value(), sorted, i -> CodeBlock.of("$L.get($L[$L])", value, sorted, i), values);
        b.addStatement("encoder.putPointer($L, $L)", Wire.at(map, Wire.MAP_VALUES_OFFSET), values);
        b.addStatement("encoder.putPointer($L, $L)", slot, map);
    }

    /**
     * Writes one value per key of the key array {@code sorted}, {@code elementAt} giving the
     * expression of the one at an index, as an array whose offset goes in local {@code array}.
     */
    private void writeEntries(CodeBlock.Builder b, MojomType element, String sorted,
            Function<String, CodeBlock> elementAt, String array) {
        int size = Wire.elementSize(element);
        String i = local("i");
        String e = local("element");
        b.addStatement("int $L = encoder.allocateArray($L.length, $L)", array, sorted, size == 0 ? 1 : size * 8);
        b.beginControlFlow("for (int $L = 0; $L < $L.length; $L++)", i, i, sorted, i);
        b.addStatement("$T $L = $L", types.storageType(element).box(), e, elementAt.apply(i));
        if (size == 0) {
            b.addStatement("encoder.putBool($L + $L / 8, $L % 8, $L)", Wire.at(array, Wire.HEADER), i, i, e);
        } else {
            write(b, element, e, Wire.element(array, size, i), Place.ELEMENT);
        }
        b.endControlFlow();
    }

    /**
     * The order writers emit map keys in (docs/wire-format.md §6), as a comparator of keys:
     * numeric for integers (unsigned kinds as unsigned), by value for enums, bytewise UTF-8 for
     * strings; null (insertion order) for keys with no natural order. Every comparator is a
     * non-capturing lambda, so sorting allocates no comparator.
     */
    private CodeBlock keyOrder(MojomType key) {
        return switch (key) {
            case MojomType.Primitive p -> switch (p.kind()) {
                case UINT8 -> CodeBlock.of("$T::compareUnsigned", Byte.class);
                case UINT16 -> CodeBlock.of("$T::compareUnsigned", Short.class);
                case UINT32 -> CodeBlock.of("$T::compareUnsigned", Integer.class);
                case UINT64 -> CodeBlock.of("$T::compareUnsigned", Long.class);
                default -> CodeBlock.of("(x, y) -> x.compareTo(y)");
            };
            case MojomType.EnumRef ignored -> types.isOpenEnum(key)
                    ? CodeBlock.of("(x, y) -> x.compareTo(y)")
                    : CodeBlock.of("(x, y) -> $T.compare(x.value(), y.value())", Integer.class);
            case MojomType.StringType ignored -> {
                compareUtf8 = true;
                yield CodeBlock.of("$T::compareUtf8", codecs);
            }
            default -> null;
        };
    }


    // ---- sizing -----------------------------------------------------------------------------

    /**
     * Emits statements adding to the local {@code long size} the bytes that encoding {@code value}
     * (of {@code t}, in a slot at {@code place}) appends after its slot, every string counted as if
     * it were ASCII: exact for ASCII text, a lower bound otherwise.
     */
    void size(CodeBlock.Builder b, MojomType t, String value, Place place) {
        if (!Wire.hasOutOfLine(t)) {
            return;
        }
        if (t.nullable() || t instanceof MojomType.UnionRef) {
            b.beginControlFlow("if ($L != null)", value);
        }
        switch (t) {
            case MojomType.StringType ignored -> b.addStatement("size += $T.stringSize($L)", TypeRegistry.ENCODER, value);
            case MojomType.StructRef s -> b.addStatement("size += $L.encodedSize($L)", codec(s.fullName()), value);
            case MojomType.UnionRef u -> b.addStatement(place == Place.UNION_MEMBER
                    ? CodeBlock.of("size += $L + $L.encodedSize($L)", Wire.UNION_SIZE, codec(u.fullName()), value)
                    : CodeBlock.of("size += $L.encodedSize($L)", codec(u.fullName()), value));
            case MojomType.ArrayType a -> {
                MojomType element = a.element();
                b.addStatement("size += $T.arraySize($L.size(), $L)", TypeRegistry.ENCODER, value, Wire.elementBits(element));
                if (Wire.hasOutOfLine(element)) {
                    // By index, as encode walks it: lists of values are random-access, and an
                    // iterator would be one or two objects per list.
                    String i = local("i");
                    String e = local("element");
                    b.beginControlFlow("for (int $L = 0; $L < $L.size(); $L++)", i, i, value, i);
                    b.addStatement("$T $L = $L.get($L)", types.javaType(element).box(), e, value, i);
                    size(b, element, e, Place.ELEMENT);
                    b.endControlFlow();
                }
            }
            case MojomType.MapType m -> {
                b.addStatement("size += $L + $T.arraySize($L.size(), $L) + $T.arraySize($L.size(), $L)",
                        Wire.MAP_SIZE, TypeRegistry.ENCODER, value, Wire.elementBits(m.key()), TypeRegistry.ENCODER, value,
                        Wire.elementBits(m.value()));
                if (Wire.hasOutOfLine(m.key())) {
                    // String keys (the only out-of-line kind) through one array copy, as encode
                    // takes them: iterating the key set of an unmodifiable map takes two iterators.
                    TypeName keyType = types.storageType(m.key()).box();
                    String keys = local("keys");
                    String k = local("key");
                    b.addStatement("$T[] $L = $L.keySet().toArray(new $T[0])", keyType, keys, value, keyType);
                    b.beginControlFlow("for ($T $L : $L)", keyType, k, keys);
                    size(b, m.key(), k, Place.ELEMENT);
                    b.endControlFlow();
                }
                if (Wire.hasOutOfLine(m.value())) {
                    String v = local("value");
                    b.beginControlFlow("for ($T $L : $L.values())", types.storageType(m.value()).box(), v, value);
                    size(b, m.value(), v, Place.ELEMENT);
                    b.endControlFlow();
                }
            }
            default -> throw new IllegalStateException("no out-of-line part: " + t.mojomName());
        }
        if (t.nullable() || t instanceof MojomType.UnionRef) {
            b.endControlFlow();
        }
    }

    // ---- reading checked objects ------------------------------------------------------------

    /**
     * Emits the statements needed to read the value in the slot at {@code slot}, which the reader
     * has checked with everything it points to, and returns the expression that yields it. The code
     * must have the locals {@code reader} and {@code decoder}.
     */
    CodeBlock read(CodeBlock.Builder b, MojomType t, String slot, Place place) {
        return switch (t) {
            case MojomType.Primitive p -> p.kind() == MojomType.PrimitiveKind.BOOL
                    ? CodeBlock.of("decoder.getBool($L, 0)", slot)
                    : CodeBlock.of("decoder.$L($L)", Wire.getter(p.kind()), slot);
            case MojomType.EnumRef e -> types.isOpenEnum(t) ? CodeBlock.of("decoder.getInt32($L)", slot)
                    : CodeBlock.of("$T.of(decoder.getInt32($L))", types.classOf(e.fullName()), slot);
            case MojomType.HandleType ignored ->
                    CodeBlock.of("reader.handle($L, $T.class, $S)", slot, types.javaType(t), t.mojomName());
            case MojomType.EndpointType ep -> readEndpoint(b, ep, slot);
            case MojomType.StringType ignored -> CodeBlock.of("decoder.getString($L)", slot);
            case MojomType.StructRef s -> {
                String at = local("struct");
                b.addStatement("long $L = decoder.pointerTarget($L)", at, slot);
                yield CodeBlock.of("$L < 0 ? null : $L.read(reader, $L)", at, codec(s.fullName()), at);
            }
            case MojomType.UnionRef u -> {
                if (place == Place.UNION_MEMBER) {
                    String at = local("union");
                    b.addStatement("long $L = decoder.pointerTarget($L)", at, slot);
                    yield CodeBlock.of("$L < 0 ? null : $L.read(reader, $L)", at, codec(u.fullName()), at);
                }
                yield CodeBlock.of("$L.read(reader, $L)", codec(u.fullName()), slot);
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
                // The reader proved both arrays non-null and of the same length.
                String keys = local("keys");
                String values = local("values");
                b.addStatement("long $L = decoder.pointerTarget($L)", keys, Wire.at(at, Wire.MAP_KEYS_OFFSET));
                b.addStatement("long $L = decoder.pointerTarget($L)", values, Wire.at(at, Wire.MAP_VALUES_OFFSET));
                b.addStatement("$L = $L", out, readEntries(b, m, readElements(b, m.key(), keys), null, values));
                b.endControlFlow();
                yield CodeBlock.of("$L", out);
            }
        };
    }

    private CodeBlock readEndpoint(CodeBlock.Builder b, MojomType.EndpointType ep, String slot) {
        ClassName iface = types.classOf(ep.interfaceName());
        ClassName cls = TypeRegistry.endpointClass(ep.kind());
        boolean versioned = ep.kind() == MojomType.EndpointKind.REMOTE
                || ep.kind() == MojomType.EndpointKind.ASSOCIATED_REMOTE;
        CodeBlock version = versioned ? CodeBlock.of(", decoder.getInt32($L)", Wire.at(slot, Wire.INTERFACE_VERSION_OFFSET))
                : CodeBlock.of("");
        if (ep.kind().isAssociated()) {
            String id = local("interfaceId");
            b.addStatement("long $L = reader.interfaceId($L)", id, slot);
            return CodeBlock.of("$L < 0 ? null : new $T<>($T.DESCRIPTOR, (int) $L$L)", id, cls, iface, id, version);
        }
        String endpoint = local("endpoint");
        b.addStatement("$T $L = reader.handle($L, $T.class, $S)", TypeRegistry.MESSAGE_PIPE_ENDPOINT, endpoint, slot,
                TypeRegistry.MESSAGE_PIPE_ENDPOINT, ep.mojomName());
        return CodeBlock.of("$L == null ? null : new $T<>($T.DESCRIPTOR, $L$L)", endpoint, cls, iface, endpoint, version);
    }

    /** Reads the array object at local {@code at} as its field type; returns the expression. */
    private CodeBlock readArrayBody(CodeBlock.Builder b, MojomType element, String at) {
        if (element instanceof MojomType.Primitive p) {
            return CodeBlock.of("decoder.$L($L)", Wire.arrayGetter(p.kind()), at);
        }
        if (element instanceof MojomType.EnumRef e) {
            ClassName enumClass = types.classOf(e.fullName());
            return CodeBlock.of("decoder.enumArray($L, $T::of)", at, enumClass);
        }
        return CodeBlock.of("$T.adopt($L)", TypeRegistry.VALUES, readElements(b, element, at));
    }

    /**
     * Reads every element of the array object at local {@code at} into a new {@code Object[]}, which
     * {@code Values.adopt} then turns into the field's list without a copy; returns its local.
     */
    private String readElements(CodeBlock.Builder b, MojomType element, String at) {
        String n = local("n");
        String out = local("elements");
        String i = local("i");
        b.addStatement("int $L = decoder.getInt32($L)", n, Wire.at(at, Wire.NUM_ELEMENTS_OFFSET));
        b.addStatement("$T[] $L = new $T[$L]", Object.class, out, Object.class, n);
        b.beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, n, i);
        b.addStatement("$L[$L] = $L", out, i, readElement(b, element, at, i));
        b.endControlFlow();
        return out;
    }

    /** Emits what reading element {@code i} of the array at {@code at} needs; returns its expression. */
    private CodeBlock readElement(CodeBlock.Builder b, MojomType element, String at, String i) {
        int size = Wire.elementSize(element);
        if (size == 0) {
            return CodeBlock.of("decoder.getBool($L + $L / 8, $L % 8)", Wire.at(at, Wire.HEADER), i, i);
        }
        return read(b, element, Wire.element(at, size, i), Place.ELEMENT);
    }

    /**
     * Builds the map from the keys in local array {@code keyList} and the values in local array
     * {@code valueList}, or, if that is null, read here from the value array at local {@code values}
     * into a new array. Returns the expression of the unmodifiable map ({@code Values.adoptMap},
     * which takes both arrays over).
     */
    private CodeBlock readEntries(CodeBlock.Builder b, MojomType.MapType m, String keyList, String valueList,
            String values) {
        if (valueList == null) {
            String n = local("n");
            String i = local("i");
            valueList = local("values");
            b.addStatement("int $L = $L.length", n, keyList);
            b.addStatement("$T[] $L = new $T[$L]", Object.class, valueList, Object.class, n);
            b.beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, n, i);
            b.addStatement("$L[$L] = $L", valueList, i, readElement(b, m.value(), values, i));
            b.endControlFlow();
        }
        return CodeBlock.of("$T.adoptMap($L, $L)", TypeRegistry.VALUES, keyList, valueList);
    }

    // ---- reading while checking ---------------------------------------------------------------

    /**
     * Emits the statements that check field {@code index} (in ordinal order) of the struct at local
     * {@code at} with the reader and assign its value to {@code target}. Strings and structs, also as
     * array elements, map keys, map values and union members, are checked as they are read; arrays,
     * maps, enums and unions check their headers (and any elements or members of other kinds)
     * through the reader's field checks before {@link #read} reads them; handles and endpoints are
     * checked by {@code reader.field}, the validator's own field check; primitives and bools need no
     * check (the struct header covers them).
     */
    void readChecked(CodeBlock.Builder b, StructField f, int index, String target) {
        MojomType t = f.type();
        String slot = "at + " + f.offset();
        switch (t) {
            case MojomType.Primitive p when p.kind() == MojomType.PrimitiveKind.BOOL ->
                    b.addStatement("$L = decoder.getBool($L, $L)", target, slot, f.bit());
            case MojomType.Primitive ignored -> b.addStatement("$L = $L", target, read(b, t, slot, Place.FIELD));
            case MojomType.EnumRef e -> {
                if (types.isOpenEnum(t)) {
                    b.addStatement("$L = reader.enumField(at, SCHEMA, $L)", target, index);
                } else {
                    b.addStatement("$L = $T.of(reader.enumField(at, SCHEMA, $L))", target, types.classOf(e.fullName()),
                            index);
                }
            }
            case MojomType.StringType ignored ->
                    b.addStatement("$L = reader.string($L, $L, $S)", target, slot, t.nullable(), f.name());
            case MojomType.StructRef s -> {
                String at = local("struct");
                b.addStatement("long $L = reader.struct($L, $L, $S)", at, slot, t.nullable(), f.name());
                b.beginControlFlow("if ($L >= 0)", at);
                b.addStatement("$L = $L.decode(reader, $L)", target, codec(s.fullName()), at);
                b.addStatement("reader.leaveStruct()");
                b.endControlFlow();
            }
            case MojomType.UnionRef u -> {
                String tag = local("tag");
                b.addStatement("int $L = reader.unionTag(at, SCHEMA, $L)", tag, index);
                b.beginControlFlow("if ($L != -1)", tag);
                b.addStatement("$L = $L.decode(reader, $L, $L)", target, codec(u.fullName()), slot, tag);
                b.endControlFlow();
            }
            case MojomType.ArrayType a -> {
                String array = local("array");
                b.addStatement("long $L = reader.arrayField(at, SCHEMA, $L)", array, index);
                b.beginControlFlow("if ($L >= 0)", array);
                b.addStatement("$L = $L", target, checkedAsRead(a.element())
                        ? CodeBlock.of("$T.adopt($L)", TypeRegistry.VALUES, readCheckedElements(b, a.element(), array))
                        : readArrayBody(b, a.element(), array));
                b.endControlFlow();
            }
            case MojomType.MapType m -> {
                String map = local("map");
                String keys = local("keys");
                String values = local("values");
                b.addStatement("long $L = reader.mapField(at, SCHEMA, $L)", map, index);
                b.beginControlFlow("if ($L >= 0)", map);
                b.addStatement("long $L = reader.mapKeys($L, SCHEMA, $L)", keys, map, index);
                String keyList = checkedAsRead(m.key()) ? readCheckedElements(b, m.key(), keys)
                        : readElements(b, m.key(), keys);
                boolean checkedValues = checkedAsRead(m.value());
                b.addStatement("long $L = reader.mapValues($L, SCHEMA, $L)", values, map, index);
                // Values that are checked as they are read are read before the length check, as the
                // validator checks them; other values were checked by mapValues.
                String valueList = checkedValues ? readCheckedElements(b, m.value(), values) : null;
                b.addStatement("reader.mapEnd($L, $L, $L)", map, keys, values);
                b.addStatement("$L = $L", target, readEntries(b, m, keyList, valueList, values));
                b.endControlFlow();
            }
            default -> {
                b.addStatement("reader.field(at, SCHEMA, $L)", index);
                b.addStatement("$L = $L", target, read(b, t, slot, Place.FIELD));
            }
        }
    }

    /** Whether the reader checks elements of {@code t} as they are read (strings and structs). */
    private static boolean checkedAsRead(MojomType t) {
        return t instanceof MojomType.StringType || t instanceof MojomType.StructRef;
    }

    /**
     * Reads the strings or structs of the array at local {@code array}, whose header the reader has
     * checked, checking each as it is read. Returns the local holding them in a new {@code Object[]}.
     */
    private String readCheckedElements(CodeBlock.Builder b, MojomType element, String array) {
        String n = local("n");
        String out = local("elements");
        String i = local("i");
        b.addStatement("int $L = decoder.getInt32($L)", n, Wire.at(array, Wire.NUM_ELEMENTS_OFFSET));
        b.addStatement("$T[] $L = new $T[$L]", Object.class, out, Object.class, n);
        b.beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, n, i);
        String slot = Wire.element(array, 8, i);
        if (element instanceof MojomType.StructRef s) {
            String at = local("struct");
            String value = local("element");
            b.addStatement("long $L = reader.structElement($L, $L, $L)", at, slot, element.nullable(), i);
            b.addStatement("$T $L = null", types.classOf(s.fullName()), value);
            b.beginControlFlow("if ($L >= 0)", at);
            b.addStatement("$L = $L.decode(reader, $L)", value, codec(s.fullName()), at);
            b.addStatement("reader.leaveStruct()");
            b.endControlFlow();
            b.addStatement("$L[$L] = $L", out, i, value);
        } else {
            b.addStatement("$L[$L] = reader.stringElement($L, $L, $L)", out, i, slot, element.nullable(), i);
        }
        b.endControlFlow();
        return out;
    }

    // ---- helpers ----------------------------------------------------------------------------

    /** The static helper methods of the codecs class that the emitted code calls. */
    List<MethodSpec> helperMethods() {
        if (!compareUtf8) {
            return List.of();
        }
        return List.of(MethodSpec.methodBuilder("compareUtf8")
                .addJavadoc("Compares like the strings' UTF-8 bytes do (code point order), without encoding "
                        + "them: UTF-16\norder differs only in that surrogates, which encode code points above "
                        + "U+FFFF, must sort after\nU+E000..U+FFFF.\n\n@param a a string\n@param b another\n"
                        + "@return negative, zero or positive as {@code a} sorts before, with or after {@code b}\n")
                .addModifiers(Modifier.STATIC)
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
}

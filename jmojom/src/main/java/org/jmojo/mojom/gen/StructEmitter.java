package org.jmojo.mojom.gen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;
import javax.lang.model.element.Modifier;
import org.jmojo.mojom.model.MojomType;
import org.jmojo.mojom.model.StructDef;
import org.jmojo.mojom.model.StructField;

/**
 * Writes the class of one struct (or method parameter struct): private fields initialized to
 * their Mojom defaults, a getter and a fluent setter per field, {@code encode}/{@code decode}
 * against the runtime, {@code serialize}/{@code deserialize} for a standalone struct (the latter
 * validates first), value {@code equals}/{@code hashCode}/{@code toString}, and the runtime schema.
 */
final class StructEmitter {

    /** Method names the class declares itself, which field accessors must not take. */
    private static final Set<String> RESERVED_METHODS = Set.of("encode", "decode", "encodedSize", "serialize",
            "deserialize", "equals", "hashCode", "toString", "getClass", "writeString", "readString", "attached", "notify",
            "notifyAll", "wait", "clone", "finalize");

    /** Whether emitted code refers to the local {@code decoder}. */
    private static final Pattern USES_DECODER = Pattern.compile("\\bdecoder\\b");

    private final TypeRegistry types;
    private final SchemaWriter schemas;
    private final Emitters emitters;

    StructEmitter(TypeRegistry types, Emitters emitters) {
        this.types = types;
        this.schemas = new SchemaWriter(types);
        this.emitters = emitters;
    }

    /** Java names of one field: the private field, its getter and its setter. */
    record FieldNames(String field, String getter, String setter) {}

    /**
     * Names for the fields of a struct; {@code staticNames} are the static fields the class
     * declares (its schema and nested consts), which an instance field must not hide.
     */
    static List<FieldNames> fieldNames(List<StructField> fields, Set<String> staticNames) {
        Set<String> taken = new HashSet<>(RESERVED_METHODS);
        Set<String> fieldsTaken = new HashSet<>(staticNames);
        fieldsTaken.addAll(TypeRegistry.STATIC_HELPERS);
        List<FieldNames> out = new ArrayList<>();
        for (StructField f : fields) {
            String field = Names.fieldName(f.name());
            while (!fieldsTaken.add(field)) {
                field = field + "_";
            }
            String suffix = Names.upperCamel(Names.lowerCamel(f.name()));
            String getter = "get" + suffix;
            String setter = "set" + suffix;
            while (taken.contains(getter) || taken.contains(setter)) {
                getter = getter + "_";
                setter = setter + "_";
            }
            taken.add(getter);
            taken.add(setter);
            out.add(new FieldNames(field, getter, setter));
        }
        return out;
    }

    TypeSpec emit(StructDef def, ClassName name, boolean nested, CodeBlock runtimeCheck) {
        CodecWriter codec = new CodecWriter(types);
        List<StructField> fields = def.fieldsInOrdinalOrder();
        Set<String> staticNames = new HashSet<>();
        def.consts().forEach(c -> staticNames.add(types.constField(c.fullName())));
        List<FieldNames> names = fieldNames(fields, staticNames);
        TypeSpec.Builder type = TypeSpec.classBuilder(name)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc(javadoc(def));
        if (nested) {
            type.addModifiers(Modifier.STATIC);
        }
        type.addField(FieldSpec.builder(TypeRegistry.STRUCT_SCHEMA, "SCHEMA", Modifier.PUBLIC, Modifier.STATIC,
                Modifier.FINAL).addJavadoc("The layout of this struct, for the validator.\n").build());
        type.addStaticBlock(CodeBlock.builder()
                .add(runtimeCheck)
                .addStatement("SCHEMA = $L", schemas.structSchema(def))
                .build());
        emitters.constsAndEnums(type, def.consts(), def.enums());

        CodeBlock.Builder defaults = CodeBlock.builder();
        for (int i = 0; i < fields.size(); i++) {
            StructField f = fields.get(i);
            type.addField(FieldSpec.builder(types.javaType(f.type()), names.get(i).field, Modifier.PRIVATE).build());
            CodeBlock init = initializer(f);
            if (init != null) {
                defaults.addStatement("this.$L = $L", names.get(i).field, init);
            }
        }
        boolean hasDefaults = !defaults.isEmpty();
        if (hasDefaults) {
            // decode() assigns every field it reads, so it skips the defaults (empty lists and maps,
            // nested structs) that would be allocated only to be replaced.
            type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                    .addJavadoc("A struct with every field at its Mojom default.\n")
                    .addStatement("this(true)")
                    .build());
            type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE)
                    .addJavadoc("A struct with its fields at their Mojom defaults, or, for {@code decode}, at Java's "
                            + "(0, false, null).\n")
                    .addParameter(boolean.class, "defaults")
                    .beginControlFlow("if (defaults)")
                    .addCode(defaults.build())
                    .endControlFlow()
                    .build());
        } else {
            type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                    .addJavadoc("A struct with every field at its Mojom default.\n").build());
        }
        for (int i = 0; i < fields.size(); i++) {
            accessors(type, name, fields.get(i), names.get(i));
        }
        type.addMethod(encode(def, fields, names, codec));
        type.addMethod(decode(def, name, fields, names, codec, hasDefaults));
        type.addMethod(validatingDecode(name, fields, names, codec, hasDefaults, type));
        type.addMethod(encodedSize(def, fields, names, codec));
        type.addMethod(serialize());
        type.addMethod(deserialize(name));
        type.addMethod(ValueMethods.equalsMethod(name, fields.stream().map(StructField::type).toList(),
                names.stream().map(FieldNames::field).toList()));
        type.addMethod(ValueMethods.hashCodeMethod(names.stream().map(FieldNames::field).toList()));
        type.addMethod(ValueMethods.toStringMethod(name.simpleName(), fields.stream().map(StructField::name).toList(),
                names.stream().map(FieldNames::field).toList()));
        codec.helperMethods().forEach(type::addMethod);
        return type.build();
    }

    private static CodeBlock javadoc(StructDef def) {
        if (def.isNative()) {
            return CodeBlock.of("The Mojom {@code [Native]} struct {@code $L}.\n\n"
                    + "<p>Chromium serializes native structs with hand-written C++ that a {@code .mojom} does not "
                    + "describe, so this\nclass has no fields: it encodes as an empty struct and decoding "
                    + "ignores the content.\n", def.fullName());
        }
        return CodeBlock.of("The Mojom struct {@code $L} (version $L, $L bytes on the wire).\n\n"
                + "<p>Not thread-safe: a struct is a mutable value; share it only after the last change.\n",
                def.fullName(), def.latestVersion(), def.numBytes());
    }

    /** The field initializer: the declared default, else a non-null empty value, else none (0/false/null). */
    private CodeBlock initializer(StructField f) {
        MojomType t = f.type();
        if (f.defaultValue().isPresent()) {
            return schemas.literal(f.defaultValue().get(), t);
        }
        if (t instanceof MojomType.EnumRef e) {
            return emitters.enumZero(e.fullName());
        }
        if (t.nullable()) {
            return null;
        }
        return switch (t) {
            case MojomType.StringType ignored -> CodeBlock.of("$S", "");
            case MojomType.ArrayType a when !a.isFixedSize() -> CodeBlock.of("new $T<>()", ArrayList.class);
            case MojomType.MapType ignored -> CodeBlock.of("new $T<>()", LinkedHashMap.class);
            case MojomType.StructRef s -> CodeBlock.of("new $T()", types.classOf(s.fullName()));
            default -> null;
        };
    }

    private void accessors(TypeSpec.Builder type, ClassName self, StructField f, FieldNames n) {
        TypeName javaType = types.javaType(f.type());
        String param = "value";
        type.addMethod(MethodSpec.methodBuilder(n.getter)
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("Field {@code $L}, of type {@code $L}$L.\n", f.name(), f.type().mojomName(),
                        f.minVersion() > 0 ? ", since version " + f.minVersion() : "")
                .returns(javaType)
                .addStatement("return this.$L", n.field)
                .build());
        MethodSpec.Builder setter = MethodSpec.methodBuilder(n.setter)
                .addModifiers(Modifier.PUBLIC)
                .returns(self)
                .addParameter(javaType, param);
        boolean nonNull = !TypeRegistry.isJavaPrimitive(f.type()) && !f.type().nullable();
        if (nonNull) {
            setter.addJavadoc("Sets field {@code $L}; the value is stored, not copied.\n\n"
                    + "@throws NullPointerException if {@code value} is null: the field is not nullable\n", f.name());
            setter.addStatement("this.$L = $T.requireNonNull($L, $S)", n.field, Objects.class, param,
                    f.name() + " is not nullable");
        } else {
            setter.addJavadoc("Sets field {@code $L}; the value is stored, not copied.\n", f.name());
            setter.addStatement("this.$L = $L", n.field, param);
        }
        type.addMethod(setter.addStatement("return this").build());
    }

    private MethodSpec encode(StructDef def, List<StructField> fields, List<FieldNames> names, CodecWriter codec) {
        codec.resetLocals();
        CodeBlock.Builder b = CodeBlock.builder();
        b.addStatement("int at = encoder.allocate($L)", def.numBytes());
        b.addStatement("encoder.putStructHeader(at, $L, $L)", def.numBytes(), def.latestVersion());
        for (int i = 0; i < fields.size(); i++) {
            StructField f = fields.get(i);
            String value = "this." + names.get(i).field;
            if (f.type() instanceof MojomType.Primitive p && p.kind() == MojomType.PrimitiveKind.BOOL) {
                b.addStatement("encoder.putBool(at + $L, $L, $L)", f.offset(), f.bit(), value);
            } else {
                codec.write(b, f.type(), value, "at + " + f.offset(), CodecWriter.Place.FIELD,
                        def.fullName() + "." + f.name());
            }
        }
        b.addStatement("return at");
        return MethodSpec.methodBuilder("encode")
                .addJavadoc("Appends this struct and everything it points to at the end of {@code encoder}, "
                        + "depth-first in field ordinal order\n(wire-format.md §11), and returns its offset. Handles "
                        + "and endpoints are appended to the encoder's\nlists; they are recorded, not moved or "
                        + "closed.\n\n"
                        + "@throws NullPointerException if a non-nullable field holds null\n"
                        + "@throws IllegalArgumentException if a fixed-size array has the wrong length\n")
                .addModifiers(Modifier.PUBLIC)
                .returns(int.class)
                .addParameter(TypeRegistry.ENCODER, "encoder")
                .addCode(b.build())
                .build();
    }

    private MethodSpec decode(StructDef def, ClassName self, List<StructField> fields, List<FieldNames> names,
            CodecWriter codec, boolean hasDefaults) {
        codec.resetLocals();
        CodeBlock.Builder b = CodeBlock.builder();
        if (hasDefaults) {
            b.addStatement("$T result = new $T(false)", self, self);
        } else {
            b.addStatement("$T result = new $T()", self, self);
        }
        boolean versioned = fields.stream().anyMatch(f -> f.minVersion() > 0);
        if (versioned) {
            b.addStatement("long version = decoder.getUInt32(at + 4)");
        }
        forEachFieldInVersionBlocks(b, fields, names, i -> {
            StructField f = fields.get(i);
            CodeBlock value;
            if (f.type() instanceof MojomType.Primitive p && p.kind() == MojomType.PrimitiveKind.BOOL) {
                value = CodeBlock.of("decoder.getBool(at + $L, $L)", f.offset(), f.bit());
            } else {
                value = codec.read(b, f.type(), "at + " + f.offset(), CodecWriter.Place.FIELD);
            }
            b.addStatement("result.$L = $L", names.get(i).field, value);
        });
        b.addStatement("return result");
        return MethodSpec.methodBuilder("decode")
                .addJavadoc("Decodes the struct at offset {@code at} of a message that has passed the validator. "
                        + "Fields newer than\nthe struct's version keep their defaults.\n\n"
                        + "@param handles the message's attached handles, which handle fields refer to by index\n"
                        + "@param associated the message's associated endpoints (interface IDs), likewise\n"
                        + "@throws ClassCastException if a handle field selects an attached object that is not a "
                        + "{@code Handle}\n")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(self)
                .addParameter(TypeRegistry.DECODER, "decoder")
                .addParameter(long.class, "at")
                .addParameter(wildcardList(), "handles")
                .addParameter(wildcardList(), "associated")
                .addCode(b.build())
                .build();
    }

    /**
     * The validating decoder: checks the struct at {@code at} with the validator's rules, in the
     * validator's order (fields in ordinal order, depth-first), while it builds the value. Strings,
     * nested structs and arrays of strings or structs are checked and read in one step; every
     * other field is checked by the validator's own field check and then read by the trusted
     * decoder, so each object is read only after it has passed.
     */
    private MethodSpec validatingDecode(ClassName self, List<StructField> fields, List<FieldNames> names,
            CodecWriter codec, boolean hasDefaults, TypeSpec.Builder type) {
        codec.resetLocals();
        CodeBlock.Builder b = CodeBlock.builder();
        b.addStatement("$T result = new $T($L)", self, self, hasDefaults ? "false" : "");
        boolean versioned = fields.stream().anyMatch(f -> f.minVersion() > 0);
        if (versioned) {
            b.addStatement("long version = reader.structHeader(at, SCHEMA)");
        } else {
            b.addStatement("reader.structHeader(at, SCHEMA)");
        }
        CodeBlock.Builder body = CodeBlock.builder();
        forEachFieldInVersionBlocks(body, fields, names, i -> {
            StructField f = fields.get(i);
            if (f.type() instanceof MojomType.ArrayType || f.type() instanceof MojomType.MapType) {
                MethodSpec helper = fieldDecoder(f, i, names.get(i), codec);
                type.addMethod(helper);
                body.addStatement("result.$L = $N(reader, at, handles, associated)", names.get(i).field, helper);
            } else {
                codec.readChecked(body, f, i, "result." + names.get(i).field);
            }
        });
        CodeBlock code = body.build();
        if (USES_DECODER.matcher(code.toString()).find()) {
            b.addStatement("$T decoder = reader.decoder()", TypeRegistry.DECODER);
        }
        b.add(code);
        b.addStatement("return result");
        return MethodSpec.methodBuilder("decode")
                .addJavadoc("Validates the struct at offset {@code at} while decoding it: {@code reader} checks every "
                        + "object with the\nrules of wire-format.md §12, in the validator's order, before it is "
                        + "read, so this gives\nexactly the {@code Validator}'s answer. Fields newer than the "
                        + "struct's version keep their\ndefaults.\n\n"
                        + "@param handles the message's attached handles, which handle fields refer to by index\n"
                        + "@param associated the message's associated endpoints (interface IDs), likewise\n"
                        + "@throws $T if the struct breaks a rule of wire-format.md §12\n"
                        + "@throws ClassCastException if a handle field selects an attached object that is not a "
                        + "{@code Handle}\n", TypeRegistry.VALIDATION_EXCEPTION)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(self)
                .addParameter(TypeRegistry.VALIDATING_READER, "reader")
                .addParameter(long.class, "at")
                .addParameter(wildcardList(), "handles")
                .addParameter(wildcardList(), "associated")
                .addException(TypeRegistry.VALIDATION_EXCEPTION)
                .addCode(b.build())
                .build();
    }

    /**
     * The validating decoder of one array or map field, as a method of its own: the JIT compiles
     * it with a budget of its own rather than running out of inlining budget in a large
     * {@code decode}.
     */
    private MethodSpec fieldDecoder(StructField f, int index, FieldNames n, CodecWriter codec) {
        TypeName javaType = types.javaType(f.type());
        CodeBlock.Builder body = CodeBlock.builder();
        body.addStatement("$T value = null", javaType);
        codec.readChecked(body, f, index, "value");
        body.addStatement("return value");
        CodeBlock code = body.build();
        CodeBlock.Builder b = CodeBlock.builder();
        if (USES_DECODER.matcher(code.toString()).find()) {
            b.addStatement("$T decoder = reader.decoder()", TypeRegistry.DECODER);
        }
        b.add(code);
        String suffix = n.getter().substring("get".length());
        return MethodSpec.methodBuilder("decode" + suffix)
                .addJavadoc("Validates and decodes field {@code $L} of the struct at {@code at}; see {@code decode}.\n",
                        f.name())
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(javaType)
                .addParameter(TypeRegistry.VALIDATING_READER, "reader")
                .addParameter(long.class, "at")
                .addParameter(wildcardList(), "handles")
                .addParameter(wildcardList(), "associated")
                .addException(TypeRegistry.VALIDATION_EXCEPTION)
                .addCode(b.build())
                .build();
    }

    /**
     * Emits the fields in ordinal order through {@code emitField} (given a field's index), each
     * field with {@code MinVersion=N} inside an {@code if (version >= N)} block, one block per
     * version, closed by {@link #closeVersion}. The code must have a {@code version} local.
     */
    private void forEachFieldInVersionBlocks(CodeBlock.Builder b, List<StructField> fields, List<FieldNames> names,
            IntConsumer emitField) {
        int open = 0;
        List<Integer> inBlock = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            StructField f = fields.get(i);
            if (f.minVersion() > open) {
                if (open > 0) {
                    closeVersion(b, fields, names, inBlock);
                }
                b.beginControlFlow("if (version >= $L)", f.minVersion());
                open = f.minVersion();
                inBlock.clear();
            }
            if (open > 0) {
                inBlock.add(i);
            }
            emitField.accept(i);
        }
        if (open > 0) {
            closeVersion(b, fields, names, inBlock);
        }
    }

    /**
     * Closes an {@code if (version >= N)} block; a message older than N leaves the fields read in
     * the block (indices {@code inBlock}) at their defaults, which the no-defaults constructor did
     * not set.
     */
    private void closeVersion(CodeBlock.Builder b, List<StructField> fields, List<FieldNames> names,
            List<Integer> inBlock) {
        CodeBlock.Builder defaults = CodeBlock.builder();
        for (int i : inBlock) {
            CodeBlock init = initializer(fields.get(i));
            if (init != null) {
                defaults.addStatement("result.$L = $L", names.get(i).field, init);
            }
        }
        if (!defaults.isEmpty()) {
            b.nextControlFlow("else");
            b.add(defaults.build());
        }
        b.endControlFlow();
    }

    static TypeName wildcardList() {
        return ParameterizedTypeName.get(TypeRegistry.LIST, WildcardTypeName.subtypeOf(Object.class));
    }

    private MethodSpec encodedSize(StructDef def, List<StructField> fields, List<FieldNames> names,
            CodecWriter codec) {
        codec.resetLocals();
        CodeBlock.Builder b = CodeBlock.builder();
        b.addStatement("long size = $L", def.numBytes());
        for (int i = 0; i < fields.size(); i++) {
            codec.size(b, fields.get(i).type(), "this." + names.get(i).field, CodecWriter.Place.FIELD);
        }
        b.addStatement("return size");
        return MethodSpec.methodBuilder("encodedSize")
                .addJavadoc("The bytes {@code encode} appends for this struct and everything it points to: exact "
                        + "when every string\nis ASCII, else a lower bound (a string is counted one byte per "
                        + "UTF-16 unit). For sizing the\nencoder's buffer.\n")
                .addModifiers(Modifier.PUBLIC)
                .returns(long.class)
                .addCode(b.build())
                .build();
    }

    /**
     * The encoder starts with the message's exact size for ASCII text, so encoding allocates one
     * buffer and the result is that buffer, not a copy.
     */
    private static MethodSpec serialize() {
        return MethodSpec.methodBuilder("serialize")
                .addJavadoc("Encodes this struct on its own, at offset 0, with the handles and associated endpoints "
                        + "it attaches\nin index order. Handles are recorded, not moved or closed.\n")
                .addModifiers(Modifier.PUBLIC)
                .returns(TypeRegistry.ENCODED)
                .addStatement("$T encoder = $T.sized(encodedSize())", TypeRegistry.ENCODER, TypeRegistry.ENCODER)
                .addStatement("encode(encoder)")
                .addStatement("return new $T(encoder.finish(), encoder.handles(), encoder.associatedEndpoints())",
                        TypeRegistry.ENCODED)
                .build();
    }

    private static MethodSpec deserialize(ClassName self) {
        return MethodSpec.methodBuilder("deserialize")
                .addJavadoc("Validates {@code bytes} as a standalone struct of this type (no associated endpoints) "
                        + "and decodes it.\n\n"
                        + "@param handles the attached handles, in index order\n"
                        + "@throws $T if the bytes break a rule of wire-format.md §12\n",
                        TypeRegistry.VALIDATION_EXCEPTION)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(self)
                .addParameter(MemorySegment.class, "bytes")
                .addParameter(wildcardList(), "handles")
                .addException(TypeRegistry.VALIDATION_EXCEPTION)
                .addStatement("return decode($T.forStruct(bytes, handles.size()), 0, handles, $T.of())",
                        TypeRegistry.VALIDATING_READER, List.class)
                .build();
    }
}

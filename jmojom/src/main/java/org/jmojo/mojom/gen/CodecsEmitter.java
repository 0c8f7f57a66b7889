package org.jmojo.mojom.gen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;
import javax.lang.model.element.Modifier;
import org.jmojo.mojom.model.EnumDef;
import org.jmojo.mojom.model.EnumValue;
import org.jmojo.mojom.model.MojomFile;
import org.jmojo.mojom.model.MojomType;
import org.jmojo.mojom.model.StructDef;
import org.jmojo.mojom.model.StructField;
import org.jmojo.mojom.model.UnionDef;
import org.jmojo.mojom.model.UnionField;

/**
 * Writes a file's package-private codecs class, {@code <Stem>Codecs}: one nested class per struct
 * (parameter structs included) extending {@code StructCodec}, per union extending
 * {@code UnionCodec}, and per enum holding its {@code EnumSchema}. Each nested class keeps its
 * singleton in {@code INSTANCE} and registers it with the runtime's {@code Codecs} when it is
 * initialised (which the type's {@code @MojomGenerated(codecs = ...)} lets {@code Codecs} trigger),
 * so code in other packages can find it; no initialiser grows with the size of the file.
 */
final class CodecsEmitter {

    /** Whether emitted code refers to the local {@code decoder}. */
    private static final Pattern USES_DECODER = Pattern.compile("\\bdecoder\\b");

    private final TypeRegistry types;
    private final MojomFile file;
    private final CodecWriter codec;
    private final SchemaWriter schemas;
    private final ClassName self;

    CodecsEmitter(TypeRegistry types, MojomFile file) {
        this.types = types;
        this.file = file;
        this.codec = new CodecWriter(types, file);
        this.schemas = new SchemaWriter(types, codec);
        this.self = types.codecsClass(file);
    }

    /** The codecs class of the file, given its structs (parameter structs included), unions, enums and interface bindings. */
    TypeSpec emit(List<StructDef> structs, List<UnionDef> unions, List<EnumDef> enums, List<TypeSpec> bindings,
            CodeBlock runtimeCheck,
            com.palantir.javapoet.AnnotationSpec generated) {
        List<TypeSpec> nested = new ArrayList<>();
        for (EnumDef e : enums) {
            nested.add(enumSchema(e, runtimeCheck));
        }
        for (StructDef s : structs) {
            nested.add(struct(s, runtimeCheck));
        }
        for (UnionDef u : unions) {
            nested.add(union(u, runtimeCheck));
        }
        nested.addAll(bindings);
        TypeSpec.Builder type = TypeSpec.classBuilder(self)
                .addModifiers(Modifier.FINAL)
                .addAnnotation(generated)
                .addJavadoc("How the types of {@code $L} are encoded and decoded: for their {@code serialize} and "
                        + "{@code deserialize},\nfor generated code and for {@link $T}, never for users.\n",
                        Emitters.sourceName(file), TypeRegistry.CODECS);
        codec.foreignFields().forEach(type::addField);
        type.addMethod(privateConstructor().build());
        codec.helperMethods().forEach(type::addMethod);
        nested.forEach(type::addType);
        return type.build();
    }

    private static FieldSpec schemaField(ClassName type) {
        return FieldSpec.builder(type, "SCHEMA", Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The layout, for the validator.\n").build();
    }

    private static FieldSpec instanceField(ClassName type) {
        return FieldSpec.builder(type, "INSTANCE", Modifier.STATIC, Modifier.FINAL).addJavadoc("The codec.\n").build();
    }

    /** A private constructor, documented: the class has one instance, or none. */
    static MethodSpec.Builder privateConstructor() {
        return MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).addJavadoc("Not for other classes.\n");
    }

    /** The static initializer of a nested class: check the runtime, make the instance, register it. */
    private static CodeBlock register(CodeBlock runtimeCheck, CodeBlock schema, CodeBlock instance, ClassName type) {
        CodeBlock.Builder b = CodeBlock.builder().add(runtimeCheck);
        if (schema != null) {
            b.addStatement("SCHEMA = $L", schema);
        }
        return b.addStatement("INSTANCE = $L", instance)
                .addStatement("$T.register($T.lookup(), $T.class, INSTANCE)", TypeRegistry.CODECS, MethodHandles.class,
                        type)
                .build();
    }

    private TypeSpec enumSchema(EnumDef def, CodeBlock runtimeCheck) {
        ClassName holder = types.codecClass(def.fullName());
        CodeBlock.Builder schema = CodeBlock.builder().add("new $T($S, $T.of(", TypeRegistry.ENUM_SCHEMA, def.fullName(),
                List.class);
        for (int i = 0; i < def.values().size(); i++) {
            EnumValue v = def.values().get(i);
            schema.add("$L\n$>$>new $T.Value($S, $L)$<$<", i == 0 ? "" : ",", TypeRegistry.ENUM_SCHEMA, v.name(),
                    v.value());
        }
        schema.add("), $L)", TypeRegistry.isOpen(def));
        return TypeSpec.classBuilder(holder)
                .addModifiers(Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The values of {@code $L}, for the validator.\n", def.fullName())
                .addField(FieldSpec.builder(TypeRegistry.ENUM_SCHEMA, "INSTANCE", Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("The schema.\n").build())
                .addStaticBlock(register(runtimeCheck, null, schema.build(), types.classOf(def.fullName())))
                .addMethod(privateConstructor().build())
                .build();
    }

    // ---- structs ----------------------------------------------------------------------------

    private TypeSpec struct(StructDef def, CodeBlock runtimeCheck) {
        ClassName value = types.classOf(def.fullName());
        ClassName holder = types.codecClass(def.fullName());
        List<StructEmitter.FieldInfo> fields = StructEmitter.fieldInfos(types, def);
        TypeSpec.Builder type = TypeSpec.classBuilder(holder)
                .addModifiers(Modifier.STATIC, Modifier.FINAL)
                .superclass(ParameterizedTypeName.get(TypeRegistry.STRUCT_CODEC, value))
                .addJavadoc("The codec of {@code $L} ($L bytes, version $L).\n", def.fullName(), def.numBytes(),
                        def.latestVersion())
                .addField(schemaField(TypeRegistry.STRUCT_SCHEMA))
                .addField(instanceField(holder))
                .addStaticBlock(register(runtimeCheck, schemas.structSchema(def), CodeBlock.of("new $T()", holder),
                        value))
                .addMethod(privateConstructor().addStatement("super($T.class, SCHEMA)", value).build());
        type.addMethod(structEncode(def, value, fields));
        type.addMethod(structSize(def, value, fields));
        type.addMethod(structDecode(def, value, fields, type));
        return type.build();
    }

    private static MethodSpec.Builder override(String name, TypeName returns) {
        return MethodSpec.methodBuilder(name)
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(returns);
    }

    private MethodSpec structEncode(StructDef def, ClassName value, List<StructEmitter.FieldInfo> fields) {
        codec.resetLocals();
        CodeBlock.Builder b = CodeBlock.builder();
        b.addStatement("int at = encoder.allocate($L)", def.numBytes());
        b.addStatement("encoder.putStructHeader(at, $L, $L)", def.numBytes(), def.latestVersion());
        for (StructEmitter.FieldInfo f : fields) {
            StructField field = f.field();
            String get = "value." + f.storedGetter() + "()";
            if (isBool(field.type())) {
                b.addStatement("encoder.putBool(at + $L, $L, $L)", field.offset(), field.bit(), get);
            } else if (f.storage().isPrimitive()) {
                codec.write(b, field.type(), get, "at + " + field.offset(), CodecWriter.Place.FIELD);
            } else {
                b.addStatement("$T $L = $L", f.storage(), f.name(), get);
                codec.write(b, field.type(), f.name(), "at + " + field.offset(), CodecWriter.Place.FIELD);
            }
        }
        b.addStatement("return at");
        return override("encode", TypeName.INT)
                .addParameter(TypeRegistry.ENCODER, "encoder")
                .addParameter(value, "value")
                .addCode(b.build())
                .build();
    }

    private MethodSpec structSize(StructDef def, ClassName value, List<StructEmitter.FieldInfo> fields) {
        codec.resetLocals();
        CodeBlock.Builder b = CodeBlock.builder();
        b.addStatement("long size = $L", def.numBytes());
        for (StructEmitter.FieldInfo f : fields) {
            if (Wire.hasOutOfLine(f.field().type())) {
                b.addStatement("$T $L = value.$L()", f.storage(), f.name(), f.storedGetter());
                codec.size(b, f.field().type(), f.name(), CodecWriter.Place.FIELD);
            }
        }
        b.addStatement("return size");
        return override("encodedSize", TypeName.LONG)
                .addParameter(value, "value")
                .addCode(b.build())
                .build();
    }

    private static boolean isBool(MojomType t) {
        return t instanceof MojomType.Primitive p && p.kind() == MojomType.PrimitiveKind.BOOL;
    }

    /**
     * The checking decoder: checks the struct at {@code at} with the validator's rules, in the
     * validator's order (fields in ordinal order, depth-first), while it reads the fields; an array
     * or map field is read by a method of its own, which the JIT compiles with a budget of its own
     * rather than running out of inlining budget in a large {@code decode}.
     */
    private MethodSpec structDecode(StructDef def, ClassName value, List<StructEmitter.FieldInfo> fields,
            TypeSpec.Builder type) {
        codec.resetLocals();
        boolean versioned = fields.stream().anyMatch(f -> f.field().minVersion() > 0);
        CodeBlock.Builder body = CodeBlock.builder();
        declareLocals(body, fields);
        forEachFieldInVersionBlocks(body, fields, i -> {
            StructEmitter.FieldInfo f = fields.get(i);
            MojomType t = f.field().type();
            if (t instanceof MojomType.ArrayType || t instanceof MojomType.MapType) {
                MethodSpec helper = fieldDecoder(f, i);
                type.addMethod(helper);
                body.addStatement("$L = $N(reader, at)", f.name(), helper);
            } else {
                codec.readChecked(body, f.field(), i, f.name());
            }
        });
        CodeBlock code = body.build();
        CodeBlock.Builder b = CodeBlock.builder();
        b.addStatement(versioned ? "long version = reader.structHeader(at, SCHEMA)" : "reader.structHeader(at, SCHEMA)");
        if (USES_DECODER.matcher(code.toString()).find()) {
            b.addStatement("$T decoder = reader.decoder()", TypeRegistry.DECODER);
        }
        b.add(code);
        construct(b, value, fields);
        return override("decode", value)
                .addParameter(TypeRegistry.VALIDATING_READER, "reader")
                .addParameter(long.class, "at")
                .addException(TypeRegistry.VALIDATION_EXCEPTION)
                .addCode(b.build())
                .build();
    }

    private MethodSpec fieldDecoder(StructEmitter.FieldInfo f, int index) {
        codec.resetLocals();
        CodeBlock.Builder body = CodeBlock.builder();
        body.addStatement("$T value = null", f.storage());
        codec.readChecked(body, f.field(), index, "value");
        body.addStatement("return value");
        CodeBlock code = body.build();
        CodeBlock.Builder b = CodeBlock.builder();
        if (USES_DECODER.matcher(code.toString()).find()) {
            b.addStatement("$T decoder = reader.decoder()", TypeRegistry.DECODER);
        }
        b.add(code);
        return MethodSpec.methodBuilder("decode" + f.getter().substring("get".length()))
                .addJavadoc("Checks and decodes field {@code $L} of the struct at {@code at}.\n\n@param reader the reader\n"
                        + "@param at the struct's offset\n@return the field\n@throws ValidationException at the first "
                        + "broken rule\n", f.field().name())
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(f.storage())
                .addParameter(TypeRegistry.VALIDATING_READER, "reader")
                .addParameter(long.class, "at")
                .addException(TypeRegistry.VALIDATION_EXCEPTION)
                .addCode(b.build())
                .build();
    }

    /** One local per field: null where a read may leave it unassigned (a null pointer). */
    private static void declareLocals(CodeBlock.Builder b, List<StructEmitter.FieldInfo> fields) {
        for (StructEmitter.FieldInfo f : fields) {
            if (f.storage().isPrimitive() || f.field().minVersion() > 0) {
                b.addStatement("$T $L", f.storage(), f.name());
            } else {
                b.addStatement("$T $L = null", f.storage(), f.name());
            }
        }
    }

    /** {@code return new T(locals...)}, or through the builder for a struct too wide for a constructor. */
    private static void construct(CodeBlock.Builder b, ClassName value, List<StructEmitter.FieldInfo> fields) {
        if (StructEmitter.isWide(fields)) {
            b.addStatement("$T result = $T.newBuilder()", value.nestedClass("Builder"), value);
            for (StructEmitter.FieldInfo f : fields) {
                b.addStatement("result.$L = $L", f.name(), f.name());
            }
            b.addStatement("return new $T(result)", value);
        } else {
            b.addStatement("return new $T($L)", value, String.join(", ", fields.stream().map(f -> f.name()).toList()));
        }
    }

    /**
     * Emits the fields in ordinal order through {@code emitField} (given a field's index), each
     * field with {@code MinVersion=N} inside an {@code if (version >= N)} block, one block per
     * version; a message older than N leaves the block's fields at their defaults. The code must
     * have a {@code version} local.
     */
    private void forEachFieldInVersionBlocks(CodeBlock.Builder b, List<StructEmitter.FieldInfo> fields,
            IntConsumer emitField) {
        int open = 0;
        List<Integer> inBlock = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            StructEmitter.FieldInfo f = fields.get(i);
            if (f.field().minVersion() > open) {
                if (open > 0) {
                    closeVersion(b, fields, inBlock);
                }
                b.beginControlFlow("if (version >= $L)", f.field().minVersion());
                open = f.field().minVersion();
                inBlock.clear();
            }
            if (open > 0) {
                inBlock.add(i);
                if (!f.storage().isPrimitive()) {
                    b.addStatement("$L = null", f.name());
                }
            }
            emitField.accept(i);
        }
        if (open > 0) {
            closeVersion(b, fields, inBlock);
        }
    }

    private static void closeVersion(CodeBlock.Builder b, List<StructEmitter.FieldInfo> fields, List<Integer> inBlock) {
        b.nextControlFlow("else");
        for (int i : inBlock) {
            StructEmitter.FieldInfo f = fields.get(i);
            b.addStatement("$L = $L", f.name(), f.initial() != null ? f.initial() : zero(f.storage()));
        }
        b.endControlFlow();
    }

    /** Java's zero of a type, as a literal. */
    private static CodeBlock zero(TypeName t) {
        if (t.equals(TypeName.BOOLEAN)) {
            return CodeBlock.of("false");
        }
        if (t.equals(TypeName.LONG)) {
            return CodeBlock.of("0L");
        }
        if (t.equals(TypeName.FLOAT)) {
            return CodeBlock.of("0f");
        }
        if (t.equals(TypeName.DOUBLE)) {
            return CodeBlock.of("0.0");
        }
        if (t.isPrimitive()) {
            return CodeBlock.of("($T) 0", t);
        }
        return CodeBlock.of("null");
    }

    // ---- unions -----------------------------------------------------------------------------

    private TypeSpec union(UnionDef def, CodeBlock runtimeCheck) {
        ClassName value = types.classOf(def.fullName());
        ClassName holder = types.codecClass(def.fullName());
        List<ClassName> members = UnionEmitter.memberClasses(value, def);
        TypeSpec.Builder type = TypeSpec.classBuilder(holder)
                .addModifiers(Modifier.STATIC, Modifier.FINAL)
                .superclass(ParameterizedTypeName.get(TypeRegistry.UNION_CODEC, value))
                .addJavadoc("The codec of {@code $L}.\n", def.fullName())
                .addField(schemaField(TypeRegistry.UNION_SCHEMA))
                .addField(instanceField(holder))
                .addStaticBlock(register(runtimeCheck, unionSchema(def), CodeBlock.of("new $T()", holder), value))
                .addMethod(privateConstructor().addStatement("super($T.class, SCHEMA)", value).build());
        type.addMethod(unionEncode(def, value, members));
        type.addMethod(unionSize(def, value, members));
        type.addMethod(unionDecode(def, value, members));
        type.addMethod(unionRead(def, value, members));
        return type.build();
    }

    private CodeBlock unionSchema(UnionDef def) {
        CodeBlock.Builder schema = CodeBlock.builder()
                .add("new $T($S,\n$>$>$T.of(", TypeRegistry.UNION_SCHEMA, def.fullName(), List.class);
        for (int i = 0; i < def.fields().size(); i++) {
            UnionField f = def.fields().get(i);
            schema.add(i == 0 ? "$>\n" : ",\n");
            schema.add("new $T.Field($S, $L, $L)", TypeRegistry.UNION_SCHEMA, f.name(), f.tag(), schemas.kind(f.type()));
        }
        if (!def.fields().isEmpty()) {
            schema.add("$<");
        }
        schema.add("),\n$L, $L)$<$<", def.extensible(), def.defaultField().map(UnionField::tag).orElse(-1));
        return schema.build();
    }

    /** The expression of a member record's stored value ({@code m.value()}, or its raw int). */
    private String memberValue(UnionField f) {
        return types.isOpenEnum(f.type()) ? "m.rawValue()" : "m.value()";
    }

    private MethodSpec unionEncode(UnionDef def, ClassName value, List<ClassName> members) {
        codec.resetLocals();
        CodeBlock.Builder b = CodeBlock.builder();
        if (def.fields().isEmpty()) {
            b.addStatement("throw new $T($S)", IllegalStateException.class, "union " + def.fullName()
                    + " has no members, so no value");
        } else {
            b.addStatement("encoder.putInt32(slot, 16)");
            b.beginControlFlow("switch (value)");
            for (int i = 0; i < def.fields().size(); i++) {
                UnionField f = def.fields().get(i);
                b.beginControlFlow("case $T m ->", members.get(i));
                b.addStatement("encoder.putInt32(slot + 4, $L)", f.tag());
                codec.write(b, f.type(), memberValue(f), "slot + 8", CodecWriter.Place.UNION_MEMBER);
                b.endControlFlow();
            }
            b.endControlFlow();
        }
        return override("encode", TypeName.VOID)
                .addParameter(TypeRegistry.ENCODER, "encoder")
                .addParameter(value, "value")
                .addParameter(long.class, "slot")
                .addCode(b.build())
                .build();
    }

    private MethodSpec unionSize(UnionDef def, ClassName value, List<ClassName> members) {
        codec.resetLocals();
        CodeBlock.Builder b = CodeBlock.builder();
        if (def.fields().stream().noneMatch(f -> Wire.hasOutOfLine(f.type()))) {
            b.addStatement("return 0");
        } else {
            b.addStatement("long size = 0");
            b.beginControlFlow("switch (value)");
            for (int i = 0; i < def.fields().size(); i++) {
                UnionField f = def.fields().get(i);
                if (Wire.hasOutOfLine(f.type())) {
                    b.beginControlFlow("case $T m ->", members.get(i));
                    codec.size(b, f.type(), memberValue(f), CodecWriter.Place.UNION_MEMBER);
                    b.endControlFlow();
                }
            }
            b.beginControlFlow("default ->");
            b.endControlFlow();
            b.endControlFlow();
            b.addStatement("return size");
        }
        return override("encodedSize", TypeName.LONG)
                .addParameter(value, "value")
                .addCode(b.build())
                .build();
    }

    /**
     * The checking decoder of a union field: string members are checked and read in one step; any
     * other member is checked by the validator's own member check, then read by {@code read}.
     */
    private MethodSpec unionDecode(UnionDef def, ClassName value, List<ClassName> members) {
        CodeBlock.Builder b = CodeBlock.builder();
        boolean strings = def.fields().stream().anyMatch(f -> f.type() instanceof MojomType.StringType);
        if (strings) {
            b.beginControlFlow("switch (tag)");
            for (int i = 0; i < def.fields().size(); i++) {
                UnionField f = def.fields().get(i);
                if (f.type() instanceof MojomType.StringType) {
                    b.beginControlFlow("case $L ->", f.tag());
                    b.addStatement("return new $T(reader.unionString(slot, SCHEMA, $L))", members.get(i), f.tag());
                    b.endControlFlow();
                }
            }
            b.beginControlFlow("default ->");
            b.endControlFlow();
            b.endControlFlow();
        }
        b.beginControlFlow("if (tag != $T.UNKNOWN_TAG)", TypeRegistry.VALIDATING_READER);
        b.addStatement("reader.unionMember(slot, SCHEMA, tag)");
        b.endControlFlow();
        b.addStatement("return read(reader, slot)");
        return override("decode", value)
                .addParameter(TypeRegistry.VALIDATING_READER, "reader")
                .addParameter(long.class, "slot")
                .addParameter(int.class, "tag")
                .addException(TypeRegistry.VALIDATION_EXCEPTION)
                .addCode(b.build())
                .build();
    }

    private MethodSpec unionRead(UnionDef def, ClassName value, List<ClassName> members) {
        codec.resetLocals();
        CodeBlock.Builder b = CodeBlock.builder();
        b.addStatement("$T decoder = reader.decoder()", TypeRegistry.DECODER);
        b.beginControlFlow("if (decoder.getInt32(slot) == 0)");
        b.addStatement("return null");
        b.endControlFlow();
        b.beginControlFlow("switch (decoder.getInt32(slot + 4))");
        for (int i = 0; i < def.fields().size(); i++) {
            UnionField f = def.fields().get(i);
            b.beginControlFlow("case $L ->", f.tag());
            CodeBlock read = codec.read(b, f.type(), "slot + 8", CodecWriter.Place.UNION_MEMBER);
            b.addStatement("return new $T($L)", members.get(i), read);
            b.endControlFlow();
        }
        b.beginControlFlow("default ->");
        UnionField fallback = def.extensible() ? def.defaultField().orElse(null) : null;
        if (fallback != null) {
            b.add("// An unknown tag of an [Extensible] union decodes to its [Default] member.\n");
            b.addStatement("return new $T($L)", members.get(def.fields().indexOf(fallback)), unknownValue(fallback.type()));
        } else {
            b.addStatement("throw new $T($S + decoder.getInt32(slot + 4))", IllegalStateException.class,
                    "a checked union " + def.fullName() + " has an unknown tag: ");
        }
        b.endControlFlow();
        b.endControlFlow();
        return override("read", value)
                .addParameter(TypeRegistry.VALIDATING_READER, "reader")
                .addParameter(long.class, "slot")
                .addException(TypeRegistry.VALIDATION_EXCEPTION)
                .addCode(b.build())
                .build();
    }

    /** The value an unknown member decodes to: the zero of the {@code [Default]} member's type. */
    private CodeBlock unknownValue(MojomType t) {
        if (t instanceof MojomType.Primitive p) {
            return switch (p.kind()) {
                case BOOL -> CodeBlock.of("false");
                case INT8, UINT8 -> CodeBlock.of("(byte) 0");
                case INT16, UINT16 -> CodeBlock.of("(short) 0");
                case INT64, UINT64 -> CodeBlock.of("0L");
                case FLOAT -> CodeBlock.of("0f");
                case DOUBLE -> CodeBlock.of("0.0");
                default -> CodeBlock.of("0");
            };
        }
        if (t instanceof MojomType.EnumRef e) {
            return types.isOpenEnum(t) ? CodeBlock.of("0") : CodeBlock.of("$T.of(0)", types.classOf(e.fullName()));
        }
        return CodeBlock.of("null");
    }
}

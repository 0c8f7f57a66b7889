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
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Modifier;
import org.jmojo.mojom.model.EnumDef;
import org.jmojo.mojom.model.MojomType;
import org.jmojo.mojom.model.StructDef;
import org.jmojo.mojom.model.StructField;

/**
 * Writes the class of one struct (or method parameter struct) as an immutable value: private final
 * fields, a getter per field, a {@code Builder} (from {@link #newBuilder} or {@code toBuilder()})
 * whose setters check and copy what they are given, {@code serialize} and {@code deserialize}, and
 * value {@code equals}/{@code hashCode}/{@code toString}. The encoding itself lives in the file's
 * package-private codecs class ({@link CodecsEmitter}).
 *
 * <p>A nullable field reads as {@code null} when absent; one rule for every position, since array
 * elements and map values of nullable types need null anyway.
 */
final class StructEmitter {

    /** Method names the class declares itself, which field getters must not take. */
    private static final Set<String> RESERVED_METHODS = Set.of("newBuilder", "toBuilder", "serialize", "deserialize",
            "equals", "hashCode", "toString", "getClass", "notify", "notifyAll", "wait", "clone", "finalize", "build");

    /** Local names a decoder uses besides field locals. */
    private static final Set<String> RESERVED_LOCALS = Set.of("reader", "decoder", "encoder", "at", "version",
            "value", "size", "result", "slot", "tag", "e");

    /** The most parameter slots a Java method may have, {@code this} included (JVMS 4.3.3). */
    private static final int MAX_PARAMETER_SLOTS = 255;

    private final TypeRegistry types;
    private final Emitters emitters;
    private final ValueChecks checks;

    StructEmitter(TypeRegistry types, Emitters emitters) {
        this.types = types;
        this.emitters = emitters;
        this.checks = new ValueChecks(types);
    }

    /**
     * One field of a struct as the generated code names and stores it.
     *
     * @param field the Mojom field
     * @param name the Java field, builder field and decoder local
     * @param getter the getter (of the enum constant, for an open enum)
     * @param setter the builder setter
     * @param rawGetter for an open enum, the getter of the int value; else null
     * @param rawSetter for an open enum, the setter of the int value; else null
     * @param storage the Java type the field is stored as
     * @param initial the value a builder starts with, or null for none (0, false or null)
     * @param required whether {@code build()} fails while the field is null
     */
    record FieldInfo(StructField field, String name, String getter, String setter, String rawGetter, String rawSetter,
            TypeName storage, CodeBlock initial, boolean required) {

        /** The getter that returns the stored form. */
        String storedGetter() {
            return rawGetter != null ? rawGetter : getter;
        }
    }

    /** The fields of {@code def} in ordinal order, named, with their initial values. */
    static List<FieldInfo> fieldInfos(TypeRegistry types, StructDef def) {
        Set<String> methods = new HashSet<>(RESERVED_METHODS);
        Set<String> fieldNames = new HashSet<>(RESERVED_LOCALS);
        SchemaWriter literals = SchemaWriter.literals(types);
        List<FieldInfo> out = new ArrayList<>();
        for (StructField f : def.fieldsInOrdinalOrder()) {
            String name = Names.fieldName(f.name());
            while (!fieldNames.add(name)) {
                name = name + "_";
            }
            String suffix = Names.upperCamel(Names.lowerCamel(f.name()));
            boolean open = types.isOpenEnum(f.type());
            String accessor = uniqueSuffix(suffix, methods);
            String getter = "get" + accessor;
            String setter = "set" + accessor;
            String rawGetter = open ? "get" + uniqueSuffix(accessor + "Value", methods) : null;
            String rawSetter = open ? "set" + rawGetter.substring(3) : null;
            CodeBlock initial = initial(types, literals, f);
            boolean required = initial == null && !f.type().nullable() && !types.isJavaPrimitive(f.type());
            out.add(new FieldInfo(f, name, getter, setter, rawGetter, rawSetter, types.storageType(f.type()), initial,
                    required));
        }
        return out;
    }

    /**
     * {@code suffix}, with underscores appended until neither {@code get}+it nor {@code set}+it is
     * taken; both are then taken, so a getter and its setter always share a name.
     */
    private static String uniqueSuffix(String suffix, Set<String> taken) {
        String out = suffix;
        while (taken.contains("get" + out) || taken.contains("set" + out)) {
            out = out + "_";
        }
        taken.add("get" + out);
        taken.add("set" + out);
        return out;
    }

    /**
     * What a builder starts a field at: the declared default, else the empty value of its type
     * ({@code ""}, an empty array or map, a fixed-size array of zeros, the enum's zero); null where
     * there is none (0/false for primitives and null otherwise: fields of struct, union, handle and
     * endpoint types, and fixed-size arrays of other elements, must be set unless nullable).
     */
    private static CodeBlock initial(TypeRegistry types, SchemaWriter literals, StructField f) {
        MojomType t = f.type();
        if (f.defaultValue().isPresent()) {
            return literals.literal(f.defaultValue().get(), t);
        }
        if (t instanceof MojomType.EnumRef e) {
            return EnumEmitter.zero(types, (EnumDef) types.definition(e.fullName()));
        }
        if (t.nullable()) {
            return null;
        }
        return switch (t) {
            case MojomType.StringType ignored -> CodeBlock.of("$S", "");
            case MojomType.MapType ignored -> CodeBlock.of("$T.of()", java.util.Map.class);
            case MojomType.ArrayType a when !a.isFixedSize() -> emptyArray(types, a);
            case MojomType.ArrayType a when a.element() instanceof MojomType.Primitive p -> zeros(types, a, p);
            default -> null;
        };
    }

    private static CodeBlock emptyArray(TypeRegistry types, MojomType.ArrayType a) {
        return switch (a.element()) {
            case MojomType.Primitive p when p.kind() == MojomType.PrimitiveKind.INT8
                    || p.kind() == MojomType.PrimitiveKind.UINT8 -> CodeBlock.of("$T.empty()", TypeRegistry.BYTES);
            case MojomType.Primitive ignored -> CodeBlock.of("$T.of()", types.javaType(a));
            case MojomType.EnumRef e -> CodeBlock.of("$T.copyOf($T.of(), $T::of)", TypeRegistry.ENUM_LIST, List.class,
                    types.classOf(e.fullName()));
            default -> CodeBlock.of("$T.of()", List.class);
        };
    }

    private static CodeBlock zeros(TypeRegistry types, MojomType.ArrayType a, MojomType.Primitive p) {
        TypeName element = types.javaType(p);
        return switch (p.kind()) {
            case INT8, UINT8 -> CodeBlock.of("$T.copyOf(new byte[$L])", TypeRegistry.BYTES, a.fixedLength());
            default -> CodeBlock.of("$T.of(new $T[$L])", types.javaType(a), element, a.fixedLength());
        };
    }

    /** Whether a constructor taking every field would exceed the JVM's parameter limit. */
    static boolean isWide(List<FieldInfo> fields) {
        int slots = 1;
        for (FieldInfo f : fields) {
            slots += f.storage().equals(TypeName.LONG) || f.storage().equals(TypeName.DOUBLE) ? 2 : 1;
        }
        return slots > MAX_PARAMETER_SLOTS;
    }

    /**
     * The class of {@code def}; {@code javadoc}, if not null, replaces the generated description
     * (for parameter structs).
     */
    TypeSpec emit(StructDef def, ClassName self, boolean nested, CodeBlock javadoc) {
        List<FieldInfo> fields = fieldInfos(types, def);
        boolean wide = isWide(fields);
        ClassName builder = self.nestedClass("Builder");
        ClassName codecs = types.codecClass(def.fullName());
        CodeBlock codec = CodeBlock.of("$T.INSTANCE", codecs);
        Optional<String> doc = Javadoc.of(types.result(), def.position());
        TypeSpec.Builder type = TypeSpec.classBuilder(self)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc(javadoc != null ? javadoc : Javadoc.withDoc(doc, javadoc(def)))
                .addAnnotation(emitters.generated(codecs));
        if (nested) {
            type.addModifiers(Modifier.STATIC);
        }
        type.addStaticBlock(Emitters.runtimeCheck(self));
        emitters.constsAndEnums(type, def.consts(), def.enums());
        for (FieldInfo f : fields) {
            type.addField(FieldSpec.builder(f.storage(), f.name(), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("Field {@code $L}.\n", f.field().name()).build());
        }
        type.addMethod(constructor(fields, builder, wide));
        for (FieldInfo f : fields) {
            getters(type, self, f);
        }
        type.addMethod(MethodSpec.methodBuilder("newBuilder")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addJavadoc("A builder with every field at its Mojom default.\n\n@return a new builder\n")
                .returns(builder)
                .addStatement("return new $T()", builder)
                .build());
        type.addMethod(MethodSpec.methodBuilder("toBuilder")
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("A builder starting from this struct's fields, for a changed copy.\n\n@return a new builder\n")
                .returns(builder)
                .addStatement("return new $T(this)", builder)
                .build());
        serialization(type, self, codec);
        type.addMethod(equalsMethod(self, fields));
        type.addMethod(MethodSpec.methodBuilder("hashCode")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(int.class)
                .addCode(fields.isEmpty() ? CodeBlock.of("return 0;\n") : CodeBlock.of("return $T.hash($L);\n",
                        Objects.class, String.join(", ", fields.stream().map(f -> "this." + f.name()).toList())))
                .build());
        type.addMethod(toStringMethod(self, fields));
        type.addType(builderType(def, self, builder, fields, wide));
        return type.build();
    }

    private static CodeBlock javadoc(StructDef def) {
        if (def.isNative()) {
            return CodeBlock.of("The Mojom {@code [Native]} struct {@code $L}.\n\n"
                    + "<p>Chromium serializes native structs with hand-written C++ that a {@code .mojom} does not "
                    + "describe, so this\nclass has no fields: it encodes as an empty struct and decoding "
                    + "ignores the content.\n", def.fullName());
        }
        return CodeBlock.of("The Mojom struct {@code $L} (version $L).\n\n"
                + "<p>Immutable and thread-safe. Make one with {@link #newBuilder()}, a changed copy with\n"
                + "{@link #toBuilder()}; a nullable field reads as null when absent.\n", def.fullName(),
                def.latestVersion());
    }

    /** The constructor the builder and the codec call: every field (or the builder, for a wide struct), trusted. */
    private static MethodSpec constructor(List<FieldInfo> fields, ClassName builder, boolean wide) {
        MethodSpec.Builder c = MethodSpec.constructorBuilder();
        if (wide) {
            c.addJavadoc("Takes the fields of {@code b}, which has checked them.\n\n@param b the builder\n")
                    .addParameter(builder, "b");
            for (FieldInfo f : fields) {
                c.addStatement("this.$L = b.$L", f.name(), f.name());
            }
        } else {
            c.addJavadoc("Takes checked (or decoded) field values, in ordinal order; for the builder and the codec.\n");
            if (!fields.isEmpty()) {
                c.addJavadoc("\n");
            }
            for (FieldInfo f : fields) {
                c.addJavadoc("@param $L field {@code $L}\n", f.name(), f.field().name());
                c.addParameter(f.storage(), f.name());
                c.addStatement("this.$L = $L", f.name(), f.name());
            }
        }
        return c.build();
    }

    private void getters(TypeSpec.Builder type, ClassName self, FieldInfo f) {
        StructField field = f.field();
        Optional<String> doc = Javadoc.of(types.result(), field.position());
        String about = "Field {@code " + field.name() + "}, a {@code " + field.type().mojomName() + "}"
                + (field.minVersion() > 0 ? " (since version " + field.minVersion() + ")" : "")
                + (field.type().nullable() ? "; null when absent." : ".");
        if (f.rawGetter() != null) {
            ClassName enumClass = types.classOf(((MojomType.EnumRef) field.type()).fullName());
            type.addMethod(MethodSpec.methodBuilder(f.getter())
                    .addModifiers(Modifier.PUBLIC)
                    .addJavadoc(Javadoc.withDoc(doc, about + " {@code "
                            + types.unrecognizedConstant(((MojomType.EnumRef) field.type()).fullName())
                            + "} for a value this side does not declare, which {@link #" + f.rawGetter() + "()} gives."))
                    .addJavadoc("\n@return the constant\n")
                    .returns(enumClass)
                    .addStatement("return $T.of(this.$L)", enumClass, f.name())
                    .build());
            type.addMethod(MethodSpec.methodBuilder(f.rawGetter())
                    .addModifiers(Modifier.PUBLIC)
                    .addJavadoc("The int32 value of field {@code $L}, declared or not.\n\n@return the value\n",
                            field.name())
                    .returns(int.class)
                    .addStatement("return this.$L", f.name())
                    .build());
            return;
        }
        type.addMethod(MethodSpec.methodBuilder(f.getter())
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc(Javadoc.withDoc(doc, about))
                .addJavadoc("\n@return the value$L\n", field.type().nullable() ? ", or null" : "")
                .returns(f.storage())
                .addStatement("return this.$L", f.name())
                .build());
    }

    private static void serialization(TypeSpec.Builder type, ClassName self, CodeBlock codec) {
        TypeName handles = ParameterizedTypeName.get(TypeRegistry.LIST, WildcardTypeName.subtypeOf(TypeRegistry.HANDLE));
        String accepts = "Accepts exactly what {@link #serialize()} returns for some value.\n\n";
        String returns = "@return the struct\n";
        String bytesDoc = "@param bytes the encoded struct\n";
        String handlesDoc = "@param handles the attached handles, in index order\n";
        String throwsDoc = "@throws $T if the bytes break a rule of the Mojom wire format (jmojo's docs/wire-format.md §12;\n"
                + "    they are not a valid {@code $L}), or a handle is not of the type its field needs\n";
        type.addMethod(MethodSpec.methodBuilder("serialize")
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("Encodes this struct on its own: its bytes, and the handles it holds in the order the "
                        + "bytes\nindex them. The handles are recorded, not moved: writing the message to a pipe "
                        + "moves them.\n\n@return the bytes and handles, for {@code MessagePipeEndpoint.writeMessage} "
                        + "or {@code deserialize}\n@throws IllegalStateException if it holds associated endpoints, "
                        + "which only interface messages carry\n")
                .returns(TypeRegistry.MESSAGE)
                .addStatement("return $L.serialize(this)", codec)
                .build());
        type.addMethod(MethodSpec.methodBuilder("deserialize")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addJavadoc("Checks and decodes a struct encoded on its own with no handles. " + accepts + bytesDoc
                        + returns + throwsDoc,
                        TypeRegistry.VALIDATION_EXCEPTION, self.simpleName())
                .returns(self)
                .addParameter(byte[].class, "bytes")
                .addException(TypeRegistry.VALIDATION_EXCEPTION)
                .addStatement("return $L.deserialize(bytes, $T.of())", codec, List.class)
                .build());
        type.addMethod(MethodSpec.methodBuilder("deserialize")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addJavadoc("Checks and decodes a struct encoded on its own in {@code message}, read from a pipe "
                        + "or made by\n{@link #serialize()}. " + accepts + "@param message the bytes and handles\n"
                        + returns + throwsDoc, TypeRegistry.VALIDATION_EXCEPTION,
                        self.simpleName())
                .returns(self)
                .addParameter(TypeRegistry.MESSAGE, "message")
                .addException(TypeRegistry.VALIDATION_EXCEPTION)
                .addStatement("return $L.deserialize(message.bytes(), message.handles())", codec)
                .build());
        type.addMethod(MethodSpec.methodBuilder("deserialize")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addJavadoc("Checks and decodes a struct encoded on its own in {@code bytes} (heap or native; not "
                        + "copied\nfirst), with {@code handles} attached in index order. " + accepts + bytesDoc
                        + handlesDoc + returns + throwsDoc,
                        TypeRegistry.VALIDATION_EXCEPTION, self.simpleName())
                .returns(self)
                .addParameter(MemorySegment.class, "bytes")
                .addParameter(handles, "handles")
                .addException(TypeRegistry.VALIDATION_EXCEPTION)
                .addStatement("return $L.deserialize(bytes, handles)", codec)
                .build());
    }

    /**
     * Fields compare like their Java boxes do, so {@code NaN} equals {@code NaN} and {@code -0.0}
     * differs from {@code 0.0} (the bits on the wire differ too).
     */
    private static MethodSpec equalsMethod(ClassName self, List<FieldInfo> fields) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("equals")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(boolean.class)
                .addParameter(Object.class, "other");
        if (fields.isEmpty()) {
            return m.addStatement("return other instanceof $T", self).build();
        }
        CodeBlock.Builder b = CodeBlock.builder().add("return other instanceof $T that", self);
        for (FieldInfo f : fields) {
            String n = f.name();
            b.add("\n$>$>&& ");
            if (f.storage().equals(TypeName.FLOAT)) {
                b.add("$T.compare(this.$L, that.$L) == 0", Float.class, n, n);
            } else if (f.storage().equals(TypeName.DOUBLE)) {
                b.add("$T.compare(this.$L, that.$L) == 0", Double.class, n, n);
            } else if (f.storage().isPrimitive()) {
                b.add("this.$L == that.$L", n, n);
            } else {
                b.add("$T.equals(this.$L, that.$L)", Objects.class, n, n);
            }
            b.add("$<$<");
        }
        return m.addStatement("$L", b.build()).build();
    }

    private MethodSpec toStringMethod(ClassName self, List<FieldInfo> fields) {
        CodeBlock.Builder b = CodeBlock.builder().add("return $S", self.simpleName() + "{");
        for (int i = 0; i < fields.size(); i++) {
            FieldInfo f = fields.get(i);
            String label = (i > 0 ? ", " : "") + f.field().name() + "=";
            if (f.rawGetter() != null) {
                b.add("\n$>$>+ $S + $L() + $S + this.$L + $S$<$<", label, f.getter(), "(", f.name(), ")");
            } else {
                b.add("\n$>$>+ $S + this.$L$<$<", label, f.name());
            }
        }
        b.add("\n$>$>+ $S$<$<", "}");
        return MethodSpec.methodBuilder("toString")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(String.class)
                .addStatement("$L", b.build())
                .build();
    }

    private TypeSpec builderType(StructDef def, ClassName self, ClassName builder, List<FieldInfo> fields,
            boolean wide) {
        TypeSpec.Builder type = TypeSpec.classBuilder(builder)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Builds a {@link $T}. Each setter checks and copies its argument (a list or map is copied "
                        + "into an\nunmodifiable one), so later changes to it do not reach the struct. Not "
                        + "thread-safe.\n", self);
        for (FieldInfo f : fields) {
            FieldSpec.Builder field = FieldSpec.builder(f.storage(), f.name())
                    .addJavadoc("Field {@code $L}, as set so far.\n", f.field().name());
            if (f.initial() != null) {
                field.initializer(f.initial());
            }
            type.addField(field.build());
        }
        type.addMethod(MethodSpec.constructorBuilder().addJavadoc("Starts at the Mojom defaults.\n").build());
        MethodSpec.Builder copy = MethodSpec.constructorBuilder().addParameter(self, "from")
                .addJavadoc("Starts at the fields of {@code from}.\n\n@param from the struct to copy\n");
        for (FieldInfo f : fields) {
            copy.addStatement("this.$L = from.$L", f.name(), f.name());
        }
        type.addMethod(copy.build());
        for (FieldInfo f : fields) {
            setters(type, def, builder, f);
        }
        MethodSpec.Builder build = MethodSpec.methodBuilder("build")
                .addModifiers(Modifier.PUBLIC)
                .returns(self);
        List<String> required = new ArrayList<>();
        for (FieldInfo f : fields) {
            if (f.required()) {
                required.add(f.field().name());
                build.addStatement("$T.required(this.$L, $S)", TypeRegistry.VALUES, f.name(),
                        self.simpleName() + "." + f.field().name());
            }
        }
        build.addJavadoc(required.isEmpty() ? "The struct with the fields set so far.\n\n@return the struct\n"
                : "The struct with the fields set so far.\n\n@return the struct\n@throws IllegalStateException if a "
                        + "field that must be set is not: "
                        + String.join(", ", required.stream().map(r -> "{@code " + r + "}").toList()) + "\n");
        if (wide) {
            build.addStatement("return new $T(this)", self);
        } else {
            build.addStatement("return new $T($L)", self,
                    String.join(", ", fields.stream().map(f -> "this." + f.name()).toList()));
        }
        type.addMethod(build.build());
        return type.build();
    }

    private void setters(TypeSpec.Builder type, StructDef def, ClassName builder, FieldInfo f) {
        StructField field = f.field();
        String what = def.name() + "." + field.name();
        MojomType t = field.type();
        if (f.rawSetter() != null) {
            ClassName enumClass = types.classOf(((MojomType.EnumRef) t).fullName());
            type.addMethod(MethodSpec.methodBuilder(f.setter())
                    .addModifiers(Modifier.PUBLIC)
                    .addJavadoc("Sets field {@code $L}.\n\n@param value the constant\n@return this builder\n"
                            + "@throws IllegalArgumentException for {@code $L}, which stands for no one value\n",
                            field.name(), types.unrecognizedConstant(((MojomType.EnumRef) t).fullName()))
                    .returns(builder)
                    .addParameter(enumClass, "value")
                    .addStatement("this.$L = $T.value(value, $S)", f.name(), TypeRegistry.VALUES, what)
                    .addStatement("return this")
                    .build());
            type.addMethod(MethodSpec.methodBuilder(f.rawSetter())
                    .addModifiers(Modifier.PUBLIC)
                    .addJavadoc("Sets field {@code $L} to an int32 value, declared or not.\n\n@param value the value\n"
                            + "@return this builder\n", field.name())
                    .returns(builder)
                    .addParameter(int.class, "value")
                    .addStatement("this.$L = value", f.name())
                    .addStatement("return this")
                    .build());
            return;
        }
        MethodSpec.Builder setter = MethodSpec.methodBuilder(f.setter())
                .addModifiers(Modifier.PUBLIC)
                .returns(builder)
                .addParameter(checks.parameterType(t), "value")
                .addStatement("this.$L = $L", f.name(), checks.copy(t, "value", what))
                .addStatement("return this");
        StringBuilder doc = new StringBuilder("Sets field {@code ").append(field.name()).append("}");
        List<String> throwsDoc = new ArrayList<>();
        if (!types.isJavaPrimitive(t)) {
            doc.append(t.nullable() ? " (null for absent)" : "");
            if (!t.nullable()) {
                throwsDoc.add("@throws NullPointerException if {@code value} is null: the field is not nullable");
            } else if (t instanceof MojomType.ArrayType || t instanceof MojomType.MapType) {
                throwsDoc.add("@throws NullPointerException if an element of {@code value} is null where elements "
                        + "are not nullable");
            }
            if (t instanceof MojomType.ArrayType a && a.isFixedSize()) {
                throwsDoc.add("@throws IllegalArgumentException if {@code value} does not have exactly " + a.fixedLength()
                        + " elements");
            }
        }
        doc.append(".\n\n@param value the new value\n@return this builder\n");
        if (!throwsDoc.isEmpty()) {
            doc.append(String.join("\n", throwsDoc)).append('\n');
        }
        type.addMethod(setter.addJavadoc("$L", doc.toString()).build());
    }
}

package org.jmojo.mojom.gen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.lang.model.element.Modifier;
import org.jmojo.mojom.model.MojomType;
import org.jmojo.mojom.model.UnionDef;
import org.jmojo.mojom.model.UnionField;

/**
 * Writes the class of one union: an immutable value holding the active member's {@code Tag} and
 * value, with a factory {@code ofX} and a getter {@code getX} per member, inline encoding into a
 * 16-byte slot and decoding from one (docs/wire-format.md §7), value {@code equals}/{@code hashCode}/
 * {@code toString}, and the runtime schema.
 */
final class UnionEmitter {

    private static final Set<String> RESERVED_METHODS = Set.of("tag", "encodeInline", "encodedSize", "decodeInline",
            "equals", "hashCode", "toString", "getClass", "writeString", "readString", "attached", "notify", "notifyAll",
            "wait", "clone", "finalize", "check");

    private final TypeRegistry types;
    private final SchemaWriter schemas;

    UnionEmitter(TypeRegistry types) {
        this.types = types;
        this.schemas = new SchemaWriter(types);
    }

    private record MemberNames(String constant, String factory, String getter) {}

    private static List<MemberNames> memberNames(List<UnionField> fields) {
        Set<String> methods = new HashSet<>(RESERVED_METHODS);
        Set<String> constants = new HashSet<>();
        List<MemberNames> out = new ArrayList<>();
        for (UnionField f : fields) {
            String constant = Names.identifier(Names.upperSnake(Names.lowerCamel(f.name())));
            while (!constants.add(constant)) {
                constant = constant + "_";
            }
            String suffix = Names.upperCamel(f.name());
            String factory = "of" + suffix;
            String getter = "get" + suffix;
            while (methods.contains(factory) || methods.contains(getter)) {
                factory = factory + "_";
                getter = getter + "_";
            }
            methods.add(factory);
            methods.add(getter);
            out.add(new MemberNames(constant, factory, getter));
        }
        return out;
    }

    TypeSpec emit(UnionDef def, ClassName self, CodeBlock runtimeCheck) {
        CodecWriter codec = new CodecWriter(types);
        List<UnionField> fields = def.fields();
        List<MemberNames> names = memberNames(fields);
        String tagName = self.simpleName().equals("Tag") ? "Tag_" : "Tag";
        ClassName tag = self.nestedClass(tagName);

        TypeSpec.Builder type = TypeSpec.classBuilder(self)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc("The Mojom union {@code $L}$L: exactly one member is active.\n\n"
                        + "<p>Immutable and thread-safe as far as the member value is (lists and maps are stored "
                        + "as given).\n", def.fullName(), def.extensible() ? " ([Extensible])" : "");
        type.addField(FieldSpec.builder(TypeRegistry.UNION_SCHEMA, "SCHEMA", Modifier.PUBLIC, Modifier.STATIC,
                Modifier.FINAL).addJavadoc("The members of this union, for the validator.\n").build());
        CodeBlock.Builder schema = CodeBlock.builder()
                .add("new $T($S,\n$>$>$T.of(", TypeRegistry.UNION_SCHEMA, def.fullName(), List.class);
        for (int i = 0; i < fields.size(); i++) {
            UnionField f = fields.get(i);
            schema.add(i == 0 ? "$>\n" : ",\n");
            schema.add("new $T.Field($S, $L, $L)", TypeRegistry.UNION_SCHEMA, f.name(), f.tag(), schemas.kind(f.type()));
        }
        if (!fields.isEmpty()) {
            schema.add("$<");
        }
        schema.add("),\n$L, $L)$<$<", def.extensible(), def.defaultField().map(UnionField::tag).orElse(-1));
        type.addStaticBlock(CodeBlock.builder().add(runtimeCheck).addStatement("SCHEMA = $L", schema.build()).build());

        TypeSpec.Builder tagEnum = TypeSpec.enumBuilder(tagName).addModifiers(Modifier.PUBLIC)
                .addJavadoc("The members; {@code ordinal()} is the wire tag (the declaration position).\n");
        for (int i = 0; i < fields.size(); i++) {
            tagEnum.addEnumConstant(names.get(i).constant,
                    TypeSpec.anonymousClassBuilder("").addJavadoc("Member {@code $L}.\n", fields.get(i).name()).build());
        }
        type.addType(tagEnum.build());

        type.addField(tag, "tag", Modifier.PRIVATE, Modifier.FINAL);
        type.addField(Object.class, "value", Modifier.PRIVATE, Modifier.FINAL);
        type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE)
                .addParameter(tag, "tag").addParameter(Object.class, "value")
                .addStatement("this.tag = tag").addStatement("this.value = value").build());

        for (int i = 0; i < fields.size(); i++) {
            UnionField f = fields.get(i);
            MemberNames n = names.get(i);
            TypeName javaType = types.javaType(f.type());
            MethodSpec.Builder factory = MethodSpec.methodBuilder(n.factory)
                    .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                    .returns(self)
                    .addParameter(javaType, "value");
            if (!TypeRegistry.isJavaPrimitive(f.type()) && !f.type().nullable()) {
                factory.addJavadoc("A union whose member {@code $L} is active.\n\n"
                        + "@throws NullPointerException if {@code value} is null: the member is not nullable\n", f.name())
                        .addStatement("return new $T($T.$L, $T.requireNonNull(value, $S))", self, tag, n.constant,
                                Objects.class, f.name() + " is not nullable");
            } else {
                factory.addJavadoc("A union whose member {@code $L} is active.\n", f.name())
                        .addStatement("return new $T($T.$L, value)", self, tag, n.constant);
            }
            type.addMethod(factory.build());
        }
        type.addMethod(MethodSpec.methodBuilder("tag").addModifiers(Modifier.PUBLIC).returns(tag)
                .addJavadoc("The active member.\n").addStatement("return this.tag").build());
        for (int i = 0; i < fields.size(); i++) {
            UnionField f = fields.get(i);
            MemberNames n = names.get(i);
            TypeName javaType = types.javaType(f.type());
            MethodSpec.Builder getter = MethodSpec.methodBuilder(n.getter)
                    .addModifiers(Modifier.PUBLIC)
                    .returns(javaType)
                    .addJavadoc("The value of member {@code $L}.\n\n"
                            + "@throws IllegalStateException if another member is active\n", f.name())
                    .addStatement("check($T.$L)", tag, n.constant);
            if (javaType.isPrimitive()) {
                getter.addStatement("return ($T) this.value", javaType.box());
            } else if (javaType.equals(com.palantir.javapoet.ClassName.OBJECT)) {
                getter.addStatement("return this.value");
            } else {
                if (javaType instanceof com.palantir.javapoet.ParameterizedTypeName) {
                    getter.addAnnotation(AnnotationsHelper.unchecked());
                }
                getter.addStatement("return ($T) this.value", javaType);
            }
            type.addMethod(getter.build());
        }
        type.addMethod(MethodSpec.methodBuilder("check").addModifiers(Modifier.PRIVATE)
                .addParameter(tag, "wanted")
                .beginControlFlow("if (this.tag != wanted)")
                .addStatement("throw new $T($S + this.tag + $S + wanted)", IllegalStateException.class,
                        self.simpleName() + " holds member ", ", not ")
                .endControlFlow()
                .build());

        type.addMethod(encodeInline(def, tag, names, codec));
        type.addMethod(encodedSize(def, names, codec));
        type.addMethod(decodeInline(def, self, names, codec));
        type.addMethod(validatingDecodeInline(def, self, names));
        type.addMethod(MethodSpec.methodBuilder("equals").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(boolean.class).addParameter(Object.class, "other")
                .addStatement("return other instanceof $T that && this.tag == that.tag && $T.equals(this.value, "
                        + "that.value)", self, Objects.class)
                .build());
        type.addMethod(MethodSpec.methodBuilder("hashCode").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(int.class).addStatement("return $T.hash(this.tag, this.value)", Objects.class).build());
        type.addMethod(MethodSpec.methodBuilder("toString").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(String.class)
                .addStatement("return $S + this.tag.name().toLowerCase($T.ROOT) + $S + this.value + $S",
                        self.simpleName() + "{", java.util.Locale.class, "=", "}")
                .build());
        codec.helperMethods().forEach(type::addMethod);
        return type.build();
    }

    private MethodSpec encodeInline(UnionDef def, ClassName tag, List<MemberNames> names, CodecWriter codec) {
        codec.resetLocals();
        CodeBlock.Builder b = CodeBlock.builder();
        b.addStatement("encoder.putInt32(slot, 16)");
        b.addStatement("encoder.putInt32(slot + 4, this.tag.ordinal())");
        boolean unchecked = false;
        if (!def.fields().isEmpty()) {
            b.beginControlFlow("switch (this.tag)");
            for (int i = 0; i < def.fields().size(); i++) {
                UnionField f = def.fields().get(i);
                TypeName javaType = types.boxed(f.type());
                unchecked |= javaType instanceof com.palantir.javapoet.ParameterizedTypeName;
                b.beginControlFlow("case $L ->", names.get(i).constant);
                String local = "member" + i;
                if (javaType.equals(com.palantir.javapoet.ClassName.OBJECT)) {
                    b.addStatement("$T $L = this.value", javaType, local);
                } else {
                    b.addStatement("$T $L = ($T) this.value", javaType, local, javaType);
                }
                codec.write(b, f.type(), local, "slot + 8", CodecWriter.Place.UNION_MEMBER,
                        def.fullName() + "." + f.name());
                b.endControlFlow();
            }
            b.endControlFlow();
        }
        MethodSpec.Builder m = MethodSpec.methodBuilder("encodeInline")
                .addJavadoc("Writes this union into the 16-byte slot at {@code slot} (already allocated) and "
                        + "appends what its\nmember points to at the end of {@code encoder}. For generated code.\n")
                .addModifiers(Modifier.PUBLIC)
                .addParameter(TypeRegistry.ENCODER, "encoder")
                .addParameter(long.class, "slot")
                .addCode(b.build());
        if (unchecked) {
            m.addAnnotation(AnnotationsHelper.unchecked());
        }
        return m.build();
    }

    private MethodSpec encodedSize(UnionDef def, List<MemberNames> names, CodecWriter codec) {
        codec.resetLocals();
        CodeBlock.Builder b = CodeBlock.builder();
        b.addStatement("long size = 0");
        boolean unchecked = false;
        boolean any = def.fields().stream().anyMatch(f -> CodecWriter.hasOutOfLine(f.type()));
        if (any) {
            b.beginControlFlow("switch (this.tag)");
            for (int i = 0; i < def.fields().size(); i++) {
                UnionField f = def.fields().get(i);
                if (!CodecWriter.hasOutOfLine(f.type())) {
                    continue;
                }
                TypeName javaType = types.boxed(f.type());
                unchecked |= javaType instanceof com.palantir.javapoet.ParameterizedTypeName;
                b.beginControlFlow("case $L ->", names.get(i).constant);
                String local = "member" + i;
                b.addStatement("$T $L = ($T) this.value", javaType, local, javaType);
                codec.size(b, f.type(), local, CodecWriter.Place.UNION_MEMBER);
                b.endControlFlow();
            }
            b.beginControlFlow("default ->");
            b.endControlFlow();
            b.endControlFlow();
        }
        b.addStatement("return size");
        MethodSpec.Builder m = MethodSpec.methodBuilder("encodedSize")
                .addJavadoc("The bytes {@code encodeInline} appends after the slot for what the member points to: "
                        + "exact when every\nstring is ASCII, else a lower bound. For generated code.\n")
                .addModifiers(Modifier.PUBLIC)
                .returns(long.class)
                .addCode(b.build());
        if (unchecked) {
            m.addAnnotation(AnnotationsHelper.unchecked());
        }
        return m.build();
    }

    /**
     * The validating decoder of a union field: string members are checked and read in one step;
     * any other member is checked by the validator's own member check, then read by
     * {@code decodeInline}.
     */
    private MethodSpec validatingDecodeInline(UnionDef def, ClassName self, List<MemberNames> names) {
        CodeBlock.Builder b = CodeBlock.builder();
        boolean strings = def.fields().stream().anyMatch(f -> f.type() instanceof MojomType.StringType);
        if (strings) {
            b.beginControlFlow("switch (tag)");
            for (int i = 0; i < def.fields().size(); i++) {
                UnionField f = def.fields().get(i);
                if (f.type() instanceof MojomType.StringType) {
                    b.beginControlFlow("case $L ->", f.tag());
                    b.addStatement("return $L(reader.unionString(slot, SCHEMA, $L))", names.get(i).factory, f.tag());
                    b.endControlFlow();
                }
            }
            b.beginControlFlow("default ->");
        }
        b.beginControlFlow("if (tag != $T.UNKNOWN_TAG)", TypeRegistry.VALIDATING_READER);
        b.addStatement("reader.unionMember(slot, SCHEMA, tag)");
        b.endControlFlow();
        b.addStatement("return decodeInline(reader.decoder(), slot, handles, associated)");
        if (strings) {
            b.endControlFlow();
            b.endControlFlow();
        }
        return MethodSpec.methodBuilder("decodeInline")
                .addJavadoc("Checks the member of the union in the 16-byte slot at {@code slot}, whose header "
                        + "{@code reader.unionTag}\nhas checked and whose tag it returned (not -1), and decodes the "
                        + "union. For generated code.\n\n"
                        + "@throws $T if the member breaks a rule of wire-format.md §12\n",
                        TypeRegistry.VALIDATION_EXCEPTION)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(self)
                .addParameter(TypeRegistry.VALIDATING_READER, "reader")
                .addParameter(long.class, "slot")
                .addParameter(int.class, "tag")
                .addParameter(StructEmitter.wildcardList(), "handles")
                .addParameter(StructEmitter.wildcardList(), "associated")
                .addException(TypeRegistry.VALIDATION_EXCEPTION)
                .addCode(b.build())
                .build();
    }

    private MethodSpec decodeInline(UnionDef def, ClassName self, List<MemberNames> names, CodecWriter codec) {
        codec.resetLocals();
        CodeBlock.Builder b = CodeBlock.builder();
        b.beginControlFlow("if (decoder.getInt32(slot) == 0)");
        b.addStatement("return null");
        b.endControlFlow();
        b.addStatement("int tag = decoder.getInt32(slot + 4)");
        b.beginControlFlow("switch (tag)");
        for (int i = 0; i < def.fields().size(); i++) {
            UnionField f = def.fields().get(i);
            b.beginControlFlow("case $L ->", f.tag());
            CodeBlock value = codec.read(b, f.type(), "slot + 8", CodecWriter.Place.UNION_MEMBER);
            b.addStatement("return $L($L)", names.get(i).factory, value);
            b.endControlFlow();
        }
        b.beginControlFlow("default ->");
        UnionField fallback = def.extensible() ? def.defaultField().orElse(null) : null;
        if (fallback != null) {
            b.add("// An unknown tag of an [Extensible] union decodes to its [Default] member.\n");
            b.addStatement("return $L($L)", names.get(fallback.tag()).factory, zero(fallback.type()));
        } else {
            b.addStatement("throw new $T($S + tag + $S)", IllegalStateException.class,
                    "unknown tag ", " of union " + def.fullName() + ": decode only validated messages");
        }
        b.endControlFlow();
        b.endControlFlow();
        return MethodSpec.methodBuilder("decodeInline")
                .addJavadoc("Decodes the union in the 16-byte slot at {@code slot} of a validated message; null if "
                        + "the slot holds\nthe null union. For generated code.\n")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(self)
                .addParameter(TypeRegistry.DECODER, "decoder")
                .addParameter(long.class, "slot")
                .addParameter(StructEmitter.wildcardList(), "handles")
                .addParameter(StructEmitter.wildcardList(), "associated")
                .addCode(b.build())
                .build();
    }

    /** The zero value of a member type (what an unknown tag of an extensible union decodes to). */
    private CodeBlock zero(MojomType t) {
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
            return CodeBlock.of("$T.of(0)", types.classOf(e.fullName()));
        }
        return CodeBlock.of("null");
    }
}

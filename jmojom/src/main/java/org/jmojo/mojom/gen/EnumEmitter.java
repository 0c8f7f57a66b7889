package org.jmojo.mojom.gen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.Modifier;
import org.jmojo.mojom.model.EnumDef;
import org.jmojo.mojom.model.EnumValue;

/**
 * Writes a Mojom enum as a Java {@code enum} implementing {@code MojomEnum}: one constant per
 * distinct value, named in {@code UPPER_SNAKE_CASE} as Chromium's Java generator names it; an alias
 * (a second name for a value) is a static field naming the first constant. An {@code [Extensible]}
 * or {@code [Native]} enum also has {@code UNRECOGNIZED}, which stands for every value it does not
 * declare (protobuf-java's model); fields and arrays of such an enum keep the value itself.
 */
final class EnumEmitter {

    private EnumEmitter() {}

    static TypeSpec emit(TypeRegistry types, EnumDef def, ClassName self, boolean nested) {
        boolean open = types.unrecognizedConstant(def.fullName()) != null;
        Optional<String> doc = Javadoc.of(types.result(), def.position());
        CodeBlock about = CodeBlock.of("The Mojom enum {@code $L}$L. {@link #value()} is the int32 on the wire, "
                + "{@link #of(int)}\nthe constant for one.\n", def.fullName(),
                def.extensible() ? " ({@code [Extensible]})" : def.isNative() ? " ({@code [Native]})" : "");
        if (open) {
            about = CodeBlock.builder().add(about).add("\n<p>{@link #$L} stands for every value this side does not "
                    + "declare; a field, union member or\narray of this enum keeps the value that arrived, so that "
                    + "it is written back unchanged.\n", types.unrecognizedConstant(def.fullName())).build();
        }
        TypeSpec.Builder type = TypeSpec.enumBuilder(self)
                .addModifiers(Modifier.PUBLIC)
                .addSuperinterface(TypeRegistry.MOJOM_ENUM)
                .addJavadoc(Javadoc.withDoc(doc, about));
        if (nested) {
            type.addModifiers(Modifier.STATIC);
        }
        Map<Integer, String> first = new LinkedHashMap<>();
        for (EnumValue v : def.values()) {
            String constant = types.enumConstant(def.fullName(), v.name());
            String canonical = first.putIfAbsent(v.value(), constant);
            Optional<String> valueDoc = Javadoc.of(types.result(), v.position());
            if (canonical == null) {
                type.addEnumConstant(constant, TypeSpec.anonymousClassBuilder("$L", v.value())
                        .addJavadoc(Javadoc.withDoc(valueDoc, String.format("{@code %s} = %d%s.", v.name(),
                                v.value(), v.isDefault() ? " ({@code [Default]})" : "")))
                        .build());
            } else {
                type.addField(FieldSpec.builder(self, constant, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc(Javadoc.withDoc(valueDoc, String.format("{@code %s}, another name for {@link #%s}.",
                                v.name(), canonical)))
                        .initializer("$L", canonical)
                        .build());
            }
        }
        if (open) {
            type.addEnumConstant(types.unrecognizedConstant(def.fullName()), TypeSpec.anonymousClassBuilder("0")
                    .addJavadoc("A value this side does not declare; it has no {@link #value()} of its own.\n")
                    .build());
        }
        type.addField(FieldSpec.builder(int.class, "value", Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("The int32 on the wire.\n").build());
        type.addMethod(MethodSpec.constructorBuilder()
                .addJavadoc("A constant with its value.\n\n@param value the int32 on the wire\n")
                .addParameter(int.class, "value")
                .addStatement("this.value = value")
                .build());
        MethodSpec.Builder value = MethodSpec.methodBuilder("value")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(int.class);
        if (open) {
            value.addJavadoc("The int32 written on the wire.\n\n@return the value\n@throws IllegalStateException for "
                            + "{@link #$L}, which stands for many values\n", types.unrecognizedConstant(def.fullName()))
                    .beginControlFlow("if (this == $L)", types.unrecognizedConstant(def.fullName()))
                    .addStatement("throw new $T($S)", IllegalStateException.class,
                            def.fullName() + "." + types.unrecognizedConstant(def.fullName())
                                    + " has no value: read the value itself where it was stored")
                    .endControlFlow();
        } else {
            value.addJavadoc("The int32 written on the wire.\n\n@return the value\n");
        }
        type.addMethod(value.addStatement("return this.value").build());

        MethodSpec.Builder of = MethodSpec.methodBuilder("of")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(self)
                .addParameter(int.class, "value");
        CodeBlock.Builder cases = CodeBlock.builder().add("return switch (value) {\n$>");
        first.forEach((v, c) -> cases.add("case $L -> $L;\n", v, c));
        if (open) {
            of.addJavadoc("The constant for {@code value}: {@link #$L} if this side does not declare it.\n\n"
                    + "@param value the int32 value\n@return the constant\n", types.unrecognizedConstant(def.fullName()));
            cases.add("default -> $L;\n", types.unrecognizedConstant(def.fullName()));
        } else {
            of.addJavadoc("The constant for {@code value}.\n\n@param value the int32 value\n@return the constant\n"
                    + "@throws IllegalArgumentException if no constant has it (the enum is not {@code [Extensible]})\n");
            cases.add("default -> throw new $T(value + $S);\n", IllegalArgumentException.class,
                    " is not a value of enum " + def.fullName() + ", which is not [Extensible]");
        }
        type.addMethod(of.addCode(cases.add("$<};\n").build()).build());
        return type.build();
    }

    /**
     * The value a field of this enum starts with when the Mojom declares no default, as a storage
     * expression: for an open enum the int 0 (the wire's zero); for another, the constant with value
     * 0, else its first constant; null for an enum without constants (the field must be set).
     */
    static CodeBlock zero(TypeRegistry types, EnumDef def) {
        if (TypeRegistry.isOpen(def)) {
            return CodeBlock.of("0");
        }
        return def.values().stream().filter(v -> v.value() == 0).findFirst()
                .or(() -> def.values().stream().findFirst())
                .map(v -> CodeBlock.of("$T.$L", types.classOf(def.fullName()), types.enumConstant(def.fullName(), v.name())))
                .orElse(null);
    }
}

package org.jmojo.mojom.gen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;
import org.jmojo.mojom.model.EnumDef;
import org.jmojo.mojom.model.EnumValue;

/**
 * Writes the class of one enum. Mojom enums are open sets of int32 values when {@code [Extensible]}
 * and may give two names the same value, neither of which a Java {@code enum} can express, so an
 * enum is a small value class: one constant per enumerator (aliases share the instance), {@code of}
 * for a wire value, {@code isKnown()}, value equality.
 */
final class EnumEmitter {

    private EnumEmitter() {}

    static TypeSpec emit(EnumDef def, ClassName self, boolean nested, CodeBlock runtimeCheck) {
        TypeSpec.Builder type = TypeSpec.classBuilder(self)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc("The Mojom enum {@code $L}$L.\n\n"
                        + "<p>$L Instances are immutable; compare them with {@code equals} or by {@link #value()}.\n",
                        def.fullName(), def.extensible() ? " ([Extensible])" : "",
                        def.extensible() || def.isNative()
                                ? "Values this side does not declare are kept: {@link #of} accepts any int."
                                : "Only declared values exist: {@link #of} rejects any other int.");
        if (nested) {
            type.addModifiers(Modifier.STATIC);
        }
        Map<Integer, String> first = new LinkedHashMap<>();
        for (EnumValue v : def.values()) {
            String constant = TypeRegistry.enumConstant(v.name());
            String canonical = first.putIfAbsent(v.value(), constant);
            FieldSpec.Builder f = FieldSpec.builder(self, constant, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL);
            if (canonical == null) {
                f.addJavadoc("{@code $L} = $L$L.\n", v.name(), v.value(), v.isDefault() ? " ([Default])" : "")
                        .initializer("new $T($L, $S)", self, v.value(), v.name());
            } else {
                f.addJavadoc("{@code $L}, another name for {@link #$L}.\n", v.name(), canonical)
                        .initializer("$L", canonical);
            }
            type.addField(f.build());
        }
        ParameterizedTypeName listOfSelf = ParameterizedTypeName.get(TypeRegistry.LIST, self);
        type.addField(FieldSpec.builder(listOfSelf, "KNOWN_VALUES", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$T.of($L)", List.class, String.join(", ", first.values()))
                .build());
        type.addField(FieldSpec.builder(TypeRegistry.ENUM_SCHEMA, "SCHEMA", Modifier.PUBLIC, Modifier.STATIC,
                Modifier.FINAL).addJavadoc("The values of this enum, for the validator.\n").build());
        CodeBlock.Builder schema = CodeBlock.builder().add("new $T($S, $T.of(", TypeRegistry.ENUM_SCHEMA,
                def.fullName(), List.class);
        for (int i = 0; i < def.values().size(); i++) {
            EnumValue v = def.values().get(i);
            schema.add("$L\n$>$>new $T.Value($S, $L)$<$<", i == 0 ? "" : ",", TypeRegistry.ENUM_SCHEMA, v.name(),
                    v.value());
        }
        schema.add("), $L)", def.extensible() || def.isNative());
        type.addStaticBlock(CodeBlock.builder().add(runtimeCheck).addStatement("SCHEMA = $L", schema.build()).build());

        type.addField(int.class, "value", Modifier.PRIVATE, Modifier.FINAL);
        type.addField(String.class, "name", Modifier.PRIVATE, Modifier.FINAL);
        type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE)
                .addParameter(int.class, "value").addParameter(String.class, "name")
                .addStatement("this.value = value").addStatement("this.name = name").build());

        MethodSpec.Builder of = MethodSpec.methodBuilder("of")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(self)
                .addParameter(int.class, "value")
                .beginControlFlow("for ($T known : KNOWN_VALUES)", self)
                .beginControlFlow("if (known.value == value)")
                .addStatement("return known")
                .endControlFlow()
                .endControlFlow();
        if (def.extensible() || def.isNative()) {
            of.addJavadoc("The enumerator with this value, or an unnamed instance holding it (the enum is "
                    + "extensible).\n")
                    .addStatement("return new $T(value, null)", self);
        } else {
            of.addJavadoc("The enumerator with this value.\n\n"
                    + "@throws IllegalArgumentException if no enumerator has it (the enum is not [Extensible])\n")
                    .addStatement("throw new $T(value + $S)", IllegalArgumentException.class,
                            " is not a value of enum " + def.fullName() + ", which is not [Extensible]");
        }
        type.addMethod(of.build());
        type.addMethod(MethodSpec.methodBuilder("values").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addJavadoc("The declared enumerators, one per distinct value, in declaration order.\n")
                .returns(listOfSelf).addStatement("return KNOWN_VALUES").build());
        type.addMethod(MethodSpec.methodBuilder("value").addModifiers(Modifier.PUBLIC).returns(int.class)
                .addJavadoc("The int32 written on the wire.\n").addStatement("return this.value").build());
        type.addMethod(MethodSpec.methodBuilder("isKnown").addModifiers(Modifier.PUBLIC).returns(boolean.class)
                .addJavadoc("Whether an enumerator of this side's declaration has this value.\n")
                .addStatement("return this.name != null").build());
        type.addMethod(MethodSpec.methodBuilder("equals").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(boolean.class).addParameter(Object.class, "other")
                .addStatement("return other instanceof $T that && this.value == that.value", self).build());
        type.addMethod(MethodSpec.methodBuilder("hashCode").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(int.class).addStatement("return $T.hashCode(this.value)", Integer.class).build());
        type.addMethod(MethodSpec.methodBuilder("toString").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(String.class)
                .addStatement("return this.name != null ? this.name : $S + this.value + $S", self.simpleName() + "(", ")")
                .build());
        return type.build();
    }

    /**
     * The Java value a field of this enum starts with when the Mojom declares no default: the
     * enumerator with value 0 (the wire's zero), else the enum's first enumerator, else (an empty
     * or extensible enum) {@code of(0)}.
     */
    static CodeBlock zero(EnumDef def, ClassName self) {
        for (EnumValue v : def.values()) {
            if (v.value() == 0) {
                return CodeBlock.of("$T.$L", self, TypeRegistry.enumConstant(v.name()));
            }
        }
        if (!def.extensible() && !def.isNative() && !def.values().isEmpty()) {
            return CodeBlock.of("$T.$L", self, TypeRegistry.enumConstant(def.values().getFirst().name()));
        }
        return CodeBlock.of("$T.of(0)", self);
    }
}

package org.jmojo.mojom.gen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import java.util.List;
import java.util.Objects;
import javax.lang.model.element.Modifier;
import org.jmojo.mojom.model.MojomType;

/**
 * Value-semantics methods of generated structs: fields compare like their Java boxes do, so
 * {@code NaN} equals {@code NaN} and {@code -0.0} differs from {@code 0.0} (the bits on the wire
 * differ too).
 */
final class ValueMethods {

    private ValueMethods() {}

    static MethodSpec equalsMethod(ClassName self, List<MojomType> types, List<String> fields) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("equals")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(boolean.class)
                .addParameter(Object.class, "other");
        if (fields.isEmpty()) {
            return m.addStatement("return other instanceof $T", self).build();
        }
        CodeBlock.Builder b = CodeBlock.builder().add("return other instanceof $T that", self);
        for (int i = 0; i < fields.size(); i++) {
            String f = fields.get(i);
            b.add("\n$>$>&& ");
            if (types.get(i) instanceof MojomType.Primitive p) {
                switch (p.kind()) {
                    case FLOAT -> b.add("$T.compare(this.$L, that.$L) == 0", Float.class, f, f);
                    case DOUBLE -> b.add("$T.compare(this.$L, that.$L) == 0", Double.class, f, f);
                    default -> b.add("this.$L == that.$L", f, f);
                }
            } else {
                b.add("$T.equals(this.$L, that.$L)", Objects.class, f, f);
            }
            b.add("$<$<");
        }
        return m.addStatement("$L", b.build()).build();
    }

    static MethodSpec hashCodeMethod(List<String> fields) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("hashCode")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(int.class);
        if (fields.isEmpty()) {
            return m.addStatement("return 0").build();
        }
        return m.addStatement("return $T.hash($L)", Objects.class,
                String.join(", ", fields.stream().map(f -> "this." + f).toList())).build();
    }

    static MethodSpec toStringMethod(String simpleName, List<String> mojomNames, List<String> fields) {
        CodeBlock.Builder b = CodeBlock.builder().add("return $S", simpleName + "{");
        for (int i = 0; i < fields.size(); i++) {
            b.add("\n$>$>+ $S + this.$L$<$<", (i > 0 ? ", " : "") + mojomNames.get(i) + "=", fields.get(i));
        }
        b.add("\n$>$>+ $S$<$<", "}");
        return MethodSpec.methodBuilder("toString")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(String.class)
                .addStatement("$L", b.build())
                .build();
    }
}

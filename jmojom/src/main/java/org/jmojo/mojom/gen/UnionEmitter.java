package org.jmojo.mojom.gen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Modifier;
import org.jmojo.mojom.model.MojomType;
import org.jmojo.mojom.model.UnionDef;
import org.jmojo.mojom.model.UnionField;

/**
 * Writes a union as a sealed interface with one record per member, so that a {@code switch} over
 * the members is exhaustive. A member record holds the member's value in {@code value} (for an
 * {@code [Extensible]} enum, {@code rawValue}, with {@code value()} giving the constant); its
 * constructor checks and copies the value as a builder setter does. The encoding lives in the
 * file's codecs class.
 */
final class UnionEmitter {

    private final TypeRegistry types;
    private final Emitters emitters;
    private final ValueChecks checks;

    UnionEmitter(TypeRegistry types, Emitters emitters) {
        this.types = types;
        this.emitters = emitters;
        this.checks = new ValueChecks(types);
    }

    /** The record of each member of {@code def}, in declaration order, with names unique in the interface. */
    static List<ClassName> memberClasses(ClassName self, UnionDef def) {
        Set<String> taken = new HashSet<>();
        for (String enclosing : self.simpleNames()) {
            taken.add(enclosing.toLowerCase(Locale.ROOT));
        }
        List<ClassName> out = new ArrayList<>();
        for (UnionField f : def.fields()) {
            String name = Names.typeName(Names.upperCamel(f.name()));
            while (!taken.add(name.toLowerCase(Locale.ROOT))) {
                name = name + "_";
            }
            out.add(self.nestedClass(name));
        }
        return out;
    }

    TypeSpec emit(UnionDef def, ClassName self) {
        if (def.fields().isEmpty()) {
            // A sealed interface needs a member; a union without any has no value at all.
            return TypeSpec.classBuilder(self)
                    .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                    .addJavadoc(Javadoc.withDoc(Javadoc.of(types.result(), def.position()), CodeBlock.of("The Mojom "
                            + "union {@code $L}, which has no members, so no value: a field of this type\nis always "
                            + "null.\n", def.fullName())))
                    .addAnnotation(emitters.generated(types.codecClass(def.fullName())))
                    .addMethod(CodecsEmitter.privateConstructor().build())
                    .build();
        }
        List<ClassName> members = memberClasses(self, def);
        ClassName codecs = types.codecClass(def.fullName());
        Optional<String> doc = Javadoc.of(types.result(), def.position());
        CodeBlock about = CodeBlock.of("The Mojom union {@code $L}$L: a value is exactly one of the member records "
                + "of this\ninterface, so a {@code switch} over them is exhaustive. Immutable and thread-safe.\n",
                def.fullName(), def.extensible() ? " ({@code [Extensible]})" : "");
        if (def.extensible() && def.defaultField().isPresent()) {
            about = CodeBlock.builder().add(about).add("\n<p>A member this side does not know decodes to "
                    + "{@link $T} with its type's zero value.\n",
                    members.get(def.fields().indexOf(def.defaultField().get()))).build();
        }
        TypeSpec.Builder type = TypeSpec.interfaceBuilder(self)
                .addModifiers(Modifier.PUBLIC, Modifier.SEALED)
                .addJavadoc(Javadoc.withDoc(doc, about))
                .addAnnotation(emitters.generated(codecs));
        for (int i = 0; i < def.fields().size(); i++) {
            type.addPermittedSubclass(members.get(i));
            type.addType(member(def, self, def.fields().get(i), members.get(i)));
        }
        return type.build();
    }

    private TypeSpec member(UnionDef def, ClassName self, UnionField f, ClassName member) {
        MojomType t = f.type();
        String what = def.name() + "." + f.name();
        Optional<String> doc = Javadoc.of(types.result(), f.position());
        String about = "Member {@code " + f.name() + "} (tag " + f.tag() + "), a {@code " + t.mojomName() + "}"
                + (f.isDefault() ? ", the {@code [Default]} member" : "") + ".";
        TypeSpec.Builder record = TypeSpec.recordBuilder(member)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addSuperinterface(self);
        if (types.isOpenEnum(t)) {
            ClassName enumClass = types.classOf(((MojomType.EnumRef) t).fullName());
            record.addJavadoc(Javadoc.withDoc(doc, about))
                    .addJavadoc("\n@param rawValue the int32 value, declared or not\n")
                    .recordConstructor(MethodSpec.constructorBuilder().addParameter(int.class, "rawValue").build())
                    .addMethod(MethodSpec.constructorBuilder()
                            .addModifiers(Modifier.PUBLIC)
                            .addJavadoc("The member with a declared value.\n\n@param value the constant\n"
                                    + "@throws IllegalArgumentException for {@code $L}, which stands for no one value\n",
                                    types.unrecognizedConstant(((MojomType.EnumRef) t).fullName()))
                            .addParameter(enumClass, "value")
                            .addStatement("this($T.value(value, $S))", TypeRegistry.VALUES, what)
                            .build())
                    .addMethod(MethodSpec.methodBuilder("value")
                            .addModifiers(Modifier.PUBLIC)
                            .addJavadoc("The constant of {@link #rawValue()}, {@code $L} if this side does not declare "
                                    + "it.\n\n@return the constant\n",
                                    types.unrecognizedConstant(((MojomType.EnumRef) t).fullName()))
                            .returns(enumClass)
                            .addStatement("return $T.of(rawValue)", enumClass)
                            .build());
            return record.build();
        }
        TypeName valueType = types.javaType(t);
        record.addJavadoc(Javadoc.withDoc(doc, about))
                .addJavadoc("\n@param value the member's value$L\n", t.nullable() ? ", or null" : "");
        CodeBlock copy = checks.copy(t, "value", what);
        if (copy.toString().equals("value")) {
            record.recordConstructor(MethodSpec.constructorBuilder().addParameter(valueType, "value").build());
        } else {
            record.recordConstructor(MethodSpec.compactConstructorBuilder()
                    .addModifiers(Modifier.PUBLIC)
                    .addJavadoc("Checks and copies {@code value}.\n\n@throws NullPointerException if it, or an "
                            + "element of it, is null where it may not be\n$L", t instanceof MojomType.ArrayType a
                                    && a.isFixedSize() ? "@throws IllegalArgumentException if it does not have exactly "
                                            + a.fixedLength() + " elements\n" : "")
                    .addParameter(valueType, "value")
                    .addStatement("value = $L", copy)
                    .build());
        }
        return record.build();
    }
}

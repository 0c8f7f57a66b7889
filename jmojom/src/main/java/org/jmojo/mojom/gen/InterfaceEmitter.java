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
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.lang.model.element.Modifier;
import org.jmojo.mojom.model.InterfaceDef;
import org.jmojo.mojom.model.Method;
import org.jmojo.mojom.model.StructDef;

/**
 * Writes what makes a Mojom interface callable: the abstract methods of its Java interface (one per
 * Mojom method, a {@code CompletableFuture} of the response, a record for a response of several
 * values, {@code void} without a response, and for a {@code [Sync]} method a blocking
 * {@code xSync} default method), and the package-private {@code InterfaceBinding} in the file's
 * codecs class that the bindings' {@code Remote} and {@code Receiver} find through {@code Codecs}:
 * a proxy that encodes each call's parameter struct for a {@code MethodCaller}, the request decoder
 * (the parameter struct's generated validating decoder, so the payload is checked exactly once) and
 * the dispatch to an implementation.
 */
final class InterfaceEmitter {

    /** Public methods of {@code Object}: an interface method of the same name could clash with them. */
    private static final Set<String> OBJECT_METHODS = Set.of("toString", "hashCode", "equals", "getClass", "notify",
            "notifyAll", "wait", "clone", "finalize");

    private static final ClassName COMPLETABLE_FUTURE = ClassName.get(CompletableFuture.class);
    private static final ClassName RESPONSE = TypeRegistry.INTERFACE_BINDING.nestedClass("Response");

    /**
     * One Mojom method as the Java interface spells it.
     *
     * @param method the Mojom method
     * @param index its position in the interface (and in the schema's method list)
     * @param name the Java method
     * @param syncName the blocking form of a {@code [Sync]} method with a response, or null
     * @param params the request parameters, in declaration order
     * @param response the response parameters in declaration order, or null without a response
     * @param result what the future holds: {@code Void}, the one value (boxed), or {@code record}
     * @param record the record of a response of several values, or null
     * @param schemaField the binding's constant holding the method's schema
     */
    private record MethodInfo(Method method, int index, String name, String syncName,
            List<StructEmitter.FieldInfo> params, List<StructEmitter.FieldInfo> response, TypeName result,
            ClassName record, String schemaField) {

        boolean hasResponse() {
            return response != null;
        }
    }

    private final TypeRegistry types;
    private final InterfaceDef def;
    private final ClassName self;
    private final ClassName binding;
    private final List<MethodInfo> methods = new ArrayList<>();
    /** Simple names of the interface's nested types, which shadow imports inside an implementing class. */
    private final Set<String> nestedNames;

    /**
     * @param nestedNames the simple names of the types the interface class already nests (parameter
     *     structs, enums); response records get names that differ from them
     */
    InterfaceEmitter(TypeRegistry types, InterfaceDef def, Set<String> nestedNames) {
        this.types = types;
        this.def = def;
        this.self = types.classOf(def.fullName());
        this.binding = types.codecClass(def.fullName());
        this.nestedNames = new HashSet<>(nestedNames);
        Set<String> taken = new HashSet<>(OBJECT_METHODS);
        Set<String> schemaFields = new HashSet<>(Set.of("INSTANCE"));
        for (int i = 0; i < def.methods().size(); i++) {
            Method m = def.methods().get(i);
            String name = unique(Names.identifier(Names.lowerCamel(m.name())), taken);
            methods.add(new MethodInfo(m, i, name, null, inDeclarationOrder(m.params()),
                    m.response().map(this::inDeclarationOrder).orElse(null), null, null,
                    unique(Names.constantStyle(m.name()) + "_METHOD", schemaFields)));
        }
        // Sync names after every plain name, so that a method called FooSync keeps its own name.
        for (int i = 0; i < methods.size(); i++) {
            MethodInfo info = methods.get(i);
            String syncName = info.method().sync() && info.hasResponse() ? unique(info.name() + "Sync", taken) : null;
            ClassName record = info.hasResponse() && info.response().size() > 1
                    ? self.nestedClass(uniqueType(Names.upperCamel(info.method().name()) + "Response"))
                    : null;
            TypeName result = !info.hasResponse() ? null
                    : record != null ? record
                    : info.response().isEmpty() ? ClassName.get(Void.class)
                    : info.response().getFirst().storage().box();
            methods.set(i, new MethodInfo(info.method(), info.index(), info.name(), syncName, info.params(),
                    info.response(), result, record, info.schemaField()));
        }
    }

    private List<StructEmitter.FieldInfo> inDeclarationOrder(StructDef params) {
        List<StructEmitter.FieldInfo> fields = new ArrayList<>(StructEmitter.fieldInfos(types, params));
        fields.sort(Comparator.comparingInt(f -> params.fields().indexOf(f.field())));
        Set<String> names = new HashSet<>();
        for (StructEmitter.FieldInfo f : fields) {
            if (!names.add(javaName(f))) {
                // Two Mojom names with one Java spelling (a_b and aB): no Java signature can hold both.
                throw new IllegalArgumentException(params.fullName() + ": parameters " + f.field().name()
                        + " and another are both " + javaName(f) + " in Java; rename one");
            }
        }
        return fields;
    }

    private static String unique(String name, Set<String> taken) {
        String out = name;
        while (!taken.add(out)) {
            out = out + "_";
        }
        return out;
    }

    private String uniqueType(String name) {
        String out = Names.typeName(name);
        while (!nestedNames.add(out)) {
            out = out + "_";
        }
        return out;
    }

    // ---- the Java interface -----------------------------------------------------------------

    /** Adds the methods (and response records) to the interface's type. */
    void addMethods(TypeSpec.Builder iface) {
        for (MethodInfo m : methods) {
            if (m.record() != null) {
                iface.addType(responseRecord(m));
            }
            Optional<String> doc = Javadoc.of(types.result(), m.method().position());
            MethodSpec.Builder abstractMethod = MethodSpec.methodBuilder(m.name())
                    .addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
                    .addJavadoc(Javadoc.withDoc(doc, methodDoc(m)))
                    .returns(m.hasResponse() ? ParameterizedTypeName.get(COMPLETABLE_FUTURE, m.result()) : TypeName.VOID);
            addParameters(abstractMethod, m);
            iface.addMethod(abstractMethod.build());
            if (m.syncName() != null) {
                MethodSpec.Builder sync = MethodSpec.methodBuilder(m.syncName())
                        .addModifiers(Modifier.PUBLIC, Modifier.DEFAULT)
                        .addJavadoc(syncDoc(m))
                        .returns(syncReturn(m));
                addParameters(sync, m);
                CodeBlock call = CodeBlock.of("$N($L).join()", m.name(), argumentNames(m));
                sync.addStatement(syncReturn(m).equals(TypeName.VOID) ? "$L" : "return $L", call);
                iface.addMethod(sync.build());
            }
        }
    }

    private static CodeBlock methodDoc(MethodInfo m) {
        CodeBlock.Builder b = CodeBlock.builder().add("Mojom method {@code $L}", m.method().name());
        if (m.method().minVersion() > 0) {
            b.add(", since interface version $L (an older implementation closes the pipe on it: check the remote's "
                    + "version first)", m.method().minVersion());
        }
        b.add(m.hasResponse() ? ".\n" : ": a message without a response.\n");
        paramDocs(b, m, m.hasResponse());
        if (m.record() != null) {
            b.add("@return completes with the response values\n");
        } else if (m.hasResponse() && m.response().isEmpty()) {
            b.add("@return completes (with null) when the implementation has answered\n");
        } else if (m.hasResponse()) {
            b.add("@return completes with the response value {@code $L}\n", m.response().getFirst().field().name());
        }
        return b.build();
    }

    private static CodeBlock syncDoc(MethodInfo m) {
        CodeBlock.Builder b = CodeBlock.builder().add("The blocking form of the {@code [Sync]} method {@code $L}: a proxy "
                + "sends the request and waits for\nthe response (serving incoming sync requests meanwhile); this "
                + "default, which an implementation\ninherits, waits for {@link #$L}'s future.\n", m.method().name(),
                m.name());
        paramDocs(b, m, !syncReturn(m).equals(TypeName.VOID));
        if (!syncReturn(m).equals(TypeName.VOID)) {
            b.add("@return the response $L\n", m.record() != null ? "values" : "value");
        }
        return b.build();
    }

    /** A blank line if any block tag follows, then an {@code @param} line per parameter. */
    private static void paramDocs(CodeBlock.Builder b, MethodInfo m, boolean returnTag) {
        if (!m.params().isEmpty() || returnTag) {
            b.add("\n");
        }
        for (StructEmitter.FieldInfo f : m.params()) {
            b.add("@param $L Mojom parameter {@code $L}\n", javaName(f), f.field().name());
        }
    }

    private static TypeName syncReturn(MethodInfo m) {
        if (m.record() != null) {
            return m.record();
        }
        return m.response().isEmpty() ? TypeName.VOID : m.response().getFirst().storage();
    }

    private static void addParameters(MethodSpec.Builder method, MethodInfo m) {
        for (StructEmitter.FieldInfo f : m.params()) {
            method.addParameter(f.storage(), javaName(f));
        }
    }

    private static String argumentNames(MethodInfo m) {
        return String.join(", ", m.params().stream().map(InterfaceEmitter::javaName).toList());
    }

    private static TypeSpec responseRecord(MethodInfo m) {
        MethodSpec.Builder components = MethodSpec.constructorBuilder();
        CodeBlock.Builder doc = CodeBlock.builder().add("The response values of method {@code $L}.\n\n",
                m.method().name());
        for (StructEmitter.FieldInfo f : m.response()) {
            components.addParameter(f.storage(), javaName(f));
            doc.add("@param $L response value {@code $L}\n", javaName(f), f.field().name());
        }
        return TypeSpec.recordBuilder(m.record())
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addJavadoc(doc.build())
                .recordConstructor(components.build())
                .build();
    }

    /**
     * A parameter's or record component's Java name: the field's name in lower camel case (the
     * struct's own field names also avoid the codec's locals, which these need not), with an
     * underscore where a record would declare an accessor {@code Object} has.
     */
    private static String javaName(StructEmitter.FieldInfo f) {
        String name = Names.fieldName(f.field().name());
        return OBJECT_METHODS.contains(name) ? name + "_" : name;
    }

    // ---- the binding ------------------------------------------------------------------------

    /** The binding class, nested in the file's codecs class. */
    TypeSpec binding(CodeBlock runtimeCheck) {
        TypeSpec.Builder type = TypeSpec.classBuilder(binding)
                .addModifiers(Modifier.STATIC, Modifier.FINAL)
                .addSuperinterface(ParameterizedTypeName.get(TypeRegistry.INTERFACE_BINDING, self))
                .addJavadoc("The binding of {@code $L}: what {@code Remote} and {@code Receiver} need of it.\n",
                        def.fullName())
                .addField(FieldSpec.builder(binding, "INSTANCE", Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("The binding.\n").build());
        for (MethodInfo m : methods) {
            type.addField(FieldSpec.builder(TypeRegistry.METHOD_SCHEMA, m.schemaField(), Modifier.PRIVATE,
                            Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc("Method {@code $L}.\n", m.method().name())
                    .initializer("$T.SCHEMA.methods().get($L)", self, m.index())
                    .build());
        }
        type.addStaticBlock(CodeBlock.builder()
                .add(runtimeCheck)
                .addStatement("INSTANCE = new $T()", binding)
                .addStatement("$T.register($T.lookup(), $T.class, INSTANCE)", TypeRegistry.CODECS, MethodHandles.class,
                        self)
                .build());
        type.addMethod(CodecsEmitter.privateConstructor().build());
        type.addMethod(override("descriptor", ParameterizedTypeName.get(TypeRegistry.INTERFACE_DESCRIPTOR, self))
                .addStatement("return $T.DESCRIPTOR", self).build());
        type.addMethod(override("schema", TypeRegistry.INTERFACE_SCHEMA).addStatement("return $T.SCHEMA", self).build());
        type.addMethod(override("proxy", self).addParameter(TypeRegistry.METHOD_CALLER, "caller")
                .addStatement("return new Proxy(caller)").build());
        type.addMethod(decodeRequest());
        type.addMethod(invoke());
        converters(type);
        type.addType(proxy());
        return type.build();
    }

    private static MethodSpec.Builder override(String name, TypeName returns) {
        return MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(returns);
    }

    private CodeBlock paramsCodec(MethodInfo m) {
        return CodeBlock.of("$T.INSTANCE", types.codecClass(m.method().params().fullName()));
    }

    private CodeBlock responseCodec(MethodInfo m) {
        return CodeBlock.of("$T.INSTANCE", types.codecClass(m.method().response().orElseThrow().fullName()));
    }

    private CodeBlock notAMethod() {
        return CodeBlock.of("throw new $T($S + method)", IllegalArgumentException.class,
                "not a method of " + def.fullName() + ": ");
    }

    /** {@code return switch (method.ordinal()) { cases; default -> throw }}, or just the throw without methods. */
    private CodeBlock.Builder switchOnOrdinal() {
        return methods.isEmpty() ? CodeBlock.builder() : CodeBlock.builder().beginControlFlow("return switch (method.ordinal())");
    }

    private void endSwitch(CodeBlock.Builder b) {
        if (methods.isEmpty()) {
            b.addStatement("$L", notAMethod());
        } else {
            b.addStatement("default -> $L", notAMethod());
            b.unindent().add("};\n");
        }
    }

    private MethodSpec decodeRequest() {
        CodeBlock.Builder b = switchOnOrdinal();
        for (MethodInfo m : methods) {
            b.addStatement("case $L -> $T.decodeParams(message, header, handles, $L)", m.method().ordinal(),
                    TypeRegistry.MESSAGE_BUILDER, paramsCodec(m));
        }
        endSwitch(b);
        return override("decodeRequest", ClassName.get(Object.class))
                .addParameter(TypeRegistry.METHOD_SCHEMA, "method")
                .addParameter(MemorySegment.class, "message")
                .addParameter(TypeRegistry.MESSAGE_HEADER, "header")
                .addParameter(ParameterizedTypeName.get(TypeRegistry.LIST,
                        WildcardTypeName.subtypeOf(TypeRegistry.HANDLE)), "handles")
                .addException(TypeRegistry.VALIDATION_EXCEPTION)
                .addCode(b.build())
                .build();
    }

    private MethodSpec invoke() {
        CodeBlock.Builder b = switchOnOrdinal();
        for (MethodInfo m : methods) {
            ClassName params = types.classOf(m.method().params().fullName());
            b.beginControlFlow("case $L ->", m.method().ordinal());
            List<String> args = new ArrayList<>();
            if (!m.params().isEmpty()) {
                b.addStatement("$T p = ($T) params", params, params);
                m.params().forEach(f -> args.add("p." + f.storedGetter() + "()"));
            }
            CodeBlock call = CodeBlock.of("implementation.$N($L)", m.name(), String.join(", ", args));
            if (!m.hasResponse()) {
                b.addStatement("$L", call);
                b.addStatement("yield null");
            } else {
                b.addStatement("yield new $T<>($L,$W$T.requireNonNull($L,$W$S)$Z.thenApply($T::$N))", RESPONSE,
                        responseCodec(m), Objects.class, call,
                        def.name() + "." + m.name() + " returned null instead of a future", binding,
                        responseBuilderName(m));
            }
            b.endControlFlow();
        }
        endSwitch(b);
        return override("invoke", ParameterizedTypeName.get(RESPONSE, WildcardTypeName.subtypeOf(Object.class)))
                .addParameter(self, "implementation")
                .addParameter(TypeRegistry.METHOD_SCHEMA, "method")
                .addParameter(Object.class, "params")
                .addCode(b.build())
                .build();
    }

    private static String responseBuilderName(MethodInfo m) {
        return m.name() + "Response";
    }

    private static String responseReaderName(MethodInfo m) {
        return m.name() + "Result";
    }

    /**
     * Per method with a response: the function from the implementation's result to the response
     * struct, and (for no or several values) from the response struct to the caller's result.
     */
    private void converters(TypeSpec.Builder type) {
        for (MethodInfo m : methods) {
            if (!m.hasResponse()) {
                continue;
            }
            ClassName response = types.classOf(m.method().response().orElseThrow().fullName());
            CodeBlock.Builder build = CodeBlock.builder().add("return $T.newBuilder()", response);
            for (StructEmitter.FieldInfo f : m.response()) {
                String setter = f.rawSetter() != null ? f.rawSetter() : f.setter();
                build.add("$Z.$N($L)", setter, m.record() != null ? "result." + javaName(f) + "()" : "result");
            }
            build.add(".build();\n");
            type.addMethod(MethodSpec.methodBuilder(responseBuilderName(m))
                    .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                    .addJavadoc("The response struct of {@code $L} from the implementation's result.\n\n"
                            + "@param result what the implementation's future completed with\n"
                            + "@return the response parameter struct\n", m.method().name())
                    .returns(response)
                    .addParameter(m.result(), "result")
                    .addCode(build.build())
                    .build());
            if (m.record() != null || m.response().isEmpty()) {
                CodeBlock read = m.record() == null ? CodeBlock.of("return null;\n")
                        : CodeBlock.of("return new $T($L);\n", m.record(), String.join(", ",
                                m.response().stream().map(f -> "response." + f.storedGetter() + "()").toList()));
                type.addMethod(MethodSpec.methodBuilder(responseReaderName(m))
                        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                        .addJavadoc("The caller's result of {@code $L} from the response struct.\n\n"
                                + "@param response the response parameter struct\n@return what the caller's future "
                                + "completes with\n", m.method().name())
                        .returns(m.result())
                        .addParameter(response, "response")
                        .addCode(read)
                        .build());
            }
        }
    }

    /** The proxy: each method builds the parameter struct and hands it to the router's {@code MethodCaller}. */
    private TypeSpec proxy() {
        TypeSpec.Builder type = TypeSpec.classBuilder("Proxy")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addSuperinterface(self)
                .addJavadoc("The client side of {@code $L}: calls go to the router.\n", def.fullName())
                // The interface's nested types are in scope here and would shadow imported names.
                .alwaysQualify(nestedNames.toArray(String[]::new))
                .addField(FieldSpec.builder(TypeRegistry.METHOD_CALLER, "caller", Modifier.PRIVATE, Modifier.FINAL)
                        .addJavadoc("The router side of the remote.\n").build())
                .addMethod(MethodSpec.constructorBuilder()
                        .addJavadoc("A proxy making its calls through {@code caller}.\n\n@param caller the router side "
                                + "of the remote\n")
                        .addParameter(TypeRegistry.METHOD_CALLER, "caller")
                        .addStatement("this.caller = caller").build());
        for (MethodInfo m : methods) {
            ClassName params = types.classOf(m.method().params().fullName());
            CodeBlock.Builder value = CodeBlock.builder().add("$T.newBuilder()", params);
            for (StructEmitter.FieldInfo f : m.params()) {
                value.add("$Z.$N($N)", f.rawSetter() != null ? f.rawSetter() : f.setter(), javaName(f));
            }
            value.add("$Z.build()");
            CodeBlock schema = CodeBlock.of("$T.$N", binding, m.schemaField());
            MethodSpec.Builder call = override(m.name(), m.hasResponse()
                    ? ParameterizedTypeName.get(COMPLETABLE_FUTURE, m.result()) : TypeName.VOID);
            addParameters(call, m);
            if (!m.hasResponse()) {
                call.addStatement("this.caller.send($L,$W$L,$W$L)", schema, paramsCodec(m), value.build());
            } else {
                call.addStatement("return this.caller.call($L,$W$L,$W$L,$W$L)$Z.thenApply($L)", schema, paramsCodec(m),
                        value.build(), responseCodec(m), resultReader(m));
            }
            type.addMethod(call.build());
            if (m.syncName() != null) {
                MethodSpec.Builder sync = override(m.syncName(), syncReturn(m));
                addParameters(sync, m);
                CodeBlock blocking = CodeBlock.of("this.caller.callSync($L,$W$L,$W$L,$W$L)", schema, paramsCodec(m),
                        value.build(), responseCodec(m));
                if (m.response().isEmpty()) {
                    sync.addStatement("$L", blocking);
                } else if (m.record() != null) {
                    sync.addStatement("return $T.$N($L)", binding, responseReaderName(m), blocking);
                } else {
                    sync.addStatement("return $L$Z.$N()", blocking, m.response().getFirst().storedGetter());
                }
                type.addMethod(sync.build());
            }
        }
        type.addMethod(MethodSpec.methodBuilder("toString").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(String.class)
                .addStatement("return $S + this.caller", "proxy of " + def.fullName() + " over ").build());
        return type.build();
    }

    /** The function from the response struct to the caller's result, as a method reference. */
    private CodeBlock resultReader(MethodInfo m) {
        if (m.record() != null || m.response().isEmpty()) {
            return CodeBlock.of("$T::$N", binding, responseReaderName(m));
        }
        return CodeBlock.of("$T::$N", types.classOf(m.method().response().orElseThrow().fullName()),
                m.response().getFirst().storedGetter());
    }
}

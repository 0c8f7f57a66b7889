package org.jmojo.mojom.gen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jmojo.mojom.model.CompilationResult;
import org.jmojo.mojom.model.ConstDef;
import org.jmojo.mojom.model.Definition;
import org.jmojo.mojom.model.EnumDef;
import org.jmojo.mojom.model.InterfaceDef;
import org.jmojo.mojom.model.Method;
import org.jmojo.mojom.model.MojomFile;
import org.jmojo.mojom.model.MojomType;
import org.jmojo.mojom.model.StructDef;

/**
 * The Java name of every Mojom definition of one compilation, and the Java type of every Mojom
 * type. Built once per compilation; immutable afterwards.
 *
 * <p>Type mapping: {@code bool} to {@code boolean}; {@code int8}/{@code uint8} to {@code byte},
 * {@code int16}/{@code uint16} to {@code short}, {@code int32}/{@code uint32} to {@code int},
 * {@code int64}/{@code uint64} to {@code long} (unsigned kinds hold the same bits, as in
 * Chromium's Java bindings); {@code string} to {@code String}; arrays to {@code List} of the boxed
 * element type; maps to {@code Map}; structs, unions and enums to their generated classes; handles
 * and {@code pending_receiver}s to {@code org.jmojo.system.Handle}; {@code pending_remote}s to
 * {@code ValueCodec.RemoteValue} (the endpoint and its version); associated receivers to
 * {@code Object}.
 */
final class TypeRegistry {

    static final String RUNTIME = "org.jmojo.bindings.runtime";
    static final ClassName ENCODER = ClassName.get(RUNTIME, "Encoder");
    static final ClassName DECODER = ClassName.get(RUNTIME, "Decoder");
    static final ClassName VALIDATOR = ClassName.get(RUNTIME, "Validator");
    static final ClassName VALIDATING_READER = ClassName.get(RUNTIME, "ValidatingReader");
    static final ClassName INT_ARRAY_LIST = ClassName.get(RUNTIME, "IntArrayList");
    static final ClassName LONG_ARRAY_LIST = ClassName.get(RUNTIME, "LongArrayList");
    static final ClassName VALUE_CODEC = ClassName.get(RUNTIME, "ValueCodec");
    static final ClassName ENCODED = VALUE_CODEC.nestedClass("Encoded");
    static final ClassName REMOTE_VALUE = VALUE_CODEC.nestedClass("RemoteValue");
    static final ClassName MOJOM_KIND = ClassName.get(RUNTIME, "MojomKind");
    static final ClassName STRUCT_SCHEMA = ClassName.get(RUNTIME, "StructSchema");
    static final ClassName FIELD_SCHEMA = ClassName.get(RUNTIME, "FieldSchema");
    static final ClassName UNION_SCHEMA = ClassName.get(RUNTIME, "UnionSchema");
    static final ClassName ENUM_SCHEMA = ClassName.get(RUNTIME, "EnumSchema");
    static final ClassName INTERFACE_SCHEMA = ClassName.get(RUNTIME, "InterfaceSchema");
    static final ClassName METHOD_SCHEMA = ClassName.get(RUNTIME, "MethodSchema");
    static final ClassName MOJOM_GENERATED = ClassName.get(RUNTIME, "MojomGenerated");
    static final ClassName RUNTIME_VERSION = ClassName.get(RUNTIME, "RuntimeVersion");
    static final ClassName VALIDATION_EXCEPTION = ClassName.get("org.jmojo.bindings", "ValidationException");
    static final ClassName HANDLE = ClassName.get("org.jmojo.system", "Handle");
    static final ClassName LIST = ClassName.get(List.class);
    static final ClassName MAP = ClassName.get(Map.class);

    /** Names of static members every generated struct, union, enum or interface class declares. */
    static final Set<String> STATIC_HELPERS = Set.of("SCHEMA", "NAME", "VERSION", "KNOWN_VALUES");

    /**
     * Names an enumerator's constant must avoid: the static helpers, and the instance fields
     * {@code value} and {@code name} of the generated enum class (Java keeps one namespace for
     * static and instance fields).
     */
    private static final Set<String> ENUM_MEMBERS = Set.of("SCHEMA", "NAME", "VERSION", "KNOWN_VALUES", "value", "name");

    private final CompilationResult result;
    private final Map<String, ClassName> classes = new HashMap<>();
    private final Map<String, MojomFile> files = new HashMap<>();
    private final Map<String, String> constNames = new HashMap<>();
    /** Simple names of the top-level classes generated into each package. */
    private final Map<String, Set<String>> packageTypes = new HashMap<>();
    /**
     * Per package, the top-level classes whose simple names are also {@code java.lang} classes;
     * worked out once here, since every generated file of the package asks (asking per file
     * made generation quadratic in the number of definitions).
     */
    private final Map<String, Set<String>> javaLangClashes = new HashMap<>();

    TypeRegistry(CompilationResult result) {
        this.result = result;
        for (MojomFile f : result.files()) {
            register(f);
        }
        for (MojomFile f : result.importedFiles()) {
            register(f);
        }
        packageTypes.forEach((pkg, names) -> {
            Set<String> clashes = new java.util.TreeSet<>();
            for (String name : names) {
                if (isJavaLangClass(name)) {
                    clashes.add(name);
                }
            }
            javaLangClashes.put(pkg, java.util.Collections.unmodifiableSet(clashes));
        });
    }

    private void register(MojomFile file) {
        String pkg = Names.javaPackage(file.module(), file.javaPackage());
        ClassName constants = constantsClass(file);
        packageTypes.computeIfAbsent(pkg, k -> new HashSet<>()).add(constants.simpleName());
        for (Definition d : file.definitions()) {
            files.put(d.fullName(), file);
            packageTypes.get(pkg).add(javaName(d));
            switch (d) {
                case ConstDef c -> constNames.put(c.fullName(), constName(c.name(), Set.of()));
                case StructDef s -> {
                    ClassName cn = ClassName.get(pkg, javaName(d));
                    classes.put(d.fullName(), cn);
                    Set<String> taken = new HashSet<>(STATIC_HELPERS);
                    registerNested(cn, s.enums(), s.consts(), taken);
                }
                case InterfaceDef i -> {
                    ClassName cn = ClassName.get(pkg, javaName(d));
                    classes.put(d.fullName(), cn);
                    Set<String> taken = new HashSet<>(STATIC_HELPERS);
                    for (Method m : i.methods()) {
                        String params = Names.typeName(Names.upperCamel(m.name()) + "Params");
                        classes.put(m.params().fullName(), cn.nestedClass(params));
                        taken.add(params);
                        taken.add(ordinalConstant(m));
                        m.response().ifPresent(r -> {
                            String response = Names.typeName(Names.upperCamel(m.name()) + "ResponseParams");
                            classes.put(r.fullName(), cn.nestedClass(response));
                            taken.add(response);
                        });
                    }
                    registerNested(cn, i.enums(), i.consts(), taken);
                }
                default -> classes.put(d.fullName(), ClassName.get(pkg, javaName(d)));
            }
            if (d instanceof ConstDef) {
                classes.put(d.fullName(), constants);
            }
        }
    }

    private void registerNested(ClassName outer, List<EnumDef> enums, List<ConstDef> consts, Set<String> taken) {
        taken.add(outer.simpleName());
        for (EnumDef e : enums) {
            String name = Names.typeName(e.name());
            while (taken.contains(name)) {
                name = name + "_";
            }
            taken.add(name);
            classes.put(e.fullName(), outer.nestedClass(name));
            files.put(e.fullName(), files.get(outerFullName(e.fullName())));
        }
        for (ConstDef c : consts) {
            classes.put(c.fullName(), outer);
            constNames.put(c.fullName(), constName(c.name(), taken));
        }
    }

    private static String outerFullName(String fullName) {
        return fullName.substring(0, fullName.lastIndexOf('.'));
    }

    private static String javaName(Definition d) {
        return Names.typeName(d.attributes().text("JavaClassName").orElse(d.name()));
    }

    private static String constName(String name, Set<String> taken) {
        String out = Names.identifier(name);
        while (taken.contains(out)) {
            out = out + "_";
        }
        return out;
    }

    /** The ordinal constant of a method: {@code GetValue} to {@code GET_VALUE_ORDINAL}. */
    static String ordinalConstant(Method m) {
        return Names.upperSnake(m.name()) + "_ORDINAL";
    }

    /** The class holding a file's top-level consts: {@code [JavaConstantsClassName]} or {@code <Stem>Constants}. */
    static ClassName constantsClass(MojomFile file) {
        String pkg = Names.javaPackage(file.module(), file.javaPackage());
        String name = file.attributes().text("JavaConstantsClassName")
                .orElse(Names.fileStem(file.importName()) + "Constants");
        return ClassName.get(pkg, Names.typeName(name));
    }

    /**
     * The generated top-level classes of {@code pkg} whose simple names are also classes of
     * {@code java.lang}: code in that package must qualify both, since the package's own class
     * hides the implicit {@code java.lang} import.
     */
    Set<String> javaLangClashes(String pkg) {
        return javaLangClashes.getOrDefault(pkg, Set.of());
    }

    private static boolean isJavaLangClass(String simpleName) {
        try {
            Class.forName("java.lang." + simpleName, false, Object.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            // Not a java.lang class: an unqualified use of the name is unambiguous.
            return false;
        }
    }

    CompilationResult result() {
        return result;
    }

    /** The class generated for a struct, union, enum, interface or parameter struct. */
    ClassName classOf(String fullName) {
        ClassName cn = classes.get(fullName);
        if (cn == null) {
            throw new IllegalArgumentException("no Java class is generated for " + fullName);
        }
        return cn;
    }

    /** The Java name of a const (a static field of {@link #classOf}). */
    String constField(String fullName) {
        return constNames.get(fullName);
    }

    /** The Java name of an enumerator's constant in its enum class. */
    static String enumConstant(String valueName) {
        String out = Names.identifier(valueName);
        while (ENUM_MEMBERS.contains(out)) {
            out = out + "_";
        }
        return out;
    }

    /** The Java type of a field, parameter or union member of Mojom type {@code t}. */
    TypeName javaType(MojomType t) {
        return switch (t) {
            case MojomType.Primitive p -> switch (p.kind()) {
                case BOOL -> TypeName.BOOLEAN;
                case INT8, UINT8 -> TypeName.BYTE;
                case INT16, UINT16 -> TypeName.SHORT;
                case INT32, UINT32 -> TypeName.INT;
                case INT64, UINT64 -> TypeName.LONG;
                case FLOAT -> TypeName.FLOAT;
                case DOUBLE -> TypeName.DOUBLE;
            };
            case MojomType.StringType ignored -> ClassName.get(String.class);
            case MojomType.HandleType ignored -> HANDLE;
            case MojomType.EndpointType ep -> switch (ep.kind()) {
                case REMOTE, ASSOCIATED_REMOTE -> REMOTE_VALUE;
                case RECEIVER -> HANDLE;
                case ASSOCIATED_RECEIVER -> ClassName.OBJECT;
            };
            case MojomType.ArrayType a -> ParameterizedTypeName.get(LIST, boxed(a.element()));
            case MojomType.MapType m -> ParameterizedTypeName.get(MAP, boxed(m.key()), boxed(m.value()));
            case MojomType.StructRef s -> classOf(s.fullName());
            case MojomType.UnionRef u -> classOf(u.fullName());
            case MojomType.EnumRef e -> classOf(e.fullName());
        };
    }

    /** {@link #javaType} with primitives boxed, for type arguments. */
    TypeName boxed(MojomType t) {
        return javaType(t).box();
    }

    /** Whether the Java type of {@code t} is a primitive. */
    static boolean isJavaPrimitive(MojomType t) {
        return t instanceof MojomType.Primitive;
    }
}

package org.jmojo.mojom.gen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jmojo.mojom.model.CompilationResult;
import org.jmojo.mojom.model.ConstDef;
import org.jmojo.mojom.model.Definition;
import org.jmojo.mojom.model.EnumDef;
import org.jmojo.mojom.model.EnumValue;
import org.jmojo.mojom.model.InterfaceDef;
import org.jmojo.mojom.model.Method;
import org.jmojo.mojom.model.MojomFile;
import org.jmojo.mojom.model.MojomType;
import org.jmojo.mojom.model.StructDef;
import org.jmojo.mojom.model.UnionDef;

/**
 * The Java name of every Mojom definition of one compilation, and the Java type of every Mojom
 * type. Built once per compilation, in time linear in its definitions; immutable afterwards.
 *
 * <p>Type mapping: {@code bool} to {@code boolean}; {@code int8}/{@code uint8} to {@code byte},
 * {@code int16}/{@code uint16} to {@code short}, {@code int32}/{@code uint32} to {@code int},
 * {@code int64}/{@code uint64} to {@code long} (unsigned kinds hold the same bits, as in Chromium's
 * Java bindings); {@code string} to {@code String}; {@code array<uint8>} and {@code array<int8>} to
 * {@code Bytes}; arrays of other primitives to the primitive-backed lists of
 * {@code org.jmojo.bindings} ({@code IntList}, ...), arrays of enums to {@code EnumList}, other
 * arrays to {@code List}; maps to {@code Map}; structs, unions and enums to their generated types;
 * {@code handle} to {@code Handle}, {@code handle<message_pipe>} to {@code MessagePipeEndpoint} and
 * the handle kinds the core lacks to their placeholder types; {@code pending_remote<I>} to
 * {@code PendingRemote<I>} and likewise for the other endpoint kinds.
 *
 * <p>A value of an {@code [Extensible]} (or {@code [Native]}) enum is stored as its int32 wire
 * value wherever a Java enum constant could lose it: in a struct field (with an accessor for each
 * form), a union member, a map key or a map value ({@link #storageType}).
 */
final class TypeRegistry {

    static final String RUNTIME = "org.jmojo.bindings.runtime";
    static final String BINDINGS = "org.jmojo.bindings";
    static final ClassName ENCODER = ClassName.get(RUNTIME, "Encoder");
    static final ClassName DECODER = ClassName.get(RUNTIME, "Decoder");
    static final ClassName VALIDATING_READER = ClassName.get(RUNTIME, "ValidatingReader");
    static final ClassName STRUCT_CODEC = ClassName.get(RUNTIME, "StructCodec");
    static final ClassName UNION_CODEC = ClassName.get(RUNTIME, "UnionCodec");
    static final ClassName CODECS = ClassName.get(RUNTIME, "Codecs");
    static final ClassName VALUES = ClassName.get(RUNTIME, "Values");
    static final ClassName MOJOM_KIND = ClassName.get(RUNTIME, "MojomKind");
    static final ClassName STRUCT_SCHEMA = ClassName.get(RUNTIME, "StructSchema");
    static final ClassName FIELD_SCHEMA = ClassName.get(RUNTIME, "FieldSchema");
    static final ClassName UNION_SCHEMA = ClassName.get(RUNTIME, "UnionSchema");
    static final ClassName ENUM_SCHEMA = ClassName.get(RUNTIME, "EnumSchema");
    static final ClassName INTERFACE_SCHEMA = ClassName.get(RUNTIME, "InterfaceSchema");
    static final ClassName METHOD_SCHEMA = ClassName.get(RUNTIME, "MethodSchema");
    static final ClassName INTERFACE_BINDING = ClassName.get(RUNTIME, "InterfaceBinding");
    static final ClassName METHOD_CALLER = ClassName.get(RUNTIME, "MethodCaller");
    static final ClassName MESSAGE_BUILDER = ClassName.get(RUNTIME, "MessageBuilder");
    static final ClassName MESSAGE_HEADER = ClassName.get(RUNTIME, "MessageHeader");
    static final ClassName MOJOM_GENERATED = ClassName.get(RUNTIME, "MojomGenerated");
    static final ClassName RUNTIME_VERSION = ClassName.get(RUNTIME, "RuntimeVersion");
    static final ClassName VALIDATION_EXCEPTION = ClassName.get(BINDINGS, "ValidationException");
    static final ClassName BYTES = ClassName.get(BINDINGS, "Bytes");
    static final ClassName ENUM_LIST = ClassName.get(BINDINGS, "EnumList");
    static final ClassName MOJOM_ENUM = ClassName.get(BINDINGS, "MojomEnum");
    static final ClassName INTERFACE_DESCRIPTOR = ClassName.get(BINDINGS, "InterfaceDescriptor");
    static final ClassName HANDLE = ClassName.get("org.jmojo.system", "Handle");
    static final ClassName MESSAGE = ClassName.get("org.jmojo.system", "Message");
    static final ClassName MESSAGE_PIPE_ENDPOINT = ClassName.get("org.jmojo.system", "MessagePipeEndpoint");
    /** The core's wrapped file descriptor, the Java type of {@code handle<platform>}. */
    static final ClassName PLATFORM_HANDLE = ClassName.get("org.jmojo.system", "PlatformHandle");
    static final ClassName LIST = ClassName.get(List.class);
    static final ClassName MAP = ClassName.get(Map.class);

    /** Whether a simple name is a class of {@code java.lang}; shared by all compilations, each name asked once. */
    private static final Map<String, Boolean> JAVA_LANG = new ConcurrentHashMap<>();

    private final CompilationResult result;
    private final Map<String, ClassName> classes = new HashMap<>();
    private final Map<String, MojomFile> files = new HashMap<>();
    private final Map<String, String> constNames = new HashMap<>();
    /** The Java constant of each enumerator, by enum full name and enumerator name. */
    private final Map<String, Map<String, String>> enumConstants = new HashMap<>();
    /** The name of the constant that stands for undeclared values, by extensible enum full name. */
    private final Map<String, String> unrecognized = new HashMap<>();
    /** The codecs class of each file that has one, by import name. */
    private final Map<String, ClassName> codecsClasses = new HashMap<>();
    /** The nested class of a codecs class holding a struct's or union's codec, or an enum's schema. */
    private final Map<String, ClassName> codecClasses = new HashMap<>();
    /** Simple names of the top-level classes generated into each package. */
    private final Map<String, Set<String>> packageTypes = new HashMap<>();
    /** {@link #javaLangClashes} by package, computed once. */
    private final Map<String, Set<String>> clashes = new HashMap<>();

    TypeRegistry(CompilationResult result) {
        this.result = result;
        for (MojomFile f : result.files()) {
            register(f);
        }
        for (MojomFile f : result.importedFiles()) {
            register(f);
        }
        for (MojomFile f : result.files()) {
            registerCodecs(f);
        }
        for (MojomFile f : result.importedFiles()) {
            registerCodecs(f);
        }
    }

    private void register(MojomFile file) {
        String pkg = Names.javaPackage(file.module(), file.javaPackage());
        ClassName constants = constantsClass(file);
        Set<String> topConsts = new HashSet<>();
        packageTypes.computeIfAbsent(pkg, k -> new HashSet<>()).add(constants.simpleName());
        for (Definition d : file.definitions()) {
            files.put(d.fullName(), file);
            packageTypes.get(pkg).add(javaName(d));
            switch (d) {
                case ConstDef c -> {
                    classes.put(c.fullName(), constants);
                    constNames.put(c.fullName(), unique(Names.constantStyle(c.name()), topConsts));
                }
                case StructDef s -> {
                    ClassName cn = ClassName.get(pkg, javaName(d));
                    classes.put(d.fullName(), cn);
                    registerNested(file, cn, s.enums(), s.consts(), new HashSet<>(Set.of("builder")));
                }
                case InterfaceDef i -> {
                    ClassName cn = ClassName.get(pkg, javaName(d));
                    classes.put(d.fullName(), cn);
                    Set<String> taken = new HashSet<>();
                    Set<String> fields = new HashSet<>(Set.of("name", "version", "descriptor", "schema"));
                    for (Method m : i.methods()) {
                        String params = unique(Names.typeName(Names.upperCamel(m.name()) + "Params"), taken);
                        classes.put(m.params().fullName(), cn.nestedClass(params));
                        files.put(m.params().fullName(), file);
                        fields.add(ordinalConstant(m).toLowerCase(Locale.ROOT));
                        m.response().ifPresent(r -> {
                            String response = unique(Names.typeName(Names.upperCamel(m.name()) + "ResponseParams"),
                                    taken);
                            classes.put(r.fullName(), cn.nestedClass(response));
                            files.put(r.fullName(), file);
                        });
                    }
                    registerNested(file, cn, i.enums(), i.consts(), taken, fields);
                }
                case EnumDef e -> {
                    classes.put(d.fullName(), ClassName.get(pkg, javaName(d)));
                    registerEnum(e);
                }
                default -> classes.put(d.fullName(), ClassName.get(pkg, javaName(d)));
            }
        }
    }

    private void registerNested(MojomFile file, ClassName outer, List<EnumDef> enums, List<ConstDef> consts,
            Set<String> taken) {
        registerNested(file, outer, enums, consts, taken, new HashSet<>());
    }

    /** Nested enums take free type names ({@code taken}); consts free field names ({@code fields}). */
    private void registerNested(MojomFile file, ClassName outer, List<EnumDef> enums, List<ConstDef> consts,
            Set<String> taken, Set<String> fields) {
        taken.add(outer.simpleName().toLowerCase(Locale.ROOT));
        for (EnumDef e : enums) {
            classes.put(e.fullName(), outer.nestedClass(unique(Names.typeName(e.name()), taken)));
            files.put(e.fullName(), file);
            registerEnum(e);
        }
        for (ConstDef c : consts) {
            classes.put(c.fullName(), outer);
            constNames.put(c.fullName(), unique(Names.constantStyle(c.name()), fields));
        }
    }

    /** Java constants for the enumerators (aliases included) and, if needed, for undeclared values. */
    private void registerEnum(EnumDef e) {
        Set<String> taken = new HashSet<>();
        Map<String, String> names = new HashMap<>();
        for (EnumValue v : e.values()) {
            names.put(v.name(), unique(Names.constantStyle(v.name()), taken));
        }
        enumConstants.put(e.fullName(), names);
        if (isOpen(e) || e.values().isEmpty()) {
            // A Java enum needs a constant; a closed enum without any has only this one, which no
            // message can carry.
            unrecognized.put(e.fullName(), unique("UNRECOGNIZED", taken));
        }
    }

    /**
     * The codecs class of each file with structs, unions, enums or interfaces, and the names of the
     * codecs in it. The class name is {@code <Stem>Codecs}, made unique among the package's types.
     */
    private void registerCodecs(MojomFile file) {
        List<Definition> all = file.allDefinitions().stream()
                .filter(d -> d instanceof StructDef || d instanceof UnionDef || d instanceof EnumDef
                        || d instanceof InterfaceDef)
                .toList();
        if (all.isEmpty() || codecsClasses.containsKey(file.importName())) {
            return;
        }
        String pkg = Names.javaPackage(file.module(), file.javaPackage());
        Set<String> types = packageTypes.get(pkg);
        Set<String> lower = new HashSet<>();
        types.forEach(t -> lower.add(t.toLowerCase(Locale.ROOT)));
        String name = unique(Names.fileStem(file.importName()) + "Codecs", lower);
        types.add(name);
        ClassName codecs = ClassName.get(pkg, name);
        codecsClasses.put(file.importName(), codecs);
        Set<String> taken = new HashSet<>(Set.of(name.toLowerCase(Locale.ROOT)));
        for (Definition d : all) {
            switch (d) {
                case InterfaceDef i -> {
                    codecClasses.put(i.fullName(),
                            codecs.nestedClass(unique(joinedName(classOf(i.fullName())) + "Binding", taken)));
                    for (Method m : i.methods()) {
                        addCodec(codecs, m.params().fullName(), "Codec", taken);
                        m.response().ifPresent(r -> addCodec(codecs, r.fullName(), "Codec", taken));
                    }
                }
                case EnumDef e -> addCodec(codecs, e.fullName(), "Schema", taken);
                default -> addCodec(codecs, d.fullName(), "Codec", taken);
            }
        }
    }

    private void addCodec(ClassName codecs, String fullName, String suffix, Set<String> taken) {
        codecClasses.put(fullName, codecs.nestedClass(unique(joinedName(classOf(fullName)) + suffix, taken)));
    }

    /** {@code Calc.AddParams} to {@code CalcAddParams}. */
    private static String joinedName(ClassName cn) {
        return String.join("", cn.simpleNames());
    }

    /**
     * {@code name}, or {@code name_}, {@code name__}, ... until it is not in {@code taken}, which holds
     * lower-case names (so that names differing only in case, which collide as class files on some
     * file systems, count as equal); the result is then taken.
     */
    private static String unique(String name, Set<String> taken) {
        String out = name;
        while (taken.contains(out.toLowerCase(Locale.ROOT))) {
            out = out + "_";
        }
        taken.add(out.toLowerCase(Locale.ROOT));
        return out;
    }

    private static String javaName(Definition d) {
        return Names.typeName(d.attributes().text("JavaClassName").orElse(d.name()));
    }

    /** The ordinal constant of a method, named as Chromium's Java generator does: {@code GetValue} to {@code GET_VALUE_ORDINAL}. */
    static String ordinalConstant(Method m) {
        return Names.constantStyle(m.name()) + "_ORDINAL";
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
     * hides the implicit {@code java.lang} import. Computed once per package.
     */
    Set<String> javaLangClashes(String pkg) {
        return clashes.computeIfAbsent(pkg, p -> {
            Set<String> out = new TreeSet<>();
            for (String name : packageTypes.getOrDefault(p, Set.of())) {
                if (JAVA_LANG.computeIfAbsent(name, TypeRegistry::isJavaLangClass)) {
                    out.add(name);
                }
            }
            return out;
        });
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

    /** The definition of {@code fullName}. */
    Definition definition(String fullName) {
        return result.definition(fullName).orElseThrow(() -> new IllegalArgumentException("unknown " + fullName));
    }

    /** The class generated for a struct, union, enum, interface or parameter struct. */
    ClassName classOf(String fullName) {
        ClassName cn = classes.get(fullName);
        if (cn == null) {
            throw new IllegalArgumentException("no Java class is generated for " + fullName);
        }
        return cn;
    }

    /** The file that defines {@code fullName}. */
    MojomFile fileOf(String fullName) {
        return files.get(fullName);
    }

    /** The Java name of a const (a static field of {@link #classOf}). */
    String constField(String fullName) {
        return constNames.get(fullName);
    }

    /** The Java constant of enumerator {@code valueName} of enum {@code enumFullName}. */
    String enumConstant(String enumFullName, String valueName) {
        return enumConstants.get(enumFullName).get(valueName);
    }

    /**
     * The constant that stands for undeclared values ({@code UNRECOGNIZED}) of an open enum, or of
     * an enum without enumerators; null for other enums.
     */
    String unrecognizedConstant(String enumFullName) {
        return unrecognized.get(enumFullName);
    }

    /** The codecs class of {@code file}, or null if it has nothing to encode. */
    ClassName codecsClass(MojomFile file) {
        return codecsClasses.get(file.importName());
    }

    /**
     * The nested class of its file's codecs class that holds the codec of struct or union
     * {@code fullName} (as {@code INSTANCE}), the schema of enum {@code fullName}, or the
     * {@code InterfaceBinding} of interface {@code fullName}.
     */
    ClassName codecClass(String fullName) {
        return codecClasses.get(fullName);
    }

    /** Whether an enum accepts values it does not declare ({@code [Extensible]} or {@code [Native]}). */
    static boolean isOpen(EnumDef e) {
        return e.extensible() || e.isNative();
    }

    /** Whether {@code t} is an enum that accepts undeclared values, and so is stored as an int. */
    boolean isOpenEnum(MojomType t) {
        return t instanceof MojomType.EnumRef e && isOpen((EnumDef) definition(e.fullName()));
    }

    /**
     * The Java type of a struct field's accessor, a union member or a list element of Mojom type
     * {@code t}.
     */
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
            case MojomType.HandleType h -> switch (h.kind()) {
                case GENERIC -> HANDLE;
                case MESSAGE_PIPE -> MESSAGE_PIPE_ENDPOINT;
                case SHARED_BUFFER -> ClassName.get(BINDINGS, "SharedBufferHandle");
                case DATA_PIPE_CONSUMER -> ClassName.get(BINDINGS, "DataPipeConsumerHandle");
                case DATA_PIPE_PRODUCER -> ClassName.get(BINDINGS, "DataPipeProducerHandle");
                case PLATFORM -> PLATFORM_HANDLE;
            };
            case MojomType.EndpointType ep -> ParameterizedTypeName.get(endpointClass(ep.kind()),
                    classOf(ep.interfaceName()));
            case MojomType.ArrayType a -> arrayType(a.element());
            case MojomType.MapType m -> ParameterizedTypeName.get(MAP, storageType(m.key()).box(),
                    storageType(m.value()).box());
            case MojomType.StructRef s -> classOf(s.fullName());
            case MojomType.UnionRef u -> classOf(u.fullName());
            case MojomType.EnumRef e -> classOf(e.fullName());
        };
    }

    /** {@link #javaType}, but {@code int} for an enum that accepts undeclared values. */
    TypeName storageType(MojomType t) {
        return isOpenEnum(t) ? TypeName.INT : javaType(t);
    }

    private TypeName arrayType(MojomType element) {
        if (element instanceof MojomType.Primitive p) {
            return ClassName.get(BINDINGS, switch (p.kind()) {
                case BOOL -> "BooleanList";
                case INT8, UINT8 -> "Bytes";
                case INT16, UINT16 -> "ShortList";
                case INT32, UINT32 -> "IntList";
                case INT64, UINT64 -> "LongList";
                case FLOAT -> "FloatList";
                case DOUBLE -> "DoubleList";
            });
        }
        if (element instanceof MojomType.EnumRef e) {
            return ParameterizedTypeName.get(ENUM_LIST, classOf(e.fullName()));
        }
        return ParameterizedTypeName.get(LIST, javaType(element).box());
    }

    /** Whether arrays of {@code element} are one of the primitive-backed types (not a {@code List} of objects). */
    static boolean isPrimitiveArray(MojomType element) {
        return element instanceof MojomType.Primitive || element instanceof MojomType.EnumRef;
    }

    static ClassName endpointClass(MojomType.EndpointKind kind) {
        return ClassName.get(BINDINGS, switch (kind) {
            case REMOTE -> "PendingRemote";
            case RECEIVER -> "PendingReceiver";
            case ASSOCIATED_REMOTE -> "PendingAssociatedRemote";
            case ASSOCIATED_RECEIVER -> "PendingAssociatedReceiver";
        });
    }

    /** Whether the Java type of {@code t} is a primitive (or an int holding an open enum's value). */
    boolean isJavaPrimitive(MojomType t) {
        return t instanceof MojomType.Primitive || isOpenEnum(t);
    }
}

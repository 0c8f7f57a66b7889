package org.jmojo.conformance.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import jmojo.golden.Kitchen;
import mojo.test.ConformanceTestInterface;
import mojo.test.EmptyEnum;
import org.jmojo.bindings.BooleanList;
import org.jmojo.bindings.Bytes;
import org.jmojo.bindings.DoubleList;
import org.jmojo.bindings.EnumList;
import org.jmojo.bindings.FloatList;
import org.jmojo.bindings.IntList;
import org.jmojo.bindings.InterfaceDescriptor;
import org.jmojo.bindings.LongList;
import org.jmojo.bindings.MojomEnum;
import org.jmojo.bindings.PendingReceiver;
import org.jmojo.bindings.PendingRemote;
import org.jmojo.bindings.ShortList;
import org.jmojo.bindings.runtime.Codecs;
import org.jmojo.bindings.runtime.FieldSchema;
import org.jmojo.bindings.runtime.MojomGenerated;
import org.jmojo.bindings.runtime.MojomKind;
import org.jmojo.bindings.runtime.StructSchema;
import org.jmojo.bindings.runtime.UnionSchema;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Random values of every struct generated from {@code golden.mojom} and the validation
 * {@code .mojom} files (parameter structs included), built only through the public generated API
 * (builders, union member records, the list and {@code Bytes} types, pending endpoints), then
 * round-tripped: {@code serialize}, {@code deserialize} gives an equal value with the same hash,
 * encoding that again gives the same bytes, the schema-driven generic codec re-encodes them to the
 * same bytes, and {@code toBuilder().build()} is equal too.
 *
 * <p>A value is drawn field by field from the struct's schema and the Java types of its setters,
 * so every field kind (and every position: array elements, map keys and values, union members) is
 * reached without a hand-written generator per type. Open enums get undeclared values too. Types
 * with associated endpoints are left out: only interface messages can carry those. Each type runs
 * {@value #VALUES} values from a fixed seed, named in the test, so a failure replays.
 */
class EveryGeneratedTypePropertiesTest {

    private static final int VALUES = 60;
    private static final int MAX_DEPTH = 3;

    @TestFactory
    List<DynamicTest> everyGeneratedStruct_randomValues_roundTrip() throws IOException, URISyntaxException {
        List<Class<?>> structs = new ArrayList<>();
        for (String pkg : List.of("jmojo.golden", "mojo.test", "extra")) {
            structs.addAll(generatedStructs(pkg));
        }
        List<Class<?>> unbuildable = structs.stream().filter(c -> hasValuelessClosedEnum(Codecs.struct(c).schema()))
                .toList();
        assertThat(unbuildable).as("structs with a field of a closed enum without values")
                .contains(ConformanceTestInterface.Method22Params.class);
        List<Class<?>> tested = structs.stream()
                .filter(c -> !hasAssociated(Codecs.struct(c).schema(), 0) && !unbuildable.contains(c)).toList();
        assertThat(tested).as("generated structs found").hasSizeGreaterThan(100);
        assertThat(structs.size() - tested.size()).as("structs carrying associated endpoints").isLessThan(30);
        return tested.stream().map(type -> {
            long seed = type.getName().hashCode();
            return DynamicTest.dynamicTest(type.getName() + " (seed " + seed + ")", () -> {
                Generator g = new Generator(new Random(seed));
                for (int i = 0; i < VALUES; i++) {
                    check(type, g.struct(type, 0));
                }
            });
        }).toList();
    }

    /**
     * A struct with a non-nullable field of a closed enum that declares no values cannot be built:
     * no value of the field is valid on the wire, and its one constant, {@code UNRECOGNIZED}, is
     * refused when it is set, not when the struct is encoded.
     */
    @Test
    void closedEnumWithoutValues_refusedWhenSet_notAtEncode() {
        var builder = ConformanceTestInterface.Method22Params.newBuilder();
        assertThatThrownBy(() -> builder.setParam0(EmptyEnum.UNRECOGNIZED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("param0");
        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("param0");
    }

    private static boolean hasValuelessClosedEnum(StructSchema schema) {
        return schema.fields().stream().anyMatch(f -> f.kind() instanceof MojomKind.Enum e && !e.nullable()
                && !e.schema().extensible() && e.schema().values().isEmpty());
    }

    private static <T> void check(Class<T> type, Object value) throws Exception {
        T v = type.cast(value);
        RoundTripPropertiesTest.roundTrip(v, type);
        Object builder = type.getMethod("toBuilder").invoke(v);
        assertThat(builder.getClass().getMethod("build").invoke(builder)).isEqualTo(v);
    }

    /** The generated structs of {@code pkg}: classes marked {@code @MojomGenerated} with a {@code StructCodec}. */
    private static List<Class<?>> generatedStructs(String pkg) throws IOException, URISyntaxException {
        Path root = Path.of(Kitchen.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(root.resolve(pkg.replace('.', '/')))) {
            for (Path f : files.sorted().toList()) {
                String file = f.getFileName().toString();
                if (!file.endsWith(".class")) {
                    continue;
                }
                Class<?> c;
                try {
                    c = Class.forName(pkg + "." + file.substring(0, file.length() - ".class".length()));
                } catch (ClassNotFoundException e) {
                    throw new AssertionError(e);
                }
                MojomGenerated g = c.getAnnotation(MojomGenerated.class);
                if (g != null && g.codecs().getSimpleName().endsWith("Codec") && !c.isInterface()
                        && !c.isEnum() && !java.lang.reflect.Modifier.isAbstract(c.getModifiers())
                        && c.getRecordComponents() == null && c.getDeclaredConstructors().length > 0
                        && hasBuilder(c)) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    private static boolean hasBuilder(Class<?> c) {
        return Arrays.stream(c.getMethods()).anyMatch(m -> m.getName().equals("newBuilder"));
    }

    private static boolean hasAssociated(StructSchema schema, int depth) {
        return depth < 8 && schema.fields().stream().anyMatch(f -> hasAssociated(f.kind(), depth));
    }

    private static boolean hasAssociated(MojomKind kind, int depth) {
        return switch (kind) {
            case MojomKind.Endpoint e -> e.type().associated();
            case MojomKind.Array a -> hasAssociated(a.element(), depth);
            case MojomKind.MapKind m -> hasAssociated(m.key(), depth) || hasAssociated(m.value(), depth);
            case MojomKind.Struct s -> hasAssociated(s.schema().get(), depth + 1);
            case MojomKind.Union u -> depth < 8 && u.schema().get().fields().stream()
                    .anyMatch(f -> hasAssociated(f.kind(), depth + 1));
            default -> false;
        };
    }

    /** Draws values of a Mojom kind in the Java type the generated API takes for it. */
    private static final class Generator {
        private final Random random;
        private int handles;

        Generator(Random random) {
            this.random = random;
        }

        Object struct(Class<?> type, int depth) throws ReflectiveOperationException {
            StructSchema schema = Codecs.struct(type).schema();
            Object builder = type.getMethod("newBuilder").invoke(null);
            for (FieldSchema f : schema.fields()) {
                if (!(f.kind() instanceof MojomKind.Primitive || f.kind() instanceof MojomKind.Enum)
                        && f.kind().nullable() && random.nextInt(4) == 0) {
                    continue;
                }
                set(builder, f, depth);
            }
            return builder.getClass().getMethod("build").invoke(builder);
        }

        private void set(Object builder, FieldSchema f, int depth) throws ReflectiveOperationException {
            String suffix = accessorSuffix(f.name());
            for (String s = suffix; ; s = s + "_") {
                Method raw = method(builder.getClass(), "set" + s + "Value");
                Method setter = method(builder.getClass(), "set" + s);
                if (setter == null) {
                    continue;
                }
                if (raw != null && raw.getParameterTypes()[0] == int.class && f.kind() instanceof MojomKind.Enum e
                        && (random.nextBoolean() || e.schema().values().isEmpty())) {
                    raw.invoke(builder, random.nextInt(40) - 5);
                } else {
                    setter.invoke(builder, value(f.kind(), setter.getGenericParameterTypes()[0], depth));
                }
                return;
            }
        }

        private static Method method(Class<?> c, String name) {
            return Arrays.stream(c.getMethods()).filter(m -> m.getName().equals(name) && m.getParameterCount() == 1)
                    .findFirst().orElse(null);
        }

        Object value(MojomKind kind, Type javaType, int depth) throws ReflectiveOperationException {
            boolean canBeNull = kind.nullable() && !(kind instanceof MojomKind.Primitive);
            if (canBeNull && (depth >= MAX_DEPTH || random.nextInt(4) == 0)) {
                return null;
            }
            Class<?> raw = rawClass(javaType);
            return switch (kind) {
                case MojomKind.Primitive p -> primitive(p.type());
                case MojomKind.Enum e -> raw == int.class || raw == Integer.class ? random.nextInt(40) - 5
                        : constant(raw);
                case MojomKind.Str ignored -> text();
                case MojomKind.Handle ignored -> new LabelHandle("h" + handles++);
                case MojomKind.Endpoint ep -> endpoint(ep, javaType);
                case MojomKind.Array a -> array(a, javaType, raw, depth);
                case MojomKind.MapKind m -> map(m, (ParameterizedType) javaType, depth);
                case MojomKind.Struct s -> depth >= MAX_DEPTH + 2 && s.nullable() ? null : struct(raw, depth + 1);
                case MojomKind.Union u -> union(u.schema().get(), raw, depth);
            };
        }

        private Object primitive(MojomKind.PrimitiveType t) {
            return switch (t) {
                case BOOL -> random.nextBoolean();
                case INT8, UINT8 -> (byte) random.nextInt();
                case INT16, UINT16 -> (short) random.nextInt();
                case INT32, UINT32 -> random.nextInt();
                case INT64, UINT64 -> random.nextLong();
                case FLOAT -> Float.intBitsToFloat(random.nextInt());
                case DOUBLE -> Double.longBitsToDouble(random.nextLong());
            };
        }

        private String text() {
            StringBuilder b = new StringBuilder();
            for (int n = random.nextInt(6); n > 0; n--) {
                int cp = random.nextInt(4) == 0 ? 0x10000 + random.nextInt(0x1000) : 0x20 + random.nextInt(0x3000);
                if (cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE) {
                    b.appendCodePoint(cp);
                }
            }
            return b.toString();
        }

        private Object constant(Class<?> enumType) {
            List<Object> declared = new ArrayList<>();
            for (Object c : enumType.getEnumConstants()) {
                try {
                    ((MojomEnum) c).value();
                    declared.add(c);
                } catch (IllegalStateException undeclared) {
                    // UNRECOGNIZED: not a value a setter takes.
                }
            }
            return declared.get(random.nextInt(declared.size()));
        }

        private Object endpoint(MojomKind.Endpoint ep, Type javaType) throws ReflectiveOperationException {
            Class<?> iface = rawClass(((ParameterizedType) javaType).getActualTypeArguments()[0]);
            InterfaceDescriptor<?> descriptor = (InterfaceDescriptor<?>) iface.getField("DESCRIPTOR").get(null);
            LabelHandle endpoint = new LabelHandle("ep" + handles++);
            return switch (ep.type()) {
                case REMOTE -> newRemote(descriptor, endpoint, random.nextInt(5));
                case RECEIVER -> new PendingReceiver<>(descriptor, endpoint);
                default -> throw new IllegalArgumentException("associated endpoints are left out: " + ep);
            };
        }

        private static <I> PendingRemote<I> newRemote(InterfaceDescriptor<I> d, LabelHandle e, int version) {
            return new PendingRemote<>(d, e, version);
        }

        private Object array(MojomKind.Array a, Type javaType, Class<?> raw, int depth)
                throws ReflectiveOperationException {
            int n = a.fixedLength() != 0 ? (int) a.fixedLength() : random.nextInt(depth >= MAX_DEPTH ? 1 : 5);
            if (raw == Bytes.class) {
                byte[] bytes = new byte[n];
                random.nextBytes(bytes);
                return Bytes.copyOf(bytes);
            }
            List<Object> elements = new ArrayList<>();
            Type elementType = raw == List.class ? ((ParameterizedType) javaType).getActualTypeArguments()[0]
                    : elementTypeOf(raw, javaType);
            for (int i = 0; i < n; i++) {
                elements.add(value(a.element(), elementType, depth + 1));
            }
            return listOf(raw, javaType, elements);
        }

        /** The Java type of one element of the primitive list type {@code raw}. */
        private static Type elementTypeOf(Class<?> raw, Type javaType) {
            if (raw == EnumList.class) {
                return ((ParameterizedType) javaType).getActualTypeArguments()[0];
            }
            return raw;
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private Object listOf(Class<?> raw, Type javaType, List<Object> elements) throws ReflectiveOperationException {
            List copy = elements;
            if (raw == BooleanList.class) {
                return BooleanList.copyOf(copy);
            } else if (raw == ShortList.class) {
                return ShortList.copyOf(copy);
            } else if (raw == IntList.class) {
                return IntList.copyOf(copy);
            } else if (raw == LongList.class) {
                return LongList.copyOf(copy);
            } else if (raw == FloatList.class) {
                return FloatList.copyOf(copy);
            } else if (raw == DoubleList.class) {
                return DoubleList.copyOf(copy);
            } else if (raw == EnumList.class) {
                Class<?> e = rawClass(((ParameterizedType) javaType).getActualTypeArguments()[0]);
                Method of = e.getMethod("of", int.class);
                IntFunction constants = v -> {
                    try {
                        return of.invoke(null, v);
                    } catch (ReflectiveOperationException ex) {
                        throw new AssertionError(ex);
                    }
                };
                return EnumList.copyOf(copy, constants);
            }
            return elements;
        }

        private Object map(MojomKind.MapKind m, ParameterizedType javaType, int depth)
                throws ReflectiveOperationException {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (int n = random.nextInt(depth >= MAX_DEPTH ? 1 : 4); n > 0; n--) {
                out.put(value(m.key(), javaType.getActualTypeArguments()[0], depth + 1),
                        value(m.value(), javaType.getActualTypeArguments()[1], depth + 1));
            }
            return out;
        }

        private Object union(UnionSchema schema, Class<?> type, int depth) throws ReflectiveOperationException {
            Class<?>[] members = type.getPermittedSubclasses();
            int i = random.nextInt(members.length);
            RecordComponent component = members[i].getRecordComponents()[0];
            Object value = component.getType() == int.class && schema.fields().get(i).kind() instanceof MojomKind.Enum
                    ? Integer.valueOf(random.nextInt(40) - 5)
                    : value(schema.fields().get(i).kind(), component.getGenericType(), depth + 1);
            return members[i].getDeclaredConstructor(component.getType()).newInstance(value);
        }

        private static Class<?> rawClass(Type t) {
            return t instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) t;
        }
    }

    /** The part after {@code get}/{@code set} of a field's accessors: {@code maybe_inner} to {@code MaybeInner}. */
    private static String accessorSuffix(String field) {
        StringBuilder out = new StringBuilder();
        boolean upper = true;
        for (char c : field.toCharArray()) {
            if (c == '_' && !out.isEmpty()) {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}

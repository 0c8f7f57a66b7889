package org.jmojo.mojom.pack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jmojo.mojom.MojomCompiler;
import org.jmojo.mojom.TestFiles;
import org.jmojo.mojom.model.CompilationResult;
import org.jmojo.mojom.model.ConstantValue;
import org.jmojo.mojom.model.EnumDef;
import org.jmojo.mojom.model.Method;
import org.jmojo.mojom.model.MojomType;
import org.jmojo.mojom.model.StructDef;
import org.jmojo.mojom.model.StructField;
import org.jmojo.mojom.model.UnionDef;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Checks the packer against the bytes Chromium wrote for the golden cases in
 * {@code jmojo-conformance/src/test/resources/chromium/golden}: for every case, the struct header must carry the packed
 * {@code num_bytes} and latest version, and each field read at its packed offset (and bit) must
 * hold the case's value (or the field default when the case leaves it unset). Pointer, handle,
 * interface and union slots are checked for null-ness, union slots also for the tag, so every
 * field's offset is verified, not only the primitive ones. Message cases also check the method
 * ordinal in the header.
 */
class GoldenHexLayoutTest {
    private static CompilationResult golden;

    private static CompilationResult golden() {
        if (golden == null) {
            Path mojom = TestFiles.conformanceDir().resolve("golden/golden.mojom");
            golden = MojomCompiler.compile(List.of(mojom), List.of(), Set.of());
            assertThat(golden.errors()).isEmpty();
        }
        return golden;
    }

    @TestFactory
    List<DynamicTest> goldenCase_fieldsAtPackedOffsets_holdTheCaseValues() throws IOException {
        Path dir = TestFiles.conformanceDir().resolve("golden");
        List<Path> cases;
        try (Stream<Path> s = Files.list(dir)) {
            cases = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(60);
        List<DynamicTest> tests = new ArrayList<>();
        for (Path json : cases) {
            tests.add(DynamicTest.dynamicTest(json.getFileName().toString(), () -> check(json)));
        }
        return tests;
    }

    @SuppressWarnings("unchecked")
    private static void check(Path jsonFile) {
        Map<String, Object> c = (Map<String, Object>) Json.parse(TestFiles.read(jsonFile));
        ByteBuffer bytes = ByteBuffer.wrap(hex(TestFiles.read(TestFiles.sibling(jsonFile, ".hex"))))
                .order(ByteOrder.LITTLE_ENDIAN);
        String type = (String) c.get("type");
        String module = "jmojo.golden.";
        StructDef struct;
        int base = 0;
        if (type.contains(" ")) {
            String[] parts = type.split("[ .]");
            Method m = golden().iface(module + parts[0]).method(parts[1]).orElseThrow();
            struct = parts[2].equals("request") ? m.params() : m.response().orElseThrow();
            Map<String, Object> header = (Map<String, Object>) c.getOrDefault("header", Map.of());
            base = header.containsKey("request_id") ? 32 : 24;
            assertThat(bytes.getInt(12)).as("method ordinal in the header").isEqualTo(m.ordinal());
        } else {
            struct = golden().struct(module + type);
        }
        assertThat(bytes.getInt(base)).as("num_bytes").isEqualTo(struct.numBytes());
        assertThat(bytes.getInt(base + 4)).as("version").isEqualTo(struct.latestVersion());
        Map<String, Object> value = (Map<String, Object>) c.get("value");
        for (StructField f : struct.fields()) {
            boolean set = value.containsKey(f.name());
            Object v = value.get(f.name());
            checkField(bytes, base, f, set, v);
        }
    }

    private static void checkField(ByteBuffer b, int base, StructField f, boolean set, Object v) {
        int at = base + f.offset();
        String what = f.name() + " @" + f.offset();
        switch (f.type()) {
            case MojomType.Primitive p -> {
                Object expected = set ? v : f.defaultValue().map(GoldenHexLayoutTest::plain).orElse(null);
                checkPrimitive(b, at, f.bit(), p.kind(), expected, what);
            }
            case MojomType.EnumRef e -> {
                EnumDef def = golden().enumDef(e.fullName());
                int expected;
                if (!set) {
                    expected = f.defaultValue().map(d -> ((ConstantValue.EnumConstant) d).value()).orElse(0);
                } else if (v instanceof String name) {
                    expected = def.value(name).orElseThrow().value();
                } else {
                    expected = ((BigDecimal) v).intValueExact();
                }
                assertThat(b.getInt(at)).as(what).isEqualTo(expected);
            }
            case MojomType.UnionRef u -> {
                if (!(v instanceof Map<?, ?> m)) {
                    assertThat(f.type().nullable()).as(what + " only nullable unions may be null").isTrue();
                    assertThat(b.getInt(at)).as(what + " null union size").isZero();
                } else {
                    UnionDef def = golden().union(u.fullName());
                    String active = (String) m.keySet().iterator().next();
                    assertThat(b.getInt(at)).as(what + " union size").isEqualTo(16);
                    assertThat(b.getInt(at + 4)).as(what + " union tag")
                            .isEqualTo(def.fields().stream().filter(x -> x.name().equals(active)).findFirst()
                                    .orElseThrow().tag());
                }
            }
            case MojomType.HandleType h -> checkIndex(b, at, v, what);
            case MojomType.EndpointType e -> {
                checkIndex(b, at, v, what);
                if (v == null && e.kind().size() == 8) {
                    assertThat(b.getInt(at + 4)).as(what + " version of a null remote").isZero();
                }
            }
            default -> {
                // Pointers: null iff the value is null (an unset string with a default is written).
                boolean expectNull = set ? v == null : f.defaultValue().isEmpty();
                if (expectNull) {
                    assertThat(b.getLong(at)).as(what + " null pointer").isZero();
                } else {
                    assertThat(b.getLong(at)).as(what + " pointer").isPositive();
                    assertThat((at + b.getLong(at)) % 8).as(what + " pointer target alignment").isZero();
                }
            }
        }
    }

    private static void checkIndex(ByteBuffer b, int at, Object v, String what) {
        if (v == null) {
            assertThat(b.getInt(at)).as(what + " invalid index").isEqualTo(-1);
        } else {
            assertThat(b.getInt(at)).as(what + " index").isBetween(0, 64);
        }
    }

    private static Object plain(ConstantValue v) {
        return switch (v) {
            case ConstantValue.IntegerValue i -> new BigDecimal(i.value());
            case ConstantValue.FloatValue f -> f.value();
            case ConstantValue.BoolValue bv -> bv.value();
            default -> throw new IllegalArgumentException("not primitive: " + v);
        };
    }

    private static void checkPrimitive(ByteBuffer b, int at, int bit, MojomType.PrimitiveKind k, Object v, String what) {
        switch (k) {
            case BOOL -> assertThat((b.get(at) >> bit & 1) == 1).as(what + " bit " + bit)
                    .isEqualTo(v != null && (Boolean) v);
            case FLOAT -> {
                float expected = v == null ? 0f : (float) number(v);
                assertThat(Float.floatToIntBits(b.getFloat(at))).as(what)
                        .isEqualTo(Float.floatToIntBits(expected));
            }
            case DOUBLE -> {
                double expected = v == null ? 0d : number(v);
                assertThat(Double.doubleToLongBits(b.getDouble(at))).as(what)
                        .isEqualTo(Double.doubleToLongBits(expected));
            }
            default -> {
                BigInteger expected = v == null ? BigInteger.ZERO : integer(v);
                long raw = switch (k.size()) {
                    case 1 -> k.isSigned() ? b.get(at) : Byte.toUnsignedLong(b.get(at));
                    case 2 -> k.isSigned() ? b.getShort(at) : Short.toUnsignedLong(b.getShort(at));
                    case 4 -> k.isSigned() ? b.getInt(at) : Integer.toUnsignedLong(b.getInt(at));
                    default -> b.getLong(at);
                };
                BigInteger actual = k == MojomType.PrimitiveKind.UINT64
                        ? new BigInteger(Long.toUnsignedString(raw)) : BigInteger.valueOf(raw);
                assertThat(actual).as(what).isEqualTo(expected);
            }
        }
    }

    private static double number(Object v) {
        return switch (v) {
            case BigDecimal d -> d.doubleValue();
            case Double d -> d;
            case String s -> switch (s) {
                case "NaN" -> Double.NaN;
                case "Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity" -> Double.NEGATIVE_INFINITY;
                case "-0.0" -> -0.0;
                default -> Double.parseDouble(s);
            };
            default -> throw new IllegalArgumentException("not a number: " + v);
        };
    }

    private static BigInteger integer(Object v) {
        return switch (v) {
            case BigDecimal d -> d.toBigIntegerExact();
            case String s when s.startsWith("0x") -> new BigInteger(s.substring(2), 16);
            case String s when s.startsWith("-0x") -> new BigInteger(s.substring(3), 16).negate();
            case String s -> new BigInteger(s);
            default -> throw new IllegalArgumentException("not an integer: " + v);
        };
    }

    private static byte[] hex(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.lines().toList()) {
            if (line.startsWith("#")) {
                continue;
            }
            int hash = line.indexOf('#');
            String body = hash >= 0 ? line.substring(0, hash) : line;
            int colon = body.indexOf(':');
            if (colon >= 0) {
                body = body.substring(colon + 1);
            }
            sb.append(body.replaceAll("\\s", ""));
        }
        return HexFormat.of().parseHex(sb.toString());
    }
}

package org.jmojo.bindings.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.jmojo.bindings.ValidationException;

/**
 * Round trips and robustness of the generic codec and the validator over {@link TestSchemas#EVERYTHING},
 * which has a field of every kind. Values are drawn from a {@code Random} seeded by jqwik, so a
 * failing seed reproduces.
 */
class ValueCodecPropertiesTest {

    private static final InterfaceSchema IFACE = TestSchemas.iface(TestSchemas.EVERYTHING);

    @Property(tries = 300)
    void encodeThenDecode_randomValue_equalAndValid(@ForAll long seed) throws ValidationException {
        Map<String, Object> value = new Values(new Random(seed)).everything();

        ValueCodec.Encoded encoded = MessageBuilder.encode(0, 0, 0, 0, TestSchemas.EVERYTHING, value);
        MessageBuilder.Decoded decoded = MessageBuilder.decode(MemorySegment.ofArray(encoded.bytes()),
                encoded.handles(), IFACE, false);

        assertThat(decoded.params()).isEqualTo(value);
        assertThat(encoded.bytes().length % 8).isZero();
    }

    @Property(tries = 1000)
    void validate_randomlyMutatedMessage_acceptsOrRejectsWithValidationErrorOnly(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 6) int mutations) {
        Random random = new Random(seed);
        ValueCodec.Encoded encoded = MessageBuilder.encode(0, 0, 0, 0, TestSchemas.EVERYTHING,
                new Values(random).everything());
        byte[] bytes = encoded.bytes();
        for (int i = 0; i < mutations; i++) {
            int at = random.nextInt(bytes.length);
            bytes[at] = random.nextBoolean() ? (byte) random.nextInt(256) : (byte) (bytes[at] ^ (1 << random.nextInt(8)));
        }
        MemorySegment message = MemorySegment.ofArray(bytes);
        try {
            MessageBuilder.Decoded decoded = MessageBuilder.decode(message, encoded.handles(), IFACE, false);
            // Accepted: then decoding must have produced a complete value.
            assertThat(decoded.params()).containsKeys("b", "points");
        } catch (ValidationException expected) {
            assertThat(expected.error()).isNotNull();
        }
    }

    @Property(tries = 300)
    void validate_truncatedMessage_rejectedWithValidationError(@ForAll long seed) {
        Random random = new Random(seed);
        byte[] bytes = MessageBuilder.encode(0, 0, 0, 0, TestSchemas.EVERYTHING, new Values(random).everything())
                .bytes();
        byte[] truncated = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
        try {
            Validator.validateIncomingRequest(MemorySegment.ofArray(truncated), 4, IFACE);
            // Only trailing padding can be cut without losing a claimed byte.
            assertThat(bytes.length - truncated.length).isLessThan(8);
        } catch (ValidationException expected) {
            assertThat(expected.error()).isNotNull();
        }
    }

    /** Random values in the canonical form the decoder produces. */
    private record Values(Random r) {

        Map<String, Object> everything() {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("b", r.nextBoolean());
            v.put("i8", (long) (byte) r.nextInt());
            v.put("u16", (long) r.nextInt(65536));
            v.put("i32", (long) r.nextInt());
            v.put("i64", r.nextLong());
            v.put("f", r.nextInt(10) == 0 ? Float.NaN : Float.intBitsToFloat(r.nextInt()));
            v.put("color", List.of(0, 5, -3).get(r.nextInt(3)));
            v.put("d", r.nextInt(10) == 0 ? -0.0 : r.nextDouble() * 1e6 - 5e5);
            v.put("s", r.nextInt(4) == 0 ? null : string());
            v.put("ints", list(() -> (long) r.nextInt()));
            v.put("bools", list(r::nextBoolean));
            v.put("dict", r.nextInt(4) == 0 ? null : entries());
            v.put("point", r.nextInt(3) == 0 ? null : point());
            v.put("value", r.nextInt(5) == 0 ? null : union());
            v.put("h", r.nextBoolean() ? null : "h");
            v.put("r", r.nextBoolean() ? null : new ValueCodec.RemoteValue("remote", r.nextInt(5)));
            v.put("points", list(() -> r.nextInt(4) == 0 ? null : point()));
            return v;
        }

        String string() {
            StringBuilder b = new StringBuilder();
            int n = r.nextInt(12);
            while (b.codePointCount(0, b.length()) < n) {
                int cp = r.nextInt(4) == 0 ? r.nextInt(0x10FFFF + 1) : r.nextInt(0x80);
                if (cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE) {
                    b.appendCodePoint(cp);
                }
            }
            return b.toString();
        }

        <T> List<Object> list(java.util.function.Supplier<T> element) {
            List<Object> out = new ArrayList<>();
            int n = r.nextInt(20);
            for (int i = 0; i < n; i++) {
                out.add(element.get());
            }
            return out;
        }

        List<Object> entries() {
            return list(() -> new AbstractMap.SimpleImmutableEntry<Object, Object>(string(), (long) r.nextInt()));
        }

        Map<String, Object> point() {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("x", (long) r.nextInt());
            p.put("y", (long) r.nextInt());
            return p;
        }

        ValueCodec.UnionValue union() {
            return switch (r.nextInt(7)) {
                case 0 -> new ValueCodec.UnionValue("num", (long) r.nextInt());
                case 1 -> new ValueCodec.UnionValue("text", string());
                case 2 -> new ValueCodec.UnionValue("inner", inner());
                case 3 -> new ValueCodec.UnionValue("p", point());
                case 4 -> new ValueCodec.UnionValue("h", "union-pipe");
                case 5 -> new ValueCodec.UnionValue("maybe", null);
                default -> new ValueCodec.UnionValue("maybe", inner());
            };
        }

        ValueCodec.UnionValue inner() {
            return r.nextBoolean() ? new ValueCodec.UnionValue("big", r.nextLong())
                    : new ValueCodec.UnionValue("name", string());
        }
    }
}

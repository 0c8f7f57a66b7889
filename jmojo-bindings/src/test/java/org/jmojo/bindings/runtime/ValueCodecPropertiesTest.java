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
import org.jmojo.bindings.ValidationError;
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

    /**
     * Random byte changes: the validator either rejects the message with a {@link ValidationException}
     * (nothing else escapes) or accepts it, and then the message decodes to a value that encodes again
     * into a message that is accepted and decodes to the same value. Which error a random change should
     * give is not known here; {@link #validate_corruptedAtOneRule_rejectedWithThatRulesError} checks the
     * exact error of each rule.
     */
    @Property(tries = 1000)
    void validate_randomlyMutatedMessage_rejectedOrDecodesToAValueThatRoundTrips(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 6) int mutations) throws ValidationException {
        Random random = new Random(seed);
        ValueCodec.Encoded encoded = MessageBuilder.encode(0, 0, 0, 0, TestSchemas.EVERYTHING,
                new Values(random).everything());
        byte[] bytes = encoded.bytes();
        for (int i = 0; i < mutations; i++) {
            int at = random.nextInt(bytes.length);
            bytes[at] = random.nextBoolean() ? (byte) random.nextInt(256) : (byte) (bytes[at] ^ (1 << random.nextInt(8)));
        }
        MessageBuilder.Decoded decoded;
        try {
            decoded = MessageBuilder.decode(MemorySegment.ofArray(bytes), encoded.handles(), IFACE, false);
        } catch (ValidationException rejected) {
            assertThat(rejected.error()).isNotNull();
            return;
        }
        ValueCodec.Encoded again = MessageBuilder.encode(0, 0, 0, 0, TestSchemas.EVERYTHING, decoded.params());
        assertThat(MessageBuilder.decode(MemorySegment.ofArray(again.bytes()), again.handles(), IFACE, false).params())
                .isEqualTo(decoded.params());
    }

    /**
     * One rule of docs/wire-format.md §12 broken in a valid message (which rule, where and by how much
     * drawn from the seed): the validator rejects it with that rule's error, not just any error, so a
     * check that accepts too much, or one that reports the wrong rule, fails here.
     */
    @Property(tries = 1000)
    void validate_corruptedAtOneRule_rejectedWithThatRulesError(@ForAll long seed) {
        Random random = new Random(seed);
        ValueCodec.Encoded encoded = MessageBuilder.encode(0, 0, 0, 0, TestSchemas.EVERYTHING,
                new Values(random).everything());
        Corruption corruption = Corruption.values()[random.nextInt(Corruption.values().length)];
        byte[] bytes = encoded.bytes().clone();
        ValidationError expected = corruption.apply(bytes, encoded.handles().size(), random);

        assertThat(bytes).as("%s changed the message", corruption).isNotEqualTo(encoded.bytes());
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> MessageBuilder.decode(MemorySegment.ofArray(bytes), encoded.handles(), IFACE, false))
                .as("%s", corruption)
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.error()).isEqualTo(expected));
    }

    /**
     * Ways to break one rule of a valid {@link TestSchemas#EVERYTHING} request, each with the error it
     * must give. The message has a v0 header, so the parameter struct starts at {@link #PARAMS}, and a
     * field at struct offset k is at {@code PARAMS + k}; every earlier field stays valid.
     */
    private enum Corruption {
        /** The message header's size does not match its version 0. */
        HEADER_SIZE {
            @Override
            ValidationError apply(byte[] m, int handles, Random r) {
                putInt(m, MessageHeader.NUM_BYTES_OFFSET, MessageHeader.V1_SIZE + 8 * r.nextInt(3));
                return ValidationError.VALIDATION_ERROR_UNEXPECTED_STRUCT_HEADER;
            }
        },
        /** A version-0 header flagged as expecting a response or as a response: it has no request ID. */
        FLAGS_WITHOUT_REQUEST_ID {
            @Override
            ValidationError apply(byte[] m, int handles, Random r) {
                putInt(m, MessageHeader.FLAGS_OFFSET,
                        r.nextBoolean() ? MessageHeader.FLAG_EXPECTS_RESPONSE : MessageHeader.FLAG_IS_RESPONSE);
                return ValidationError.VALIDATION_ERROR_MESSAGE_HEADER_MISSING_REQUEST_ID;
            }
        },
        /** A method ordinal the interface does not have. */
        UNKNOWN_METHOD {
            @Override
            ValidationError apply(byte[] m, int handles, Random r) {
                putInt(m, MessageHeader.NAME_OFFSET, 1 + r.nextInt(1000));
                return ValidationError.VALIDATION_ERROR_MESSAGE_HEADER_UNKNOWN_METHOD;
            }
        },
        /** The parameter struct's size is not the one its version 0 has (120), smaller or larger. */
        PARAMS_STRUCT_SIZE {
            @Override
            ValidationError apply(byte[] m, int handles, Random r) {
                int size = r.nextBoolean() ? r.nextInt(8) : 8 * (1 + r.nextInt(14)); // 0..7 or 8..112
                putInt(m, PARAMS, size);
                return ValidationError.VALIDATION_ERROR_UNEXPECTED_STRUCT_HEADER;
            }
        },
        /** An enum value {@code Color} does not declare (it is not extensible). */
        UNKNOWN_ENUM {
            @Override
            ValidationError apply(byte[] m, int handles, Random r) {
                int v;
                do {
                    v = r.nextInt();
                } while (v == 0 || v == 5 || v == -3);
                putInt(m, PARAMS + 28, v);
                return ValidationError.VALIDATION_ERROR_UNKNOWN_ENUM_VALUE;
            }
        },
        /** A non-nullable array field (ints, bools or points) null. */
        NULL_ARRAY {
            @Override
            ValidationError apply(byte[] m, int handles, Random r) {
                putLong(m, PARAMS + arrayField(r), 0);
                return ValidationError.VALIDATION_ERROR_UNEXPECTED_NULL_POINTER;
            }
        },
        /** A pointer whose target is not 8-aligned. */
        MISALIGNED_POINTER {
            @Override
            ValidationError apply(byte[] m, int handles, Random r) {
                int at = PARAMS + arrayField(r);
                putLong(m, at, getLong(m, at) + 1 + r.nextInt(7));
                return ValidationError.VALIDATION_ERROR_MISALIGNED_OBJECT;
            }
        },
        /** A pointer above 2^32 - 1. */
        HUGE_POINTER {
            @Override
            ValidationError apply(byte[] m, int handles, Random r) {
                int at = PARAMS + arrayField(r);
                putLong(m, at, getLong(m, at) + ((1L + r.nextInt(1 << 20)) << 32));
                return ValidationError.VALIDATION_ERROR_ILLEGAL_POINTER;
            }
        },
        /** A pointer, aligned, to a place past the end of the message. */
        POINTER_PAST_THE_END {
            @Override
            ValidationError apply(byte[] m, int handles, Random r) {
                int at = PARAMS + arrayField(r);
                putLong(m, at, m.length - at + 8L * r.nextInt(100));
                return ValidationError.VALIDATION_ERROR_ILLEGAL_MEMORY_RANGE;
            }
        },
        /** The {@code bools} pointer aimed back at the {@code ints} array, already claimed. */
        POINTER_TO_CLAIMED_MEMORY {
            @Override
            ValidationError apply(byte[] m, int handles, Random r) {
                long ints = PARAMS + 48 + getLong(m, PARAMS + 48);
                putLong(m, PARAMS + 56, ints - (PARAMS + 56));
                return ValidationError.VALIDATION_ERROR_ILLEGAL_MEMORY_RANGE;
            }
        },
        /** The {@code ints} array claims more elements than its byte size holds. */
        ARRAY_TOO_SHORT_FOR_ITS_COUNT {
            @Override
            ValidationError apply(byte[] m, int handles, Random r) {
                int header = (int) (PARAMS + 48 + getLong(m, PARAMS + 48));
                putInt(m, header + 4, getInt(m, header + 4) + 1 + r.nextInt(1000));
                return ValidationError.VALIDATION_ERROR_UNEXPECTED_ARRAY_HEADER;
            }
        },
        /** The handle field {@code h} given an index past the handles attached. */
        HANDLE_INDEX_OUT_OF_RANGE {
            @Override
            ValidationError apply(byte[] m, int handles, Random r) {
                putInt(m, PARAMS + 96, handles + r.nextInt(1000));
                return ValidationError.VALIDATION_ERROR_ILLEGAL_HANDLE;
            }
        };

        /** Where the parameter struct starts: right after the v0 header. */
        static final int PARAMS = MessageHeader.V0_SIZE;

        abstract ValidationError apply(byte[] message, int handles, Random r);

        /** The struct offset of one of the non-nullable array fields: ints, bools or points. */
        static int arrayField(Random r) {
            return List.of(48, 56, 112).get(r.nextInt(3));
        }

        static int getInt(byte[] m, int at) {
            return java.nio.ByteBuffer.wrap(m).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(at);
        }

        static long getLong(byte[] m, int at) {
            return java.nio.ByteBuffer.wrap(m).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(at);
        }

        static void putInt(byte[] m, int at, int v) {
            java.nio.ByteBuffer.wrap(m).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(at, v);
        }

        static void putLong(byte[] m, int at, long v) {
            java.nio.ByteBuffer.wrap(m).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(at, v);
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

    /** Message pipe ends standing for a message's attached handles, by index (the validator only counts them). */
    private static final List<org.jmojo.system.MessagePipeEndpoint> ENDS = pipeEnds(4);

    private static List<org.jmojo.system.MessagePipeEndpoint> pipeEnds(int n) {
        List<org.jmojo.system.MessagePipeEndpoint> ends = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ends.add(org.jmojo.system.Core.instance().createMessagePipe().end0());
        }
        return ends;
    }

    /**
     * What the generic path says of a message (the validator, then the generic decoder) and what a
     * generated-style validating decoder ({@link EverythingDecoder}) says: the same value, or the same
     * error with the same description. Checked on the heap array and on a native copy (whose strings
     * the reader decodes through the checked path). {@link PointerRulesTest} uses it too.
     */
    static void assertSameAnswer(byte[] bytes, List<Object> names) {
        assertSameAnswer(MemorySegment.ofArray(bytes), names);
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment copy = arena.allocate(bytes.length, 8);
            copy.copyFrom(MemorySegment.ofArray(bytes));
            assertSameAnswer(copy, names);
        }
    }

    static void assertSameAnswer(MemorySegment message, List<Object> names) {
        List<org.jmojo.system.MessagePipeEndpoint> handles = ENDS.subList(0, names.size());
        Object expected;
        try {
            expected = MessageBuilder.decode(message, names, IFACE, false).params();
        } catch (ValidationException e) {
            expected = e.error() + ": " + e.getMessage();
        }
        Object actual;
        try {
            MessageHeader header = Validator.validateHeader(message);
            Validator.requestMethod(header, IFACE);
            actual = EverythingDecoder.decode(ValidatingReader.forPayload(message, header, handles),
                    header.payloadOffset(), handles, names);
        } catch (ValidationException e) {
            actual = e.error() + ": " + e.getMessage();
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Property(tries = 300)
    void generatedStyleDecoder_randomValue_decodesWhatTheGenericDecoderDoes(@ForAll long seed) {
        ValueCodec.Encoded encoded = MessageBuilder.encode(0, 0, 0, 0, TestSchemas.EVERYTHING,
                new Values(new Random(seed)).everything());
        assertSameAnswer(encoded.bytes(), encoded.handles());
    }

    /** Random byte changes: the reader's decoding path and the validator agree on every one. */
    @Property(tries = 1500)
    void generatedStyleDecoder_randomlyMutatedMessage_givesTheValidatorsAnswer(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 4) int mutations) {
        Random random = new Random(seed);
        ValueCodec.Encoded encoded = MessageBuilder.encode(0, 0, 0, 0, TestSchemas.EVERYTHING,
                new Values(random).everything());
        byte[] bytes = encoded.bytes();
        for (int i = 0; i < mutations; i++) {
            int at = random.nextInt(bytes.length);
            bytes[at] = random.nextBoolean() ? (byte) random.nextInt(256) : (byte) (bytes[at] ^ (1 << random.nextInt(8)));
        }
        assertSameAnswer(bytes, encoded.handles());
    }

    /** Each rule broken on purpose: the reader's decoding path reports the validator's error. */
    @Property(tries = 500)
    void generatedStyleDecoder_corruptedAtOneRule_givesTheValidatorsError(@ForAll long seed) {
        Random random = new Random(seed);
        ValueCodec.Encoded encoded = MessageBuilder.encode(0, 0, 0, 0, TestSchemas.EVERYTHING,
                new Values(random).everything());
        Corruption corruption = Corruption.values()[random.nextInt(Corruption.values().length)];
        byte[] bytes = encoded.bytes().clone();
        corruption.apply(bytes, encoded.handles().size(), random);
        assertSameAnswer(bytes, encoded.handles());
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

package org.jmojo.conformance.generated;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jmojo.golden.ArrayOfArrays;
import jmojo.golden.FixedArrays;
import jmojo.golden.Floats;
import jmojo.golden.Handles;
import jmojo.golden.Ints;
import jmojo.golden.Kitchen;
import jmojo.golden.MapOfArrays;
import jmojo.golden.Maps;
import jmojo.golden.NullableValueMap;
import jmojo.golden.Shape;
import jmojo.golden.Tree;
import jmojo.golden.UnionArray;
import jmojo.golden.Versioned;
import jmojo.golden.WithUnion;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jmojo.bindings.runtime.Decoder;
import org.jmojo.bindings.runtime.StructSchema;
import org.jmojo.bindings.runtime.ValueCodec;

/**
 * Random values of generated types: {@code serialize} then {@code deserialize} (which validates)
 * gives an equal value, and the generic schema-driven {@code ValueCodec}, an independent encoder,
 * re-encodes the decoded value tree to the same bytes, so the generated encoder and the generated
 * schema agree with the runtime on every layout.
 */
class RoundTripPropertiesTest extends GeneratedValueArbitraries {

    /** Round trip through the generated code, then the cross-check against the generic codec. */
    private static <T> void roundTrip(T value, ValueCodec.Encoded encoded, StructSchema schema,
            Deserializer<T> deserialize) throws Exception {
        T decoded = deserialize.apply(MemorySegment.ofArray(encoded.bytes()), encoded.handles());
        assertThat(decoded).isEqualTo(value).hasSameHashCodeAs(value);
        Map<String, Object> tree = ValueCodec.decodeStruct(new Decoder(encoded.bytes()), 0, schema,
                encoded.handles(), List.of());
        ValueCodec.Encoded generic = ValueCodec.encodeStruct(schema, tree);
        assertThat(generic.bytes()).isEqualTo(encoded.bytes());
        assertThat(generic.handles()).isEqualTo(encoded.handles());
    }

    @FunctionalInterface
    interface Deserializer<T> {
        T apply(MemorySegment bytes, List<?> handles) throws Exception;
    }

    // ---- properties -----------------------------------------------------------------------------

    @Property(tries = 200)
    void kitchen_roundTrip_equalAndGenericCodecAgrees(@ForAll("kitchens") Kitchen k) throws Exception {
        roundTrip(k, k.serialize(), Kitchen.SCHEMA, Kitchen::deserialize);
    }

    @Property(tries = 200)
    void ints_roundTrip(@ForAll byte i8, @ForAll byte u8, @ForAll short i16, @ForAll short u16, @ForAll int i32,
            @ForAll int u32, @ForAll long i64, @ForAll long u64) throws Exception {
        Ints v = new Ints().setI8(i8).setU8(u8).setI16(i16).setU16(u16).setI32(i32).setU32(u32).setI64(i64)
                .setU64(u64);
        roundTrip(v, v.serialize(), Ints.SCHEMA, Ints::deserialize);
    }

    @Property(tries = 200)
    void floats_anyBits_roundTrip(@ForAll int f, @ForAll long d, @ForAll int f2) throws Exception {
        Floats v = new Floats().setF(Float.intBitsToFloat(f)).setD(Double.longBitsToDouble(d))
                .setF2(Float.intBitsToFloat(f2));
        roundTrip(v, v.serialize(), Floats.SCHEMA, Floats::deserialize);
    }

    @Property(tries = 300)
    void withUnion_everyMemberKind_roundTrip(@ForAll("withUnions") WithUnion v) throws Exception {
        roundTrip(v, v.serialize(), WithUnion.SCHEMA, WithUnion::deserialize);
    }

    @Property(tries = 100)
    void unionArray_roundTrip(@ForAll("unionArrays") UnionArray v) throws Exception {
        roundTrip(v, v.serialize(), UnionArray.SCHEMA, UnionArray::deserialize);
    }

    @Property(tries = 200)
    void maps_roundTrip_keysSorted(@ForAll("maps") Maps v) throws Exception {
        ValueCodec.Encoded encoded = v.serialize();
        roundTrip(v, encoded, Maps.SCHEMA, Maps::deserialize);
        List<Integer> keys = new ArrayList<>(Maps.deserialize(MemorySegment.ofArray(encoded.bytes()), List.of())
                .getI2p().keySet());
        assertThat(keys).isSorted();
        List<byte[]> stringKeys = Maps.deserialize(MemorySegment.ofArray(encoded.bytes()), List.of()).getS2i().keySet()
                .stream().map(k -> k.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toList();
        for (int i = 1; i < stringKeys.size(); i++) {
            assertThat(java.util.Arrays.compareUnsigned(stringKeys.get(i - 1), stringKeys.get(i))).isNegative();
        }
    }

    @Property(tries = 100)
    void mapOfArrays_unsignedKeys_roundTrip(@ForAll("mapOfArrays") MapOfArrays v) throws Exception {
        ValueCodec.Encoded encoded = v.serialize();
        roundTrip(v, encoded, MapOfArrays.SCHEMA, MapOfArrays::deserialize);
        List<Byte> keys = new ArrayList<>(MapOfArrays.deserialize(MemorySegment.ofArray(encoded.bytes()), List.of())
                .getM().keySet());
        for (int i = 1; i < keys.size(); i++) {
            assertThat(Byte.toUnsignedInt(keys.get(i - 1))).isLessThan(Byte.toUnsignedInt(keys.get(i)));
        }
    }

    @Property(tries = 100)
    void nullableValueMap_roundTrip(@ForAll("nullableValueMaps") NullableValueMap v) throws Exception {
        roundTrip(v, v.serialize(), NullableValueMap.SCHEMA, NullableValueMap::deserialize);
    }

    @Property(tries = 200)
    void arrayOfArrays_nestedAndBoolBits_roundTrip(@ForAll("arrayOfArrays") ArrayOfArrays v) throws Exception {
        roundTrip(v, v.serialize(), ArrayOfArrays.SCHEMA, ArrayOfArrays::deserialize);
    }

    @Property(tries = 100)
    void fixedArrays_roundTrip(@ForAll("fixedArrays") FixedArrays v) throws Exception {
        roundTrip(v, v.serialize(), FixedArrays.SCHEMA, FixedArrays::deserialize);
    }

    @Property(tries = 100)
    void tree_recursive_roundTrip(@ForAll("trees") Tree v) throws Exception {
        roundTrip(v, v.serialize(), Tree.SCHEMA, Tree::deserialize);
    }

    @Property(tries = 100)
    void versioned_roundTrip(@ForAll("versioned") Versioned v) throws Exception {
        roundTrip(v, v.serialize(), Versioned.SCHEMA, Versioned::deserialize);
    }

    @Property(tries = 100)
    void handles_nullableMix_roundTripInOrdinalOrder(@ForAll boolean h, @ForAll boolean pipe, @ForAll int x,
            @ForAll boolean buffer, @ForAll boolean consumer, @ForAll boolean producer) throws Exception {
        Handles v = new Handles().setH(h ? new LabelHandle("h") : null).setPipe(pipe ? new LabelHandle("pipe") : null)
                .setX(x).setBuffer(buffer ? new LabelHandle("buf") : null)
                .setConsumer(consumer ? new LabelHandle("cons") : null)
                .setProducer(producer ? new LabelHandle("prod") : null);
        ValueCodec.Encoded encoded = v.serialize();
        roundTrip(v, encoded, Handles.SCHEMA, Handles::deserialize);
        List<String> expected = new ArrayList<>();
        for (LabelHandle l : new LabelHandle[] {(LabelHandle) v.getH(), (LabelHandle) v.getPipe(),
                (LabelHandle) v.getBuffer(), (LabelHandle) v.getConsumer(), (LabelHandle) v.getProducer()}) {
            if (l != null) {
                expected.add(l.label());
            }
        }
        assertThat(Golden.labels(encoded.handles())).isEqualTo(expected);
    }

    /**
     * Random byte corruptions of valid encodings: {@code deserialize} either rejects them with a
     * {@link org.jmojo.bindings.ValidationException} or returns a value that encodes again; the
     * generated decoder never fails on a message the validator accepted.
     */
    @Property(tries = 500)
    void withUnion_corruptedBytes_rejectedOrDecodable(@ForAll("withUnions") WithUnion v,
            @ForAll("corruptions") List<int[]> corruptions) throws Exception {
        byte[] bytes = v.serialize().bytes();
        for (int[] c : corruptions) {
            bytes[Math.floorMod(c[0], bytes.length)] = (byte) c[1];
        }
        WithUnion decoded;
        try {
            decoded = WithUnion.deserialize(MemorySegment.ofArray(bytes), List.of());
        } catch (org.jmojo.bindings.ValidationException e) {
            assertThat(e.error()).isNotNull();
            return;
        }
        assertThat(decoded.serialize().bytes()).isNotEmpty();
    }

    @Property(tries = 300)
    void maps_corruptedBytes_rejectedOrDecodable(@ForAll("maps") Maps v, @ForAll("corruptions") List<int[]> corruptions)
            throws Exception {
        byte[] bytes = v.serialize().bytes();
        for (int[] c : corruptions) {
            bytes[Math.floorMod(c[0], bytes.length)] = (byte) c[1];
        }
        try {
            Maps decoded = Maps.deserialize(MemorySegment.ofArray(bytes), List.of());
            assertThat(decoded.serialize().bytes()).isNotEmpty();
        } catch (org.jmojo.bindings.ValidationException e) {
            assertThat(e.error()).isNotNull();
        }
    }

    @Provide
    Arbitrary<List<int[]>> corruptions() {
        return Combinators.combine(Arbitraries.integers().between(0, 4095), Arbitraries.integers().between(0, 255))
                .as((at, value) -> new int[] {at, value}).list().ofMinSize(1).ofMaxSize(3);
    }

    @Property(tries = 50)
    void extensibleEnum_unknownValue_keptThroughRoundTrip(@ForAll int raw) {
        Shape s = Shape.of(raw);
        assertThat(s.value()).isEqualTo(raw);
        assertThat(s.isKnown()).isEqualTo(raw == 0 || raw == 1 || raw == 10);
        assertThat(Shape.of(raw)).isEqualTo(s).hasSameHashCodeAs(s);
    }
}

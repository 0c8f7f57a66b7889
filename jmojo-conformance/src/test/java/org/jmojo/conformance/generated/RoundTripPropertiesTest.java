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
import jmojo.golden.Enums;
import jmojo.golden.Color;
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
import org.jmojo.bindings.runtime.Codecs;
import org.jmojo.bindings.runtime.Decoder;
import org.jmojo.bindings.runtime.StructCodec;
import org.jmojo.bindings.runtime.ValueCodec;
import org.jmojo.system.Message;

/**
 * Random values of generated types: {@code serialize} then {@code deserialize} (which validates)
 * gives an equal value, and the generic schema-driven {@code ValueCodec}, an independent encoder,
 * re-encodes the decoded value tree to the same bytes, so the generated encoder and the generated
 * schema agree with the runtime on every layout.
 */
class RoundTripPropertiesTest extends GeneratedValueArbitraries {

    /**
     * Round trip through the generated code ({@code serialize}, then {@code deserialize} from the
     * message), then the cross-check against the generic codec; returns the encoding.
     */
    static <T> Message roundTrip(T value, Class<T> type) throws Exception {
        StructCodec<T> codec = Codecs.struct(type);
        Message encoded = codec.serialize(value);
        T decoded = codec.deserialize(MemorySegment.ofArray(encoded.bytes()), encoded.handles());
        assertThat(decoded).isEqualTo(value).hasSameHashCodeAs(value);
        assertThat(codec.serialize(decoded).bytes()).isEqualTo(encoded.bytes());
        Map<String, Object> tree = ValueCodec.decodeStruct(new Decoder(encoded.bytes()), 0, codec.schema(),
                encoded.handles(), List.of());
        ValueCodec.Encoded generic = ValueCodec.encodeStruct(codec.schema(), tree);
        assertThat(generic.bytes()).isEqualTo(encoded.bytes());
        assertThat(generic.handles()).isEqualTo(encoded.handles());
        return encoded;
    }

    // ---- properties -----------------------------------------------------------------------------

    @Property(tries = 200)
    void kitchen_roundTrip_equalAndGenericCodecAgrees(@ForAll("kitchens") Kitchen k) throws Exception {
        roundTrip(k, Kitchen.class);
    }

    @Property(tries = 200)
    void ints_roundTrip(@ForAll byte i8, @ForAll byte u8, @ForAll short i16, @ForAll short u16, @ForAll int i32,
            @ForAll int u32, @ForAll long i64, @ForAll long u64) throws Exception {
        Ints v = Ints.newBuilder().setI8(i8).setU8(u8).setI16(i16).setU16(u16).setI32(i32).setU32(u32).setI64(i64)
                .setU64(u64).build();
        roundTrip(v, Ints.class);
    }

    @Property(tries = 200)
    void floats_anyBits_roundTrip(@ForAll int f, @ForAll long d, @ForAll int f2) throws Exception {
        Floats v = Floats.newBuilder().setF(Float.intBitsToFloat(f)).setD(Double.longBitsToDouble(d))
                .setF2(Float.intBitsToFloat(f2)).build();
        roundTrip(v, Floats.class);
    }

    @Property(tries = 300)
    void withUnion_everyMemberKind_roundTrip(@ForAll("withUnions") WithUnion v) throws Exception {
        roundTrip(v, WithUnion.class);
    }

    @Property(tries = 100)
    void unionArray_roundTrip(@ForAll("unionArrays") UnionArray v) throws Exception {
        roundTrip(v, UnionArray.class);
    }

    @Property(tries = 200)
    void maps_roundTrip_keysSorted(@ForAll("maps") Maps v) throws Exception {
        Message encoded = roundTrip(v, Maps.class);
        List<Integer> keys = new ArrayList<>(Maps.deserialize(encoded).getI2p().keySet());
        assertThat(keys).isSorted();
        List<byte[]> stringKeys = Maps.deserialize(encoded).getS2i().keySet()
                .stream().map(k -> k.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toList();
        for (int i = 1; i < stringKeys.size(); i++) {
            assertThat(java.util.Arrays.compareUnsigned(stringKeys.get(i - 1), stringKeys.get(i))).isNegative();
        }
    }

    @Property(tries = 100)
    void mapOfArrays_unsignedKeys_roundTrip(@ForAll("mapOfArrays") MapOfArrays v) throws Exception {
        Message encoded = roundTrip(v, MapOfArrays.class);
        List<Byte> keys = new ArrayList<>(MapOfArrays.deserialize(encoded).getM().keySet());
        for (int i = 1; i < keys.size(); i++) {
            assertThat(Byte.toUnsignedInt(keys.get(i - 1))).isLessThan(Byte.toUnsignedInt(keys.get(i)));
        }
    }

    @Property(tries = 100)
    void nullableValueMap_roundTrip(@ForAll("nullableValueMaps") NullableValueMap v) throws Exception {
        roundTrip(v, NullableValueMap.class);
    }

    @Property(tries = 200)
    void arrayOfArrays_nestedAndBoolBits_roundTrip(@ForAll("arrayOfArrays") ArrayOfArrays v) throws Exception {
        roundTrip(v, ArrayOfArrays.class);
    }

    @Property(tries = 100)
    void fixedArrays_roundTrip(@ForAll("fixedArrays") FixedArrays v) throws Exception {
        roundTrip(v, FixedArrays.class);
    }

    @Property(tries = 100)
    void tree_recursive_roundTrip(@ForAll("trees") Tree v) throws Exception {
        roundTrip(v, Tree.class);
    }

    @Property(tries = 100)
    void versioned_roundTrip(@ForAll("versioned") Versioned v) throws Exception {
        roundTrip(v, Versioned.class);
    }

    @Property(tries = 100)
    void handles_nullableMix_roundTripInOrdinalOrder(@ForAll boolean h, @ForAll boolean pipe, @ForAll int x,
            @ForAll boolean buffer, @ForAll boolean consumer, @ForAll boolean producer) throws Exception {
        Handles v = Handles.newBuilder().setH(h ? new LabelHandle("h") : null)
                .setPipe(pipe ? new LabelHandle("pipe") : null).setX(x).setBuffer(buffer ? new LabelHandle("buf") : null)
                .setConsumer(consumer ? new LabelHandle("cons") : null)
                .setProducer(producer ? new LabelHandle("prod") : null).build();
        Message encoded = roundTrip(v, Handles.class);
        List<String> expected = new ArrayList<>();
        for (Object l : new Object[] {v.getH(), v.getPipe(), v.getBuffer(), v.getConsumer(), v.getProducer()}) {
            if (l != null) {
                expected.add(((LabelHandle) l).label());
            }
        }
        assertThat(LabelHandle.labels(encoded.handles())).isEqualTo(expected);
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
            decoded = WithUnion.deserialize(bytes);
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
            Maps decoded = Maps.deserialize(bytes);
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

    @Property(tries = 100)
    void extensibleEnum_anyValue_keptThroughRoundTrip(@ForAll int raw, @ForAll("colors") Color color)
            throws Exception {
        Enums v = Enums.newBuilder().setColor(color).setShapeValue(raw).build();
        boolean declared = raw == 0 || raw == 1 || raw == 10;
        assertThat(v.getShape() == Shape.UNRECOGNIZED).isEqualTo(!declared);
        roundTrip(v, Enums.class);
        assertThat(Enums.deserialize(v.serialize()).getShapeValue()).isEqualTo(raw);
    }

    @Provide
    Arbitrary<Color> colors() {
        return color();
    }
}

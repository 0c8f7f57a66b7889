package org.jmojo.conformance.generated;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jmojo.golden.ArrayOfArrays;
import jmojo.golden.Color;
import jmojo.golden.FixedArrays;
import jmojo.golden.Floats;
import jmojo.golden.Handles;
import jmojo.golden.Inner;
import jmojo.golden.Ints;
import jmojo.golden.Kitchen;
import jmojo.golden.MapOfArrays;
import jmojo.golden.Maps;
import jmojo.golden.NullableValueMap;
import jmojo.golden.Point;
import jmojo.golden.Shape;
import jmojo.golden.Tree;
import jmojo.golden.UnionArray;
import jmojo.golden.Value;
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
class RoundTripPropertiesTest {

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

    // ---- arbitraries ----------------------------------------------------------------------------

    /** Well-formed strings over all of Unicode (supplementary characters included), so UTF-8 round-trips. */
    static Arbitrary<String> text() {
        return Arbitraries.integers().between(0, Character.MAX_CODE_POINT)
                .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)
                .list().ofMaxSize(8)
                .map(cps -> cps.stream().collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                        .toString());
    }

    static Arbitrary<Color> color() {
        return Arbitraries.of(Color.values());
    }

    static Arbitrary<Point> point() {
        return Combinators.combine(Arbitraries.integers(), Arbitraries.integers())
                .as((x, y) -> new Point().setX(x).setY(y));
    }

    static Arbitrary<Float> anyFloat() {
        return Arbitraries.integers().map(Float::intBitsToFloat);
    }

    static Arbitrary<Double> anyDouble() {
        return Arbitraries.longs().map(Double::longBitsToDouble);
    }

    static Arbitrary<Inner> inner() {
        return Arbitraries.oneOf(Arbitraries.integers().map(Inner::ofNum), text().map(Inner::ofText));
    }

    static Arbitrary<Value> value() {
        return Arbitraries.oneOf(List.of(
                Arbitraries.of(true, false).map(Value::ofFlag),
                Arbitraries.bytes().map(Value::ofI8),
                Arbitraries.shorts().map(Value::ofU16),
                Arbitraries.integers().map(Value::ofI32),
                Arbitraries.longs().map(Value::ofI64),
                anyFloat().map(Value::ofF),
                anyDouble().map(Value::ofD),
                color().map(Value::ofColor),
                text().map(Value::ofText),
                point().map(Value::ofPoint),
                Arbitraries.integers().list().ofMaxSize(5).map(Value::ofInts),
                Arbitraries.maps(text(), Arbitraries.integers()).ofMaxSize(4).map(Value::ofDict),
                inner().map(Value::ofInner),
                inner().injectNull(0.5).map(Value::ofMaybeInner),
                point().injectNull(0.5).map(Value::ofMaybePoint)));
    }

    static Arbitrary<Tree> tree(int depth) {
        Arbitrary<Tree> leaf = Arbitraries.integers().map(v -> new Tree().setValue(v));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Tree> child = tree(depth - 1).injectNull(0.4);
        return Combinators.combine(Arbitraries.integers(), child, child)
                .as((v, l, r) -> new Tree().setValue(v).setLeft(l).setRight(r));
    }

    // ---- properties -----------------------------------------------------------------------------

    @Provide
    Arbitrary<Kitchen> kitchens() {
        return Combinators.combine(
                Combinators.combine(Arbitraries.bytes(), anyDouble(), Arbitraries.of(true, false),
                        Arbitraries.shorts(), text(), Arbitraries.of(true, false), Arbitraries.integers())
                        .as((a, b, c, d, e, f, g) -> new Kitchen().setA(a).setB(b).setC(c).setD(d).setE(e).setF(f)
                                .setG(g)),
                Combinators.combine(Arbitraries.bytes(), color(), Arbitraries.of(true, false), anyFloat(),
                        Arbitraries.longs(), Arbitraries.shorts(), Arbitraries.of(true, false))
                        .as((h, i, j, k, l, m, n) -> new Kitchen().setH(h).setI(i).setJ(j).setK(k).setL(l).setM(m)
                                .setN(n)))
                .as((first, second) -> first.setH(second.getH()).setI(second.getI()).setJ(second.getJ())
                        .setK(second.getK()).setL(second.getL()).setM(second.getM()).setN(second.getN()));
    }

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

    @Provide
    Arbitrary<WithUnion> withUnions() {
        return Combinators.combine(value(), value().injectNull(0.3), Arbitraries.integers())
                .as((v, nv, after) -> new WithUnion().setV(v).setNv(nv).setAfter(after));
    }

    @Property(tries = 300)
    void withUnion_everyMemberKind_roundTrip(@ForAll("withUnions") WithUnion v) throws Exception {
        roundTrip(v, v.serialize(), WithUnion.SCHEMA, WithUnion::deserialize);
    }

    @Provide
    Arbitrary<UnionArray> unionArrays() {
        return value().list().ofMaxSize(6).map(l -> new UnionArray().setV(l));
    }

    @Property(tries = 100)
    void unionArray_roundTrip(@ForAll("unionArrays") UnionArray v) throws Exception {
        roundTrip(v, v.serialize(), UnionArray.SCHEMA, UnionArray::deserialize);
    }

    @Provide
    Arbitrary<Maps> maps() {
        return Combinators.combine(
                        Arbitraries.maps(text(), Arbitraries.integers()).ofMaxSize(5),
                        Arbitraries.maps(Arbitraries.integers(), point()).ofMaxSize(5),
                        Arbitraries.maps(color(), text()).ofMaxSize(4))
                .as((s2i, i2p, e2s) -> new Maps().setS2i(s2i).setI2p(i2p).setE2s(e2s));
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

    @Provide
    Arbitrary<MapOfArrays> mapOfArrays() {
        return Arbitraries.maps(Arbitraries.bytes(), text().list().ofMaxSize(3)).ofMaxSize(5)
                .map(m -> new MapOfArrays().setM(m));
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

    @Provide
    Arbitrary<NullableValueMap> nullableValueMaps() {
        return Arbitraries.maps(text(), point().injectNull(0.4)).ofMaxSize(5).map(m -> new NullableValueMap().setM(m));
    }

    @Property(tries = 100)
    void nullableValueMap_roundTrip(@ForAll("nullableValueMaps") NullableValueMap v) throws Exception {
        roundTrip(v, v.serialize(), NullableValueMap.SCHEMA, NullableValueMap::deserialize);
    }

    @Provide
    Arbitrary<ArrayOfArrays> arrayOfArrays() {
        return Combinators.combine(
                        Arbitraries.integers().list().ofMaxSize(4).list().ofMaxSize(4),
                        Arbitraries.of(true, false).list().ofMaxSize(19).list().ofMaxSize(4),
                        text().list().ofMaxSize(3).injectNull(0.3).list().ofMaxSize(4))
                .as((ints, bools, strs) -> new ArrayOfArrays().setInts(ints).setBools(bools).setStrs(strs));
    }

    @Property(tries = 200)
    void arrayOfArrays_nestedAndBoolBits_roundTrip(@ForAll("arrayOfArrays") ArrayOfArrays v) throws Exception {
        roundTrip(v, v.serialize(), ArrayOfArrays.SCHEMA, ArrayOfArrays::deserialize);
    }

    @Provide
    Arbitrary<FixedArrays> fixedArrays() {
        return Combinators.combine(
                        Arbitraries.integers().list().ofSize(3),
                        Arbitraries.of(true, false).list().ofSize(10),
                        text().list().ofSize(2),
                        Arbitraries.bytes().list().ofSize(5).injectNull(0.3))
                .as((ints, bools, strs, bytes) -> new FixedArrays().setInts(ints).setBools(bools).setStrs(strs)
                        .setBytes(bytes));
    }

    @Property(tries = 100)
    void fixedArrays_roundTrip(@ForAll("fixedArrays") FixedArrays v) throws Exception {
        roundTrip(v, v.serialize(), FixedArrays.SCHEMA, FixedArrays::deserialize);
    }

    @Provide
    Arbitrary<Tree> trees() {
        return tree(4);
    }

    @Property(tries = 100)
    void tree_recursive_roundTrip(@ForAll("trees") Tree v) throws Exception {
        roundTrip(v, v.serialize(), Tree.SCHEMA, Tree::deserialize);
    }

    @Provide
    Arbitrary<Versioned> versioned() {
        return Combinators.combine(Arbitraries.integers(), Arbitraries.of(true, false), text().injectNull(0.3),
                        Arbitraries.longs(), Arbitraries.shorts())
                .as((a, b, s, c, d) -> new Versioned().setA(a).setB(b).setS(s).setC(c).setD(d));
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

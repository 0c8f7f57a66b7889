package org.jmojo.conformance.generated;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import jmojo.golden.ArrayOfArrays;
import jmojo.golden.Color;
import jmojo.golden.FixedArrays;
import jmojo.golden.Handles;
import jmojo.golden.Inner;
import jmojo.golden.Kitchen;
import jmojo.golden.MapOfArrays;
import jmojo.golden.Maps;
import jmojo.golden.NullableStringArray;
import jmojo.golden.NullableValueMap;
import jmojo.golden.Point;
import jmojo.golden.StringArray;
import jmojo.golden.Strings;
import jmojo.golden.Tree;
import jmojo.golden.UnionArray;
import jmojo.golden.Value;
import jmojo.golden.Versioned;
import jmojo.golden.WithUnion;
import org.jmojo.bindings.ValidationException;
import org.jmojo.bindings.runtime.Decoder;
import org.jmojo.bindings.runtime.StructSchema;
import org.jmojo.bindings.runtime.ValueCodec;
import org.jmojo.bindings.runtime.Validator;

/**
 * The generated types whose validating decoders ({@code deserialize}) are checked against the
 * schema-driven {@link Validator}, shared by {@link ValidatingDecoderPropertiesTest} (jqwik
 * mutations) and {@link GeneratedDecoderFuzzTarget} (Jazzer): each type's entry points, and one or
 * more fixed valid values per type that the fuzz target's seed inputs encode.
 *
 * <p>Everything here is immutable after class initialisation except the fixture values, which
 * callers must not modify (they are the generated classes' mutable beans); reading them from
 * several threads is safe.
 */
final class DecoderTypes {

    /** The answer of a path that accepted the bytes; otherwise the path answers with the error's name. */
    static final String PASS = "PASS";

    @FunctionalInterface
    interface Deserializer<T> {
        T apply(MemorySegment bytes, List<?> handles) throws ValidationException;
    }

    @FunctionalInterface
    interface TrustedDecoder<T> {
        T apply(Decoder decoder, long at, List<?> handles, List<?> associated);
    }

    /** What the generated path made of some bytes: {@link #PASS} and the value, or an error name and no value. */
    record Answer<T>(String answer, T value) {}

    /**
     * One generated type: its schema for the {@link Validator}, its validating {@code deserialize},
     * its trusted {@code decode(Decoder, ...)}, its {@code serialize} and the fixture values.
     */
    record Type<T>(String name, StructSchema schema, Deserializer<T> deserialize, TrustedDecoder<T> trusted,
            Function<T, ValueCodec.Encoded> serialize, List<T> fixtures) {

        /** {@link #PASS} or the name of the first error {@link Validator#validateStruct} reports. */
        String validatorAnswer(MemorySegment bytes, int handleCount) {
            try {
                Validator.validateStruct(bytes, handleCount, schema);
                return PASS;
            } catch (ValidationException e) {
                return e.error().name();
            }
        }

        /** The answer of the generated {@code deserialize}, with the value it returned if it accepted. */
        Answer<T> generatedAnswer(MemorySegment bytes, List<?> handles) {
            try {
                return new Answer<>(PASS, deserialize.apply(bytes, handles));
            } catch (ValidationException e) {
                return new Answer<>(e.error().name(), null);
            }
        }

        /** What the trusted decoder (no checks) reads from bytes both paths accepted. */
        T trustedDecode(MemorySegment bytes, List<?> handles) {
            return trusted.apply(new Decoder(bytes), 0, handles, List.of());
        }

        /** Encodes a value of this type (the unchecked cast is safe: values come from this type's decoders). */
        @SuppressWarnings("unchecked")
        ValueCodec.Encoded encode(Object value) {
            return serialize.apply((T) value);
        }
    }

    static final Type<Kitchen> KITCHEN = new Type<>("Kitchen", Kitchen.SCHEMA, Kitchen::deserialize, Kitchen::decode,
            Kitchen::serialize, List.of(new Kitchen().setA((byte) -5).setB(2.5).setC(true).setD((short) 300)
                    .setE("kitchen").setF(true).setG(-7).setH((byte) 9).setI(Color.BLUE).setJ(true).setK(-0.5f)
                    .setL(1L << 40).setM((short) -2).setN(true)));

    static final Type<Strings> STRINGS = new Type<>("Strings", Strings.SCHEMA, Strings::deserialize, Strings::decode,
            Strings::serialize, List.of(new Strings().setS("h\u00e9llo \uD83D\uDE00").setNs("x"),
                    new Strings().setS("").setNs(null)));

    static final Type<StringArray> STRING_ARRAY = new Type<>("StringArray", StringArray.SCHEMA,
            StringArray::deserialize, StringArray::decode, StringArray::serialize,
            List.of(new StringArray().setV(List.of("a", "", "\u00fcber"))));

    static final Type<NullableStringArray> NULLABLE_STRING_ARRAY = new Type<>("NullableStringArray",
            NullableStringArray.SCHEMA, NullableStringArray::deserialize, NullableStringArray::decode,
            NullableStringArray::serialize,
            List.of(new NullableStringArray().setV(Arrays.asList("one", null, "three"))));

    static final Type<WithUnion> WITH_UNION = new Type<>("WithUnion", WithUnion.SCHEMA, WithUnion::deserialize,
            WithUnion::decode, WithUnion::serialize, List.of(
                    new WithUnion().setV(Value.ofI64(-1L)).setNv(null).setAfter(3),
                    new WithUnion().setV(Value.ofText("txt")).setNv(Value.ofPoint(point(1, 2))).setAfter(4),
                    new WithUnion().setV(Value.ofInts(List.of(1, 2, 3))).setNv(Value.ofDict(Map.of("k", 5)))
                            .setAfter(5),
                    new WithUnion().setV(Value.ofInner(Inner.ofText("in"))).setNv(Value.ofMaybeInner(null))
                            .setAfter(6),
                    new WithUnion().setV(Value.ofMaybePoint(point(7, 8))).setNv(Value.ofColor(Color.GREEN))
                            .setAfter(7)));

    static final Type<UnionArray> UNION_ARRAY = new Type<>("UnionArray", UnionArray.SCHEMA, UnionArray::deserialize,
            UnionArray::decode, UnionArray::serialize, List.of(new UnionArray().setV(List.of(Value.ofFlag(true),
                    Value.ofD(1.5), Value.ofText("u"), Value.ofInner(Inner.ofNum(9)), Value.ofPoint(point(3, 4))))));

    static final Type<Maps> MAPS = new Type<>("Maps", Maps.SCHEMA, Maps::deserialize, Maps::decode, Maps::serialize,
            List.of(new Maps().setS2i(Map.of("a", 1, "bb", 2)).setI2p(Map.of(-1, point(0, 1), 4, point(2, 3)))
                    .setE2s(Map.of(Color.RED, "r", Color.WHITE, "w"))));

    static final Type<MapOfArrays> MAP_OF_ARRAYS = new Type<>("MapOfArrays", MapOfArrays.SCHEMA,
            MapOfArrays::deserialize, MapOfArrays::decode, MapOfArrays::serialize,
            List.of(new MapOfArrays().setM(Map.of((byte) 1, List.of("x", "y"), (byte) -1, List.of()))));

    static final Type<NullableValueMap> NULLABLE_VALUE_MAP = new Type<>("NullableValueMap", NullableValueMap.SCHEMA,
            NullableValueMap::deserialize, NullableValueMap::decode, NullableValueMap::serialize,
            List.of(new NullableValueMap().setM(mapWithNull("gone", "here", point(5, 6)))));

    static final Type<ArrayOfArrays> ARRAY_OF_ARRAYS = new Type<>("ArrayOfArrays", ArrayOfArrays.SCHEMA,
            ArrayOfArrays::deserialize, ArrayOfArrays::decode, ArrayOfArrays::serialize,
            List.of(new ArrayOfArrays().setInts(List.of(List.of(1, 2), List.of()))
                    .setBools(List.of(List.of(true, false, true, true, false, false, true, false, true)))
                    .setStrs(Arrays.asList(List.of("s"), null))));

    static final Type<FixedArrays> FIXED_ARRAYS = new Type<>("FixedArrays", FixedArrays.SCHEMA,
            FixedArrays::deserialize, FixedArrays::decode, FixedArrays::serialize,
            List.of(new FixedArrays().setInts(List.of(1, -2, 3))
                    .setBools(List.of(true, false, false, true, true, false, true, false, false, true))
                    .setStrs(List.of("p", "q")).setBytes(List.of((byte) 1, (byte) 2, (byte) 3, (byte) 4, (byte) 5))));

    static final Type<Tree> TREE = new Type<>("Tree", Tree.SCHEMA, Tree::deserialize, Tree::decode, Tree::serialize,
            List.of(new Tree().setValue(1).setLeft(new Tree().setValue(2).setRight(new Tree().setValue(4)))
                    .setRight(new Tree().setValue(3))));

    static final Type<Versioned> VERSIONED = new Type<>("Versioned", Versioned.SCHEMA, Versioned::deserialize,
            Versioned::decode, Versioned::serialize,
            List.of(new Versioned().setA(1).setB(true).setS("v").setC(-3L).setD((short) 4)));

    static final Type<Handles> HANDLES = new Type<>("Handles", Handles.SCHEMA, Handles::deserialize, Handles::decode,
            Handles::serialize, List.of(new Handles().setH(new LabelHandle("h0")).setPipe(new LabelHandle("h1"))
                    .setX(42).setBuffer(new LabelHandle("h2")).setConsumer(new LabelHandle("h3"))
                    .setProducer(new LabelHandle("h4")),
                    new Handles().setPipe(new LabelHandle("h0")).setX(-1).setProducer(new LabelHandle("h1"))));

    /** Every type, in the order of the fuzz target's selector byte (append only: seeds name their index). */
    static final List<Type<?>> ALL = List.of(KITCHEN, STRINGS, STRING_ARRAY, NULLABLE_STRING_ARRAY, WITH_UNION,
            UNION_ARRAY, MAPS, MAP_OF_ARRAYS, NULLABLE_VALUE_MAP, ARRAY_OF_ARRAYS, FIXED_ARRAYS, TREE, VERSIONED,
            HANDLES);

    private DecoderTypes() {}

    private static Point point(int x, int y) {
        return new Point().setX(x).setY(y);
    }

    private static Map<String, Point> mapWithNull(String nullKey, String key, Point value) {
        Map<String, Point> map = new LinkedHashMap<>();
        map.put(nullKey, null);
        map.put(key, value);
        return map;
    }
}

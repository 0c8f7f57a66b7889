package org.jmojo.conformance.generated;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.jmojo.bindings.BooleanList;
import org.jmojo.bindings.Bytes;
import org.jmojo.bindings.IntList;
import org.jmojo.bindings.ValidationException;
import org.jmojo.bindings.runtime.Codecs;
import org.jmojo.bindings.runtime.StructCodec;
import org.jmojo.bindings.runtime.Validator;
import org.jmojo.system.Handle;
import org.jmojo.system.Message;

/**
 * The generated types whose validating decoders ({@code deserialize}) are checked against the
 * schema-driven {@link Validator}, shared by {@link ValidatingDecoderPropertiesTest} (jqwik
 * mutations) and {@link GeneratedDecoderFuzzTarget} (Jazzer): each type's codec (found as any code
 * outside the generated package finds it, through {@link Codecs}), and one or more fixed valid
 * values per type that the fuzz target's seed inputs encode. Immutable; safe to share between threads.
 */
final class DecoderTypes {

    /** The answer of a path that accepted the bytes; otherwise the path answers with the error's name. */
    static final String PASS = "PASS";

    /** What the generated path made of some bytes: {@link #PASS} and the value, or an error name and no value. */
    record Answer<T>(String answer, T value) {}

    /** One generated type: its codec and the fixture values. */
    record Type<T>(String name, StructCodec<T> codec, List<T> fixtures) {

        /** {@link #PASS} or the name of the first error {@link Validator#validateStruct} reports. */
        String validatorAnswer(MemorySegment bytes, int handleCount) {
            try {
                Validator.validateStruct(bytes, handleCount, codec.schema());
                return PASS;
            } catch (ValidationException e) {
                return e.error().name();
            }
        }

        /** The answer of the generated {@code deserialize}, with the value it returned if it accepted. */
        Answer<T> generatedAnswer(MemorySegment bytes, List<? extends Handle> handles) {
            try {
                return new Answer<>(PASS, codec.deserialize(bytes, handles));
            } catch (ValidationException e) {
                return new Answer<>(e.error().name(), null);
            }
        }

        /** Encodes a value of this type (the unchecked cast is safe: values come from this type's decoders). */
        @SuppressWarnings("unchecked")
        Message encode(Object value) {
            return codec.serialize((T) value);
        }
    }

    private static <T> Type<T> type(Class<T> cls, List<T> fixtures) {
        return new Type<>(cls.getSimpleName(), Codecs.struct(cls), fixtures);
    }

    static final Type<Kitchen> KITCHEN = type(Kitchen.class, List.of(Kitchen.newBuilder().setA((byte) -5).setB(2.5)
            .setC(true).setD((short) 300).setE("kitchen").setF(true).setG(-7).setH((byte) 9).setI(Color.BLUE)
            .setJ(true).setK(-0.5f).setL(1L << 40).setM((short) -2).setN(true).build()));

    static final Type<Strings> STRINGS = type(Strings.class, List.of(
            Strings.newBuilder().setS("h\u00e9llo \uD83D\uDE00").setNs("x").build(),
            Strings.newBuilder().setS("").setNs(null).build()));

    static final Type<StringArray> STRING_ARRAY = type(StringArray.class,
            List.of(StringArray.newBuilder().setV(List.of("a", "", "\u00fcber")).build()));

    static final Type<NullableStringArray> NULLABLE_STRING_ARRAY = type(NullableStringArray.class,
            List.of(NullableStringArray.newBuilder().setV(Arrays.asList("one", null, "three")).build()));

    static final Type<WithUnion> WITH_UNION = type(WithUnion.class, List.of(
            withUnion(new Value.I64(-1L), null, 3),
            withUnion(new Value.Text("txt"), new Value.Point(point(1, 2)), 4),
            withUnion(new Value.Ints(IntList.of(1, 2, 3)), new Value.Dict(Map.of("k", 5)), 5),
            withUnion(new Value.Inner(new Inner.Text("in")), new Value.MaybeInner(null), 6),
            withUnion(new Value.MaybePoint(point(7, 8)), new Value.Color(Color.GREEN), 7)));

    static final Type<UnionArray> UNION_ARRAY = type(UnionArray.class, List.of(UnionArray.newBuilder()
            .setV(List.of(new Value.Flag(true), new Value.D(1.5), new Value.Text("u"), new Value.Inner(new Inner.Num(9)),
                    new Value.Point(point(3, 4))))
            .build()));

    static final Type<Maps> MAPS = type(Maps.class, List.of(Maps.newBuilder().setS2i(Map.of("a", 1, "bb", 2))
            .setI2p(Map.of(-1, point(0, 1), 4, point(2, 3))).setE2s(Map.of(Color.RED, "r", Color.WHITE, "w")).build()));

    static final Type<MapOfArrays> MAP_OF_ARRAYS = type(MapOfArrays.class, List.of(MapOfArrays.newBuilder()
            .setM(Map.of((byte) 1, List.of("x", "y"), (byte) -1, List.of())).build()));

    static final Type<NullableValueMap> NULLABLE_VALUE_MAP = type(NullableValueMap.class,
            List.of(NullableValueMap.newBuilder().setM(mapWithNull("gone", "here", point(5, 6))).build()));

    static final Type<ArrayOfArrays> ARRAY_OF_ARRAYS = type(ArrayOfArrays.class, List.of(ArrayOfArrays.newBuilder()
            .setInts(List.of(IntList.of(1, 2), IntList.of()))
            .setBools(List.of(BooleanList.of(true, false, true, true, false, false, true, false, true)))
            .setStrs(Arrays.asList(List.of("s"), null))
            .build()));

    static final Type<FixedArrays> FIXED_ARRAYS = type(FixedArrays.class, List.of(FixedArrays.newBuilder()
            .setInts(List.of(1, -2, 3))
            .setBools(List.of(true, false, false, true, true, false, true, false, false, true))
            .setStrs(List.of("p", "q")).setBytes(Bytes.copyOf(new byte[] {1, 2, 3, 4, 5}))
            .build()));

    static final Type<Tree> TREE = type(Tree.class, List.of(Tree.newBuilder().setValue(1)
            .setLeft(Tree.newBuilder().setValue(2).setRight(Tree.newBuilder().setValue(4).build()).build())
            .setRight(Tree.newBuilder().setValue(3).build())
            .build()));

    static final Type<Versioned> VERSIONED = type(Versioned.class, List.of(Versioned.newBuilder().setA(1).setB(true)
            .setS("v").setC(-3L).setD((short) 4).build()));

    static final Type<Handles> HANDLES = type(Handles.class, List.of(
            Handles.newBuilder().setH(new LabelHandle("h0")).setPipe(new LabelHandle("h1")).setX(42)
                    .setBuffer(new LabelHandle("h2")).setConsumer(new LabelHandle("h3"))
                    .setProducer(new LabelHandle("h4")).build(),
            Handles.newBuilder().setPipe(new LabelHandle("h0")).setX(-1).setProducer(new LabelHandle("h1")).build()));

    /** Every type, in the order of the fuzz target's selector byte (append only: seeds name their index). */
    static final List<Type<?>> ALL = List.of(KITCHEN, STRINGS, STRING_ARRAY, NULLABLE_STRING_ARRAY, WITH_UNION,
            UNION_ARRAY, MAPS, MAP_OF_ARRAYS, NULLABLE_VALUE_MAP, ARRAY_OF_ARRAYS, FIXED_ARRAYS, TREE, VERSIONED,
            HANDLES);

    private DecoderTypes() {}

    private static Point point(int x, int y) {
        return Point.newBuilder().setX(x).setY(y).build();
    }

    private static WithUnion withUnion(Value v, Value nv, int after) {
        return WithUnion.newBuilder().setV(v).setNv(nv).setAfter(after).build();
    }

    private static Map<String, Point> mapWithNull(String nullKey, String key, Point value) {
        Map<String, Point> map = new LinkedHashMap<>();
        map.put(nullKey, null);
        map.put(key, value);
        return map;
    }
}

package org.jmojo.conformance.generated;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.List;
import jmojo.golden.ArrayOfArrays;
import jmojo.golden.FixedArrays;
import jmojo.golden.Handles;
import jmojo.golden.Kitchen;
import jmojo.golden.MapOfArrays;
import jmojo.golden.Maps;
import jmojo.golden.NullableStringArray;
import jmojo.golden.NullableValueMap;
import jmojo.golden.StringArray;
import jmojo.golden.Strings;
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
import org.jmojo.bindings.runtime.Validator;
import org.jmojo.system.Handle;
import org.jmojo.system.Message;

/**
 * Random mutations of valid encodings of generated types: the generated validating decoder
 * ({@code deserialize}) and the schema-driven {@link Validator} agree on every input, accepting
 * the same messages and rejecting the rest with the same first error; what both accept re-encodes to
 * bytes that decode to the same value.
 */
class ValidatingDecoderPropertiesTest extends GeneratedValueArbitraries {

    /**
     * One mutation at {@code at} (wrapped into the message): with {@code add}, {@code value} is
     * added to the 8-aligned 64-bit word there (moving a pointer onto a neighbouring object);
     * otherwise {@code value}'s low {@code width} bytes overwrite the bytes there.
     */
    record Mutation(int at, int width, long value, boolean add) {
        void apply(byte[] bytes) {
            int start = Math.floorMod(at, bytes.length);
            if (add) {
                start &= ~7;
                if (start + 8 > bytes.length) {
                    return;
                }
                long word = 0;
                for (int i = 7; i >= 0; i--) {
                    word = (word << 8) | (bytes[start + i] & 0xFF);
                }
                word += value;
                for (int i = 0; i < 8; i++) {
                    bytes[start + i] = (byte) (word >>> (8 * i));
                }
                return;
            }
            for (int i = 0; i < width && start + i < bytes.length; i++) {
                bytes[start + i] = (byte) (value >>> (8 * i));
            }
        }
    }

    /**
     * Mutates {@code valid} (and, with {@code truncate}, cuts it to a multiple of 8 bytes), then
     * checks that both paths give the same answer.
     */
    private static <T> void agree(Message valid, List<Mutation> mutations, int truncate, DecoderTypes.Type<T> type) {
        agree(valid.bytes(), valid.handles(), mutations, truncate, type);
    }

    private static <T> void agree(byte[] valid, List<? extends Handle> handles, List<Mutation> mutations, int truncate,
            DecoderTypes.Type<T> type) {
        byte[] bytes = valid.clone();
        for (Mutation m : mutations) {
            m.apply(bytes);
        }
        if (truncate > 0 && truncate < bytes.length) {
            bytes = java.util.Arrays.copyOf(bytes, bytes.length - truncate);
        }
        MemorySegment message = MemorySegment.ofArray(bytes);
        String validator = type.validatorAnswer(message, handles.size());
        DecoderTypes.Answer<T> generated = type.generatedAnswer(message, handles);
        assertThat(generated.answer()).as("generated decoder against the validator").isEqualTo(validator);
        if (generated.value() != null) {
            Message again = type.codec().serialize(generated.value());
            assertThat(type.generatedAnswer(MemorySegment.ofArray(again.bytes()), again.handles()).value())
                    .isEqualTo(generated.value());
        }
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Long> values = Arbitraries.oneOf(Arbitraries.longs(),
                Arbitraries.of(0L, 1L, 7L, 8L, 16L, 24L, 0xFFL, 0xFFFF_FFFFL, 0xFFFF_FFF8L, -1L, 0x7FFF_FFFFL),
                Arbitraries.longs().between(0, 300));
        Arbitrary<Mutation> overwrite = Combinators.combine(Arbitraries.integers().between(0, 4095),
                Arbitraries.of(1, 4, 8), values).as((at, width, value) -> new Mutation(at, width, value, false));
        Arbitrary<Mutation> shift = Combinators.combine(Arbitraries.integers().between(0, 4095),
                Arbitraries.of(-32L, -24L, -16L, -8L, -1L, 1L, 8L, 16L)).as((at, delta) -> new Mutation(at, 8, delta, true));
        return Arbitraries.oneOf(overwrite, shift).list().ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<Integer> truncations() {
        return Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(1, 64).map(n -> 8 * n));
    }

    @Property(tries = 400)
    void kitchen_mutated_generatedAgreesWithValidator(@ForAll("kitchens") Kitchen v,
            @ForAll("mutations") List<Mutation> m, @ForAll("truncations") int cut) {
        agree(v.serialize(), m, cut, DecoderTypes.KITCHEN);
    }

    @Property(tries = 400)
    void strings_mutated_generatedAgreesWithValidator(@ForAll("texts") String s, @ForAll("nullableTexts") String ns,
            @ForAll("mutations") List<Mutation> m, @ForAll("truncations") int cut) {
        Strings v = Strings.newBuilder().setS(s).setNs(ns).build();
        agree(v.serialize(), m, cut, DecoderTypes.STRINGS);
    }

    @Property(tries = 400)
    void stringArray_mutated_generatedAgreesWithValidator(@ForAll("textLists") List<String> texts,
            @ForAll("mutations") List<Mutation> m, @ForAll("truncations") int cut) {
        StringArray v = StringArray.newBuilder().setV(texts).build();
        agree(v.serialize(), m, cut, DecoderTypes.STRING_ARRAY);
    }

    @Property(tries = 300)
    void nullableStringArray_mutated_generatedAgreesWithValidator(
            @ForAll("nullableTextLists") List<String> texts, @ForAll("mutations") List<Mutation> m,
            @ForAll("truncations") int cut) {
        NullableStringArray v = NullableStringArray.newBuilder().setV(texts).build();
        agree(v.serialize(), m, cut, DecoderTypes.NULLABLE_STRING_ARRAY);
    }

    @Property(tries = 300)
    void withUnion_mutated_generatedAgreesWithValidator(@ForAll("withUnions") WithUnion v,
            @ForAll("mutations") List<Mutation> m, @ForAll("truncations") int cut) {
        agree(v.serialize(), m, cut, DecoderTypes.WITH_UNION);
    }

    @Property(tries = 200)
    void unionArray_mutated_generatedAgreesWithValidator(@ForAll("unionArrays") UnionArray v,
            @ForAll("mutations") List<Mutation> m, @ForAll("truncations") int cut) {
        agree(v.serialize(), m, cut, DecoderTypes.UNION_ARRAY);
    }

    @Property(tries = 300)
    void maps_mutated_generatedAgreesWithValidator(@ForAll("maps") Maps v, @ForAll("mutations") List<Mutation> m,
            @ForAll("truncations") int cut) {
        agree(v.serialize(), m, cut, DecoderTypes.MAPS);
    }

    @Property(tries = 200)
    void mapOfArrays_mutated_generatedAgreesWithValidator(@ForAll("mapOfArrays") MapOfArrays v,
            @ForAll("mutations") List<Mutation> m, @ForAll("truncations") int cut) {
        agree(v.serialize(), m, cut, DecoderTypes.MAP_OF_ARRAYS);
    }

    @Property(tries = 200)
    void nullableValueMap_mutated_generatedAgreesWithValidator(@ForAll("nullableValueMaps") NullableValueMap v,
            @ForAll("mutations") List<Mutation> m, @ForAll("truncations") int cut) {
        agree(v.serialize(), m, cut, DecoderTypes.NULLABLE_VALUE_MAP);
    }

    @Property(tries = 200)
    void arrayOfArrays_mutated_generatedAgreesWithValidator(@ForAll("arrayOfArrays") ArrayOfArrays v,
            @ForAll("mutations") List<Mutation> m, @ForAll("truncations") int cut) {
        agree(v.serialize(), m, cut, DecoderTypes.ARRAY_OF_ARRAYS);
    }

    @Property(tries = 200)
    void fixedArrays_mutated_generatedAgreesWithValidator(@ForAll("fixedArrays") FixedArrays v,
            @ForAll("mutations") List<Mutation> m, @ForAll("truncations") int cut) {
        agree(v.serialize(), m, cut, DecoderTypes.FIXED_ARRAYS);
    }

    @Property(tries = 300)
    void tree_mutated_generatedAgreesWithValidator(@ForAll("trees") Tree v, @ForAll("mutations") List<Mutation> m,
            @ForAll("truncations") int cut) {
        agree(v.serialize(), m, cut, DecoderTypes.TREE);
    }

    @Property(tries = 200)
    void versioned_mutated_generatedAgreesWithValidator(@ForAll("versioned") Versioned v,
            @ForAll("mutations") List<Mutation> m, @ForAll("truncations") int cut) {
        agree(v.serialize(), m, cut, DecoderTypes.VERSIONED);
    }

    @Property(tries = 200)
    void handles_mutated_generatedAgreesWithValidator(@ForAll boolean h, @ForAll boolean pipe, @ForAll int x,
            @ForAll("mutations") List<Mutation> m, @ForAll("truncations") int cut) {
        Handles v = Handles.newBuilder().setH(h ? new LabelHandle("h") : null)
                .setPipe(pipe ? new LabelHandle("pipe") : null).setX(x).setBuffer(new LabelHandle("buf")).build();
        agree(v.serialize(), m, cut, DecoderTypes.HANDLES);
    }

    @Provide
    Arbitrary<String> texts() {
        return text();
    }

    @Provide
    Arbitrary<String> nullableTexts() {
        return text().injectNull(0.2);
    }

    @Provide
    Arbitrary<List<String>> textLists() {
        return text().list().ofMaxSize(5);
    }

    @Provide
    Arbitrary<List<String>> nullableTextLists() {
        return text().injectNull(0.2).list().ofMaxSize(5);
    }
}

package org.jmojo.conformance.generated;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import jmojo.golden.ArrayOfArrays;
import jmojo.golden.FixedArrays;
import jmojo.golden.Kitchen;
import jmojo.golden.MapOfArrays;
import jmojo.golden.Maps;
import jmojo.golden.NullableStringArray;
import jmojo.golden.NullableValueMap;
import jmojo.golden.Strings;
import jmojo.golden.Tree;
import jmojo.golden.UnionArray;
import jmojo.golden.Versioned;
import jmojo.golden.WithUnion;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jmojo.bindings.runtime.Codecs;
import org.jmojo.bindings.runtime.StructCodec;

/**
 * The generated codecs' {@code encodedSize}, which sizes the encoder's one buffer: exactly the length of
 * the encoding when every string is ASCII, and never more than it otherwise.
 */
class EncodedSizePropertiesTest extends GeneratedValueArbitraries {

    /**
     * An encoding without a byte of 0x80 or more holds only ASCII strings, so the size must be
     * exact; any other encoding may have longer UTF-8 than the ASCII count.
     */
    private static <T> void check(T value, Class<T> type) {
        StructCodec<T> codec = Codecs.struct(type);
        check(codec.encodedSize(value), codec.serialize(value).bytes());
    }

    private static <T> long size(T value, Class<T> type) {
        return Codecs.struct(type).encodedSize(value);
    }

    private static void check(long encodedSize, byte[] bytes) {
        boolean ascii = true;
        for (byte b : bytes) {
            ascii &= b >= 0;
        }
        if (ascii) {
            assertThat(encodedSize).isEqualTo(bytes.length);
        } else {
            assertThat(encodedSize).isLessThanOrEqualTo(bytes.length);
        }
    }

    @Provide
    Arbitrary<String> ascii() {
        return Arbitraries.strings().ascii().ofMaxLength(30);
    }

    @Property(tries = 200)
    void strings_asciiText_sizeExact(@ForAll("ascii") String s, @ForAll("ascii") String ns, @ForAll boolean nullNs) {
        Strings v = Strings.newBuilder().setS(s).setNs(nullNs ? null : ns).build();
        assertThat(size(v, Strings.class)).isEqualTo(v.serialize().bytes().length);
    }

    @Property(tries = 200)
    void nullableStringArray_asciiText_sizeExact(@ForAll("asciiLists") List<String> texts) {
        NullableStringArray v = NullableStringArray.newBuilder().setV(texts).build();
        assertThat(size(v, NullableStringArray.class)).isEqualTo(v.serialize().bytes().length);
    }

    @Provide
    Arbitrary<List<String>> asciiLists() {
        return ascii().injectNull(0.2).list().ofMaxSize(6);
    }

    @Property(tries = 100)
    void kitchen_anyValue_sizeExactOrLowerBound(@ForAll("kitchens") Kitchen v) {
        check(v, Kitchen.class);
    }

    @Property(tries = 100)
    void withUnion_anyValue_sizeExactOrLowerBound(@ForAll("withUnions") WithUnion v) {
        check(v, WithUnion.class);
    }

    @Property(tries = 100)
    void unionArray_anyValue_sizeExactOrLowerBound(@ForAll("unionArrays") UnionArray v) {
        check(v, UnionArray.class);
    }

    @Property(tries = 100)
    void maps_anyValue_sizeExactOrLowerBound(@ForAll("maps") Maps v) {
        check(v, Maps.class);
    }

    @Property(tries = 100)
    void mapOfArrays_anyValue_sizeExactOrLowerBound(@ForAll("mapOfArrays") MapOfArrays v) {
        check(v, MapOfArrays.class);
    }

    @Property(tries = 100)
    void nullableValueMap_anyValue_sizeExactOrLowerBound(@ForAll("nullableValueMaps") NullableValueMap v) {
        check(v, NullableValueMap.class);
    }

    @Property(tries = 100)
    void arrayOfArrays_anyValue_sizeExactOrLowerBound(@ForAll("arrayOfArrays") ArrayOfArrays v) {
        check(v, ArrayOfArrays.class);
    }

    @Property(tries = 100)
    void fixedArrays_anyValue_sizeExactOrLowerBound(@ForAll("fixedArrays") FixedArrays v) {
        check(v, FixedArrays.class);
    }

    @Property(tries = 100)
    void tree_anyValue_sizeExact(@ForAll("trees") Tree v) {
        assertThat(size(v, Tree.class)).isEqualTo(v.serialize().bytes().length);
    }

    @Property(tries = 100)
    void versioned_anyValue_sizeExactOrLowerBound(@ForAll("versioned") Versioned v) {
        check(v, Versioned.class);
    }
}

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

/**
 * The generated {@code encodedSize()}, which sizes the encoder's one buffer: exactly the length of
 * the encoding when every string is ASCII, and never more than it otherwise.
 */
class EncodedSizePropertiesTest extends GeneratedValueArbitraries {

    /**
     * An encoding without a byte of 0x80 or more holds only ASCII strings, so the size must be
     * exact; any other encoding may have longer UTF-8 than the ASCII count.
     */
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
        Strings v = new Strings().setS(s).setNs(nullNs ? null : ns);
        assertThat(v.encodedSize()).isEqualTo(v.serialize().bytes().length);
    }

    @Property(tries = 200)
    void nullableStringArray_asciiText_sizeExact(@ForAll("asciiLists") List<String> texts) {
        NullableStringArray v = new NullableStringArray().setV(texts);
        assertThat(v.encodedSize()).isEqualTo(v.serialize().bytes().length);
    }

    @Provide
    Arbitrary<List<String>> asciiLists() {
        return ascii().injectNull(0.2).list().ofMaxSize(6);
    }

    @Property(tries = 100)
    void kitchen_anyValue_sizeExactOrLowerBound(@ForAll("kitchens") Kitchen v) {
        check(v.encodedSize(), v.serialize().bytes());
    }

    @Property(tries = 100)
    void withUnion_anyValue_sizeExactOrLowerBound(@ForAll("withUnions") WithUnion v) {
        check(v.encodedSize(), v.serialize().bytes());
    }

    @Property(tries = 100)
    void unionArray_anyValue_sizeExactOrLowerBound(@ForAll("unionArrays") UnionArray v) {
        check(v.encodedSize(), v.serialize().bytes());
    }

    @Property(tries = 100)
    void maps_anyValue_sizeExactOrLowerBound(@ForAll("maps") Maps v) {
        check(v.encodedSize(), v.serialize().bytes());
    }

    @Property(tries = 100)
    void mapOfArrays_anyValue_sizeExactOrLowerBound(@ForAll("mapOfArrays") MapOfArrays v) {
        check(v.encodedSize(), v.serialize().bytes());
    }

    @Property(tries = 100)
    void nullableValueMap_anyValue_sizeExactOrLowerBound(@ForAll("nullableValueMaps") NullableValueMap v) {
        check(v.encodedSize(), v.serialize().bytes());
    }

    @Property(tries = 100)
    void arrayOfArrays_anyValue_sizeExactOrLowerBound(@ForAll("arrayOfArrays") ArrayOfArrays v) {
        check(v.encodedSize(), v.serialize().bytes());
    }

    @Property(tries = 100)
    void fixedArrays_anyValue_sizeExactOrLowerBound(@ForAll("fixedArrays") FixedArrays v) {
        check(v.encodedSize(), v.serialize().bytes());
    }

    @Property(tries = 100)
    void tree_anyValue_sizeExact(@ForAll("trees") Tree v) {
        assertThat(v.encodedSize()).isEqualTo(v.serialize().bytes().length);
    }

    @Property(tries = 100)
    void versioned_anyValue_sizeExactOrLowerBound(@ForAll("versioned") Versioned v) {
        check(v.encodedSize(), v.serialize().bytes());
    }
}

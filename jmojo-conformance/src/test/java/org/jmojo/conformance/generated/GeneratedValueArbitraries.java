package org.jmojo.conformance.generated;

import java.util.List;
import java.util.function.Function;
import jmojo.golden.ArrayOfArrays;
import jmojo.golden.Color;
import jmojo.golden.FixedArrays;
import jmojo.golden.Inner;
import jmojo.golden.Kitchen;
import jmojo.golden.MapOfArrays;
import jmojo.golden.Maps;
import jmojo.golden.NullableValueMap;
import jmojo.golden.Point;
import jmojo.golden.Tree;
import jmojo.golden.UnionArray;
import jmojo.golden.Value;
import jmojo.golden.Versioned;
import jmojo.golden.WithUnion;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Provide;
import org.jmojo.bindings.BooleanList;
import org.jmojo.bindings.Bytes;
import org.jmojo.bindings.IntList;

/**
 * Random values of the generated golden types, made with the generated builders and union records,
 * shared by the property tests that extend it (jqwik finds the {@code @Provide} methods of a
 * superclass by name): every such test draws from the same generators, so a layout one of them
 * reaches, the others reach too.
 */
abstract class GeneratedValueArbitraries {

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
                .as((x, y) -> Point.newBuilder().setX(x).setY(y).build());
    }

    static Arbitrary<Float> anyFloat() {
        return Arbitraries.integers().map(Float::intBitsToFloat);
    }

    static Arbitrary<Double> anyDouble() {
        return Arbitraries.longs().map(Double::longBitsToDouble);
    }

    static Arbitrary<Inner> inner() {
        return Arbitraries.oneOf(Arbitraries.integers().map(Inner.Num::new), text().map(Inner.Text::new));
    }

    static Arbitrary<IntList> intList(int maxSize) {
        return Arbitraries.integers().list().ofMaxSize(maxSize).map(IntList::copyOf);
    }

    static Arbitrary<Value> value() {
        return Arbitraries.oneOf(List.of(
                Arbitraries.of(true, false).map(Value.Flag::new),
                Arbitraries.bytes().map(Value.I8::new),
                Arbitraries.shorts().map(Value.U16::new),
                Arbitraries.integers().map(Value.I32::new),
                Arbitraries.longs().map(Value.I64::new),
                anyFloat().map(Value.F::new),
                anyDouble().map(Value.D::new),
                color().map(Value.Color::new),
                text().map(Value.Text::new),
                point().map(Value.Point::new),
                intList(5).map(Value.Ints::new),
                Arbitraries.maps(text(), Arbitraries.integers()).ofMaxSize(4).map(Value.Dict::new),
                inner().map(Value.Inner::new),
                inner().injectNull(0.5).map(Value.MaybeInner::new),
                point().injectNull(0.5).map(Value.MaybePoint::new)));
    }

    static Arbitrary<Tree> tree(int depth) {
        Arbitrary<Tree> leaf = Arbitraries.integers().map(v -> Tree.newBuilder().setValue(v).build());
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Tree> child = tree(depth - 1).injectNull(0.4);
        return Combinators.combine(Arbitraries.integers(), child, child)
                .as((v, l, r) -> Tree.newBuilder().setValue(v).setLeft(l).setRight(r).build());
    }

    @Provide
    Arbitrary<Kitchen> kitchens() {
        return Combinators.combine(
                Combinators.combine(Arbitraries.bytes(), anyDouble(), Arbitraries.of(true, false),
                        Arbitraries.shorts(), text(), Arbitraries.of(true, false), Arbitraries.integers())
                        .as((a, b, c, d, e, f, g) -> Kitchen.newBuilder().setA(a).setB(b).setC(c).setD(d).setE(e)
                                .setF(f).setG(g)),
                Combinators.combine(Arbitraries.bytes(), color(), Arbitraries.of(true, false), anyFloat(),
                        Arbitraries.longs(), Arbitraries.shorts(), Arbitraries.of(true, false))
                        .as((h, i, j, k, l, m, n) -> (Function<Kitchen.Builder, Kitchen>) b -> b.setH(h).setI(i)
                                .setJ(j).setK(k).setL(l).setM(m).setN(n).build()))
                .as((first, rest) -> rest.apply(first));
    }

    @Provide
    Arbitrary<WithUnion> withUnions() {
        return Combinators.combine(value(), value().injectNull(0.3), Arbitraries.integers())
                .as((v, nv, after) -> WithUnion.newBuilder().setV(v).setNv(nv).setAfter(after).build());
    }

    @Provide
    Arbitrary<UnionArray> unionArrays() {
        return value().list().ofMaxSize(6).map(l -> UnionArray.newBuilder().setV(l).build());
    }

    @Provide
    Arbitrary<Maps> maps() {
        return Combinators.combine(
                        Arbitraries.maps(text(), Arbitraries.integers()).ofMaxSize(5),
                        Arbitraries.maps(Arbitraries.integers(), point()).ofMaxSize(5),
                        Arbitraries.maps(color(), text()).ofMaxSize(4))
                .as((s2i, i2p, e2s) -> Maps.newBuilder().setS2i(s2i).setI2p(i2p).setE2s(e2s).build());
    }

    @Provide
    Arbitrary<MapOfArrays> mapOfArrays() {
        return Arbitraries.maps(Arbitraries.bytes(), text().list().ofMaxSize(3)).ofMaxSize(5)
                .map(m -> MapOfArrays.newBuilder().setM(m).build());
    }

    @Provide
    Arbitrary<NullableValueMap> nullableValueMaps() {
        return Arbitraries.maps(text(), point().injectNull(0.4)).ofMaxSize(5)
                .map(m -> NullableValueMap.newBuilder().setM(m).build());
    }

    @Provide
    Arbitrary<ArrayOfArrays> arrayOfArrays() {
        return Combinators.combine(
                        intList(4).list().ofMaxSize(4),
                        Arbitraries.of(true, false).list().ofMaxSize(19).map(BooleanList::copyOf).list().ofMaxSize(4),
                        text().list().ofMaxSize(3).injectNull(0.3).list().ofMaxSize(4))
                .as((ints, bools, strs) -> ArrayOfArrays.newBuilder().setInts(ints).setBools(bools).setStrs(strs)
                        .build());
    }

    @Provide
    Arbitrary<FixedArrays> fixedArrays() {
        return Combinators.combine(
                        Arbitraries.integers().list().ofSize(3),
                        Arbitraries.of(true, false).list().ofSize(10),
                        text().list().ofSize(2),
                        Arbitraries.bytes().array(byte[].class).ofSize(5).map(Bytes::copyOf).injectNull(0.3))
                .as((ints, bools, strs, bytes) -> FixedArrays.newBuilder().setInts(ints).setBools(bools).setStrs(strs)
                        .setBytes(bytes).build());
    }

    @Provide
    Arbitrary<Tree> trees() {
        return tree(4);
    }

    @Provide
    Arbitrary<Versioned> versioned() {
        return Combinators.combine(Arbitraries.integers(), Arbitraries.of(true, false), text().injectNull(0.3),
                        Arbitraries.longs(), Arbitraries.shorts())
                .as((a, b, s, c, d) -> Versioned.newBuilder().setA(a).setB(b).setS(s).setC(c).setD(d).build());
    }
}

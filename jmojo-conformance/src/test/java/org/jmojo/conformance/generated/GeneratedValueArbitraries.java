package org.jmojo.conformance.generated;

import java.util.List;
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

/**
 * Random values of the generated golden types, shared by the property tests that extend it (jqwik finds
 * the {@code @Provide} methods of a superclass by name): every such test draws from the same
 * generators, so a layout one of them reaches, the others reach too.
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

    @Provide
    Arbitrary<WithUnion> withUnions() {
        return Combinators.combine(value(), value().injectNull(0.3), Arbitraries.integers())
                .as((v, nv, after) -> new WithUnion().setV(v).setNv(nv).setAfter(after));
    }

    @Provide
    Arbitrary<UnionArray> unionArrays() {
        return value().list().ofMaxSize(6).map(l -> new UnionArray().setV(l));
    }

    @Provide
    Arbitrary<Maps> maps() {
        return Combinators.combine(
                        Arbitraries.maps(text(), Arbitraries.integers()).ofMaxSize(5),
                        Arbitraries.maps(Arbitraries.integers(), point()).ofMaxSize(5),
                        Arbitraries.maps(color(), text()).ofMaxSize(4))
                .as((s2i, i2p, e2s) -> new Maps().setS2i(s2i).setI2p(i2p).setE2s(e2s));
    }

    @Provide
    Arbitrary<MapOfArrays> mapOfArrays() {
        return Arbitraries.maps(Arbitraries.bytes(), text().list().ofMaxSize(3)).ofMaxSize(5)
                .map(m -> new MapOfArrays().setM(m));
    }

    @Provide
    Arbitrary<NullableValueMap> nullableValueMaps() {
        return Arbitraries.maps(text(), point().injectNull(0.4)).ofMaxSize(5).map(m -> new NullableValueMap().setM(m));
    }

    @Provide
    Arbitrary<ArrayOfArrays> arrayOfArrays() {
        return Combinators.combine(
                        Arbitraries.integers().list().ofMaxSize(4).list().ofMaxSize(4),
                        Arbitraries.of(true, false).list().ofMaxSize(19).list().ofMaxSize(4),
                        text().list().ofMaxSize(3).injectNull(0.3).list().ofMaxSize(4))
                .as((ints, bools, strs) -> new ArrayOfArrays().setInts(ints).setBools(bools).setStrs(strs));
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

    @Provide
    Arbitrary<Tree> trees() {
        return tree(4);
    }

    @Provide
    Arbitrary<Versioned> versioned() {
        return Combinators.combine(Arbitraries.integers(), Arbitraries.of(true, false), text().injectNull(0.3),
                        Arbitraries.longs(), Arbitraries.shorts())
                .as((a, b, s, c, d) -> new Versioned().setA(a).setB(b).setS(s).setC(c).setD(d));
    }
}

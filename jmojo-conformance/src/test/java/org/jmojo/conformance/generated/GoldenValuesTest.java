package org.jmojo.conformance.generated;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jmojo.golden.BoolArray;
import jmojo.golden.Calc;
import jmojo.golden.Color;
import jmojo.golden.Defaults;
import jmojo.golden.Enums;
import jmojo.golden.Ext;
import jmojo.golden.ExtHolder;
import jmojo.golden.HandleOrder;
import jmojo.golden.HandleUnion;
import jmojo.golden.Inner;
import jmojo.golden.Ints;
import jmojo.golden.Kitchen;
import jmojo.golden.Line;
import jmojo.golden.Maps;
import jmojo.golden.OrdUnion;
import jmojo.golden.OrdUnionHolder;
import jmojo.golden.Point;
import jmojo.golden.Shape;
import jmojo.golden.Tree;
import jmojo.golden.Value;
import jmojo.golden.Versioned;
import jmojo.golden.WithUnion;
import org.jmojo.bindings.ValidationException;
import org.jmojo.bindings.runtime.MessageBuilder;
import org.jmojo.bindings.runtime.MessageHeader;
import org.jmojo.bindings.runtime.ValueCodec;
import org.junit.jupiter.api.Test;

/**
 * Values written in Java with the generated API encode to exactly the golden bytes (and handle
 * order), and the golden bytes deserialize (validate + decode) to those values: a representative
 * subset of the corpus covering packing, bools, integer extremes, enums, arrays, nested and
 * recursive structs, unions inline and out of line, extensible unions, maps, versions, defaults,
 * handle order and method parameter structs.
 */
class GoldenValuesTest {

    private static void assertGolden(String caseName, Object value, ValueCodec.Encoded encoded) throws Exception {
        assertThat(encoded.bytes()).as(caseName).isEqualTo(Golden.hex(caseName).bytes());
        assertThat(Golden.labels(encoded.handles())).as(caseName + " handles").isEqualTo(Golden.hex(caseName).handles());
    }

    @Test
    void kitchen_packedMixedWidths_goldenBytes() throws Exception {
        Kitchen k = new Kitchen().setA((byte) 1).setB(2.0).setC(true).setD((short) -3).setE("e").setF(true).setG(4)
                .setH((byte) -5).setI(Color.WHITE).setJ(true).setK(6.5f).setL(7).setM((short) 8).setN(true);
        assertGolden("014-kitchen", k, k.serialize());
        assertThat(Kitchen.deserialize(Golden.bytes("014-kitchen"), List.of())).isEqualTo(k);
    }

    @Test
    void ints_extremes_unsignedKeepBits() throws Exception {
        Ints v = new Ints().setI8(Byte.MAX_VALUE).setU8((byte) 0xFF).setI16(Short.MAX_VALUE).setU16((short) 0xFFFF)
                .setI32(Integer.MAX_VALUE).setU32(0xFFFF_FFFF).setI64(Long.MAX_VALUE).setU64(-1L);
        assertGolden("016-ints-max", v, v.serialize());
        assertThat(Ints.deserialize(Golden.bytes("016-ints-max"), List.of())).isEqualTo(v);
    }

    @Test
    void enums_negativeAndExtensible_goldenBytes() throws Exception {
        Enums v = new Enums().setColor(Color.GREEN).setShape(Shape.SQUARE).setSmall((byte) -1).setColor2(Color.BLUE);
        assertGolden("025-enums-basic", v, v.serialize());
        Enums decoded = Enums.deserialize(Golden.bytes("025-enums-basic"), List.of());
        assertThat(decoded).isEqualTo(v);
        assertThat(decoded.getColor2().value()).isEqualTo(-3);
    }

    @Test
    void boolArray_twelveBits_goldenBytes() throws Exception {
        BoolArray v = new BoolArray().setV(List.of(true, false, true, false, true, false, true, false, true, true,
                true, true));
        assertGolden("034-bool-array-12", v, v.serialize());
        assertThat(BoolArray.deserialize(Golden.bytes("034-bool-array-12"), List.of())).isEqualTo(v);
    }

    @Test
    void line_nullableStructAndString_goldenBytes() throws Exception {
        Line v = new Line().setA(new Point().setX(1).setY(2));
        assertGolden("058-line-null-b", v, v.serialize());
        assertThat(Line.deserialize(Golden.bytes("058-line-null-b"), List.of())).isEqualTo(v);
    }

    @Test
    void tree_recursive_depthFirstOrder() throws Exception {
        Tree v = new Tree().setValue(1)
                .setLeft(new Tree().setValue(2).setLeft(new Tree().setValue(4)))
                .setRight(new Tree().setValue(3));
        assertGolden("061-tree-depth2", v, v.serialize());
        assertThat(Tree.deserialize(Golden.bytes("061-tree-depth2"), List.of())).isEqualTo(v);
    }

    @Test
    void withUnion_unionInsideUnion_outOfLine() throws Exception {
        WithUnion v = new WithUnion().setV(Value.ofInner(Inner.ofNum(42)))
                .setNv(Value.ofInner(Inner.ofText("deep")));
        assertGolden("076-union-in-union", v, v.serialize());
        WithUnion decoded = WithUnion.deserialize(Golden.bytes("076-union-in-union"), List.of());
        assertThat(decoded).isEqualTo(v);
        assertThat(decoded.getNv().getInner().getText()).isEqualTo("deep");
    }

    @Test
    void extHolder_extensibleUnionDefault_goldenBytes() throws Exception {
        ExtHolder v = new ExtHolder().setE(Ext.ofUnknown(0));
        assertGolden("080-ext-union-default", v, v.serialize());
        assertThat(ExtHolder.deserialize(Golden.bytes("080-ext-union-default"), List.of())).isEqualTo(v);
    }

    @Test
    void maps_keysWrittenInAscendingOrder() throws Exception {
        Map<Color, String> e2s = new LinkedHashMap<>();
        e2s.put(Color.GREEN, "g");
        e2s.put(Color.RED, "r");
        e2s.put(Color.BLUE, "b");
        Map<Integer, Point> i2p = new LinkedHashMap<>();
        i2p.put(7, new Point().setX(2).setY(3));
        i2p.put(-1, new Point().setX(1).setY(1));
        Maps v = new Maps().setS2i(Map.of("two", 2, "one", 1)).setI2p(i2p).setE2s(e2s);
        assertGolden("086-maps-full", v, v.serialize());
        Maps decoded = Maps.deserialize(Golden.bytes("086-maps-full"), List.of());
        assertThat(decoded).isEqualTo(v);
        assertThat(decoded.getE2s().keySet()).containsExactly(Color.BLUE, Color.RED, Color.GREEN);
    }

    @Test
    void versioned_unsetNewerFields_writtenAsDefaults() throws Exception {
        Versioned v = new Versioned().setA(1);
        assertGolden("091-versioned-defaults", v, v.serialize());
        assertThat(Versioned.deserialize(Golden.bytes("091-versioned-defaults"), List.of())).isEqualTo(v);
    }

    @Test
    void defaults_newStruct_declaredDefaults() throws Exception {
        Defaults v = new Defaults();
        assertThat(v.getA()).isEqualTo(42);
        assertThat(v.getS()).isEqualTo("hi");
        assertThat(v.getColor()).isEqualTo(Color.GREEN);
        assertThat(v.getUbig()).isEqualTo(-1L);
        assertGolden("095-defaults-all-default", v, v.serialize());
        assertThat(Defaults.deserialize(Golden.bytes("095-defaults-all-default"), List.of())).isEqualTo(v);
    }

    @Test
    void handleOrder_unionHandleFirst_ordinalOrder() throws Exception {
        LabelHandle pipe = new LabelHandle("u_pipe");
        LabelHandle h = new LabelHandle("h");
        HandleOrder v = new HandleOrder().setA(1).setU(HandleUnion.ofPipe(pipe)).setH(h);
        ValueCodec.Encoded encoded = v.serialize();
        assertGolden("106-handle-order-union-first", v, encoded);
        assertThat(encoded.handles()).containsExactly(pipe, h);
        assertThat(HandleOrder.deserialize(Golden.bytes("106-handle-order-union-first"), List.of(pipe, h)))
                .isEqualTo(v);
    }

    @Test
    void ordUnion_tagIsDeclarationPosition() throws Exception {
        OrdUnionHolder v = new OrdUnionHolder().setU(OrdUnion.ofFirst(5));
        assertGolden("111-ord-union-first", v, v.serialize());
        assertThat(OrdUnion.Tag.FIRST.ordinal()).isZero();
    }

    @Test
    void calcEchoRequest_paramsStruct_goldenMessage() throws Exception {
        Calc.EchoParams params = new Calc.EchoParams().setText("ping").setData(List.of((byte) 1, (byte) 2, (byte) 3));
        byte[] message = MessageBuilder.build(0, Calc.ECHO_ORDINAL, MessageHeader.FLAG_EXPECTS_RESPONSE, 9,
                params.serialize().bytes(), List.of());
        assertThat(message).isEqualTo(Golden.hex("122-calc-echo-request").bytes());
        MemorySegment golden = Golden.bytes("122-calc-echo-request");
        MessageHeader header = org.jmojo.bindings.runtime.Validator.validateIncomingRequest(golden, 0, Calc.SCHEMA);
        assertThat(Calc.EchoParams.decode(new org.jmojo.bindings.runtime.Decoder(golden), header.payloadOffset(),
                List.of(), List.of())).isEqualTo(params);
    }

    @Test
    void deserialize_readOnlyAndNativeSegments_sameValue() throws Exception {
        Kitchen expected = Kitchen.deserialize(Golden.bytes("014-kitchen"), List.of());
        assertThat(Kitchen.deserialize(Golden.bytes("014-kitchen").asReadOnly(), List.of())).isEqualTo(expected);
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment offHeap = arena.allocate(Golden.bytes("014-kitchen").byteSize(), 8);
            offHeap.copyFrom(Golden.bytes("014-kitchen"));
            assertThat(Kitchen.deserialize(offHeap, List.of())).isEqualTo(expected);
        }
        assertThat(expected.getE()).isEqualTo("e");
    }

    @Test
    void deserialize_corruptedGolden_validationException() {
        byte[] bytes = Golden.hex("058-line-null-b").bytes();
        bytes[8] = 0; // the non-nullable pointer to Point becomes null
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Line.deserialize(MemorySegment.ofArray(bytes),
                        List.of()))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("UNEXPECTED_NULL_POINTER");
        assertThat(bytes.length).isEqualTo(Golden.bytes("058-line-null-b").toArray(ValueLayout.JAVA_BYTE).length);
    }
}

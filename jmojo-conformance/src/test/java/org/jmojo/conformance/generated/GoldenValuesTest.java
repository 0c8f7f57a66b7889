package org.jmojo.conformance.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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
import jmojo.golden.Uint8Array;
import jmojo.golden.Value;
import jmojo.golden.Versioned;
import jmojo.golden.WithUnion;
import org.jmojo.bindings.BooleanList;
import org.jmojo.bindings.Bytes;
import org.jmojo.bindings.ValidationException;
import org.jmojo.bindings.runtime.Codecs;
import org.jmojo.bindings.runtime.MessageBuilder;
import org.jmojo.bindings.runtime.MessageHeader;
import org.jmojo.bindings.runtime.Validator;
import org.jmojo.system.Message;
import org.junit.jupiter.api.Test;

/**
 * Values written in Java with the generated API encode to exactly the golden bytes (and handle
 * order), and the golden bytes deserialize (validate + decode) to those values: a representative
 * subset of the corpus covering packing, bools, integer extremes, enums, arrays, nested and
 * recursive structs, unions inline and out of line, extensible unions, maps, versions, defaults,
 * handle order and method parameter structs.
 */
class GoldenValuesTest {

    private static void assertGolden(String caseName, Message encoded) {
        assertThat(encoded.bytes()).as(caseName).isEqualTo(Golden.hex(caseName).bytes());
        assertThat(LabelHandle.labels(encoded.handles())).as(caseName + " handles")
                .isEqualTo(Golden.hex(caseName).handles());
    }

    private static Point point(int x, int y) {
        return Point.newBuilder().setX(x).setY(y).build();
    }

    @Test
    void kitchen_packedMixedWidths_goldenBytes() throws Exception {
        Kitchen k = Kitchen.newBuilder().setA((byte) 1).setB(2.0).setC(true).setD((short) -3).setE("e").setF(true)
                .setG(4).setH((byte) -5).setI(Color.WHITE).setJ(true).setK(6.5f).setL(7).setM((short) 8).setN(true)
                .build();
        assertGolden("014-kitchen", k.serialize());
        assertThat(Kitchen.deserialize(Golden.hex("014-kitchen").bytes())).isEqualTo(k);
    }

    @Test
    void ints_extremes_unsignedKeepBits() throws Exception {
        Ints v = Ints.newBuilder().setI8(Byte.MAX_VALUE).setU8((byte) 0xFF).setI16(Short.MAX_VALUE)
                .setU16((short) 0xFFFF).setI32(Integer.MAX_VALUE).setU32(0xFFFF_FFFF).setI64(Long.MAX_VALUE).setU64(-1L)
                .build();
        assertGolden("016-ints-max", v.serialize());
        assertThat(Ints.deserialize(Golden.hex("016-ints-max").bytes())).isEqualTo(v);
    }

    @Test
    void enums_negativeAndExtensible_goldenBytes() throws Exception {
        Enums v = Enums.newBuilder().setColor(Color.GREEN).setShape(Shape.SQUARE).setSmall((byte) -1)
                .setColor2(Color.BLUE).build();
        assertGolden("025-enums-basic", v.serialize());
        Enums decoded = Enums.deserialize(Golden.hex("025-enums-basic").bytes());
        assertThat(decoded).isEqualTo(v);
        assertThat(decoded.getColor2().value()).isEqualTo(-3);
        assertThat(decoded.getShape()).isSameAs(Shape.SQUARE);
        assertThat(decoded.getShapeValue()).isEqualTo(10);
    }

    @Test
    void extensibleEnum_undeclaredValue_keptThroughDecodeAndReencode() throws Exception {
        Enums v = Enums.newBuilder().setShapeValue(77).build();
        assertThat(v.getShape()).isSameAs(Shape.UNRECOGNIZED);
        Enums decoded = Enums.deserialize(v.serialize());
        assertThat(decoded.getShape()).isSameAs(Shape.UNRECOGNIZED);
        assertThat(decoded.getShapeValue()).isEqualTo(77);
        assertThat(decoded.serialize().bytes()).isEqualTo(v.serialize().bytes());
        assertThat(decoded).isEqualTo(v).isNotEqualTo(Enums.newBuilder().setShapeValue(78).build());
        assertThatThrownBy(() -> Enums.newBuilder().setShape(Shape.UNRECOGNIZED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Enums.shape");
        assertThatThrownBy(Shape.UNRECOGNIZED::value).isInstanceOf(IllegalStateException.class);
        assertThat(Shape.of(77)).isSameAs(Shape.UNRECOGNIZED);
        assertThat(Shape.of(10)).isSameAs(Shape.SQUARE);
    }

    @Test
    void boolArray_twelveBits_goldenBytes() throws Exception {
        BoolArray v = BoolArray.newBuilder().setV(List.of(true, false, true, false, true, false, true, false, true,
                true, true, true)).build();
        assertGolden("034-bool-array-12", v.serialize());
        BoolArray decoded = BoolArray.deserialize(Golden.hex("034-bool-array-12").bytes());
        assertThat(decoded).isEqualTo(v);
        assertThat(decoded.getV()).isInstanceOf(BooleanList.class);
        assertThat(decoded.getV().getBoolean(11)).isTrue();
    }

    @Test
    void uint8Array_bytes_copiedInAndOut() throws Exception {
        byte[] raw = {1, (byte) 0xFF, 3};
        Uint8Array v = Uint8Array.newBuilder().setV(Bytes.copyOf(raw)).build();
        raw[0] = 9;
        Uint8Array decoded = Uint8Array.deserialize(v.serialize());
        assertThat(decoded.getV().toByteArray()).containsExactly(1, 0xFF, 3);
        assertThat(decoded).isEqualTo(v).hasSameHashCodeAs(v);
    }

    @Test
    void line_nullableStructAndString_goldenBytes() throws Exception {
        Line v = Line.newBuilder().setA(point(1, 2)).build();
        assertGolden("058-line-null-b", v.serialize());
        assertThat(Line.deserialize(Golden.hex("058-line-null-b").bytes())).isEqualTo(v);
        assertThat(v.getB()).isNull();
        assertThat(v.getLabel()).isNull();
    }

    @Test
    void line_requiredStructNotSet_buildFailsNamingField() {
        assertThatThrownBy(() -> Line.newBuilder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Line.a is not set");
        assertThatThrownBy(() -> Line.newBuilder().setA(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("Line.a is not nullable");
    }

    @Test
    void tree_recursive_depthFirstOrder() throws Exception {
        Tree v = Tree.newBuilder().setValue(1)
                .setLeft(Tree.newBuilder().setValue(2).setLeft(Tree.newBuilder().setValue(4).build()).build())
                .setRight(Tree.newBuilder().setValue(3).build())
                .build();
        assertGolden("061-tree-depth2", v.serialize());
        assertThat(Tree.deserialize(Golden.hex("061-tree-depth2").bytes())).isEqualTo(v);
    }

    @Test
    void withUnion_unionInsideUnion_outOfLine() throws Exception {
        WithUnion v = WithUnion.newBuilder().setV(new Value.Inner(new Inner.Num(42)))
                .setNv(new Value.Inner(new Inner.Text("deep"))).build();
        assertGolden("076-union-in-union", v.serialize());
        WithUnion decoded = WithUnion.deserialize(Golden.hex("076-union-in-union").bytes());
        assertThat(decoded).isEqualTo(v);
        assertThat(decoded.getNv()).isEqualTo(new Value.Inner(new Inner.Text("deep")));
        if (decoded.getNv() instanceof Value.Inner(Inner.Text(String text))) {
            assertThat(text).isEqualTo("deep");
        } else {
            throw new AssertionError("not an inner text: " + decoded.getNv());
        }
    }

    @Test
    void extHolder_extensibleUnionDefault_goldenBytes() throws Exception {
        ExtHolder v = ExtHolder.newBuilder().setE(new Ext.Unknown(0)).build();
        assertGolden("080-ext-union-default", v.serialize());
        assertThat(ExtHolder.deserialize(Golden.hex("080-ext-union-default").bytes())).isEqualTo(v);
    }

    @Test
    void maps_keysWrittenInAscendingOrder() throws Exception {
        Map<Color, String> e2s = new LinkedHashMap<>();
        e2s.put(Color.GREEN, "g");
        e2s.put(Color.RED, "r");
        e2s.put(Color.BLUE, "b");
        Map<Integer, Point> i2p = new LinkedHashMap<>();
        i2p.put(7, point(2, 3));
        i2p.put(-1, point(1, 1));
        Maps v = Maps.newBuilder().setS2i(Map.of("two", 2, "one", 1)).setI2p(i2p).setE2s(e2s).build();
        e2s.clear();
        assertGolden("086-maps-full", v.serialize());
        Maps decoded = Maps.deserialize(Golden.hex("086-maps-full").bytes());
        assertThat(decoded).isEqualTo(v);
        assertThat(decoded.getE2s().keySet()).containsExactly(Color.BLUE, Color.RED, Color.GREEN);
        assertThatThrownBy(() -> decoded.getE2s().put(Color.RED, "x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void versioned_unsetNewerFields_writtenAsDefaults() throws Exception {
        Versioned v = Versioned.newBuilder().setA(1).build();
        assertGolden("091-versioned-defaults", v.serialize());
        assertThat(Versioned.deserialize(Golden.hex("091-versioned-defaults").bytes())).isEqualTo(v);
    }

    @Test
    void defaults_newStruct_declaredDefaults() throws Exception {
        Defaults v = Defaults.newBuilder().build();
        assertThat(v.getA()).isEqualTo(42);
        assertThat(v.getS()).isEqualTo("hi");
        assertThat(v.getColor()).isEqualTo(Color.GREEN);
        assertThat(v.getUbig()).isEqualTo(-1L);
        assertGolden("095-defaults-all-default", v.serialize());
        assertThat(Defaults.deserialize(Golden.hex("095-defaults-all-default").bytes())).isEqualTo(v);
    }

    @Test
    void handleOrder_unionHandleFirst_ordinalOrder() throws Exception {
        LabelHandle pipe = new LabelHandle("u_pipe");
        LabelHandle h = new LabelHandle("h");
        HandleOrder v = HandleOrder.newBuilder().setA(1).setU(new HandleUnion.Pipe(pipe)).setH(h).build();
        Message encoded = v.serialize();
        assertGolden("106-handle-order-union-first", encoded);
        assertThat(encoded.handles()).containsExactly(pipe, h);
        assertThat(HandleOrder.deserialize(new Message(Golden.hex("106-handle-order-union-first").bytes(), List.of(pipe, h))))
                .isEqualTo(v);
        assertThat(HandleOrder.deserialize(encoded)).isEqualTo(v);
    }

    @Test
    void ordUnion_tagIsDeclarationPosition() throws Exception {
        OrdUnionHolder v = OrdUnionHolder.newBuilder().setU(new OrdUnion.First(5)).build();
        assertGolden("111-ord-union-first", v.serialize());
        assertThat(OrdUnionHolder.deserialize(Golden.hex("111-ord-union-first").bytes()).getU())
                .isEqualTo(new OrdUnion.First(5));
    }

    @Test
    void calcEchoRequest_paramsStruct_goldenMessage() throws Exception {
        Calc.EchoParams params = Calc.EchoParams.newBuilder().setText("ping")
                .setData(Bytes.copyOf(new byte[] {1, 2, 3})).build();
        Message message = MessageBuilder.build(0, Calc.ECHO_ORDINAL, MessageHeader.FLAG_EXPECTS_RESPONSE, 9,
                Codecs.struct(Calc.EchoParams.class), params);
        assertThat(message.bytes()).isEqualTo(Golden.hex("122-calc-echo-request").bytes());
        MemorySegment golden = Golden.bytes("122-calc-echo-request");
        MessageHeader header = Validator.validateIncomingRequest(golden, 0, Calc.SCHEMA);
        assertThat(MessageBuilder.decodeParams(golden, header, List.of(), Codecs.struct(Calc.EchoParams.class)))
                .isEqualTo(params);
    }

    @Test
    void deserialize_readOnlyAndNativeSegments_sameValue() throws Exception {
        Kitchen expected = Kitchen.deserialize(Golden.hex("014-kitchen").bytes());
        assertThat(Kitchen.deserialize(Golden.bytes("014-kitchen").asReadOnly(), List.of())).isEqualTo(expected);
        try (Arena arena = Arena.ofConfined()) {
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
        assertThatThrownBy(() -> Line.deserialize(bytes))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("UNEXPECTED_NULL_POINTER");
    }
}

package org.jmojo.conformance.generated;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import jmojo.golden.Calc;
import jmojo.golden.Sink;
import org.jmojo.bindings.runtime.Decoder;
import org.jmojo.bindings.runtime.Encoder;
import org.jmojo.bindings.runtime.InterfaceSchema;
import org.jmojo.bindings.runtime.MessageBuilder;
import org.jmojo.bindings.runtime.MessageHeader;
import org.jmojo.bindings.runtime.StructSchema;
import org.jmojo.bindings.runtime.Validator;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every golden case through the classes generated from {@code golden.mojom}: the golden bytes pass
 * the validator with the generated schema (for messages: the generated interface schema), the
 * generated {@code decode} reads them, and the generated {@code encode} writes exactly the golden
 * bytes and attaches the handles in the golden order. {@link GoldenValuesTest} checks a
 * representative subset against values written in Java, so a decoder and encoder that agree on a
 * wrong reading cannot pass both.
 */
class GeneratedGoldenTest {

    @TestFactory
    List<DynamicTest> goldenCase_generatedDecodeThenEncode_goldenBytesAndHandles() {
        List<String> cases = Golden.caseNames();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(80);
        return cases.stream().map(name -> DynamicTest.dynamicTest(name + " re-encodes to its golden bytes",
                () -> checkCase(name))).toList();
    }

    private static void checkCase(String name) throws Exception {
        String type = Golden.type(name);
        MemorySegment bytes = Golden.bytes(name);
        List<Object> handles = Golden.handles(name);
        if (type.endsWith(" request") || type.endsWith(" response")) {
            checkMessage(name, type, bytes, handles);
            return;
        }
        Class<?> cls = Class.forName("jmojo.golden." + type);
        StructSchema schema = (StructSchema) cls.getField("SCHEMA").get(null);
        Validator.validateStruct(bytes, handles.size(), schema);
        Object value = decode(cls, bytes, 0, handles);
        Encoder encoder = new Encoder();
        cls.getMethod("encode", Encoder.class).invoke(value, encoder);
        assertThat(encoder.toByteArray()).as("bytes of %s", value).isEqualTo(bytes.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        assertThat(Golden.labels(encoder.handles())).isEqualTo(Golden.hex(name).handles());
        assertThat(decode(cls, MemorySegment.ofArray(encoder.toByteArray()), 0, encoder.handles())).isEqualTo(value)
                .hasSameHashCodeAs(value);
    }

    private static void checkMessage(String name, String type, MemorySegment bytes, List<Object> handles)
            throws Exception {
        String[] parts = type.split("[. ]");
        boolean response = parts[2].equals("response");
        InterfaceSchema iface = (InterfaceSchema) Class.forName("jmojo.golden." + parts[0]).getField("SCHEMA").get(null);
        MessageHeader header = response
                ? Validator.validateIncomingResponse(bytes, handles.size(), iface)
                : Validator.validateIncomingRequest(bytes, handles.size(), iface);
        Class<?> cls = Class.forName("jmojo.golden." + parts[0] + "$" + parts[1] + (response ? "ResponseParams" : "Params"));
        assertThat(Integer.toUnsignedLong(header.name())).isEqualTo(
                Integer.toUnsignedLong(Class.forName("jmojo.golden." + parts[0])
                        .getField(parts[1].replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT)
                                + "_ORDINAL").getInt(null)));
        Object value = decode(cls, bytes, header.payloadOffset(), handles);
        Encoder encoder = new Encoder();
        cls.getMethod("encode", Encoder.class).invoke(value, encoder);
        byte[] message = MessageBuilder.build(header.interfaceId(), header.name(), header.flags(), header.requestId(),
                encoder.toByteArray(), List.of());
        assertThat(message).as("message bytes of %s", value)
                .isEqualTo(bytes.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        assertThat(Golden.labels(encoder.handles())).isEqualTo(Golden.hex(name).handles());
    }

    private static Object decode(Class<?> cls, MemorySegment bytes, long at, List<?> handles) throws Exception {
        Method decode = cls.getMethod("decode", Decoder.class, long.class, List.class, List.class);
        try {
            return decode.invoke(null, new Decoder(bytes), at, handles, List.of());
        } catch (InvocationTargetException e) {
            throw new AssertionError("decode of " + cls.getName() + " failed", e.getCause());
        }
    }

    @Test
    void interfaceSchemas_ordinalsAndSync_fromMojom() {
        assertThat(Calc.SCHEMA.method(Calc.ECHO_ORDINAL)).hasValueSatisfying(m -> {
            assertThat(m.name()).isEqualTo("Echo");
            assertThat(m.hasResponse()).isTrue();
        });
        assertThat(Calc.ECHO_ORDINAL).isEqualTo(5);
        assertThat(Calc.SCHEMA.method(Calc.GET_ORDINAL).orElseThrow().sync()).isTrue();
        assertThat(Calc.SCHEMA.method(Calc.RESET_ORDINAL).orElseThrow().hasResponse()).isFalse();
        assertThat(Sink.PUSH_ORDINAL).isEqualTo(3);
        assertThat(Sink.VERSION).isEqualTo(1);
        assertThat(Sink.NAME).isEqualTo("jmojo.golden.Sink");
    }
}

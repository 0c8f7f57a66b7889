package org.jmojo.conformance.generated;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Locale;
import jmojo.golden.Calc;
import jmojo.golden.Sink;
import org.jmojo.bindings.runtime.Codecs;
import org.jmojo.bindings.runtime.InterfaceSchema;
import org.jmojo.bindings.runtime.MessageBuilder;
import org.jmojo.bindings.runtime.MessageHeader;
import org.jmojo.bindings.runtime.StructCodec;
import org.jmojo.bindings.runtime.Validator;
import org.jmojo.system.Message;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every golden case through the classes generated from {@code golden.mojom}: the golden bytes pass
 * the validator with the generated schema (for messages: the generated interface schema), the
 * generated {@code deserialize} (for messages: the parameter struct's checking decoder, as the
 * interface message path decodes) reads them, and {@code serialize} writes exactly the golden bytes
 * and attaches the handles in the golden order. {@link GoldenValuesTest} checks a representative
 * subset against values written in Java, so a decoder and encoder that agree on a wrong reading
 * cannot pass both.
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
        List<LabelHandle> handles = Golden.handles(name);
        if (type.endsWith(" request") || type.endsWith(" response")) {
            checkMessage(name, type, bytes, handles);
            return;
        }
        StructCodec<?> codec = Codecs.struct(Class.forName("jmojo.golden." + type));
        Validator.validateStruct(bytes, handles.size(), codec.schema());
        reencode(name, codec, bytes, handles);
    }

    private static <T> void reencode(String name, StructCodec<T> codec, MemorySegment bytes, List<LabelHandle> handles)
            throws Exception {
        T value = codec.deserialize(bytes, handles);
        Message encoded = codec.serialize(value);
        assertThat(encoded.bytes()).as("bytes of %s", value).isEqualTo(bytes.toArray(ValueLayout.JAVA_BYTE));
        assertThat(LabelHandle.labels(encoded.handles())).isEqualTo(Golden.hex(name).handles());
        assertThat(codec.deserialize(MemorySegment.ofArray(encoded.bytes()), encoded.handles())).isEqualTo(value)
                .hasSameHashCodeAs(value);
    }

    private static void checkMessage(String name, String type, MemorySegment bytes, List<LabelHandle> handles)
            throws Exception {
        String[] parts = type.split("[. ]");
        boolean response = parts[2].equals("response");
        Class<?> iface = Class.forName("jmojo.golden." + parts[0]);
        InterfaceSchema schema = (InterfaceSchema) iface.getField("SCHEMA").get(null);
        MessageHeader header = response
                ? Validator.validateIncomingResponse(bytes, handles.size(), schema)
                : Validator.validateIncomingRequest(bytes, handles.size(), schema);
        String ordinal = parts[1].replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT) + "_ORDINAL";
        assertThat(Integer.toUnsignedLong(header.name())).isEqualTo(Integer.toUnsignedLong(iface.getField(ordinal)
                .getInt(null)));
        StructCodec<?> params = Codecs.struct(Class.forName(iface.getName() + "$" + parts[1]
                + (response ? "ResponseParams" : "Params")));
        reencodeMessage(name, header, params, bytes, handles);
    }

    private static <T> void reencodeMessage(String name, MessageHeader header, StructCodec<T> params,
            MemorySegment bytes, List<LabelHandle> handles) throws Exception {
        T value = MessageBuilder.decodeParams(bytes, header, handles, params);
        Message message = MessageBuilder.build(header.interfaceId(), header.name(), header.flags(), header.requestId(),
                params, value);
        assertThat(message.bytes()).as("message bytes of %s", value).isEqualTo(bytes.toArray(ValueLayout.JAVA_BYTE));
        assertThat(LabelHandle.labels(message.handles())).isEqualTo(Golden.hex(name).handles());
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
        assertThat(Sink.DESCRIPTOR.name()).isEqualTo(Sink.NAME);
        assertThat(Sink.DESCRIPTOR.version()).isEqualTo(Sink.VERSION);
        assertThat(Sink.DESCRIPTOR.type()).isEqualTo(Sink.class);
    }
}

package org.jmojo.conformance.generated;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jmojo.bindings.ValidationException;
import org.jmojo.bindings.runtime.Codecs;
import org.jmojo.bindings.runtime.InterfaceSchema;
import org.jmojo.bindings.runtime.MessageBuilder;
import org.jmojo.bindings.runtime.MessageHeader;
import org.jmojo.bindings.runtime.MethodSchema;
import org.jmojo.bindings.runtime.StructCodec;
import org.jmojo.bindings.runtime.StructSchema;
import org.jmojo.bindings.runtime.Validator;
import org.jmojo.conformance.DataFile;
import org.jmojo.conformance.ValidationCases;
import org.jmojo.system.Message;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every validation case of {@code chromium/validation} ({@link org.jmojo.conformance.ChromiumData}) (interfaces generated into
 * {@code mojo.test}) and of {@code src/test/resources/extra-validation} (generated into
 * {@code extra}), run through the interface message path with the generated validating decoders:
 * the header validator and the method checks, then the payload decoded by the generated parameter
 * struct's codec ({@link MessageBuilder#decodeParams}) instead of the schema-driven
 * {@link Validator} walk. Each must give the case's expected answer, which is also the validator's;
 * a message both accept re-encodes to one that decodes to the same value.
 */
class GeneratedValidatingDecoderTest {

    @TestFactory
    List<DynamicTest> chromiumValidationCase_generatedValidatingDecoder_expectedAnswer() throws IOException {
        List<DynamicTest> tests = cases(Golden.dir().getParent().resolve("validation"), "mojo.test");
        assertThat(tests).hasSizeGreaterThanOrEqualTo(85);
        return tests;
    }

    @TestFactory
    List<DynamicTest> extraValidationCase_generatedValidatingDecoder_expectedAnswer()
            throws IOException, URISyntaxException {
        Path dir = Path.of(GeneratedValidatingDecoderTest.class.getResource("/extra-validation").toURI());
        List<DynamicTest> tests = cases(dir, "extra");
        assertThat(tests).hasSizeGreaterThanOrEqualTo(11);
        return tests;
    }

    private static List<DynamicTest> cases(Path dir, String javaPackage) throws IOException {
        List<Path> dataFiles;
        try (Stream<Path> files = Files.list(dir)) {
            dataFiles = files.filter(p -> p.getFileName().toString().endsWith(".data")).sorted().toList();
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Path data : dataFiles) {
            String file = data.getFileName().toString();
            String name = file.substring(0, file.length() - ".data".length());
            String expected = ValidationCases.readExpected(dir.resolve(name + ".expected"));
            for (ValidationCases.Chain chain : ValidationCases.chainsFor(name)) {
                tests.add(DynamicTest.dynamicTest(name + " " + chain.direction() + " expects " + expected, () -> {
                    DataFile parsed = DataFile.parse(Files.readString(data, StandardCharsets.UTF_8));
                    Class<?> iface = Class.forName(javaPackage + "." + chain.interfaceName());
                    InterfaceSchema schema = (InterfaceSchema) iface.getField("SCHEMA").get(null);
                    assertThat(ValidationCases.validate(parsed, schema, chain.direction())).isEqualTo(expected);
                    assertThat(generated(parsed, iface, schema, chain.direction())).isEqualTo(expected);
                }));
            }
        }
        return tests;
    }

    /** The generated path's answer: {@code PASS} or the first error's name. */
    private static String generated(DataFile data, Class<?> iface, InterfaceSchema schema,
            ValidationCases.Direction direction) {
        MemorySegment message = MemorySegment.ofArray(data.bytes());
        List<LabelHandle> handles = new ArrayList<>();
        for (int i = 0; i < data.handleCount(); i++) {
            handles.add(new LabelHandle("handle " + i));
        }
        try {
            MessageHeader header = Validator.validateHeader(message);
            if (header.isControlMessage()) {
                return "PASS";
            }
            MethodSchema method = direction == ValidationCases.Direction.REQUEST
                    ? Validator.requestMethod(header, schema)
                    : Validator.responseMethod(header, schema);
            StructSchema params = direction == ValidationCases.Direction.REQUEST ? method.request() : method.response();
            roundTrip(message, header, handles, paramsCodec(iface, params));
            return "PASS";
        } catch (ValidationException e) {
            return e.error().name();
        }
    }

    /**
     * Decodes the parameters as a receiver would ({@link MessageBuilder#decodeParams}); a value it
     * accepts must re-encode ({@link MessageBuilder#build}) to a message that decodes to it again.
     */
    private static <T> void roundTrip(MemorySegment message, MessageHeader header, List<LabelHandle> handles,
            StructCodec<T> codec) throws ValidationException {
        T value = MessageBuilder.decodeParams(message, header, handles, codec);
        Message again = MessageBuilder.build(header.interfaceId(), header.name(), header.flags(), header.requestId(),
                codec, value);
        MemorySegment bytes = MemorySegment.ofArray(again.bytes());
        assertThat(MessageBuilder.decodeParams(bytes, Validator.validateHeader(bytes), again.handles(), codec))
                .isEqualTo(value);
    }

    /** The codec of the generated nested parameter class of {@code iface} whose schema is {@code params}. */
    private static StructCodec<?> paramsCodec(Class<?> iface, StructSchema params) {
        for (Class<?> nested : iface.getClasses()) {
            if (!nested.isEnum() && Codecs.struct(nested).schema().equals(params)) {
                return Codecs.struct(nested);
            }
        }
        throw new AssertionError("no generated parameter class of " + iface.getName() + " for " + params.name());
    }
}

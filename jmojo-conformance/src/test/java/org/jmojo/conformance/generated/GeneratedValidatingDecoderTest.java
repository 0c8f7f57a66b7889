package org.jmojo.conformance.generated;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jmojo.bindings.ValidationException;
import org.jmojo.bindings.runtime.Decoder;
import org.jmojo.bindings.runtime.InterfaceSchema;
import org.jmojo.bindings.runtime.MessageHeader;
import org.jmojo.bindings.runtime.MethodSchema;
import org.jmojo.bindings.runtime.StructSchema;
import org.jmojo.bindings.runtime.ValidatingReader;
import org.jmojo.bindings.runtime.Validator;
import org.jmojo.conformance.DataFile;
import org.jmojo.conformance.ValidationCases;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every validation case of {@code chromium/validation} ({@link org.jmojo.conformance.ChromiumData}) (interfaces generated into
 * {@code mojo.test}) and of {@code src/test/resources/extra-validation} (generated into
 * {@code extra}), run through the generated validating decoders: the header validator and the
 * method checks, then the payload's {@code decode(ValidatingReader, ...)} of the generated
 * parameter class instead of the schema-driven {@link Validator} walk. Each must give the case's
 * expected answer, which is also the validator's; a case the validator accepts must decode to the
 * same value as the trusted decoder gives.
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
            ValidationCases.Direction direction) throws ReflectiveOperationException {
        MemorySegment message = MemorySegment.ofArray(data.bytes());
        List<Object> handles = new ArrayList<>();
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
            Class<?> type = paramsClass(iface, params);
            List<Object> associated = interfaceIds(message, header);
            Method checked = type.getMethod("decode", ValidatingReader.class, long.class, List.class, List.class);
            Object value = invoke(checked, ValidatingReader.forPayload(message, header, handles.size()),
                    header.payloadOffset(), handles, associated);
            Method trusted = type.getMethod("decode", Decoder.class, long.class, List.class, List.class);
            assertThat(value).isEqualTo(invoke(trusted, new Decoder(message), header.payloadOffset(), handles,
                    associated));
            return "PASS";
        } catch (ValidationException e) {
            return e.error().name();
        }
    }

    private static Object invoke(Method decode, Object reader, long at, List<?> handles, List<?> associated)
            throws ValidationException, IllegalAccessException {
        try {
            return decode.invoke(null, reader, at, handles, associated);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof ValidationException v) {
                throw v;
            }
            throw new AssertionError("decode threw " + e.getCause(), e.getCause());
        }
    }

    /** The generated nested class whose {@code SCHEMA} is {@code params}. */
    private static Class<?> paramsClass(Class<?> iface, StructSchema params) throws IllegalAccessException {
        for (Class<?> nested : iface.getClasses()) {
            for (java.lang.reflect.Field f : nested.getFields()) {
                if (f.getName().equals("SCHEMA") && f.get(null) instanceof StructSchema s && s.equals(params)) {
                    return nested;
                }
            }
        }
        throw new AssertionError("no generated parameter class of " + iface.getName() + " for " + params.name());
    }

    /** The payload interface IDs of a header that has passed the header validator. */
    private static List<Object> interfaceIds(MemorySegment message, MessageHeader header) {
        List<Object> ids = new ArrayList<>();
        if (header.interfaceIdsOffset() != 0) {
            Decoder d = new Decoder(message);
            long n = d.getUInt32(header.interfaceIdsOffset() + 4);
            for (long i = 0; i < n; i++) {
                ids.add(d.getUInt32(header.interfaceIdsOffset() + 8 + 4 * i));
            }
        }
        return ids;
    }
}

package org.jmojo.conformance.generated;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jmojo.bindings.runtime.InterfaceSchema;
import org.jmojo.bindings.runtime.StructSchema;
import org.jmojo.conformance.CaseResult;
import org.jmojo.conformance.ConformanceCase;
import org.jmojo.conformance.SchemaResolver;
import org.jmojo.conformance.ValidationCases;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every Chromium validation case of {@code chromium/validation} ({@link org.jmojo.conformance.ChromiumData}), validated against the
 * {@code SCHEMA} constants of the interfaces generated from the conformance {@code .mojom} files
 * (package {@code mojo.test}) instead of the schemas the runner derives from the compiler model:
 * the generated descriptors must give Chromium's answer every time.
 */
class GeneratedSchemaValidationTest {

    /** Resolves interface names to the generated classes' schemas. */
    private static final SchemaResolver GENERATED = new SchemaResolver() {
        @Override
        public Optional<InterfaceSchema> iface(String name) {
            String simple = name.substring(name.lastIndexOf('.') + 1);
            try {
                return Optional.of((InterfaceSchema) Class.forName("mojo.test." + simple).getField("SCHEMA").get(null));
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("no generated interface mojo.test." + simple, e);
            }
        }

        @Override
        public Optional<StructSchema> struct(String name) {
            throw new UnsupportedOperationException("validation cases only look up interfaces, not " + name);
        }
    };

    @TestFactory
    List<DynamicTest> validationCase_generatedInterfaceSchema_expectedVerdict() throws IOException {
        Path chromium = Golden.dir().getParent();
        List<ConformanceCase> cases = new ArrayList<>(ValidationCases.discover(chromium.resolve("validation"), GENERATED));
        assertThat(cases).hasSizeGreaterThanOrEqualTo(84);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name() + " expects " + c.expected(), () -> {
            CaseResult r = c.run();
            assertThat(r.got()).as(r.line()).isEqualTo(r.want());
        })).toList();
    }
}

package org.jmojo.mojom.pack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jmojo.mojom.MojomCompiler;
import org.jmojo.mojom.TestFiles;
import org.jmojo.mojom.model.CompilationResult;
import org.jmojo.mojom.model.InterfaceDef;
import org.jmojo.mojom.model.Method;
import org.jmojo.mojom.model.MojomType;
import org.jmojo.mojom.model.StructDef;
import org.jmojo.mojom.model.StructField;
import org.jmojo.mojom.model.VersionInfo;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every validation case that Chromium accepts ({@code .expected} is {@code PASS}) carries a
 * parameter struct whose header Chromium's validator checked against its version table; ours
 * must accept the same header (docs/wire-format.md §12.4), and so must the structs its struct-typed
 * parameters point to (found through the parameters' packed offsets). The method ordinal in the
 * message header must name a method of the interface the case is written against.
 */
class ValidationDataLayoutTest {

    private record Suite(String prefix, String iface, boolean response) {}

    private static final List<Suite> SUITES = List.of(
            new Suite("conformance_", "ConformanceTestInterface", false),
            new Suite("associated_conformance_", "AssociatedConformanceTestInterface", false),
            new Suite("boundscheck_", "BoundsCheckTestInterface", false),
            new Suite("resp_conformance_", "ConformanceTestInterface", true),
            new Suite("resp_boundscheck_", "BoundsCheckTestInterface", true),
            new Suite("integration_intf_rqst", "IntegrationTestInterface", false),
            new Suite("integration_intf_resp", "IntegrationTestInterface", true));

    @TestFactory
    List<DynamicTest> passingCase_paramsHeader_matchesVersionTable() throws IOException {
        Path conf = TestFiles.conformanceDir();
        CompilationResult r = MojomCompiler.compile(
                List.of(conf.resolve("validation_test_interfaces.mojom"),
                        conf.resolve("validation_test_associated_interfaces.mojom")),
                List.of(), Set.of());
        assertThat(r.errors()).isEmpty();
        List<Path> passing;
        try (Stream<Path> s = Files.list(conf.resolve("validation"))) {
            passing = s.filter(p -> p.toString().endsWith(".data"))
                    .filter(p -> TestFiles.read(TestFiles.sibling(p, ".expected")).strip().equals("PASS"))
                    .sorted().toList();
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Path data : passing) {
            String name = data.getFileName().toString();
            Suite suite = SUITES.stream().filter(x -> name.startsWith(x.prefix())).findFirst().orElse(null);
            if (suite == null) {
                continue;
            }
            InterfaceDef iface = r.iface("mojo.test." + suite.iface());
            tests.add(DynamicTest.dynamicTest(name, () -> check(r, data, iface, suite.response())));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(20);
        return tests;
    }

    private static void check(CompilationResult r, Path data, InterfaceDef iface, boolean response) {
        ByteBuffer b = ByteBuffer.wrap(DataFile.parse(TestFiles.read(data))).order(ByteOrder.LITTLE_ENDIAN);
        int headerVersion = b.getInt(4);
        int payload = headerVersion >= 2 ? 32 + (int) b.getLong(32) : b.getInt(0);
        Method m = iface.methodByOrdinal(b.getInt(12)).orElseThrow();
        StructDef params = response ? m.response().orElseThrow() : m.params();
        checkHeader(b, payload, params);
        // One level down: structs the parameters point to carry headers checked the same way.
        for (StructField f : params.fields()) {
            if (f.type() instanceof MojomType.StructRef ref && b.getLong(payload + f.offset()) != 0) {
                int target = payload + f.offset() + (int) b.getLong(payload + f.offset());
                checkHeader(b, target, r.struct(ref.fullName()));
            }
        }
    }

    private static void checkHeader(ByteBuffer b, int at, StructDef params) {
        int numBytes = b.getInt(at);
        int version = b.getInt(at + 4);
        List<VersionInfo> table = params.versions();
        if (version <= table.getLast().version()) {
            VersionInfo row = table.stream().filter(v -> v.version() <= version).reduce((x, y) -> y).orElseThrow();
            assertThat(params.versionRowFor(version)).isEqualTo(row);
            assertThat(numBytes).as(params.fullName() + " v" + version).isEqualTo(row.numBytes());
        } else {
            assertThat(numBytes).isGreaterThanOrEqualTo(table.getLast().numBytes());
        }
    }
}

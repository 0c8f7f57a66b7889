package org.jmojo.mojom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jmojo.mojom.model.CompilationResult;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The index of Chromium's mojom rules that jmojom checks, {@code chromium-rules.txt}: each rule
 * names at least one case it accepts ({@code accepted/}) and one it rejects ({@code errors/}),
 * and says where jmojo deliberately differs. This test holds the index to the cases: every case
 * named exists and goes the way the index says, and every accepted case belongs to a rule. (The
 * exact diagnostics of each case are checked by {@link AcceptedCasesTest} and
 * {@link ErrorCasesTest}.)
 */
class ChromiumRulesTest {

    /** One rule of the index. */
    record Rule(String id, String source, String text, List<String> accepted, List<String> rejected,
            List<String> differences) {}

    static List<Rule> rules() {
        Path index = TestFiles.resourceDir("accepted").resolveSibling("chromium-rules.txt");
        List<Rule> rules = new ArrayList<>();
        Rule current = null;
        for (String line : TestFiles.read(index).lines().toList()) {
            if (line.startsWith("RULE ")) {
                String[] parts = line.substring(5).split(" \\| ", 3);
                current = new Rule(parts[0], parts[1], parts[2], new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
                rules.add(current);
            } else if (line.startsWith("  + ")) {
                current.accepted().add(line.substring(4));
            } else if (line.startsWith("  - ")) {
                current.rejected().add(line.substring(4));
            } else if (line.startsWith("  ! ")) {
                current.differences().add(line.substring(4));
            }
        }
        return rules;
    }

    @Test
    void index_everyRuleTestedBothWays_everyAcceptedCaseIndexed() {
        List<Rule> rules = rules();
        assertThat(rules).hasSizeGreaterThanOrEqualTo(50);
        Set<String> ids = new HashSet<>();
        Set<String> indexedAccepted = new HashSet<>();
        for (Rule r : rules) {
            assertThat(ids.add(r.id())).as("rule id %s is unique", r.id()).isTrue();
            assertThat(r.accepted()).as("accepted cases of %s", r.id()).isNotEmpty();
            assertThat(r.rejected()).as("rejected cases of %s", r.id()).isNotEmpty();
            indexedAccepted.addAll(r.accepted());
        }
        List<String> acceptedFiles = TestFiles.mojomFiles(TestFiles.resourceDir("accepted")).stream()
                .map(p -> p.getFileName().toString().replace(".mojom", "")).toList();
        assertThat(indexedAccepted).containsExactlyInAnyOrderElementsOf(acceptedFiles);
    }

    @TestFactory
    List<DynamicTest> rule_acceptedCasesCompile_rejectedCasesFail() {
        Path accepted = TestFiles.resourceDir("accepted");
        Path errors = TestFiles.resourceDir("errors");
        return rules().stream().map(r -> DynamicTest.dynamicTest(r.id(), () -> {
            for (String c : r.accepted()) {
                Path f = accepted.resolve(c + ".mojom");
                assertThat(Files.isRegularFile(f)).as("%s exists", f).isTrue();
                assertThat(AcceptedCasesTest.compile(accepted, f).errors()).as("%s: %s", r.id(), c).isEmpty();
            }
            for (String c : r.rejected()) {
                Path f = errors.resolve(c + ".mojom");
                assertThat(Files.isRegularFile(f)).as("%s exists", f).isTrue();
                CompilationResult result = MojomCompiler.compile(List.of(f), List.of(errors), Set.of());
                assertThat(result.errors()).as("%s: %s", r.id(), c).isNotEmpty();
            }
        })).collect(Collectors.toList());
    }
}

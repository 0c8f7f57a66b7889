package org.jmojo.mojom.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz test of the whole compiler, generation included ({@link CompilerFuzzTarget}).
 *
 * <p>In a normal test run Jazzer replays the inputs in
 * {@code src/test/resources/org/jmojo/mojom/fuzz/CompilerFuzzTestInputs} (regression mode); the
 * bounded seeded run that executes in every build is {@link CompilerMutationTest}. With
 * {@code JAZZER_FUZZ=1} Jazzer fuzzes with coverage feedback from jmojom's instrumented classes;
 * the command is in {@code src/test/resources/fuzz/README.md}.
 */
class CompilerFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void compiler_anyInput_compilesToJavaOrReportsLocatedErrors(byte[] input) {
        CompilerFuzzTarget.check(input);
    }
}

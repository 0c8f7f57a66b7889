package org.jmojo.conformance.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz test of the validator chain ({@link ValidatorFuzzTarget}).
 *
 * <p>In a normal test run Jazzer only replays its seed inputs (regression mode); the bounded
 * generated run that executes in every build is {@link ValidatorPropertyTest}. With
 * {@code JAZZER_FUZZ=1} Jazzer fuzzes with coverage feedback from jmojo's instrumented classes
 * (the pom sets {@code jazzer.instrument}); the command is in
 * {@code src/test/resources/fuzz/README.md}.
 */
class ValidatorFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void validator_anyInput_acceptsOrThrowsValidationExceptionAndRoundTrips(byte[] input) {
        ValidatorFuzzTarget.check(input);
    }
}

package org.jmojo.conformance.fuzz;

import com.code_intelligence.jazzer.api.Jazzer;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.jmojo.bindings.ValidationError;

/**
 * Jazzer fuzz test of the validator chain ({@link ValidatorFuzzTarget}).
 *
 * <p>In a normal test run Jazzer only replays its seed inputs (regression mode); the bounded
 * generated run that executes in every build is {@link ValidatorPropertyTest}. How to fuzz for
 * real, and why {@code JAZZER_INSTRUMENT} must be set, is in
 * {@code src/test/resources/fuzz/README.md}.
 *
 * <p>Jazzer 0.24.0 bundles an ASM that reads class files up to Java 23, so it cannot add coverage
 * instrumentation to jmojo's Java 25 classes. Without feedback libFuzzer keeps no input but the
 * first and mutates blindly; the verdicts of the validator (error kind and offset bucket per
 * chain, accepted method ordinals) are therefore fed to it with {@link Jazzer#exploreState} as a
 * coarse substitute for coverage: an input that fails later in a message, or with a new error, is
 * new to the fuzzer.
 */
class ValidatorFuzzTest {

    private static final int IDS_PER_CHAIN = 64;
    private static final int ACCEPTED_ID = ValidationError.values().length;

    @FuzzTest(maxDuration = "10m")
    void validator_anyInput_acceptsOrThrowsValidationExceptionAndRoundTrips(byte[] input) {
        ValidatorFuzzTarget.check(input, (chain, error, offset, method) -> {
            if (error == null) {
                Jazzer.exploreState((byte) method, chain * IDS_PER_CHAIN + ACCEPTED_ID);
            } else {
                Jazzer.exploreState((byte) Math.min(offset / 4, 255), chain * IDS_PER_CHAIN + error.ordinal());
            }
        });
    }
}

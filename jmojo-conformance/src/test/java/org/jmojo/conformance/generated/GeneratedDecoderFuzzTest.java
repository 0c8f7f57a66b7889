package org.jmojo.conformance.generated;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz test of the generated validating decoders against the {@link
 * org.jmojo.bindings.runtime.Validator} ({@link GeneratedDecoderFuzzTarget}).
 *
 * <p>In a normal test run Jazzer only replays its own inputs directory (regression mode); the seeds
 * and a bounded mutation run go through the target in every build in
 * {@link GeneratedDecoderFuzzTargetTest}. With {@code JAZZER_FUZZ=1} Jazzer fuzzes with coverage
 * feedback from jmojo's instrumented classes; the command is in
 * {@code src/test/resources/fuzz/README.md}.
 */
class GeneratedDecoderFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void generatedDecoder_anyInput_agreesWithValidatorAndRoundTrips(byte[] input) {
        GeneratedDecoderFuzzTarget.check(input);
    }
}

package org.jmojo.conformance.bindings;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz test of real services through the bindings ({@link HubServiceFuzzTarget}): programs of
 * calls with random arguments, associated interfaces, handles and a hostile client; only typed errors
 * may result.
 *
 * <p>In a normal test run Jazzer only replays its own inputs directory (regression mode);
 * {@link HubServiceFuzzTargetTest} runs fixed-seed random programs in every build. With
 * {@code JAZZER_FUZZ=1} Jazzer fuzzes with coverage feedback; the command is in
 * {@code src/test/resources/fuzz/README-service.md}.
 */
class HubServiceFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void services_anyProgramOfCalls_onlyTypedErrors(byte[] input) {
        HubServiceFuzzTarget.run(input);
    }
}

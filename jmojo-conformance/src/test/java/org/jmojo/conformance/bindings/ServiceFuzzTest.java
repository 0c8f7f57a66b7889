package org.jmojo.conformance.bindings;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz test of a service through its generated binding ({@link ServiceFuzzTarget}). In a
 * normal build Jazzer replays its inputs (regression mode) and {@link ServiceFuzzTargetTest} runs
 * seeded sequences; with {@code JAZZER_FUZZ=1} Jazzer drives the calls with coverage feedback.
 */
class ServiceFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void service_anySequenceOfCalls_onlyTypedOutcomes(FuzzedDataProvider data) throws Exception {
        ServiceFuzzTarget.check(new ServiceFuzzTarget.Choices() {
            @Override
            public int pick(int min, int max) {
                return data.consumeInt(min, max);
            }

            @Override
            public long seed() {
                return data.consumeLong();
            }

            @Override
            public boolean coin() {
                return data.consumeBoolean();
            }
        });
    }
}

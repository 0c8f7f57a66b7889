package org.jmojo.conformance.bindings;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The part of the service fuzz property ({@link HubServiceFuzzTarget}) that runs in every build:
 * fixed-seed random programs, each long enough to reach every kind of step. Coverage-guided fuzzing
 * is {@link HubServiceFuzzTest} with {@code JAZZER_FUZZ=1}.
 */
class HubServiceFuzzTargetTest {

    private static final long SEED = 0x5E41_1CE5L;
    private static final int PROGRAMS = 60;

    @Test
    void random_programs_of_calls_end_only_in_typed_outcomes() {
        Random random = new Random(SEED);
        for (int i = 0; i < PROGRAMS; i++) {
            byte[] program = new byte[64 + random.nextInt(400)];
            random.nextBytes(program);
            HubServiceFuzzTarget.run(program);
        }
    }

    @Test
    void every_kind_of_step_once_in_order() {
        byte[] program = new byte[16 * 12];
        for (int step = 0; step < 16; step++) {
            program[step * 12] = (byte) step;
            program[step * 12 + 1] = 1;
            program[step * 12 + 2] = 3;
        }
        HubServiceFuzzTarget.run(program);
    }
}

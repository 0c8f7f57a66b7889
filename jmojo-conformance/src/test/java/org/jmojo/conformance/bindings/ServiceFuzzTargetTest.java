package org.jmojo.conformance.bindings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jmojo.bindings.DisconnectReason;
import org.junit.jupiter.api.Test;

/**
 * {@link ServiceFuzzTarget} in every build: fixed-seed sequences of calls, which must reach both
 * outcomes the property allows (every call answered; the pipe closed with a typed reason).
 */
class ServiceFuzzTargetTest {

    private static final int RUNS = 300;

    @Test
    void seeded_sequences_of_calls_only_typed_outcomes() throws Exception {
        Random random = new Random(0x5E2_F1CEL);
        ServiceFuzzTarget.Choices choices = new ServiceFuzzTarget.Choices() {
            @Override
            public int pick(int min, int max) {
                return min + random.nextInt(max - min + 1);
            }

            @Override
            public long seed() {
                return random.nextLong();
            }

            @Override
            public boolean coin() {
                return random.nextInt(4) == 0; // mostly well-formed calls, so sequences get long
            }
        };
        List<ServiceFuzzTarget.Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            outcomes.add(ServiceFuzzTarget.check(choices));
        }
        assertThat(outcomes).as("runs whose every call was answered")
                .anyMatch(o -> o.closed() == null && o.expected() > 0 && o.responses() == o.expected());
        assertThat(outcomes).as("runs refused as invalid after a changed byte")
                .anyMatch(o -> o.closed() != null && o.closed().kind() == DisconnectReason.Kind.VALIDATION_FAILED);
        assertThat(outcomes).as("runs closed with a reason a hostile message or a failing implementation gives")
                .allMatch(o -> o.closed() == null || List.of(DisconnectReason.Kind.VALIDATION_FAILED,
                        DisconnectReason.Kind.PROTOCOL_ERROR, DisconnectReason.Kind.IMPLEMENTATION_FAILED)
                        .contains(o.closed().kind()));
    }
}

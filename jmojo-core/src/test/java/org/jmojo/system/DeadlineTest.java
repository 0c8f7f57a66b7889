package org.jmojo.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link Deadline} at its edges; {@code SignalsTest.deadline_kinds} has the ordinary cases. */
class DeadlineTest {
    @Test
    void after_theLongestCountableTimeout_finite_andCountsFromItsFullLength() {
        // Long.MAX_VALUE ns (292 years): now + timeout wraps around, and the deadline must still count
        // down from the full timeout rather than be taken as passed or as infinite.
        Deadline d = Deadline.after(Duration.ofNanos(Long.MAX_VALUE));

        assertThat(d.isInfinite()).isFalse();
        assertThat(d.remainingNanos()).isGreaterThan(Long.MAX_VALUE / 2);
    }

    @Test
    void toString_saysWhichKind_andTheTimeLeft() {
        assertThat(Deadline.INFINITE).hasToString("Deadline[INFINITE]");
        assertThat(Deadline.NONE).hasToString("Deadline[NONE]");
        assertThat(Deadline.after(Duration.ofHours(1)).toString()).matches("Deadline\\[in [0-9]+ ns\\]");
    }
}

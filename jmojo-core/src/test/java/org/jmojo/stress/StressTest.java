package org.jmojo.stress;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The randomized stress test of the system API, for a few hundred seeds (see {@link StressRun} for what
 * a seed does and checks). Longer runs by hand: {@code ./jmojo stress --seeds N [--from S]}; the system
 * properties {@code jmojo.stress.seeds} and {@code jmojo.stress.from} change this test's range.
 */
class StressTest {
    @Test
    void randomizedWorkload_everySeedPassesEveryCheck() {
        int seeds = Integer.getInteger("jmojo.stress.seeds", 400);
        long from = Long.getLong("jmojo.stress.from", 1);
        StressRunner.Summary s = new StressRunner(new LocalSystem(), System.out)
                .run(new StressRunner.Options(from, seeds, 1.0, 60, false));
        assertThat(s.failedSeeds()).as("failing seeds; the report:%n%s", s.report()).isEmpty();
        assertThat(s.hung()).isFalse();
        assertThat(s.seedsRun()).isEqualTo(seeds);
        // The workload really ran: messages were written and read, not only refused.
        assertThat(s.writes()).isGreaterThan(100L * seeds);
        assertThat(s.reads()).isGreaterThan(50L * seeds);
    }
}

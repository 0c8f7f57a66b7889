package org.jmojo.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchMainTest {
    @Test
    void coreSettings_noOption_defaultRounds() {
        assertThat(BenchMain.coreSettings("core")).isEqualTo(CoreBench.DEFAULT);
    }

    @Test
    void coreSettings_rounds_replacesOnlyTheRoundCount() {
        CoreBench.Settings s = BenchMain.coreSettings("core", "--rounds", "25");

        assertThat(s.rounds()).isEqualTo(25);
        assertThat(s.withRounds(CoreBench.DEFAULT.rounds())).isEqualTo(CoreBench.DEFAULT);
    }

    @Test
    void coreSettings_badArguments_errorNamingThem() {
        assertThatThrownBy(() -> BenchMain.coreSettings("core", "--rounds", "0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--rounds must be a positive integer: 0");
        assertThatThrownBy(() -> BenchMain.coreSettings("core", "--rounds", "ten"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--rounds must be a positive integer: ten");
        assertThatThrownBy(() -> BenchMain.coreSettings("core", "--rounds"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--rounds needs a count");
        assertThatThrownBy(() -> BenchMain.coreSettings("core", "--forks", "3"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown argument for core: --forks");
        assertThatThrownBy(() -> BenchMain.coreSettings("cor"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith(": cor");
    }

    @Test
    void transports_unknownName_illegalArgumentNamingIt() {
        assertThatThrownBy(() -> Transports.echo("zeromq"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown transport").hasMessageEndingWith(": zeromq");
    }

    @Test
    void transports_eachEchoesAndDrains_thenStops() {
        byte[] payload = {1, 2, 3};
        for (String t : List.of(Transports.JMOJO_PASSED, Transports.JMOJO, Transports.AGRONA, Transports.LTQ)) {
            try (Transports.Echo echo = Transports.echo(t)) {
                for (int i = 0; i < 100; i++) {
                    assertThat(echo.roundTrip(payload)).as(t).containsExactly(1, 2, 3);
                }
            }
            if (t.equals(Transports.JMOJO_PASSED)) {
                continue; // a round-trip-only variant
            }
            try (Transports.Sink sink = Transports.sink(t)) {
                for (int i = 0; i < 3 * Transports.WINDOW; i++) {
                    sink.send(payload);
                }
            }
        }
    }
}

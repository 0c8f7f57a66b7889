package org.jmojo.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpreadTest {
    @Test
    void of_oddCount_medianIsTheMiddleValueAndQuartilesInterpolate() {
        Spread s = Spread.of(List.of(5.0, 1.0, 4.0, 2.0, 3.0));

        assertThat(s).isEqualTo(new Spread(5, 1.0, 2.0, 3.0, 4.0, 5.0));
        assertThat(s.iqr()).isEqualTo(2.0);
    }

    @Test
    void of_evenCount_medianIsTheMeanOfTheMiddleTwo() {
        // Positions p × (n − 1) = 0.75, 1.5, 2.25 in the sorted 1, 2, 4, 8.
        Spread s = Spread.of(List.of(8.0, 2.0, 1.0, 4.0));

        assertThat(s.median()).isEqualTo(3.0);
        assertThat(s.q1()).isCloseTo(1.75, within(1e-12));
        assertThat(s.q3()).isCloseTo(5.0, within(1e-12));
        assertThat(s.min()).isEqualTo(1.0);
        assertThat(s.max()).isEqualTo(8.0);
        assertThat(s.count()).isEqualTo(4);
    }

    @Test
    void of_oneValue_everyFigureIsIt() {
        assertThat(Spread.of(List.of(2.5))).isEqualTo(new Spread(1, 2.5, 2.5, 2.5, 2.5, 2.5));
        assertThat(Spread.median(List.of(2.5))).isEqualTo(2.5);
    }

    @Test
    void of_outlier_medianAndQuartilesUnmoved() {
        Spread calm = Spread.of(List.of(1.0, 1.1, 1.2, 1.3, 1.4));
        Spread spiked = Spread.of(List.of(1.0, 1.1, 1.2, 1.3, 40.0));

        assertThat(spiked.median()).isEqualTo(calm.median());
        assertThat(spiked.q1()).isEqualTo(calm.q1());
        assertThat(spiked.q3()).isEqualTo(calm.q3());
        assertThat(spiked.max()).isEqualTo(40.0);
    }

    @Test
    void of_emptyOrNotFinite_rejected() {
        assertThatThrownBy(() -> Spread.of(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no values to summarise");
        assertThatThrownBy(() -> Spread.of(List.of(1.0, Double.NaN))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> Spread.of(List.of(Double.POSITIVE_INFINITY)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Infinity");
    }

    @Test
    void of_doesNotReorderTheCallersList() {
        List<Double> values = new java.util.ArrayList<>(List.of(3.0, 1.0, 2.0));
        Spread.of(values);
        assertThat(values).containsExactly(3.0, 1.0, 2.0);
    }
}

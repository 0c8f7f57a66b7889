package org.jmojo.benchmarks;

import java.util.Arrays;
import java.util.List;

/**
 * The median and spread of a sample, such as one figure's per-round values: minimum, lower quartile,
 * median, upper quartile, maximum. Quartiles interpolate linearly between order statistics (the
 * usual "type 7" definition: the {@code p}-quantile of {@code n} sorted values sits at position
 * {@code p × (n − 1)}), so the median of an even count is the mean of the middle two.
 */
record Spread(int count, double min, double q1, double median, double q3, double max) {

    /**
     * The spread of {@code values}, which are not modified.
     *
     * @throws IllegalArgumentException if {@code values} is empty or holds NaN or an infinity
     */
    static Spread of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values to summarise");
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        for (double v : sorted) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("a value is not finite (" + v + ") in " + values);
            }
        }
        return new Spread(sorted.length, sorted[0], quantile(sorted, 0.25), quantile(sorted, 0.5),
                quantile(sorted, 0.75), sorted[sorted.length - 1]);
    }

    /** The median of {@code values}. */
    static double median(List<Double> values) {
        return of(values).median();
    }

    /** Upper quartile minus lower quartile. */
    double iqr() {
        return q3 - q1;
    }

    /** The {@code p}-quantile of ascending {@code sorted}, interpolated linearly. */
    private static double quantile(double[] sorted, double p) {
        double position = p * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    @Override
    public String toString() {
        return "Spread" + Arrays.toString(new double[] {min, q1, median, q3, max}) + " of " + count;
    }
}

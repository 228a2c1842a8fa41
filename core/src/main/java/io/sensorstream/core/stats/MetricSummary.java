package io.sensorstream.core.stats;

import java.util.Arrays;
import java.util.List;

/**
 * One metric's statistics in one window, frozen: what a window result publishes. NaN where a value does not exist
 * (the mean of no values, the rate of a single instant, a quantile without a sketch).
 *
 * @param quantiles one value per configured percentile, in the configured order; empty when none are kept
 */
public record MetricSummary(long count, double sum, double mean, double min, double max, double stddev, double first,
                            double last, double ratePerSecond, List<Double> quantiles) {

    public MetricSummary {
        quantiles = List.copyOf(quantiles);
    }

    /** The summary of a metric without values. */
    public static MetricSummary empty(int percentiles) {
        Double[] nan = new Double[percentiles];
        Arrays.fill(nan, Double.NaN);
        return new MetricSummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, List.of(nan));
    }
}

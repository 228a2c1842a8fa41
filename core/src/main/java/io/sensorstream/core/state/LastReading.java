package io.sensorstream.core.state;

import java.util.Arrays;

/**
 * A sensor's latest value per metric as the detector last saw it (event-time order), with each value's event time.
 * A metric missing from a reading keeps its earlier value.
 */
public final class LastReading {

    private final long[] times;
    private final double[] values;

    public LastReading(int metricCount) {
        times = new long[metricCount];
        values = new double[metricCount];
        Arrays.fill(times, Long.MIN_VALUE);
        Arrays.fill(values, Double.NaN);
    }

    public int metricCount() {
        return times.length;
    }

    /** Event time of the metric's last value, {@link Long#MIN_VALUE} before any. */
    public long time(int metric) {
        return times[metric];
    }

    public double value(int metric) {
        return values[metric];
    }

    public void set(int metric, long time, double value) {
        times[metric] = time;
        values[metric] = value;
    }

    /** The latest event time over all metrics. */
    public long latestTime() {
        long latest = Long.MIN_VALUE;
        for (long t : times) latest = Math.max(latest, t);
        return latest;
    }
}

package io.sensorstream.core.detect;

/**
 * z-score against the last N values: {@code |x − mean| / stddev > threshold}, mean and sample stddev of the window
 * (two-pass over the ring, so no cancellation). Example: window 60 of 20 ± 0.5, x 23 → z ≈ 6, anomalous with
 * threshold 4. Warm-up: until the window is full. Anomalous values do not enter the window.
 */
public final class RollingZScoreDetector extends RollingDetector {

    public RollingZScoreDetector(int window, double threshold, double minStddev) {
        super("z-score", window, threshold, minStddev);
    }

    @Override
    public String name() {
        return "zscore";
    }

    @Override
    public Assessment assess(WindowedDetector.Ring ring, double x, long t) {
        if (ring.size < window) {
            ring.add(x);
            return Assessment.WARMING_UP;
        }
        double mean = 0;
        for (int i = 0; i < ring.size; i++) mean += ring.values[i];
        mean /= ring.size;
        double ss = 0;
        for (int i = 0; i < ring.size; i++) ss += (ring.values[i] - mean) * (ring.values[i] - mean);
        double sd = Math.max(minSpread, Math.sqrt(ss / (ring.size - 1)));
        double z = Math.abs(x - mean) / sd;
        boolean anomalous = z > threshold;
        if (!anomalous) ring.add(x);
        return Assessment.of(anomalous, z, mean, mean - threshold * sd, mean + threshold * sd);
    }
}

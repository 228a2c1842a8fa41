package io.sensorstream.core.detect;

/**
 * z-score against the last N values: {@code |x − mean| / stddev > threshold}, mean and sample stddev of the window
 * (two-pass over the ring, so no cancellation). Example: window 60 of 20 ± 0.5, x 23 → z ≈ 6, anomalous with
 * threshold 4. Warm-up: until the window is full. Anomalous values do not enter the window.
 */
public final class RollingZScoreDetector implements Detector<WindowedDetector.Ring> {

    private final int window;
    private final double threshold;
    private final double minStddev;

    public RollingZScoreDetector(int window, double threshold, double minStddev) {
        if (window < 3) throw new IllegalArgumentException("z-score window must be >= 3, got " + window);
        if (!(threshold > 0)) throw new IllegalArgumentException("z threshold must be > 0, got " + threshold);
        this.window = window;
        this.threshold = threshold;
        this.minStddev = minStddev;
    }

    @Override
    public String name() {
        return "zscore";
    }

    @Override
    public WindowedDetector.Ring newState() {
        return new WindowedDetector.Ring(window);
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
        double sd = Math.max(minStddev, Math.sqrt(ss / (ring.size - 1)));
        double z = Math.abs(x - mean) / sd;
        boolean anomalous = z > threshold;
        if (!anomalous) ring.add(x);
        return Assessment.of(anomalous, z, mean, mean - threshold * sd, mean + threshold * sd);
    }
}
